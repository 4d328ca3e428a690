// race_hunt: how fast does each way of running dup-basic find the seeded
// race.slot-claim bug (the free-slot check and the slot claim separated by
// the pib.claim yield, so two sessions can take the last slot)?
//
//   simulator     seeds 1, 2, 3, ... until the first failing case; then the
//                 share of the first --seeds seeds that fail.
//   real threads  RunThreadedCase over and over for --budget-seconds of wall
//                 clock; the workload checks the engine's session count
//                 after every successful begin/dup, so a race that happens
//                 shows as a MaxSessions violation. Never found within the
//                 budget is printed "> budget" (a censored figure).
// Then both again without the bug: no case may fail (sanity).
//
// Exit status: 0 the simulator found the race and neither sanity run
// failed; 1 otherwise; 2 bad usage.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "jetsim/scenarios/runner.h"

namespace {

using jetsim::scenarios::CaseOptions;
using jetsim::scenarios::CaseResult;
using Clock = std::chrono::steady_clock;

constexpr const char* kBug = "race.slot-claim";
constexpr const char* kScenario = "dup-basic";

struct Args {
  double budget_seconds = 10;
  std::uint64_t seeds = 1000;
};

struct Hunt {
  std::string mode;
  std::string bug;                     // "none" for a sanity run
  std::uint64_t cases = 0;             // cases run in total
  double seconds = 0;                  // wall clock of all of them
  std::optional<std::uint64_t> first;  // 1-based case index (= seed) of the first failure
  double first_seconds = 0;            // wall clock until that failure was known
  std::uint64_t failures = 0;          // failing cases among `window` cases
  std::uint64_t window = 0;
  std::string first_violation;
  bool censored = false;  // ran out of budget without a failure
};

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string FirstProblem(const CaseResult& result) {
  if (!result.violations.empty()) return result.violations.front();
  return result.detail;
}

CaseOptions Options(bool armed) {
  CaseOptions options;
  options.scenario = kScenario;
  if (armed) options.bugs = {kBug};
  return options;
}

// Simulator: seeds 1..seeds, and on past them (up to the budget) while the
// race is still unfound.
Hunt HuntSimulated(bool armed, const Args& args) {
  Hunt hunt;
  hunt.mode = "simulator";
  hunt.bug = armed ? kBug : "none";
  CaseOptions options = Options(armed);
  const Clock::time_point start = Clock::now();
  for (std::uint64_t seed = 1;; ++seed) {
    const bool in_window = seed <= args.seeds;
    if (!in_window && (hunt.first || !armed || SecondsSince(start) >= args.budget_seconds)) break;
    options.seed = seed;
    const CaseResult result = jetsim::scenarios::RunSimulatedCase(options);
    ++hunt.cases;
    if (in_window) ++hunt.window;
    if (result.passed) continue;
    if (in_window) ++hunt.failures;
    if (!hunt.first) {
      hunt.first = seed;
      hunt.first_seconds = SecondsSince(start);
      hunt.first_violation = FirstProblem(result);
    }
  }
  hunt.seconds = SecondsSince(start);
  hunt.censored = !hunt.first;
  return hunt;
}

// Real threads: seeds 1, 2, 3, ... (the seed only decides the programs)
// until the wall-clock budget is spent.
Hunt HuntThreaded(bool armed, bool os_yields, const Args& args) {
  Hunt hunt;
  hunt.mode = os_yields ? "threads+yield" : "threads";
  hunt.bug = armed ? kBug : "none";
  CaseOptions options = Options(armed);
  options.os_yields = os_yields;
  const Clock::time_point start = Clock::now();
  while (SecondsSince(start) < args.budget_seconds) {
    ++options.seed;
    const CaseResult result = jetsim::scenarios::RunThreadedCase(options);
    ++hunt.cases;
    if (result.passed) continue;
    ++hunt.failures;
    if (!hunt.first) {
      hunt.first = options.seed;
      hunt.first_seconds = SecondsSince(start);
      hunt.first_violation = FirstProblem(result);
    }
  }
  hunt.seconds = SecondsSince(start);
  hunt.window = hunt.cases;
  hunt.censored = !hunt.first;
  return hunt;
}

std::string Fixed(double value, int decimals) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

std::string FirstFind(const Hunt& hunt, const Args& args) {
  if (hunt.first) {
    return "case " + std::to_string(*hunt.first) + " after " + Fixed(hunt.first_seconds, 4) + " s";
  }
  if (hunt.bug == "none") return "-";
  return "> budget (" + Fixed(hunt.mode != "simulator" ? args.budget_seconds : hunt.seconds, 1) + " s, " +
         std::to_string(hunt.cases) + " cases)";
}

void PrintRow(const Hunt& hunt, const Args& args) {
  const std::string failed = std::to_string(hunt.failures) + "/" + std::to_string(hunt.window) +
                             (hunt.mode == "simulator" ? " seeds" : " cases");
  std::printf("%-14s %-16s %8llu %9s %10s  %-34s %s\n", hunt.mode.c_str(), hunt.bug.c_str(),
              static_cast<unsigned long long>(hunt.cases), Fixed(hunt.seconds, 2).c_str(),
              Fixed(hunt.seconds > 0 ? static_cast<double>(hunt.cases) / hunt.seconds : 0, 0).c_str(),
              FirstFind(hunt, args).c_str(), failed.c_str());
}

[[noreturn]] void Usage(const std::string& problem) {
  std::fprintf(stderr, "race_hunt: %s (usage: race_hunt [--budget-seconds S] [--seeds N])\n",
               problem.c_str());
  std::exit(2);
}

Args Parse(int argc, char** argv) {
  Args args;
  for (int i = 1; i < argc; ++i) {
    const std::string_view flag = argv[i];
    if (flag == "--help" || flag == "-h") {
      std::printf(
          "usage: race_hunt [--budget-seconds S] [--seeds N]\n"
          "  --budget-seconds S  wall clock for each real-thread run (default 10)\n"
          "  --seeds N           simulator seeds counted for the find rate (default 1000)\n");
      std::exit(0);
    }
    if (i + 1 >= argc) Usage(std::string(flag) + " needs a value, or is unknown");
    const std::string value = argv[++i];
    char* end = nullptr;
    if (flag == "--budget-seconds") {
      args.budget_seconds = std::strtod(value.c_str(), &end);
      if (end == value.c_str() || *end != '\0' || !(args.budget_seconds > 0)) {
        Usage("--budget-seconds wants a positive number, not '" + value + "'");
      }
    } else if (flag == "--seeds") {
      args.seeds = std::strtoull(value.c_str(), &end, 10);
      if (end == value.c_str() || *end != '\0' || args.seeds == 0 || value[0] == '-') {
        Usage("--seeds wants a positive integer, not '" + value + "'");
      }
    } else {
      Usage("unknown option " + std::string(flag));
    }
  }
  return args;
}

}  // namespace

