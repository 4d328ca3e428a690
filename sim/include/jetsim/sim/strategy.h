// Scheduling strategies: which runnable simulated thread runs at a decision.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace jetsim::sim {

enum class StrategyKind : std::uint8_t { kRandom, kPct, kReplay };
[[nodiscard]] std::string_view NameOf(StrategyKind kind);
[[nodiscard]] std::optional<StrategyKind> FindStrategy(std::string_view name);

class Strategy {
 public:
  virtual ~Strategy() = default;
  // Called once before the first decision.
  virtual void Start(std::uint32_t thread_count) = 0;
  // `runnable` holds thread ids in increasing order, never empty; returns one
  // of them. `current` is the thread that reached the decision (or none).
  [[nodiscard]] virtual std::uint32_t Choose(std::uint64_t step, std::span<const std::uint32_t> runnable) = 0;
  // True once a replay had to leave its recorded decisions.
  [[nodiscard]] virtual bool diverged() const { return false; }
};

// Uniform among the runnable threads.
[[nodiscard]] std::unique_ptr<Strategy> MakeRandomStrategy(std::uint64_t seed);
// Probabilistic concurrency testing (Burckhardt et al.): random distinct
// thread priorities, the highest runnable runs, and at depth - 1 random steps
// in [0, expected_steps) the running thread drops to the lowest priority.
[[nodiscard]] std::unique_ptr<Strategy> MakePctStrategy(std::uint64_t seed, std::uint32_t depth,
                                                        std::uint64_t expected_steps);
// Follows `decisions` (the thread id chosen at each step); past their end, or
// where the recorded thread cannot run, it continues with `fallback` and
// reports diverged() in the second case.
[[nodiscard]] std::unique_ptr<Strategy> MakeReplayStrategy(std::vector<std::uint32_t> decisions,
                                                           std::unique_ptr<Strategy> fallback);

}  // namespace jetsim::sim
