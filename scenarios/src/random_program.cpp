#include "jetsim/scenarios/program.h"
#include "jetsim/sim/rng.h"

namespace jetsim::scenarios {

namespace {

// The program's own stream of the case seed (the schedule and the plan use others).
constexpr std::uint64_t kProgramStream = 0x9E0;

OpKind DrawKind(sim::Rng& rng, std::uint32_t& lifecycle) {
  const std::uint32_t roll = rng.Below(100);
  if (roll < 38) return OpKind::kDup;
  if (roll < 50) return OpKind::kBegin;
  if (roll < 60) return OpKind::kEnd;
  if (roll < 80) {
    static constexpr OpKind kTrx[] = {OpKind::kBeginTransaction, OpKind::kCommit, OpKind::kRollback};
    return kTrx[rng.Below(3)];
  }
  if (roll < 92 || lifecycle >= 2) return rng.Chance(1, 2) ? OpKind::kSetContext : OpKind::kResetContext;
  ++lifecycle;
  static constexpr OpKind kLifecycle[] = {OpKind::kStop, OpKind::kTerm, OpKind::kRestore,
                                          OpKind::kSetMaxSessions};
  return kLifecycle[rng.Below(4)];
}

DupSource DrawSource(sim::Rng& rng) {
  const std::uint32_t roll = rng.Below(17);
  if (roll < 10) return DupSource::kOwn;
  if (roll < 13) return DupSource::kForeign;
  static constexpr DupSource kOdd[] = {DupSource::kNil, DupSource::kForged, DupSource::kStale,
                                       DupSource::kNullOut};
  return kOdd[roll - 13];
}

}  // namespace

Program RandomProgram(std::uint64_t seed) {
  sim::Rng rng(sim::DeriveSeed(seed, kProgramStream));
  static constexpr std::uint32_t kLimits[] = {0, 1, 2, 2, 3, 3, 3, 5, 5, 5, 8, 8};
  Program program;
  program.max_sessions = kLimits[rng.Below(12)];
  const std::uint32_t threads = 1 + rng.Below(4);
  const std::uint32_t ops = threads * (2 + rng.Below(11));
  std::uint32_t lifecycle = 0;
  for (std::uint32_t i = 0; i < ops; ++i) {
    ProgramOp op;
    op.thread = i % threads;
    op.kind = DrawKind(rng, lifecycle);
    if (op.kind == OpKind::kDup) op.source = DrawSource(rng);
    op.pick = rng.Below(8);
    program.ops.push_back(op);
  }
  return program;
}

}  // namespace jetsim::scenarios
