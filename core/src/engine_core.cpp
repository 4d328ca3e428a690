// EngineCore's construction, accounting and the checks every call shares.
#include "engine_core.h"

namespace jetsim {

EngineCore::EngineCore(Platform& platform)
    : platform_(platform),
      lock_(platform.NewLock("engine")),
      calls_done_(platform.NewCondition("engine.calls-done")),
      behavior_(Behavior::For(Profile::kDocumented)),
      instances_(*this, HandleKind::kInstance, Site::kInstTable),
      sessions_(*this, HandleKind::kSession, Site::kPibTable) {
  static_assert(static_cast<std::size_t>(Site::kTermTeardownInstance) < kSiteCount);
}

EngineCore::~EngineCore() {
  // No call can be inside any more: release what the client left alive.
  for (std::uint32_t i = 0; i < sessions_.size(); ++i) {
    if (sessions_.at(i) != nullptr) DestroySession(i, DeathReason::kEndedByTerm);
  }
  for (std::uint32_t i = 0; i < instances_.size(); ++i) {
    if (instances_.at(i) != nullptr) DestroyInstance(i, DeathReason::kEndedByTerm);
  }
}

void* EngineCore::AllocateBlock(std::size_t bytes, Site site) {
  void* block = platform_.Allocate(bytes, site);
  if (block != nullptr) {
    const auto s = static_cast<std::size_t>(site);
    live_blocks_[s].fetch_add(1, std::memory_order_relaxed);
    live_bytes_[s].fetch_add(static_cast<std::int64_t>(bytes), std::memory_order_relaxed);
  }
  return block;
}

void EngineCore::FreeBlock(void* block, std::size_t bytes, Site site) {
  const auto s = static_cast<std::size_t>(site);
  live_blocks_[s].fetch_sub(1, std::memory_order_relaxed);
  live_bytes_[s].fetch_sub(static_cast<std::int64_t>(bytes), std::memory_order_relaxed);
  platform_.Free(block, bytes, site);
}

JET_ERR EngineCore::SetProfile(Profile profile) {
  Locked locked(*lock_);
  if (profile == profile_) return JET_errSuccess;
  if (any_init_) return JET_errAlreadyInitialized;
  // Armed bugs survive a profile change: only the profile's switches move.
  Behavior next = Behavior::For(profile);
  for (const SwitchInfo& info : AllSwitches()) {
    if (info.is_bug && behavior_.Has(info.id)) next.Set(info.id);
  }
  profile_ = profile;
  behavior_ = next;
  return JET_errSuccess;
}

Profile EngineCore::profile() const {
  Locked locked(*lock_);
  return profile_;
}

JET_ERR EngineCore::ArmBug(Switch bug) {
  if (!InfoOf(bug).is_bug) return JET_errInvalidParameter;
  Locked locked(*lock_);
  if (behavior_.Has(bug)) return JET_errSuccess;
  if (any_init_) return JET_errAlreadyInitialized;
  behavior_.Set(bug);
  return JET_errSuccess;
}

Behavior EngineCore::behavior() const {
  Locked locked(*lock_);
  return behavior_;
}

EngineCounts EngineCore::Counts() const {
  Locked locked(*lock_);
  EngineCounts counts;
  counts.instances = instances_.live();
  counts.sessions = sessions_.live();
  for (const SiteInfo& info : AllSites()) {
    const auto s = static_cast<std::size_t>(info.site);
    const std::int64_t blocks = live_blocks_[s].load(std::memory_order_relaxed);
    counts.live_blocks += blocks;
    counts.live_bytes += live_bytes_[s].load(std::memory_order_relaxed);
    if (info.site != Site::kInstTable && info.site != Site::kPibTable) counts.object_blocks += blocks;
  }
  for (std::uint32_t i = 0; i < instances_.size(); ++i) {
    if (const InstanceRec* inst = instances_.at(i)) counts.claimed_slots += inst->sessions;
  }
  counts.lost_slots = lost_slots_;
  return counts;
}

std::int64_t EngineCore::LiveBlocks(Site site) const {
  return live_blocks_[static_cast<std::size_t>(site)].load(std::memory_order_relaxed);
}

// ---- the codes each profile gives ----

JET_ERR EngineCore::InvalidSessionCode() const {
  return Has(Switch::kEsentHandleCodes) ? JET_errInvalidSesid : JET_errInvalidParameter;
}

JET_ERR EngineCore::InvalidInstanceCode() const {
  return Has(Switch::kEsentHandleCodes) ? JET_errInvalidInstance : JET_errInvalidParameter;
}

JET_ERR EngineCore::DeadHandleCode(DeathReason why, JET_ERR invalid_code) const {
  // documented: a handle whose instance's JetTerm ended it reads as "the
  // instance is not initialized"; every other dead handle is a bad parameter.
  if (why == DeathReason::kEndedByTerm && !Has(Switch::kEsentHandleCodes)) return JET_errNotInitialized;
  return invalid_code;
}

JET_ERR EngineCore::UnavailableCode(const InstanceRec& inst) const {
  if (inst.fatal == FatalKind::kLogDiskFull && Has(Switch::kEsentLogDiskFullCode)) {
    return JET_errInstanceUnavailableDueToFatalLogDiskFull;
  }
  return JET_errInstanceUnavailable;
}

JET_ERR EngineCore::LogFailureCode(FatalKind kind) const {
  if (!Has(Switch::kEsentLogFailureCodes)) return JET_errInstanceUnavailable;
  return kind == FatalKind::kLogDiskFull ? JET_errLogDiskFull : JET_errLogWriteFail;
}

JET_ERR EngineCore::OutOfMemoryCode() const {
  return Has(Switch::kEsentOomAsOutOfSessions) ? JET_errOutOfSessions : JET_errOutOfMemory;
}

JET_ERR EngineCore::ProcessWideCheck() const {
  std::uint32_t initialized = 0;
  std::uint32_t terminating = 0;
  for (std::uint32_t i = 0; i < instances_.size(); ++i) {
    const InstanceRec* inst = instances_.at(i);
    if (inst == nullptr || !inst->initialized) continue;
    ++initialized;
    if (inst->terminating) ++terminating;
  }
  if (initialized == 0) return JET_errNotInitialized;
  if (terminating == initialized) return JET_errTermInProgress;
  return JET_errSuccess;
}

JET_ERR EngineCore::LifecycleCheck(const InstanceRec& inst, const CallRules& rules) const {
  if (inst.terminating) return JET_errTermInProgress;
  if (inst.stopped && rules.refused_when_stopped) return JET_errClientRequestToStopJetService;
  if (inst.fatal != FatalKind::kNone && rules.refused_when_unavailable) return UnavailableCode(inst);
  if (inst.restoring && rules.refused_when_restoring) return JET_errRestoreInProgress;
  return JET_errSuccess;
}

JET_ERR EngineCore::EntryCheck(const InstanceRec& inst) const {
  if (!inst.terminating) return JET_errSuccess;
  if (Has(Switch::kEsentCheckOrder)) {
    if (inst.stopped && !Has(Switch::kBugSkipStopCheck)) return JET_errClientRequestToStopJetService;
    if (inst.fatal != FatalKind::kNone) return UnavailableCode(inst);
  }
  return JET_errTermInProgress;
}

bool EngineCore::InsideARestore(ThreadToken me) const {
  for (std::uint32_t i = 0; i < instances_.size(); ++i) {
    const InstanceRec* inst = instances_.at(i);
    if (inst != nullptr && inst->restoring && inst->restoring_thread == me) return true;
  }
  return false;
}

JET_ERR EngineCore::ResolveInstance(JET_INSTANCE instance, InstanceRec** inst, std::uint32_t* index) const {
  const auto found = instances_.Find(instance);
  if (found.rec == nullptr) return DeadHandleCode(found.why_dead, InvalidInstanceCode());
  *inst = found.rec;
  *index = found.index;
  return JET_errSuccess;
}

JET_ERR EngineCore::ResolveSourceSession(JET_SESID sesid, SessionRec** session) const {
  if (Has(Switch::kEsentCheckOrder)) {
    // The real engine rejects only these two values before its process-wide
    // checks; jetsim turns every other dead handle into InvalidSesid after them.
    if (sesid == 0 || sesid == JET_sesidNil) return InvalidSessionCode();
    if (const JET_ERR err = ProcessWideCheck(); err != JET_errSuccess) return err;
    const auto found = sessions_.Find(sesid);
    if (found.rec == nullptr) return DeadHandleCode(found.why_dead, InvalidSessionCode());
    *session = found.rec;
    return JET_errSuccess;
  }
  const auto found = sessions_.Find(sesid);
  if (found.rec == nullptr) return DeadHandleCode(found.why_dead, InvalidSessionCode());
  if (const JET_ERR err = ProcessWideCheck(); err != JET_errSuccess) return err;
  *session = found.rec;
  return JET_errSuccess;
}

void EngineCore::DestroySession(std::uint32_t index, DeathReason why) {
  SessionRec* session = sessions_.at(index);
  if (InstanceRec* inst = instances_.at(session->instance_index)) {
    const bool leak =
        why == DeathReason::kEndedByClient && session->trx_level > 0 && Has(Switch::kBugLeakSlot);
    if (!leak && inst->sessions > 0) --inst->sessions;
  }
  sessions_.Retire(index, why);
  DeleteObject(session, Site::kPibAlloc);
}

void EngineCore::DestroyInstance(std::uint32_t index, DeathReason why) {
  InstanceRec* inst = instances_.at(index);
  lost_slots_ += inst->sessions;
  if (inst->log_buffer != nullptr) FreeBlock(inst->log_buffer, kLogBufferBytes, Site::kInitLogBuffer);
  instances_.Retire(index, why);
  DeleteObject(inst, Site::kInstAlloc);
}

void EngineCore::LeaveInstance(InstanceRec& inst) {
  --inst.calls_inside;
  // Only a term (or a failed init) waits for calls to leave.
  if (inst.terminating || inst.initializing) calls_done_->NotifyAll();
}

void EngineCore::WaitForOtherCalls(InstanceRec& inst) {
  while (inst.calls_inside > 1) calls_done_->Wait(*lock_);
}

}  // namespace jetsim

namespace jetsim {

std::uint32_t EngineCore::SessionLimit(const InstanceRec& inst) const {
  return inst.max_sessions + (Has(Switch::kBugMaxSessionsOffByOne) ? 1 : 0);
}

JET_ERR EngineCore::RecordLogFailure(InstanceRec& inst, IoResult result) {
  const FatalKind kind = result == IoResult::kDiskFull ? FatalKind::kLogDiskFull : FatalKind::kLogWriteFail;
  if (inst.fatal == FatalKind::kNone) inst.fatal = kind;
  return LogFailureCode(kind);
}

}  // namespace jetsim
