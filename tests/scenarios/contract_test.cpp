// The contract data file agrees with the page and with esent.h's values,
// and its check orders name only conditions the oracle knows.
#include "jetsim/scenarios/contract.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "jetsim/errors.h"
#include "jetsim/scenarios/outcome.h"

namespace jetsim::testing {
namespace {

using scenarios::DupContract;

TEST(Contract, ListsThePagesNineCodesWithEsentHValues) {
  const auto& codes = DupContract().codes;
  ASSERT_EQ(codes.size(), 9U);
  std::set<JET_ERR> values;
  for (const scenarios::ContractCode& code : codes) {
    const ErrorInfo* known = FindError(code.name);
    ASSERT_NE(known, nullptr) << code.name;
    EXPECT_EQ(known->value, code.value) << code.name;
    EXPECT_FALSE(code.meaning.empty()) << code.name;
    EXPECT_FALSE(code.page_zh.empty()) << code.name;
    values.insert(code.value);
  }
  // The outcome classes' list of documented codes is the same set.
  const auto documented = scenarios::DocumentedDupCodes();
  EXPECT_EQ(values, std::set<JET_ERR>(documented.begin(), documented.end()));
}

TEST(Contract, OtherCodesAreEsentHCodesOutsideThePage) {
  for (const scenarios::ContractCode& code : DupContract().other_codes) {
    const ErrorInfo* known = FindError(code.name);
    ASSERT_NE(known, nullptr) << code.name;
    EXPECT_EQ(known->value, code.value) << code.name;
    EXPECT_FALSE(DupContract().IsDocumented(code.value)) << code.name;
  }
}

TEST(Contract, EachProfileOrderChecksEveryConditionOnce) {
  for (const Profile profile : {Profile::kDocumented, Profile::kEsent}) {
    std::set<std::string> seen;
    for (const scenarios::ContractCheck& check : DupContract().order(profile)) {
      EXPECT_TRUE(seen.insert(check.when).second) << check.when << " twice in " << NameOf(profile);
    }
    for (const auto& [condition, meaning] : DupContract().conditions) {
      // esent has no restore check on a live instance (its restore never runs online).
      if (profile == Profile::kEsent && condition == "restore") continue;
      EXPECT_EQ(seen.count(condition), 1U) << condition << " missing from " << NameOf(profile);
    }
  }
}

TEST(Contract, DocumentedOrderReturnsOnlyPageCodesOrMisuse) {
  for (const scenarios::ContractCheck& check : DupContract().documented_order) {
    EXPECT_TRUE(DupContract().IsDocumented(check.code) || check.misuse) << check.when;
    EXPECT_TRUE(check.deviation.empty()) << check.when;
  }
}

TEST(Contract, EveryDeviationIsShownByARowOrIsTheRestoreRefusal) {
  for (const scenarios::ContractDeviation& deviation : DupContract().deviations) {
    bool shown = deviation.id == "restore-unreachable";
    for (const scenarios::ContractCheck& check : DupContract().esent_order)
      shown = shown || check.deviation == deviation.id;
    EXPECT_TRUE(shown) << deviation.id;
    EXPECT_FALSE(deviation.reason.empty()) << deviation.id;
  }
}

}  // namespace
}  // namespace jetsim::testing
