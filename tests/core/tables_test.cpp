// The error table and the behaviour switches.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "test_support.h"

namespace jetsim::testing {
namespace {

TEST(ErrorTable, NamesAndValuesAreUnique) {
  std::set<std::string> names;
  std::set<JET_ERR> values;
  for (const ErrorInfo& info : AllErrors()) {
    EXPECT_TRUE(names.insert(info.name).second) << info.name;
    EXPECT_TRUE(values.insert(info.value).second) << info.name;
    EXPECT_STREQ(jet_err_name(info.value), info.name);
    EXPECT_EQ(FindError(info.value), &info);
    EXPECT_EQ(FindError(std::string_view(info.name)), &info);
    EXPECT_STRNE(info.meaning, "");
  }
  EXPECT_STREQ(jet_err_name(-424242), "JET_err?");
  EXPECT_EQ(FindError(-424242), nullptr);
}

// The values esent.h must carry (facts page): a client compiled for
// esent.dll depends on them.
TEST(ErrorTable, HoldsEsentsValues) {
  const struct {
    const char* name;
    JET_ERR value;
  } expected[] = {
      {"JET_errSuccess", 0},
      {"JET_errRestoreInProgress", -506},
      {"JET_errTermInProgress", -1000},
      {"JET_errInvalidParameter", -1003},
      {"JET_errOutOfMemory", -1011},
      {"JET_errNotInitialized", -1029},
      {"JET_errAlreadyInitialized", -1030},
      {"JET_errNotInTransaction", -1054},
      {"JET_errTooManyActiveUsers", -1059},
      {"JET_errInstanceUnavailable", -1090},
      {"JET_errInstanceUnavailableDueToFatalLogDiskFull", -1092},
      {"JET_errOutOfSessions", -1101},
      {"JET_errTransTooDeep", -1103},
      {"JET_errInvalidSesid", -1104},
      {"JET_errInvalidInstance", -1115},
      {"JET_errLogWriteFail", -510},
      {"JET_errLogDiskFull", -529},
      {"JET_errSessionContextAlreadySet", -1912},
      {"JET_errSessionContextNotSetByThisThread", -1913},
      {"JET_errClientRequestToStopJetService", -1329},
      {"JET_errSessionSharingViolation", -1910},
      {"JET_errSessionInUse", -1914},
  };
  for (const auto& row : expected) {
    const ErrorInfo* info = FindError(std::string_view(row.name));
    ASSERT_NE(info, nullptr) << row.name;
    EXPECT_EQ(info->value, row.value) << row.name;
  }
  EXPECT_EQ(JET_errOutOfSessions, -1101);
  EXPECT_EQ(JET_paramMaxSessions, 5);
  EXPECT_EQ(JET_sesidNil, ~JET_SESID{0});
  EXPECT_EQ(JET_bitTermAbrupt, 0x2U);
  EXPECT_EQ(sizeof(JET_ERR), 4U);
}

TEST(Behavior, ProfilesAreSetsOfSwitches) {
  const Behavior documented = Behavior::For(Profile::kDocumented);
  const Behavior esent = Behavior::For(Profile::kEsent);
  std::set<std::string> names;
  int bugs = 0;
  for (const SwitchInfo& info : AllSwitches()) {
    EXPECT_TRUE(names.insert(info.name).second) << info.name;
    EXPECT_EQ(FindSwitch(info.name), info.id);
    EXPECT_FALSE(documented.Has(info.id)) << info.name;
    EXPECT_EQ(esent.Has(info.id), !info.is_bug) << info.name;
    bugs += info.is_bug ? 1 : 0;
  }
  EXPECT_GE(bugs, 1);
  EXPECT_TRUE(FindSwitch("race.slot-claim").has_value());
  EXPECT_EQ(FindProfile("esent"), Profile::kEsent);
  EXPECT_EQ(FindProfile("documented"), Profile::kDocumented);
  EXPECT_FALSE(FindProfile("Esent").has_value());
}

}  // namespace
}  // namespace jetsim::testing
