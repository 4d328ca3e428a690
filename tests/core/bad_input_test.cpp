// Bad input through the C API, per profile (DESIGN.md "Decisions";
// ese-facts.md, "The order of checks"): NULL pointers, nil, forged and stale
// handles, handles whose slot a later object reuses, out-of-range
// parameters and unknown grbits. Every such call returns a code of the error
// table — the profile's code — and changes nothing.
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "handles.h"
#include "test_support.h"

namespace jetsim::testing {
namespace {

constexpr JET_SESID kSentinel = 0x5E5E5E5E5E5E5E5EULL;
constexpr JET_API_PTR kParamSentinel = 0xA5A5A5A5;

class BadInput : public ProfileTest {
 protected:
  // The profile's code for a dead session handle (nil, forged, client-ended)
  // and for one ended by its instance's JetTerm.
  [[nodiscard]] JET_ERR BadSesid() const { return Pick(JET_errInvalidParameter, JET_errInvalidSesid); }
  [[nodiscard]] JET_ERR TermEndedSesid() const { return Pick(JET_errNotInitialized, JET_errInvalidSesid); }
  [[nodiscard]] JET_ERR BadInstance() const { return Pick(JET_errInvalidParameter, JET_errInvalidInstance); }
  [[nodiscard]] JET_ERR TermEndedInstance() const {
    return Pick(JET_errNotInitialized, JET_errInvalidInstance);
  }

