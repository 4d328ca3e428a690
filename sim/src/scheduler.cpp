#include "jetsim/sim/scheduler.h"

#include <algorithm>
#include <boost/context/fiber.hpp>
#include <boost/context/stack_context.hpp>
#include <cstdlib>
#include <exception>
#include <new>
#include <vector>

#include "fiber_switch.h"

namespace jetsim::sim {

// Decisions are taken on the stack of the thread that reaches them: when the
// strategy picks that same thread again nothing switches, otherwise control
// goes straight to the chosen thread (one fiber switch, not two through
// Run's stack). Run takes only the first decision and gets control back
// when the case is over. The decisions, and so the trace, are the same as
// with a central loop.

namespace {

// Thrown into a simulated thread at its next decision once the case has
// failed, so its stack unwinds through the engine's RAII. Not a
// std::exception: workloads that catch those must not swallow it.
struct CaseAborted {};

// Fiber stacks of finished threads, kept for the next case on this OS
// thread: a fresh 128 KiB malloc is an mmap or regrows a trimmed heap, and
// its pages fault again, which cost several microseconds per case. Only
// memory is reused; nothing a case can observe depends on it.
class StackCache {
 public:
  StackCache() = default;
  StackCache(const StackCache&) = delete;
  StackCache& operator=(const StackCache&) = delete;
  ~StackCache() {
    for (void* block : blocks_) std::free(block);
  }
  void* Take() {
    if (blocks_.empty()) return std::malloc(kFiberStackBytes);
    void* block = blocks_.back();
    blocks_.pop_back();
    UnpoisonStack(block, kFiberStackBytes);
    return block;
  }
  void Give(void* block) {
    if (blocks_.size() < kKept) {
      blocks_.push_back(block);
    } else {
      std::free(block);
    }
  }

 private:
  static constexpr std::size_t kKept = 16;
  std::vector<void*> blocks_;
};

thread_local StackCache stack_cache;

// Allocates fiber stacks from the cache and records where each one is,
// which the ASan annotations need.
class RecordingStackAllocator {
 public:
  explicit RecordingStackAllocator(boost::context::stack_context* record) : record_(record) {}
  boost::context::stack_context allocate() {
    void* base = stack_cache.Take();
    if (base == nullptr) throw std::bad_alloc();
    boost::context::stack_context stack;
    stack.size = kFiberStackBytes;
    stack.sp = static_cast<char*>(base) + kFiberStackBytes;
    *record_ = stack;
    return stack;
  }
  void deallocate(boost::context::stack_context& stack) {
    stack_cache.Give(static_cast<char*>(stack.sp) - stack.size);
  }

