// Instances: init, term, stop service, fatal errors and restore, per the
// facts page and DESIGN.md "Decisions".
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "test_support.h"

namespace jetsim::testing {
namespace {

constexpr JET_SESID kSentinel = 0x5E5E5E5E;

class Lifecycle : public ProfileTest {};
JETSIM_BOTH_PROFILES(Lifecycle);

TEST_P(Lifecycle, InitTwiceIsAlreadyInitialized) {
  JET_INSTANCE instance = StartInstance();
  EXPECT_JET(JET_errAlreadyInitialized, JetInit(&instance));
}

TEST_P(Lifecycle, BeginOnAnInstanceNotInitialized) {
  JET_INSTANCE instance = 0;
  ASSERT_JET(JET_errSuccess, JetCreateInstance(&instance, "idle"));
  JET_SESID sesid = kSentinel;
  EXPECT_JET(JET_errNotInitialized, JetBeginSession(instance, &sesid, nullptr, nullptr));
  EXPECT_EQ(sesid, kSentinel);
  EXPECT_JET(JET_errNotInitialized, JetStopServiceInstance(instance));
}

TEST_P(Lifecycle, FailedInitDestroysTheInstanceAndZeroesTheHandle) {
  JET_INSTANCE instance = 0;
  ASSERT_JET(JET_errSuccess, JetCreateInstance(&instance, "doomed"));
  const JET_INSTANCE old = instance;
  platform_.FailAllocations(Site::kInitLogBuffer);
  EXPECT_JET(JET_errOutOfMemory, JetInit(&instance));
  EXPECT_EQ(instance, JET_INSTANCE{0});
  EXPECT_JET(Pick(JET_errInvalidParameter, JET_errInvalidInstance), JetInit(&instance));
  JET_INSTANCE again = old;
  EXPECT_JET(Pick(JET_errInvalidParameter, JET_errInvalidInstance), JetInit(&again));
  EXPECT_EQ(engine_.Counts().instances, 0);
  EXPECT_EQ(engine_.Counts().object_blocks, 0);
  // The name is free again.
  EXPECT_JET(JET_errSuccess, JetCreateInstance(&instance, "doomed"));
}

TEST_P(Lifecycle, CreateInstanceFailures) {
  JET_INSTANCE instance = 0;
  platform_.FailAllocations(Site::kInstAlloc);
  EXPECT_JET(JET_errOutOfMemory, JetCreateInstance(&instance, "a"));
  EXPECT_EQ(instance, JET_INSTANCE{0});
  ASSERT_JET(JET_errSuccess, JetCreateInstance(&instance, "a"));
  JET_INSTANCE twin = 0;
  EXPECT_JET(JET_errInstanceNameInUse, JetCreateInstance(&twin, "a"));
  EXPECT_EQ(twin, JET_INSTANCE{0});
  // Unnamed instances never clash.
  EXPECT_JET(JET_errSuccess, JetCreateInstance(&twin, nullptr));
  EXPECT_JET(JET_errSuccess, JetCreateInstance(&twin, ""));
}

TEST_P(Lifecycle, TermOfAnInstanceNotInitializedReleasesIt) {
  JET_INSTANCE instance = 0;
  ASSERT_JET(JET_errSuccess, JetCreateInstance(&instance, nullptr));
  EXPECT_JET(JET_errSuccess, JetTerm(instance));
  EXPECT_EQ(engine_.Counts().instances, 0);
  EXPECT_JET(Pick(JET_errNotInitialized, JET_errInvalidInstance), JetTerm(instance));
}

TEST_P(Lifecycle, TermWithAnOpenTransactionIsRefusedAndTheInstanceStaysUsable) {
  const JET_INSTANCE instance = StartInstance();
  const JET_SESID sesid = Begin(instance);
  ASSERT_JET(JET_errSuccess, JetBeginTransaction(sesid));
  EXPECT_JET(JET_errTooManyActiveUsers, JetTerm(instance));
  EXPECT_JET(JET_errTooManyActiveUsers, JetTerm2(instance, JET_bitTermComplete));
  JET_SESID dup = 0;
  EXPECT_JET(JET_errSuccess, JetDupSession(sesid, &dup));
  EXPECT_JET(JET_errSuccess, JetCommitTransaction(sesid, 0));
  EXPECT_JET(JET_errSuccess, JetTerm(instance));
}

TEST_P(Lifecycle, DirtyTermIgnoresOpenTransactions) {
  const JET_INSTANCE instance = StartInstance();
  const JET_SESID sesid = Begin(instance);
  ASSERT_JET(JET_errSuccess, JetBeginTransaction(sesid));
  EXPECT_JET(JET_errSuccess, JetTerm2(instance, JET_bitTermDirty));
  EXPECT_EQ(engine_.Counts().sessions, 0);
}

TEST_P(Lifecycle, TermEndsEverySessionAndFreesEverything) {
  const JET_INSTANCE instance = StartInstance();
  const JET_SESID a = Begin(instance);
  const JET_SESID b = Begin(instance);
  ASSERT_JET(JET_errSuccess, JetSetSessionContext(b, 7));
  EXPECT_JET(JET_errSuccess, JetTerm(instance));
  const EngineCounts counts = engine_.Counts();
  EXPECT_EQ(counts.instances, 0);
  EXPECT_EQ(counts.sessions, 0);
  EXPECT_EQ(counts.object_blocks, 0);
  EXPECT_EQ(counts.lost_slots, 0);
  EXPECT_JET(Pick(JET_errNotInitialized, JET_errInvalidSesid), JetEndSession(a, 0));
  EXPECT_JET(Pick(JET_errNotInitialized, JET_errInvalidSesid), JetBeginTransaction(b));
}

TEST_P(Lifecycle, CompleteTermFlushesTheLog) {
  const JET_INSTANCE instance = StartInstance();
  const std::uint64_t before = real_.log_bytes();
  EXPECT_JET(JET_errSuccess, JetTerm2(instance, JET_bitTermComplete));
  EXPECT_GT(real_.log_bytes(), before);
  const JET_INSTANCE abrupt = StartInstance();
  const std::uint64_t after_complete = real_.log_bytes();
  EXPECT_JET(JET_errSuccess, JetTerm2(abrupt, JET_bitTermAbrupt));
  EXPECT_EQ(real_.log_bytes(), after_complete);
}

TEST_P(Lifecycle, CompleteTermWhoseFlushFailsStillTearsDown) {
  const JET_INSTANCE instance = StartInstance();
  Begin(instance);
  platform_.SetLogResult(IoResult::kFailed);
  EXPECT_JET(Pick(JET_errInstanceUnavailable, JET_errLogWriteFail), JetTerm2(instance, JET_bitTermComplete));
  EXPECT_EQ(engine_.Counts().instances, 0);
  EXPECT_EQ(engine_.Counts().sessions, 0);
}

// While a term tears down (another instance keeps the process-wide check
// happy), JetBeginSession and JetDupSession do not even enter the instance:
// a stream of them can neither starve the term nor have the instance freed
// under them. In esent the facts page's order still puts stop first.
TEST_P(Lifecycle, CallsDuringTeardownDoNotEnterTheInstance) {
  for (const bool dup : {false, true}) {
    const JET_INSTANCE doomed = StartInstance(16, dup ? "doomed-dup" : "doomed-begin");
    const JET_INSTANCE other = StartInstance(16, dup ? "other-dup" : "other-begin");
    const JET_SESID source = Begin(doomed);
    ASSERT_JET(JET_errSuccess, JetStopServiceInstance(doomed));
    JET_ERR racing = JET_errSuccess;
    JET_SESID out = kSentinel;
    platform_.OnceAt(Site::kTermTeardownSession, [&] {
      OnOtherThread([&] {
        racing = dup ? JetDupSession(source, &out) : JetBeginSession(doomed, &out, nullptr, nullptr);
      });
    });
    EXPECT_JET(JET_errSuccess, JetTerm(doomed));
    EXPECT_JET(Pick(JET_errTermInProgress, JET_errClientRequestToStopJetService), racing);
    EXPECT_EQ(out, kSentinel);
    EXPECT_JET(JET_errSuccess, JetTerm(other));
    EXPECT_EQ(engine_.Counts().object_blocks, 0);
  }
}

TEST_P(Lifecycle, SecondTermWhileTheFirstRunsIsTermInProgress) {
  const JET_INSTANCE instance = StartInstance();
  Begin(instance);
  JET_ERR second = JET_errSuccess;
  platform_.OnceAt(Site::kTermTeardownSession, [&] { second = JetTerm(instance); });
  EXPECT_JET(JET_errSuccess, JetTerm(instance));
  EXPECT_JET(JET_errTermInProgress, second);
}

// ---- stop service ----

TEST_P(Lifecycle, AfterStopServiceOnlyCleanupAndTermWork) {
  const JET_INSTANCE instance = StartInstance();
  const JET_SESID sesid = Begin(instance);
  ASSERT_JET(JET_errSuccess, JetBeginTransaction(sesid));
  ASSERT_JET(JET_errSuccess, JetSetSessionContext(sesid, 9));
  ASSERT_JET(JET_errSuccess, JetStopServiceInstance(instance));
  ASSERT_JET(JET_errSuccess, JetStopServiceInstance(instance));  // again: still stopped, still fine
  JET_SESID other = kSentinel;
  EXPECT_JET(JET_errClientRequestToStopJetService, JetBeginSession(instance, &other, nullptr, nullptr));
  EXPECT_JET(JET_errClientRequestToStopJetService, JetDupSession(sesid, &other));
  EXPECT_JET(JET_errClientRequestToStopJetService, JetBeginTransaction(sesid));
  EXPECT_JET(JET_errClientRequestToStopJetService, JetCommitTransaction(sesid, 0));
  EXPECT_JET(JET_errClientRequestToStopJetService, JetSetSessionContext(sesid, 10));
  EXPECT_JET(JET_errClientRequestToStopJetService, JetRestoreInstance(instance, "backup", nullptr, nullptr));
  EXPECT_EQ(other, kSentinel);
  EXPECT_JET(JET_errSuccess, JetRollback(sesid, 0));
  EXPECT_JET(JET_errSuccess, JetResetSessionContext(sesid));
  EXPECT_JET(JET_errSuccess, JetEndSession(sesid, 0));
  EXPECT_JET(JET_errSuccess, JetTerm(instance));
}

TEST_P(Lifecycle, StopServiceWithNothingRunning) { EXPECT_JET(JET_errNotInitialized, JetStopService()); }

// ---- fatal errors ----

TEST_P(Lifecycle, AfterAFatalErrorOnlyEndRollbackAndTermWork) {
  const JET_INSTANCE instance = StartInstance();
  const JET_SESID sesid = Begin(instance);
  const JET_SESID idle = Begin(instance);
  ASSERT_JET(JET_errSuccess, JetSetSessionContext(idle, 5));
  ASSERT_JET(JET_errSuccess, JetBeginTransaction(sesid));
  ASSERT_JET(JET_errSuccess, JetBeginTransaction(sesid));
  // Only the outermost commit writes the log.
  platform_.SetLogResult(IoResult::kFailed);
  ASSERT_JET(JET_errSuccess, JetCommitTransaction(sesid, 0));
  EXPECT_JET(Pick(JET_errInstanceUnavailable, JET_errLogWriteFail), JetCommitTransaction(sesid, 0));
  JET_SESID other = kSentinel;
  EXPECT_JET(JET_errInstanceUnavailable, JetBeginSession(instance, &other, nullptr, nullptr));
  EXPECT_JET(JET_errInstanceUnavailable, JetDupSession(idle, &other));
  EXPECT_JET(JET_errInstanceUnavailable, JetBeginTransaction(idle));
  EXPECT_JET(JET_errInstanceUnavailable, JetCommitTransaction(sesid, 0));
  EXPECT_JET(JET_errInstanceUnavailable, JetResetSessionContext(idle));
  EXPECT_EQ(other, kSentinel);
  // The failed commit's transaction is still open: term refuses until it is
  // rolled back.
  EXPECT_JET(JET_errTooManyActiveUsers, JetTerm(instance));
  EXPECT_JET(JET_errSuccess, JetRollback(sesid, 0));
  EXPECT_JET(JET_errSuccess, JetEndSession(idle, 0));
  EXPECT_JET(JET_errSuccess, JetTerm(instance));
}

// ---- restore ----

int g_restore_notifications = 0;
JET_ERR CountNotifications(JET_SESID, JET_SNP snp, JET_SNT, void* progress) {
  EXPECT_EQ(snp, static_cast<JET_SNP>(JET_snpRestore));
  EXPECT_NE(progress, nullptr);
  ++g_restore_notifications;
  return JET_errSuccess;
}
JET_ERR RefuseProgress(JET_SESID, JET_SNP, JET_SNT snt, void*) {
  return snt == JET_sntProgress ? JET_errOutOfMemory : JET_errSuccess;
}

TEST_P(Lifecycle, RestoreOfAnInstanceNotInitializedLeavesItUninitialized) {
  JET_INSTANCE instance = 0;
  ASSERT_JET(JET_errSuccess, JetCreateInstance(&instance, nullptr));
  ASSERT_JET(JET_errSuccess, JetSetSystemParameter(&instance, 0, JET_paramJetsimRestoreSteps, 3, nullptr));
  g_restore_notifications = 0;
  JET_ERR begin_during = JET_errSuccess;
  JET_ERR init_during = JET_errSuccess;
  JET_SESID sesid = kSentinel;
  platform_.OnceAt(Site::kRestoreStep, [&] {
    begin_during = JetBeginSession(instance, &sesid, nullptr, nullptr);
    JET_INSTANCE copy = instance;
    init_during = JetInit(&copy);
  });
  EXPECT_JET(JET_errSuccess, JetRestoreInstance(instance, "backup", "dest", CountNotifications));
  EXPECT_EQ(g_restore_notifications, 1 + 3 + 1);  // begin, one per step, complete
  EXPECT_JET(JET_errRestoreInProgress, begin_during);
  EXPECT_JET(JET_errRestoreInProgress, init_during);
  EXPECT_EQ(sesid, kSentinel);
  EXPECT_JET(JET_errNotInitialized, JetBeginSession(instance, &sesid, nullptr, nullptr));
  EXPECT_JET(JET_errSuccess, JetInit(&instance));
  EXPECT_JET(JET_errSuccess, JetBeginSession(instance, &sesid, nullptr, nullptr));
}

TEST_P(Lifecycle, RestoreOfARunningInstance) {
  const JET_INSTANCE instance = StartInstance();
  const JET_SESID sesid = Begin(instance);
  JET_ERR trx_during = JET_errSuccess;
  platform_.OnceAt(Site::kRestoreStep, [&] { trx_during = JetBeginTransaction(sesid); });
  if (esent()) {
    EXPECT_JET(JET_errAlreadyInitialized, JetRestoreInstance(instance, "backup", nullptr, nullptr));
  } else {
    EXPECT_JET(JET_errSuccess, JetRestoreInstance(instance, "backup", nullptr, nullptr));
    EXPECT_JET(JET_errRestoreInProgress, trx_during);
  }
  EXPECT_JET(JET_errSuccess, JetBeginTransaction(sesid));  // the session survived
}

TEST_P(Lifecycle, RestoreCallbackErrorAbortsTheRestore) {
  JET_INSTANCE instance = 0;
  ASSERT_JET(JET_errSuccess, JetCreateInstance(&instance, nullptr));
  EXPECT_JET(JET_errOutOfMemory, JetRestoreInstance(instance, "backup", nullptr, RefuseProgress));
  EXPECT_JET(JET_errSuccess, JetInit(&instance));  // not left restoring
}

TEST_P(Lifecycle, ATermFromAnyRestoreCallbackIsRefused) {
  // Two restores whose callbacks term each other's instance would wait for
  // each other forever: a thread inside a restore may not term at all.
  JET_INSTANCE restoring = 0;
  ASSERT_JET(JET_errSuccess, JetCreateInstance(&restoring, "restoring"));
  const JET_INSTANCE idle = StartInstance(16, "idle");
  JET_ERR term_inside = JET_errSuccess;
  platform_.OnceAt(Site::kRestoreStep, [&] { term_inside = JetTerm(idle); });
  EXPECT_JET(JET_errSuccess, JetRestoreInstance(restoring, "backup", nullptr, nullptr));
  EXPECT_JET(JET_errRestoreInProgress, term_inside);
  EXPECT_JET(JET_errSuccess, JetTerm(idle));
}

TEST_P(Lifecycle, StopFollowsTheLifecycleOrder) {
  const JET_INSTANCE instance = StartInstance();
  JET_ERR stop_during_restore = JET_errSuccess;
  platform_.OnceAt(Site::kRestoreStep, [&] { stop_during_restore = JetStopServiceInstance(instance); });
  const JET_ERR restore = JetRestoreInstance(instance, "backup", nullptr, nullptr);
  if (!esent()) {
    ASSERT_JET(JET_errSuccess, restore);
    EXPECT_JET(JET_errRestoreInProgress, stop_during_restore);
  }
  const JET_SESID sesid = Begin(instance);
  ASSERT_JET(JET_errSuccess, JetBeginTransaction(sesid));
  platform_.SetLogResult(IoResult::kFailed);
  ASSERT_NE(JET_errSuccess, JetCommitTransaction(sesid, 0));
  // Unavailable comes before stop: the instance stays unavailable.
  EXPECT_JET(JET_errInstanceUnavailable, JetStopServiceInstance(instance));
  EXPECT_JET(JET_errSuccess, JetStopService());  // stops what can be stopped
  EXPECT_JET(JET_errInstanceUnavailable, JetBeginTransaction(sesid));
}

TEST_P(Lifecycle, TermDuringARestoreWaitsForItAndRefusesCallsMeanwhile) {
  JET_INSTANCE instance = 0;
  ASSERT_JET(JET_errSuccess, JetCreateInstance(&instance, nullptr));
  ASSERT_JET(JET_errSuccess, JetSetSystemParameter(&instance, 0, JET_paramJetsimRestoreSteps, 2, nullptr));
  std::atomic<JET_ERR> term_result{1};
  std::thread terminator;
  JET_ERR init_while_waiting = JET_errSuccess;
  platform_.OnceAt(Site::kRestoreStep, [&] {
    terminator = std::thread([&] {
      ScopedCurrentEngine current(engine_);
      term_result = JetTerm(instance);
    });
    // Wait until the term has set its flag (calls get TermInProgress), then
    // let the restore go on: the term must still be waiting for it.
    JET_INSTANCE copy = instance;
    for (int i = 0; i < 100000 && (init_while_waiting = JetInit(&copy)) != JET_errTermInProgress; ++i) {
      std::this_thread::yield();
    }
    EXPECT_EQ(term_result.load(), 1);
  });
  EXPECT_JET(JET_errSuccess, JetRestoreInstance(instance, "backup", nullptr, nullptr));
  terminator.join();
  EXPECT_JET(JET_errTermInProgress, init_while_waiting);
  EXPECT_JET(JET_errSuccess, term_result.load());
  EXPECT_EQ(engine_.Counts().instances, 0);
}

TEST_P(Lifecycle, RestoreCallbackCannotDeadlockATermOfItsInstance) {
  JET_INSTANCE instance = 0;
  ASSERT_JET(JET_errSuccess, JetCreateInstance(&instance, nullptr));
  JET_ERR term_inside = JET_errSuccess;
  platform_.OnceAt(Site::kRestoreStep, [&] { term_inside = JetTerm(instance); });
  EXPECT_JET(JET_errSuccess, JetRestoreInstance(instance, "backup", nullptr, nullptr));
  EXPECT_JET(JET_errRestoreInProgress, term_inside);
}

}  // namespace
}  // namespace jetsim::testing
