// dup-basic: 4 threads x 50 calls of JetBeginSession, JetDupSession,
// JetEndSession and transactions on one instance with MaxSessions = 6, so
// slots run out and threads duplicate each other's sessions.
//
// Invariants checked as it runs: every JetDupSession result is allowed for
// its source (own session, or a shared one that may be busy or ended);
// *psesid is untouched on failure; a new handle is non-nil, new, and has no
// transaction; the engine never holds more than MaxSessions sessions.
// After the threads: no session, slot or engine allocation is left.
#include <algorithm>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "jetsim/esent.h"
#include "jetsim/scenarios/scenario.h"
#include "jetsim/sim/rng.h"
#include "workloads.h"

namespace jetsim::scenarios {

namespace {

constexpr std::uint32_t kThreads = 4;
constexpr std::uint32_t kCallsPerThread = 50;
constexpr JET_API_PTR kMaxSessions = 6;
constexpr JET_SESID kSentinel = 0x5E5E5E5E5E5EULL;

enum class Op : std::uint8_t { kBegin, kDup, kEnd, kBeginTrx, kCommit, kRollback };

struct Step {
  Op op;
  bool shared;  // a Dup whose source is any thread's published session
  std::uint32_t pick;
};

std::vector<Step> Generate(std::uint64_t seed) {
  sim::Rng rng(seed);
  std::vector<Step> program;
  program.reserve(kCallsPerThread);
  for (std::uint32_t i = 0; i < kCallsPerThread; ++i) {
    const std::uint32_t roll = rng.Below(100);
    Op op = Op::kBegin;
    if (roll >= 20) op = Op::kDup;
    if (roll >= 50) op = Op::kEnd;
    if (roll >= 70) op = Op::kBeginTrx;
    if (roll >= 80) op = Op::kCommit;
    if (roll >= 90) op = Op::kRollback;
    program.push_back(Step{op, rng.Chance(1, 4), rng.Below(1U << 16)});
  }
  return program;
}

class DupBasic final : public Workload {
 public:
  explicit DupBasic(std::uint64_t seed) {
    for (std::uint32_t t = 0; t < kThreads; ++t) programs_.push_back(Generate(sim::DeriveSeed(seed, t + 1)));
  }

  std::uint32_t thread_count() const override { return kThreads; }

  void Setup(Engine& engine, Observer& observer) override {
    esent_ = engine.profile() == Profile::kEsent;
    Expect(observer, kSetupThread, "JetCreateInstance", 0, JetCreateInstance(&instance_, "dup-basic"));
    Expect(observer, kSetupThread, "JetSetSystemParameter", kMaxSessions,
           JetSetSystemParameter(&instance_, 0, JET_paramMaxSessions, kMaxSessions, nullptr));
    Expect(observer, kSetupThread, "JetInit", instance_, JetInit(&instance_));
  }

  void RunThread(std::uint32_t thread, Engine& engine, Observer& observer) override {
    std::vector<JET_SESID> mine;
    for (const Step& step : programs_[thread]) {
      switch (step.op) {
        case Op::kBegin:
          Begin(thread, engine, observer, mine);
          break;
        case Op::kDup:
          Dup(thread, step, engine, observer, mine);
          break;
        case Op::kEnd:
          if (!mine.empty()) End(thread, observer, mine, step.pick % mine.size());
          break;
        case Op::kBeginTrx:
        case Op::kCommit:
        case Op::kRollback:
          if (!mine.empty()) Transaction(thread, step, observer, mine[step.pick % mine.size()]);
          break;
      }
    }
    // Every session this thread holds ends before it stops. One that another
    // thread is using right now is left to the check phase: a retry loop
    // here would starve the user under a strict-priority schedule (PCT).
    while (!mine.empty()) {
      const std::size_t before = mine.size();
      End(thread, observer, mine, mine.size() - 1);
      if (mine.size() == before) {
        const std::lock_guard<std::mutex> guard(mutex_);
        leftovers_.push_back(mine.back());
        mine.pop_back();
      }
    }
  }

  void Check(Engine& engine, Observer& observer) override {
    for (const JET_SESID sesid : leftovers_)
      Expect(observer, kSetupThread, "JetEndSession", sesid, JetEndSession(sesid, 0));
    CheckTeardown(engine, observer, instance_);
  }

