// Handle values: never 0 or nil, forged values rejected, stale ones
// recognised, and the same sequence of calls gives the same values.
#include "handles.h"

#include <gtest/gtest.h>

#include <set>
#include <vector>

#include "test_support.h"

namespace jetsim::testing {
namespace {

TEST(Handles, EncodeDecodeRoundTrip) {
  for (const HandleKind kind : {HandleKind::kSession, HandleKind::kInstance}) {
    for (const std::uint32_t index : {0U, 1U, 77U, kMaxHandleIndex}) {
      for (const std::uint32_t generation : {1U, 2U, 0xFFFFFFFFU}) {
        const JET_API_PTR value = EncodeHandle(kind, {index, generation});
        EXPECT_NE(value, JET_API_PTR{0});
        EXPECT_NE(value, ~JET_API_PTR{0});
        const auto parts = DecodeHandle(kind, value);
        ASSERT_TRUE(parts.has_value());
        EXPECT_EQ(parts->index, index);
        EXPECT_EQ(parts->generation, generation);
      }
    }
  }
}

TEST(Handles, ForgedValuesDoNotDecode) {
  const JET_API_PTR session = EncodeHandle(HandleKind::kSession, {3, 1});
  EXPECT_FALSE(DecodeHandle(HandleKind::kInstance, session).has_value());
  EXPECT_FALSE(DecodeHandle(HandleKind::kSession, 0).has_value());
  EXPECT_FALSE(DecodeHandle(HandleKind::kSession, JET_sesidNil).has_value());
  EXPECT_FALSE(DecodeHandle(HandleKind::kSession, 0x12345678).has_value());
  // Right tag, generation 0.
  EXPECT_FALSE(DecodeHandle(HandleKind::kSession, JET_API_PTR{0x53} << 56 | 5).has_value());
  // Right tag, index field 0.
  EXPECT_FALSE(
      DecodeHandle(HandleKind::kSession, (JET_API_PTR{0x53} << 56) | (JET_API_PTR{1} << 24)).has_value());
}

std::vector<JET_API_PTR> RunFixedSequence() {
  ThreadPlatform platform;
  Engine engine(platform);
  ScopedCurrentEngine current(engine);
  std::vector<JET_API_PTR> handles;
  JET_INSTANCE instance = 0;
  EXPECT_JET(JET_errSuccess, JetCreateInstance(&instance, "fixed"));
  EXPECT_JET(JET_errSuccess, JetInit(&instance));
  handles.push_back(instance);
  JET_SESID a = 0;
  JET_SESID b = 0;
  EXPECT_JET(JET_errSuccess, JetBeginSession(instance, &a, nullptr, nullptr));
  EXPECT_JET(JET_errSuccess, JetDupSession(a, &b));
  EXPECT_JET(JET_errSuccess, JetEndSession(a, 0));
  EXPECT_JET(JET_errSuccess, JetDupSession(b, &a));
  handles.insert(handles.end(), {a, b});
  return handles;
}

TEST(Handles, AreDeterministic) { EXPECT_EQ(RunFixedSequence(), RunFixedSequence()); }

class HandleValues : public EngineTest {};

TEST_F(HandleValues, LiveHandlesAreDistinctAndNeverZeroOrNil) {
  const JET_INSTANCE instance = StartInstance(200);
  std::set<JET_SESID> live;
  const JET_SESID first = Begin(instance);
  live.insert(first);
  for (int i = 0; i < 150; ++i) {
    JET_SESID dup = 0;
    ASSERT_JET(JET_errSuccess, JetDupSession(first, &dup));
    EXPECT_NE(dup, JET_SESID{0});
    EXPECT_NE(dup, JET_sesidNil);
    EXPECT_TRUE(live.insert(dup).second);
    EXPECT_NE(dup, instance);
  }
}

TEST_F(HandleValues, AReusedSlotGetsANewHandle) {
  const JET_INSTANCE instance = StartInstance(1);
  std::set<JET_SESID> seen;
  for (int i = 0; i < 50; ++i) {
    const JET_SESID sesid = Begin(instance);
    EXPECT_TRUE(seen.insert(sesid).second) << "handle value reused at round " << i;
    ASSERT_JET(JET_errSuccess, JetEndSession(sesid, 0));
  }
  // Only one slot was ever needed.
  EXPECT_EQ(engine_.Counts().live_blocks - engine_.Counts().object_blocks, 2);  // the two tables
}

}  // namespace
}  // namespace jetsim::testing
