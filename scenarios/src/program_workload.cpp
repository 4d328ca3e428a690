// Runs a generated Program (program.h) and records every call in the
// case's History; the oracle judges it after the check phase.
#include <algorithm>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "jetsim/errors.h"
#include "jetsim/esent.h"
#include "jetsim/scenarios/program.h"
#include "workloads.h"

namespace jetsim::scenarios {

namespace {

// What *psesid holds before a call: never a handle the engine could return.
constexpr JET_SESID kSentinel = 0x5E5E5E5E5E5EULL;
constexpr JET_SESID kForgedHandle = 0x7A5E00000777ULL;

struct CallSpec {
  std::uint32_t thread;
  ApiCall call;
  CallPurpose purpose;
  JET_SESID session;
  std::uint64_t arg;
};

class ProgramWorkload final : public Workload {
 public:
  explicit ProgramWorkload(const Program& program) : program_(program), threads_(program.threads()) {}

  std::uint32_t thread_count() const override { return threads_; }
  JET_INSTANCE instance() const override { return ready_ ? instance_ : 0; }

  void Setup(Engine& /*engine*/, Observer& observer) override {
    // One statement per call, and handles read after the call: see
    // session_workload.cpp (g++ and clang must trace the same values).
    JET_ERR err = JetCreateInstance(&instance_, "program");
    observer.Call(kSetupThread, "JetCreateInstance", 0, err);
    if (err != JET_errSuccess) return;
    // Recorded: the oracle learns MaxSessions from the history.
    err = Simple(observer, CallSpec{kSetupThread, ApiCall::kSetMaxSessions, CallPurpose::kSetup, 0,
                                    program_.max_sessions});
    if (err != JET_errSuccess) return;
    const JET_INSTANCE created = instance_;
    err = JetInit(&instance_);
    observer.Call(kSetupThread, "JetInit", created, err);
    if (err != JET_errSuccess) return;
    ready_ = true;
    published_.assign(threads_, 0);
    held_.resize(threads_);
    for (std::uint32_t t = 0; t < threads_; ++t) {
      JET_SESID sesid = 0;
      if (Begin(observer, CallSpec{t, ApiCall::kBeginSession, CallPurpose::kSetup, 0, 0}, &sesid) ==
          JET_errSuccess) {
        published_[t] = sesid;
        held_[t].push_back(sesid);
      }
    }
  }

  void RunThread(std::uint32_t thread, Engine& /*engine*/, Observer& observer) override {
    if (!ready_) return;
    std::vector<JET_SESID>& mine = held_[thread];
    std::vector<JET_SESID> ended;
    for (const ProgramOp& op : program_.ops) {
      if (op.thread == thread) Run(observer, op, mine, ended);
    }
    // Unbind, roll back and end everything this thread holds. A session
    // another thread is using right now is left for the check phase.
    for (const JET_SESID sesid : mine) {
      Simple(observer, CallSpec{thread, ApiCall::kResetSessionContext, CallPurpose::kTeardown, sesid, 0});
      Simple(observer,
             CallSpec{thread, ApiCall::kRollback, CallPurpose::kTeardown, sesid, JET_bitRollbackAll});
      const JET_ERR end =
          Simple(observer, CallSpec{thread, ApiCall::kEndSession, CallPurpose::kTeardown, sesid, 0});
      if (end == JET_errSessionSharingViolation || end == JET_errSessionInUse) {
        const std::lock_guard<std::mutex> guard(mutex_);
        leftovers_.push_back(sesid);
      }
    }
    mine.clear();
  }

  void EventDone(std::string_view /*call*/, JET_ERR /*result*/) override {}

  void Check(Engine& engine, Observer& observer) override {
    for (const JET_SESID sesid : leftovers_) {
      Simple(observer,
             CallSpec{kSetupThread, ApiCall::kRollback, CallPurpose::kTeardown, sesid, JET_bitRollbackAll});
      Simple(observer, CallSpec{kSetupThread, ApiCall::kEndSession, CallPurpose::kTeardown, sesid, 0});
    }
    CheckTeardown(engine, observer, ready_ ? instance_ : 0, false);
  }

 private:
  // Calls `body` between two ticks and records it.
  template <typename Body>
  std::size_t Recorded(Observer& observer, const CallSpec& spec, CallRecord& record, Body&& body) {
    record.thread = spec.thread;
    record.call = spec.call;
    record.purpose = spec.purpose;
    record.session = spec.session;
    record.arg = spec.arg;
    record.start = observer.Tick();
    record.result = body();
    record.end = observer.Tick();
    // NameOf gives a literal: the trace may keep the pointer.
    observer.Call(spec.thread, NameOf(spec.call).data(), spec.session != 0 ? spec.session : spec.arg,
                  record.result);
    return observer.Record(record);
  }

