// libFuzzer target: the fault plan parser. Any input gives a plan or one
// error line, never a crash; a plan parsed once prints (ToJson) to a plan
// that parses again to the same faults.
#include <cstddef>
#include <cstdint>
#include <string>
#include <variant>

#include "jetsim/faults/fault_plan.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto parsed = jetsim::faults::ParseFaultPlan(text);
  if (const auto* error = std::get_if<jetsim::faults::PlanError>(&parsed)) {
    if (error->message.empty() || error->message.find('\n') != std::string::npos) __builtin_trap();
    return 0;
  }
  const jetsim::faults::FaultPlan& plan = std::get<jetsim::faults::FaultPlan>(parsed);
  auto again = jetsim::faults::ParseFaultPlan(plan.ToJson());
  const auto* round_trip = std::get_if<jetsim::faults::FaultPlan>(&again);
  if (round_trip == nullptr || round_trip->faults.size() != plan.faults.size()) __builtin_trap();
  for (std::size_t i = 0; i < plan.faults.size(); ++i) {
    if (round_trip->faults[i].Id() != plan.faults[i].Id()) __builtin_trap();
  }
  return 0;
}
