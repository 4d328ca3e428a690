// ThreadPlatform: the real platform. std::mutex and std::condition_variable,
// malloc (not operator new, so a test can prove the engine allocates only
// through the platform), a log device that only counts bytes, steady_clock,
// and a token per OS thread. A yield point does nothing, as in a real
// engine (the OS preempts where it likes); kOsYield makes every named yield
// point a sched_yield, a stress mode that widens exactly those windows.
#pragma once

#include <atomic>
#include <cstdint>

#include "jetsim/platform.h"

namespace jetsim {

class ThreadPlatform final : public Platform {
 public:
  enum class YieldMode : std::uint8_t { kNone, kOsYield };
  explicit ThreadPlatform(YieldMode yields = YieldMode::kNone) : yields_(yields) {}
  ~ThreadPlatform() override = default;
  ThreadPlatform(const ThreadPlatform&) = delete;
  ThreadPlatform& operator=(const ThreadPlatform&) = delete;

  std::unique_ptr<PlatformLock> NewLock(std::string_view name) override;
  std::unique_ptr<PlatformCondition> NewCondition(std::string_view name) override;
  void* Allocate(std::size_t bytes, Site site) override;
  void Free(void* block, std::size_t bytes, Site site) override;
  void Yield(Site point) override;
  IoResult WriteLog(std::size_t bytes, Site site) override;
  std::uint64_t NowNanos() override;
  ThreadToken CurrentThread() override;

  // Blocks allocated and not yet freed, and their bytes.
  [[nodiscard]] std::int64_t live_blocks() const { return live_blocks_.load(); }
  [[nodiscard]] std::int64_t live_bytes() const { return live_bytes_.load(); }
  [[nodiscard]] std::uint64_t log_bytes() const { return log_bytes_.load(); }

 private:
  YieldMode yields_;
  std::atomic<std::int64_t> live_blocks_{0};
  std::atomic<std::int64_t> live_bytes_{0};
  std::atomic<std::uint64_t> log_bytes_{0};
};

}  // namespace jetsim
