// The fault plans each scenario draws from a case seed.
#pragma once

#include <cstdint>

#include "jetsim/faults/fault_plan.h"

namespace jetsim::scenarios {

[[nodiscard]] faults::FaultPlan NoFaults(std::uint64_t seed);
// One or two failing allocations: of the session object or anywhere.
[[nodiscard]] faults::FaultPlan OomPlan(std::uint64_t seed);
// A JetTerm2 (abrupt, complete or dirty) from another thread at a step.
[[nodiscard]] faults::FaultPlan TermPlan(std::uint64_t seed);
// A JetStopServiceInstance from another thread at a step.
[[nodiscard]] faults::FaultPlan StopPlan(std::uint64_t seed);
// A JetRestoreInstance from another thread at a step.
[[nodiscard]] faults::FaultPlan RestorePlan(std::uint64_t seed);
// A failed or disk-full log write armed at a step.
[[nodiscard]] faults::FaultPlan FatalPlan(std::uint64_t seed);
// One to three faults of any kind, misuse included.
[[nodiscard]] faults::FaultPlan MixedPlan(std::uint64_t seed);
// Zero to two faults of any kind but misuse (a generated program makes its
// own misuse calls).
[[nodiscard]] faults::FaultPlan ProgramPlan(std::uint64_t seed);

}  // namespace jetsim::scenarios
