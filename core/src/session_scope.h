// EngineCore::SessionScope: the entry of every call that uses an existing
// session (not JetDupSession, whose check order is its own). It resolves the
// handle, applies the lifecycle rules, refuses a session another thread is
// using or has bound to its context, then marks the session busy on this
// thread and enters its instance (so a term waits for the call). The
// destructor undoes both, however the call ends.
#pragma once

#include "engine_core.h"

namespace jetsim {

class EngineCore::SessionScope {
 public:
  SessionScope(EngineCore& core, JET_SESID sesid, const CallRules& rules);
  ~SessionScope();
  SessionScope(const SessionScope&) = delete;
  SessionScope& operator=(const SessionScope&) = delete;

  // JET_errSuccess when the call may go on; otherwise nothing was marked.
  [[nodiscard]] JET_ERR err() const { return err_; }
  [[nodiscard]] SessionRec& session() const { return *session_; }
  [[nodiscard]] InstanceRec& instance() const { return *instance_; }
  [[nodiscard]] std::uint32_t index() const { return index_; }
  [[nodiscard]] ThreadToken me() const { return me_; }
  // The call destroyed the session: only leave the instance at the end.
  void SessionDestroyed() { session_ = nullptr; }

 private:
  EngineCore& core_;
  JET_ERR err_ = JET_errSuccess;
  SessionRec* session_ = nullptr;
  InstanceRec* instance_ = nullptr;
  std::uint32_t index_ = 0;
  ThreadToken me_ = kNoThread;
  bool entered_ = false;
};

}  // namespace jetsim
