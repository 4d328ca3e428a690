// Transactions and session contexts.
#include <gtest/gtest.h>

#include "test_support.h"

namespace jetsim::testing {
namespace {

class Transactions : public ProfileTest {};
JETSIM_BOTH_PROFILES(Transactions);

TEST_P(Transactions, NestAtMostSevenLevels) {
  const JET_SESID sesid = Begin(StartInstance());
  for (int level = 1; level <= JET_cTransactionLevelsMax; ++level) {
    ASSERT_JET(JET_errSuccess, JetBeginTransaction(sesid)) << "level " << level;
  }
  EXPECT_JET(JET_errTransTooDeep, JetBeginTransaction(sesid));
  for (int level = JET_cTransactionLevelsMax; level >= 1; --level) {
    ASSERT_JET(JET_errSuccess, JetCommitTransaction(sesid, 0)) << "level " << level;
  }
  EXPECT_JET(JET_errNotInTransaction, JetCommitTransaction(sesid, 0));
}

TEST_P(Transactions, CommitOrRollbackAtLevelZero) {
  const JET_SESID sesid = Begin(StartInstance());
  EXPECT_JET(JET_errNotInTransaction, JetCommitTransaction(sesid, 0));
  EXPECT_JET(JET_errNotInTransaction, JetRollback(sesid, 0));
  EXPECT_JET(JET_errNotInTransaction, JetRollback(sesid, JET_bitRollbackAll));
}

TEST_P(Transactions, RollbackOneLevelOrAll) {
  const JET_SESID sesid = Begin(StartInstance());
  for (int i = 0; i < 3; ++i) ASSERT_JET(JET_errSuccess, JetBeginTransaction(sesid));
  EXPECT_JET(JET_errSuccess, JetRollback(sesid, 0));
  EXPECT_JET(JET_errSuccess, JetRollback(sesid, JET_bitRollbackAll));
  EXPECT_JET(JET_errNotInTransaction, JetRollback(sesid, 0));
}

TEST_P(Transactions, OnlyTheOutermostCommitWritesTheLog) {
  const JET_SESID sesid = Begin(StartInstance());
  ASSERT_JET(JET_errSuccess, JetBeginTransaction(sesid));
  ASSERT_JET(JET_errSuccess, JetBeginTransaction(sesid));
  const std::uint64_t before = real_.log_bytes();
  ASSERT_JET(JET_errSuccess, JetCommitTransaction(sesid, JET_bitCommitLazyFlush));
  EXPECT_EQ(real_.log_bytes(), before);
  ASSERT_JET(JET_errSuccess, JetCommitTransaction(sesid, 0));
  EXPECT_GT(real_.log_bytes(), before);
}

TEST_P(Transactions, EndSessionRollsBackEveryLevel) {
  const JET_INSTANCE instance = StartInstance();
  const JET_SESID sesid = Begin(instance);
  for (int i = 0; i < 4; ++i) ASSERT_JET(JET_errSuccess, JetBeginTransaction(sesid));
  EXPECT_JET(JET_errSuccess, JetEndSession(sesid, 0));
  // No transaction is left to refuse the term.
  EXPECT_JET(JET_errSuccess, JetTerm(instance));
}

// ---- session context ----

TEST_P(Transactions, ContextIsOwnedByTheThreadThatSetIt) {
  const JET_SESID sesid = Begin(StartInstance());
  ASSERT_JET(JET_errSuccess, JetSetSessionContext(sesid, 0xC0FFEE));
  EXPECT_JET(JET_errSessionContextAlreadySet, JetSetSessionContext(sesid, 0xC0FFEE));
  JET_ERR reset = JET_errSuccess;
  JET_ERR end = JET_errSuccess;
  JET_ERR trx = JET_errSuccess;
  JET_ERR set = JET_errSuccess;
  OnOtherThread([&] {
    reset = JetResetSessionContext(sesid);
    end = JetEndSession(sesid, 0);
    trx = JetBeginTransaction(sesid);
    set = JetSetSessionContext(sesid, 1);
  });
  EXPECT_JET(JET_errSessionContextNotSetByThisThread, reset);
  EXPECT_JET(JET_errSessionInUse, end);
  EXPECT_JET(JET_errSessionSharingViolation, trx);
  EXPECT_JET(JET_errSessionContextAlreadySet, set);  // setting twice, whichever thread
  // The owner can use it, reset it, and then anyone can.
  EXPECT_JET(JET_errSuccess, JetBeginTransaction(sesid));
  EXPECT_JET(JET_errSuccess, JetResetSessionContext(sesid));
  EXPECT_JET(JET_errSessionContextNotSetByThisThread, JetResetSessionContext(sesid));
  OnOtherThread([&] { end = JetRollback(sesid, 0); });
  EXPECT_JET(JET_errSuccess, end);
}

TEST_P(Transactions, ZeroContextIsInvalid) {
  const JET_SESID sesid = Begin(StartInstance());
  EXPECT_JET(JET_errInvalidParameter, JetSetSessionContext(sesid, 0));
}

TEST_P(Transactions, ASessionBusyOnAnotherThreadIsRefused) {
  const JET_SESID sesid = Begin(StartInstance());
  JET_ERR commit = JET_errSuccess;
  JET_ERR end = JET_errSuccess;
  ASSERT_JET(JET_errSuccess, JetBeginTransaction(sesid));
  platform_.OnceAt(Site::kTrxBegin, [&] {
    OnOtherThread([&] {
      commit = JetCommitTransaction(sesid, 0);
      end = JetEndSession(sesid, 0);
    });
  });
  EXPECT_JET(JET_errSuccess, JetBeginTransaction(sesid));
  EXPECT_JET(JET_errSessionSharingViolation, commit);
  EXPECT_JET(JET_errSessionSharingViolation, end);
}

}  // namespace
}  // namespace jetsim::testing
