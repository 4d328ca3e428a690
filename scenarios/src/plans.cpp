#include "plans.h"

#include "jetsim/sim/rng.h"

namespace jetsim::scenarios {

namespace {

using faults::Fault;
using faults::FaultKind;
using faults::FaultPlan;
using faults::Variant;

// The plan's own stream of the case seed (the programs and the schedule
// use others).
constexpr std::uint64_t kPlanStream = 0xFA017;
// Events land inside the workload: a 4 x 50 case takes about 1,500 decisions.
constexpr std::uint32_t kFirstStep = 10;
constexpr std::uint32_t kStepSpan = 1200;

std::uint64_t Step(sim::Rng& rng, std::uint32_t span) { return kFirstStep + rng.Below(span); }

Fault Alloc(sim::Rng& rng) {
  Fault fault;
  fault.kind = FaultKind::kAlloc;
  fault.mode = rng.Chance(1, 3) ? faults::AllocMode::kPersistent : faults::AllocMode::kTransient;
  if (rng.Chance(2, 3)) {
    fault.site = Site::kPibAlloc;
    fault.nth = 1 + rng.Below(30);
  } else if (rng.Chance(1, 2)) {
    fault.nth = 1 + rng.Below(80);
  } else {
    fault.probability_ppm = 20'000 + rng.Below(60'000);
  }
  return fault;
}

Fault Term(sim::Rng& rng, std::uint32_t span = kStepSpan) {
  static constexpr Variant kVariants[] = {Variant::kTermAbrupt, Variant::kTermComplete, Variant::kTermDirty};
  Fault fault;
  fault.kind = FaultKind::kTerm;
  fault.variant = kVariants[rng.Below(3)];
  fault.step = Step(rng, span);
  return fault;
}

Fault Event(sim::Rng& rng, FaultKind kind, std::uint32_t span = kStepSpan) {
  Fault fault;
  fault.kind = kind;
  fault.step = Step(rng, span);
  return fault;
}

Fault Fatal(sim::Rng& rng, std::uint32_t span = kStepSpan) {
  Fault fault;
  fault.kind = FaultKind::kFatal;
  fault.variant = rng.Chance(1, 2) ? Variant::kFatalLogWrite : Variant::kFatalLogDiskFull;
  fault.step = Step(rng, span);
  return fault;
}

Fault Misuse(sim::Rng& rng) {
  static constexpr Variant kVariants[] = {Variant::kMisuseNullPsesid, Variant::kMisuseStaleHandle,
                                          Variant::kMisuseSharedSession};
  Fault fault;
  fault.kind = FaultKind::kMisuse;
  fault.variant = kVariants[rng.Below(3)];
  fault.nth = 1 + rng.Below(40);
  return fault;
}

FaultPlan One(Fault fault) { return FaultPlan{{fault}}; }

}  // namespace

FaultPlan NoFaults(std::uint64_t /*seed*/) { return {}; }

FaultPlan OomPlan(std::uint64_t seed) {
  sim::Rng rng(sim::DeriveSeed(seed, kPlanStream));
  FaultPlan plan = One(Alloc(rng));
  if (rng.Chance(1, 3)) plan.faults.push_back(Alloc(rng));
  return plan;
}

FaultPlan TermPlan(std::uint64_t seed) {
  sim::Rng rng(sim::DeriveSeed(seed, kPlanStream));
  return One(Term(rng));
}

FaultPlan StopPlan(std::uint64_t seed) {
  sim::Rng rng(sim::DeriveSeed(seed, kPlanStream));
  return One(Event(rng, FaultKind::kStop));
}

FaultPlan RestorePlan(std::uint64_t seed) {
  sim::Rng rng(sim::DeriveSeed(seed, kPlanStream));
  return One(Event(rng, FaultKind::kRestore));
}

FaultPlan FatalPlan(std::uint64_t seed) {
  sim::Rng rng(sim::DeriveSeed(seed, kPlanStream));
  return One(Fatal(rng));
}

FaultPlan MixedPlan(std::uint64_t seed) {
  sim::Rng rng(sim::DeriveSeed(seed, kPlanStream));
  FaultPlan plan;
  const std::uint32_t count = 1 + rng.Below(3);
  for (std::uint32_t i = 0; i < count; ++i) {
    switch (rng.Below(6)) {
      case 0:
        plan.faults.push_back(Alloc(rng));
        break;
      case 1:
        plan.faults.push_back(Term(rng));
        break;
      case 2:
        plan.faults.push_back(Event(rng, rng.Chance(1, 2) ? FaultKind::kStop : FaultKind::kRestore));
        break;
      case 3:
        plan.faults.push_back(Fatal(rng));
        break;
      default:
        plan.faults.push_back(Misuse(rng));
        break;
    }
  }
  return plan;
}

FaultPlan ProgramPlan(std::uint64_t seed) {
  // A generated program (4 threads x up to 12 calls) takes a few hundred
  // decisions: events land inside it.
  constexpr std::uint32_t kProgramSpan = 120;
  sim::Rng rng(sim::DeriveSeed(seed, kPlanStream));
  FaultPlan plan;
  const std::uint32_t count = rng.Below(3);
  for (std::uint32_t i = 0; i < count; ++i) {
    switch (rng.Below(4)) {
      case 0:
        plan.faults.push_back(Alloc(rng));
        break;
      case 1:
        plan.faults.push_back(Term(rng, kProgramSpan));
        break;
      case 2:
        plan.faults.push_back(
            Event(rng, rng.Chance(1, 2) ? FaultKind::kStop : FaultKind::kRestore, kProgramSpan));
        break;
      default:
        plan.faults.push_back(Fatal(rng, kProgramSpan));
        break;
    }
  }
  return plan;
}

}  // namespace jetsim::scenarios
