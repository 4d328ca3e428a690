// Scenarios: named workloads. A scenario builds its simulated threads'
// programs from a seed (the program never depends on the schedule), sets up
// an engine, runs the threads, and checks what it saw. The same workload
// runs under the simulator and on real threads.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "jetsim/engine.h"
#include "jetsim/faults/fault_plan.h"
#include "jetsim/scenarios/history.h"

namespace jetsim::scenarios {

// What a workload reports as it goes. Implementations record API calls in
// the trace (simulator) or only count them (real threads); they must be
// safe to call from several real threads at once.
class Observer {
 public:
  virtual ~Observer() = default;
  // One esent.h call and its result. `arg` is the handle or value the call
  // was about (for the trace).
  virtual void Call(std::uint32_t thread, const char* name, std::uint64_t arg, JET_ERR result) = 0;
  // A property did not hold. The first violation fails the case.
  virtual void Violation(std::uint32_t thread, std::string what) = 0;
  // Something was lost after teardown (a session, a slot, an allocation).
  virtual void Leak(std::string what) = 0;
  // A fault of the plan took effect now (the workload reports its misuse
  // faults, the runner the others).
  virtual void Fired(const faults::Fault& fault, std::uint32_t thread) = 0;
  // The next tick of the case's history clock (history.h). Workloads that
  // record their calls read it just before a call enters the engine and
  // just after it returns.
  virtual std::uint64_t Tick() = 0;
  // Appends a call to the case's History; returns its index there.
  virtual std::size_t Record(CallRecord call) = 0;
};

// One case of a scenario, from setup to check.
class Workload {
 public:
  virtual ~Workload() = default;
  [[nodiscard]] virtual std::uint32_t thread_count() const = 0;
  // The instance lifecycle fault events act on (after Setup).
  [[nodiscard]] virtual JET_INSTANCE instance() const = 0;
  // Before the threads run, on the engine (current on this OS thread).
  virtual void Setup(Engine& engine, Observer& observer) = 0;
  // The body of simulated thread `thread`; the engine is current.
  virtual void RunThread(std::uint32_t thread, Engine& engine, Observer& observer) = 0;
  // After every thread finished: teardown and leak checks.
  virtual void Check(Engine& engine, Observer& observer) = 0;
  // A fault event's API call (JetTerm2, JetStopServiceInstance,
  // JetRestoreInstance) returned `result`; called on the event's thread.
  virtual void EventDone(std::string_view call, JET_ERR result) = 0;
};

struct ScenarioInfo {
  const char* name;
  const char* description;
  // The workload of case `seed`; `plan` holds the case's faults (the
  // workload carries out the misuse ones itself).
  std::unique_ptr<Workload> (*make)(std::uint64_t seed, const faults::FaultPlan& plan);
  // The faults a case of this scenario gets from its seed (empty plan: none).
  faults::FaultPlan (*generate_plan)(std::uint64_t seed);
};

[[nodiscard]] std::span<const ScenarioInfo> AllScenarios();
[[nodiscard]] const ScenarioInfo* FindScenario(std::string_view name);

}  // namespace jetsim::scenarios