int main(int argc, char** argv) {
  const Args args = Parse(argc, argv);
  std::vector<Hunt> hunts;
  try {
    // Real threads as the real engine runs (a yield point does nothing),
    // then with sched_yield at every named yield point: a stress mode that
    // widens exactly the windows the simulator schedules at.
    hunts.push_back(HuntSimulated(true, args));
    hunts.push_back(HuntThreaded(true, false, args));
    hunts.push_back(HuntThreaded(true, true, args));
    hunts.push_back(HuntSimulated(false, args));
    hunts.push_back(HuntThreaded(false, false, args));
    hunts.push_back(HuntThreaded(false, true, args));
  } catch (const std::exception& error) {
    std::fprintf(stderr, "race_hunt: %s\n", error.what());
    return 2;
  }

  std::printf("race hunt: scenario %s, bug %s, %u hardware threads, real-thread budget %s s\n\n", kScenario,
              kBug, std::thread::hardware_concurrency(), Fixed(args.budget_seconds, 1).c_str());
  std::printf("%-14s %-16s %8s %9s %10s  %-34s %s\n", "mode", "bug", "cases", "seconds", "cases/s",
              "first failure", "failing");
  for (const Hunt& hunt : hunts) PrintRow(hunt, args);
  std::printf("\n");

  const Hunt& simulated = hunts[0];
  const Hunt& threaded = hunts[1];
  if (simulated.first) {
    std::printf("simulator: first failure at seed %llu: %s\n",
                static_cast<unsigned long long>(*simulated.first), simulated.first_violation.c_str());
    std::printf("  rerun: jetsim run --scenario %s --seed %llu --bug %s\n", kScenario,
                static_cast<unsigned long long>(*simulated.first), kBug);
  } else {
    std::printf("simulator: race not found in %llu seeds\n",
                static_cast<unsigned long long>(simulated.cases));
  }
  if (threaded.first) {
    std::printf("threads: first failure in case %llu: %s\n", static_cast<unsigned long long>(*threaded.first),
                threaded.first_violation.c_str());
  } else {
    std::printf("threads: race not found in %llu cases: > budget (%s s)\n",
                static_cast<unsigned long long>(threaded.cases), Fixed(args.budget_seconds, 1).c_str());
  }
  bool sane = true;
  for (std::size_t i = 3; i < hunts.size(); ++i) {
    if (hunts[i].failures == 0) continue;
    sane = false;
    std::printf("SANITY FAILURE: %s without a bug failed %llu cases, first: %s\n", hunts[i].mode.c_str(),
                static_cast<unsigned long long>(hunts[i].failures), hunts[i].first_violation.c_str());
  }
  if (sane) std::printf("sanity: no case failed without the bug (simulator and threads)\n");
  return simulated.first && sane ? 0 : 1;
}
