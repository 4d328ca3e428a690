// The named sites: enumerable, unique, and placed where preemption matters
// (between each check and the slot claim, inside term's teardown).
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "test_support.h"

namespace jetsim::testing {
namespace {

// Records the yield points a call passes, in order.
class RecordingPlatform final : public PlatformWrapper {
 public:
  using PlatformWrapper::PlatformWrapper;
  void Yield(Site point) override {
    yields.emplace_back(NameOf(point));
    PlatformWrapper::Yield(point);
  }
  void* Allocate(std::size_t bytes, Site site) override {
    allocations.emplace_back(NameOf(site));
    return PlatformWrapper::Allocate(bytes, site);
  }
  std::vector<std::string> yields;
  std::vector<std::string> allocations;
};

TEST(Sites, AreEnumerableWithUniqueNames) {
  std::set<std::string> names;
  std::set<SiteKind> kinds;
  for (const SiteInfo& info : AllSites()) {
    EXPECT_TRUE(names.insert(info.name).second) << "duplicate site " << info.name;
    EXPECT_EQ(FindSite(info.name), info.site);
    EXPECT_EQ(&InfoOf(info.site), &info);
    EXPECT_STRNE(info.why, "");
    kinds.insert(info.kind);
  }
  EXPECT_EQ(kinds.size(), 3U);
  EXPECT_FALSE(FindSite("no.such.site").has_value());
}

TEST(Sites, TheSessionPathHasAYieldBetweenEachCheckAndTheClaim) {
  for (const char* name :
       {"pib.check.process", "pib.check.stop", "pib.check.unavailable", "pib.check.term", "pib.check.restore",
        "pib.check.sharing", "pib.claim", "term.begin", "term.teardown.session", "term.teardown.instance"}) {
    const auto site = FindSite(name);
    ASSERT_TRUE(site.has_value()) << name;
    EXPECT_EQ(InfoOf(*site).kind, SiteKind::kYield) << name;
  }
  for (const char* name : {"pib.alloc", "pib.table", "inst.alloc", "inst.table", "init.log-buffer"}) {
    const auto site = FindSite(name);
    ASSERT_TRUE(site.has_value()) << name;
    EXPECT_EQ(InfoOf(*site).kind, SiteKind::kAlloc) << name;
  }
}

class SiteOrder : public ::testing::TestWithParam<Profile> {
 protected:
  ThreadPlatform real_;
  RecordingPlatform platform_{real_};
  Engine engine_{platform_};
  ScopedCurrentEngine current_{engine_};
};
JETSIM_BOTH_PROFILES(SiteOrder);

TEST_P(SiteOrder, DupPassesEveryCheckThenAllocatesThenClaims) {
  ASSERT_JET(JET_errSuccess, engine_.SetProfile(GetParam()));
  JET_INSTANCE instance = 0;
  ASSERT_JET(JET_errSuccess, JetCreateInstance(&instance, nullptr));
  ASSERT_JET(JET_errSuccess, JetInit(&instance));
  JET_SESID source = 0;
  ASSERT_JET(JET_errSuccess, JetBeginSession(instance, &source, nullptr, nullptr));
  platform_.yields.clear();
  platform_.allocations.clear();
  JET_SESID dup = 0;
  ASSERT_JET(JET_errSuccess, JetDupSession(source, &dup));
  std::vector<std::string> expected = {"pib.check.process", "pib.check.stop", "pib.check.unavailable",
                                       "pib.check.term"};
  if (GetParam() == Profile::kDocumented) expected.emplace_back("pib.check.restore");
  expected.emplace_back("pib.check.sharing");
  expected.emplace_back("pib.claim");
  EXPECT_EQ(platform_.yields, expected);
  EXPECT_EQ(platform_.allocations, std::vector<std::string>{"pib.alloc"});
}

TEST_P(SiteOrder, TermYieldsBetweenSessionsOfItsTeardown) {
  ASSERT_JET(JET_errSuccess, engine_.SetProfile(GetParam()));
  JET_INSTANCE instance = 0;
  ASSERT_JET(JET_errSuccess, JetCreateInstance(&instance, nullptr));
  ASSERT_JET(JET_errSuccess, JetInit(&instance));
  for (int i = 0; i < 3; ++i) {
    JET_SESID sesid = 0;
    ASSERT_JET(JET_errSuccess, JetBeginSession(instance, &sesid, nullptr, nullptr));
  }
  platform_.yields.clear();
  ASSERT_JET(JET_errSuccess, JetTerm2(instance, JET_bitTermComplete));
  const std::vector<std::string> expected = {"term.begin",
                                             "term.flush",
                                             "term.teardown.session",
                                             "term.teardown.session",
                                             "term.teardown.session",
                                             "term.teardown.instance"};
  EXPECT_EQ(platform_.yields, expected);
}

}  // namespace
}  // namespace jetsim::testing
