#include "jetsim/sim/sim_platform.h"

#include <cstdlib>
#include <exception>
#include <stdexcept>
#include <string>
#include <vector>

namespace jetsim::sim {

namespace {

constexpr std::uint32_t kFree = 0xFFFFFFFF;
constexpr std::uint32_t kOutside = 0xFFFFFFFE;

class SimLock final : public PlatformLock {
 public:
  SimLock(Scheduler& scheduler, std::string_view name) : scheduler_(scheduler), name_(name) {}

  void Acquire() override {
    if (!scheduler_.InThread()) {
      owner_ = kOutside;  // setup and check run alone
      return;
    }
    // Acquire never throws (destructors clean up under the lock): while a
    // failed case unwinds its threads, the lock is simply taken.
    if (scheduler_.aborting()) {
      owner_ = scheduler_.current();
      return;
    }
    scheduler_.Decide(Scheduler::kLockPoint, name_.c_str(), Scheduler::Unwind::kNever);
    // An unwinding stack cannot block: it takes the lock (the case is over).
    while (owner_ != kFree && !scheduler_.aborting() && std::uncaught_exceptions() == 0) {
      waiters_.push_back(scheduler_.current());
      scheduler_.Block(name_.c_str(), Scheduler::Unwind::kNever);
    }
    owner_ = scheduler_.current();
  }

  void Release() override {
    owner_ = kFree;
    // Every waiter retries; the scheduler decides who wins.
    for (const std::uint32_t waiter : waiters_) scheduler_.Wake(waiter);
    waiters_.clear();
  }

 private:
  Scheduler& scheduler_;
  std::string name_;
  std::uint32_t owner_ = kFree;
  std::vector<std::uint32_t> waiters_;
};

class SimCondition final : public PlatformCondition {
 public:
  SimCondition(Scheduler& scheduler, std::string_view name) : scheduler_(scheduler), name_(name) {}

  void Wait(PlatformLock& lock) override {
    // Outside every simulated thread nothing could ever notify: say so
    // rather than spin in the caller's loop.
    if (!scheduler_.InThread())
      throw std::logic_error(std::string("blocking wait on ") + name_ + " outside a simulated thread");
    waiters_.push_back(scheduler_.current());
    lock.Release();
    try {
      scheduler_.Block(name_.c_str());
    } catch (...) {
      lock.Acquire();  // the caller holds the lock again, also on this path
      throw;
    }
    lock.Acquire();
  }

  void NotifyAll() override {
    for (const std::uint32_t waiter : waiters_) scheduler_.Wake(waiter);
    waiters_.clear();
  }

 private:
  Scheduler& scheduler_;
  std::string name_;
  std::vector<std::uint32_t> waiters_;
};

}  // namespace

std::unique_ptr<PlatformLock> SimPlatform::NewLock(std::string_view name) {
  return std::make_unique<SimLock>(scheduler_, name);
}

std::unique_ptr<PlatformCondition> SimPlatform::NewCondition(std::string_view name) {
  return std::make_unique<SimCondition>(scheduler_, name);
}

void* SimPlatform::Allocate(std::size_t bytes, Site /*site*/) {
  void* block = std::malloc(bytes == 0 ? 1 : bytes);
  if (block != nullptr) {
    ++live_blocks_;
    ++allocations_;
  }
  return block;
}

void SimPlatform::Free(void* block, std::size_t /*bytes*/, Site /*site*/) {
  if (block == nullptr) return;
  --live_blocks_;
  std::free(block);
}

void SimPlatform::Yield(Site point) {
  scheduler_.Decide(static_cast<std::uint32_t>(point), InfoOf(point).name);
}

IoResult SimPlatform::WriteLog(std::size_t /*bytes*/, Site /*site*/) { return IoResult::kOk; }

std::uint64_t SimPlatform::NowNanos() { return scheduler_.step() * kNanosPerStep; }

ThreadToken SimPlatform::CurrentThread() {
  return scheduler_.InThread() ? ThreadToken{scheduler_.current()} + 1 : kOutsideToken;
}

}  // namespace jetsim::sim
