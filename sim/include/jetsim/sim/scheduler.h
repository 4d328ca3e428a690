// The deterministic scheduler: simulated threads are Boost.Context fibers on
// the calling OS thread, and at every decision point (a named yield, a lock
// acquisition, a blocking wait) a Strategy picks which one runs next. A case
// ends when every thread is done, or with a failure: deadlock (every live
// thread blocked), livelock (the step budget), or an exception in a thread.
// Same strategy seed, same threads, same build -> same decisions and trace.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "jetsim/sim/strategy.h"
#include "jetsim/sim/trace.h"

namespace jetsim::sim {

enum class CaseStatus : std::uint8_t { kCompleted, kDeadlock, kLivelock, kException };
[[nodiscard]] const char* NameOf(CaseStatus status);

struct RunResult {
  CaseStatus status = CaseStatus::kCompleted;
  std::string detail;  // what failed, for anything but kCompleted
  std::uint64_t steps = 0;
};

class Scheduler {
 public:
  // Decision kinds are traced with the point's id; these are the ids of the
  // decisions that are not engine sites.
  static constexpr std::uint32_t kLockPoint = 0x10000;
  static constexpr std::uint32_t kWakePoint = 0x10001;
  static constexpr std::uint32_t kStartPoint = 0x10002;
  static constexpr std::uint32_t kExitPoint = 0x10003;

  Scheduler(std::unique_ptr<Strategy> strategy, Trace& trace, std::uint64_t step_budget);
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Adds a simulated thread (before Run). Ids are 0, 1, 2, ... in order.
  std::uint32_t Spawn(std::string name, std::function<void()> body);
  // Adds a thread that starts asleep and first runs, forced, at decision
  // `step` (a fault event "at step N": no strategy can start it earlier or
  // later). If every other thread ends or blocks first, it runs once they
  // have with StartCancelled() true: the event never happened.
  std::uint32_t SpawnAt(std::string name, std::uint64_t step, std::function<void()> body);
  // In a thread made by SpawnAt: whether it was started because the case
  // ended before its step.
  [[nodiscard]] bool StartCancelled() const;
  // Runs every thread to the end or to a failure. Once.
  RunResult Run();

  // ---- called from inside a simulated thread ----
  // True while a simulated thread is running (not on the scheduler's stack).
  [[nodiscard]] bool InThread() const { return current_ != kNone; }
  [[nodiscard]] std::uint32_t current() const { return current_; }
  // Whether a decision may throw the unwinding of a failed case into its
  // thread. Lock acquisitions say kNever: destructors take locks.
  enum class Unwind : std::uint8_t { kMayThrow, kNever };
  // A decision point: the strategy may run another thread before this returns.
  // REQUIRES: not inside a catch handler. The C++ runtime keeps the caught
  // exceptions per OS thread, and a switch there would hand them to another
  // fiber (no code of jetsim decides inside a handler).
  void Decide(std::uint32_t point, const char* name, Unwind unwind = Unwind::kMayThrow);
  // Blocks the current thread until Wake(it); a decision.
  void Block(const char* why, Unwind unwind = Unwind::kMayThrow);
  // Makes a blocked thread runnable again (no decision).
  void Wake(std::uint32_t thread);
  // Parks the current thread until decision `step`, where it is forced to
  // run (a fault event "at step N"). Returns false when every other thread
  // ended or blocked before that step: the event never happens.
  [[nodiscard]] bool SleepUntilStep(std::uint64_t step);
  // True after a failure, while the remaining threads are unwound: platform
  // objects must then not block. Decide and Block never switch on a stack
  // that is unwinding (an exception in flight), so the C++ runtime's
  // per-OS-thread exception state never crosses fibers.
  [[nodiscard]] bool aborting() const { return aborting_; }

  [[nodiscard]] std::uint64_t step() const { return step_; }
  [[nodiscard]] Trace& trace() { return trace_; }
  [[nodiscard]] const std::vector<std::uint32_t>& decisions() const { return decisions_; }
  [[nodiscard]] bool replay_diverged() const { return strategy_->diverged(); }
  [[nodiscard]] const std::string& thread_name(std::uint32_t thread) const;

 private:
  struct Thread;
  static constexpr std::uint32_t kNone = 0xFFFFFFFF;

  // Takes decision step_ for a hand-over at `point` on the calling stack:
  // the strategy's choice among the runnable threads, logged and traced.
  // False when the case is over instead (every thread done, an exception,
  // deadlock, livelock): end_ says how, and control goes back to Run.
  bool TakeDecision(std::uint32_t point, const char* name, std::uint32_t* chosen);
  // Switches from the running context (a thread, or Run when current_ is
  // kNone) straight to `target` (a thread, or kNone for Run). Returns when
  // another context switches back.
  void SwitchTo(std::uint32_t target);
  void StartThread(std::uint32_t id);

  std::unique_ptr<Strategy> strategy_;
  Trace& trace_;
  std::uint64_t step_budget_;
  std::vector<std::unique_ptr<Thread>> threads_;
  // Runnable thread ids in increasing order, kept up to date by Block, Wake
  // and thread exit (not rebuilt at each decision).
  std::vector<std::uint32_t> runnable_;
  std::uint32_t live_ = 0;      // threads not done
  std::uint32_t sleepers_ = 0;  // threads in SleepUntilStep
  std::vector<std::uint32_t> decisions_;
  std::uint32_t current_ = kNone;
  std::uint64_t step_ = 0;
  bool aborting_ = false;
  bool ran_ = false;
  RunResult end_;  // how the case ended, set where TakeDecision returns false
  // The context that made the last switch (kNone: Run's stack).
  std::uint32_t switched_from_ = kNone;
  // Run's own stack while a thread runs.
  struct MainContext;
  std::unique_ptr<MainContext> main_;
  // The failure a thread reported (an exception).
  std::string failure_;
  // Bounds of the scheduler's own stack, for AddressSanitizer's fiber API.
  const void* main_stack_bottom_ = nullptr;
  std::size_t main_stack_size_ = 0;
};

}  // namespace jetsim::sim
