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
// succeeds (when `strict`; under faults a term event may have ended the
// instance already, and `instance` is 0 when setup failed), and afterwards
// the engine holds no instance, session or object allocation and lost no
// slot (reported as leaks).
void CheckTeardown(Engine& engine, Observer& observer, JET_INSTANCE instance, bool strict);

// The shape of a session workload (session_workload.cpp).
struct WorkloadShape {
  const char* name;  // also the instance's name
  std::uint32_t threads;
  std::uint32_t calls_per_thread;
  JET_API_PTR max_sessions;
  // Threads duplicate sessions other threads began (and so meet sessions
  // that are busy or ended: SessionSharingViolation, dead handles). The
  // fault scenarios turn it off so their outcome classes speak of the fault.
  bool share_sessions;
  // Threads also bind and unbind session contexts.
  bool use_contexts;
};

[[nodiscard]] std::unique_ptr<Workload> MakeSessionWorkload(const WorkloadShape& shape, std::uint64_t seed,
                                                            const faults::FaultPlan& plan);

}  // namespace jetsim::scenarios
