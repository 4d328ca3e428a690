// Each fault kind drives JetDupSession to its documented code in the
// documented profile, and to the real engine's codes in esent, through the
// engine's own paths: generated cases of each scenario, under the simulator.
#include <gtest/gtest.h>

#include <set>

#include "jetsim/scenarios/runner.h"

namespace jetsim::scenarios {
namespace {

// The JetDupSession codes seeds 1..n of a scenario produced, over both
// strategies, failing the test on any case that did not pass.
std::set<JET_ERR> CodesReached(const std::string& scenario, Profile profile, std::uint64_t seeds) {
  std::set<JET_ERR> codes;
  for (std::uint64_t seed = 1; seed <= seeds; ++seed) {
    CaseOptions options;
    options.scenario = scenario;
    options.seed = seed;
    options.profile = profile;
    const CaseResult result = RunSimulatedCase(options);
    EXPECT_TRUE(result.passed) << scenario << " seed " << seed << ": " << Summarize(result);
    for (const auto& [code, count] : result.dup_results) codes.insert(code);
  }
  return codes;
}

TEST(FaultEvents, EachKindReachesItsDocumentedCode) {
  const struct {
    const char* scenario;
    JET_ERR code;
  } rows[] = {
      {"dup-basic", JET_errSuccess},
      {"dup-exhaust", JET_errOutOfSessions},
      {"dup-oom", JET_errOutOfMemory},
      {"dup-vs-term", JET_errTermInProgress},
      {"dup-vs-term", JET_errNotInitialized},
      {"dup-vs-restore", JET_errRestoreInProgress},
      {"dup-vs-fatal", JET_errInstanceUnavailable},
      {"dup-vs-stop", JET_errClientRequestToStopJetService},
      {"mixed", JET_errInvalidParameter},  // the null-psesid and stale-handle misuse
  };
  for (const auto& row : rows) {
    const std::set<JET_ERR> codes = CodesReached(row.scenario, Profile::kDocumented, 40);
    EXPECT_TRUE(codes.count(row.code) == 1) << row.scenario << " never returned " << jet_err_name(row.code);
  }
}

TEST(FaultEvents, TheEsentProfileGivesTheRealEnginesCodes) {
  // A failed session allocation is OutOfSessions, never OutOfMemory.
  const std::set<JET_ERR> oom = CodesReached("dup-oom", Profile::kEsent, 40);
  EXPECT_EQ(oom.count(JET_errOutOfMemory), 0U);
  EXPECT_EQ(oom.count(JET_errOutOfSessions), 1U);
  // RestoreInProgress is unreachable: a restore refuses a running instance.
  EXPECT_EQ(CodesReached("dup-vs-restore", Profile::kEsent, 40).count(JET_errRestoreInProgress), 0U);
  // A full log disk has its own code.
  EXPECT_EQ(CodesReached("dup-vs-fatal", Profile::kEsent, 40)
                .count(JET_errInstanceUnavailableDueToFatalLogDiskFull),
            1U);
  // Dead handles are InvalidSesid.
  EXPECT_EQ(CodesReached("mixed", Profile::kEsent, 60).count(JET_errInvalidSesid), 1U);
}

TEST(FaultEvents, AnEventAfterTheWorkloadEndedIsNotFired) {
  CaseOptions options;
  options.scenario = "dup-vs-stop";
  faults::Fault late;
  late.kind = faults::FaultKind::kStop;
  late.step = 10'000'000;
  options.plan = faults::FaultPlan{{late}};
  const CaseResult result = RunSimulatedCase(options);
  EXPECT_TRUE(result.passed) << Summarize(result);
  EXPECT_TRUE(result.fired.empty());
  EXPECT_EQ(result.outcome, Outcome::kNotFired);
}

TEST(FaultEvents, OutcomeClassesFollowTheirPrecedence) {
  CaseResult result;
  result.plan.faults.push_back(faults::Fault{});
  EXPECT_EQ(Classify(result), Outcome::kNotFired);
  result.fired.push_back({"alloc@#1", 3});
  EXPECT_EQ(Classify(result), Outcome::kMasked);
  result.dup_results_after_fault[JET_errOutOfMemory] = 1;
  result.dup_results[JET_errOutOfMemory] = 1;
  EXPECT_EQ(Classify(result), Outcome::kDocumented);
  result.dup_results[JET_errSessionSharingViolation] = 1;
  EXPECT_EQ(Classify(result), Outcome::kMisuse);
  result.dup_results[JET_errInvalidSesid] = 1;
  EXPECT_EQ(Classify(result), Outcome::kUndocumented);
  result.leaks.push_back("a slot");
  EXPECT_EQ(Classify(result), Outcome::kLeaked);
  result.status = sim::CaseStatus::kDeadlock;
  EXPECT_EQ(Classify(result), Outcome::kCrashed);
}

// The property "no session begins after a stop or term succeeded" can fail:
// the deliberate bug skip.stop-check is caught, and only with the bug.
TEST(FaultEvents, ABeginAfterASuccessfulStopIsCaught) {
  int caught = 0;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    CaseOptions options;
    options.scenario = "dup-vs-stop";
    options.seed = seed;
    EXPECT_TRUE(RunSimulatedCase(options).passed) << "seed " << seed;
    options.bugs = {"skip.stop-check"};
    const CaseResult result = RunSimulatedCase(options);
    if (!result.passed && !result.violations.empty() &&
        result.violations.front().find("succeeded after JetStopServiceInstance") != std::string::npos) {
      ++caught;
    }
  }
  EXPECT_GE(caught, 15);
}

// "@stepN forces the event's simulated thread to run at decision N",
// whatever the strategy (a strict-priority one included).
TEST(FaultEvents, LifecycleEventsRunAtTheirStepUnderEveryStrategy) {
  for (const auto strategy : {sim::StrategyKind::kRandom, sim::StrategyKind::kPct}) {
    int fired = 0;
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
      CaseOptions options;
      options.scenario = "dup-vs-term";
      options.seed = seed;
      options.strategy = strategy;
      const CaseResult result = RunSimulatedCase(options);
      ASSERT_EQ(result.plan.faults.size(), 1U);
      if (result.fired.empty()) continue;  // the workload ended before the step
      ++fired;
      EXPECT_EQ(result.fired.front().step, result.plan.faults.front().step) << "seed " << seed;
    }
    EXPECT_GE(fired, 10) << sim::NameOf(strategy);
  }
}

