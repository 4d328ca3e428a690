// What the workloads share, and their factories.
#pragma once

#include <cstdint>
#include <memory>

#include "jetsim/esent.h"
#include "jetsim/scenarios/scenario.h"

namespace jetsim::scenarios {

// The thread number setup and check calls are traced with.
inline constexpr std::uint32_t kSetupThread = 0xFFFF;

// Records a call and reports a violation unless it returned `expected`.
void Expect(Observer& observer, std::uint32_t thread, const char* name, std::uint64_t arg, JET_ERR result,
            JET_ERR expected = JET_errSuccess);

// The end of every case: no client session or slot is left, JetTerm
// succeeds, and afterwards the engine holds no instance, session or object
// allocation and lost no slot.
void CheckTeardown(Engine& engine, Observer& observer, JET_INSTANCE instance);

[[nodiscard]] std::unique_ptr<Workload> MakeDupBasic(std::uint64_t seed);

}  // namespace jetsim::scenarios