  // JetBeginSession or JetDupSession (spec.session: the source).
  JET_ERR Begin(Observer& observer, const CallSpec& spec, JET_SESID* out, bool null_out = false,
                std::size_t* index = nullptr) {
    CallRecord record;
    record.null_out = null_out;
    JET_SESID value = kSentinel;
    record.out_before = value;
    JET_SESID* const target = null_out ? nullptr : &value;
    const std::size_t at = Recorded(observer, spec, record, [&] {
      const JET_ERR err = spec.call == ApiCall::kDupSession
                              ? JetDupSession(spec.session, target)
                              : JetBeginSession(instance_, target, nullptr, nullptr);
      record.out_after = value;
      return err;
    });
    if (index != nullptr) *index = at;
    *out = value;
    return record.result;
  }

  JET_ERR Simple(Observer& observer, const CallSpec& spec,
                 std::optional<std::size_t> probe_of = std::nullopt) {
    CallRecord record;
    record.probe_of = probe_of;
    Recorded(observer, spec, record, [&]() -> JET_ERR {
      const JET_SESID s = spec.session;
      switch (spec.call) {
        case ApiCall::kEndSession:
          return JetEndSession(s, 0);
        case ApiCall::kBeginTransaction:
          return JetBeginTransaction(s);
        case ApiCall::kCommitTransaction:
          return JetCommitTransaction(s, 0);
        case ApiCall::kRollback:
          return JetRollback(s, static_cast<JET_GRBIT>(spec.arg));
        case ApiCall::kSetSessionContext:
          return JetSetSessionContext(s, spec.arg);
        case ApiCall::kResetSessionContext:
          return JetResetSessionContext(s);
        case ApiCall::kStopServiceInstance:
          return JetStopServiceInstance(instance_);
        case ApiCall::kTerm:
          return JetTerm2(instance_, static_cast<JET_GRBIT>(spec.arg));
        case ApiCall::kRestoreInstance:
          return JetRestoreInstance(instance_, "jetsim-backup", nullptr, nullptr);
        case ApiCall::kSetMaxSessions:
          return JetSetSystemParameter(&instance_, 0, JET_paramMaxSessions, spec.arg, nullptr);
        case ApiCall::kBeginSession:
        case ApiCall::kDupSession:
          break;
      }
      return JET_errInvalidParameter;
    });
    return record.result;
  }

  void Run(Observer& observer, const ProgramOp& op, std::vector<JET_SESID>& mine,
           std::vector<JET_SESID>& ended) {
    const std::uint32_t t = op.thread;
    const JET_SESID pick = mine.empty() ? 0 : mine[op.pick % mine.size()];
    const auto on_pick = [&](ApiCall call, std::uint64_t arg = 0) {
      if (pick != 0) Simple(observer, CallSpec{t, call, CallPurpose::kProgram, pick, arg});
    };
    switch (op.kind) {
      case OpKind::kBegin: {
        JET_SESID sesid = 0;
        if (Begin(observer, CallSpec{t, ApiCall::kBeginSession, CallPurpose::kProgram, 0, 0}, &sesid) ==
            JET_errSuccess) {
          mine.push_back(sesid);
        }
        break;
      }
      case OpKind::kDup:
        Dup(observer, op, mine, ended);
        break;
      case OpKind::kEnd:
        if (pick != 0 && Simple(observer, CallSpec{t, ApiCall::kEndSession, CallPurpose::kProgram, pick,
                                                   0}) == JET_errSuccess) {
          mine.erase(mine.begin() + static_cast<std::ptrdiff_t>(op.pick % mine.size()));
          ended.push_back(pick);
        }
        break;
      case OpKind::kBeginTransaction:
        on_pick(ApiCall::kBeginTransaction);
        break;
      case OpKind::kCommit:
        on_pick(ApiCall::kCommitTransaction);
        break;
      case OpKind::kRollback:
        on_pick(ApiCall::kRollback);
        break;
      case OpKind::kSetContext:
        on_pick(ApiCall::kSetSessionContext, 0x1000 + t);
        break;
      case OpKind::kResetContext:
        on_pick(ApiCall::kResetSessionContext);
        break;
      case OpKind::kStop:
        Simple(observer, CallSpec{t, ApiCall::kStopServiceInstance, CallPurpose::kProgram, 0, 0});
        break;
      case OpKind::kTerm: {
        static constexpr JET_GRBIT kGrbits[] = {JET_bitTermAbrupt, JET_bitTermComplete, JET_bitTermDirty};
        Simple(observer, CallSpec{t, ApiCall::kTerm, CallPurpose::kProgram, 0, kGrbits[op.pick % 3]});
        break;
      }
      case OpKind::kRestore:
        Simple(observer, CallSpec{t, ApiCall::kRestoreInstance, CallPurpose::kProgram, 0, 0});
        break;
      case OpKind::kSetMaxSessions:
        Simple(observer, CallSpec{t, ApiCall::kSetMaxSessions, CallPurpose::kProgram, 0, op.pick % 8});
        break;
    }
  }