 private:
  boost::context::stack_context* record_;
};

}  // namespace

struct Scheduler::Thread {
  enum class State : std::uint8_t { kRunnable, kBlocked, kSleeping, kDone };
  std::string name;
  std::function<void()> body;
  State state = State::kRunnable;
  bool started = false;
  const char* blocked_on = "";
  std::uint64_t wake_step = 0;  // while kSleeping
  bool sleep_cancelled = false;
  boost::context::fiber context;  // the thread, while it is suspended
  boost::context::stack_context stack;
  void* fake_stack = nullptr;
};

struct Scheduler::MainContext {
  boost::context::fiber context;  // Run's stack, while a thread runs
  void* fake_stack = nullptr;
};

const char* NameOf(CaseStatus status) {
  switch (status) {
    case CaseStatus::kCompleted:
      return "completed";
    case CaseStatus::kDeadlock:
      return "deadlock";
    case CaseStatus::kLivelock:
      return "livelock";
    case CaseStatus::kException:
      return "exception";
  }
  return "?";
}

Scheduler::Scheduler(std::unique_ptr<Strategy> strategy, Trace& trace, std::uint64_t step_budget)
    : strategy_(std::move(strategy)),
      trace_(trace),
      step_budget_(step_budget),
      main_(std::make_unique<MainContext>()) {}

Scheduler::~Scheduler() = default;

std::uint32_t Scheduler::Spawn(std::string name, std::function<void()> body) {
  auto thread = std::make_unique<Thread>();
  thread->name = std::move(name);
  thread->body = std::move(body);
  threads_.push_back(std::move(thread));
  return static_cast<std::uint32_t>(threads_.size() - 1);
}

std::uint32_t Scheduler::SpawnAt(std::string name, std::uint64_t step, std::function<void()> body) {
  const std::uint32_t id = Spawn(std::move(name), std::move(body));
  threads_[id]->state = Thread::State::kSleeping;
  threads_[id]->wake_step = step;
  return id;
}

bool Scheduler::StartCancelled() const { return InThread() && threads_[current_]->sleep_cancelled; }

const std::string& Scheduler::thread_name(std::uint32_t thread) const { return threads_[thread]->name; }

bool Scheduler::TakeDecision(std::uint32_t point, const char* name, std::uint32_t* chosen) {
  std::uint32_t forced = kNone;  // a sleeper whose step has come
  if (sleepers_ != 0) {
    for (std::uint32_t i = 0; i < threads_.size() && forced == kNone; ++i) {
      const Thread& thread = *threads_[i];
      if (thread.state == Thread::State::kSleeping && thread.wake_step <= step_) forced = i;
    }
  }
  if (!failure_.empty()) {
    end_.status = CaseStatus::kException;
    end_.detail = failure_;
    return false;
  }
  if (live_ == 0) return false;
  if (runnable_.empty() && forced == kNone && sleepers_ != 0) {
    // Nothing else can run before the sleepers' steps: their events never
    // happen. Wake them to say so.
    for (std::uint32_t i = 0; i < threads_.size(); ++i) {
      Thread& thread = *threads_[i];
      if (thread.state != Thread::State::kSleeping) continue;
      thread.state = Thread::State::kRunnable;
      thread.sleep_cancelled = true;
      runnable_.push_back(i);  // i increases: runnable_ stays sorted
    }
    sleepers_ = 0;
  }
  if (runnable_.empty() && forced == kNone) {
    end_.status = CaseStatus::kDeadlock;
    end_.detail = "every live thread is blocked:";
    for (const auto& thread : threads_) {
      if (thread->state == Thread::State::kBlocked)
        end_.detail += " " + thread->name + " on " + thread->blocked_on;
    }
    return false;
  }
  if (step_ >= step_budget_) {
    end_.status = CaseStatus::kLivelock;
    end_.detail = "step budget of " + std::to_string(step_budget_) + " decisions exhausted";
    return false;
  }
  if (forced != kNone) {
    threads_[forced]->state = Thread::State::kRunnable;
    runnable_.insert(std::lower_bound(runnable_.begin(), runnable_.end(), forced), forced);
    --sleepers_;
    *chosen = forced;
  } else {
    *chosen = strategy_->Choose(step_, runnable_);
  }
  decisions_.push_back(*chosen);
  trace_.Decision(step_, *chosen, point, name);
  ++step_;
  return true;
}

RunResult Scheduler::Run() {
  if (ran_) {
    RunResult twice;
    twice.status = CaseStatus::kException;
    twice.detail = "Scheduler::Run called twice";
    return twice;
  }
  ran_ = true;
  strategy_->Start(static_cast<std::uint32_t>(threads_.size()));
  for (std::uint32_t i = 0; i < threads_.size(); ++i) {
    if (threads_[i]->state == Thread::State::kSleeping) {
      ++sleepers_;  // SpawnAt: runs first at its step
    } else {
      runnable_.push_back(i);
    }
  }
  live_ = static_cast<std::uint32_t>(threads_.size());
  std::uint32_t chosen = kNone;
  if (TakeDecision(kStartPoint, "start", &chosen)) SwitchTo(chosen);
  RunResult result = end_;
  result.steps = step_;
  if (result.status != CaseStatus::kCompleted) {
    // Unwind every thread that is still inside its body: each gets
    // CaseAborted at its decision point, runs its destructors and comes
    // back here.
    aborting_ = true;
    for (std::uint32_t i = 0; i < threads_.size(); ++i) {
      if (threads_[i]->started && threads_[i]->state != Thread::State::kDone) SwitchTo(i);
    }
  }
  return result;
}

void Scheduler::StartThread(std::uint32_t id) {
  Thread& thread = *threads_[id];
  thread.started = true;
  thread.context = boost::context::fiber(
      std::allocator_arg, RecordingStackAllocator(&thread.stack),
      [this, id, &thread](boost::context::fiber&& from) {
        const std::uint32_t came_from = switched_from_;
        const bool learn_main = came_from == kNone;
        FinishSwitch(nullptr, learn_main ? &main_stack_bottom_ : nullptr,
                     learn_main ? &main_stack_size_ : nullptr);
        (came_from == kNone ? main_->context : threads_[came_from]->context) = std::move(from);
        current_ = id;
        try {
          thread.body();
        } catch (const CaseAborted&) {
          // The case already failed; this thread only had to unwind.
        } catch (const std::exception& error) {
          if (failure_.empty()) failure_ = thread.name + ": exception: " + error.what();
        } catch (const boost::context::detail::forced_unwind&) {
          throw;  // Boost.Context's own unwinding of a fiber: not ours to stop
        } catch (...) {
          if (failure_.empty())
            failure_ = thread.name + ": exception of a type not derived from std::exception";
        }
        thread.state = Thread::State::kDone;
        --live_;
        if (const auto it = std::find(runnable_.begin(), runnable_.end(), id); it != runnable_.end())
          runnable_.erase(it);
        // The exit is a decision like any other: hand over to the next thread.
        std::uint32_t next = kNone;
        if (aborting_ || !TakeDecision(kExitPoint, "exit", &next)) next = kNone;
        switched_from_ = id;
        if (next == kNone) {
          StartSwitch(nullptr, main_stack_bottom_, main_stack_size_);
          return std::move(main_->context);
        }
        Thread& target = *threads_[next];
        if (!target.started) StartThread(next);
        StartSwitch(nullptr, static_cast<char*>(target.stack.sp) - target.stack.size, target.stack.size);
        return std::move(target.context);
      });
}

void Scheduler::SwitchTo(std::uint32_t target) {
  const std::uint32_t self = current_;
  boost::context::fiber* destination = &main_->context;
  const void* bottom = main_stack_bottom_;
  std::size_t size = main_stack_size_;
  if (target != kNone) {
    Thread& thread = *threads_[target];
    // The stack is recorded when the fiber is built, before its first run.
    if (!thread.started) StartThread(target);
    destination = &thread.context;
    bottom = static_cast<char*>(thread.stack.sp) - thread.stack.size;
    size = thread.stack.size;
  }
  void** fake_stack = self == kNone ? &main_->fake_stack : &threads_[self]->fake_stack;
  switched_from_ = self;
  StartSwitch(fake_stack, bottom, size);
  boost::context::fiber from = std::move(*destination).resume();
  // Only an arrival from Run's stack tells where that stack is.
  const bool learn_main = self != kNone && switched_from_ == kNone;
  FinishSwitch(*fake_stack, learn_main ? &main_stack_bottom_ : nullptr,
               learn_main ? &main_stack_size_ : nullptr);
  // Whoever switched here is suspended in `from` (empty if it ended).
  (switched_from_ == kNone ? main_->context : threads_[switched_from_]->context) = std::move(from);
  current_ = self;
}

void Scheduler::Decide(std::uint32_t point, const char* name, Unwind unwind) {
  if (!InThread() || std::uncaught_exceptions() > 0) return;  // never switch while a stack unwinds
  if (aborting_) {
    if (unwind == Unwind::kMayThrow) throw CaseAborted();
    return;
  }
  std::uint32_t chosen = kNone;
  if (!TakeDecision(point, name, &chosen)) chosen = kNone;
  if (chosen == current_) return;  // the same thread runs on: no switch
  SwitchTo(chosen);
  if (aborting_ && unwind == Unwind::kMayThrow) throw CaseAborted();
}

void Scheduler::Block(const char* why, Unwind unwind) {
  if (!InThread() || std::uncaught_exceptions() > 0) return;
  if (aborting_) {
    if (unwind == Unwind::kMayThrow) throw CaseAborted();
    return;
  }
  Thread& thread = *threads_[current_];
  thread.state = Thread::State::kBlocked;
  thread.blocked_on = why;
  runnable_.erase(std::find(runnable_.begin(), runnable_.end(), current_));
  std::uint32_t chosen = kNone;
  if (!TakeDecision(kWakePoint, why, &chosen)) chosen = kNone;
  SwitchTo(chosen);
  if (aborting_ && unwind == Unwind::kMayThrow) throw CaseAborted();
}

bool Scheduler::SleepUntilStep(std::uint64_t step) {
  if (!InThread() || std::uncaught_exceptions() > 0) return false;
  if (aborting_) throw CaseAborted();
  Thread& thread = *threads_[current_];
  thread.state = Thread::State::kSleeping;
  thread.wake_step = step;
  thread.sleep_cancelled = false;
  runnable_.erase(std::find(runnable_.begin(), runnable_.end(), current_));
  ++sleepers_;
  std::uint32_t chosen = kNone;
  if (!TakeDecision(kWakePoint, "sleep", &chosen)) chosen = kNone;
  // Its own step may have come already, or it may be the only one left.
  if (chosen != current_) SwitchTo(chosen);
  if (aborting_) throw CaseAborted();
  return !thread.sleep_cancelled;
}

void Scheduler::Wake(std::uint32_t thread) {
  Thread& target = *threads_[thread];
  if (target.state != Thread::State::kBlocked) return;
  target.state = Thread::State::kRunnable;
  runnable_.insert(std::lower_bound(runnable_.begin(), runnable_.end(), thread), thread);
}

}  // namespace jetsim::sim
