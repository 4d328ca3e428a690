// SimPlatform: the Platform of a simulated case. Locks and conditions block
// simulated threads instead of OS threads, every yield point and lock
// acquisition is a scheduling decision, the clock is the step counter, and a
// thread's identity is its fiber. Calls made outside any simulated thread
// (a case's setup and check on the scheduler's own stack) never decide.
#pragma once

#include <cstdint>

#include "jetsim/platform.h"
#include "jetsim/sim/scheduler.h"

namespace jetsim::sim {

class SimPlatform final : public Platform {
 public:
  // The token of code running outside every simulated thread.
  static constexpr ThreadToken kOutsideToken = 0x0A11CE;
  // Simulated nanoseconds per decision.
  static constexpr std::uint64_t kNanosPerStep = 1000;

  explicit SimPlatform(Scheduler& scheduler) : scheduler_(scheduler) {}

  std::unique_ptr<PlatformLock> NewLock(std::string_view name) override;
  std::unique_ptr<PlatformCondition> NewCondition(std::string_view name) override;
  void* Allocate(std::size_t bytes, Site site) override;
  void Free(void* block, std::size_t bytes, Site site) override;
  void Yield(Site point) override;
  IoResult WriteLog(std::size_t bytes, Site site) override;
  std::uint64_t NowNanos() override;
  ThreadToken CurrentThread() override;

  [[nodiscard]] std::int64_t live_blocks() const { return live_blocks_; }
  [[nodiscard]] std::uint64_t allocations() const { return allocations_; }
  [[nodiscard]] Scheduler& scheduler() const { return scheduler_; }

 private:
  Scheduler& scheduler_;
  std::int64_t live_blocks_ = 0;
  std::uint64_t allocations_ = 0;
};

}  // namespace jetsim::sim
