#include "jetsim/scenarios/runner.h"

#include <mutex>
#include <stdexcept>
#include <thread>

#include "jetsim/engine.h"
#include "jetsim/errors.h"
#include "jetsim/scenarios/scenario.h"
#include "jetsim/sim/rng.h"
#include "jetsim/sim/sim_platform.h"
#include "jetsim/thread_platform.h"

namespace jetsim::scenarios {

namespace {

// Collects calls and violations; under the simulator it also traces them.
class CaseObserver final : public Observer {
 public:
  CaseObserver(CaseResult& result, sim::Scheduler* scheduler) : result_(result), scheduler_(scheduler) {}

  void Call(std::uint32_t thread, const char* name, std::uint64_t arg, JET_ERR result) override {
    const std::lock_guard<std::mutex> guard(mutex_);
    ++result_.calls;
    if (std::string_view(name) == "JetDupSession") ++result_.dup_results[result];
    if (scheduler_ != nullptr) {
      scheduler_->trace().Add(scheduler_->step(), sim::EventKind::kCall, thread, name,
                              static_cast<std::int64_t>(arg), result);
    }
  }

  void Violation(std::uint32_t thread, std::string what) override {
    const std::lock_guard<std::mutex> guard(mutex_);
    if (scheduler_ != nullptr) {
      scheduler_->trace().Add(scheduler_->step(), sim::EventKind::kNote, thread,
                              ("violation: " + what).c_str());
    }
    result_.violations.push_back("t" + std::to_string(thread) + ": " + std::move(what));
  }

 private:
  std::mutex mutex_;
  CaseResult& result_;
  sim::Scheduler* scheduler_;
};

const ScenarioInfo& Scenario(const std::string& name) {
  const ScenarioInfo* info = FindScenario(name);
  if (info == nullptr)
    throw std::invalid_argument("unknown scenario '" + name + "' (see jetsim list scenarios)");
  return *info;
}

void Configure(Engine& engine, const CaseOptions& options) {
  if (engine.SetProfile(options.profile) != JET_errSuccess) throw std::logic_error("profile refused");
  for (const std::string& bug : options.bugs) {
    if (engine.ArmBug(bug) != JET_errSuccess) {
      throw std::invalid_argument("unknown bug '" + bug + "' (see jetsim list bugs)");
    }
  }
}

std::unique_ptr<sim::Strategy> MakeStrategy(const CaseOptions& options) {
  const std::uint64_t seed = sim::DeriveSeed(options.seed, 0);
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

}  // namespace

CaseResult RunSimulatedCase(const CaseOptions& options) {
  const ScenarioInfo& scenario = Scenario(options.scenario);
  CaseResult result;
  sim::Trace trace(options.keep_trace);
  sim::Scheduler scheduler(MakeStrategy(options), trace, options.step_budget);
  sim::SimPlatform platform(scheduler);
  {
    Engine engine(platform);
    ScopedCurrentEngine current(engine);
    Configure(engine, options);
    CaseObserver observer(result, &scheduler);
    std::unique_ptr<Workload> workload = scenario.make(options.seed);
    workload->Setup(engine, observer);
    for (std::uint32_t t = 0; t < workload->thread_count(); ++t) {
      scheduler.Spawn("t" + std::to_string(t), [&, t] { workload->RunThread(t, engine, observer); });
    }
    const sim::RunResult run = scheduler.Run();
    result.status = run.status;
    result.detail = run.detail;
    result.steps = run.steps;
    // A failed schedule leaves the engine mid-call: only a completed one is
    // checked (the engine's destructor frees what is left either way).
    if (run.status == sim::CaseStatus::kCompleted) workload->Check(engine, observer);
  }
  if (platform.live_blocks() != 0 && result.status == sim::CaseStatus::kCompleted) {
    result.violations.push_back("the platform holds " + std::to_string(platform.live_blocks()) +
                                " blocks after the engine was destroyed");
  }
  result.passed = result.status == sim::CaseStatus::kCompleted && result.violations.empty();
  result.fingerprint = trace.fingerprint();
  result.decisions = scheduler.decisions();
  result.replay_diverged = scheduler.replay_diverged();
  if (options.keep_trace) result.events = trace.events();
  return result;
}

CaseResult RunThreadedCase(const CaseOptions& options) {
  const ScenarioInfo& scenario = Scenario(options.scenario);
  CaseResult result;
  ThreadPlatform platform;
  {
    Engine engine(platform);
    ScopedCurrentEngine current(engine);
    Configure(engine, options);
    CaseObserver observer(result, nullptr);
    std::unique_ptr<Workload> workload = scenario.make(options.seed);
    workload->Setup(engine, observer);
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
  result.passed = result.violations.empty();
  return result;
}

std::string Summarize(const CaseResult& result) {
  if (result.status != sim::CaseStatus::kCompleted) {
    return std::string("fail: ") + sim::NameOf(result.status) + ": " + result.detail;
  }
  if (!result.violations.empty()) return "fail: " + result.violations.front();
  return "pass";
}

}  // namespace jetsim::scenarios
