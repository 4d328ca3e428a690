#include "jetsim/scenarios/runner.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "jetsim/engine.h"
#include "jetsim/errors.h"
#include "jetsim/faults/fault_plan.h"
#include "jetsim/faults/faulty_platform.h"
#include "jetsim/scenarios/scenario.h"
#include "jetsim/sim/rng.h"
#include "jetsim/sim/sim_platform.h"
#include "jetsim/thread_platform.h"

namespace jetsim::scenarios {

namespace {

// Seed streams of a case (the workload's programs take 1..threads).
constexpr std::uint64_t kScheduleStream = 0;
constexpr std::uint64_t kFaultStream = 0xFA0172;

// Collects calls, violations, leaks and fault firings; under the simulator
// it also traces them.
class CaseObserver final : public Observer {
 public:
  CaseObserver(CaseResult& result, sim::Scheduler* scheduler) : result_(result), scheduler_(scheduler) {}

  void Call(std::uint32_t thread, const char* name, std::uint64_t arg, JET_ERR result) override {
    const std::lock_guard<std::mutex> guard(mutex_);
    ++result_.calls;
    if (std::string_view(name) == "JetDupSession") {
      ++result_.dup_results[result];
      result_.dup_timeline.emplace_back(CurrentStep(), result);
      if (!result_.fired.empty()) {
        if (!result_.first_dup_after_fault) result_.first_dup_after_fault = result;
        if (result != JET_errSuccess) ++result_.dup_results_after_fault[result];
      }
    }
    if (scheduler_ != nullptr) {
      scheduler_->trace().Add(scheduler_->step(), sim::EventKind::kCall, thread, name,
                              static_cast<std::int64_t>(arg), result);
    }
  }

  void Violation(std::uint32_t thread, std::string what) override {
    const std::lock_guard<std::mutex> guard(mutex_);
    Note(thread, "violation: " + what);
    result_.violations.push_back("t" + std::to_string(thread) + ": " + std::move(what));
  }

  void Leak(std::string what) override {
    const std::lock_guard<std::mutex> guard(mutex_);
    Note(0xFFFF, "leak: " + what);
    result_.leaks.push_back(std::move(what));
  }

  void Fired(const faults::Fault& fault, std::uint32_t thread) override {
    FiredAt(fault, thread, CurrentStep());
  }

  std::uint64_t Tick() override { return ++ticks_; }

  std::size_t Record(CallRecord call) override {
    const std::lock_guard<std::mutex> guard(mutex_);
    result_.history.calls.push_back(std::move(call));
    return result_.history.calls.size() - 1;
  }

  // Every firing of a fault the oracle models (allocation, log write), with
  // the thread it hit, for the History.
  void PlatformFault(const faults::Fault& fault, std::uint32_t thread) {
    FaultEffect effect = FaultEffect::kAllocFailed;
    if (fault.kind == faults::FaultKind::kFatal) {
      effect = fault.variant == faults::Variant::kFatalLogDiskFull ? FaultEffect::kLogDiskFull
                                                                   : FaultEffect::kLogWriteFailed;
    }
    const std::uint64_t tick = Tick();
    const std::lock_guard<std::mutex> guard(mutex_);
    result_.history.faults.push_back(FaultRecord{thread, tick, effect});
  }

  // A fault fired at decision `step` (a lifecycle event: the decision that
  // forced its thread to run).
  void FiredAt(const faults::Fault& fault, std::uint32_t thread, std::uint64_t step) {
    const std::lock_guard<std::mutex> guard(mutex_);
    const std::string id = fault.Id();
    if (scheduler_ != nullptr) scheduler_->trace().Add(step, sim::EventKind::kFault, thread, id.c_str());
    result_.fired.push_back(FiredFault{id, step});
  }

 private:
  [[nodiscard]] std::uint64_t CurrentStep() const { return scheduler_ != nullptr ? scheduler_->step() : 0; }

