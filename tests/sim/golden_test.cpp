// Fingerprints pinned in golden_fingerprints.txt: the release build (g++)
// and the asan build (clang) must both reproduce them, so the two builds
// give identical fingerprints (faulted scenarios included: they found an
// argument-evaluation-order difference once). An intended change to the engine, the
// scheduler or dup-basic changes them: regenerate with
//   JETSIM_UPDATE_GOLDEN=1 build/release/tests/sim/sim_tests --gtest_filter='Golden.*'
// and say why in the commit.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "jetsim/scenarios/runner.h"

#ifndef JETSIM_GOLDEN_FILE
#error "JETSIM_GOLDEN_FILE must name tests/sim/golden_fingerprints.txt"
#endif

namespace jetsim::scenarios {
namespace {

std::vector<std::string> CurrentLines() {
  std::vector<std::string> lines;
  for (const char* scenario : {"dup-basic", "dup-oom", "mixed"}) {
    for (const auto strategy : {sim::StrategyKind::kRandom, sim::StrategyKind::kPct}) {
      for (const Profile profile : {Profile::kDocumented, Profile::kEsent}) {
        for (std::uint64_t seed = 1; seed <= 25; ++seed) {
          CaseOptions options;
          options.scenario = scenario;
          options.seed = seed;
          options.strategy = strategy;
          options.profile = profile;
          const CaseResult result = RunSimulatedCase(options);
          std::ostringstream line;
          line << scenario << ' ' << NameOf(profile) << ' ' << sim::NameOf(strategy) << ' ' << seed << ' '
               << sim::FormatFingerprint(result.fingerprint);
          lines.push_back(line.str());
        }
      }
    }
  }
  return lines;
}

TEST(Golden, FingerprintsMatchTheCheckedInFile) {
  const std::vector<std::string> current = CurrentLines();
  if (std::getenv("JETSIM_UPDATE_GOLDEN") != nullptr) {
    std::ofstream out(JETSIM_GOLDEN_FILE, std::ios::trunc);
    out << "# scenario profile strategy seed fingerprint (see tests/sim/golden_test.cpp)\n";
    for (const std::string& line : current) out << line << '\n';
    GTEST_SKIP() << "rewrote " << JETSIM_GOLDEN_FILE;
  }
  std::ifstream in(JETSIM_GOLDEN_FILE);
  ASSERT_TRUE(in) << "cannot read " << JETSIM_GOLDEN_FILE;
  std::vector<std::string> golden;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] != '#') golden.push_back(line);
  }
  ASSERT_EQ(golden.size(), current.size());
  for (std::size_t i = 0; i < golden.size(); ++i) EXPECT_EQ(current[i], golden[i]);
}

}  // namespace
}  // namespace jetsim::scenarios
