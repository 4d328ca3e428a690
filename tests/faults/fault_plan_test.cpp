// Fault plans: JSON in and out, stable ids, and one clear error for each
// kind of bad file.
#include "jetsim/faults/fault_plan.h"

#include <gtest/gtest.h>

#include <string>
#include <variant>

namespace jetsim::faults {
namespace {

FaultPlan Parse(const std::string& text) {
  auto parsed = ParseFaultPlan(text);
  if (auto* error = std::get_if<PlanError>(&parsed)) ADD_FAILURE() << "unexpected error: " << error->message;
  return std::get_if<FaultPlan>(&parsed) != nullptr ? std::get<FaultPlan>(parsed) : FaultPlan{};
}

std::string Error(const std::string& text) {
  auto parsed = ParseFaultPlan(text);
  if (std::holds_alternative<FaultPlan>(parsed)) {
    ADD_FAILURE() << "accepted: " << text;
    return "";
  }
  return std::get<PlanError>(parsed).message;
}

TEST(FaultPlan, ParsesEveryKindAndGivesStableIds) {
  const FaultPlan plan = Parse(R"({"format_version": 1, "faults": [
      {"kind": "alloc", "nth": 3, "site": "pib.alloc"},
      {"kind": "alloc", "nth": 41, "mode": "persistent"},
      {"kind": "alloc", "probability": 0.05},
      {"kind": "term", "variant": "abrupt", "step": 120},
      {"kind": "term", "variant": "complete", "step": 5},
      {"kind": "stop", "step": 7},
      {"kind": "restore", "step": 9},
      {"kind": "fatal", "variant": "logdiskfull", "step": 33},
      {"kind": "fatal", "step": 34},
      {"kind": "misuse", "variant": "null-psesid", "nth": 2}]})");
  std::vector<std::string> ids;
  for (const Fault& fault : plan.faults) ids.push_back(fault.Id());
  const std::vector<std::string> expected = {"alloc@pib.alloc#3",     "alloc@#41+",
                                             "alloc@#p0.05",          "term.abrupt@step120",
                                             "term.complete@step5",   "stop@step7",
                                             "restore@step9",         "fatal.logdiskfull@step33",
                                             "fatal.logwrite@step34", "misuse.null-psesid@dup2"};
  EXPECT_EQ(ids, expected);
}

TEST(FaultPlan, RoundTripsThroughJson) {
  const FaultPlan plan = Parse(R"({"format_version": 1, "faults": [
      {"kind": "alloc", "nth": 3, "site": "pib.table", "mode": "persistent"},
      {"kind": "alloc", "probability": 0.25},
      {"kind": "term", "variant": "dirty", "step": 12},
      {"kind": "misuse", "variant": "stale-handle", "nth": 4}]})");
  const FaultPlan again = Parse(plan.ToJson());
  ASSERT_EQ(again.faults.size(), plan.faults.size());
  for (std::size_t i = 0; i < plan.faults.size(); ++i) EXPECT_EQ(again.faults[i].Id(), plan.faults[i].Id());
  EXPECT_EQ(Parse(R"({"format_version": 1, "faults": []})").faults.size(), 0U);
}

