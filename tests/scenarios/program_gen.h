// RapidCheck generators for the property suites: a program as a
// rapidcheck/state.h command sequence (its model keeps lifecycle commands
// rare, so most programs run a while before the instance goes away), plus
// the scheduler seed, strategy, a prefix of scheduling decisions and a
// fault plan, all in one generated case so a failure shrinks to the fewest
// commands, threads, decisions and faults that still fail.
#pragma once

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/state.h>

#include <cstdint>
#include <ostream>
#include <string>
#include <tuple>
#include <vector>

#include "jetsim/faults/fault_plan.h"
#include "jetsim/scenarios/program.h"
#include "jetsim/scenarios/runner.h"

namespace jetsim::testing {

inline constexpr std::uint32_t kMaxThreads = 4;

// What generation tracks: how many lifecycle commands the program has.
struct GenModel {
  std::uint32_t lifecycle = 0;
};
struct NoSut {};

// A command of the program; ToOp() is the operation it stands for.
struct OpCommand : rc::state::Command<GenModel, NoSut> {
  using CommandType = OpCommand;
  [[nodiscard]] virtual scenarios::ProgramOp ToOp() const = 0;
  void show(std::ostream& os) const override {
    const scenarios::ProgramOp op = ToOp();
    os << 't' << op.thread << ' ' << scenarios::NameOf(op.kind);
    if (op.kind == scenarios::OpKind::kDup) os << '(' << scenarios::NameOf(op.source) << ')';
    os << ' ' << op.pick;
  }
};

// One command kind, its fields generated when it is made.
template <scenarios::OpKind... kKinds>
struct SessionCommand : OpCommand {
  scenarios::ProgramOp op;
  SessionCommand() {
    op.thread = *rc::gen::inRange<std::uint32_t>(0, kMaxThreads);
    op.kind = *rc::gen::element(kKinds...);
    op.pick = *rc::gen::inRange<std::uint32_t>(0, 8);
  }
  [[nodiscard]] scenarios::ProgramOp ToOp() const override { return op; }
};

using BeginCommand = SessionCommand<scenarios::OpKind::kBegin>;
using EndCommand = SessionCommand<scenarios::OpKind::kEnd>;
using TransactionCommand = SessionCommand<scenarios::OpKind::kBeginTransaction, scenarios::OpKind::kCommit,
                                          scenarios::OpKind::kRollback>;
using ContextCommand = SessionCommand<scenarios::OpKind::kSetContext, scenarios::OpKind::kResetContext>;

struct DupCommand : SessionCommand<scenarios::OpKind::kDup> {
  DupCommand() {
    using scenarios::DupSource;
    op.source = *rc::gen::weightedElement<DupSource>({{10, DupSource::kOwn},
                                                      {3, DupSource::kForeign},
                                                      {1, DupSource::kNil},
                                                      {1, DupSource::kForged},
                                                      {1, DupSource::kStale},
                                                      {1, DupSource::kNullOut}});
  }
};

// Stop, term, restore and parameter changes: at most two per program.
struct LifecycleCommand : SessionCommand<scenarios::OpKind::kStop, scenarios::OpKind::kTerm,
                                         scenarios::OpKind::kRestore, scenarios::OpKind::kSetMaxSessions> {
  void checkPreconditions(const GenModel& model) const override { RC_PRE(model.lifecycle < 2); }
  void apply(GenModel& model) const override { ++model.lifecycle; }
};

inline rc::Gen<std::vector<std::shared_ptr<const OpCommand>>> GenCommands() {
  return rc::state::gen::commands(GenModel{}, [](const GenModel&) {
    // Dup is listed three times (it is what the suites are about) and
    // transactions twice (commits are where fatal log errors happen).
    return rc::state::gen::execOneOfWithArgs<DupCommand, DupCommand, DupCommand, BeginCommand, EndCommand,
                                             TransactionCommand, TransactionCommand, ContextCommand,
                                             LifecycleCommand>()();
  });
}

inline rc::Gen<faults::Fault> GenFault() {
  using faults::Fault;
  using faults::FaultKind;
  using faults::Variant;
  return rc::gen::oneOf(
      // The nth allocation of a new session (most), or of the whole case.
      rc::gen::map(rc::gen::tuple(rc::gen::inRange<std::uint64_t>(1, 12), rc::gen::arbitrary<bool>(),
                                  rc::gen::weightedElement<int>({{3, 0}, {1, 1}})),
                   [](const std::tuple<std::uint64_t, bool, int>& nth) {
                     Fault fault;
                     fault.kind = FaultKind::kAlloc;
                     fault.nth = std::get<0>(nth);
                     fault.mode =
                         std::get<1>(nth) ? faults::AllocMode::kPersistent : faults::AllocMode::kTransient;
                     if (std::get<2>(nth) == 0) fault.site = Site::kPibAlloc;
                     return fault;
                   }),
      rc::gen::map(rc::gen::pair(rc::gen::inRange<std::uint64_t>(1, 120),
                                 rc::gen::element(Variant::kFatalLogWrite, Variant::kFatalLogDiskFull)),
                   [](const std::pair<std::uint64_t, Variant>& at) {
                     Fault fault;
                     fault.kind = FaultKind::kFatal;
                     fault.variant = at.second;
                     fault.step = at.first;
                     return fault;
                   }),
      rc::gen::map(rc::gen::pair(rc::gen::inRange<std::uint64_t>(1, 400),
                                 rc::gen::element(Variant::kTermAbrupt, Variant::kTermComplete,
                                                  Variant::kTermDirty, Variant::kNone, Variant::kNone)),
                   [](const std::pair<std::uint64_t, Variant>& at) {
                     Fault fault;
                     // kNone stands for the other two events: stop and restore.
                     fault.kind = at.second == Variant::kNone
                                      ? (at.first % 2 == 0 ? FaultKind::kStop : FaultKind::kRestore)
                                      : FaultKind::kTerm;
                     fault.variant = at.second;
                     fault.step = at.first;
                     return fault;
                   }));
}

// One generated case: program, schedule and faults.
struct GeneratedCase {
  scenarios::CaseOptions options;
  std::string Describe() const {
    std::string text = options.program->Describe();
    text += "seed " + std::to_string(options.seed) + ", strategy " +
            std::string(sim::NameOf(options.strategy)) + ", " + std::to_string(options.decisions.size()) +
            " decisions given, faults " + options.plan->ToJson();
    return text;
  }
};

}  // namespace jetsim::testing

