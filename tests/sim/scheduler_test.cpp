// The scheduler on its own: failures end a case with a report, never a
// hang; aborted threads unwind; strategies behave.
#include "jetsim/sim/scheduler.h"

#include <gtest/gtest.h>

#include <set>
#include <stdexcept>
#include <vector>

#include "jetsim/scenarios/runner.h"
#include "jetsim/sim/rng.h"
#include "jetsim/sim/sim_platform.h"

namespace jetsim::sim {
namespace {

struct Harness {
  explicit Harness(std::uint64_t seed, std::uint64_t budget = 100000)
      : scheduler(MakeRandomStrategy(seed), trace, budget), platform(scheduler) {}
  Trace trace;
  Scheduler scheduler;
  SimPlatform platform;
};

TEST(Scheduler, RunsEveryThreadToTheEnd) {
  Harness h(1);
  std::vector<int> order;
  for (int t = 0; t < 3; ++t) {
    h.scheduler.Spawn("t" + std::to_string(t), [&, t] {
      for (int i = 0; i < 5; ++i) {
        order.push_back(t);
        h.platform.Yield(Site::kPibClaim);
      }
    });
  }
  const RunResult result = h.scheduler.Run();
  EXPECT_EQ(result.status, CaseStatus::kCompleted) << result.detail;
  EXPECT_EQ(order.size(), 15U);
  EXPECT_EQ(h.scheduler.decisions().size(), result.steps);
  EXPECT_GT(result.steps, 15U);
}

TEST(Scheduler, InterleavesDifferentlyForDifferentSeeds) {
  std::set<std::vector<std::uint32_t>> schedules;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    Harness h(seed);
    for (int t = 0; t < 3; ++t) {
      h.scheduler.Spawn("t", [&] {
        for (int i = 0; i < 4; ++i) h.platform.Yield(Site::kPibClaim);
      });
    }
    ASSERT_EQ(h.scheduler.Run().status, CaseStatus::kCompleted);
    schedules.insert(h.scheduler.decisions());
  }
  EXPECT_GE(schedules.size(), 18U);
}

TEST(Scheduler, ADeadlockEndsTheCaseWithAReport) {
  int deadlocks = 0;
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    Harness h(seed);
    auto a = h.platform.NewLock("a");
    auto b = h.platform.NewLock("b");
    h.scheduler.Spawn("ab", [&] {
      a->Acquire();
      h.platform.Yield(Site::kPibClaim);
      b->Acquire();
      b->Release();
      a->Release();
    });
    h.scheduler.Spawn("ba", [&] {
      b->Acquire();
      h.platform.Yield(Site::kPibClaim);
      a->Acquire();
      a->Release();
      b->Release();
    });
    const RunResult result = h.scheduler.Run();
    if (result.status == CaseStatus::kDeadlock) {
      ++deadlocks;
      EXPECT_NE(result.detail.find("ab on"), std::string::npos) << result.detail;
    } else {
      EXPECT_EQ(result.status, CaseStatus::kCompleted);
    }
  }
  EXPECT_GT(deadlocks, 0);
  EXPECT_LT(deadlocks, 40);
}

TEST(Scheduler, ALivelockEndsAtTheStepBudget) {
  Harness h(3, 500);
  h.scheduler.Spawn("spinner", [&] {
    for (;;) h.platform.Yield(Site::kPibClaim);
  });
  const RunResult result = h.scheduler.Run();
  EXPECT_EQ(result.status, CaseStatus::kLivelock);
  EXPECT_EQ(result.steps, 500U);
}

// Counts live guards, to see that aborted threads unwind.
struct Guard {
  explicit Guard(int& live) : live_(live) { ++live_; }
  ~Guard() { --live_; }
  Guard(const Guard&) = delete;
  Guard& operator=(const Guard&) = delete;
  int& live_;
};

TEST(Scheduler, AnExceptionEndsTheCaseAndTheOtherThreadsUnwind) {
  Harness h(5);
  int live = 0;
  auto lock = h.platform.NewLock("engine");
  h.scheduler.Spawn("holder", [&] {
    const Guard guard(live);
    for (;;) {
      lock->Acquire();
      h.platform.Yield(Site::kPibClaim);
      lock->Release();
    }
  });
  h.scheduler.Spawn("thrower", [&] {
    const Guard guard(live);
    h.platform.Yield(Site::kPibClaim);
    throw std::runtime_error("engine assertion");
  });
  const RunResult result = h.scheduler.Run();
  EXPECT_EQ(result.status, CaseStatus::kException);
  EXPECT_NE(result.detail.find("thrower: exception: engine assertion"), std::string::npos) << result.detail;
  EXPECT_EQ(live, 0);
}

