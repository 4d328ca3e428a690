// The engine on real threads (ThreadPlatform, std::thread): many threads
// beginning, duplicating and ending sessions against one MaxSessions limit,
// and a JetTerm racing threads that use transactions, session contexts and
// a shared session. The invariants: every result is in the allowed set for
// the state the call could have seen, MaxSessions is exact (no slot lost or
// counted twice), and nothing leaks after JetTerm.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "jetsim/engine.h"
#include "jetsim/errors.h"
#include "jetsim/esent.h"
#include "jetsim/thread_platform.h"
#include "test_support.h"

namespace jetsim::testing {
namespace {

using Clock = std::chrono::steady_clock;

// Unexpected results seen on worker threads, reported after the join (the
// first few in full, so a failure says what happened).
class Violations {
 public:
  void Add(std::string what) {
    count_.fetch_add(1);
    std::lock_guard<std::mutex> held(mutex_);
    if (first_.size() < 20) first_.push_back(std::move(what));
  }
  [[nodiscard]] std::int64_t count() const { return count_.load(); }
  [[nodiscard]] std::string Describe() const {
    std::lock_guard<std::mutex> held(mutex_);
    std::string text;
    for (const std::string& line : first_) text += "  " + line + "\n";
    return text;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> first_;
  std::atomic<std::int64_t> count_{0};
};

std::string Describe(const char* call, JET_ERR err) {
  return std::string(call) + " returned " + jet_err_name(err) + " (" + std::to_string(err) + ")";
}

bool OneOf(JET_ERR err, std::initializer_list<JET_ERR> allowed) {
  return std::find(allowed.begin(), allowed.end(), err) != allowed.end();
}

// How often each allowed code came back from one kind of call.
struct CodeCounts {
  std::atomic<std::int64_t> success{0};
  std::atomic<std::int64_t> out_of_sessions{0};
  std::atomic<std::int64_t> other{0};

  void Record(JET_ERR err) {
    if (err == JET_errSuccess) {
      success.fetch_add(1);
    } else if (err == JET_errOutOfSessions) {
      out_of_sessions.fetch_add(1);
    } else {
      other.fetch_add(1);
    }
  }
};

class ThreadsTest : public ::testing::TestWithParam<Profile> {
 protected:
  ThreadsTest() { EXPECT_JET(JET_errSuccess, engine_.SetProfile(GetParam())); }

  [[nodiscard]] bool esent() const { return GetParam() == Profile::kEsent; }

  JET_INSTANCE StartInstance(JET_API_PTR max_sessions) {
    JET_INSTANCE instance = 0;
    EXPECT_JET(JET_errSuccess, JetCreateInstance(&instance, "threads"));
    EXPECT_JET(JET_errSuccess,
               JetSetSystemParameter(&instance, 0, JET_paramMaxSessions, max_sessions, nullptr));
    EXPECT_JET(JET_errSuccess, JetInit(&instance));
    return instance;
  }

  // After a full teardown only the handle tables remain, and the engine's
  // accounting agrees with the platform's.
  void ExpectNothingLeft() {
    const EngineCounts counts = engine_.Counts();
    EXPECT_EQ(counts.instances, 0);
    EXPECT_EQ(counts.sessions, 0);
    EXPECT_EQ(counts.object_blocks, 0);
    EXPECT_EQ(counts.claimed_slots, 0);
    EXPECT_EQ(counts.lost_slots, 0);
    EXPECT_EQ(platform_.live_blocks(), counts.live_blocks);
    EXPECT_EQ(platform_.live_bytes(), counts.live_bytes);
  }

