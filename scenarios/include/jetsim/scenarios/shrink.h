// Shrinking a failing case by delta debugging: drop faults, drop program
// operations (in halves, then smaller chunks, then one by one), then
// shorten and thin the schedule's decisions, keeping each change only
// while the case still fails the same way. The result runs from its
// options alone (program, plan and decisions explicit).
#pragma once

#include <cstdint>
#include <string>

#include "jetsim/scenarios/runner.h"

namespace jetsim::scenarios {

// How a case failed, coarsely: "[P1]"... for oracle properties, "leak",
// "crash: deadlock", "violation", "undocumented"; "" for a passing case.
[[nodiscard]] std::string FailureKind(const CaseResult& result);

struct ShrinkResult {
  CaseOptions options;  // the minimal case: strategy kReplay with its decisions
  CaseResult result;
  std::uint64_t runs = 0;
  std::size_t ops_before = 0, ops_after = 0;
  std::size_t faults_before = 0, faults_after = 0;
  std::size_t decisions_before = 0, decisions_after = 0;
};

// `failing` ran and gave `result` (which must have failed). At most
// `max_runs` more cases are run.
[[nodiscard]] ShrinkResult Shrink(const CaseOptions& failing, const CaseResult& result,
                                  std::uint64_t max_runs = 5000);

}  // namespace jetsim::scenarios
