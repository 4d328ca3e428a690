#include "jetsim/bench/measure.h"

#include <sched.h>
#include <unistd.h>

#include <boost/context/fiber.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <stdexcept>

#include "jetsim/scenarios/runner.h"
#include "jetsim/scenarios/scenario.h"
#include "jetsim/sim/scheduler.h"
#include "jetsim/sim/sim_platform.h"
#include "jetsim/sim/strategy.h"
#include "jetsim/sim/trace.h"

namespace jetsim::bench {

namespace {

using Clock = std::chrono::steady_clock;
namespace ctx = boost::context;

double Since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// One-way switches per second between the main stack and one fiber.
double RawSwitchNs(double seconds) {
  bool stop = false;
  ctx::fiber peer([&stop](ctx::fiber&& back) {
    while (!stop) back = std::move(back).resume();
    return std::move(back);
  });
  std::uint64_t round_trips = 0;
  const Clock::time_point start = Clock::now();
  double elapsed = 0;
  do {
    for (int i = 0; i < 4096; ++i) peer = std::move(peer).resume();
    round_trips += 4096;
    elapsed = Since(start);
  } while (elapsed < seconds);
  stop = true;
  peer = std::move(peer).resume();
  return elapsed * 1e9 / (2.0 * static_cast<double>(round_trips));
}

// Scheduler decisions (with their switches and trace hashing): two
// simulated threads yielding 1,000 times each, case after case.
double DecisionNs(double seconds) {
  std::uint64_t steps = 0;
  std::uint64_t seed = 0;
  const Clock::time_point start = Clock::now();
  double elapsed = 0;
  do {
    sim::Trace trace;
    sim::Scheduler scheduler(sim::MakeRandomStrategy(++seed), trace, 1'000'000'000);
    sim::SimPlatform platform(scheduler);
    for (int t = 0; t < 2; ++t) {
      scheduler.Spawn(t == 0 ? "a" : "b", [&platform] {
        for (int i = 0; i < 1000; ++i) platform.Yield(Site::kPibClaim);
      });
    }
    const sim::RunResult run = scheduler.Run();
    if (run.status != sim::CaseStatus::kCompleted)
      throw std::runtime_error("decision benchmark: " + run.detail);
    steps += run.steps;
    elapsed = Since(start);
  } while (elapsed < seconds);
  return elapsed * 1e9 / static_cast<double>(steps);
}

// dup-basic cases per second, seeds 1, 2, 3, ...
double CasesPerSecond(bool simulated, double seconds, double* decisions_per_case = nullptr) {
  scenarios::CaseOptions options;
  options.scenario = "dup-basic";
  std::uint64_t cases = 0;
  std::uint64_t steps = 0;
  const Clock::time_point start = Clock::now();
  double elapsed = 0;
  do {
    ++options.seed;
    const scenarios::CaseResult result =
        simulated ? scenarios::RunSimulatedCase(options) : scenarios::RunThreadedCase(options);
    if (!result.passed)
      throw std::runtime_error("a dup-basic case failed without a bug: " + scenarios::Summarize(result));
    ++cases;
    steps += result.steps;
    elapsed = Since(start);
  } while (elapsed < seconds);
  if (decisions_per_case != nullptr)
    *decisions_per_case = static_cast<double>(steps) / static_cast<double>(cases);
  return static_cast<double>(cases) / elapsed;
}

// The fail-Nth sweep of `mixed` (seed 1): every allocation failed in turn,
// transient and persistent, against the same number of plain cases.
double SweepRatio(std::uint64_t* rows_out) {
  scenarios::CaseOptions plain;
  plain.scenario = "mixed";
  plain.seed = 1;
  const scenarios::CaseResult first = scenarios::RunSimulatedCase(plain);
  const faults::FaultPlan base = first.plan;
  std::vector<scenarios::CaseOptions> rows;
  for (const faults::AllocMode mode : {faults::AllocMode::kTransient, faults::AllocMode::kPersistent}) {
    for (std::uint64_t n = 1; n <= first.allocations + 1; ++n) {
      scenarios::CaseOptions row = plain;
      faults::FaultPlan plan = base;
      faults::Fault fault;
      fault.kind = faults::FaultKind::kAlloc;
      fault.nth = n;
      fault.mode = mode;
      plan.faults.push_back(fault);
      row.plan = plan;
      rows.push_back(row);
    }
  }
  Clock::time_point start = Clock::now();
  for (const scenarios::CaseOptions& row : rows) (void)scenarios::RunSimulatedCase(row);
  const double sweep = Since(start);
  start = Clock::now();
  for (std::size_t i = 0; i < rows.size(); ++i) (void)scenarios::RunSimulatedCase(plain);
  const double singles = Since(start);
  *rows_out = rows.size();
  return sweep / singles;
}

double ResidentMiB() {
  std::ifstream statm("/proc/self/statm");
  std::uint64_t pages = 0;
  std::uint64_t resident = 0;
  statm >> pages >> resident;
  return static_cast<double>(resident) * static_cast<double>(::sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

// Runs campaign-like cases (every scenario, both profiles, in turn) up to
// `until` in total, continuing from `done`.
void RunCampaignCases(std::uint64_t& done, std::uint64_t until) {
  const auto all = scenarios::AllScenarios();
  for (; done < until; ++done) {
    scenarios::CaseOptions options;
    options.scenario = all[done % all.size()].name;
    options.profile = (done / all.size()) % 2 == 0 ? Profile::kDocumented : Profile::kEsent;
    options.seed = done + 1;
    (void)scenarios::RunSimulatedCase(options);
  }
}

struct Race {
  double seconds = 0;
  bool found = false;
};

// Wall clock until the first case with race.slot-claim armed fails.
Race HuntRace(bool simulated, double budget) {
  scenarios::CaseOptions options;
  options.scenario = "dup-basic";
  options.bugs = {"race.slot-claim"};
  const Clock::time_point start = Clock::now();
  Race race;
  while ((race.seconds = Since(start)) < budget) {
    ++options.seed;
    const scenarios::CaseResult result =
        simulated ? scenarios::RunSimulatedCase(options) : scenarios::RunThreadedCase(options);
    if (!result.passed) {
      race.seconds = Since(start);
      race.found = true;
      break;
    }
  }
  return race;
}

Figure Make(std::string id, std::string what, double value, std::string unit, std::string goal = "",
            std::optional<bool> met = std::nullopt) {
  Figure figure;
  figure.id = std::move(id);
  figure.what = std::move(what);
  figure.value = value;
  figure.unit = std::move(unit);
  figure.goal = std::move(goal);
  figure.met = met;
  return figure;
}

}  // namespace

std::vector<Figure> MeasureAll(const Options& options,
                               const std::function<void(const std::string&)>& progress) {
  // One core: the figures are per core, and the scheduler is single-threaded.
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(static_cast<int>(::sched_getcpu() < 0 ? 0 : ::sched_getcpu()), &one);
  (void)::sched_setaffinity(0, sizeof one, &one);

  std::vector<Figure> figures;
  progress("raw fiber switch");
  const double raw = RawSwitchNs(options.seconds);
  figures.push_back(Make("raw_switch_ns", "one-way Boost.Context fiber switch (the floor)", raw, "ns"));
  progress("scheduler decision");
  const double decision = DecisionNs(options.seconds);
  figures.push_back(
      Make("decision_ns", "one scheduler decision with its switch and trace hashing", decision, "ns"));
  figures.push_back(Make("decision_over_raw", "decision / raw switch", decision / raw, "ratio", "<= 3",
                         decision / raw <= 3));
  progress("dup-basic, simulated");
  double decisions_per_case = 0;
  const double sim_rate = CasesPerSecond(true, options.seconds, &decisions_per_case);
  figures.push_back(Make("sim_cases_per_s",
                         "dup-basic cases per second in the simulator (4 threads x 50 calls)", sim_rate,
                         "cases/s", ">= 50000", sim_rate >= 50000));
  figures.push_back(Make("decisions_per_case", "scheduling decisions in one dup-basic case",
                         decisions_per_case, "decisions"));
  progress("dup-basic, real threads");
  const double thread_rate = CasesPerSecond(false, options.seconds);
  figures.push_back(Make("threads_cases_per_s", "the same workload on real threads (no schedule exploration)",
                         thread_rate, "cases/s"));
  figures.push_back(Make("sim_over_threads", "simulator cases/s / real-thread cases/s",
                         sim_rate / thread_rate, "ratio", ">= 1", sim_rate / thread_rate >= 1));
  progress("fail-Nth sweep of mixed");
  std::uint64_t rows = 0;
  const double sweep = SweepRatio(&rows);
  figures.push_back(Make("sweep_over_single",
                         "fail-Nth sweep of mixed / (single case x " + std::to_string(rows) + ")", sweep,
                         "ratio", "<= 1.2", sweep <= 1.2));
  progress("resident memory over a campaign");
  std::uint64_t done = 0;
  RunCampaignCases(done, options.memory_small);
  const double small = ResidentMiB();
  RunCampaignCases(done, options.memory_large);
  const double large = ResidentMiB();
  figures.push_back(Make("rss_small_mib", "resident after " + std::to_string(options.memory_small) + " cases",
                         small, "MiB"));
  figures.push_back(Make("rss_large_mib", "resident after " + std::to_string(options.memory_large) + " cases",
                         large, "MiB"));
  figures.push_back(Make("rss_growth", "resident growth (large / small)", large / small, "ratio", "<= 1.1",
                         large / small <= 1.1));
  progress("race hunt");
  const Race simulated = HuntRace(true, options.race_budget);
  const Race threads = HuntRace(false, options.race_budget);
  Figure sim_find = Make("race_sim_s", "simulator: time to find race.slot-claim", simulated.seconds, "s");
  sim_find.censored = !simulated.found;
  figures.push_back(sim_find);
  Figure thread_find =
      Make("race_threads_s", "real threads: time to find race.slot-claim", threads.seconds, "s");
  thread_find.censored = !threads.found;
  figures.push_back(thread_find);
  Figure speedup = Make("race_speedup", "real-thread time / simulator time to find the race",
                        threads.seconds / std::max(simulated.seconds, 1e-9), "ratio", ">= 100");
  speedup.censored = !threads.found;  // then the ratio is a lower bound
  speedup.met = simulated.found && speedup.value >= 100;
  figures.push_back(speedup);
  return figures;
}

}  // namespace jetsim::bench
