// jetsim::Platform: the one seam between the engine and the world.
//
// The engine reaches locks, blocking waits, memory, the log device, time,
// thread identity and "a point where another thread could run" only through
// this interface (the idea of LevelDB's Env). ThreadPlatform is the real one;
// the simulator's SimPlatform and the fault layer's FaultyPlatform are the
// others. Engine code is never changed or #ifdef'ed for either of them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "jetsim/sites.h"

namespace jetsim {

// Identifies the calling (real or simulated) thread. Only ever compared for
// equality; 0 is never a live thread's token.
using ThreadToken = std::uint64_t;
inline constexpr ThreadToken kNoThread = 0;

enum class IoResult : std::uint8_t { kOk, kFailed, kDiskFull };

// A mutual-exclusion lock. Not recursive.
class PlatformLock {
 public:
  virtual ~PlatformLock() = default;
  // Blocks until the calling thread holds the lock. Under a simulator this is
  // a scheduling decision. Never throws: destructors take locks to clean up.
  virtual void Acquire() = 0;
  // REQUIRES: the calling thread holds the lock.
  virtual void Release() = 0;
};

// A condition the engine waits on (term waiting for calls still inside).
class PlatformCondition {
 public:
  virtual ~PlatformCondition() = default;
  // REQUIRES: the calling thread holds `lock`, a lock of the same platform.
  // Releases it, blocks until a NotifyAll (or spuriously), and holds it again
  // on return, also when it returns by an exception: callers loop.
  virtual void Wait(PlatformLock& lock) = 0;
  // Wakes every waiter. The caller may or may not hold the lock.
  virtual void NotifyAll() = 0;
};

class Platform {
 public:
  virtual ~Platform() = default;

  // New locks and conditions. Called while an Engine is built, never inside
  // an API call, so these may allocate with operator new. `name` is for
  // traces and must outlive the object (a literal).
  [[nodiscard]] virtual std::unique_ptr<PlatformLock> NewLock(std::string_view name) = 0;
  [[nodiscard]] virtual std::unique_ptr<PlatformCondition> NewCondition(std::string_view name) = 0;

  // Returns `bytes` bytes aligned for any object, or nullptr when the
  // allocation fails (the engine turns that into an error code). Never
  // throws. `site` names the allocation for fault plans.
  [[nodiscard]] virtual void* Allocate(std::size_t bytes, Site site) = 0;
  // REQUIRES: `block` came from Allocate with the same `bytes` and `site`.
  virtual void Free(void* block, std::size_t bytes, Site site) = 0;

  // A named point where a real thread could be preempted and the outcome
  // could change. REQUIRES: the caller holds no platform lock. May throw (a
  // simulator unwinds the threads of a failed case from here): never call it
  // from a destructor.
  virtual void Yield(Site point) = 0;

  // Appends `bytes` bytes to the log device. A failure is a fatal error for
  // the instance that wrote it.
  [[nodiscard]] virtual IoResult WriteLog(std::size_t bytes, Site site) = 0;

  // Monotonic time in nanoseconds (simulated under the simulator).
  [[nodiscard]] virtual std::uint64_t NowNanos() = 0;

  // The calling thread's token (the fiber's under the simulator).
  [[nodiscard]] virtual ThreadToken CurrentThread() = 0;
};

// Forwards every call to another platform, so a decorator overrides only
// what it changes (LevelDB's EnvWrapper).
class PlatformWrapper : public Platform {
 public:
  explicit PlatformWrapper(Platform& target) : target_(target) {}
  [[nodiscard]] Platform& target() const { return target_; }

  std::unique_ptr<PlatformLock> NewLock(std::string_view name) override { return target_.NewLock(name); }
  std::unique_ptr<PlatformCondition> NewCondition(std::string_view name) override {
    return target_.NewCondition(name);
  }
  void* Allocate(std::size_t bytes, Site site) override { return target_.Allocate(bytes, site); }
  void Free(void* block, std::size_t bytes, Site site) override { target_.Free(block, bytes, site); }
  void Yield(Site point) override { target_.Yield(point); }
  IoResult WriteLog(std::size_t bytes, Site site) override { return target_.WriteLog(bytes, site); }
  std::uint64_t NowNanos() override { return target_.NowNanos(); }
  ThreadToken CurrentThread() override { return target_.CurrentThread(); }

 private:
  Platform& target_;
};

}  // namespace jetsim
