// The simulator's one random generator (SplitMix64). Every random choice of
// a case comes from it; no std distribution is used, because their output
// differs between standard libraries.
#pragma once

#include <cstdint>

namespace jetsim::sim {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}

  [[nodiscard]] std::uint64_t Next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, bound) by multiply-shift (bound > 0); the tiny bias is the
  // same on every platform, which is what matters here.
  [[nodiscard]] std::uint32_t Below(std::uint32_t bound) {
    return static_cast<std::uint32_t>(((Next() >> 32) * bound) >> 32);
  }
  // True with probability numerator / denominator.
  [[nodiscard]] bool Chance(std::uint32_t numerator, std::uint32_t denominator) {
    return Below(denominator) < numerator;
  }

 private:
  std::uint64_t state_;
};

// A seed for a derived stream (case i of campaign seed s, thread t, ...).
[[nodiscard]] inline std::uint64_t DeriveSeed(std::uint64_t seed, std::uint64_t stream) {
  Rng rng(seed ^ (stream * 0xD1B54A32D192ED03ULL));
  return rng.Next();
}

}  // namespace jetsim::sim
