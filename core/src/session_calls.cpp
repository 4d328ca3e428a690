// JetBeginSession, JetDupSession, JetEndSession and the session context.
#include <atomic>
#include <cstdlib>

#include "engine_core.h"
#include "session_scope.h"

namespace jetsim {

// ---- SessionScope ----

EngineCore::SessionScope::SessionScope(EngineCore& core, JET_SESID sesid, const CallRules& rules)
    : me_(core.platform_.CurrentThread()) {
  {
    Locked locked(*core.lock_);
    const auto found = core.sessions_.Find(sesid);
    if (found.rec == nullptr) {
      err_ = core.DeadHandleCode(found.why_dead, core.InvalidSessionCode());
      return;
    }
    SessionRec& session = *found.rec;
    InstanceRec& inst = *core.instances_.at(session.instance_index);
    if (err_ = core.LifecycleCheck(inst, rules); err_ != JET_errSuccess) return;
    if (session.busy_thread != kNoThread && session.busy_thread != me_) {
      err_ = JET_errSessionSharingViolation;
      return;
    }
    if (session.context_owner != kNoThread && session.context_owner != me_) {
      err_ = rules.context_of_other_thread;
      return;
    }
    session.busy_thread = me_;
    ++session.busy_depth;
    ++inst.calls_inside;
    marks_.core = &core;
    marks_.session = &session;
    marks_.instance = &inst;
    index_ = found.index;
  }
  core.platform_.Yield(Site::kSessionEnter);
}

EngineCore::SessionScope::~SessionScope() = default;

EngineCore::SessionScope::Marks::~Marks() {
  if (core == nullptr) return;
  Locked locked(*core->lock_);
  if (session != nullptr && --session->busy_depth == 0) session->busy_thread = kNoThread;
  core->LeaveInstance(*instance);
}

// ---- starting a session ----

struct EngineCore::NewSessionRequest {
  InstanceRec* inst;  // entered (calls_inside) by the caller; StartSession leaves it
  std::uint32_t inst_index;
  JET_SESID source;  // JetDupSession's source, 0 for JetBeginSession
  JET_SESID* psesid;
};

JET_ERR EngineCore::BeginSession(JET_INSTANCE instance, JET_SESID* psesid) {
  InstanceRec* inst = nullptr;
  std::uint32_t index = 0;
  {
    Locked locked(*lock_);
    if (psesid == nullptr && !Has(Switch::kEsentCheckOrder)) return JET_errInvalidParameter;
    if (const JET_ERR err = ResolveInstance(instance, &inst, &index); err != JET_errSuccess) return err;
    if (!inst->initialized) return inst->restoring ? JET_errRestoreInProgress : JET_errNotInitialized;
    if (const JET_ERR err = ProcessWideCheck(); err != JET_errSuccess) return err;
    if (const JET_ERR err = EntryCheck(*inst); err != JET_errSuccess) return err;
    ++inst->calls_inside;
  }
  return StartSession(NewSessionRequest{inst, index, 0, psesid});
}

JET_ERR EngineCore::DupSession(JET_SESID sesid, JET_SESID* psesid) {
  const auto dup = [&]() -> JET_ERR {
    InstanceRec* inst = nullptr;
    std::uint32_t index = 0;
    {
      Locked locked(*lock_);
      if (psesid == nullptr && !Has(Switch::kEsentCheckOrder)) return JET_errInvalidParameter;
      SessionRec* source = nullptr;
      if (const JET_ERR err = ResolveSourceSession(sesid, &source); err != JET_errSuccess) return err;
      index = source->instance_index;
      inst = instances_.at(index);
      if (const JET_ERR err = EntryCheck(*inst); err != JET_errSuccess) return err;
      ++inst->calls_inside;
    }
    return StartSession(NewSessionRequest{inst, index, sesid, psesid});
  };
  const JET_ERR err = dup();
  if (err != JET_errSuccess && psesid != nullptr) {
    Locked locked(*lock_);
    if (Has(Switch::kBugPsesidOnFailure)) *psesid = JET_sesidNil;
  }
  return err;
}

JET_ERR EngineCore::StartSession(const NewSessionRequest& request) {
  InstanceRec& inst = *request.inst;
  ScopeExit leave([&] {
    Locked locked(*lock_);
    LeaveInstance(inst);
  });
  platform_.Yield(Site::kPibCheckProcess);
  const ThreadToken me = platform_.CurrentThread();
  Behavior behavior;
  {
    Locked locked(*lock_);
    behavior = behavior_;
    if (inst.stopped && !behavior.Has(Switch::kBugSkipStopCheck)) return JET_errClientRequestToStopJetService;
  }
  platform_.Yield(Site::kPibCheckStop);
  {
    Locked locked(*lock_);
    if (inst.fatal != FatalKind::kNone) return UnavailableCode(inst);
  }
  platform_.Yield(Site::kPibCheckUnavailable);
  {
    Locked locked(*lock_);
    if (inst.terminating) return JET_errTermInProgress;
  }
  platform_.Yield(Site::kPibCheckTerm);
  if (!behavior.Has(Switch::kEsentCheckOrder)) {
    {
      Locked locked(*lock_);
      if (inst.restoring) return JET_errRestoreInProgress;
    }
    platform_.Yield(Site::kPibCheckRestore);
  }

  // The source stays marked busy on this thread until the call ends, so it
  // cannot be ended under us; it may have been ended before we mark it.
  SessionRec* source = nullptr;
  ScopeExit unmark_source([&] {
    if (source == nullptr) return;
    Locked locked(*lock_);
    if (--source->busy_depth == 0) source->busy_thread = kNoThread;
  });
  if (request.source != 0) {
    {
      Locked locked(*lock_);
      const auto found = sessions_.Find(request.source);
      if (found.rec == nullptr) return DeadHandleCode(found.why_dead, InvalidSessionCode());
      SessionRec& candidate = *found.rec;
      if ((candidate.busy_thread != kNoThread && candidate.busy_thread != me) ||
          (candidate.context_owner != kNoThread && candidate.context_owner != me)) {
        return JET_errSessionSharingViolation;
      }
      candidate.busy_thread = me;
      ++candidate.busy_depth;
      source = &candidate;
    }
    platform_.Yield(Site::kPibCheckSharing);
  }

  // A failed allocation is reported in the claim's order, below.
  auto* session = NewObject<SessionRec>(Site::kPibAlloc);
  ScopeExit free_session([&] {
    if (session != nullptr) DeleteObject(session, Site::kPibAlloc);
  });

  const bool claim_races = behavior.Has(Switch::kBugRaceSlotClaim);
  bool full_before_yield = false;
  if (claim_races) {
    Locked locked(*lock_);
    full_before_yield = inst.sessions >= SessionLimit(inst);
  }
  platform_.Yield(Site::kPibClaim);
  if (behavior.Has(Switch::kBugProcessCounter)) {
    // The deliberate bug: state that outlives the Engine decides a yield.
    static std::atomic<std::uint64_t> calls{0};
    if (calls.fetch_add(1, std::memory_order_relaxed) % 2 == 1) platform_.Yield(Site::kPibClaim);
  }
  JET_SESID handle = 0;
  {
    Locked locked(*lock_);
    // Term re-checked under the lock (facts page step 7): no session is
    // born into a term.
    if (inst.terminating) {
      return behavior.Has(Switch::kBugTermRaceCode) ? JET_errOutOfSessions : JET_errTermInProgress;
    }
    // esent: the real engine would dereference psesid only here.
    if (request.psesid == nullptr) return JET_errInvalidParameter;
    if (session == nullptr) return OutOfMemoryCode();
    const bool full = claim_races ? full_before_yield : inst.sessions >= SessionLimit(inst);
    if (full && behavior.Has(Switch::kBugCrashWhenFull)) std::abort();
    if (full) return JET_errOutOfSessions;
    if (!sessions_.EnsureFree()) return OutOfMemoryCode();
    session->instance_index = request.inst_index;
    session->begun_at_ns = platform_.NowNanos();
    if (source != nullptr && behavior.Has(Switch::kBugCopyTransaction))
      session->trx_level = source->trx_level;
    handle = sessions_.Put(session);
    ++inst.sessions;
    session = nullptr;  // the table owns it now
  }
  *request.psesid = handle;
  return JET_errSuccess;
}

// ---- ending a session and its context ----

JET_ERR EngineCore::EndSession(JET_SESID sesid, JET_GRBIT grbit) {
  if (grbit != 0) return JET_errInvalidParameter;
  // Cleanup works after stop service, a fatal error and during a restore.
  const CallRules rules{false, false, false, JET_errSessionInUse};
  SessionScope scope(*this, sesid, rules);
  if (scope.err() != JET_errSuccess) return scope.err();
  platform_.Yield(Site::kSessionEnd);
  Locked locked(*lock_);
  // Ending rolls back every open level: nothing to undo beyond the count.
  DestroySession(scope.index(), DeathReason::kEndedByClient);
  scope.SessionDestroyed();
  return JET_errSuccess;
}

JET_ERR EngineCore::SetSessionContext(JET_SESID sesid, JET_API_PTR context) {
  // DESIGN.md: setting a context twice is AlreadySet, whichever thread set it.
  const CallRules rules{true, true, true, JET_errSessionContextAlreadySet};
  SessionScope scope(*this, sesid, rules);
  if (scope.err() != JET_errSuccess) return scope.err();
  if (context == 0) return JET_errInvalidParameter;
  {
    Locked locked(*lock_);
    if (scope.session().context_owner == scope.me()) return JET_errSessionContextAlreadySet;
  }
  platform_.Yield(Site::kContextSet);
  Locked locked(*lock_);
  scope.session().context_owner = scope.me();
  scope.session().context = context;
  return JET_errSuccess;
}

JET_ERR EngineCore::ResetSessionContext(JET_SESID sesid) {
  // Allowed after stop service and during a restore, not after a fatal error.
  const CallRules rules{false, true, false, JET_errSessionContextNotSetByThisThread};
  SessionScope scope(*this, sesid, rules);
  if (scope.err() != JET_errSuccess) return scope.err();
  Locked locked(*lock_);
  if (scope.session().context_owner != scope.me()) return JET_errSessionContextNotSetByThisThread;
  scope.session().context_owner = kNoThread;
  scope.session().context = 0;
  return JET_errSuccess;
}

}  // namespace jetsim