  void Note(std::uint32_t thread, const std::string& text) {
    if (scheduler_ != nullptr)
      scheduler_->trace().Add(scheduler_->step(), sim::EventKind::kNote, thread, text.c_str());
  }

  std::mutex mutex_;
  CaseResult& result_;
  sim::Scheduler* scheduler_;
  std::atomic<std::uint64_t> ticks_{0};
};

const ScenarioInfo& Scenario(const std::string& name) {
  const ScenarioInfo* info = FindScenario(name);
  if (info == nullptr)
    throw std::invalid_argument("unknown scenario " + faults::Quoted(name) + " (see jetsim list scenarios)");
  return *info;
}

// Workloads that record their calls (generated programs) are judged by the
// contract oracle; its violations join the case's.
void JudgeHistory(CaseResult& result, Profile profile) {
  if (result.history.calls.empty()) return;
  result.oracle = Judge(result.history, profile);
  for (const std::string& violation : result.oracle.violations)
    result.violations.push_back("oracle: " + violation);
}

// The program's workload, or the scenario's.
std::unique_ptr<Workload> MakeWorkload(const CaseOptions& options, const faults::FaultPlan& plan) {
  if (options.program) return MakeProgramWorkload(*options.program);
  return Scenario(options.scenario).make(options.seed, plan);
}

void Configure(Engine& engine, const CaseOptions& options) {
  if (engine.SetProfile(options.profile) != JET_errSuccess) throw std::logic_error("profile refused");
  for (const std::string& bug : options.bugs) {
    if (engine.ArmBug(bug) != JET_errSuccess) {
      throw std::invalid_argument("unknown bug " + faults::Quoted(bug) + " (see jetsim list bugs)");
    }
  }
}

std::unique_ptr<sim::Strategy> MakeStrategy(const CaseOptions& options) {
  const std::uint64_t seed = sim::DeriveSeed(options.seed, kScheduleStream);
  auto random = sim::MakeRandomStrategy(seed);
  switch (options.strategy) {
    case sim::StrategyKind::kRandom:
      return random;
    case sim::StrategyKind::kPct:
      return sim::MakePctStrategy(seed, options.pct_depth, 1000);
    case sim::StrategyKind::kReplay:
      return sim::MakeReplayStrategy(options.decisions, std::move(random));
  }
  return random;
}

// Carries out a lifecycle fault as the API call a client would make.
// `call` and `arg` describe it for the History.
JET_ERR PerformEvent(const faults::Fault& fault, JET_INSTANCE instance, const char** name, ApiCall* call,
                     std::uint64_t* arg) {
  switch (fault.kind) {
    case faults::FaultKind::kTerm: {
      *name = "JetTerm2";
      *call = ApiCall::kTerm;
      JET_GRBIT grbit = JET_bitTermAbrupt;
      if (fault.variant == faults::Variant::kTermComplete) grbit = JET_bitTermComplete;
      if (fault.variant == faults::Variant::kTermDirty) grbit = JET_bitTermDirty;
      *arg = grbit;
      return JetTerm2(instance, grbit);
    }
    case faults::FaultKind::kStop:
      *name = "JetStopServiceInstance";
      *call = ApiCall::kStopServiceInstance;
      return JetStopServiceInstance(instance);
    case faults::FaultKind::kRestore:
      *name = "JetRestoreInstance";
      *call = ApiCall::kRestoreInstance;
      return JetRestoreInstance(instance, "jetsim-backup", nullptr, nullptr);
    default:
      *name = "?";
      return JET_errInvalidParameter;
  }
}

}  // namespace

CaseResult RunSimulatedCase(const CaseOptions& options) {
  CaseResult result;
  if (options.plan) {
    result.plan = *options.plan;
  } else if (!options.program) {
    result.plan = Scenario(options.scenario).generate_plan(options.seed);
  }
  sim::Trace trace(options.keep_trace);
  sim::Scheduler scheduler(MakeStrategy(options), trace, options.step_budget);
  sim::SimPlatform simulated(scheduler);
  CaseObserver observer(result, &scheduler);
  std::vector<std::size_t> platform_firings;
  faults::FaultyPlatform platform(
      simulated, result.plan, sim::DeriveSeed(options.seed, kFaultStream),
      [&scheduler] { return scheduler.step(); },
      [&](const faults::Firing& firing) {
        const std::uint32_t thread =
            scheduler.InThread() ? scheduler.current() : static_cast<std::uint32_t>(0xFFFF);
        observer.PlatformFault(result.plan.faults[firing.fault], thread);
        // A persistent fault fails every allocation after its first: the
        // trace and the result name its first firing only.
        if (std::any_of(platform_firings.begin(), platform_firings.end(),
                        [&](std::size_t fault) { return fault == firing.fault; })) {
          return;
        }
        platform_firings.push_back(firing.fault);
        observer.Fired(result.plan.faults[firing.fault], thread);
      });
  {
    Engine engine(platform);
    ScopedCurrentEngine current(engine);
    Configure(engine, options);
    std::unique_ptr<Workload> workload = MakeWorkload(options, result.plan);
    workload->Setup(engine, observer);
    result.history.instance_ready = workload->instance() != 0;
    const std::uint32_t workers = workload->thread_count();
    for (std::uint32_t t = 0; t < workers; ++t) {
      scheduler.Spawn("t" + std::to_string(t), [&, t] { workload->RunThread(t, engine, observer); });
    }
    // Each lifecycle fault is a client thread that calls the API at its step.
    for (const faults::Fault& fault : result.plan.faults) {
      if (!fault.IsLifecycleEvent()) continue;
      const std::uint32_t thread = scheduler.SpawnAt("fault:" + fault.Id(), fault.step, [&, fault] {
        if (scheduler.StartCancelled()) return;  // the case ended first: not fired
        const std::uint32_t me = scheduler.current();
        observer.FiredAt(fault, me, scheduler.step() - 1);  // the decision that forced it
        const char* name = "";
        CallRecord record;
        record.thread = me;
        record.purpose = CallPurpose::kProgram;
        record.start = observer.Tick();
        const JET_ERR err = PerformEvent(fault, workload->instance(), &name, &record.call, &record.arg);
        record.end = observer.Tick();
        record.result = err;
        observer.Record(record);
        observer.Call(me, name, workload->instance(), err);
        workload->EventDone(name, err);
      });
      (void)thread;
    }
    const sim::RunResult run = scheduler.Run();
    result.status = run.status;
    result.detail = run.detail;
    result.steps = run.steps;
    // A failed schedule leaves the engine mid-call: only a completed one is
    // checked (the engine's destructor frees what is left either way).
    if (run.status == sim::CaseStatus::kCompleted) {
      try {
        workload->Check(engine, observer);
      } catch (const std::exception& error) {
        result.status = sim::CaseStatus::kException;
        result.detail = std::string("check: exception: ") + error.what();
      }
      JudgeHistory(result, options.profile);
    }
  }
  // Even a case cut short must give everything back once its engine is gone.
  if (simulated.live_blocks() != 0) {
    observer.Leak("the platform holds " + std::to_string(simulated.live_blocks()) +
                  " blocks after the engine was destroyed");
  }
  result.allocations = platform.allocations();
  for (const SiteInfo& info : AllSites()) result.site_hits.push_back(platform.reached(info.site));
  result.outcome = Classify(result);
  result.passed = result.status == sim::CaseStatus::kCompleted && result.violations.empty() &&
                  result.leaks.empty() &&
                  (options.profile == Profile::kEsent || result.outcome != Outcome::kUndocumented);
  result.fingerprint = trace.fingerprint();
  result.decisions = scheduler.decisions();
  result.replay_diverged = scheduler.replay_diverged();
  if (options.keep_trace) result.events = trace.events();
  return result;
}

CaseResult RunThreadedCase(const CaseOptions& options) {
  CaseResult result;
  ThreadPlatform platform(options.os_yields ? ThreadPlatform::YieldMode::kOsYield
                                            : ThreadPlatform::YieldMode::kNone);
  {
    Engine engine(platform);
    ScopedCurrentEngine current(engine);
    Configure(engine, options);
    CaseObserver observer(result, nullptr);
    std::unique_ptr<Workload> workload = MakeWorkload(options, result.plan);
    workload->Setup(engine, observer);
    result.history.instance_ready = workload->instance() != 0;
    std::vector<std::thread> threads;
    for (std::uint32_t t = 0; t < workload->thread_count(); ++t) {
      threads.emplace_back([&, t] {
        ScopedCurrentEngine here(engine);
        workload->RunThread(t, engine, observer);
      });
    }
    for (std::thread& thread : threads) thread.join();
    workload->Check(engine, observer);
  }
  // Ticks come from one atomic counter read just before a call enters and
  // just after it returns, so "returned before the other began" is real
  // time order on OS threads too: the oracle stays sound (it only allows
  // more where calls overlap).
  JudgeHistory(result, options.profile);
  result.outcome = Classify(result);
  result.passed = result.violations.empty() && result.leaks.empty();
  return result;
}

namespace {

// The classes that belong to the whole case, whatever fault is asked about.
std::optional<Outcome> CaseWideClass(const CaseResult& result) {
  if (result.status != sim::CaseStatus::kCompleted) return Outcome::kCrashed;
  if (!result.leaks.empty()) return Outcome::kLeaked;
  bool misuse = false;
  for (const auto& [code, count] : result.dup_results) {
    if (IsMisuseCode(code)) {
      misuse = true;
    } else if (!IsDocumentedDupCode(code)) {
      return Outcome::kUndocumented;
    }
  }
  if (misuse) return Outcome::kMisuse;
  return std::nullopt;
}

const FiredFault* FirstFiring(const CaseResult& result, const std::string& fault_id) {
  for (const FiredFault& fired : result.fired) {
    if (fired.id == fault_id) return &fired;
  }
  return nullptr;
}

}  // namespace

Outcome Classify(const CaseResult& result) {
  if (const std::optional<Outcome> wide = CaseWideClass(result)) return *wide;
  if (result.plan.empty()) return Outcome::kDocumented;
  if (result.fired.empty()) return Outcome::kNotFired;
  return result.dup_results_after_fault.empty() ? Outcome::kMasked : Outcome::kDocumented;
}

std::optional<JET_ERR> FirstDupAfter(const CaseResult& result, const std::string& fault_id) {
  const FiredFault* fired = FirstFiring(result, fault_id);
  if (fired == nullptr) return std::nullopt;
  for (const auto& [step, code] : result.dup_timeline) {
    if (step >= fired->step) return code;
  }
  return std::nullopt;
}

Outcome ClassifyFault(const CaseResult& result, const std::string& fault_id) {
  if (const std::optional<Outcome> wide = CaseWideClass(result)) return *wide;
  const FiredFault* fired = FirstFiring(result, fault_id);
  if (fired == nullptr) return Outcome::kNotFired;
  for (const auto& [step, code] : result.dup_timeline) {
    if (step >= fired->step && code != JET_errSuccess) return Outcome::kDocumented;
  }
  return Outcome::kMasked;
}

std::string Summarize(const CaseResult& result) {
  if (result.status != sim::CaseStatus::kCompleted) {
    return std::string("fail: ") + sim::NameOf(result.status) + ": " + result.detail;
  }
  if (!result.violations.empty()) return "fail: " + result.violations.front();
  if (!result.leaks.empty()) return "fail: leaked: " + result.leaks.front();
  if (!result.passed)
    return std::string("fail: ") + std::string(NameOf(result.outcome)) + " JetDupSession result";
  return "pass";
}

}  // namespace jetsim::scenarios
