// One scheduling decision of sim::Scheduler with everything a real case
// pays for it: the strategy's choice, the decision log, trace hashing and
// the real fiber switches the scheduler makes for it.
#include <benchmark/benchmark.h>

#include <cstdint>

#include "jetsim/sim/scheduler.h"
#include "jetsim/sim/sim_platform.h"
#include "jetsim/sim/strategy.h"
#include "jetsim/sim/trace.h"
#include "jetsim/sites.h"

namespace {

using jetsim::sim::CaseStatus;
using jetsim::sim::MakeRandomStrategy;
using jetsim::sim::RunResult;
using jetsim::sim::Scheduler;
using jetsim::sim::SimPlatform;
using jetsim::sim::Trace;

// Two simulated threads, each calling SimPlatform::Yield(kPibClaim)
// range(0) times, under the uniform random strategy; one Scheduler per
// benchmark iteration. `decision` = elapsed / scheduler steps, so the
// per-case setup (two fibers, their stacks) is included and amortized over
// 2 * range(0) + 2 steps: the large argument is the per-decision figure.
void BM_SchedulerDecision(benchmark::State& state) {
  const auto yields = static_cast<std::uint64_t>(state.range(0));
  std::uint64_t steps = 0;
  std::uint64_t seed = 0;
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): the library's idiom
    Trace trace;
    Scheduler scheduler(MakeRandomStrategy(++seed), trace, 1'000'000'000);
    SimPlatform platform(scheduler);
    for (int t = 0; t < 2; ++t) {
      scheduler.Spawn(t == 0 ? "a" : "b", [&platform, yields] {
        for (std::uint64_t i = 0; i < yields; ++i) platform.Yield(jetsim::Site::kPibClaim);
      });
    }
    const RunResult run = scheduler.Run();
    if (run.status != CaseStatus::kCompleted) {
      state.SkipWithError(run.detail.c_str());
      break;
    }
    steps += run.steps;
    benchmark::DoNotOptimize(trace.fingerprint());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(steps));
  state.counters["decision"] = benchmark::Counter(static_cast<double>(steps),
                                                  benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.counters["steps_per_case"] =
      benchmark::Counter(static_cast<double>(steps), benchmark::Counter::kAvgIterations);
}
BENCHMARK(BM_SchedulerDecision)->Arg(10)->Arg(1000)->UseRealTime();

}  // namespace