TEST(FaultPlan, BadFilesGiveOneClearError) {
  EXPECT_EQ(Error(""), "fault plan is not valid JSON");
  EXPECT_EQ(Error("{\"format_version\": 1, \"faults\": ["), "fault plan is not valid JSON");
  EXPECT_EQ(Error(std::string("\x7f\x45\x4c\x46\x00\x01", 6)), "fault plan is not valid JSON");
  EXPECT_EQ(Error("[]"), "fault plan must be a JSON object");
  EXPECT_EQ(Error(R"({"faults": []})"), "fault plan has no integer 'format_version'");
  EXPECT_EQ(Error(R"({"format_version": 2, "faults": []})"),
            "fault plan format_version 2 is not supported (expected 1)");
  EXPECT_EQ(Error(R"({"format_version": 1})"), "fault plan has no 'faults' array");
  EXPECT_EQ(Error(std::string(100000, '[')), "fault plan is nested too deeply");
  EXPECT_EQ(Error(R"({"format_version": 1, "faults": [{"kind": "meteor", "step": 1}]})"),
            "faults[0]: unknown kind 'meteor' (alloc, term, stop, restore, fatal, misuse)");
  EXPECT_EQ(Error(R"({"format_version": 1, "faults": [{"kind": "alloc", "nth": 1, "site": "nowhere"}]})"),
            "faults[0]: unknown allocation site 'nowhere' (see jetsim list sites)");
  EXPECT_EQ(Error(R"({"format_version": 1, "faults": [{"kind": "alloc", "nth": 1, "site": "pib.claim"}]})"),
            "faults[0]: unknown allocation site 'pib.claim' (see jetsim list sites)");
  EXPECT_EQ(Error(R"({"format_version": 1, "faults": [{"kind": "alloc", "nth": -3}]})"),
            "faults[0]: 'nth' must be a whole number from 1 to 1000000000");
  EXPECT_EQ(Error(R"({"format_version": 1, "faults": [{"kind": "alloc", "nth": 0}]})"),
            "faults[0]: 'nth' must be a whole number from 1 to 1000000000");
  EXPECT_EQ(Error(R"({"format_version": 1, "faults": [{"kind": "alloc", "nth": 2.5}]})"),
            "faults[0]: 'nth' must be a whole number from 1 to 1000000000");
  EXPECT_EQ(Error(R"({"format_version": 1, "faults": [{"kind": "alloc"}]})"),
            "faults[0]: an alloc fault needs exactly one of 'nth' and 'probability'");
  EXPECT_EQ(Error(R"({"format_version": 1, "faults": [{"kind": "alloc", "probability": 1.5}]})"),
            "faults[0]: 'probability' must be a number in (0, 1]");
  EXPECT_EQ(Error(R"({"format_version": 1, "faults": [{"kind": "alloc", "nth": 1, "mode": "sometimes"}]})"),
            "faults[0]: 'mode' must be \"transient\" or \"persistent\"");
  EXPECT_EQ(Error(R"({"format_version": 1, "faults": [{"kind": "term"}]})"),
            "faults[0]: a term fault needs 'step'");
  EXPECT_EQ(Error(R"({"format_version": 1, "faults": [{"kind": "term", "variant": "gentle", "step": 1}]})"),
            "faults[0]: unknown variant 'gentle' for kind term");
  EXPECT_EQ(Error(R"({"format_version": 1, "faults": [{"kind": "stop", "step": 1, "when": 2}]})"),
            "faults[0]: field 'when' does not belong to a stop fault");
  EXPECT_EQ(Error(R"({"format_version": 1, "faults": [{"kind": "term", "step": 5, "nth": 3}]})"),
            "faults[0]: field 'nth' does not belong to a term fault");
  EXPECT_EQ(Error(R"({"format_version": 1, "faults": [{"kind": "alloc", "nth": 2, "step": 3}]})"),
            "faults[0]: field 'step' does not belong to a alloc fault");
  EXPECT_EQ(Error(R"({"format_version": 1, "faults": [{"kind": "misuse", "nth": 1}]})"),
            "faults[0]: a misuse fault needs a 'variant'");
  EXPECT_EQ(Error(R"({"format_version": 1, "faults": [7]})"), "faults[0] is not an object");
}

}  // namespace
}  // namespace jetsim::faults

namespace jetsim::faults {
namespace {

// Values echoed in error messages stay on one line and short.
TEST(Quoted, EscapesControlCharactersAndQuotesAndTruncates) {
  EXPECT_EQ(Quoted("meteor"), "'meteor'");
  EXPECT_EQ(Quoted("a\nb"), "'a\\nb'");
  EXPECT_EQ(Quoted(std::string("a\x01"
                               "b\x7f",
                               4)),
            "'a\\x01b\\x7f'");
  EXPECT_EQ(Quoted("it's"), "'it\\'s'");
  EXPECT_EQ(Quoted(std::string(100, 'x')), "'" + std::string(64, 'x') + "...'");
  const auto parsed = ParseFaultPlan(R"({"format_version": 1, "faults": [{"kind": "me\nteor"}]})");
  ASSERT_TRUE(std::holds_alternative<PlanError>(parsed));
  EXPECT_EQ(std::get<PlanError>(parsed).message.find('\n'), std::string::npos);
}

}  // namespace
}  // namespace jetsim::faults