TEST(FaultEvents, AMisuseFiresWhenTheWorkloadCommitsIt) {
  faults::Fault misuse;
  misuse.kind = faults::FaultKind::kMisuse;
  misuse.variant = faults::Variant::kMisuseNullPsesid;
  misuse.nth = 1;
  CaseOptions options;
  options.scenario = "mixed";
  options.seed = 3;
  options.plan = faults::FaultPlan{{misuse}};
  const CaseResult result = RunSimulatedCase(options);
  ASSERT_EQ(result.fired.size(), 1U);
  EXPECT_EQ(result.fired.front().id, "misuse.null-psesid@dup1");
  EXPECT_EQ(result.first_dup_after_fault, JET_errInvalidParameter);
  EXPECT_EQ(result.outcome, Outcome::kDocumented);
}

TEST(FaultEvents, ASweepRowIsJudgedByItsOwnFault) {
  CaseResult result;
  faults::Fault own;
  own.kind = faults::FaultKind::kStop;
  own.step = 5;
  result.plan.faults.push_back(own);
  result.fired.push_back({own.Id(), 5});
  result.dup_timeline = {{3, JET_errSuccess}, {9, JET_errClientRequestToStopJetService}};
  result.dup_results = {{JET_errSuccess, 1}, {JET_errClientRequestToStopJetService, 1}};
  EXPECT_EQ(ClassifyFault(result, own.Id()), Outcome::kDocumented);
  EXPECT_EQ(ClassifyFault(result, "alloc@#7"), Outcome::kNotFired);
  EXPECT_EQ(FirstDupAfter(result, own.Id()), JET_errClientRequestToStopJetService);
  EXPECT_FALSE(FirstDupAfter(result, "alloc@#7").has_value());
  result.fired.push_back({"alloc@#7", 10});
  EXPECT_EQ(ClassifyFault(result, "alloc@#7"), Outcome::kMasked);
}

TEST(FaultEvents, FaultedCasesAreDeterministic) {
  for (const char* scenario : {"dup-oom", "dup-vs-term", "dup-vs-fatal", "mixed"}) {
    for (std::uint64_t seed = 1; seed <= 30; ++seed) {
      CaseOptions options;
      options.scenario = scenario;
      options.seed = seed;
      const CaseResult a = RunSimulatedCase(options);
      const CaseResult b = RunSimulatedCase(options);
      ASSERT_EQ(a.fingerprint, b.fingerprint) << scenario << " seed " << seed;
      ASSERT_EQ(a.outcome, b.outcome);
    }
  }
}

}  // namespace
}  // namespace jetsim::scenarios
