#include "jetsim/thread_platform.h"

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>

namespace jetsim {

namespace {

class ThreadLock final : public PlatformLock {
 public:
  void Acquire() override { mutex_.lock(); }
  void Release() override { mutex_.unlock(); }
  std::mutex& mutex() { return mutex_; }

 private:
  std::mutex mutex_;
};

class ThreadCondition final : public PlatformCondition {
 public:
  void Wait(PlatformLock& lock) override {
    // Only ThreadPlatform's locks meet ThreadPlatform's conditions: a
    // decorator must wrap NewLock and NewCondition together, or neither.
    auto* thread_lock = dynamic_cast<ThreadLock*>(&lock);
    if (thread_lock == nullptr) {
      std::fputs("jetsim: ThreadPlatform condition waited on a lock of another platform\n", stderr);
      std::abort();
    }
    std::unique_lock<std::mutex> held(thread_lock->mutex(), std::adopt_lock);
    condition_.wait(held);
    held.release();
  }
  void NotifyAll() override { condition_.notify_all(); }

 private:
  std::condition_variable condition_;
};

}  // namespace

std::unique_ptr<PlatformLock> ThreadPlatform::NewLock(std::string_view /*name*/) {
  return std::make_unique<ThreadLock>();
}

std::unique_ptr<PlatformCondition> ThreadPlatform::NewCondition(std::string_view /*name*/) {
  return std::make_unique<ThreadCondition>();
}

void* ThreadPlatform::Allocate(std::size_t bytes, Site /*site*/) {
  void* block = std::malloc(bytes == 0 ? 1 : bytes);
  if (block != nullptr) {
    live_blocks_.fetch_add(1, std::memory_order_relaxed);
    live_bytes_.fetch_add(static_cast<std::int64_t>(bytes), std::memory_order_relaxed);
  }
  return block;
}

void ThreadPlatform::Free(void* block, std::size_t bytes, Site /*site*/) {
  if (block == nullptr) return;
  live_blocks_.fetch_sub(1, std::memory_order_relaxed);
  live_bytes_.fetch_sub(static_cast<std::int64_t>(bytes), std::memory_order_relaxed);
  std::free(block);
}

void ThreadPlatform::Yield(Site /*point*/) {
  if (yields_ == YieldMode::kOsYield) std::this_thread::yield();
}

IoResult ThreadPlatform::WriteLog(std::size_t bytes, Site /*site*/) {
  log_bytes_.fetch_add(bytes, std::memory_order_relaxed);
  return IoResult::kOk;
}

std::uint64_t ThreadPlatform::NowNanos() {
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                        std::chrono::steady_clock::now().time_since_epoch())
                                        .count());
}

ThreadToken ThreadPlatform::CurrentThread() {
  // A token per OS thread, never reused (unlike std::thread::id, which the C
  // library hands to the next thread once one is joined): a context set by a
  // thread that has exited must not belong to a newcomer. Only ever compared.
  static std::atomic<ThreadToken> next_token{1};
  thread_local const ThreadToken token = next_token.fetch_add(1, std::memory_order_relaxed);
  return token;
}

}  // namespace jetsim
