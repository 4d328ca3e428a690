// JetDupSession: every documented code the engine can produce without the
// simulator, in both profiles, and the rows of the facts page.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "test_support.h"

namespace jetsim::testing {
namespace {

constexpr JET_SESID kSentinel = 0x5E5E5E5E;

class DupSession : public ProfileTest {};
JETSIM_BOTH_PROFILES(DupSession);

TEST_P(DupSession, SuccessGivesANewWorkingHandle) {
  const JET_INSTANCE instance = StartInstance();
  const JET_SESID source = Begin(instance);
  JET_SESID dup = 0;
  ASSERT_JET(JET_errSuccess, JetDupSession(source, &dup));
  EXPECT_NE(dup, JET_SESID{0});
  EXPECT_NE(dup, JET_sesidNil);
  EXPECT_NE(dup, source);
  EXPECT_JET(JET_errSuccess, JetBeginTransaction(dup));
  EXPECT_JET(JET_errSuccess, JetCommitTransaction(dup, 0));
  EXPECT_JET(JET_errSuccess, JetEndSession(dup, 0));
  EXPECT_JET(JET_errSuccess, JetEndSession(source, 0));
  EXPECT_EQ(engine_.Counts().sessions, 0);
}

TEST_P(DupSession, CopiesNoTransactionAndNoContext) {
  const JET_INSTANCE instance = StartInstance();
  const JET_SESID source = Begin(instance);
  ASSERT_JET(JET_errSuccess, JetBeginTransaction(source));
  ASSERT_JET(JET_errSuccess, JetBeginTransaction(source));
  ASSERT_JET(JET_errSuccess, JetSetSessionContext(source, 0x1234));
  JET_SESID dup = 0;
  ASSERT_JET(JET_errSuccess, JetDupSession(source, &dup));
  EXPECT_JET(JET_errNotInTransaction, JetCommitTransaction(dup, 0));
  EXPECT_JET(JET_errNotInTransaction, JetRollback(dup, 0));
  EXPECT_JET(JET_errSessionContextNotSetByThisThread, JetResetSessionContext(dup));
  // The source keeps both.
  EXPECT_JET(JET_errSuccess, JetResetSessionContext(source));
  EXPECT_JET(JET_errSuccess, JetRollback(source, JET_bitRollbackAll));
  EXPECT_JET(JET_errNotInTransaction, JetRollback(source, 0));
}

TEST_P(DupSession, ClientRequestToStopJetServiceAfterStopServiceInstance) {
  const JET_INSTANCE instance = StartInstance();
  const JET_SESID source = Begin(instance);
  ASSERT_JET(JET_errSuccess, JetStopServiceInstance(instance));
  JET_SESID dup = kSentinel;
  EXPECT_JET(JET_errClientRequestToStopJetService, JetDupSession(source, &dup));
  EXPECT_EQ(dup, kSentinel);
  // Facts page: JetBeginSession too (ManagedEsent's test).
  EXPECT_JET(JET_errClientRequestToStopJetService, JetBeginSession(instance, &dup, nullptr, nullptr));
  // Sticky: still refused later.
  EXPECT_JET(JET_errClientRequestToStopJetService, JetDupSession(source, &dup));
}

TEST_P(DupSession, ClientRequestToStopJetServiceAfterStopService) {
  const JET_INSTANCE first = StartInstance(16, "first");
  const JET_INSTANCE second = StartInstance(16, "second");
  const JET_SESID a = Begin(first);
  const JET_SESID b = Begin(second);
  ASSERT_JET(JET_errSuccess, JetStopService());
  JET_SESID dup = kSentinel;
  EXPECT_JET(JET_errClientRequestToStopJetService, JetDupSession(a, &dup));
  EXPECT_JET(JET_errClientRequestToStopJetService, JetDupSession(b, &dup));
  EXPECT_EQ(dup, kSentinel);
}

TEST_P(DupSession, InstanceUnavailableAfterAFailedLogWrite) {
  const JET_INSTANCE instance = StartInstance();
  const JET_SESID source = Begin(instance);
  ASSERT_JET(JET_errSuccess, JetBeginTransaction(source));
  platform_.SetLogResult(IoResult::kFailed);
  EXPECT_JET(Pick(JET_errInstanceUnavailable, JET_errLogWriteFail), JetCommitTransaction(source, 0));
  JET_SESID dup = kSentinel;
  EXPECT_JET(JET_errInstanceUnavailable, JetDupSession(source, &dup));
  EXPECT_EQ(dup, kSentinel);
}

TEST_P(DupSession, LogDiskFullIsInstanceUnavailableOnlyInDocumented) {
  const JET_INSTANCE instance = StartInstance();
  const JET_SESID source = Begin(instance);
  ASSERT_JET(JET_errSuccess, JetBeginTransaction(source));
  platform_.SetLogResult(IoResult::kDiskFull);
  EXPECT_JET(Pick(JET_errInstanceUnavailable, JET_errLogDiskFull), JetCommitTransaction(source, 0));
  JET_SESID dup = kSentinel;
  EXPECT_JET(Pick(JET_errInstanceUnavailable, JET_errInstanceUnavailableDueToFatalLogDiskFull),
             JetDupSession(source, &dup));
  EXPECT_EQ(dup, kSentinel);
}

TEST_P(DupSession, InvalidParameterForNullPsesid) {
  const JET_INSTANCE instance = StartInstance();
  const JET_SESID source = Begin(instance);
  EXPECT_JET(JET_errInvalidParameter, JetDupSession(source, nullptr));
  EXPECT_EQ(engine_.Counts().sessions, 1);
}

TEST_P(DupSession, NilAndZeroSesids) {
  StartInstance();
  JET_SESID dup = kSentinel;
  EXPECT_JET(Pick(JET_errInvalidParameter, JET_errInvalidSesid), JetDupSession(JET_sesidNil, &dup));
  EXPECT_JET(Pick(JET_errInvalidParameter, JET_errInvalidSesid), JetDupSession(0, &dup));
  EXPECT_EQ(dup, kSentinel);
}

TEST_P(DupSession, ClientEndedHandle) {
  const JET_INSTANCE instance = StartInstance();
  const JET_SESID source = Begin(instance);
  ASSERT_JET(JET_errSuccess, JetEndSession(source, 0));
  JET_SESID dup = kSentinel;
  EXPECT_JET(Pick(JET_errInvalidParameter, JET_errInvalidSesid), JetDupSession(source, &dup));
  EXPECT_EQ(dup, kSentinel);
}

TEST_P(DupSession, NotInitializedForAHandleEndedByTerm) {
  const JET_INSTANCE instance = StartInstance();
  const JET_SESID source = Begin(instance);
  ASSERT_JET(JET_errSuccess, JetTerm(instance));
  JET_SESID dup = kSentinel;
  // documented: the tombstone says term ended it; esent: no instance in the
  // process is initialized (facts page, step 2).
  EXPECT_JET(JET_errNotInitialized, JetDupSession(source, &dup));
  EXPECT_EQ(dup, kSentinel);
}

TEST_P(DupSession, HandleEndedByTermWhileAnotherInstanceLives) {
  const JET_INSTANCE doomed = StartInstance(16, "doomed");
  StartInstance(16, "alive");
  const JET_SESID source = Begin(doomed);
  ASSERT_JET(JET_errSuccess, JetTerm(doomed));
  JET_SESID dup = kSentinel;
  EXPECT_JET(Pick(JET_errNotInitialized, JET_errInvalidSesid), JetDupSession(source, &dup));
  EXPECT_EQ(dup, kSentinel);
}

TEST_P(DupSession, OutOfMemoryWhenTheSessionAllocationFails) {
  const JET_INSTANCE instance = StartInstance();
  const JET_SESID source = Begin(instance);
  platform_.FailAllocations(Site::kPibAlloc);
  JET_SESID dup = kSentinel;
  // The real engine reports a failed session allocation as OutOfSessions.
  EXPECT_JET(Pick(JET_errOutOfMemory, JET_errOutOfSessions), JetDupSession(source, &dup));
  EXPECT_EQ(dup, kSentinel);
  EXPECT_JET(JET_errSuccess, JetDupSession(source, &dup));
  EXPECT_EQ(engine_.LiveBlocks(Site::kPibAlloc), 2);
}

TEST_P(DupSession, OutOfMemoryWhenTheHandleTableCannotGrow) {
  const JET_INSTANCE instance = StartInstance(100);
  const JET_SESID source = Begin(instance);
  // The table starts with 8 slots; the 9th session needs it to grow.
  for (int i = 1; i < 8; ++i) {
    JET_SESID dup = 0;
    ASSERT_JET(JET_errSuccess, JetDupSession(source, &dup));
  }
  platform_.FailAllocations(Site::kPibTable);
  JET_SESID dup = kSentinel;
  EXPECT_JET(Pick(JET_errOutOfMemory, JET_errOutOfSessions), JetDupSession(source, &dup));
  EXPECT_EQ(dup, kSentinel);
  EXPECT_EQ(engine_.LiveBlocks(Site::kPibAlloc), 8);  // the failed one was freed
  EXPECT_JET(JET_errSuccess, JetDupSession(source, &dup));
}

TEST_P(DupSession, OutOfSessionsIsExact) {
  const JET_INSTANCE instance = StartInstance(3);
  const JET_SESID source = Begin(instance);
  JET_SESID second = 0;
  JET_SESID third = 0;
  ASSERT_JET(JET_errSuccess, JetDupSession(source, &second));
  ASSERT_JET(JET_errSuccess, JetDupSession(source, &third));
  JET_SESID dup = kSentinel;
  EXPECT_JET(JET_errOutOfSessions, JetDupSession(source, &dup));
  EXPECT_JET(JET_errOutOfSessions, JetBeginSession(instance, &dup, nullptr, nullptr));
  EXPECT_EQ(dup, kSentinel);
  ASSERT_JET(JET_errSuccess, JetEndSession(second, 0));
  EXPECT_JET(JET_errSuccess, JetDupSession(source, &dup));
  EXPECT_JET(JET_errOutOfSessions, JetDupSession(source, &dup));
}

TEST_P(DupSession, MaxSessionsZeroAdmitsNoSession) {
  const JET_INSTANCE instance = StartInstance(0);
  JET_SESID sesid = kSentinel;
  EXPECT_JET(JET_errOutOfSessions, JetBeginSession(instance, &sesid, nullptr, nullptr));
  EXPECT_EQ(sesid, kSentinel);
}

TEST_P(DupSession, RestoreInProgressDuringAnOnlineRestore) {
  const JET_INSTANCE instance = StartInstance();
  const JET_SESID source = Begin(instance);
  JET_ERR during = JET_errSuccess;
  JET_SESID dup = kSentinel;
  platform_.OnceAt(Site::kRestoreStep, [&] { during = JetDupSession(source, &dup); });
  const JET_ERR restore = JetRestoreInstance(instance, "backup", nullptr, nullptr);
  if (esent()) {
    // The real engine restores only an instance that is not running, so
    // RestoreInProgress is unreachable for JetDupSession.
    EXPECT_JET(JET_errAlreadyInitialized, restore);
  } else {
    EXPECT_JET(JET_errSuccess, restore);
    EXPECT_JET(JET_errRestoreInProgress, during);
    EXPECT_EQ(dup, kSentinel);
  }
  // Sessions survive; afterwards Dup works again.
  EXPECT_JET(JET_errSuccess, JetDupSession(source, &dup));
}

TEST_P(DupSession, TermInProgressDuringTeardown) {
  const JET_INSTANCE instance = StartInstance();
  const JET_SESID first = Begin(instance);
  const JET_SESID second = Begin(instance);
  JET_ERR during = JET_errSuccess;
  JET_SESID dup = kSentinel;
  platform_.OnceAt(Site::kTermTeardownSession, [&] { during = JetDupSession(second, &dup); });
  EXPECT_JET(JET_errSuccess, JetTerm(instance));
  EXPECT_JET(JET_errTermInProgress, during);
  EXPECT_EQ(dup, kSentinel);
  (void)first;
}

TEST_P(DupSession, TermInProgressWhileTermWaitsForCalls) {
  const JET_INSTANCE instance = StartInstance();
  const JET_SESID source = Begin(instance);
  JET_ERR during = JET_errSuccess;
  JET_SESID dup = kSentinel;
  platform_.OnceAt(Site::kTermBegin, [&] { during = JetDupSession(source, &dup); });
  EXPECT_JET(JET_errSuccess, JetTerm2(instance, JET_bitTermComplete));
  EXPECT_JET(JET_errTermInProgress, during);
  EXPECT_EQ(dup, kSentinel);
}

// Facts page step 7: a term that begins after the first term check is seen
// again under the lock at the slot claim, so no session is born into it.
TEST_P(DupSession, TermInProgressReCheckedAtTheClaim) {
  const JET_INSTANCE instance = StartInstance();
  const JET_SESID source = Begin(instance);
  JET_ERR term_result = 1;
  JET_SESID dup = kSentinel;
  EXPECT_JET(JET_errTermInProgress, DupWhileATermBegins(
                                        instance, [&] { return JetDupSession(source, &dup); }, &term_result));
  EXPECT_EQ(dup, kSentinel);
  EXPECT_JET(JET_errSuccess, term_result);
  EXPECT_EQ(engine_.Counts().sessions, 0);
  EXPECT_EQ(engine_.Counts().object_blocks, 0);
}

class EsentDupSession : public EngineTest {
 protected:
  EsentDupSession() : EngineTest(Profile::kEsent) {}
};

// esent: the NULL psesid check comes last, after the term re-check
// (documented checks it first).
TEST_F(EsentDupSession, RechecksTermBeforeItsNullPsesidCheck) {
  const JET_INSTANCE instance = StartInstance();
  const JET_SESID source = Begin(instance);
  JET_ERR term_result = 1;
  EXPECT_JET(JET_errTermInProgress,
             DupWhileATermBegins(
                 instance, [&] { return JetDupSession(source, nullptr); }, &term_result));
  EXPECT_JET(JET_errSuccess, term_result);
}

TEST_P(DupSession, SessionSharingViolationWhileAnotherThreadIsInside) {
  const JET_INSTANCE instance = StartInstance();
  const JET_SESID source = Begin(instance);
  JET_ERR other = JET_errSuccess;
  JET_SESID dup = kSentinel;
  // While this thread is inside JetBeginTransaction(source), another thread
  // duplicates it.
  platform_.OnceAt(Site::kTrxBegin, [&] { OnOtherThread([&] { other = JetDupSession(source, &dup); }); });
  EXPECT_JET(JET_errSuccess, JetBeginTransaction(source));
  EXPECT_JET(JET_errSessionSharingViolation, other);
  EXPECT_EQ(dup, kSentinel);
}

TEST_P(DupSession, SessionSharingViolationForAContextOfAnotherThread) {
  const JET_INSTANCE instance = StartInstance();
  const JET_SESID source = Begin(instance);
  ASSERT_JET(JET_errSuccess, JetSetSessionContext(source, 42));
  JET_ERR other = JET_errSuccess;
  JET_SESID dup = kSentinel;
  OnOtherThread([&] { other = JetDupSession(source, &dup); });
  EXPECT_JET(JET_errSessionSharingViolation, other);
  EXPECT_EQ(dup, kSentinel);
  // The owner may duplicate it.
  EXPECT_JET(JET_errSuccess, JetDupSession(source, &dup));
}

TEST_P(DupSession, UsingASessionThreadAfterThreadIsAllowed) {
  const JET_INSTANCE instance = StartInstance();
  const JET_SESID source = Begin(instance);
  JET_ERR other = JET_errOutOfMemory;
  JET_SESID dup = 0;
  OnOtherThread([&] { other = JetDupSession(source, &dup); });
  EXPECT_JET(JET_errSuccess, other);
  EXPECT_JET(JET_errSuccess, JetEndSession(dup, 0));
}

// ---- the order of the checks ----

TEST_P(DupSession, StopIsCheckedBeforeUnavailable) {
  const JET_INSTANCE instance = StartInstance();
  const JET_SESID source = Begin(instance);
  ASSERT_JET(JET_errSuccess, JetBeginTransaction(source));
  // A stop lands while the commit's log write is under way, and the write
  // fails: the instance is both stopped and unavailable. (A stop after the
  // fatal error would be refused: the lifecycle order puts unavailable first.)
  JET_ERR stop = JET_errOutOfMemory;
  platform_.OnLogWrite([&] { stop = JetStopServiceInstance(instance); });
  platform_.SetLogResult(IoResult::kFailed);
  ASSERT_NE(JET_errSuccess, JetCommitTransaction(source, 0));
  ASSERT_JET(JET_errSuccess, stop);
  JET_SESID dup = kSentinel;
  EXPECT_JET(JET_errClientRequestToStopJetService, JetDupSession(source, &dup));
  EXPECT_JET(JET_errInstanceUnavailable, JetStopServiceInstance(instance));
}

TEST_P(DupSession, NullPsesidIsFirstInDocumentedAndLastInEsent) {
  const JET_INSTANCE instance = StartInstance();
  const JET_SESID source = Begin(instance);
  ASSERT_JET(JET_errSuccess, JetStopServiceInstance(instance));
  EXPECT_JET(Pick(JET_errInvalidParameter, JET_errClientRequestToStopJetService),
             JetDupSession(source, nullptr));
  EXPECT_JET(Pick(JET_errInvalidParameter, JET_errInvalidSesid), JetDupSession(JET_sesidNil, nullptr));
}

TEST_P(DupSession, NullPsesidWinsOverAFailedAllocation) {
  const JET_INSTANCE instance = StartInstance();
  const JET_SESID source = Begin(instance);
  platform_.FailAllocations(Site::kPibAlloc, 1);
  EXPECT_JET(JET_errInvalidParameter, JetDupSession(source, nullptr));
  JET_SESID dup = kSentinel;
  // documented checks psesid before allocating; esent allocates first (the
  // real engine dereferences psesid only at the claim) and so used one up.
  EXPECT_JET(Pick(JET_errOutOfMemory, JET_errSuccess), JetDupSession(source, &dup));
}

TEST_P(DupSession, OutOfSessionsComesAfterTheAllocation) {
  const JET_INSTANCE instance = StartInstance(1);
  const JET_SESID source = Begin(instance);
  platform_.FailAllocations(Site::kPibAlloc);
  JET_SESID dup = kSentinel;
  EXPECT_JET(Pick(JET_errOutOfMemory, JET_errOutOfSessions), JetDupSession(source, &dup));
  EXPECT_JET(JET_errOutOfSessions, JetDupSession(source, &dup));
}

// ---- the facts page's client behaviour (ManagedEsent's tests) ----

TEST_P(DupSession, TermSucceedsWithSourceAndDuplicateOpen) {
  const JET_INSTANCE instance = StartInstance();
  const JET_SESID source = Begin(instance);
  JET_SESID dup = 0;
  ASSERT_JET(JET_errSuccess, JetDupSession(source, &dup));
  EXPECT_JET(JET_errSuccess, JetTerm(instance));
  EXPECT_EQ(engine_.Counts().sessions, 0);
  EXPECT_EQ(engine_.Counts().object_blocks, 0);
  EXPECT_EQ(engine_.Counts().lost_slots, 0);
}

}  // namespace
}  // namespace jetsim::testing
