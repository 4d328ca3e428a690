// The session workload behind dup-basic and the fault scenarios: N threads
// x M calls of JetBeginSession, JetDupSession (of their own sessions and of
// sessions other threads published), JetEndSession and transactions, on one
// instance whose MaxSessions is small enough that slots run out.
//
// Always checked, as it runs: *psesid is untouched by a failed
// JetDupSession; a new handle is non-nil, differs from every live one and
// has no transaction; the engine never holds more than MaxSessions
// sessions; after teardown no session, slot or engine allocation is left.
// Without faults (dup-basic) every result must also be one the workload
// allows for the call: faults widen that to any code of the error table,
// and the case's outcome class judges the JetDupSession results instead.
#include <algorithm>
#include <atomic>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "jetsim/errors.h"
#include "jetsim/esent.h"
#include "jetsim/scenarios/scenario.h"
#include "jetsim/sim/rng.h"
#include "workloads.h"

namespace jetsim::scenarios {

namespace {

constexpr JET_SESID kSentinel = 0x5E5E5E5E5E5EULL;

enum class Op : std::uint8_t {
  kBegin,
  kDup,
  kEnd,
  kBeginTrx,
  kCommit,
  kRollback,
  kSetContext,
  kResetContext
};

struct Step {
  Op op;
  bool shared;  // a Dup whose source is any thread's published session
  std::uint32_t pick;
};

std::vector<Step> Generate(std::uint64_t seed, std::uint32_t calls, bool contexts) {
  sim::Rng rng(seed);
  std::vector<Step> program;
  program.reserve(calls);
  for (std::uint32_t i = 0; i < calls; ++i) {
    const std::uint32_t roll = rng.Below(100);
    Op op = Op::kBegin;
    if (roll >= 20) op = Op::kDup;
    if (roll >= 50) op = Op::kEnd;
    if (roll >= 70) op = Op::kBeginTrx;
    if (roll >= 80) op = Op::kCommit;
    if (roll >= 90) op = Op::kRollback;
    // Drawn only when contexts are on, so the other programs stay as they were.
    if (contexts && rng.Chance(1, 8)) op = rng.Chance(1, 2) ? Op::kSetContext : Op::kResetContext;
    program.push_back(Step{op, rng.Chance(1, 4), rng.Below(1U << 16)});
  }
  return program;
}

class SessionWorkload final : public Workload {
 public:
  SessionWorkload(const WorkloadShape& shape, std::uint64_t seed, const faults::FaultPlan& plan)
      : shape_(shape), strict_(plan.empty()) {
    for (std::uint32_t t = 0; t < shape_.threads; ++t) {
      programs_.push_back(
          Generate(sim::DeriveSeed(seed, t + 1), shape_.calls_per_thread, shape_.use_contexts));
    }
    for (const faults::Fault& fault : plan.faults) {
      if (fault.kind == faults::FaultKind::kMisuse) misuse_.push_back(fault);
    }
  }

  std::uint32_t thread_count() const override { return shape_.threads; }
  JET_INSTANCE instance() const override { return instance_; }

  void Setup(Engine& engine, Observer& observer) override {
    esent_ = engine.profile() == Profile::kEsent;
    // Under faults, setup itself may fail (an allocation): then the threads
    // find no instance and the case checks only that nothing leaked.
    // One statement per call: the traced handle must be read in a fixed
    // order relative to the call that may zero it (a failed JetInit does),
    // or g++ and clang builds would trace different values.
    ready_ = SetupCall(observer, "JetCreateInstance", 0, JetCreateInstance(&instance_, shape_.name));
    if (!ready_) return;
    ready_ =
        SetupCall(observer, "JetSetSystemParameter", shape_.max_sessions,
                  JetSetSystemParameter(&instance_, 0, JET_paramMaxSessions, shape_.max_sessions, nullptr));
    if (!ready_) return;
    const JET_INSTANCE created = instance_;
    const JET_ERR init = JetInit(&instance_);
    ready_ = SetupCall(observer, "JetInit", created, init);
  }

