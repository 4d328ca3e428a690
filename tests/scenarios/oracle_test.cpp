// The oracle on hand-written histories: what it allows sequentially, what
// an event in flight adds, and that it names deviations and violations.
#include "jetsim/scenarios/oracle.h"

#include <gtest/gtest.h>

namespace jetsim::testing {
namespace {

using scenarios::ApiCall;
using scenarios::CallRecord;
using scenarios::History;
using scenarios::Judge;
using scenarios::OracleReport;
using scenarios::Verdict;

constexpr JET_SESID kSentinel = 0x5E5E;

// Builds a history one call at a time; each call takes the next two ticks
// unless given an interval.
class HistoryBuilder {
 public:
  explicit HistoryBuilder(JET_API_PTR max_sessions) {
    history_.instance_ready = true;
    SetMaxSessions(max_sessions);
  }

  // What setup records: the oracle learns MaxSessions from it.
  void SetMaxSessions(JET_API_PTR value) {
    Add(0, ApiCall::kSetMaxSessions, 0, JET_errSuccess);
    history_.calls.back().arg = value;
  }

  std::size_t Add(std::uint32_t thread, ApiCall call, JET_SESID session, JET_ERR result, JET_SESID made = 0) {
    const std::uint64_t start = ++tick_;
    return AddAt(thread, call, session, result, start, ++tick_, made);
  }

  std::size_t AddAt(std::uint32_t thread, ApiCall call, JET_SESID session, JET_ERR result,
                    std::uint64_t start, std::uint64_t end, JET_SESID made = 0) {
    CallRecord record;
    record.thread = thread;
    record.call = call;
    record.session = session;
    record.result = result;
    record.start = start;
    record.end = end;
    record.out_before = kSentinel;
    record.out_after = made != 0 ? made : kSentinel;
    tick_ = std::max(tick_, end);
    history_.calls.push_back(record);
    return history_.calls.size() - 1;
  }

  History& history() { return history_; }
  std::uint64_t tick() const { return tick_; }

