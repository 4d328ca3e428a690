// The engine runs unchanged under the simulator: a single-threaded program
// gives the same results as on a ThreadPlatform; and the simulator finds the
// seeded race.slot-claim bug.
#include <gtest/gtest.h>

#include <vector>

#include "jetsim/engine.h"
#include "jetsim/scenarios/runner.h"
#include "jetsim/sim/rng.h"
#include "jetsim/sim/scheduler.h"
#include "jetsim/sim/sim_platform.h"
#include "jetsim/thread_platform.h"

namespace jetsim {
namespace {

// A seeded single-threaded program over the whole API; returns every result.
std::vector<JET_ERR> Program(std::uint64_t seed) {
  sim::Rng rng(seed);
  std::vector<JET_ERR> results;
  JET_INSTANCE instance = 0;
  results.push_back(JetCreateInstance(&instance, "equivalence"));
  results.push_back(JetSetSystemParameter(&instance, 0, JET_paramMaxSessions, 5, nullptr));
  results.push_back(JetInit(&instance));
  std::vector<JET_SESID> sessions;
  for (int i = 0; i < 300; ++i) {
    const JET_SESID some =
        sessions.empty() ? JET_sesidNil : sessions[rng.Below(static_cast<std::uint32_t>(sessions.size()))];
    JET_SESID fresh = 0;
    JET_ERR err = JET_errSuccess;
    switch (rng.Below(9)) {
      case 0:
        err = JetBeginSession(instance, &fresh, nullptr, nullptr);
        if (err == JET_errSuccess) sessions.push_back(fresh);
        break;
      case 1:
        err = JetDupSession(some, &fresh);
        if (err == JET_errSuccess) sessions.push_back(fresh);
        break;
      case 2:
        err = JetEndSession(some, 0);
        break;
      case 3:
        err = JetBeginTransaction(some);
        break;
      case 4:
        err = JetCommitTransaction(some, 0);
        break;
      case 5:
        err = JetRollback(some, rng.Chance(1, 2) ? JET_bitRollbackAll : 0);
        break;
      case 6:
        err = JetSetSessionContext(some, 1 + rng.Below(3));
        break;
      case 7:
        err = JetResetSessionContext(some);
        break;
      default:
        err = rng.Chance(1, 20) ? JetStopServiceInstance(instance) : JetDupSession(some, nullptr);
        break;
    }
    results.push_back(err);
  }
  results.push_back(JetTerm2(instance, JET_bitTermDirty));
  return results;
}

TEST(Equivalence, SingleThreadedProgramsGiveTheSameResultsUnderTheSimulator) {
  for (std::uint64_t seed = 1; seed <= 30; ++seed) {
    std::vector<JET_ERR> on_threads;
    {
      ThreadPlatform platform;
      Engine engine(platform);
      ScopedCurrentEngine current(engine);
      on_threads = Program(seed);
    }
    std::vector<JET_ERR> simulated;
    sim::Trace trace;
    sim::Scheduler scheduler(sim::MakeRandomStrategy(seed), trace, 1'000'000);
    sim::SimPlatform platform(scheduler);
    {
      Engine engine(platform);
      ScopedCurrentEngine current(engine);
      scheduler.Spawn("only", [&] { simulated = Program(seed); });
      ASSERT_EQ(scheduler.Run().status, sim::CaseStatus::kCompleted);
      EXPECT_EQ(engine.Counts().object_blocks, 0);
    }
    EXPECT_EQ(simulated, on_threads) << "seed " << seed;
    EXPECT_GT(scheduler.step(), 300U);
    EXPECT_EQ(platform.live_blocks(), 0);
  }
}

TEST(Equivalence, TheSimulatorFindsTheSeededSlotClaimRace) {
  scenarios::CaseOptions options;
  options.bugs = {"race.slot-claim"};
  std::uint64_t found_at = 0;
  for (std::uint64_t seed = 1; seed <= 20 && found_at == 0; ++seed) {
    options.seed = seed;
    const scenarios::CaseResult result = scenarios::RunSimulatedCase(options);
    if (!result.passed) found_at = seed;
  }
  EXPECT_NE(found_at, 0U) << "race.slot-claim not found in 20 seeds";
  // And the same seeds pass without the bug.
  options.bugs.clear();
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    options.seed = seed;
    EXPECT_TRUE(scenarios::RunSimulatedCase(options).passed) << "seed " << seed;
  }
}

TEST(Equivalence, UnknownScenarioOrBugIsBadUsage) {
  scenarios::CaseOptions options;
  options.scenario = "no-such-scenario";
  EXPECT_THROW((void)scenarios::RunSimulatedCase(options), std::invalid_argument);
  options.scenario = "dup-basic";
  options.bugs = {"no.such-bug"};
  EXPECT_THROW((void)scenarios::RunSimulatedCase(options), std::invalid_argument);
}

}  // namespace
}  // namespace jetsim
