// JetCreateInstance, JetInit, JetTerm2, JetStopService(Instance) and
// JetRestoreInstance.
#include <cstring>

#include "engine_core.h"

namespace jetsim {

namespace {
constexpr JET_GRBIT kTermBits =
    JET_bitTermComplete | JET_bitTermAbrupt | JET_bitTermStopBackup | JET_bitTermDirty;
// Stopping follows the lifecycle order (term, stop, unavailable, restore):
// stopping again is fine; an unavailable or restoring instance stays so.
constexpr CallRules kStopRules{false, true, true, JET_errSuccess};
}  // namespace

JET_ERR EngineCore::CreateInstance(JET_INSTANCE* pinstance, const char* name) {
  if (pinstance == nullptr) return JET_errInvalidParameter;
  const std::size_t length = name == nullptr ? 0 : strnlen(name, JET_cbInstanceNameMost);
  if (length >= JET_cbInstanceNameMost) return JET_errInvalidParameter;
  Locked locked(*lock_);
  if (length > 0) {
    for (std::uint32_t i = 0; i < instances_.size(); ++i) {
      const InstanceRec* other = instances_.at(i);
      if (other != nullptr && std::strcmp(other->name, name) == 0) return JET_errInstanceNameInUse;
    }
  }
  auto* inst = NewObject<InstanceRec>(Site::kInstAlloc);
  if (inst == nullptr) return JET_errOutOfMemory;
  if (!instances_.EnsureFree()) {
    DeleteObject(inst, Site::kInstAlloc);
    return JET_errOutOfMemory;
  }
  if (length > 0) std::memcpy(inst->name, name, length);
  inst->max_sessions = default_max_sessions_;
  inst->restore_steps = default_restore_steps_;
  *pinstance = instances_.Put(inst);
  return JET_errSuccess;
}

JET_ERR EngineCore::Init(JET_INSTANCE* pinstance) {
  if (pinstance == nullptr) return JET_errInvalidParameter;
  InstanceRec* inst = nullptr;
  std::uint32_t index = 0;
  {
    Locked locked(*lock_);
    if (const JET_ERR err = ResolveInstance(*pinstance, &inst, &index); err != JET_errSuccess) return err;
    if (inst->initialized || inst->initializing) return JET_errAlreadyInitialized;
    if (inst->terminating) return JET_errTermInProgress;
    if (inst->restoring) return JET_errRestoreInProgress;
    inst->initializing = true;
    any_init_ = true;
    ++inst->calls_inside;
  }
  void* log_buffer = nullptr;
  // If a simulator unwinds this call, the instance goes back to created.
  ScopeExit abandon([&] {
    Locked locked(*lock_);
    if (log_buffer != nullptr) FreeBlock(log_buffer, kLogBufferBytes, Site::kInitLogBuffer);
    inst->initializing = false;
    LeaveInstance(*inst);
  });
  platform_.Yield(Site::kInitStart);
  log_buffer = AllocateBlock(kLogBufferBytes, Site::kInitLogBuffer);
  abandon.Dismiss();
  Locked locked(*lock_);
  inst->initializing = false;
  if (log_buffer == nullptr) {
    // A JetInit that fails destroys the instance and zeroes the handle. Only
    // a term can be inside with us (restore refuses an initializing
    // instance); it is waiting and will destroy the instance itself.
    *pinstance = 0;
    if (inst->terminating) {
      LeaveInstance(*inst);
    } else {
      DestroyInstance(index, DeathReason::kInitFailed);
    }
    return JET_errOutOfMemory;
  }
  inst->log_buffer = log_buffer;
  inst->initialized = true;
  LeaveInstance(*inst);
  return JET_errSuccess;
}

JET_ERR EngineCore::Term(JET_INSTANCE instance, JET_GRBIT grbit) {
  if ((grbit & ~kTermBits) != 0) return JET_errInvalidParameter;
  if ((grbit & JET_bitTermComplete) != 0 && (grbit & JET_bitTermAbrupt) != 0) return JET_errInvalidParameter;
  InstanceRec* inst = nullptr;
  std::uint32_t index = 0;
  {
    Locked locked(*lock_);
    if (const JET_ERR err = ResolveInstance(instance, &inst, &index); err != JET_errSuccess) return err;
    if (inst->terminating) return JET_errTermInProgress;
    // Called from a restore's status callback: waiting for a restore (this
    // one, or another whose callback terms ours) could wait for ourselves.
    if (InsideARestore(platform_.CurrentThread())) return JET_errRestoreInProgress;
    // Checked and flagged under one lock: a refused term is never seen.
    if ((grbit & JET_bitTermDirty) == 0) {
      for (std::uint32_t i = 0; i < sessions_.size(); ++i) {
        const SessionRec* session = sessions_.at(i);
        if (session != nullptr && session->instance_index == index && session->trx_level > 0) {
          return JET_errTooManyActiveUsers;
        }
      }
    }
    inst->terminating = true;
    ++inst->calls_inside;
  }
  // If a simulator unwinds this call, it at least leaves the instance (which
  // stays terminating; the engine's destructor frees it).
  ScopeExit leave([&] {
    Locked locked(*lock_);
    LeaveInstance(*inst);
  });
  platform_.Yield(Site::kTermBegin);
  bool flush = false;
  {
    Locked locked(*lock_);
    WaitForOtherCalls(*inst);
    flush = (grbit & JET_bitTermComplete) != 0 && inst->initialized && inst->fatal == FatalKind::kNone;
  }
  JET_ERR result = JET_errSuccess;
  if (flush) {
    platform_.Yield(Site::kTermFlush);
    const IoResult written = platform_.WriteLog(kFlushBytes, Site::kLogFlush);
    if (written != IoResult::kOk) {
      // The flush failed: tear down all the same and report it.
      Locked locked(*lock_);
      result = RecordLogFailure(*inst, written);
    }
  }
  for (std::uint32_t next = 0;;) {
    std::uint32_t victim = 0;
    {
      Locked locked(*lock_);
      while (next < sessions_.size() &&
             (sessions_.at(next) == nullptr || sessions_.at(next)->instance_index != index)) {
        ++next;
      }
      if (next >= sessions_.size()) break;
      victim = next++;
    }
    platform_.Yield(Site::kTermTeardownSession);
    // No call can reach the victim meanwhile: every call bounces off the
    // terminating flag, and the calls that were inside have left.
    Locked locked(*lock_);
    DestroySession(victim, DeathReason::kEndedByTerm);
  }
  platform_.Yield(Site::kTermTeardownInstance);
  Locked locked(*lock_);
  // No call enters a terminating instance (EntryCheck, LifecycleCheck), so
  // this finds none; it stays as the guard against freeing the instance
  // under a call, and the destroy happens under this one lock hold.
  WaitForOtherCalls(*inst);
  leave.Dismiss();
  DestroyInstance(index, DeathReason::kEndedByTerm);
  return result;
}

JET_ERR EngineCore::StopServiceInstance(JET_INSTANCE instance) {
  InstanceRec* inst = nullptr;
  std::uint32_t index = 0;
  {
    Locked locked(*lock_);
    if (const JET_ERR err = ResolveInstance(instance, &inst, &index); err != JET_errSuccess) return err;
    if (!inst->initialized) return JET_errNotInitialized;
    if (const JET_ERR err = LifecycleCheck(*inst, kStopRules); err != JET_errSuccess) return err;
    ++inst->calls_inside;
  }
  ScopeExit leave([&] {
    Locked locked(*lock_);
    LeaveInstance(*inst);
  });
  platform_.Yield(Site::kStopInstance);
  Locked locked(*lock_);
  inst->stopped = true;  // sticky: nothing clears it
  return JET_errSuccess;
}

JET_ERR EngineCore::StopService() {
  Locked locked(*lock_);
  bool any = false;
  for (std::uint32_t i = 0; i < instances_.size(); ++i) {
    InstanceRec* inst = instances_.at(i);
    if (inst == nullptr || !inst->initialized) continue;
    any = true;
    if (LifecycleCheck(*inst, kStopRules) == JET_errSuccess) inst->stopped = true;
  }
  return any ? JET_errSuccess : JET_errNotInitialized;
}

JET_ERR EngineCore::RestoreInstance(JET_INSTANCE instance, const char* source, JET_PFNSTATUS status) {
  if (source == nullptr) return JET_errInvalidParameter;
  InstanceRec* inst = nullptr;
  std::uint32_t index = 0;
  std::uint32_t steps = 0;
  {
    Locked locked(*lock_);
    if (const JET_ERR err = ResolveInstance(instance, &inst, &index); err != JET_errSuccess) return err;
    if (inst->initializing) return JET_errAlreadyInitialized;
    if (const JET_ERR err = LifecycleCheck(*inst, CallRules{}); err != JET_errSuccess) return err;
    // documented: an online restore; esent: only an instance that is not running.
    if (inst->initialized && Has(Switch::kEsentNoOnlineRestore)) return JET_errAlreadyInitialized;
    inst->restoring = true;
    inst->restoring_thread = platform_.CurrentThread();
    ++inst->calls_inside;
    steps = inst->restore_steps;
  }
  ScopeExit finish([&] {
    Locked locked(*lock_);
    inst->restoring = false;
    inst->restoring_thread = kNoThread;
    LeaveInstance(*inst);
  });
  JET_SNPROG progress{sizeof(JET_SNPROG), 0, steps};
  const auto notify = [&](JET_SNT kind) -> JET_ERR {
    return status == nullptr ? JET_errSuccess : status(0, JET_snpRestore, kind, &progress);
  };
  if (const JET_ERR err = notify(JET_sntBegin); err != JET_errSuccess) return err;
  for (std::uint32_t step = 1; step <= steps; ++step) {
    platform_.Yield(Site::kRestoreStep);
    progress.cunitDone = step;
    if (const JET_ERR err = notify(JET_sntProgress); err != JET_errSuccess) return err;
  }
  return notify(JET_sntComplete);
}

}  // namespace jetsim
