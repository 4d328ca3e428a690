#include "sweep_command.h"

#include <chrono>
#include <iomanip>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "exit_codes.h"
#include "jetsim/faults/fault_plan.h"
#include "jetsim/scenarios/runner.h"
#include "jetsim/scenarios/scenario.h"
#include "options.h"

namespace jetsim::cli {

namespace {

struct SweepArgs {
  std::vector<std::string> scenarios;
  std::string seed = "1";
  std::string profile = "documented";
  std::string mode = "both";
  bool quiet = false;
  std::vector<std::string> bugs;
};

// What the first JetDupSession after the swept fault returned.
std::string DupResult(const scenarios::CaseResult& result, const std::string& fault_id) {
  if (scenarios::ClassifyFault(result, fault_id) == scenarios::Outcome::kNotFired) return "(not fired)";
  const std::optional<JET_ERR> first = scenarios::FirstDupAfter(result, fault_id);
  return first ? jet_err_name(*first) : "(no Dup after)";
}

// A row that fails the sweep: a property violation, or a bad class.
bool Bad(const scenarios::CaseResult& result, scenarios::Outcome outcome, Profile profile) {
  return outcome == scenarios::Outcome::kCrashed || outcome == scenarios::Outcome::kLeaked ||
         (profile == Profile::kDocumented && outcome == scenarios::Outcome::kUndocumented) ||
         !result.violations.empty();
}

int Sweep(const SweepArgs& args) {
  const Profile profile = ParseProfile(args.profile);
  const std::uint64_t seed = ParseSeed(args.seed);
  std::vector<faults::AllocMode> modes;
  if (args.mode == "transient" || args.mode == "both") modes.push_back(faults::AllocMode::kTransient);
  if (args.mode == "persistent" || args.mode == "both") modes.push_back(faults::AllocMode::kPersistent);
  if (modes.empty())
    throw std::invalid_argument("unknown mode " + faults::Quoted(args.mode) +
                                " (transient, persistent or both)");
  const std::vector<std::string> names = ParseScenarios(args.scenarios);

  const auto start = std::chrono::steady_clock::now();
  std::vector<std::uint64_t> site_hits(AllSites().size(), 0);
  std::uint64_t rows = 0;
  std::uint64_t bad_rows = 0;
  for (const std::string& name : names) {
    scenarios::CaseOptions options;
    options.scenario = name;
    options.seed = seed;
    options.profile = profile;
    options.bugs = args.bugs;
    // The scenario's own faults stay; each row adds one failing allocation.
    const faults::FaultPlan own = scenarios::FindScenario(name)->generate_plan(seed);
    options.plan = own;
    const scenarios::CaseResult baseline = scenarios::RunSimulatedCase(options);
    for (std::size_t i = 0; i < site_hits.size(); ++i) site_hits[i] += baseline.site_hits[i];
    std::cout << "sweep: " << name << "  seed " << seed << "  profile " << args.profile << "  faults";
    for (const faults::Fault& fault : own.faults) std::cout << ' ' << fault.Id();
    std::cout << (own.empty() ? " none" : "") << "  " << baseline.allocations << " allocations, so N = 1.."
              << baseline.allocations + 1 << '\n';
    if (!args.quiet)
      std::cout << "    N  mode        fault id                 first JetDupSession after    class\n";
    for (const faults::AllocMode mode : modes) {
      for (std::uint64_t n = 1; n <= baseline.allocations + 1; ++n) {
        faults::Fault fault;
        fault.kind = faults::FaultKind::kAlloc;
        fault.nth = n;
        fault.mode = mode;
        // The swept fault first: where it and one of the scenario's own
        // fail the same allocation, the row's fault is the one that fires.
        options.plan = faults::FaultPlan{{fault}};
        options.plan->faults.insert(options.plan->faults.end(), own.faults.begin(), own.faults.end());
        const scenarios::CaseResult result = scenarios::RunSimulatedCase(options);
        const std::string id = fault.Id();
        const scenarios::Outcome outcome = scenarios::ClassifyFault(result, id);
        for (std::size_t i = 0; i < site_hits.size(); ++i) site_hits[i] += result.site_hits[i];
        ++rows;
        const bool bad = Bad(result, outcome, profile);
        bad_rows += bad ? 1 : 0;
        if (!args.quiet || bad) {
          std::cout << std::setw(5) << n << "  " << std::left << std::setw(11)
                    << (mode == faults::AllocMode::kPersistent ? "persistent" : "transient") << ' '
                    << std::setw(24) << id << ' ' << std::setw(36) << DupResult(result, id) << ' '
                    << scenarios::NameOf(outcome) << std::right;
          if (bad) std::cout << "  <- " << scenarios::Summarize(result);
          std::cout << '\n';
        }
      }
    }
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "sites never reached:";
  bool any = false;
  for (const SiteInfo& info : AllSites()) {
    if (site_hits[static_cast<std::size_t>(info.site)] == 0) {
      std::cout << ' ' << info.name;
      any = true;
    }
  }
  std::cout << (any ? "" : " none") << '\n';
  std::cout << "sweep: " << rows << " rows, " << bad_rows
            << " failing (crashed, leaked, undocumented or a violated property), " << std::fixed
            << std::setprecision(2) << seconds << " s\n";
  return bad_rows == 0 ? kExitPass : kExitPropertyFailed;
}

}  // namespace

void AddSweepCommand(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<SweepArgs>();
  CLI::App* sweep = app.add_subcommand("sweep", "fail each allocation of a scenario in turn (fail-Nth)");
  sweep->add_option("--scenario", args->scenarios, "scenario name(s), or 'all'")->required();
  sweep->add_option("--seed", args->seed, "case seed (programs and schedule)")->capture_default_str();
  sweep->add_option("--profile", args->profile, "documented | esent")->capture_default_str();
  sweep->add_option("--mode", args->mode, "transient | persistent | both")->capture_default_str();
  sweep->add_option("--bug", args->bugs, "arm a deliberate bug (jetsim list bugs); repeatable");
  sweep->add_flag("--quiet", args->quiet, "print only the bad rows and the summary");
  sweep->callback([args, &exit_code] {
    try {
      exit_code = Sweep(*args);
    } catch (const std::invalid_argument& error) {
      std::cerr << "jetsim: " << error.what() << '\n';
      exit_code = kExitUsage;
    }
  });
}

}  // namespace jetsim::cli
