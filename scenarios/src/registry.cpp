#include <array>

#include "jetsim/scenarios/program.h"
#include "jetsim/scenarios/scenario.h"
#include "plans.h"
#include "workloads.h"

namespace jetsim::scenarios {

namespace {

constexpr WorkloadShape kDupBasic{"dup-basic", 4, 50, 6, true, false};
constexpr WorkloadShape kDupExhaust{"dup-exhaust", 6, 40, 3, true, false};
constexpr WorkloadShape kFaulted{"dup-faults", 4, 50, 6, false, false};
constexpr WorkloadShape kMixed{"mixed", 4, 50, 6, false, true};

std::unique_ptr<Workload> MakeProgram(std::uint64_t seed, const faults::FaultPlan& /*plan*/) {
  return MakeProgramWorkload(RandomProgram(seed));
}

template <const WorkloadShape& kShape>
std::unique_ptr<Workload> Make(std::uint64_t seed, const faults::FaultPlan& plan) {
  return MakeSessionWorkload(kShape, seed, plan);
}

constexpr std::array<ScenarioInfo, 9> kScenarios = {{
    {"dup-basic",
     "4 threads x 50 calls: begin, dup (own and shared sessions), end, transactions; MaxSessions 6",
     Make<kDupBasic>, NoFaults},
    {"dup-exhaust", "6 threads x 40 calls on MaxSessions 3: slots run out all the time", Make<kDupExhaust>,
     NoFaults},
    {"dup-oom", "dup-basic's workload with one or two failing allocations", Make<kFaulted>, OomPlan},
    {"dup-vs-term", "dup-basic's workload with a JetTerm2 (abrupt, complete or dirty) at a step",
     Make<kFaulted>, TermPlan},
    {"dup-vs-stop", "dup-basic's workload with a JetStopServiceInstance at a step", Make<kFaulted>, StopPlan},
    {"dup-vs-restore", "dup-basic's workload with a JetRestoreInstance at a step", Make<kFaulted>,
     RestorePlan},
    {"dup-vs-fatal", "dup-basic's workload with a failed or disk-full log write at a step", Make<kFaulted>,
     FatalPlan},
    {"mixed",
     "dup-basic's workload plus session contexts, with one to three faults of any kind, misuse included",
     Make<kMixed>, MixedPlan},
    {"programs",
     "generated programs (1-4 threads: begin, dup of own/foreign/nil/forged/stale sessions, end, "
     "transactions, "
     "contexts, stop/term/restore) with up to two faults; every JetDupSession judged by the contract oracle",
     MakeProgram, ProgramPlan},
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