// How RapidCheck prints the generated values in a counterexample.
namespace jetsim::sim {
inline void showValue(StrategyKind kind, std::ostream& os) { os << NameOf(kind); }
}  // namespace jetsim::sim
namespace jetsim::faults {
inline void showValue(const Fault& fault, std::ostream& os) { os << fault.Id(); }
}  // namespace jetsim::faults

namespace jetsim::testing {

inline GeneratedCase GenerateCase(Profile profile, const std::vector<std::string>& bugs) {
  GeneratedCase generated;
  scenarios::CaseOptions& options = generated.options;
  scenarios::Program program;
  // Small limits make OutOfSessions common; 0 (no client session can
  // begin) is the first shrink.
  program.max_sessions =
      *rc::gen::weightedElement<std::uint32_t>({{1, 0}, {1, 1}, {2, 2}, {3, 3}, {3, 5}, {2, 8}});
  for (const auto& command : *GenCommands()) program.ops.push_back(command->ToOp());
  options.program = program;
  options.profile = profile;
  options.bugs = bugs;
  options.seed = *rc::gen::arbitrary<std::uint64_t>();
  options.strategy =
      *rc::gen::element(sim::StrategyKind::kRandom, sim::StrategyKind::kPct, sim::StrategyKind::kReplay);
  if (options.strategy == sim::StrategyKind::kReplay) {
    // A prefix of decisions (thread ids; then random from the seed): it
    // shrinks to fewer and to lower-numbered threads.
    options.decisions = *rc::gen::container<std::vector<std::uint32_t>>(
        rc::gen::inRange<std::uint32_t>(0, program.threads()));
  }
  faults::FaultPlan plan;
  plan.faults = *rc::gen::resize(4, rc::gen::container<std::vector<faults::Fault>>(GenFault()));
  // Setup begins one session per thread: a session-allocation fault counts
  // from the first allocation after it, where the program's calls are.
  for (faults::Fault& fault : plan.faults) {
    if (fault.kind == faults::FaultKind::kAlloc && fault.site) fault.nth += program.threads();
  }
  options.plan = plan;
  options.step_budget = 200'000;
  return generated;
}

// The property suite's body: generates a case, runs it in the simulator
// and fails (RC_FAIL, naming the property) unless
//   [P1] every JetDupSession result is allowed by the oracle for the profile,
//   [P2] *psesid is untouched on failure; a new handle is non-nil, differs
//        from every live handle and works,
//   [P3] the new session copies nothing from its source,
//   [P4] MaxSessions is exact,
//   [P5] after teardown no session, slot or allocation is lost,
//   [P6] the same inputs give the same fingerprint (when `determinism`).
// A case the scheduler could not finish (deadlock, budget, exception) fails too.
inline void GeneratedCaseHolds(Profile profile, const std::vector<std::string>& bugs, bool determinism,
                               scenarios::ContractCoverage* coverage) {
  const GeneratedCase generated = GenerateCase(profile, bugs);
  const scenarios::CaseResult result = scenarios::RunSimulatedCase(generated.options);
  RC_LOG() << generated.Describe() << "\n";
  if (result.status != sim::CaseStatus::kCompleted) RC_FAIL("[crash] " + scenarios::Summarize(result));
  if (!result.violations.empty()) RC_FAIL(result.violations.front());
  if (!result.leaks.empty()) RC_FAIL("[P5] leaked: " + result.leaks.front());
  if (determinism) {
    const scenarios::CaseResult again = scenarios::RunSimulatedCase(generated.options);
    if (again.fingerprint != result.fingerprint) {
      RC_FAIL("[P6] the same case gave fingerprints " + std::to_string(result.fingerprint) + " and " +
              std::to_string(again.fingerprint));
    }
  }
  if (coverage != nullptr) coverage->Add(result.oracle, profile);
}

}  // namespace jetsim::testing
