// FaultyPlatform fails exactly the allocations and log writes its plan
// names, and passes everything else through.
#include "jetsim/faults/faulty_platform.h"

#include <gtest/gtest.h>

#include <vector>

#include "jetsim/thread_platform.h"

namespace jetsim::faults {
namespace {

Fault AllocFault(std::uint64_t nth, AllocMode mode, std::optional<Site> site = std::nullopt) {
  Fault fault;
  fault.kind = FaultKind::kAlloc;
  fault.nth = nth;
  fault.mode = mode;
  fault.site = site;
  return fault;
}

// Allocates `count` blocks at `site`; true where the allocation failed.
std::vector<bool> Failures(FaultyPlatform& platform, int count, Site site = Site::kPibAlloc) {
  std::vector<bool> failed;
  for (int i = 0; i < count; ++i) {
    void* block = platform.Allocate(16, site);
    failed.push_back(block == nullptr);
    if (block != nullptr) platform.Free(block, 16, site);
  }
  return failed;
}

TEST(FaultyPlatform, TransientFailsOnlyTheNth) {
  ThreadPlatform real;
  FaultyPlatform platform(real, FaultPlan{{AllocFault(3, AllocMode::kTransient)}}, 1, {});
  EXPECT_EQ(Failures(platform, 5), (std::vector<bool>{false, false, true, false, false}));
  ASSERT_EQ(platform.firings().size(), 1U);
  EXPECT_EQ(platform.allocations(), 5U);
  EXPECT_EQ(real.live_blocks(), 0);
}

TEST(FaultyPlatform, PersistentFailsFromTheNthOn) {
  ThreadPlatform real;
  FaultyPlatform platform(real, FaultPlan{{AllocFault(2, AllocMode::kPersistent)}}, 1, {});
  EXPECT_EQ(Failures(platform, 4), (std::vector<bool>{false, true, true, true}));
}

TEST(FaultyPlatform, ASiteFaultCountsOnlyItsSite) {
  ThreadPlatform real;
  FaultyPlatform platform(real, FaultPlan{{AllocFault(2, AllocMode::kTransient, Site::kPibTable)}}, 1, {});
  EXPECT_EQ(Failures(platform, 3, Site::kPibAlloc), (std::vector<bool>{false, false, false}));
  EXPECT_EQ(Failures(platform, 3, Site::kPibTable), (std::vector<bool>{false, true, false}));
  EXPECT_EQ(platform.reached(Site::kPibTable), 3U);
  EXPECT_EQ(platform.reached(Site::kPibAlloc), 3U);
}

TEST(FaultyPlatform, ProbabilityIsSeededAndRepeatable) {
  Fault fault;
  fault.kind = FaultKind::kAlloc;
  fault.probability_ppm = 300'000;
  ThreadPlatform real;
  FaultyPlatform a(real, FaultPlan{{fault}}, 42, {});
  FaultyPlatform b(real, FaultPlan{{fault}}, 42, {});
  const std::vector<bool> first = Failures(a, 200);
  EXPECT_EQ(first, Failures(b, 200));
  const auto failed = std::count(first.begin(), first.end(), true);
  EXPECT_GT(failed, 30);
  EXPECT_LT(failed, 100);
}

TEST(FaultyPlatform, AFatalFaultFailsTheFirstWriteAtOrAfterItsStep) {
  Fault fault;
  fault.kind = FaultKind::kFatal;
  fault.variant = Variant::kFatalLogDiskFull;
  fault.step = 10;
  std::uint64_t step = 0;
  std::vector<Firing> fired;
  ThreadPlatform real;
  FaultyPlatform platform(
      real, FaultPlan{{fault}}, 1, [&] { return step; },
      [&](const Firing& firing) { fired.push_back(firing); });
  EXPECT_EQ(platform.WriteLog(64, Site::kLogCommit), IoResult::kOk);
  step = 12;
  EXPECT_EQ(platform.WriteLog(64, Site::kLogCommit), IoResult::kDiskFull);
  EXPECT_EQ(platform.WriteLog(64, Site::kLogCommit), IoResult::kOk);  // once
  ASSERT_EQ(fired.size(), 1U);
  EXPECT_EQ(fired[0].step, 12U);
  EXPECT_EQ(fired[0].site, Site::kLogCommit);
}

}  // namespace
}  // namespace jetsim::faults