  void RunThread(std::uint32_t thread, Engine& engine, Observer& observer) override {
    if (!ready_) return;
    std::vector<JET_SESID> mine;
    std::vector<JET_SESID> ended;  // for the stale-handle misuse
    for (const Step& step : programs_[thread]) {
      switch (step.op) {
        case Op::kBegin:
          Begin(thread, engine, observer, mine);
          break;
        case Op::kDup:
          Dup(thread, step, engine, observer, mine, ended);
          break;
        case Op::kEnd:
          if (!mine.empty()) End(thread, observer, mine, step.pick % mine.size(), ended);
          break;
        case Op::kBeginTrx:
        case Op::kCommit:
        case Op::kRollback:
          if (!mine.empty()) Transaction(thread, step, observer, mine[step.pick % mine.size()]);
          break;
        case Op::kSetContext:
        case Op::kResetContext:
          if (!mine.empty()) Context(thread, step, observer, mine[step.pick % mine.size()]);
          break;
      }
    }
    // Every session this thread holds ends before it stops. One that another
    // thread is using right now is left to the check phase: a retry loop
    // here would starve the user under a strict-priority schedule (PCT).
    while (!mine.empty()) {
      const std::size_t before = mine.size();
      if (shape_.use_contexts) {
        // Unbind first: a leftover bound to this (finished) thread could
        // never be ended by anyone else.
        const JET_ERR reset = JetResetSessionContext(mine.back());
        observer.Call(thread, "JetResetSessionContext", mine.back(), reset);
      }
      End(thread, observer, mine, mine.size() - 1, ended);
      if (mine.size() == before) {
        const std::lock_guard<std::mutex> guard(mutex_);
        leftovers_.push_back(mine.back());
        mine.pop_back();
      }
    }
  }

  void EventDone(std::string_view call, JET_ERR result) override {
    // A stop that succeeded is sticky; a term that succeeded ended every
    // session. Either way no session can begin afterwards.
    if (result == JET_errSuccess && (call == "JetStopServiceInstance" || call == "JetTerm2")) {
      closed_by_ = call == "JetTerm2" ? "JetTerm2" : "JetStopServiceInstance";
    }
  }

  void Check(Engine& engine, Observer& observer) override {
    for (const JET_SESID sesid : leftovers_) {
      if (!strict_) {
        // A leftover may hold a transaction (a failed commit keeps it open).
        const JET_ERR rollback = JetRollback(sesid, JET_bitRollbackAll);
        observer.Call(kSetupThread, "JetRollback", sesid, rollback);
      }
      const JET_ERR end = JetEndSession(sesid, 0);
      observer.Call(kSetupThread, "JetEndSession", sesid, end);
      if (strict_ && end != JET_errSuccess) {
        observer.Violation(kSetupThread,
                           std::string("JetEndSession of a leftover returned ") + jet_err_name(end));
      }
    }
    CheckTeardown(engine, observer, ready_ ? instance_ : 0, strict_);
  }

 private:
  bool SetupCall(Observer& observer, const char* name, std::uint64_t arg, JET_ERR result) {
    if (strict_) {
      Expect(observer, kSetupThread, name, arg, result);
    } else {
      observer.Call(kSetupThread, name, arg, result);
    }
    return result == JET_errSuccess;
  }

  // Outside dup-basic, any code of the error table is allowed.
  bool Allowed(bool strictly_allowed, JET_ERR err) const {
    return strict_ ? strictly_allowed : FindError(err) != nullptr;
  }

  void Begin(std::uint32_t thread, Engine& engine, Observer& observer, std::vector<JET_SESID>& mine) {
    JET_SESID sesid = kSentinel;
    const char* closed_before = closed_by_.load();
    const JET_ERR err = JetBeginSession(instance_, &sesid, nullptr, nullptr);
    observer.Call(thread, "JetBeginSession", instance_, err);
    RefusedAfterClose(thread, observer, "JetBeginSession", closed_before, err);
    if (err == JET_errSuccess) {
      Born(thread, engine, observer, sesid, "JetBeginSession");
      mine.push_back(sesid);
      const std::lock_guard<std::mutex> guard(mutex_);
      published_.push_back(sesid);
    } else if (!Allowed(err == JET_errOutOfSessions, err)) {
      observer.Violation(thread, std::string("JetBeginSession returned ") + jet_err_name(err));
    }
  }

  // The misuse fault the plan holds for the nth JetDupSession call of the
  // case, if any.
  const faults::Fault* MisuseFor(std::uint64_t nth) const {
    for (const faults::Fault& fault : misuse_) {
      if (fault.nth == nth) return &fault;
    }
    return nullptr;
  }

