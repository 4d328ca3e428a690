// The figures `jetsim bench` reports, measured side by side in one run on
// one core (docs/performance.md): a raw fiber switch, one scheduler
// decision, whole dup-basic cases in the simulator and on real threads, the
// fail-Nth sweep's overhead, resident memory over a long campaign, and how
// fast each side finds the seeded race. Timings here are for reports
// only: no test asserts on them.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace jetsim::bench {

struct Figure {
  std::string id;    // e.g. "decision_ns"
  std::string what;  // one line for people
  double value = 0;
  std::string unit;       // ns, cases/s, ratio, MiB, s
  bool censored = false;  // "> value": never happened within the budget
  std::string goal;       // e.g. "<= 3", "" when the figure has none
  std::optional<bool> met;
};

struct Options {
  double seconds = 1.0;  // per timed figure
  std::uint64_t memory_small = 10'000;
  std::uint64_t memory_large = 200'000;
  double race_budget = 10;  // wall clock for each side of the race hunt
};

// Runs every measurement; `progress` hears the name of each as it starts.
[[nodiscard]] std::vector<Figure> MeasureAll(const Options& options,
                                             const std::function<void(const std::string&)>& progress);

}  // namespace jetsim::bench