 private:
  void Begin(std::uint32_t thread, Engine& engine, Observer& observer, std::vector<JET_SESID>& mine) {
    JET_SESID sesid = kSentinel;
    const JET_ERR err = JetBeginSession(instance_, &sesid, nullptr, nullptr);
    observer.Call(thread, "JetBeginSession", instance_, err);
    if (err == JET_errSuccess) {
      Born(thread, engine, observer, sesid, "JetBeginSession");
      mine.push_back(sesid);
      const std::lock_guard<std::mutex> guard(mutex_);
      published_.push_back(sesid);
    } else if (err != JET_errOutOfSessions) {
      observer.Violation(thread, std::string("JetBeginSession returned ") + jet_err_name(err));
    }
  }

  void Dup(std::uint32_t thread, const Step& step, Engine& engine, Observer& observer,
           std::vector<JET_SESID>& mine) {
    JET_SESID source = 0;
    bool shared = false;
    {
      const std::lock_guard<std::mutex> guard(mutex_);
      if ((step.shared || mine.empty()) && !published_.empty()) {
        source = published_[step.pick % published_.size()];
        shared = true;
      }
    }
    if (source == 0) {
      if (mine.empty()) return Begin(thread, engine, observer, mine);
      source = mine[step.pick % mine.size()];
      // A session this thread began is published: others may be using it.
      const std::lock_guard<std::mutex> guard(mutex_);
      shared = std::find(published_.begin(), published_.end(), source) != published_.end();
    }
    JET_SESID dup = kSentinel;
    const JET_ERR err = JetDupSession(source, &dup);
    observer.Call(thread, "JetDupSession", source, err);
    if (err != JET_errSuccess && dup != kSentinel) {
      observer.Violation(thread, std::string("JetDupSession wrote *psesid on ") + jet_err_name(err));
    }
    const bool allowed = err == JET_errSuccess || err == JET_errOutOfSessions ||
                         (shared && (err == JET_errSessionSharingViolation ||
                                     err == (esent_ ? JET_errInvalidSesid : JET_errInvalidParameter)));
    if (!allowed) {
      observer.Violation(thread, std::string("JetDupSession of ") + (shared ? "a shared" : "a private") +
                                     " session returned " + jet_err_name(err));
    }
    if (err != JET_errSuccess) return;
    if (dup == source) observer.Violation(thread, "JetDupSession returned its source handle");
    Born(thread, engine, observer, dup, "JetDupSession");
    // The new session copies nothing: no transaction is open on it.
    const JET_ERR rollback = JetRollback(dup, 0);
    observer.Call(thread, "JetRollback", dup, rollback);
    if (rollback != JET_errNotInTransaction) {
      observer.Violation(thread,
                         std::string("a duplicated session has a transaction: JetRollback returned ") +
                             jet_err_name(rollback));
    }
    mine.push_back(dup);
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
    if (sessions > static_cast<std::int64_t>(kMaxSessions)) {
      observer.Violation(thread, "the engine holds " + std::to_string(sessions) +
                                     " sessions with MaxSessions " + std::to_string(kMaxSessions));
    }
  }

  void End(std::uint32_t thread, Observer& observer, std::vector<JET_SESID>& mine, std::size_t index) {
    const JET_SESID sesid = mine[index];
    const JET_ERR err = JetEndSession(sesid, 0);
    observer.Call(thread, "JetEndSession", sesid, err);
    if (err == JET_errSuccess) {
      mine.erase(mine.begin() + static_cast<std::ptrdiff_t>(index));
      const std::lock_guard<std::mutex> guard(mutex_);
      live_.erase(sesid);
      // Others may still have picked it just before: a stale source stays possible.
      published_.erase(std::remove(published_.begin(), published_.end(), sesid), published_.end());
    } else if (err != JET_errSessionSharingViolation) {
      observer.Violation(thread, std::string("JetEndSession returned ") + jet_err_name(err));
    }
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
    if (err != JET_errSuccess && err != expected_refusal && err != JET_errSessionSharingViolation) {
      observer.Violation(thread, std::string(name) + " returned " + jet_err_name(err));
    }
  }

  std::vector<std::vector<Step>> programs_;
  JET_INSTANCE instance_ = 0;
  bool esent_ = false;
  std::mutex mutex_;  // real threads share these; under the simulator it is never contended
  std::vector<JET_SESID> published_;
  std::set<JET_SESID> live_;
  std::vector<JET_SESID> leftovers_;  // sessions busy elsewhere when their thread ended
};

}  // namespace

std::unique_ptr<Workload> MakeDupBasic(std::uint64_t seed) { return std::make_unique<DupBasic>(seed); }

}  // namespace jetsim::scenarios
