// The generated property suites (program_gen.h) in both profiles, with the
// seed ./check pins, and the contract coverage they reach: every documented
// code in the documented profile, every expected deviation in esent.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "program_gen.h"
#include "property_runner.h"

namespace jetsim::testing {
namespace {

// Cases per profile; JETSIM_PROPERTY_CASES overrides (longer runs by hand).
int CaseCount() {
  const char* text = std::getenv("JETSIM_PROPERTY_CASES");
  if (text != nullptr && std::atoi(text) > 0) return std::atoi(text);
  return 3000;
}

void RunSuite(Profile profile, scenarios::ContractCoverage& coverage) {
  const PropertyRun run =
      RunProperty(PinnedSeed(), CaseCount(), true, [&] { GeneratedCaseHolds(profile, {}, true, &coverage); });
  std::printf("%s profile: %d cases in %.2f s (seed %llu)\n%s", std::string(NameOf(profile)).c_str(),
              run.cases, run.seconds, static_cast<unsigned long long>(PinnedSeed()),
              coverage.Table().c_str());
  EXPECT_FALSE(run.failed) << run.message;
  EXPECT_FALSE(run.gave_up) << run.message;
}

TEST(Properties, DocumentedProfileHoldsAndReachesEveryDocumentedCode) {
  scenarios::ContractCoverage coverage;
  RunSuite(Profile::kDocumented, coverage);
  for (const scenarios::ContractCode& code : scenarios::DupContract().codes) {
    EXPECT_GT(coverage.documented_codes[code.value], 0U) << "never produced: " << code.name;
  }
}

TEST(Properties, EsentProfileHoldsAndShowsEveryDeviation) {
  scenarios::ContractCoverage coverage;
  RunSuite(Profile::kEsent, coverage);
  for (const scenarios::ContractDeviation& deviation : scenarios::DupContract().deviations) {
    EXPECT_EQ(coverage.deviations_seen.count(deviation.id), 1U) << "never seen: " << deviation.id;
  }
}

}  // namespace
}  // namespace jetsim::testing
