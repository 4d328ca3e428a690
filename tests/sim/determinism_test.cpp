// Same seed and build, same fingerprint; different seeds, different
// fingerprints; one flipped decision, a different fingerprint; a recorded
// decision list replays the case exactly.
#include <gtest/gtest.h>

#include <set>

#include "jetsim/scenarios/runner.h"

namespace jetsim::scenarios {
namespace {

constexpr std::uint64_t kSeeds = 1000;

CaseResult RunCase(std::uint64_t seed, sim::StrategyKind strategy = sim::StrategyKind::kRandom) {
  CaseOptions options;
  options.seed = seed;
  options.strategy = strategy;
  return RunSimulatedCase(options);
}

TEST(Determinism, SameSeedSameFingerprintOverAThousandSeeds) {
  for (const auto strategy : {sim::StrategyKind::kRandom, sim::StrategyKind::kPct}) {
    std::set<std::uint64_t> fingerprints;
    for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) {
      const CaseResult first = RunCase(seed, strategy);
      const CaseResult second = RunCase(seed, strategy);
      ASSERT_TRUE(first.passed) << "seed " << seed << ": " << Summarize(first);
      ASSERT_EQ(first.fingerprint, second.fingerprint) << "seed " << seed;
      ASSERT_EQ(first.decisions, second.decisions) << "seed " << seed;
      ASSERT_EQ(first.dup_results, second.dup_results) << "seed " << seed;
      fingerprints.insert(first.fingerprint);
    }
    // Distinct seeds give distinct fingerprints (almost all).
    EXPECT_GE(fingerprints.size(), kSeeds * 99 / 100) << sim::NameOf(strategy);
  }
}

TEST(Determinism, TheTraceNamesTheFirstDivergentStep) {
  CaseOptions options;
  options.seed = 7;
  options.keep_trace = true;
  const CaseResult a = RunSimulatedCase(options);
  const CaseResult b = RunSimulatedCase(options);
  EXPECT_FALSE(sim::FirstDivergence(a.events, b.events).has_value());
  options.seed = 8;
  const CaseResult c = RunSimulatedCase(options);
  const auto diverged = sim::FirstDivergence(a.events, c.events);
  ASSERT_TRUE(diverged.has_value());
  EXPECT_LT(*diverged, a.events.size());
  EXPECT_GT(a.events.size(), a.steps);  // decisions and calls both kept
}

TEST(Determinism, ARecordedDecisionListReplaysTheCase) {
  for (std::uint64_t seed = 1; seed <= 50; ++seed) {
    const CaseResult original = RunCase(seed);
    CaseOptions replay;
    replay.seed = seed;  // the programs come from the case seed, the schedule from the list
    replay.strategy = sim::StrategyKind::kReplay;
    replay.decisions = original.decisions;
    const CaseResult again = RunSimulatedCase(replay);
    EXPECT_FALSE(again.replay_diverged) << "seed " << seed;
    EXPECT_EQ(again.fingerprint, original.fingerprint) << "seed " << seed;
  }
}

TEST(Determinism, FlippingOneDecisionChangesTheFingerprint) {
  int flipped = 0;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    const CaseResult original = RunCase(seed);
    // Flip the decision at some step to another thread, keep the prefix.
    for (std::size_t step = original.decisions.size() / 2; step < original.decisions.size(); ++step) {
      CaseOptions replay;
      replay.seed = seed;
      replay.strategy = sim::StrategyKind::kReplay;
      replay.decisions.assign(original.decisions.begin(),
                              original.decisions.begin() + static_cast<long>(step) + 1);
      replay.decisions[step] = (replay.decisions[step] + 1) % 4;
      const CaseResult changed = RunSimulatedCase(replay);
      if (changed.replay_diverged) continue;  // that thread could not run there: try the next step
      EXPECT_NE(changed.fingerprint, original.fingerprint) << "seed " << seed << " step " << step;
      ++flipped;
      break;
    }
  }
  EXPECT_GE(flipped, 15);
}

}  // namespace
}  // namespace jetsim::scenarios
