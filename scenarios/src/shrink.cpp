#include "jetsim/scenarios/shrink.h"

#include <algorithm>
#include <vector>

#include "jetsim/scenarios/program.h"

namespace jetsim::scenarios {

std::string FailureKind(const CaseResult& result) {
  if (result.passed) return "";
  if (result.status != sim::CaseStatus::kCompleted)
    return std::string("crash: ") + std::string(sim::NameOf(result.status));
  if (!result.violations.empty()) {
    const std::string& first = result.violations.front();
    const std::size_t open = first.find("[P");
    if (open != std::string::npos) return first.substr(open, first.find(']', open) + 1 - open);
    return "violation";
  }
  if (!result.leaks.empty()) return "leak";
  return "undocumented";
}

namespace {

class Shrinker {
 public:
  Shrinker(const CaseOptions& failing, const CaseResult& result, std::uint64_t max_runs)
      : kind_(FailureKind(result)), max_runs_(max_runs) {
    best_.options = failing;
    best_.result = result;
    CaseOptions& o = best_.options;
    o.keep_trace = false;
    // Make everything explicit: the program, the plan and the schedule.
    if (!o.program && o.scenario == "programs") o.program = RandomProgram(o.seed);
    o.plan = result.plan;
    o.strategy = sim::StrategyKind::kReplay;
    o.decisions = result.decisions;
    best_.ops_before = o.program ? o.program->ops.size() : 0;
    best_.faults_before = o.plan->faults.size();
    best_.decisions_before = o.decisions.size();
  }

  ShrinkResult Run() {
    bool changed = true;
    while (changed && budget_left()) {
      changed = false;
      changed |= DropFaults();
      if (best_.options.program) changed |= DropOperations();
      changed |= ShortenDecisions();
    }
    CaseOptions& o = best_.options;
    best_.ops_after = o.program ? o.program->ops.size() : 0;
    best_.faults_after = o.plan->faults.size();
    best_.decisions_after = o.decisions.size();
    best_.runs = runs_;
    return best_;
  }

 private:
  [[nodiscard]] bool budget_left() const { return runs_ < max_runs_; }

  // Keeps `candidate` when it still fails the same way.
  bool Try(const CaseOptions& candidate) {
    if (!budget_left()) return false;
    ++runs_;
    CaseResult result = RunSimulatedCase(candidate);
    if (FailureKind(result) != kind_) return false;
    best_.options = candidate;
    best_.result = std::move(result);
    return true;
  }

  bool DropFaults() {
    bool changed = false;
    for (std::size_t i = 0; i < best_.options.plan->faults.size();) {
      CaseOptions candidate = best_.options;
      candidate.plan->faults.erase(candidate.plan->faults.begin() + static_cast<std::ptrdiff_t>(i));
      if (Try(candidate)) {
        changed = true;
      } else {
        ++i;
      }
    }
    return changed;
  }

  // ddmin over the program's operations: remove chunks of halving size.
  bool DropOperations() {
    bool changed = false;
    for (std::size_t chunk = std::max<std::size_t>(1, best_.options.program->ops.size() / 2);; chunk /= 2) {
      for (std::size_t at = 0; at < best_.options.program->ops.size() && budget_left();) {
        CaseOptions candidate = best_.options;
        std::vector<ProgramOp>& ops = candidate.program->ops;
        const std::size_t end = std::min(ops.size(), at + chunk);
        ops.erase(ops.begin() + static_cast<std::ptrdiff_t>(at),
                  ops.begin() + static_cast<std::ptrdiff_t>(end));
        if (Try(candidate)) {
          changed = true;
        } else {
          at += chunk;
        }
      }
      if (chunk == 1 || !budget_left()) break;
    }
    return changed;
  }

  // The shortest prefix of decisions that still fails (past the end the
  // schedule continues at random from the seed), then chunks removed.
  bool ShortenDecisions() {
    bool changed = false;
    std::size_t low = 0;
    std::size_t high = best_.options.decisions.size();
    while (low < high && budget_left()) {
      const std::size_t middle = low + (high - low) / 2;
      CaseOptions candidate = best_.options;
      candidate.decisions.resize(middle);
      if (Try(candidate)) {
        high = middle;
        changed = true;
      } else {
        low = middle + 1;
      }
    }
    return changed;
  }

  std::string kind_;
  std::uint64_t max_runs_;
  std::uint64_t runs_ = 0;
  ShrinkResult best_;
};

}  // namespace

ShrinkResult Shrink(const CaseOptions& failing, const CaseResult& result, std::uint64_t max_runs) {
  return Shrinker(failing, result, max_runs).Run();
}

}  // namespace jetsim::scenarios
