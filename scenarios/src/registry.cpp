#include <array>

#include "jetsim/scenarios/scenario.h"
#include "workloads.h"

namespace jetsim::scenarios {

namespace {
constexpr std::array<ScenarioInfo, 1> kScenarios = {{
    {"dup-basic",
     "4 threads x 50 calls: begin, dup (own and shared sessions), end, transactions; MaxSessions 6",
     MakeDupBasic},
}};
}  // namespace

std::span<const ScenarioInfo> AllScenarios() { return kScenarios; }

const ScenarioInfo* FindScenario(std::string_view name) {
  for (const ScenarioInfo& info : kScenarios) {
    if (name == info.name) return &info;
  }
  return nullptr;
}

}  // namespace jetsim::scenarios
