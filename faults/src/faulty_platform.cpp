#include "jetsim/faults/faulty_platform.h"

namespace jetsim::faults {

namespace {
// SplitMix64, as the simulator's generator (faults does not depend on sim).
std::uint64_t NextRandom(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}
}  // namespace

FaultyPlatform::FaultyPlatform(Platform& target, FaultPlan plan, std::uint64_t seed,
                               std::function<std::uint64_t()> step,
                               std::function<void(const Firing&)> on_fire)
    : PlatformWrapper(target),
      plan_(std::move(plan)),
      rng_state_(seed),
      step_(std::move(step)),
      on_fire_(std::move(on_fire)),
      failing_(plan_.faults.size(), false),
      spent_(plan_.faults.size(), false) {
  static_assert(static_cast<std::size_t>(Site::kTermTeardownInstance) < 64);
}

void FaultyPlatform::Fire(std::size_t index, Site site) {
  const Firing firing{index, step_ ? step_() : 0, site};
  firings_.push_back(firing);
  if (on_fire_) on_fire_(firing);
}

bool FaultyPlatform::AllocationFails(std::size_t index, Site site) {
  const Fault& fault = plan_.faults[index];
  if (failing_[index]) return true;  // persistent: every allocation after the first failure fails
  if (fault.nth != 0) {
    const std::uint64_t count = fault.site ? reached_[static_cast<std::size_t>(site)] : allocations_;
    if (count != fault.nth) return false;
  } else if (NextRandom(rng_state_) % 1'000'000 >= fault.probability_ppm) {
    return false;
  }
  if (fault.mode == AllocMode::kPersistent) failing_[index] = true;
  return true;
}

void* FaultyPlatform::Allocate(std::size_t bytes, Site site) {
  ++allocations_;
  ++reached_[static_cast<std::size_t>(site)];
  for (std::size_t i = 0; i < plan_.faults.size(); ++i) {
    const Fault& fault = plan_.faults[i];
    if (fault.kind != FaultKind::kAlloc || (fault.site && *fault.site != site)) continue;
    if (AllocationFails(i, site)) {
      Fire(i, site);
      return nullptr;
    }
  }
  return PlatformWrapper::Allocate(bytes, site);
}

IoResult FaultyPlatform::WriteLog(std::size_t bytes, Site site) {
  ++reached_[static_cast<std::size_t>(site)];
  const std::uint64_t now = step_ ? step_() : 0;
  for (std::size_t i = 0; i < plan_.faults.size(); ++i) {
    const Fault& fault = plan_.faults[i];
    // A fatal fault arms the log at its step: the next write fails, once.
    if (fault.kind != FaultKind::kFatal || spent_[i] || now < fault.step) continue;
    spent_[i] = true;
    Fire(i, site);
    return fault.variant == Variant::kFatalLogDiskFull ? IoResult::kDiskFull : IoResult::kFailed;
  }
  return PlatformWrapper::WriteLog(bytes, site);
}

void FaultyPlatform::Yield(Site point) {
  ++reached_[static_cast<std::size_t>(point)];
  PlatformWrapper::Yield(point);
}

}  // namespace jetsim::faults
