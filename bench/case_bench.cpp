// One whole dup-basic case (4 threads x 50 calls, setup, run, check), with
// a different seed per iteration: under the simulator and on real threads.
#include <benchmark/benchmark.h>

#include <cstdint>

#include "jetsim/scenarios/runner.h"

namespace {

using jetsim::scenarios::CaseOptions;
using jetsim::scenarios::CaseResult;

// Seeds run 1, 2, 3, ... in every benchmark run, so repetitions measure the
// same cases.
template <CaseResult (*kRun)(const CaseOptions&)>
void RunCases(benchmark::State& state, bool counts_decisions) {
  CaseOptions options;
  options.scenario = "dup-basic";
  std::uint64_t steps = 0;
  std::uint64_t calls = 0;
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): the library's idiom
    ++options.seed;
    const CaseResult result = kRun(options);
    if (!result.passed) {
      state.SkipWithError("a dup-basic case failed without any armed bug");
      break;
    }
    steps += result.steps;
    calls += result.calls;
  }
  using benchmark::Counter;
  state.SetItemsProcessed(state.iterations());
  state.counters["cases_per_s"] = Counter(1, Counter::kIsIterationInvariantRate);
  state.counters["calls_per_s"] = Counter(static_cast<double>(calls), Counter::kIsRate);
  if (counts_decisions) {
    state.counters["decisions_per_s"] = Counter(static_cast<double>(steps), Counter::kIsRate);
    // The whole case's time divided by its decisions: engine work included.
    state.counters["case_time_per_decision"] =
        Counter(static_cast<double>(steps), Counter::kIsRate | Counter::kInvert);
    state.counters["decisions_per_case"] = Counter(static_cast<double>(steps), Counter::kAvgIterations);
  }
}

void BM_DupBasicCase(benchmark::State& state) { RunCases<jetsim::scenarios::RunSimulatedCase>(state, true); }
BENCHMARK(BM_DupBasicCase)->UseRealTime();

// Real time: the work happens on four std::threads, not on the timing thread.
void BM_DupBasicCaseThreads(benchmark::State& state) {
  RunCases<jetsim::scenarios::RunThreadedCase>(state, false);
}
BENCHMARK(BM_DupBasicCaseThreads)->UseRealTime();

}  // namespace
