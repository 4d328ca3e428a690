#include "run_command.h"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "exit_codes.h"
#include "jetsim/errors.h"
#include "jetsim/faults/fault_plan.h"
#include "jetsim/scenarios/runner.h"
#include "jetsim/scenarios/scenario.h"
#include "options.h"
#include "replay_file.h"

namespace jetsim::cli {

namespace {

struct RunArgs {
  std::string scenario;
  std::string seed = "0";
  std::string profile = "documented";
  std::string strategy = "random";
  std::uint32_t pct_depth = 3;
  std::vector<std::string> bugs;
  std::string trace_path;
  std::uint64_t budget = 1'000'000;
  bool check_determinism = false;
  std::string faults_path;
  std::string replay_path;
};

// Runs the case twice more with full traces; on a difference prints the
// first divergent event of the two and returns false.
bool SameTwice(scenarios::CaseOptions options, std::uint64_t fingerprint) {
  options.keep_trace = true;
  const scenarios::CaseResult a = scenarios::RunSimulatedCase(options);
  const scenarios::CaseResult b = scenarios::RunSimulatedCase(options);
  const std::optional<std::size_t> at = sim::FirstDivergence(a.events, b.events);
  if (!at && a.fingerprint == fingerprint && b.fingerprint == fingerprint) {
    std::cout << "determinism: 3 runs, same fingerprint\n";
    return true;
  }
  std::cout << "determinism: FAILED: fingerprints " << sim::FormatFingerprint(fingerprint) << ", "
            << sim::FormatFingerprint(a.fingerprint) << ", " << sim::FormatFingerprint(b.fingerprint) << '\n';
  if (at) {
    const auto describe = [&](const scenarios::CaseResult& run) {
      return *at < run.events.size() ? sim::Describe(run.events[*at]) : std::string("(trace ended)");
    };
    std::cout << "first divergent event #" << *at << ":\n  run 2: " << describe(a)
              << "\n  run 3: " << describe(b) << '\n';
  }
  return false;
}

// Writes the whole trace or nothing (WriteFileAtomically).
bool WriteTrace(const std::string& path, const scenarios::CaseOptions& options,
                const scenarios::CaseResult& result) {
  std::ostringstream out;
  out << "# jetsim trace: scenario " << options.scenario << ", seed " << options.seed << ", "
      << result.events.size() << " events\n";
  for (const sim::TraceEvent& event : result.events) out << sim::Describe(event) << '\n';
  out << "# outcome: " << scenarios::Summarize(result) << '\n';
  out << "# fingerprint: " << sim::FormatFingerprint(result.fingerprint) << '\n';
  return WriteFileAtomically(path, out.str());
}

// What a case prints, whichever command ran it.
void PrintCase(const scenarios::CaseOptions& options, const scenarios::CaseResult& result,
               const std::string& strategy) {
  std::cout << "scenario: " << options.scenario << "  seed: " << options.seed
            << "  profile: " << NameOf(options.profile) << "  strategy: " << strategy;
  for (const std::string& bug : options.bugs) std::cout << "  bug: " << bug;
  std::cout << '\n';
  std::cout << "faults:";
  if (result.plan.empty()) std::cout << " none";
  for (const faults::Fault& fault : result.plan.faults) std::cout << ' ' << fault.Id();
  std::cout << "  fired:";
  if (result.fired.empty()) std::cout << " none";
  for (const scenarios::FiredFault& fired : result.fired)
    std::cout << ' ' << fired.id << " (step " << fired.step << ')';
  std::cout << '\n';
  std::cout << "steps: " << result.steps << "  calls: " << result.calls << "  JetDupSession:";
  for (const auto& [code, count] : result.dup_results)
    std::cout << ' ' << jet_err_name(code) << " x" << count;
  std::cout << '\n';
  for (const std::string& violation : result.violations) std::cout << "violation: " << violation << '\n';
  for (const std::string& leak : result.leaks) std::cout << "leak: " << leak << '\n';
  std::cout << "class: " << scenarios::NameOf(result.outcome) << '\n';
  std::cout << "outcome: " << scenarios::Summarize(result) << '\n';
  std::cout << "fingerprint: " << sim::FormatFingerprint(result.fingerprint) << '\n';
}

// --trace and --save-replay: false (and one line on stderr) when a file
// cannot be written.
bool WriteOutputs(const std::string& trace_path, const std::string& replay_path,
                  const scenarios::CaseOptions& options, const scenarios::CaseResult& result) {
  if (!trace_path.empty()) {
    if (!WriteTrace(trace_path, options, result)) {
      std::cerr << "jetsim: cannot write the trace to " << trace_path << '\n';
      return false;
    }
    std::cout << "trace: " << trace_path << " (" << result.events.size() << " events)\n";
  }
  if (!replay_path.empty()) {
    if (!WriteFileAtomically(replay_path, ToJson(MakeReplay(options, result)))) {
      std::cerr << "jetsim: cannot write the replay to " << replay_path << '\n';
      return false;
    }
    std::cout << "replay: " << replay_path << "  (jetsim replay " << replay_path << ")\n";
  }
  return true;
}

int Run(const RunArgs& args) {
  scenarios::CaseOptions options;
  options.scenario = args.scenario;
  options.seed = ParseSeed(args.seed);
  options.profile = ParseProfile(args.profile);
  if (!args.faults_path.empty()) options.plan = LoadFaultPlan(args.faults_path);
  const std::optional<sim::StrategyKind> strategy = sim::FindStrategy(args.strategy);
  if (!strategy || *strategy == sim::StrategyKind::kReplay) {
    throw std::invalid_argument("unknown strategy " + faults::Quoted(args.strategy) + " (random or pct)");
  }
  options.strategy = *strategy;
  options.pct_depth = args.pct_depth;
  options.bugs = args.bugs;
  options.keep_trace = !args.trace_path.empty();
  options.step_budget = args.budget;

  const scenarios::CaseResult result = scenarios::RunSimulatedCase(options);
  PrintCase(options, result, args.strategy);
  if (!WriteOutputs(args.trace_path, args.replay_path, options, result)) return kExitUsage;
  if (args.check_determinism && !SameTwice(options, result.fingerprint)) return kExitNondeterminism;
  if (!result.passed) {
    std::cout << "rerun: jetsim run --scenario " << options.scenario << " --seed " << options.seed
              << " --profile " << args.profile << " --strategy " << args.strategy;
    for (const std::string& bug : options.bugs) std::cout << " --bug " << bug;
    if (args.strategy == "pct") std::cout << " --pct-depth " << args.pct_depth;
    if (args.budget != RunArgs{}.budget) std::cout << " --budget " << args.budget;
    if (!args.faults_path.empty()) std::cout << " --faults " << args.faults_path;
    std::cout << " --trace trace.txt\n";
  }
  return result.passed ? kExitPass : kExitPropertyFailed;
}

struct ReplayArgs {
  std::string path;
  std::string trace_path;
  bool check_determinism = false;
};

int ReplayCase(const ReplayArgs& args) {
  std::ifstream in(args.path, std::ios::binary);
  if (!in) throw std::invalid_argument("cannot read replay file " + args.path);
  std::ostringstream text;
  text << in.rdbuf();
  auto parsed = ParseReplay(text.str());
  if (auto* error = std::get_if<std::string>(&parsed)) throw std::invalid_argument(args.path + ": " + *error);
  const cli::Replay replay = std::get<cli::Replay>(std::move(parsed));
  const bool same_build = replay.build == BuildId();
  if (!same_build) {
    std::cerr << "jetsim: warning: " << args.path << " was recorded by jetsim " << replay.build
              << ", this is " << BuildId() << ": running it anyway\n";
  }
  scenarios::CaseOptions options = replay.options;
  const std::string recorded_strategy(sim::NameOf(options.strategy));
  options.strategy = sim::StrategyKind::kReplay;
  options.decisions = replay.decisions;
  options.keep_trace = !args.trace_path.empty();
  const scenarios::CaseResult result = scenarios::RunSimulatedCase(options);
  PrintCase(options, result, "replay of " + recorded_strategy);
  if (!WriteOutputs(args.trace_path, "", options, result)) return kExitUsage;
  const bool same_outcome = scenarios::Summarize(result) == replay.expected_outcome;
  const bool same_fingerprint = result.fingerprint == replay.expected_fingerprint;
  std::cout << "reproduced: outcome "
            << (same_outcome ? "yes" : "no (recorded: " + replay.expected_outcome + ")") << ", fingerprint "
            << (same_fingerprint
                    ? std::string("yes")
                    : "no (recorded: " + sim::FormatFingerprint(replay.expected_fingerprint) + ")")
            << (result.replay_diverged ? ", the schedule left the recorded decisions" : "") << '\n';
  if (args.check_determinism && !SameTwice(options, result.fingerprint)) return kExitNondeterminism;
  // The same build must give the same fingerprint.
  if (same_build && !same_fingerprint) return kExitNondeterminism;
  return result.passed ? kExitPass : kExitPropertyFailed;
}

}  // namespace

void AddReplayCommand(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<ReplayArgs>();
  CLI::App* replay = app.add_subcommand("replay", "re-run a replay file exactly");
  replay->add_option("file", args->path, "a replay file (jetsim run --save-replay FILE)")->required();
  replay->add_option("--trace", args->trace_path, "write every event of the case to this file");
  replay->add_flag(
      "--check-determinism", args->check_determinism,
      "run the case twice more and exit 3 if the traces differ, naming the first divergent step");
  replay->callback([args, &exit_code] {
    try {
      exit_code = ReplayCase(*args);
    } catch (const std::invalid_argument& error) {
      std::cerr << "jetsim: " << error.what() << '\n';
      exit_code = kExitUsage;
    }
  });
}

void AddRunCommand(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* run = app.add_subcommand("run", "run one simulated case of a scenario and print its fingerprint");
  run->add_option("--scenario", args->scenario, "scenario name (jetsim list scenarios)")->required();
  run->add_option("--seed", args->seed, "case seed: decides the programs and the schedule")->required();
  run->add_option("--profile", args->profile, "documented | esent")->capture_default_str();
  run->add_option("--strategy", args->strategy, "random | pct")->capture_default_str();
  run->add_option("--pct-depth", args->pct_depth, "PCT bug depth")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  run->add_option("--bug", args->bugs, "arm a deliberate bug (jetsim list bugs); repeatable");
  run->add_option("--faults", args->faults_path, "a fault plan (JSON) instead of the scenario's own");
  run->add_option("--save-replay", args->replay_path, "write the case as a replay file (jetsim replay FILE)");
  run->add_option("--trace", args->trace_path, "write every event of the case to this file");
  run->add_option("--budget", args->budget, "step budget: more decisions than this is a livelock")
      ->capture_default_str()
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1'000'000'000}));
  run->add_flag("--check-determinism", args->check_determinism,
                "run the case twice more and exit 3 if the traces differ, naming the first divergent step");
  run->callback([args, &exit_code] {
    try {
      exit_code = Run(*args);
    } catch (const std::invalid_argument& error) {
      std::cerr << "jetsim: " << error.what() << '\n';
      exit_code = kExitUsage;
    }
  });
}

}  // namespace jetsim::cli