  ThreadPlatform platform_;
  Engine engine_{platform_};
  ScopedCurrentEngine current_{engine_};
};

// ---- 8 threads begin, duplicate and end sessions against MaxSessions 16 ----

constexpr int kStressThreads = 8;
constexpr int kStressIterations = 3000;
constexpr JET_API_PTR kStressMaxSessions = 16;
// Each iteration holds up to three sessions (a begun one and a chain of two
// duplicates), so 8 threads ask for 24 slots and OutOfSessions is common.
constexpr int kDupsPerIteration = 2;
constexpr JET_SESID kUntouched = 0x5EA5EA5EA5EA5EA5ULL;

TEST_P(ThreadsTest, BeginDupEndStressKeepsMaxSessionsExact) {
  const JET_INSTANCE instance = StartInstance(kStressMaxSessions);
  CodeCounts begins;
  CodeCounts dups;
  CodeCounts ends;
  Violations violations;
  // A lower bound of the sessions open right now: raised after a session is
  // claimed, lowered before it is ended, so it never exceeds the truth.
  std::atomic<std::int64_t> open{0};
  std::atomic<std::int64_t> peak_open{0};
  const auto opened = [&] {
    const std::int64_t now = open.fetch_add(1) + 1;
    std::int64_t peak = peak_open.load();
    while (now > peak && !peak_open.compare_exchange_weak(peak, now)) {
    }
  };

  const auto started = Clock::now();
  std::vector<std::thread> threads;
  threads.reserve(kStressThreads);
  for (int t = 0; t < kStressThreads; ++t) {
    threads.emplace_back([&, t] {
      ScopedCurrentEngine current(engine_);
      for (int i = 0; i < kStressIterations; ++i) {
        std::array<JET_SESID, 1 + kDupsPerIteration> held{};
        std::size_t count = 0;
        JET_SESID begun = kUntouched;
        const JET_ERR begin_err = JetBeginSession(instance, &begun, nullptr, nullptr);
        begins.Record(begin_err);
        if (begin_err != JET_errSuccess) {
          if (begin_err != JET_errOutOfSessions) violations.Add(Describe("JetBeginSession", begin_err));
          if (begun != kUntouched) violations.Add("JetBeginSession wrote *psesid on failure");
          continue;
        }
        opened();
        if (begun == 0 || begun == JET_sesidNil) violations.Add("JetBeginSession returned a nil handle");
        held[count++] = begun;
        for (int d = 0; d < kDupsPerIteration; ++d) {
          JET_SESID dup = kUntouched;
          // Alternate the source: the begun session, or the newest duplicate.
          const JET_SESID source = (i + d + t) % 2 == 0 ? held[0] : held[count - 1];
          const JET_ERR dup_err = JetDupSession(source, &dup);
          dups.Record(dup_err);
          if (dup_err != JET_errSuccess) {
            if (dup_err != JET_errOutOfSessions) violations.Add(Describe("JetDupSession", dup_err));
            if (dup != kUntouched) violations.Add("JetDupSession wrote *psesid on failure");
            break;
          }
          opened();
          if (dup == 0 || dup == JET_sesidNil) violations.Add("JetDupSession returned a nil handle");
          for (std::size_t k = 0; k < count; ++k) {
            if (held[k] == dup) violations.Add("JetDupSession returned a handle this thread still holds");
          }
          held[count++] = dup;
        }
        // End in creation order or reversed, so a duplicate outlives its source.
        for (std::size_t k = 0; k < count; ++k) {
          const JET_SESID victim = i % 2 == 0 ? held[k] : held[count - 1 - k];
          open.fetch_sub(1);
          const JET_ERR end_err = JetEndSession(victim, 0);
          ends.Record(end_err);
          if (end_err != JET_errSuccess) violations.Add(Describe("JetEndSession", end_err));
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
  RecordProperty("stress_ms", static_cast<int>(elapsed.count()));

  EXPECT_EQ(violations.count(), 0) << violations.Describe();
  EXPECT_EQ(begins.other.load(), 0);
  EXPECT_EQ(dups.other.load(), 0);
  EXPECT_EQ(ends.other.load(), 0);
  EXPECT_EQ(begins.success + begins.out_of_sessions, kStressThreads * kStressIterations);
  EXPECT_GT(begins.success.load(), 0);
  EXPECT_GT(dups.success.load(), 0);
  // Every session a thread opened was ended, once.
  EXPECT_EQ(ends.success.load(), begins.success.load() + dups.success.load());
  EXPECT_LE(peak_open.load(), static_cast<std::int64_t>(kStressMaxSessions));
  EXPECT_EQ(open.load(), 0);

  EngineCounts counts = engine_.Counts();
  EXPECT_EQ(counts.sessions, 0);
  EXPECT_EQ(counts.claimed_slots, 0);
  EXPECT_EQ(counts.lost_slots, 0);

  // Exactly MaxSessions slots are free again: no slot lost, none counted twice.
  std::vector<JET_SESID> sessions;
  JET_SESID first = 0;
  ASSERT_JET(JET_errSuccess, JetBeginSession(instance, &first, nullptr, nullptr));
  sessions.push_back(first);
  while (sessions.size() < kStressMaxSessions) {
    JET_SESID next = 0;
    if (sessions.size() % 2 == 0) {
      ASSERT_JET(JET_errSuccess, JetBeginSession(instance, &next, nullptr, nullptr)) << sessions.size();
    } else {
      ASSERT_JET(JET_errSuccess, JetDupSession(first, &next)) << sessions.size();
    }
    sessions.push_back(next);
  }
  JET_SESID extra = kUntouched;
  EXPECT_JET(JET_errOutOfSessions, JetBeginSession(instance, &extra, nullptr, nullptr));
  EXPECT_JET(JET_errOutOfSessions, JetDupSession(first, &extra));
  EXPECT_EQ(extra, kUntouched);
  counts = engine_.Counts();
  EXPECT_EQ(counts.sessions, static_cast<std::int64_t>(kStressMaxSessions));
  EXPECT_EQ(counts.claimed_slots, static_cast<std::int64_t>(kStressMaxSessions));
  EXPECT_EQ(counts.lost_slots, 0);

  // Term ends the half still open; the rest are ended by the client.
  for (std::size_t k = 0; k < sessions.size() / 2; ++k)
    EXPECT_JET(JET_errSuccess, JetEndSession(sessions[k], 0));
  EXPECT_EQ(engine_.Counts().claimed_slots, static_cast<std::int64_t>(kStressMaxSessions / 2));
  EXPECT_JET(JET_errSuccess, JetTerm(instance));
  ExpectNothingLeft();
}

// ---- transactions, contexts and a shared session, with a racing JetTerm ----

constexpr int kWorkers = 4;
constexpr JET_API_PTR kRaceMaxSessions = 16;
constexpr std::size_t kDupsHeldMost = 10;    // the dup thread's hoard: with the rest, > 16 slots wanted
constexpr std::int64_t kWarmupRounds = 300;  // loop rounds of every thread before the term starts
constexpr int kTermAttemptsBeforeQuiesce = 20;
constexpr auto kWarmupLimit = std::chrono::seconds(5);
constexpr auto kRaceDeadline = std::chrono::seconds(15);
// The owner leaves the shared session idle this long every few rounds:
// otherwise it is marked busy nearly all the time (a call keeps it busy
// across its yield points) and the duplicator can starve on 2 cores.
constexpr auto kOwnerPause = std::chrono::microseconds(50);

// What each thread's calls could have seen.
struct RaceState {
  std::atomic<bool> term_started{false};     // set before the first JetTerm call
  std::atomic<bool> term_done{false};        // set after JetTerm returned Success
  std::atomic<bool> quiesce{false};          // no new transactions: lets a refused term succeed
  std::atomic<bool> abort{false};            // the term failed: stop now
  std::atomic<std::int64_t> during_term{0};  // calls that overlapped the term
  std::atomic<std::int64_t> term_in_progress{0};
  std::array<std::atomic<std::int64_t>, kWorkers + 2> rounds{};  // per thread: workers, owner, duplicator
  Clock::time_point deadline = Clock::now() + kRaceDeadline;
  [[nodiscard]] bool TimedOut() const { return abort.load() || Clock::now() > deadline; }
};

// The codes a call returns for a handle the term killed (DESIGN.md
// "Decisions"; ese-facts.md step 2 for the esent JetDupSession).
struct DeadCodes {
  JET_ERR session;   // a session call with a session ended by term
  JET_ERR dup;       // JetDupSession of it, no instance left initialized
  JET_ERR instance;  // JetBeginSession on the terminated instance
};

DeadCodes DeadCodesFor(Profile profile) {
  if (profile == Profile::kEsent) return {JET_errInvalidSesid, JET_errNotInitialized, JET_errInvalidInstance};
  return {JET_errNotInitialized, JET_errNotInitialized, JET_errNotInitialized};
}

// Runs one call and checks its result against the state it could have
// seen: `allowed` while no term has begun; only `dead` once the term
// returned; either of them or TermInProgress in between.
class Checked {
 public:
  Checked(RaceState& state, Violations& violations) : state_(state), violations_(violations) {}

  template <class Call>
  JET_ERR operator()(const char* what, std::initializer_list<JET_ERR> allowed, JET_ERR dead, Call call) {
    const bool after_term = state_.term_done.load();
    const JET_ERR err = call();
    const bool before_term = !state_.term_started.load();
    bool ok = false;
    if (after_term) {
      ok = err == dead;
    } else if (before_term) {
      ok = OneOf(err, allowed);
    } else {
      ok = OneOf(err, allowed) || err == dead || err == JET_errTermInProgress;
      state_.during_term.fetch_add(1);
      if (err == JET_errTermInProgress) state_.term_in_progress.fetch_add(1);
    }
    if (!ok) {
      violations_.Add(Describe(what, err) + (after_term    ? " after the term"
                                             : before_term ? " before the term"
                                                           : " during the term"));
    }
    return err;
  }

 private:
  RaceState& state_;
  Violations& violations_;
};

TEST_P(ThreadsTest, TransactionsContextsAndDupRaceWithTerm) {
  const JET_INSTANCE instance = StartInstance(kRaceMaxSessions);
  const DeadCodes dead = DeadCodesFor(GetParam());
  JET_SESID shared = 0;
  ASSERT_JET(JET_errSuccess, JetBeginSession(instance, &shared, nullptr, nullptr));

  RaceState state;
  Violations violations;
  std::atomic<std::int64_t> committed{0};
  std::atomic<std::int64_t> rolled_back{0};
  std::atomic<std::int64_t> contexts{0};
  std::atomic<std::int64_t> dups_made{0};
  std::atomic<std::int64_t> sharing_violations{0};

  // After a thread saw its handles die, every later call must give exactly
  // the dead code.
  const auto wait_for_term_done = [&] {
    while (!state.term_done.load() && !state.TimedOut()) std::this_thread::yield();
  };

  // Workers: a session of their own, a context set and reset around one or
  // two transaction levels, committed or rolled back; now and then the
  // session is ended (sometimes inside a transaction) and a new one begun.
  const auto worker = [&](int id) {
    ScopedCurrentEngine current(engine_);
    Checked check(state, violations);
    JET_SESID own = 0;
    bool has_session = false;
    const JET_API_PTR context = JET_API_PTR{0x1000} + static_cast<JET_API_PTR>(id);
    for (std::int64_t round = 0;; ++round) {
      state.rounds[id].fetch_add(1);
      if (state.TimedOut()) {
        violations.Add("worker " + std::to_string(id) + " timed out");
        return;
      }
      if (!has_session) {
        const JET_ERR err = check("JetBeginSession", {JET_errSuccess, JET_errOutOfSessions}, dead.instance,
                                  [&] { return JetBeginSession(instance, &own, nullptr, nullptr); });
        if (err == dead.instance) break;
        has_session = err == JET_errSuccess;
        if (!has_session) continue;
      }
      const JET_ERR set = check("JetSetSessionContext", {JET_errSuccess}, dead.session,
                                [&] { return JetSetSessionContext(own, context); });
      if (set == dead.session) break;
      if (set == JET_errSuccess) contexts.fetch_add(1);
      int level = 0;
      const int levels = state.quiesce.load() ? 0 : 1 + static_cast<int>(round % 2);
      for (int l = 0; l < levels; ++l) {
        if (check("JetBeginTransaction", {JET_errSuccess}, dead.session,
                  [&] { return JetBeginTransaction(own); }) == JET_errSuccess) {
          ++level;
        }
      }
      if (round % 7 == 3 && level > 0) {
        // End inside the transaction: JetEndSession rolls it back.
        if (set == JET_errSuccess) {
          check("JetResetSessionContext", {JET_errSuccess}, dead.session,
                [&] { return JetResetSessionContext(own); });
        }
        const JET_ERR end =
            check("JetEndSession", {JET_errSuccess}, dead.session, [&] { return JetEndSession(own, 0); });
        if (end == dead.session) break;
        has_session = end != JET_errSuccess;
        continue;
      }
      while (level > 0) {
        const bool commit = (round + level) % 3 != 0;
        const JET_ERR err = commit ? check("JetCommitTransaction", {JET_errSuccess}, dead.session,
                                           [&] { return JetCommitTransaction(own, 0); })
                                   : check("JetRollback", {JET_errSuccess}, dead.session, [&] {
                                       return JetRollback(own, round % 5 == 0 ? JET_bitRollbackAll : 0);
                                     });
        if (err != JET_errSuccess) break;  // the term got in: the handle is dying
        (commit ? committed : rolled_back).fetch_add(1);
        level = !commit && round % 5 == 0 ? 0 : level - 1;
      }
      if (set == JET_errSuccess) {
        const JET_ERR reset = check("JetResetSessionContext", {JET_errSuccess}, dead.session,
                                    [&] { return JetResetSessionContext(own); });
        if (reset == dead.session) break;
      }
      if (round % 11 == 10) {
        const JET_ERR end =
            check("JetEndSession", {JET_errSuccess}, dead.session, [&] { return JetEndSession(own, 0); });
        if (end == dead.session) break;
        has_session = end != JET_errSuccess;
      }
    }
    // The term has ended this thread's session (or it had none): every call
    // now gets the dead-handle code of its profile.
    wait_for_term_done();
    JET_SESID fresh = kUntouched;
    check("JetBeginSession after term", {}, dead.instance,
          [&] { return JetBeginSession(instance, &fresh, nullptr, nullptr); });
    if (fresh != kUntouched) violations.Add("JetBeginSession wrote *psesid after the term");
    if (has_session) {
      check("JetDupSession after term", {}, dead.dup, [&] { return JetDupSession(own, &fresh); });
      check("JetSetSessionContext after term", {}, dead.session,
            [&] { return JetSetSessionContext(own, context); });
      check("JetResetSessionContext after term", {}, dead.session,
            [&] { return JetResetSessionContext(own); });
      check("JetBeginTransaction after term", {}, dead.session, [&] { return JetBeginTransaction(own); });
      check("JetCommitTransaction after term", {}, dead.session,
            [&] { return JetCommitTransaction(own, 0); });
      check("JetRollback after term", {}, dead.session, [&] { return JetRollback(own, 0); });
      check("JetEndSession after term", {}, dead.session, [&] { return JetEndSession(own, 0); });
    }
  };

  // The owner of the shared session: transactions and a context on it, while
  // the dup thread marks it busy now and then (so SessionSharingViolation is
  // an allowed answer here, and the call is retried).
  const auto owner = [&] {
    ScopedCurrentEngine current(engine_);
    Checked check(state, violations);
    const std::initializer_list<JET_ERR> allowed = {JET_errSuccess, JET_errSessionSharingViolation};
    const auto count_sharing = [&](JET_ERR err) {
      if (err == JET_errSessionSharingViolation) sharing_violations.fetch_add(1);
      return err;
    };
    int level = 0;
    bool context_set = false;
    for (std::int64_t round = 0;; ++round) {
      state.rounds[kWorkers].fetch_add(1);
      if (state.TimedOut()) {
        violations.Add("owner timed out");
        return;
      }
      JET_ERR err = JET_errSuccess;
      if (context_set || round % 16 == 0) {
        // The context is held for one round at a time.
        err = count_sharing(context_set ? check("JetResetSessionContext(shared)", allowed, dead.session,
                                                [&] { return JetResetSessionContext(shared); })
                                        : check("JetSetSessionContext(shared)", allowed, dead.session,
                                                [&] { return JetSetSessionContext(shared, 0x5A); }));
        if (err == JET_errSuccess) context_set = !context_set;
      } else if (level == 0 && !state.quiesce.load()) {
        err = count_sharing(check("JetBeginTransaction(shared)", allowed, dead.session,
                                  [&] { return JetBeginTransaction(shared); }));
        if (err == JET_errSuccess) ++level;
      } else if (level > 0) {
        const bool commit = round % 3 != 0;
        err = count_sharing(commit ? check("JetCommitTransaction(shared)", allowed, dead.session,
                                           [&] { return JetCommitTransaction(shared, 0); })
                                   : check("JetRollback(shared)", allowed, dead.session,
                                           [&] { return JetRollback(shared, 0); }));
        if (err == JET_errSuccess) {
          --level;
          (commit ? committed : rolled_back).fetch_add(1);
        }
      }
      if (err == dead.session) break;
      if (round % 4 == 3) std::this_thread::sleep_for(kOwnerPause);
    }
    wait_for_term_done();
    check("JetBeginTransaction(shared) after term", {}, dead.session,
          [&] { return JetBeginTransaction(shared); });
    check("JetEndSession(shared) after term", {}, dead.session, [&] { return JetEndSession(shared, 0); });
  };

  // Duplicates the shared session, hoarding up to kDupsHeldMost duplicates
  // so the instance runs out of slots now and then.
  const auto duplicator = [&] {
    ScopedCurrentEngine current(engine_);
    Checked check(state, violations);
    std::vector<JET_SESID> held;
    held.reserve(kDupsHeldMost);
    const auto end_all = [&] {
      for (const JET_SESID dup : held) {
        check("JetEndSession(dup)", {JET_errSuccess}, dead.session, [&] { return JetEndSession(dup, 0); });
      }
      held.clear();
    };
    for (std::int64_t round = 0;; ++round) {
      state.rounds[kWorkers + 1].fetch_add(1);
      if (state.TimedOut()) {
        violations.Add("duplicator timed out");
        break;
      }
      JET_SESID dup = kUntouched;
      const JET_ERR err = check("JetDupSession(shared)",
                                {JET_errSuccess, JET_errOutOfSessions, JET_errSessionSharingViolation},
                                dead.dup, [&] { return JetDupSession(shared, &dup); });
      if (err == JET_errSuccess) {
        dups_made.fetch_add(1);
        if (dup == 0 || dup == JET_sesidNil || dup == shared)
          violations.Add("JetDupSession returned a bad handle");
        held.push_back(dup);
      } else {
        if (err == JET_errSessionSharingViolation) sharing_violations.fetch_add(1);
        if (dup != kUntouched) violations.Add(Describe("JetDupSession wrote *psesid and", err));
      }
      if (err == dead.dup) break;
      if (held.size() >= kDupsHeldMost || err == JET_errOutOfSessions || round % 13 == 0) end_all();
    }
    end_all();
    wait_for_term_done();
    JET_SESID dup = kUntouched;
    check("JetDupSession(shared) after term", {}, dead.dup, [&] { return JetDupSession(shared, &dup); });
  };

  const auto started = Clock::now();
  std::vector<std::thread> threads;
  threads.reserve(kWorkers + 2);
  for (int id = 0; id < kWorkers; ++id) threads.emplace_back(worker, id);
  threads.emplace_back(owner);
  threads.emplace_back(duplicator);

  // Let every thread get going and every kind of call succeed, then
  // terminate while they run. A term with a transaction open is refused
  // (TooManyActiveUsers) and changes nothing; after a few refusals the
  // threads stop opening transactions.
  const auto warmed_up = [&] {
    for (const auto& rounds : state.rounds) {
      if (rounds.load() < kWarmupRounds) return false;
    }
    return committed.load() > 0 && rolled_back.load() > 0 && contexts.load() > 0 && dups_made.load() > 0;
  };
  const auto warmup_end = Clock::now() + kWarmupLimit;
  while (!warmed_up() && Clock::now() < warmup_end) std::this_thread::yield();
  EXPECT_TRUE(warmed_up()) << "the threads did not get every kind of call through before the term";
  state.term_started.store(true);
  int refused = 0;
  JET_ERR term = JET_errTooManyActiveUsers;
  while (!state.TimedOut()) {
    term = JetTerm(instance);
    if (term != JET_errTooManyActiveUsers) break;
    if (++refused >= kTermAttemptsBeforeQuiesce) state.quiesce.store(true);
    std::this_thread::yield();
  }
  EXPECT_JET(JET_errSuccess, term) << "after " << refused << " refusals";
  if (term == JET_errSuccess) {
    state.term_done.store(true);
  } else {
    state.abort.store(true);
  }
  for (std::thread& thread : threads) thread.join();
  const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
  RecordProperty("race_ms", static_cast<int>(elapsed.count()));
  RecordProperty("term_refusals", refused);
  RecordProperty("calls_during_term", static_cast<int>(state.during_term.load()));
  RecordProperty("term_in_progress", static_cast<int>(state.term_in_progress.load()));
  RecordProperty("sharing_violations", static_cast<int>(sharing_violations.load()));

  EXPECT_EQ(violations.count(), 0) << violations.Describe();
  // The run did what it is meant to exercise.
  EXPECT_GT(committed.load(), 0);
  EXPECT_GT(rolled_back.load(), 0);
  EXPECT_GT(contexts.load(), 0);
  EXPECT_GT(dups_made.load(), 0);
  ExpectNothingLeft();
}

JETSIM_BOTH_PROFILES(ThreadsTest);

}  // namespace
}  // namespace jetsim::testing
