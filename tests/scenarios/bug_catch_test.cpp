// The generated property suite must catch every deliberate bug (jetsim
// list bugs), under the pinned seed and four other fixed seeds, within
// 10,000 cases each (the asan preset runs the same: it takes seconds).
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "jetsim/behavior.h"
#include "program_gen.h"
#include "property_runner.h"

namespace jetsim::testing {
namespace {

constexpr int kMaxCases = 10'000;

std::vector<std::string> BugNames() {
  std::vector<std::string> names;
  for (const SwitchInfo& info : AllSwitches()) {
    // crash.* bugs end the process: the campaign's crash journal test
    // (tests/cli) catches those.
    if (info.is_bug && std::string_view(info.name).substr(0, 6) != "crash.") names.emplace_back(info.name);
  }
  return names;
}

class BugCatch : public ::testing::TestWithParam<std::string> {};

TEST_P(BugCatch, GeneratedPropertiesCatchIt) {
  const std::string bug = GetParam();
  const std::vector<std::uint64_t> seeds = {PinnedSeed(), 1, 2, 3, 4};
  for (std::size_t i = 0; i < seeds.size(); ++i) {
    // Shrinking shows the minimal failing case once; the other seeds only
    // have to find one.
    const bool shrink_this = i == 0;
    const PropertyRun run = RunProperty(seeds[i], kMaxCases, shrink_this, [&] {
      GeneratedCaseHolds(Profile::kDocumented, {bug}, true, nullptr);
    });
    std::printf("%-32s seed %-20llu %s after %5d cases in %6.2f s\n", bug.c_str(),
                static_cast<unsigned long long>(seeds[i]), run.failed ? "caught" : "MISSED", run.cases,
                run.seconds);
    if (shrink_this && run.failed) std::printf("%s\n", run.message.c_str());
    EXPECT_TRUE(run.failed) << bug << " was not caught under seed " << seeds[i] << " in " << kMaxCases
                            << " cases";
  }
}

INSTANTIATE_TEST_SUITE_P(EveryBug, BugCatch, ::testing::ValuesIn(BugNames()),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                           std::string name;
                           for (const char c : param.param)
                             name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
                           return name;
                         });

}  // namespace
}  // namespace jetsim::testing