  void Dup(std::uint32_t thread, const Step& step, Engine& engine, Observer& observer,
           std::vector<JET_SESID>& mine, const std::vector<JET_SESID>& ended) {
    // The misuse for the call this would be; counted only once the call is
    // sure to be a JetDupSession (a Dup with no source becomes a Begin).
    // Misuse plans run only under the simulator, one call at a time.
    const faults::Fault* misuse = misuse_.empty() ? nullptr : MisuseFor(dups_.load() + 1);
    const faults::Variant variant = misuse == nullptr ? faults::Variant::kNone : misuse->variant;
    JET_SESID source = 0;
    bool shared = false;
    bool misused = false;
    {
      const std::lock_guard<std::mutex> guard(mutex_);
      const bool want_shared = (shape_.share_sessions && (step.shared || mine.empty())) ||
                               variant == faults::Variant::kMisuseSharedSession;
      if (want_shared && !published_.empty()) {
        source = published_[step.pick % published_.size()];
        shared = true;
        misused = variant == faults::Variant::kMisuseSharedSession;
      }
    }
    if (source == 0) {
      if (mine.empty()) return Begin(thread, engine, observer, mine);
      source = mine[step.pick % mine.size()];
      // A session this thread began is published: others may be using it.
      const std::lock_guard<std::mutex> guard(mutex_);
      shared = std::find(published_.begin(), published_.end(), source) != published_.end();
    }
    if (variant == faults::Variant::kMisuseStaleHandle && !ended.empty()) {
      source = ended[step.pick % ended.size()];
      misused = true;
    }
    const bool null_psesid = variant == faults::Variant::kMisuseNullPsesid;
    misused = misused || null_psesid;
    ++dups_;
    if (misused) observer.Fired(*misuse, thread);
    JET_SESID dup = kSentinel;
    const char* closed_before = closed_by_.load();
    const JET_ERR err = JetDupSession(source, null_psesid ? nullptr : &dup);
    observer.Call(thread, "JetDupSession", source, err);
    RefusedAfterClose(thread, observer, "JetDupSession", closed_before, err);
    if (err != JET_errSuccess && dup != kSentinel) {
      observer.Violation(thread, std::string("JetDupSession wrote *psesid on ") + jet_err_name(err));
    }
    const JET_ERR dead = esent_ ? JET_errInvalidSesid : JET_errInvalidParameter;
    const bool allowed = err == JET_errSuccess || err == JET_errOutOfSessions ||
                         (shared && (err == JET_errSessionSharingViolation || err == dead));
    if (!Allowed(allowed, err)) {
      observer.Violation(thread, std::string("JetDupSession of ") + (shared ? "a shared" : "a private") +
                                     " session returned " + jet_err_name(err));
    }
    if (err != JET_errSuccess || null_psesid) return;
    if (dup == source) observer.Violation(thread, "JetDupSession returned its source handle");
    Born(thread, engine, observer, dup, "JetDupSession");
    // The new session copies nothing: no transaction is open on it.
    const JET_ERR rollback = JetRollback(dup, 0);
    observer.Call(thread, "JetRollback", dup, rollback);
    if (rollback == JET_errSuccess) {
      observer.Violation(thread,
                         "a duplicated session has a transaction: JetRollback returned JET_errSuccess");
    } else if (strict_ && rollback != JET_errNotInTransaction) {
      observer.Violation(thread,
                         std::string("JetRollback of a new session returned ") + jet_err_name(rollback));
    }
    mine.push_back(dup);
  }

  // A session cannot begin once a stop or term has succeeded before the
  // call started (whatever the call returns instead is the oracle's to judge).
  static void RefusedAfterClose(std::uint32_t thread, Observer& observer, const char* call,
                                const char* closed_by, JET_ERR err) {
    if (closed_by != nullptr && err == JET_errSuccess) {
      observer.Violation(
          thread, std::string(call) + " succeeded after " + closed_by + " had returned JET_errSuccess");
    }
  }