  void Dup(Observer& observer, const ProgramOp& op, std::vector<JET_SESID>& mine,
           std::vector<JET_SESID>& ended) {
    const std::uint32_t t = op.thread;
    JET_SESID source = mine.empty() ? 0 : mine[op.pick % mine.size()];
    switch (op.source) {
      case DupSource::kOwn:
      case DupSource::kNullOut:
        break;
      case DupSource::kForeign:
        source = published_[op.pick % threads_];
        break;
      case DupSource::kNil:
        source = JET_sesidNil;
        break;
      case DupSource::kForged:
        source = kForgedHandle + op.pick % 4;
        break;
      case DupSource::kStale:
        source = ended.empty() ? kForgedHandle : ended[op.pick % ended.size()];
        break;
    }
    if (source == 0) return;  // nothing to duplicate
    const bool null_out = op.source == DupSource::kNullOut;
    JET_SESID made = 0;
    std::size_t index = 0;
    const JET_ERR err = Begin(observer, CallSpec{t, ApiCall::kDupSession, CallPurpose::kProgram, source, 0},
                              &made, null_out, &index);
    if (err != JET_errSuccess || null_out) return;
    // Probes: the new session works and copied nothing from its source.
    Simple(observer, CallSpec{t, ApiCall::kCommitTransaction, CallPurpose::kProbe, made, 0}, index);
    Simple(observer, CallSpec{t, ApiCall::kResetSessionContext, CallPurpose::kProbe, made, 0}, index);
    mine.push_back(made);
  }

  const Program program_;
  const std::uint32_t threads_;
  JET_INSTANCE instance_ = 0;
  bool ready_ = false;
  std::vector<JET_SESID> published_;
  std::vector<std::vector<JET_SESID>> held_;
  std::mutex mutex_;
  std::vector<JET_SESID> leftovers_;
};

}  // namespace

std::uint32_t Program::threads() const {
  std::uint32_t count = 1;
  for (const ProgramOp& op : ops) count = std::max(count, op.thread + 1);
  return count;
}

const char* NameOf(OpKind kind) {
  switch (kind) {
    case OpKind::kBegin:
      return "begin";
    case OpKind::kDup:
      return "dup";
    case OpKind::kEnd:
      return "end";
    case OpKind::kBeginTransaction:
      return "begin-trx";
    case OpKind::kCommit:
      return "commit";
    case OpKind::kRollback:
      return "rollback";
    case OpKind::kSetContext:
      return "set-context";
    case OpKind::kResetContext:
      return "reset-context";
    case OpKind::kStop:
      return "stop";
    case OpKind::kTerm:
      return "term";
    case OpKind::kRestore:
      return "restore";
    case OpKind::kSetMaxSessions:
      return "set-max-sessions";
  }
  return "?";
}

const char* NameOf(DupSource source) {
  switch (source) {
    case DupSource::kOwn:
      return "own";
    case DupSource::kForeign:
      return "foreign";
    case DupSource::kNil:
      return "nil";
    case DupSource::kForged:
      return "forged";
    case DupSource::kStale:
      return "stale";
    case DupSource::kNullOut:
      return "null-psesid";
  }
  return "?";
}

std::string Program::Describe() const {
  std::string text =
      "max_sessions " + std::to_string(max_sessions) + ", " + std::to_string(threads()) + " threads\n";
  for (const ProgramOp& op : ops) {
    text += "  t" + std::to_string(op.thread) + " " + NameOf(op.kind);
    if (op.kind == OpKind::kDup) text += std::string("(") + NameOf(op.source) + ")";
    text += " " + std::to_string(op.pick) + "\n";
  }
  return text;
}

std::string_view NameOf(ApiCall call) {
  switch (call) {
    case ApiCall::kBeginSession:
      return "JetBeginSession";
    case ApiCall::kDupSession:
      return "JetDupSession";
    case ApiCall::kEndSession:
      return "JetEndSession";
    case ApiCall::kBeginTransaction:
      return "JetBeginTransaction";
    case ApiCall::kCommitTransaction:
      return "JetCommitTransaction";
    case ApiCall::kRollback:
      return "JetRollback";
    case ApiCall::kSetSessionContext:
      return "JetSetSessionContext";
    case ApiCall::kResetSessionContext:
      return "JetResetSessionContext";
    case ApiCall::kStopServiceInstance:
      return "JetStopServiceInstance";
    case ApiCall::kTerm:
      return "JetTerm2";
    case ApiCall::kRestoreInstance:
      return "JetRestoreInstance";
    case ApiCall::kSetMaxSessions:
      return "JetSetSystemParameter";
  }
  return "?";
}

std::unique_ptr<Workload> MakeProgramWorkload(const Program& program) {
  return std::make_unique<ProgramWorkload>(program);
}

}  // namespace jetsim::scenarios
