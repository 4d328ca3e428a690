// JetSetSystemParameter / JetGetSystemParameter and the engine's settings.
#include <gtest/gtest.h>

#include "test_support.h"

namespace jetsim::testing {
namespace {

class Parameters : public ProfileTest {};
JETSIM_BOTH_PROFILES(Parameters);

TEST_P(Parameters, MaxSessionsDefaultsTo16) {
  JET_INSTANCE instance = 0;
  ASSERT_JET(JET_errSuccess, JetCreateInstance(&instance, nullptr));
  JET_API_PTR value = 0;
  ASSERT_JET(JET_errSuccess, JetGetSystemParameter(instance, 0, JET_paramMaxSessions, &value, nullptr, 0));
  EXPECT_EQ(value, 16U);
  ASSERT_JET(JET_errSuccess, JetInit(&instance));
  const JET_SESID first = Begin(instance);
  for (int i = 1; i < 16; ++i) {
    JET_SESID dup = 0;
    ASSERT_JET(JET_errSuccess, JetDupSession(first, &dup));
  }
  JET_SESID dup = 0;
  EXPECT_JET(JET_errOutOfSessions, JetDupSession(first, &dup));
}

TEST_P(Parameters, MaxSessionsRangeAndFixedAfterInit) {
  JET_INSTANCE instance = 0;
  ASSERT_JET(JET_errSuccess, JetCreateInstance(&instance, nullptr));
  EXPECT_JET(JET_errInvalidParameter,
             JetSetSystemParameter(&instance, 0, JET_paramMaxSessions, 30001, nullptr));
  EXPECT_JET(JET_errSuccess, JetSetSystemParameter(&instance, 0, JET_paramMaxSessions, 30000, nullptr));
  EXPECT_JET(JET_errSuccess, JetSetSystemParameter(&instance, 0, JET_paramMaxSessions, 0, nullptr));
  EXPECT_JET(JET_errSuccess, JetSetSystemParameter(&instance, 0, JET_paramMaxSessions, 4, nullptr));
  ASSERT_JET(JET_errSuccess, JetInit(&instance));
  EXPECT_JET(JET_errAlreadyInitialized,
             JetSetSystemParameter(&instance, 0, JET_paramMaxSessions, 5, nullptr));
  EXPECT_JET(JET_errSuccess, JetSetSystemParameter(&instance, 0, JET_paramMaxSessions, 4, nullptr));
  JET_API_PTR value = 0;
  ASSERT_JET(JET_errSuccess, JetGetSystemParameter(instance, 0, JET_paramMaxSessions, &value, nullptr, 0));
  EXPECT_EQ(value, 4U);
}

TEST_P(Parameters, GlobalMaxSessionsIsTheDefaultOfLaterInstances) {
  ASSERT_JET(JET_errSuccess, JetSetSystemParameter(nullptr, 0, JET_paramMaxSessions, 2, nullptr));
  JET_API_PTR value = 0;
  ASSERT_JET(JET_errSuccess,
             JetGetSystemParameter(JET_instanceNil, 0, JET_paramMaxSessions, &value, nullptr, 0));
  EXPECT_EQ(value, 2U);
  JET_INSTANCE instance = 0;
  ASSERT_JET(JET_errSuccess, JetCreateInstance(&instance, nullptr));
  ASSERT_JET(JET_errSuccess, JetInit(&instance));
  const JET_SESID first = Begin(instance);
  JET_SESID dup = 0;
  EXPECT_JET(JET_errSuccess, JetDupSession(first, &dup));
  EXPECT_JET(JET_errOutOfSessions, JetDupSession(first, &dup));
  // Global parameters are fixed once an instance was initialized.
  EXPECT_JET(JET_errAlreadyInitialized, JetSetSystemParameter(nullptr, 0, JET_paramMaxSessions, 3, nullptr));
}

TEST_P(Parameters, ProfileIsAGlobalParameterFixedByTheFirstInit) {
  JET_API_PTR value = 99;
  ASSERT_JET(JET_errSuccess, JetGetSystemParameter(0, 0, JET_paramJetsimProfile, &value, nullptr, 0));
  EXPECT_EQ(value, esent() ? JET_API_PTR{JET_jetsimProfileEsent} : JET_API_PTR{JET_jetsimProfileDocumented});
  const JET_API_PTR other = esent() ? JET_jetsimProfileDocumented : JET_jetsimProfileEsent;
  ASSERT_JET(JET_errSuccess, JetSetSystemParameter(nullptr, 0, JET_paramJetsimProfile, other, nullptr));
  EXPECT_EQ(engine_.profile(), esent() ? Profile::kDocumented : Profile::kEsent);
  EXPECT_JET(JET_errInvalidParameter, JetSetSystemParameter(nullptr, 0, JET_paramJetsimProfile, 7, nullptr));
  JET_INSTANCE instance = 0;
  ASSERT_JET(JET_errSuccess, JetCreateInstance(&instance, nullptr));
  EXPECT_JET(JET_errInvalidParameter,
             JetSetSystemParameter(&instance, 0, JET_paramJetsimProfile, other, nullptr));
  ASSERT_JET(JET_errSuccess, JetInit(&instance));
  const JET_API_PTR back = esent() ? JET_jetsimProfileEsent : JET_jetsimProfileDocumented;
  EXPECT_JET(JET_errAlreadyInitialized,
             JetSetSystemParameter(nullptr, 0, JET_paramJetsimProfile, back, nullptr));
  EXPECT_JET(JET_errSuccess, JetSetSystemParameter(nullptr, 0, JET_paramJetsimProfile, other, nullptr));
}

TEST_P(Parameters, RestoreStepsRange) {
  EXPECT_JET(JET_errInvalidParameter,
             JetSetSystemParameter(nullptr, 0, JET_paramJetsimRestoreSteps, 0, nullptr));
  EXPECT_JET(JET_errInvalidParameter,
             JetSetSystemParameter(nullptr, 0, JET_paramJetsimRestoreSteps, 10001, nullptr));
  EXPECT_JET(JET_errSuccess, JetSetSystemParameter(nullptr, 0, JET_paramJetsimRestoreSteps, 10, nullptr));
  JET_API_PTR value = 0;
  ASSERT_JET(JET_errSuccess, JetGetSystemParameter(0, 0, JET_paramJetsimRestoreSteps, &value, nullptr, 0));
  EXPECT_EQ(value, 10U);
}

TEST_P(Parameters, UnknownParameters) {
  JET_API_PTR value = 0;
  EXPECT_JET(JET_errInvalidParameter, JetSetSystemParameter(nullptr, 0, 9999, 1, nullptr));
  EXPECT_JET(JET_errInvalidParameter, JetGetSystemParameter(0, 0, 9999, &value, nullptr, 0));
  EXPECT_JET(JET_errInvalidParameter, JetGetSystemParameter(0, 0, JET_paramMaxSessions, nullptr, nullptr, 0));
}

TEST_P(Parameters, BugsAreArmedOnlyByNameAndBeforeInit) {
  EXPECT_JET(JET_errInvalidParameter, engine_.ArmBug("no.such-bug"));
  EXPECT_JET(JET_errInvalidParameter, engine_.ArmBug("esent.check-order"));  // a profile switch, not a bug
  EXPECT_JET(JET_errSuccess, engine_.ArmBug("race.slot-claim"));
  EXPECT_TRUE(engine_.behavior().Has(Switch::kBugRaceSlotClaim));
  // A profile change keeps the armed bug.
  ASSERT_JET(JET_errSuccess, engine_.SetProfile(esent() ? Profile::kDocumented : Profile::kEsent));
  EXPECT_TRUE(engine_.behavior().Has(Switch::kBugRaceSlotClaim));
  StartInstance();
  EXPECT_JET(JET_errAlreadyInitialized, engine_.ArmBug("leak.slot"));
  EXPECT_FALSE(engine_.behavior().Has(Switch::kBugLeakSlot));
}

}  // namespace
}  // namespace jetsim::testing
