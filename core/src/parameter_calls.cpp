// JetSetSystemParameter and JetGetSystemParameter.
#include "engine_core.h"

namespace jetsim {

namespace {
constexpr JET_API_PTR kRestoreStepsMost = 10000;

bool IsGlobalHandle(JET_INSTANCE instance) { return instance == 0 || instance == JET_instanceNil; }
}  // namespace

JET_ERR EngineCore::SetSystemParameter(JET_INSTANCE* pinstance, unsigned long paramid, JET_API_PTR value) {
  Locked locked(*lock_);
  const bool global = pinstance == nullptr || IsGlobalHandle(*pinstance);
  InstanceRec* inst = nullptr;
  std::uint32_t index = 0;
  if (!global) {
    if (const JET_ERR err = ResolveInstance(*pinstance, &inst, &index); err != JET_errSuccess) return err;
  }
  switch (paramid) {
    case JET_paramMaxSessions: {
      if (value > JET_cMaxSessionsLimit) return JET_errInvalidParameter;
      const auto sessions = static_cast<std::uint32_t>(value);
      std::uint32_t& target = global ? default_max_sessions_ : inst->max_sessions;
      if (target == sessions) return JET_errSuccess;
      // Fixed once the instance (or, for the global default, any instance) runs.
      const bool fixed = global ? any_init_ : (inst->initialized || inst->initializing);
      if (fixed) return JET_errAlreadyInitialized;
      target = sessions;
      return JET_errSuccess;
    }
    case JET_paramJetsimRestoreSteps: {
      if (value < 1 || value > kRestoreStepsMost) return JET_errInvalidParameter;
      (global ? default_restore_steps_ : inst->restore_steps) = static_cast<std::uint32_t>(value);
      return JET_errSuccess;
    }
    case JET_paramJetsimProfile: {
      if (!global) return JET_errInvalidParameter;  // engine-wide only
      if (value != JET_jetsimProfileDocumented && value != JET_jetsimProfileEsent)
        return JET_errInvalidParameter;
      locked.Unlock();
      return SetProfile(static_cast<Profile>(value));
    }
    default:
      return JET_errInvalidParameter;
  }
}

JET_ERR EngineCore::GetSystemParameter(JET_INSTANCE instance, unsigned long paramid, JET_API_PTR* pvalue) {
  if (pvalue == nullptr) return JET_errInvalidParameter;
  Locked locked(*lock_);
  const bool global = IsGlobalHandle(instance);
  InstanceRec* inst = nullptr;
  std::uint32_t index = 0;
  if (!global) {
    if (const JET_ERR err = ResolveInstance(instance, &inst, &index); err != JET_errSuccess) return err;
  }
  switch (paramid) {
    case JET_paramMaxSessions:
      *pvalue = global ? default_max_sessions_ : inst->max_sessions;
      return JET_errSuccess;
    case JET_paramJetsimRestoreSteps:
      *pvalue = global ? default_restore_steps_ : inst->restore_steps;
      return JET_errSuccess;
    case JET_paramJetsimProfile:
      *pvalue = static_cast<JET_API_PTR>(profile_);
      return JET_errSuccess;
    default:
      return JET_errInvalidParameter;
  }
}

}  // namespace jetsim