 private:
  History history_;
  std::uint64_t tick_ = 0;
};

const scenarios::DupJudgement& OnlyDup(const OracleReport& report) {
  EXPECT_EQ(report.dups.size(), 1U);
  return report.dups.front();
}

TEST(Oracle, ASequentialDupMaySucceed) {
  HistoryBuilder h(4);
  h.Add(0, ApiCall::kBeginSession, 0, JET_errSuccess, 0x10);
  h.Add(0, ApiCall::kDupSession, 0x10, JET_errSuccess, 0x11);
  const OracleReport report = Judge(h.history(), Profile::kDocumented);
  EXPECT_TRUE(report.violations.empty()) << report.violations.front();
  EXPECT_EQ(OnlyDup(report).verdict, Verdict::kDocumented);
  EXPECT_EQ(OnlyDup(report).allowed, std::set<JET_ERR>{JET_errSuccess});
}

TEST(Oracle, AfterACompletedStopOnlyTheStopCodeIsAllowed) {
  HistoryBuilder h(4);
  h.Add(0, ApiCall::kBeginSession, 0, JET_errSuccess, 0x10);
  h.Add(1, ApiCall::kStopServiceInstance, 0, JET_errSuccess);
  h.Add(0, ApiCall::kDupSession, 0x10, JET_errSuccess, 0x11);
  const OracleReport report = Judge(h.history(), Profile::kDocumented);
  ASSERT_EQ(report.violations.size(), 1U);
  EXPECT_NE(report.violations.front().find("[P1]"), std::string::npos);
  EXPECT_EQ(OnlyDup(report).allowed, std::set<JET_ERR>{JET_errClientRequestToStopJetService});
}

TEST(Oracle, AStopInFlightAllowsBothAndTheStopCodeIsARace) {
  HistoryBuilder h(4);
  h.Add(0, ApiCall::kBeginSession, 0, JET_errSuccess, 0x10);
  const std::uint64_t t = h.tick();
  h.AddAt(1, ApiCall::kStopServiceInstance, 0, JET_errSuccess, t + 1, t + 4);
  h.AddAt(0, ApiCall::kDupSession, 0x10, JET_errClientRequestToStopJetService, t + 2, t + 3);
  const OracleReport report = Judge(h.history(), Profile::kDocumented);
  EXPECT_TRUE(report.violations.empty());
  EXPECT_EQ(OnlyDup(report).allowed,
            (std::set<JET_ERR>{JET_errSuccess, JET_errClientRequestToStopJetService}));
  EXPECT_TRUE(OnlyDup(report).via_race);
  EXPECT_EQ(OnlyDup(report).check, "stop");
}

TEST(Oracle, OutOfSessionsOnlyWhenTheSlotsCanBeFull) {
  HistoryBuilder h(2);
  h.Add(0, ApiCall::kBeginSession, 0, JET_errSuccess, 0x10);
  h.Add(0, ApiCall::kDupSession, 0x10, JET_errOutOfSessions);  // one slot still free
  h.Add(0, ApiCall::kDupSession, 0x10, JET_errSuccess, 0x11);
  h.Add(0, ApiCall::kDupSession, 0x10, JET_errOutOfSessions);  // now full
  const OracleReport report = Judge(h.history(), Profile::kDocumented);
  ASSERT_EQ(report.violations.size(), 1U);
  EXPECT_EQ(report.dups[0].verdict, Verdict::kViolation);
  EXPECT_EQ(report.dups[2].verdict, Verdict::kDocumented);
}

TEST(Oracle, MoreLiveSessionsThanMaxSessionsIsAViolation) {
  HistoryBuilder h(1);
  h.Add(0, ApiCall::kBeginSession, 0, JET_errSuccess, 0x10);
  // Two overlapping dups both succeed on MaxSessions 2 with one session
  // open: each alone is allowed (the other might not have claimed yet),
  // together they exceed the limit.
  h.SetMaxSessions(2);
  const std::uint64_t t = h.tick();
  h.AddAt(0, ApiCall::kDupSession, 0x10, JET_errSuccess, t + 1, t + 3, 0x11);
  h.AddAt(1, ApiCall::kDupSession, 0x10, JET_errSuccess, t + 2, t + 4, 0x12);
  const OracleReport report = Judge(h.history(), Profile::kDocumented);
  bool count_violation = false;
  for (const std::string& v : report.violations) count_violation |= v.find("[P4]") != std::string::npos;
  EXPECT_TRUE(count_violation);
}

TEST(Oracle, WritingPsesidOnFailureIsAViolation) {
  HistoryBuilder h(4);
  const std::size_t dup = h.Add(0, ApiCall::kDupSession, JET_sesidNil, JET_errInvalidParameter);
  h.history().calls[dup].out_after = JET_sesidNil;
  const OracleReport report = Judge(h.history(), Profile::kDocumented);
  ASSERT_EQ(report.violations.size(), 1U);
  EXPECT_NE(report.violations.front().find("[P2]"), std::string::npos);
}

TEST(Oracle, EsentNamesItsDeviations) {
  HistoryBuilder h(4);
  h.Add(0, ApiCall::kDupSession, JET_sesidNil, JET_errInvalidSesid);
  const OracleReport report = Judge(h.history(), Profile::kEsent);
  EXPECT_TRUE(report.violations.empty());
  EXPECT_EQ(OnlyDup(report).verdict, Verdict::kDeviation);
  EXPECT_EQ(OnlyDup(report).deviation, "invalid-sesid");
  EXPECT_EQ(report.deviations_seen.count("invalid-sesid"), 1U);
  // The same result is a violation of the documented contract.
  EXPECT_FALSE(Judge(h.history(), Profile::kDocumented).violations.empty());
}

TEST(Oracle, AHandleEndedByTermIsNotInitializedInDocumented) {
  HistoryBuilder h(4);
  h.Add(0, ApiCall::kBeginSession, 0, JET_errSuccess, 0x10);
  h.Add(1, ApiCall::kTerm, 0, JET_errSuccess);
  h.Add(0, ApiCall::kDupSession, 0x10, JET_errNotInitialized);
  EXPECT_TRUE(Judge(h.history(), Profile::kDocumented).violations.empty());
  EXPECT_EQ(OnlyDup(Judge(h.history(), Profile::kDocumented)).check, "term-ended-handle");
}

TEST(Oracle, ACopiedTransactionShowsInTheProbe) {
  HistoryBuilder h(4);
  h.Add(0, ApiCall::kBeginSession, 0, JET_errSuccess, 0x10);
  const std::size_t dup = h.Add(0, ApiCall::kDupSession, 0x10, JET_errSuccess, 0x11);
  const std::size_t probe = h.Add(0, ApiCall::kCommitTransaction, 0x11, JET_errSuccess);
  h.history().calls[probe].probe_of = dup;
  const OracleReport report = Judge(h.history(), Profile::kDocumented);
  ASSERT_EQ(report.violations.size(), 1U);
  EXPECT_NE(report.violations.front().find("[P3]"), std::string::npos);
}

TEST(Oracle, OutOfMemoryNeedsAnAllocationFailureInsideTheCall) {
  HistoryBuilder h(4);
  h.Add(0, ApiCall::kBeginSession, 0, JET_errSuccess, 0x10);
  const std::uint64_t t = h.tick();
  h.AddAt(0, ApiCall::kDupSession, 0x10, JET_errOutOfMemory, t + 1, t + 3);
  EXPECT_FALSE(Judge(h.history(), Profile::kDocumented).violations.empty());
  h.history().faults.push_back(scenarios::FaultRecord{0, t + 2, scenarios::FaultEffect::kAllocFailed});
  EXPECT_TRUE(Judge(h.history(), Profile::kDocumented).violations.empty());
  // esent reports it as OutOfSessions, a named deviation.
  h.history().calls.back().result = JET_errOutOfSessions;
  const OracleReport esent = Judge(h.history(), Profile::kEsent);
  EXPECT_TRUE(esent.violations.empty());
  EXPECT_EQ(esent.deviations_seen.count("oom-as-out-of-sessions"), 1U);
}

}  // namespace
}  // namespace jetsim::testing
