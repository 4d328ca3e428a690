#include "jetsim/sim/strategy.h"

#include <algorithm>

#include "jetsim/sim/rng.h"

namespace jetsim::sim {

std::string_view NameOf(StrategyKind kind) {
  switch (kind) {
    case StrategyKind::kRandom:
      return "random";
    case StrategyKind::kPct:
      return "pct";
    case StrategyKind::kReplay:
      return "replay";
  }
  return "?";
}

std::optional<StrategyKind> FindStrategy(std::string_view name) {
  for (const StrategyKind kind : {StrategyKind::kRandom, StrategyKind::kPct, StrategyKind::kReplay}) {
    if (name == NameOf(kind)) return kind;
  }
  return std::nullopt;
}

namespace {

class RandomStrategy final : public Strategy {
 public:
  explicit RandomStrategy(std::uint64_t seed) : rng_(seed) {}
  void Start(std::uint32_t /*thread_count*/) override {}
  std::uint32_t Choose(std::uint64_t /*step*/, std::span<const std::uint32_t> runnable) override {
    return runnable[rng_.Below(static_cast<std::uint32_t>(runnable.size()))];
  }

 private:
  Rng rng_;
};

class PctStrategy final : public Strategy {
 public:
  PctStrategy(std::uint64_t seed, std::uint32_t depth, std::uint64_t expected_steps)
      : rng_(seed),
        depth_(depth == 0 ? 1 : depth),
        expected_steps_(expected_steps == 0 ? 1 : expected_steps) {}

  void Start(std::uint32_t thread_count) override {
    // Priorities depth .. depth + n - 1 in a random order (Fisher-Yates);
    // change points take the priorities below depth.
    priority_.resize(thread_count);
    for (std::uint32_t i = 0; i < thread_count; ++i) priority_[i] = depth_ + i;
    for (std::uint32_t i = thread_count; i > 1; --i) std::swap(priority_[i - 1], priority_[rng_.Below(i)]);
    change_points_.clear();
    for (std::uint32_t i = 1; i < depth_; ++i) {
      change_points_.push_back(rng_.Next() % expected_steps_);
    }
  }

  std::uint32_t Choose(std::uint64_t step, std::span<const std::uint32_t> runnable) override {
    std::uint32_t best = Highest(runnable);
    for (std::size_t i = 0; i < change_points_.size(); ++i) {
      if (change_points_[i] != step) continue;
      priority_[best] = static_cast<std::uint32_t>(i);  // below every initial priority
      best = Highest(runnable);
    }
    return best;
  }

 private:
  [[nodiscard]] std::uint32_t Highest(std::span<const std::uint32_t> runnable) const {
    std::uint32_t best = runnable[0];
    for (const std::uint32_t thread : runnable) {
      if (priority_[thread] > priority_[best]) best = thread;
    }
    return best;
  }

  Rng rng_;
  std::uint32_t depth_;
  std::uint64_t expected_steps_;
  std::vector<std::uint32_t> priority_;
  std::vector<std::uint64_t> change_points_;
};

class ReplayStrategy final : public Strategy {
 public:
  ReplayStrategy(std::vector<std::uint32_t> decisions, std::unique_ptr<Strategy> fallback)
      : decisions_(std::move(decisions)), fallback_(std::move(fallback)) {}
  void Start(std::uint32_t thread_count) override { fallback_->Start(thread_count); }
  std::uint32_t Choose(std::uint64_t step, std::span<const std::uint32_t> runnable) override {
    if (!diverged_ && step < decisions_.size()) {
      const std::uint32_t recorded = decisions_[step];
      if (std::find(runnable.begin(), runnable.end(), recorded) != runnable.end()) return recorded;
      diverged_ = true;
    }
    return fallback_->Choose(step, runnable);
  }
  bool diverged() const override { return diverged_; }

 private:
  std::vector<std::uint32_t> decisions_;
  std::unique_ptr<Strategy> fallback_;
  bool diverged_ = false;
};

}  // namespace

std::unique_ptr<Strategy> MakeRandomStrategy(std::uint64_t seed) {
  return std::make_unique<RandomStrategy>(seed);
}

std::unique_ptr<Strategy> MakePctStrategy(std::uint64_t seed, std::uint32_t depth,
                                          std::uint64_t expected_steps) {
  return std::make_unique<PctStrategy>(seed, depth, expected_steps);
}

std::unique_ptr<Strategy> MakeReplayStrategy(std::vector<std::uint32_t> decisions,
                                             std::unique_ptr<Strategy> fallback) {
  return std::make_unique<ReplayStrategy>(std::move(decisions), std::move(fallback));
}

}  // namespace jetsim::sim