  [[nodiscard]] static HandleParts PartsOf(HandleKind kind, JET_API_PTR handle) {
    const std::optional<HandleParts> parts = DecodeHandle(kind, handle);
    EXPECT_TRUE(parts.has_value()) << std::hex << handle;
    return parts.value_or(HandleParts{0, 0});
  }
};
JETSIM_BOTH_PROFILES(BadInput);

// A failure, a code of the error table, and the profile's code.
::testing::AssertionResult IsExpectedFailure(JET_ERR expected, JET_ERR actual) {
  if (actual == JET_errSuccess) return ::testing::AssertionFailure() << "succeeded";
  if (FindError(actual) == nullptr)
    return ::testing::AssertionFailure() << actual << " is not in the error table";
  if (actual != expected) {
    return ::testing::AssertionFailure()
           << "returned " << jet_err_name(actual) << " (" << actual << "), expected "
           << jet_err_name(expected) << " (" << expected << ")";
  }
  return ::testing::AssertionSuccess();
}

// ---- NULL pointers ----

TEST_P(BadInput, NullPointersGiveInvalidParameterAndChangeNothing) {
  const JET_INSTANCE instance = StartInstance();
  const JET_SESID sesid = Begin(instance);
  JET_INSTANCE created = 0;
  ASSERT_JET(JET_errSuccess, JetCreateInstance(&created, "not-initialized"));
  const EngineCounts before = engine_.Counts();

  EXPECT_JET(JET_errInvalidParameter, JetCreateInstance(nullptr, "null-pinstance"));
  EXPECT_JET(JET_errInvalidParameter, JetCreateInstance(nullptr, nullptr));
  EXPECT_JET(JET_errInvalidParameter, JetInit(nullptr));
  EXPECT_JET(JET_errInvalidParameter, JetBeginSession(instance, nullptr, nullptr, nullptr));
  EXPECT_JET(JET_errInvalidParameter, JetDupSession(sesid, nullptr));
  EXPECT_JET(JET_errInvalidParameter,
             JetGetSystemParameter(instance, 0, JET_paramMaxSessions, nullptr, nullptr, 0));
  EXPECT_JET(JET_errInvalidParameter, JetGetSystemParameter(0, 0, JET_paramMaxSessions, nullptr, nullptr, 0));
  EXPECT_JET(JET_errInvalidParameter, JetRestoreInstance(instance, nullptr, nullptr, nullptr));
  EXPECT_JET(JET_errInvalidParameter, JetRestoreInstance(created, nullptr, "destination", nullptr));

  const EngineCounts after = engine_.Counts();
  EXPECT_EQ(after.instances, before.instances);
  EXPECT_EQ(after.sessions, before.sessions);
  EXPECT_EQ(after.claimed_slots, before.claimed_slots);
  EXPECT_EQ(after.object_blocks, before.object_blocks);
  // The instance and the session still work; `created` was not restored into.
  EXPECT_JET(JET_errSuccess, JetBeginTransaction(sesid));
  EXPECT_JET(JET_errSuccess, JetCommitTransaction(sesid, 0));
  EXPECT_JET(JET_errSuccess, JetEndSession(sesid, 0));
  EXPECT_JET(JET_errSuccess, JetInit(&created));
  EXPECT_JET(JET_errSuccess, JetTerm(created));
  EXPECT_JET(JET_errSuccess, JetTerm(instance));
}

TEST_P(BadInput, NullInstanceNameAndNullGlobalInstancePointerAreNotErrors) {
  // A NULL name is an unnamed instance; a NULL pinstance in
  // JetSetSystemParameter is the global form (ESE's own convention).
  JET_INSTANCE unnamed = 0;
  EXPECT_JET(JET_errSuccess, JetCreateInstance(&unnamed, nullptr));
  EXPECT_JET(JET_errSuccess, JetSetSystemParameter(nullptr, 0, JET_paramMaxSessions, 12, nullptr));
  EXPECT_JET(JET_errSuccess, JetTerm(unnamed));
}

// Where NULL psesid meets another bad input, the order of checks shows:
// documented checks psesid first; esent checks it last, just before the
// slot claim (DESIGN.md, "JetDupSession in documented").
TEST_P(BadInput, NullPsesidIsCheckedFirstInDocumentedAndLastInEsent) {
  const JET_INSTANCE instance = StartInstance();
  const JET_SESID sesid = Begin(instance);
  JET_INSTANCE created = 0;
  ASSERT_JET(JET_errSuccess, JetCreateInstance(&created, "not-initialized"));

  EXPECT_JET(Pick(JET_errInvalidParameter, JET_errInvalidSesid), JetDupSession(JET_sesidNil, nullptr));
  EXPECT_JET(Pick(JET_errInvalidParameter, JET_errInvalidSesid), JetDupSession(0, nullptr));
  EXPECT_JET(Pick(JET_errInvalidParameter, JET_errInvalidInstance),
             JetBeginSession(0, nullptr, nullptr, nullptr));
  EXPECT_JET(Pick(JET_errInvalidParameter, JET_errNotInitialized),
             JetBeginSession(created, nullptr, nullptr, nullptr));
  ASSERT_JET(JET_errSuccess, JetStopServiceInstance(instance));
  EXPECT_JET(Pick(JET_errInvalidParameter, JET_errClientRequestToStopJetService),
             JetDupSession(sesid, nullptr));
  EXPECT_JET(Pick(JET_errInvalidParameter, JET_errClientRequestToStopJetService),
             JetBeginSession(instance, nullptr, nullptr, nullptr));
  EXPECT_EQ(engine_.Counts().sessions, 1);
}

// ---- every handle-taking call with every kind of bad handle ----

struct BadHandle {
  std::string name;
  JET_API_PTR value;
  bool ended_by_term = false;  // documented: NotInitialized instead of InvalidParameter
  bool global_form = false;    // 0 or nil: the global form of Get/SetSystemParameter
};

struct Outcome {
  JET_ERR err;
  bool outputs_untouched;  // *psesid, *plParam, *pinstance as they were
};

struct HandleCall {
  std::string name;
  std::function<Outcome(JET_API_PTR)> call;
  bool takes_global_form = false;  // 0 and nil mean "global", not "bad"
};

TEST_P(BadInput, EveryCallWithEveryBadHandleGivesTheProfilesCode) {
  // Live objects the bad calls must not reach.
  const JET_INSTANCE instance = StartInstance(16, "live");
  const JET_INSTANCE other = StartInstance(16, "other");
  const JET_SESID live = Begin(instance);
  const JET_SESID ended = Begin(instance);
  const JET_SESID reused_source = Begin(instance);
  const JET_SESID term_ended = Begin(other);
  // A handle whose slot a later session took.
  ASSERT_JET(JET_errSuccess, JetEndSession(reused_source, 0));
  const JET_SESID reusing = Begin(instance);
  ASSERT_EQ(PartsOf(HandleKind::kSession, reused_source).index, PartsOf(HandleKind::kSession, reusing).index);
  ASSERT_NE(reused_source, reusing);
  ASSERT_JET(JET_errSuccess, JetEndSession(ended, 0));

  // Instances: one never initialized then terminated, whose slot a later
  // (live, uninitialized) instance took; one whose JetInit failed.
  JET_INSTANCE never_initialized = 0;
  JET_INSTANCE failed_init = 0;
  ASSERT_JET(JET_errSuccess, JetCreateInstance(&never_initialized, "never-initialized"));
  ASSERT_JET(JET_errSuccess, JetCreateInstance(&failed_init, "failed-init"));
  ASSERT_JET(JET_errSuccess, JetTerm(never_initialized));
  JET_INSTANCE uninitialized = 0;
  ASSERT_JET(JET_errSuccess, JetCreateInstance(&uninitialized, "uninitialized"));
  ASSERT_EQ(PartsOf(HandleKind::kInstance, never_initialized).index,
            PartsOf(HandleKind::kInstance, uninitialized).index);
  const JET_INSTANCE failed_init_handle = failed_init;
  platform_.FailAllocations(Site::kInitLogBuffer);
  ASSERT_JET(JET_errOutOfMemory, JetInit(&failed_init));
  ASSERT_EQ(failed_init, JET_INSTANCE{0});
  // `other` goes last: its session and it die by term.
  ASSERT_JET(JET_errSuccess, JetTerm(other));

  const HandleParts live_parts = PartsOf(HandleKind::kSession, live);
  const HandleParts instance_parts = PartsOf(HandleKind::kInstance, instance);
  const auto retag = [](JET_API_PTR handle, JET_API_PTR tag) {
    return (handle & ((JET_API_PTR{1} << 56) - 1)) | (tag << 56);
  };
  int local = 0;
  const auto pointer = reinterpret_cast<JET_API_PTR>(&local);

  const std::vector<BadHandle> bad_sessions = {
      {"nil", JET_sesidNil},
      {"zero", 0},
      {"random", 0x0123456789ABCDEFULL},
      {"one", 1},
      {"deadbeef", 0xDEADBEEF},
      {"pointer", pointer},
      {"instance-handle", instance},
      {"index-beyond-table", EncodeHandle(HandleKind::kSession, {1000, 1})},
      {"largest-index", EncodeHandle(HandleKind::kSession, {kMaxHandleIndex, 1})},
      {"generation-0", EncodeHandle(HandleKind::kSession, {live_parts.index, 0})},
      {"future-generation",
       EncodeHandle(HandleKind::kSession, {live_parts.index, live_parts.generation + 1})},
      {"wrong-tag", retag(live, 0x54)},
      {"ended-by-client", ended},
      {"ended-by-term", term_ended, true},
      {"slot-reused", reused_source},
  };
  const std::vector<BadHandle> bad_instances = {
      {"nil", JET_instanceNil, false, true},
      {"zero", 0, false, true},
      {"random", 0x0123456789ABCDEFULL},
      {"one", 1},
      {"deadbeef", 0xDEADBEEF},
      {"pointer", pointer},
      {"session-handle", live},
      {"index-beyond-table", EncodeHandle(HandleKind::kInstance, {1000, 1})},
      {"largest-index", EncodeHandle(HandleKind::kInstance, {kMaxHandleIndex, 1})},
      {"generation-0", EncodeHandle(HandleKind::kInstance, {instance_parts.index, 0})},
      {"future-generation",
       EncodeHandle(HandleKind::kInstance, {instance_parts.index, instance_parts.generation + 1})},
      {"wrong-tag", retag(instance, 0x48)},
      {"terminated", other, true},
      {"terminated-slot-reused", never_initialized, true},
      {"init-failed", failed_init_handle},
  };

  const std::vector<HandleCall> session_calls = {
      {"JetDupSession",
       [](JET_SESID h) {
         JET_SESID out = kSentinel;
         const JET_ERR err = JetDupSession(h, &out);
         return Outcome{err, out == kSentinel};
       }},
      {"JetEndSession",
       [](JET_SESID h) {
         return Outcome{JetEndSession(h, 0), true};
       }},
      {"JetSetSessionContext",
       [](JET_SESID h) {
         return Outcome{JetSetSessionContext(h, 0x77), true};
       }},
      {"JetResetSessionContext",
       [](JET_SESID h) {
         return Outcome{JetResetSessionContext(h), true};
       }},
      {"JetBeginTransaction",
       [](JET_SESID h) {
         return Outcome{JetBeginTransaction(h), true};
       }},
      {"JetCommitTransaction",
       [](JET_SESID h) {
         return Outcome{JetCommitTransaction(h, 0), true};
       }},
      {"JetRollback",
       [](JET_SESID h) {
         return Outcome{JetRollback(h, 0), true};
       }},
      {"JetRollback(All)",
       [](JET_SESID h) {
         return Outcome{JetRollback(h, JET_bitRollbackAll), true};
       }},
  };
  const std::vector<HandleCall> instance_calls = {
      {"JetBeginSession",
       [](JET_INSTANCE h) {
         JET_SESID out = kSentinel;
         const JET_ERR err = JetBeginSession(h, &out, nullptr, nullptr);
         return Outcome{err, out == kSentinel};
       }},
      {"JetInit",
       [](JET_INSTANCE h) {
         JET_INSTANCE copy = h;
         const JET_ERR err = JetInit(&copy);
         return Outcome{err, copy == h};
       }},
      {"JetTerm",
       [](JET_INSTANCE h) {
         return Outcome{JetTerm(h), true};
       }},
      {"JetTerm2(Complete)",
       [](JET_INSTANCE h) {
         return Outcome{JetTerm2(h, JET_bitTermComplete), true};
       }},
      {"JetTerm2(Dirty)",
       [](JET_INSTANCE h) {
         return Outcome{JetTerm2(h, JET_bitTermDirty), true};
       }},
      {"JetStopServiceInstance",
       [](JET_INSTANCE h) {
         return Outcome{JetStopServiceInstance(h), true};
       }},
      {"JetRestoreInstance",
       [](JET_INSTANCE h) {
         return Outcome{JetRestoreInstance(h, "backup", nullptr, nullptr), true};
       }},
      {"JetGetSystemParameter",
       [](JET_INSTANCE h) {
         JET_API_PTR out = kParamSentinel;
         const JET_ERR err = JetGetSystemParameter(h, 0, JET_paramMaxSessions, &out, nullptr, 0);
         return Outcome{err, out == kParamSentinel};
       },
       true},
      {"JetSetSystemParameter",
       [](JET_INSTANCE h) {
         JET_INSTANCE copy = h;
         const JET_ERR err = JetSetSystemParameter(&copy, 0, JET_paramMaxSessions, 3, nullptr);
         return Outcome{err, copy == h};
       },
       true},
  };

  const EngineCounts before = engine_.Counts();
  int checked = 0;
  for (const HandleCall& call : session_calls) {
    for (const BadHandle& bad : bad_sessions) {
      // esent's JetDupSession checks only 0 and nil before the process-wide
      // checks, and another instance (`instance`) is initialized: InvalidSesid.
      const JET_ERR expected = bad.ended_by_term ? TermEndedSesid() : BadSesid();
      const Outcome outcome = call.call(bad.value);
      EXPECT_TRUE(IsExpectedFailure(expected, outcome.err)) << call.name << "(" << bad.name << ")";
      EXPECT_TRUE(outcome.outputs_untouched) << call.name << "(" << bad.name << ") wrote its output";
      ++checked;
    }
  }
  for (const HandleCall& call : instance_calls) {
    for (const BadHandle& bad : bad_instances) {
      if (bad.global_form && call.takes_global_form) continue;
      const JET_ERR expected = bad.ended_by_term ? TermEndedInstance() : BadInstance();
      const Outcome outcome = call.call(bad.value);
      EXPECT_TRUE(IsExpectedFailure(expected, outcome.err)) << call.name << "(" << bad.name << ")";
      EXPECT_TRUE(outcome.outputs_untouched) << call.name << "(" << bad.name << ") wrote its output";
      ++checked;
    }
  }
  EXPECT_EQ(checked, 8 * 15 + 9 * 15 - 2 * 2);

  // Nothing reached a live object.
  const EngineCounts after = engine_.Counts();
  EXPECT_EQ(after.instances, before.instances);
  EXPECT_EQ(after.sessions, before.sessions);
  EXPECT_EQ(after.claimed_slots, before.claimed_slots);
  EXPECT_EQ(after.object_blocks, before.object_blocks);
  JET_API_PTR max_sessions = 0;
  EXPECT_JET(JET_errSuccess,
             JetGetSystemParameter(uninitialized, 0, JET_paramMaxSessions, &max_sessions, nullptr, 0));
  EXPECT_EQ(max_sessions, 16U) << "a bad handle reached the uninitialized instance";
  for (const JET_SESID sesid : {live, reusing}) {
    // No context was set and no transaction opened through a bad handle.
    EXPECT_JET(JET_errNotInTransaction, JetCommitTransaction(sesid, 0));
    EXPECT_JET(JET_errSessionContextNotSetByThisThread, JetResetSessionContext(sesid));
    EXPECT_JET(JET_errSuccess, JetSetSessionContext(sesid, 0x99));
    EXPECT_JET(JET_errSuccess, JetResetSessionContext(sesid));
    EXPECT_JET(JET_errSuccess, JetBeginTransaction(sesid));
    EXPECT_JET(JET_errSuccess, JetRollback(sesid, 0));
  }
  JET_SESID dup = 0;
  EXPECT_JET(JET_errSuccess, JetDupSession(reusing, &dup));
  EXPECT_JET(JET_errSuccess, JetEndSession(dup, 0));
  EXPECT_JET(JET_errSuccess, JetEndSession(reusing, 0));
  EXPECT_JET(JET_errSuccess, JetEndSession(live, 0));
  EXPECT_JET(JET_errSuccess, JetInit(&uninitialized));
  EXPECT_JET(JET_errSuccess, JetTerm(uninitialized));
  EXPECT_JET(JET_errSuccess, JetTerm(instance));
  EXPECT_EQ(engine_.Counts().object_blocks, 0);
}

// ---- stale handles and the process-wide check (ese-facts.md step 2) ----

TEST_P(BadInput, StaleHandlesWhenNoInstanceIsInitialized) {
  const JET_INSTANCE instance = StartInstance();
  const JET_SESID ended = Begin(instance);
  const JET_SESID term_ended = Begin(instance);
  ASSERT_JET(JET_errSuccess, JetEndSession(ended, 0));
  ASSERT_JET(JET_errSuccess, JetTerm(instance));
  // An instance that exists but is not initialized does not count.
  JET_INSTANCE created = 0;
  ASSERT_JET(JET_errSuccess, JetCreateInstance(&created, "created"));

  JET_SESID out = kSentinel;
  // documented: the handle check comes first. esent: only 0 and nil are
  // rejected before "no instance is initialized".
  EXPECT_TRUE(
      IsExpectedFailure(Pick(JET_errInvalidParameter, JET_errNotInitialized), JetDupSession(ended, &out)));
  EXPECT_TRUE(IsExpectedFailure(JET_errNotInitialized, JetDupSession(term_ended, &out)));
  EXPECT_TRUE(IsExpectedFailure(BadSesid(), JetDupSession(0, &out)));
  EXPECT_TRUE(IsExpectedFailure(BadSesid(), JetDupSession(JET_sesidNil, &out)));
  EXPECT_TRUE(IsExpectedFailure(Pick(JET_errInvalidParameter, JET_errNotInitialized),
                                JetDupSession(0x0123456789ABCDEFULL, &out)));
  EXPECT_EQ(out, kSentinel);
  // The other session calls have no process-wide check.
  EXPECT_TRUE(IsExpectedFailure(BadSesid(), JetEndSession(ended, 0)));
  EXPECT_TRUE(IsExpectedFailure(TermEndedSesid(), JetEndSession(term_ended, 0)));
  EXPECT_TRUE(IsExpectedFailure(TermEndedSesid(), JetBeginTransaction(term_ended)));
  EXPECT_TRUE(IsExpectedFailure(TermEndedSesid(), JetSetSessionContext(term_ended, 1)));
  EXPECT_TRUE(IsExpectedFailure(TermEndedInstance(), JetBeginSession(instance, &out, nullptr, nullptr)));
  EXPECT_TRUE(IsExpectedFailure(JET_errNotInitialized, JetBeginSession(created, &out, nullptr, nullptr)));
  EXPECT_TRUE(IsExpectedFailure(TermEndedInstance(), JetTerm(instance)));
  EXPECT_TRUE(IsExpectedFailure(JET_errNotInitialized, JetStopService()));
  EXPECT_EQ(out, kSentinel);
  EXPECT_JET(JET_errSuccess, JetTerm(created));
}

TEST_P(BadInput, StaleHandlesWhileAnotherInstanceIsInitialized) {
  const JET_INSTANCE instance = StartInstance(16, "first");
  const JET_INSTANCE survivor = StartInstance(16, "survivor");
  const JET_SESID ended = Begin(instance);
  const JET_SESID term_ended = Begin(instance);
  ASSERT_JET(JET_errSuccess, JetEndSession(ended, 0));
  ASSERT_JET(JET_errSuccess, JetTerm(instance));

  JET_SESID out = kSentinel;
  EXPECT_TRUE(IsExpectedFailure(BadSesid(), JetDupSession(ended, &out)));
  EXPECT_TRUE(IsExpectedFailure(TermEndedSesid(), JetDupSession(term_ended, &out)));
  EXPECT_TRUE(IsExpectedFailure(BadSesid(), JetDupSession(0, &out)));
  EXPECT_EQ(out, kSentinel);
  EXPECT_EQ(engine_.Counts().sessions, 0);
  EXPECT_JET(JET_errSuccess, JetTerm(survivor));
}

// While the only initialized instance is terminating, esent's JetDupSession
// of a dead handle stops at "every instance is terminating" (step 2).
TEST_P(BadInput, StaleHandleWhileTheOnlyInstanceTerminates) {
  const JET_INSTANCE instance = StartInstance();
  const JET_SESID ended = Begin(instance);
  const JET_SESID open = Begin(instance);
  ASSERT_JET(JET_errSuccess, JetEndSession(ended, 0));
  JET_ERR during_term = JET_errSuccess;
  JET_ERR open_during_term = JET_errSuccess;
  JET_SESID out = kSentinel;
  platform_.OnceAt(Site::kTermTeardownSession, [&] {
    during_term = JetDupSession(ended, &out);
    open_during_term = JetDupSession(open, &out);
  });
  ASSERT_JET(JET_errSuccess, JetTerm(instance));
  EXPECT_TRUE(IsExpectedFailure(Pick(JET_errInvalidParameter, JET_errTermInProgress), during_term));
  EXPECT_TRUE(IsExpectedFailure(JET_errTermInProgress, open_during_term));
  EXPECT_EQ(out, kSentinel);
}

// ---- reused slots ----

TEST_P(BadInput, AStaleSessionHandleNeverReachesTheSessionInItsSlot) {
  const JET_INSTANCE instance = StartInstance();
  const JET_SESID old_handle = Begin(instance);
  ASSERT_JET(JET_errSuccess, JetEndSession(old_handle, 0));
  const JET_SESID current = Begin(instance);
  ASSERT_NE(old_handle, current);
  ASSERT_EQ(PartsOf(HandleKind::kSession, old_handle).index, PartsOf(HandleKind::kSession, current).index);

  JET_SESID out = kSentinel;
  EXPECT_TRUE(IsExpectedFailure(BadSesid(), JetSetSessionContext(old_handle, 5)));
  EXPECT_TRUE(IsExpectedFailure(BadSesid(), JetBeginTransaction(old_handle)));
  EXPECT_TRUE(IsExpectedFailure(BadSesid(), JetDupSession(old_handle, &out)));
  EXPECT_TRUE(IsExpectedFailure(BadSesid(), JetEndSession(old_handle, 0)));
  EXPECT_EQ(out, kSentinel);

  // The current session saw none of it.
  EXPECT_EQ(engine_.Counts().sessions, 1);
  EXPECT_JET(JET_errNotInTransaction, JetCommitTransaction(current, 0));
  EXPECT_JET(JET_errSuccess, JetSetSessionContext(current, 6));
  EXPECT_JET(JET_errSuccess, JetResetSessionContext(current));
  EXPECT_JET(JET_errSuccess, JetEndSession(current, 0));
  EXPECT_TRUE(IsExpectedFailure(BadSesid(), JetEndSession(current, 0)));
  EXPECT_JET(JET_errSuccess, JetTerm(instance));
}

TEST_P(BadInput, AStaleInstanceHandleNeverReachesTheInstanceInItsSlot) {
  JET_INSTANCE old_handle = 0;
  ASSERT_JET(JET_errSuccess, JetCreateInstance(&old_handle, "old"));
  ASSERT_JET(JET_errSuccess, JetTerm(old_handle));
  JET_INSTANCE current = 0;
  ASSERT_JET(JET_errSuccess, JetCreateInstance(&current, "current"));
  ASSERT_NE(old_handle, current);
  ASSERT_EQ(PartsOf(HandleKind::kInstance, old_handle).index, PartsOf(HandleKind::kInstance, current).index);

  JET_INSTANCE copy = old_handle;
  EXPECT_TRUE(IsExpectedFailure(TermEndedInstance(), JetInit(&copy)));
  EXPECT_TRUE(IsExpectedFailure(TermEndedInstance(),
                                JetSetSystemParameter(&copy, 0, JET_paramMaxSessions, 2, nullptr)));
  EXPECT_TRUE(IsExpectedFailure(TermEndedInstance(), JetTerm(old_handle)));
  EXPECT_EQ(engine_.Counts().instances, 1);

  JET_API_PTR max_sessions = 0;
  EXPECT_JET(JET_errSuccess,
             JetGetSystemParameter(current, 0, JET_paramMaxSessions, &max_sessions, nullptr, 0));
  EXPECT_EQ(max_sessions, 16U);
  EXPECT_JET(JET_errSuccess, JetInit(&current));
  const JET_SESID sesid = Begin(current);
  EXPECT_TRUE(IsExpectedFailure(TermEndedInstance(), JetStopServiceInstance(old_handle)));
  EXPECT_JET(JET_errSuccess, JetBeginTransaction(sesid));
  EXPECT_JET(JET_errSuccess, JetCommitTransaction(sesid, 0));
  EXPECT_JET(JET_errSuccess, JetTerm(current));
}

// DESIGN.md: "a sesid whose session was ended by its instance's JetTerm ->
// NotInitialized (a tombstone per slot and generation records why a handle
// died)". That stays true after a later session used the slot and ended.
TEST_P(BadInput, ATermEndedHandleKeepsItsCodeAfterItsSlotIsReusedAndFreedAgain) {
  const JET_INSTANCE doomed = StartInstance(16, "doomed");
  const JET_INSTANCE survivor = StartInstance(16, "survivor");
  const JET_SESID term_ended = Begin(doomed);
  ASSERT_JET(JET_errSuccess, JetTerm(doomed));

  const JET_SESID later = Begin(survivor);
  ASSERT_EQ(PartsOf(HandleKind::kSession, term_ended).index, PartsOf(HandleKind::kSession, later).index);
  JET_SESID out = kSentinel;
  EXPECT_TRUE(IsExpectedFailure(TermEndedSesid(), JetDupSession(term_ended, &out)))
      << "while the slot holds a later session";
  ASSERT_JET(JET_errSuccess, JetEndSession(later, 0));
  EXPECT_TRUE(IsExpectedFailure(TermEndedSesid(), JetDupSession(term_ended, &out)))
      << "after the later session in its slot was ended by the client";
  EXPECT_TRUE(IsExpectedFailure(TermEndedSesid(), JetBeginTransaction(term_ended)))
      << "after the later session in its slot was ended by the client";
  EXPECT_EQ(out, kSentinel);
  EXPECT_JET(JET_errSuccess, JetTerm(survivor));
}

// ---- out-of-range parameters ----

TEST_P(BadInput, MaxSessionsOutOfRange) {
  JET_INSTANCE instance = 0;
  ASSERT_JET(JET_errSuccess, JetCreateInstance(&instance, "range"));
  EXPECT_TRUE(IsExpectedFailure(
      JET_errInvalidParameter,
      JetSetSystemParameter(&instance, 0, JET_paramMaxSessions, JET_cMaxSessionsLimit + 1, nullptr)));
  EXPECT_TRUE(
      IsExpectedFailure(JET_errInvalidParameter,
                        JetSetSystemParameter(&instance, 0, JET_paramMaxSessions, ~JET_API_PTR{0}, nullptr)));
  EXPECT_TRUE(IsExpectedFailure(
      JET_errInvalidParameter,
      JetSetSystemParameter(nullptr, 0, JET_paramMaxSessions, JET_cMaxSessionsLimit + 1, nullptr)));
  JET_API_PTR value = 0;
  EXPECT_JET(JET_errSuccess, JetGetSystemParameter(instance, 0, JET_paramMaxSessions, &value, nullptr, 0));
  EXPECT_EQ(value, 16U);
  EXPECT_JET(JET_errSuccess, JetGetSystemParameter(0, 0, JET_paramMaxSessions, &value, nullptr, 0));
  EXPECT_EQ(value, 16U);
  // The bounds themselves are legal.
  EXPECT_JET(JET_errSuccess,
             JetSetSystemParameter(&instance, 0, JET_paramMaxSessions, JET_cMaxSessionsLimit, nullptr));
  EXPECT_JET(JET_errSuccess, JetSetSystemParameter(&instance, 0, JET_paramMaxSessions, 0, nullptr));
  EXPECT_JET(JET_errSuccess, JetTerm(instance));
}

TEST_P(BadInput, UnknownParameterIds) {
  JET_INSTANCE instance = 0;
  ASSERT_JET(JET_errSuccess, JetCreateInstance(&instance, "params"));
  for (const unsigned long paramid : {0UL, 4UL, 6UL, 9999UL, 0x4A530003UL, ~0UL}) {
    JET_API_PTR value = kParamSentinel;
    EXPECT_TRUE(
        IsExpectedFailure(JET_errInvalidParameter, JetSetSystemParameter(&instance, 0, paramid, 1, nullptr)))
        << paramid;
    EXPECT_TRUE(
        IsExpectedFailure(JET_errInvalidParameter, JetSetSystemParameter(nullptr, 0, paramid, 1, nullptr)))
        << paramid;
    EXPECT_TRUE(IsExpectedFailure(JET_errInvalidParameter,
                                  JetGetSystemParameter(instance, 0, paramid, &value, nullptr, 0)))
        << paramid;
    EXPECT_TRUE(
        IsExpectedFailure(JET_errInvalidParameter, JetGetSystemParameter(0, 0, paramid, &value, nullptr, 0)))
        << paramid;
    EXPECT_EQ(value, kParamSentinel);
  }
  EXPECT_JET(JET_errSuccess, JetTerm(instance));
}

TEST_P(BadInput, JetsimParametersOutOfRange) {
  JET_INSTANCE instance = 0;
  ASSERT_JET(JET_errSuccess, JetCreateInstance(&instance, "jetsim-params"));
  for (const JET_API_PTR profile : {JET_API_PTR{2}, JET_API_PTR{7}, ~JET_API_PTR{0}}) {
    EXPECT_TRUE(IsExpectedFailure(
        JET_errInvalidParameter, JetSetSystemParameter(nullptr, 0, JET_paramJetsimProfile, profile, nullptr)))
        << profile;
  }
  // The profile is engine-wide: not an instance parameter.
  EXPECT_TRUE(IsExpectedFailure(
      JET_errInvalidParameter,
      JetSetSystemParameter(&instance, 0, JET_paramJetsimProfile, JET_jetsimProfileEsent, nullptr)));
  EXPECT_EQ(engine_.profile(), profile());
  for (const JET_API_PTR steps : {JET_API_PTR{0}, JET_API_PTR{10001}}) {
    EXPECT_TRUE(
        IsExpectedFailure(JET_errInvalidParameter,
                          JetSetSystemParameter(&instance, 0, JET_paramJetsimRestoreSteps, steps, nullptr)))
        << steps;
    EXPECT_TRUE(
        IsExpectedFailure(JET_errInvalidParameter,
                          JetSetSystemParameter(nullptr, 0, JET_paramJetsimRestoreSteps, steps, nullptr)))
        << steps;
  }
  EXPECT_JET(JET_errSuccess, JetTerm(instance));
}

TEST_P(BadInput, InstanceNameOfSixtyFourCharactersOrMore) {
  const std::string longest(JET_cbInstanceNameMost - 1, 'n');
  JET_INSTANCE instance = 0;
  for (const std::size_t length : {std::size_t{JET_cbInstanceNameMost}, std::size_t{65}, std::size_t{1000}}) {
    const std::string name(length, 'n');
    JET_INSTANCE untouched = kSentinel;
    EXPECT_TRUE(IsExpectedFailure(JET_errInvalidParameter, JetCreateInstance(&untouched, name.c_str())))
        << length;
    EXPECT_EQ(untouched, kSentinel) << length;
  }
  EXPECT_EQ(engine_.Counts().instances, 0);
  EXPECT_JET(JET_errSuccess, JetCreateInstance(&instance, longest.c_str()));
  EXPECT_JET(JET_errSuccess, JetTerm(instance));
}

TEST_P(BadInput, ZeroSessionContext) {
  const JET_INSTANCE instance = StartInstance();
  const JET_SESID sesid = Begin(instance);
  EXPECT_TRUE(IsExpectedFailure(JET_errInvalidParameter, JetSetSessionContext(sesid, 0)));
  // Nothing was bound.
  EXPECT_JET(JET_errSessionContextNotSetByThisThread, JetResetSessionContext(sesid));
  OnOtherThread([&] { EXPECT_JET(JET_errSuccess, JetBeginTransaction(sesid)); });
  EXPECT_JET(JET_errSuccess, JetCommitTransaction(sesid, 0));
  EXPECT_JET(JET_errSuccess, JetTerm(instance));
}

// ---- unknown grbits ----

TEST_P(BadInput, UnknownTermGrbitsAreRefusedAndTheInstanceSurvives) {
  const JET_INSTANCE instance = StartInstance();
  for (const JET_GRBIT grbit :
       {JET_GRBIT{0x10}, JET_GRBIT{0x100}, JET_GRBIT{0x80000000}, JET_bitTermComplete | JET_bitTermAbrupt,
        JET_bitTermComplete | JET_bitTermAbrupt | JET_bitTermDirty, JET_bitTermAbrupt | JET_GRBIT{0x20}}) {
    EXPECT_TRUE(IsExpectedFailure(JET_errInvalidParameter, JetTerm2(instance, grbit))) << std::hex << grbit;
  }
  EXPECT_EQ(engine_.Counts().instances, 1);
  const JET_SESID sesid = Begin(instance);
  EXPECT_JET(JET_errSuccess, JetEndSession(sesid, 0));
  EXPECT_JET(JET_errSuccess, JetTerm2(instance, JET_bitTermComplete | JET_bitTermStopBackup));
}

TEST_P(BadInput, UnknownSessionGrbitsAreRefusedAndChangeNothing) {
  const JET_INSTANCE instance = StartInstance();
  const JET_SESID sesid = Begin(instance);
  for (const JET_GRBIT grbit : {JET_GRBIT{1}, JET_GRBIT{0x80000000}}) {
    EXPECT_TRUE(IsExpectedFailure(JET_errInvalidParameter, JetEndSession(sesid, grbit))) << grbit;
  }
  EXPECT_EQ(engine_.Counts().sessions, 1);
  ASSERT_JET(JET_errSuccess, JetBeginTransaction(sesid));
  ASSERT_JET(JET_errSuccess, JetBeginTransaction(sesid));
  for (const JET_GRBIT grbit : {JET_GRBIT{0x2}, JET_GRBIT{0x80000000}}) {
    EXPECT_TRUE(IsExpectedFailure(JET_errInvalidParameter, JetRollback(sesid, grbit))) << grbit;
  }
  for (const JET_GRBIT grbit : {JET_GRBIT{0x4}, JET_GRBIT{0x10}, JET_GRBIT{0x80000000}}) {
    EXPECT_TRUE(IsExpectedFailure(JET_errInvalidParameter, JetCommitTransaction(sesid, grbit))) << grbit;
  }
  // Still two levels open.
  EXPECT_JET(JET_errSuccess, JetCommitTransaction(sesid, 0));
  EXPECT_JET(JET_errSuccess, JetRollback(sesid, 0));
  EXPECT_JET(JET_errNotInTransaction, JetRollback(sesid, 0));
  EXPECT_JET(JET_errSuccess, JetEndSession(sesid, 0));
  EXPECT_JET(JET_errSuccess, JetTerm(instance));
}

}  // namespace
}  // namespace jetsim::testing