TEST(Scheduler, ConditionWaitBlocksUntilNotified) {
  Harness h(9);
  auto lock = h.platform.NewLock("engine");
  auto done = h.platform.NewCondition("done");
  int calls_inside = 2;
  std::vector<std::string> events;
  h.scheduler.Spawn("waiter", [&] {
    lock->Acquire();
    while (calls_inside > 1) done->Wait(*lock);
    events.emplace_back("woke");
    lock->Release();
  });
  h.scheduler.Spawn("leaver", [&] {
    h.platform.Yield(Site::kPibClaim);
    lock->Acquire();
    --calls_inside;
    events.emplace_back("left");
    done->NotifyAll();
    lock->Release();
  });
  ASSERT_EQ(h.scheduler.Run().status, CaseStatus::kCompleted);
  EXPECT_EQ(events, (std::vector<std::string>{"left", "woke"}));
}

TEST(Scheduler, ThreadTokensAndClockComeFromTheSimulation) {
  Harness h(2);
  std::set<ThreadToken> tokens;
  std::vector<std::uint64_t> times;
  for (int t = 0; t < 3; ++t) {
    h.scheduler.Spawn("t", [&] {
      tokens.insert(h.platform.CurrentThread());
      times.push_back(h.platform.NowNanos());
      h.platform.Yield(Site::kPibClaim);
      times.push_back(h.platform.NowNanos());
    });
  }
  EXPECT_EQ(h.platform.CurrentThread(), SimPlatform::kOutsideToken);
  ASSERT_EQ(h.scheduler.Run().status, CaseStatus::kCompleted);
  EXPECT_EQ(tokens, (std::set<ThreadToken>{1, 2, 3}));
  for (const std::uint64_t time : times) EXPECT_EQ(time % SimPlatform::kNanosPerStep, 0U);
}

// A case cut short anywhere (the step budget stands in for any failure)
// unwinds every fiber through the engine: no hang, no std::terminate from a
// destructor, and nothing left on the platform once the engine is gone.
TEST(Scheduler, CasesCutShortAtAnyStepUnwindCleanly) {
  for (const char* scenario : {"dup-basic", "mixed", "dup-vs-term", "dup-vs-restore", "dup-oom"}) {
    for (std::uint64_t seed = 1; seed <= 2; ++seed) {
      for (std::uint64_t budget = 1; budget <= 600; budget += 7) {
        scenarios::CaseOptions options;
        options.scenario = scenario;
        options.seed = seed;
        options.step_budget = budget;
        const scenarios::CaseResult result = scenarios::RunSimulatedCase(options);
        if (result.status == CaseStatus::kCompleted) continue;
        ASSERT_EQ(result.status, CaseStatus::kLivelock)
            << scenario << " seed " << seed << " budget " << budget << ": " << result.detail;
        EXPECT_EQ(result.outcome, scenarios::Outcome::kCrashed);
        EXPECT_TRUE(result.leaks.empty()) << scenario << " budget " << budget << ": " << result.leaks.front();
      }
    }
  }
}

TEST(Strategies, PctRunsTheHighestPriorityThreadBetweenChangePoints) {
  auto pct = MakePctStrategy(11, 1, 100);  // depth 1: no change point
  pct->Start(3);
  const std::vector<std::uint32_t> all = {0, 1, 2};
  const std::uint32_t first = pct->Choose(0, all);
  for (std::uint64_t step = 1; step < 50; ++step) EXPECT_EQ(pct->Choose(step, all), first);
}

TEST(Strategies, ReplayFollowsItsListThenFallsBack) {
  auto replay = MakeReplayStrategy({2, 0, 1}, MakeRandomStrategy(1));
  replay->Start(3);
  const std::vector<std::uint32_t> all = {0, 1, 2};
  EXPECT_EQ(replay->Choose(0, all), 2U);
  EXPECT_EQ(replay->Choose(1, all), 0U);
  const std::vector<std::uint32_t> without_one = {0, 2};
  EXPECT_NE(replay->Choose(2, without_one), 1U);
  EXPECT_TRUE(replay->diverged());
}

TEST(Rng, IsOurOwnAndStable) {
  Rng rng(42);
  // Pinned values: a change here changes every fingerprint.
  EXPECT_EQ(rng.Next(), 0xBDD732262FEB6E95ULL);
  Rng bounded(7);
  for (int i = 0; i < 1000; ++i) EXPECT_LT(bounded.Below(3), 3U);
}

}  // namespace
}  // namespace jetsim::sim
