#include "workloads.h"

#include <string>

namespace jetsim::scenarios {

void Expect(Observer& observer, std::uint32_t thread, const char* name, std::uint64_t arg, JET_ERR result,
            JET_ERR expected) {
  observer.Call(thread, name, arg, result);
  if (result != expected) {
    observer.Violation(thread, std::string(name) + " returned " + jet_err_name(result) + ", expected " +
                                   jet_err_name(expected));
  }
}

void CheckTeardown(Engine& engine, Observer& observer, JET_INSTANCE instance, bool strict) {
  const EngineCounts before = engine.Counts();
  if (before.sessions != 0) {
    observer.Leak(std::to_string(before.sessions) + " sessions still open after every thread ended its own");
  }
  if (before.claimed_slots != before.sessions) {
    observer.Leak("the instance counts " + std::to_string(before.claimed_slots) + " sessions, " +
                  std::to_string(before.sessions) + " exist");
  }
  if (instance != 0) {
    const JET_ERR term = JetTerm(instance);
    if (strict) {
      Expect(observer, kSetupThread, "JetTerm", instance, term);
    } else {
      observer.Call(kSetupThread, "JetTerm", instance, term);
    }
  }
  const EngineCounts after = engine.Counts();
  if (after.instances != 0 || after.sessions != 0 || after.object_blocks != 0 || after.lost_slots != 0) {
    observer.Leak("after JetTerm: " + std::to_string(after.instances) + " instances, " +
                  std::to_string(after.sessions) + " sessions, " + std::to_string(after.object_blocks) +
                  " object allocations, " + std::to_string(after.lost_slots) + " lost slots remain");
  }
}

}  // namespace jetsim::scenarios
