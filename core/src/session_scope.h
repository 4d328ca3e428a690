// EngineCore::SessionScope: the entry of every call that uses an existing
// session (not JetDupSession, whose check order is its own). It resolves the
// handle, applies the lifecycle rules, refuses a session another thread is
// using or has bound to its context, then marks the session busy on this
// thread and enters its instance (so a term waits for the call). Both are
// undone however the call ends, even when the constructor's own yield
// point unwinds (the marks live in a member, whose destructor runs then).
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
  // REQUIRES: err() == JET_errSuccess (and, for session(), no SessionDestroyed()).
  // NOLINTNEXTLINE(clang-analyzer-core.uninitialized.UndefReturn): see REQUIRES
  [[nodiscard]] SessionRec& session() const { return *marks_.session; }
  [[nodiscard]] InstanceRec& instance() const { return *marks_.instance; }
  [[nodiscard]] std::uint32_t index() const { return index_; }
  [[nodiscard]] ThreadToken me() const { return me_; }
  // The call destroyed the session: only leave the instance at the end.
  void SessionDestroyed() { marks_.session = nullptr; }

 private:
  // The busy mark and the instance entry; its destructor takes them back.
  struct Marks {
    EngineCore* core = nullptr;
    SessionRec* session = nullptr;
    InstanceRec* instance = nullptr;
    Marks() = default;
    Marks(const Marks&) = delete;
    Marks& operator=(const Marks&) = delete;
    ~Marks();
  };

  Marks marks_;
  JET_ERR err_ = JET_errSuccess;
  std::uint32_t index_ = 0;
  ThreadToken me_ = kNoThread;
};

}  // namespace jetsim
