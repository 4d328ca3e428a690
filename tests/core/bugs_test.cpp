// Each deliberate bug does what its switch says (so the property suites
// that must catch them have something to catch), and nothing without it.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "test_support.h"

namespace jetsim::testing {
namespace {

class Bugs : public EngineTest {
 protected:
  // On MaxSessions 2 with one session open: between a Dup's free-slot check
  // and its claim, another thread takes the last slot. Returns the Dup's
  // result; the other thread's Begin must succeed.
  JET_ERR DupWhileAnotherThreadTakesTheLastSlot() {
    const JET_INSTANCE instance = StartInstance(2);
    const JET_SESID source = Begin(instance);
    JET_ERR other = JET_errOutOfMemory;
    JET_SESID other_sesid = 0;
    platform_.OnceAt(Site::kPibClaim, [&] {
      OnOtherThread([&] { other = JetBeginSession(instance, &other_sesid, nullptr, nullptr); });
    });
    JET_SESID dup = 0;
    const JET_ERR err = JetDupSession(source, &dup);
    EXPECT_JET(JET_errSuccess, other);
    return err;
  }
};

TEST_F(Bugs, RaceSlotClaimLetsTwoSessionsTakeTheLastSlot) {
  ASSERT_JET(JET_errSuccess, engine_.ArmBug("race.slot-claim"));
  EXPECT_JET(JET_errSuccess, DupWhileAnotherThreadTakesTheLastSlot());
  EXPECT_EQ(engine_.Counts().sessions, 3);  // MaxSessions is 2
}

TEST_F(Bugs, WithoutTheBugTheSameScheduleRespectsMaxSessions) {
  EXPECT_JET(JET_errOutOfSessions, DupWhileAnotherThreadTakesTheLastSlot());
  EXPECT_EQ(engine_.Counts().sessions, 2);
}

TEST_F(Bugs, SkipStopCheck) {
  ASSERT_JET(JET_errSuccess, engine_.ArmBug("skip.stop-check"));
  const JET_INSTANCE instance = StartInstance();
  const JET_SESID source = Begin(instance);
  ASSERT_JET(JET_errSuccess, JetStopServiceInstance(instance));
  JET_SESID dup = 0;
  EXPECT_JET(JET_errSuccess, JetDupSession(source, &dup));
}

TEST_F(Bugs, LeakSlot) {
  ASSERT_JET(JET_errSuccess, engine_.ArmBug("leak.slot"));
  const JET_INSTANCE instance = StartInstance(2);
  const JET_SESID sesid = Begin(instance);
  ASSERT_JET(JET_errSuccess, JetBeginTransaction(sesid));
  ASSERT_JET(JET_errSuccess, JetEndSession(sesid, 0));
  EXPECT_EQ(engine_.Counts().claimed_slots, 1);
  EXPECT_EQ(engine_.Counts().sessions, 0);
  ASSERT_JET(JET_errSuccess, JetTerm(instance));
  EXPECT_EQ(engine_.Counts().lost_slots, 1);
}

TEST_F(Bugs, PsesidOnFailure) {
  ASSERT_JET(JET_errSuccess, engine_.ArmBug("write.psesid-on-failure"));
  StartInstance();
  JET_SESID dup = 0x77;
  EXPECT_JET(JET_errInvalidParameter, JetDupSession(JET_sesidNil, &dup));
  EXPECT_EQ(dup, JET_sesidNil);
}

TEST_F(Bugs, CopyTransaction) {
  ASSERT_JET(JET_errSuccess, engine_.ArmBug("copy.transaction"));
  const JET_SESID source = Begin(StartInstance());
  ASSERT_JET(JET_errSuccess, JetBeginTransaction(source));
  JET_SESID dup = 0;
  ASSERT_JET(JET_errSuccess, JetDupSession(source, &dup));
  EXPECT_JET(JET_errSuccess, JetCommitTransaction(dup, 0));
}

TEST_F(Bugs, MaxSessionsOffByOne) {
  ASSERT_JET(JET_errSuccess, engine_.ArmBug("off-by-one.max-sessions"));
  const JET_INSTANCE instance = StartInstance(1);
  const JET_SESID source = Begin(instance);
  JET_SESID dup = 0;
  EXPECT_JET(JET_errSuccess, JetDupSession(source, &dup));
}

// The term race of dup_session_test's TermInProgressReCheckedAtTheClaim,
// reported with the wrong code.
TEST_F(Bugs, TermRaceCode) {
  ASSERT_JET(JET_errSuccess, engine_.ArmBug("wrong-code.term-race"));
  const JET_INSTANCE instance = StartInstance();
  const JET_SESID source = Begin(instance);
  JET_ERR term_result = 1;
  JET_SESID dup = 0;
  EXPECT_JET(JET_errOutOfSessions, DupWhileATermBegins(
                                       instance, [&] { return JetDupSession(source, &dup); }, &term_result));
  EXPECT_JET(JET_errSuccess, term_result);
}

// Every other JetDupSession, process-wide, reaches the claim's yield point
// twice: the count of pib.claim yields differs between two identical calls.
TEST_F(Bugs, ProcessCounterAddsAYieldOnEveryOtherCall) {
  ASSERT_JET(JET_errSuccess, engine_.ArmBug("nondeterminism.process-counter"));
  const JET_SESID source = Begin(StartInstance());
  std::vector<std::uint64_t> yields;
  for (int i = 0; i < 2; ++i) {
    const std::uint64_t before = platform_.yields_at(Site::kPibClaim);
    JET_SESID dup = 0;
    ASSERT_JET(JET_errSuccess, JetDupSession(source, &dup));
    ASSERT_JET(JET_errSuccess, JetEndSession(dup, 0));
    yields.push_back(platform_.yields_at(Site::kPibClaim) - before);
  }
  EXPECT_NE(yields[0], yields[1]);
}

}  // namespace
}  // namespace jetsim::testing
