// Runs one case of a scenario: under the simulator (deterministic: the
// seed decides the programs and the schedule) or on real threads.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "jetsim/behavior.h"
#include "jetsim/esent.h"
#include "jetsim/faults/fault_plan.h"
#include "jetsim/scenarios/history.h"
#include "jetsim/scenarios/oracle.h"
#include "jetsim/scenarios/outcome.h"
#include "jetsim/scenarios/program.h"
#include "jetsim/sim/scheduler.h"
#include "jetsim/sim/strategy.h"
#include "jetsim/sim/trace.h"

namespace jetsim::scenarios {

struct CaseOptions {
  std::string scenario = "dup-basic";
  std::uint64_t seed = 0;
  Profile profile = Profile::kDocumented;
  sim::StrategyKind strategy = sim::StrategyKind::kRandom;
  std::uint32_t pct_depth = 3;
  std::vector<std::string> bugs;  // deliberate bugs to arm (jetsim list bugs)
  bool keep_trace = false;        // keep every event, not only the fingerprint
  // With strategy kReplay: the decisions to follow (then random from the seed).
  std::vector<std::uint32_t> decisions;
  std::uint64_t step_budget = 1'000'000;
  // The case's faults: this plan when set, else the scenario's plan for the seed.
  std::optional<faults::FaultPlan> plan;
  // Run this generated program instead of the scenario's workload; the
  // oracle then judges the case's History (`scenario` is ignored).
  std::optional<Program> program;
  // RunThreadedCase only: sched_yield at every named yield point (a stress
  // mode; the real engine does nothing there).
  bool os_yields = false;
};

struct FiredFault {
  std::string id;
  std::uint64_t step;
};

struct CaseResult {
  bool passed = false;
  sim::CaseStatus status = sim::CaseStatus::kCompleted;
  std::string detail;                   // the scheduler's failure, if any
  std::vector<std::string> violations;  // properties that did not hold, in order
  std::uint64_t fingerprint = 0;
  std::uint64_t steps = 0;
  std::uint64_t calls = 0;
  std::vector<std::uint32_t> decisions;
  std::vector<sim::TraceEvent> events;  // when keep_trace
  bool replay_diverged = false;
  std::map<JET_ERR, std::uint64_t> dup_results;  // JetDupSession results by code
  std::vector<std::string> leaks;                // what teardown found lost
  faults::FaultPlan plan;                        // the faults the case ran with
  std::vector<FiredFault> fired;                 // in firing order
  // JetDupSession error codes seen after the first fault fired, and the
  // result of the first JetDupSession after it.
  std::map<JET_ERR, std::uint64_t> dup_results_after_fault;
  std::optional<JET_ERR> first_dup_after_fault;
  // Every JetDupSession result with the step it returned at.
  std::vector<std::pair<std::uint64_t, JET_ERR>> dup_timeline;
  Outcome outcome = Outcome::kDocumented;
  std::uint64_t allocations = 0;         // asked for in the whole case
  std::vector<std::uint64_t> site_hits;  // per Site: how often the case reached it
  // With CaseOptions::program: every call and fault firing, and the
  // oracle's judgement of them (its violations are also in `violations`).
  History history;
  OracleReport oracle;
};

// Runs one simulated case. Throws std::invalid_argument for an unknown
// scenario or bug name (bad usage, not a failed case).
[[nodiscard]] CaseResult RunSimulatedCase(const CaseOptions& options);

// The same workload on real threads (ThreadPlatform, one std::thread per
// simulated thread): nothing is deterministic but the programs. Runs
// without faults.
[[nodiscard]] CaseResult RunThreadedCase(const CaseOptions& options);

// The outcome class of a finished case (precedence in DESIGN.md).
[[nodiscard]] Outcome Classify(const CaseResult& result);
// The class of one fault of the case (a sweep row): crashed, leaked,
// undocumented and misuse are the case's; otherwise not-fired, documented
// (a JetDupSession error after it fired) or masked, judged by that fault's
// own firing.
[[nodiscard]] Outcome ClassifyFault(const CaseResult& result, const std::string& fault_id);
// What the first JetDupSession after the fault's first firing returned.
[[nodiscard]] std::optional<JET_ERR> FirstDupAfter(const CaseResult& result, const std::string& fault_id);

// "pass" or "fail: <first violation or scheduler failure>".
[[nodiscard]] std::string Summarize(const CaseResult& result);

}  // namespace jetsim::scenarios