  // A new handle: non-nil, different from every live one, within MaxSessions.
  void Born(std::uint32_t thread, Engine& engine, Observer& observer, JET_SESID sesid, const char* call) {
    if (sesid == 0 || sesid == JET_sesidNil || sesid == kSentinel) {
      observer.Violation(thread, std::string(call) + " returned a nil handle");
    }
    {
      const std::lock_guard<std::mutex> guard(mutex_);
      if (!live_.insert(sesid).second)
        observer.Violation(thread, std::string(call) + " returned a live handle");
    }
    const std::int64_t sessions = engine.Counts().sessions;
    if (sessions > static_cast<std::int64_t>(shape_.max_sessions)) {
      observer.Violation(thread, "the engine holds " + std::to_string(sessions) +
                                     " sessions with MaxSessions " + std::to_string(shape_.max_sessions));
    }
  }

  void End(std::uint32_t thread, Observer& observer, std::vector<JET_SESID>& mine, std::size_t index,
           std::vector<JET_SESID>& ended) {
    const JET_SESID sesid = mine[index];
    const JET_ERR err = JetEndSession(sesid, 0);
    observer.Call(thread, "JetEndSession", sesid, err);
    if (err == JET_errSessionSharingViolation) return;  // another thread is inside: keep it
    if (err != JET_errSuccess && !Allowed(false, err)) {
      observer.Violation(thread, std::string("JetEndSession returned ") + jet_err_name(err));
    }
    // Ended, or already dead (a term ended it): either way it is gone.
    mine.erase(mine.begin() + static_cast<std::ptrdiff_t>(index));
    ended.push_back(sesid);
    const std::lock_guard<std::mutex> guard(mutex_);
    live_.erase(sesid);
    // Others may still have picked it just before: a stale source stays possible.
    published_.erase(std::remove(published_.begin(), published_.end(), sesid), published_.end());
  }

  void Transaction(std::uint32_t thread, const Step& step, Observer& observer, JET_SESID sesid) {
    JET_ERR err = JET_errSuccess;
    JET_ERR expected_refusal = JET_errNotInTransaction;
    const char* name = "";
    switch (step.op) {
      case Op::kBeginTrx:
        err = JetBeginTransaction(sesid);
        name = "JetBeginTransaction";
        expected_refusal = JET_errTransTooDeep;
        break;
      case Op::kCommit:
        err = JetCommitTransaction(sesid, 0);
        name = "JetCommitTransaction";
        break;
      default:
        err = JetRollback(sesid, 0);
        name = "JetRollback";
        break;
    }
    observer.Call(thread, name, sesid, err);
    const bool allowed =
        err == JET_errSuccess || err == expected_refusal || err == JET_errSessionSharingViolation;
    if (!Allowed(allowed, err))
      observer.Violation(thread, std::string(name) + " returned " + jet_err_name(err));
  }

  // Binds the session to this thread's context, or unbinds it. The owner
  // may end a bound session; the thread unbinds each before its final end.
  void Context(std::uint32_t thread, const Step& step, Observer& observer, JET_SESID sesid) {
    const bool set = step.op == Op::kSetContext;
    const JET_ERR err = set ? JetSetSessionContext(sesid, 0x1000 + thread) : JetResetSessionContext(sesid);
    observer.Call(thread, set ? "JetSetSessionContext" : "JetResetSessionContext", sesid, err);
    const bool allowed =
        err == JET_errSuccess || err == JET_errSessionSharingViolation ||
        err == (set ? JET_errSessionContextAlreadySet : JET_errSessionContextNotSetByThisThread);
    if (!Allowed(allowed, err))
      observer.Violation(thread, std::string(set ? "JetSetSessionContext" : "JetResetSessionContext") +
                                     " returned " + jet_err_name(err));
  }

  WorkloadShape shape_;
  bool strict_;
  std::vector<std::vector<Step>> programs_;
  std::vector<faults::Fault> misuse_;
  JET_INSTANCE instance_ = 0;
  bool esent_ = false;
  bool ready_ = false;
  std::atomic<std::uint64_t> dups_{0};
  // The event call that closed the instance to new sessions, once one has.
  std::atomic<const char*> closed_by_{nullptr};
  std::mutex mutex_;  // real threads share these; under the simulator it is never contended
  std::vector<JET_SESID> published_;
  std::set<JET_SESID> live_;
  std::vector<JET_SESID> leftovers_;  // sessions busy elsewhere when their thread ended
};

}  // namespace

std::unique_ptr<Workload> MakeSessionWorkload(const WorkloadShape& shape, std::uint64_t seed,
                                              const faults::FaultPlan& plan) {
  return std::make_unique<SessionWorkload>(shape, seed, plan);
}

}  // namespace jetsim::scenarios
