// JetBeginTransaction, JetCommitTransaction, JetRollback.
#include "engine_core.h"
#include "session_scope.h"

namespace jetsim {

namespace {
constexpr JET_GRBIT kCommitBits =
    JET_bitCommitLazyFlush | JET_bitWaitLastLevel0Commit | JET_bitWaitAllLevel0Commit;
}  // namespace

JET_ERR EngineCore::BeginTransaction(JET_SESID sesid) {
  const CallRules rules{};
  SessionScope scope(*this, sesid, rules);
  if (scope.err() != JET_errSuccess) return scope.err();
  {
    Locked locked(*lock_);
    if (scope.session().trx_level >= JET_cTransactionLevelsMax) return JET_errTransTooDeep;
  }
  platform_.Yield(Site::kTrxBegin);
  Locked locked(*lock_);
  // Re-checked with the level change under one lock, so a term that saw no
  // transaction never meets one.
  if (const JET_ERR err = LifecycleCheck(scope.instance(), rules); err != JET_errSuccess) return err;
  ++scope.session().trx_level;
  return JET_errSuccess;
}

JET_ERR EngineCore::CommitTransaction(JET_SESID sesid, JET_GRBIT grbit) {
  if ((grbit & ~kCommitBits) != 0) return JET_errInvalidParameter;
  const CallRules rules{};
  SessionScope scope(*this, sesid, rules);
  if (scope.err() != JET_errSuccess) return scope.err();
  bool outermost = false;
  {
    Locked locked(*lock_);
    if (scope.session().trx_level == 0) return JET_errNotInTransaction;
    outermost = scope.session().trx_level == 1;
  }
  platform_.Yield(Site::kTrxCommit);
  {
    Locked locked(*lock_);
    if (const JET_ERR err = LifecycleCheck(scope.instance(), rules); err != JET_errSuccess) return err;
  }
  if (outermost) {
    const IoResult written = platform_.WriteLog(kCommitRecordBytes, Site::kLogCommit);
    if (written != IoResult::kOk) {
      // A fatal error: the instance becomes unavailable and the transaction
      // stays open so the client can roll it back.
      Locked locked(*lock_);
      return RecordLogFailure(scope.instance(), written);
    }
  }
  Locked locked(*lock_);
  --scope.session().trx_level;
  return JET_errSuccess;
}

JET_ERR EngineCore::Rollback(JET_SESID sesid, JET_GRBIT grbit) {
  if ((grbit & ~JET_bitRollbackAll) != 0) return JET_errInvalidParameter;
  // Rollback is cleanup: it works after stop service, a fatal error and
  // during a restore.
  const CallRules rules{false, false, false, JET_errSessionSharingViolation};
  SessionScope scope(*this, sesid, rules);
  if (scope.err() != JET_errSuccess) return scope.err();
  {
    Locked locked(*lock_);
    if (scope.session().trx_level == 0) return JET_errNotInTransaction;
  }
  platform_.Yield(Site::kTrxRollback);
  Locked locked(*lock_);
  SessionRec& session = scope.session();
  session.trx_level = (grbit & JET_bitRollbackAll) != 0 ? 0 : session.trx_level - 1;
  return JET_errSuccess;
}

}  // namespace jetsim
