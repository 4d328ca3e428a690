#include "jetsim/sim/scheduler.h"

#include <boost/context/fiber.hpp>
#include <boost/context/stack_context.hpp>
#include <cstdlib>
#include <exception>
#include <new>

#include "fiber_switch.h"

namespace jetsim::sim {

namespace {

// Thrown into a simulated thread at its next decision once the case has
// failed, so its stack unwinds through the engine's RAII. Not a
// std::exception: workloads that catch those must not swallow it.
struct CaseAborted {};

// Allocates fiber stacks with malloc and records where each one is, which
// the ASan annotations need.
class RecordingStackAllocator {
 public:
  explicit RecordingStackAllocator(boost::context::stack_context* record) : record_(record) {}
  boost::context::stack_context allocate() {
    void* base = std::malloc(kFiberStackBytes);
    if (base == nullptr) throw std::bad_alloc();
    boost::context::stack_context stack;
    stack.size = kFiberStackBytes;
    stack.sp = static_cast<char*>(base) + kFiberStackBytes;
    *record_ = stack;
    return stack;
  }
  void deallocate(boost::context::stack_context& stack) {
    std::free(static_cast<char*>(stack.sp) - stack.size);
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
  boost::context::fiber context;    // the thread, while it is suspended
  boost::context::fiber scheduler;  // the scheduler, while the thread runs
  boost::context::stack_context stack;
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
    : strategy_(std::move(strategy)), trace_(trace), step_budget_(step_budget) {}

Scheduler::~Scheduler() = default;

std::uint32_t Scheduler::Spawn(std::string name, std::function<void()> body) {
  auto thread = std::make_unique<Thread>();
  thread->name = std::move(name);
  thread->body = std::move(body);
  threads_.push_back(std::move(thread));
  return static_cast<std::uint32_t>(threads_.size() - 1);
}

const std::string& Scheduler::thread_name(std::uint32_t thread) const { return threads_[thread]->name; }

RunResult Scheduler::Run() {
  RunResult result;
  if (ran_) {
    result.status = CaseStatus::kException;
    result.detail = "Scheduler::Run called twice";
    return result;
  }
  ran_ = true;
  strategy_->Start(static_cast<std::uint32_t>(threads_.size()));
  std::uint32_t last_point = kStartPoint;
  const char* last_name = "start";
  for (;;) {
    runnable_.clear();
    bool alive = false;
    std::uint32_t forced = kNone;  // a sleeper whose step has come
    std::uint32_t sleepers = 0;
    for (std::uint32_t i = 0; i < threads_.size(); ++i) {
      Thread& thread = *threads_[i];
      if (thread.state == Thread::State::kSleeping) {
        ++sleepers;
        if (thread.wake_step <= step_ && forced == kNone) forced = i;
      }
      if (thread.state == Thread::State::kRunnable) runnable_.push_back(i);
      if (thread.state != Thread::State::kDone) alive = true;
    }
    if (!failure_.empty()) {
      result.status = CaseStatus::kException;
      result.detail = failure_;
      break;
    }
    if (!alive) break;
    if (runnable_.empty() && forced == kNone && sleepers > 0) {
      // Nothing else can run before the sleepers' steps: their events
      // never happen. Wake them to say so.
      for (const auto& thread : threads_) {
        if (thread->state != Thread::State::kSleeping) continue;
        thread->state = Thread::State::kRunnable;
        thread->sleep_cancelled = true;
      }
      continue;
    }
    if (runnable_.empty() && forced == kNone) {
      result.status = CaseStatus::kDeadlock;
      result.detail = "every live thread is blocked:";
      for (const auto& thread : threads_) {
        if (thread->state == Thread::State::kBlocked)
          result.detail += " " + thread->name + " on " + thread->blocked_on;
      }
      break;
    }
    if (step_ >= step_budget_) {
      result.status = CaseStatus::kLivelock;
      result.detail = "step budget of " + std::to_string(step_budget_) + " decisions exhausted";
      break;
    }
    std::uint32_t chosen = forced;
    if (forced != kNone) {
      threads_[forced]->state = Thread::State::kRunnable;
    } else {
      chosen = strategy_->Choose(step_, runnable_);
    }
    decisions_.push_back(chosen);
    trace_.Decision(step_, chosen, last_point, last_name);
    ++step_;
    Resume(chosen);
    last_point = pending_point_;
    last_name = pending_name_;
  }
  result.steps = step_;
  if (result.status != CaseStatus::kCompleted) {
    // Unwind every thread that is still inside its body: each gets
    // CaseAborted at its decision point and runs its destructors.
    aborting_ = true;
    for (std::uint32_t i = 0; i < threads_.size(); ++i) {
      if (threads_[i]->started && threads_[i]->state != Thread::State::kDone) Resume(i);
    }
  }
  return result;
}

void Scheduler::Resume(std::uint32_t id) {
  Thread& thread = *threads_[id];
  current_ = id;
  if (!thread.started) {
    thread.started = true;
    thread.context = boost::context::fiber(std::allocator_arg, RecordingStackAllocator(&thread.stack),
                                           [this, &thread](boost::context::fiber&& from) {
                                             FinishSwitch(nullptr, &main_stack_bottom_, &main_stack_size_);
                                             thread.scheduler = std::move(from);
                                             try {
                                               thread.body();
                                             } catch (const CaseAborted&) {
                                               // The case already failed; this thread only had to unwind.
                                             } catch (const std::exception& error) {
                                               if (failure_.empty())
                                                 failure_ = thread.name + ": exception: " + error.what();
                                             }
                                             thread.state = Thread::State::kDone;
                                             pending_point_ = kExitPoint;
                                             pending_name_ = "exit";
                                             StartSwitch(nullptr, main_stack_bottom_, main_stack_size_);
                                             return std::move(thread.scheduler);
                                           });
  }
  void* fake_stack = nullptr;
  // Before the fiber first runs, its stack is not recorded yet: ASan learns
  // it on the fiber's side (finish_switch) and tolerates a null bottom here.
  StartSwitch(&fake_stack,
              thread.stack.sp == nullptr ? nullptr : static_cast<char*>(thread.stack.sp) - thread.stack.size,
              thread.stack.size);
  thread.context = std::move(thread.context).resume();
  FinishSwitch(fake_stack, nullptr, nullptr);
  current_ = kNone;
}

void Scheduler::SwitchToScheduler() {
  Thread& thread = *threads_[current_];
  StartSwitch(&thread.fake_stack, main_stack_bottom_, main_stack_size_);
  thread.scheduler = std::move(thread.scheduler).resume();
  FinishSwitch(thread.fake_stack, &main_stack_bottom_, &main_stack_size_);
}

void Scheduler::Decide(std::uint32_t point, const char* name, Unwind unwind) {
  if (!InThread() || std::uncaught_exceptions() > 0) return;  // never switch while a stack unwinds
  if (aborting_) {
    if (unwind == Unwind::kMayThrow) throw CaseAborted();
    return;
  }
  pending_point_ = point;
  pending_name_ = name;
  SwitchToScheduler();
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
  pending_point_ = kWakePoint;
  pending_name_ = why;
  SwitchToScheduler();
  if (aborting_ && unwind == Unwind::kMayThrow) throw CaseAborted();
}

bool Scheduler::SleepUntilStep(std::uint64_t step) {
  if (!InThread() || std::uncaught_exceptions() > 0) return false;
  if (aborting_) throw CaseAborted();
  Thread& thread = *threads_[current_];
  thread.state = Thread::State::kSleeping;
  thread.wake_step = step;
  thread.sleep_cancelled = false;
  pending_point_ = kWakePoint;
  pending_name_ = "sleep";
  SwitchToScheduler();
  if (aborting_) throw CaseAborted();
  return !thread.sleep_cancelled;
}

void Scheduler::Wake(std::uint32_t thread) {
  Thread& target = *threads_[thread];
  if (target.state == Thread::State::kBlocked) target.state = Thread::State::kRunnable;
}

}  // namespace jetsim::sim
