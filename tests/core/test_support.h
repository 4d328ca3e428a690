// Shared fixtures for the core tests: an engine on a ThreadPlatform seen
// through a HookPlatform, which lets a test run code at a named yield point
// (another call, on this or another real thread), fail an allocation at a
// site, or fail the log device. These are test doubles; the fault layer's
// FaultyPlatform is the general tool.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "jetsim/engine.h"
#include "jetsim/errors.h"
#include "jetsim/esent.h"
#include "jetsim/thread_platform.h"

namespace jetsim::testing {

class HookPlatform final : public PlatformWrapper {
 public:
  explicit HookPlatform(Platform& target) : PlatformWrapper(target) {}

  // Runs `hook` once, the first time any thread reaches `point`. Several
  // hooks may wait at different points (and threads) at once.
  void OnceAt(Site point, std::function<void()> hook) {
    const std::lock_guard<std::mutex> guard(mutex_);
    hooks_.emplace_back(point, std::move(hook));
  }
  // Fails the next `count` allocations at `site`.
  void FailAllocations(Site site, int count = 1) {
    fail_site_ = site;
    fail_count_ = count;
  }
  // Every log write from now on returns `result`.
  void SetLogResult(IoResult result) { log_result_ = result; }
  // Runs `hook` once, inside the next log write (before its result).
  void OnLogWrite(std::function<void()> hook) { on_log_write_ = std::move(hook); }

  // How often any thread reached `point`.
  std::uint64_t yields_at(Site point) {
    const std::lock_guard<std::mutex> guard(mutex_);
    return yields_[static_cast<std::size_t>(point)];
  }

  void Yield(Site point) override {
    std::function<void()> hook;
    {
      const std::lock_guard<std::mutex> guard(mutex_);
      ++yields_[static_cast<std::size_t>(point)];
      for (auto it = hooks_.begin(); it != hooks_.end(); ++it) {
        if (it->first == point) {
          hook = std::move(it->second);
          hooks_.erase(it);
          break;
        }
      }
    }
    if (hook) hook();
    PlatformWrapper::Yield(point);
  }
  void* Allocate(std::size_t bytes, Site site) override {
    if (fail_count_ > 0 && fail_site_ == site) {
      --fail_count_;
      return nullptr;
    }
    return PlatformWrapper::Allocate(bytes, site);
  }
  IoResult WriteLog(std::size_t bytes, Site site) override {
    if (on_log_write_) {
      auto hook = std::move(on_log_write_);
      on_log_write_ = nullptr;
      hook();
    }
    if (log_result_ != IoResult::kOk) return log_result_;
    return PlatformWrapper::WriteLog(bytes, site);
  }

 private:
  std::mutex mutex_;
  std::vector<std::pair<Site, std::function<void()>>> hooks_;
  std::vector<std::uint64_t> yields_ = std::vector<std::uint64_t>(AllSites().size());
  std::optional<Site> fail_site_;
  int fail_count_ = 0;
  IoResult log_result_ = IoResult::kOk;
  std::function<void()> on_log_write_;
};

// Compares codes by the error table's names, so failures read well.
inline ::testing::AssertionResult JetEq(const char* expected_expr, const char* actual_expr, JET_ERR expected,
                                        JET_ERR actual) {
  if (expected == actual) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << actual_expr << " returned " << jet_err_name(actual) << " (" << actual << "), expected "
         << expected_expr << " = " << jet_err_name(expected) << " (" << expected << ")";
}
#define EXPECT_JET(expected, call) EXPECT_PRED_FORMAT2(::jetsim::testing::JetEq, expected, call)
#define ASSERT_JET(expected, call) ASSERT_PRED_FORMAT2(::jetsim::testing::JetEq, expected, call)

// An engine of its own per test, current on the test's thread.
class EngineTest : public ::testing::Test {
 protected:
  explicit EngineTest(Profile profile = Profile::kDocumented) : profile_(profile) {
    EXPECT_JET(JET_errSuccess, engine_.SetProfile(profile));
  }

  [[nodiscard]] Profile profile() const { return profile_; }
  [[nodiscard]] bool esent() const { return profile_ == Profile::kEsent; }
  // The code this profile gives: `documented` or `esent_code`.
  [[nodiscard]] JET_ERR Pick(JET_ERR documented, JET_ERR esent_code) const {
    return esent() ? esent_code : documented;
  }

  // A created, configured and initialized instance.
  JET_INSTANCE StartInstance(JET_API_PTR max_sessions = 16, const char* name = nullptr) {
    JET_INSTANCE instance = 0;
    EXPECT_JET(JET_errSuccess, JetCreateInstance(&instance, name));
    EXPECT_JET(JET_errSuccess,
               JetSetSystemParameter(&instance, 0, JET_paramMaxSessions, max_sessions, nullptr));
    EXPECT_JET(JET_errSuccess, JetInit(&instance));
    return instance;
  }
  JET_SESID Begin(JET_INSTANCE instance) {
    JET_SESID sesid = 0;
    EXPECT_JET(JET_errSuccess, JetBeginSession(instance, &sesid, nullptr, nullptr));
    return sesid;
  }
  // Calls `dup` (a JetDupSession) so that another thread's JetTerm(instance)
  // begins while it waits at the slot claim (pib.claim): the term's flag is
  // set before the claim re-checks it. The term waits for the call to leave
  // the engine, so it runs on a thread joined only afterwards. Returns the
  // call's result; *term_result gets the term's.
  JET_ERR DupWhileATermBegins(JET_INSTANCE instance, const std::function<JET_ERR()>& dup,
                              JET_ERR* term_result) {
    std::atomic<bool> term_flagged{false};
    std::thread terminator;
    platform_.OnceAt(Site::kPibClaim, [&] {
      platform_.OnceAt(Site::kTermBegin, [&] { term_flagged = true; });
      terminator = std::thread([&] {
        ScopedCurrentEngine current(engine_);
        *term_result = JetTerm(instance);
      });
      while (!term_flagged) std::this_thread::yield();
    });
    const JET_ERR err = dup();
    terminator.join();
    return err;
  }
  // Runs `fn` on a new real thread with this engine current, and waits.
  void OnOtherThread(const std::function<void()>& fn) {
    std::thread other([&] {
      ScopedCurrentEngine current(engine_);
      fn();
    });
    other.join();
  }

  ThreadPlatform real_;
  HookPlatform platform_{real_};
  Engine engine_{platform_};
  ScopedCurrentEngine current_{engine_};

 private:
  Profile profile_;
};

// The same tests once per profile.
class ProfileTest : public EngineTest, public ::testing::WithParamInterface<Profile> {
 protected:
  ProfileTest() : EngineTest(GetParam()) {}
};

inline std::string ProfileName(const ::testing::TestParamInfo<Profile>& info) {
  return std::string(NameOf(info.param));
}

#define JETSIM_BOTH_PROFILES(suite)                                                                   \
  INSTANTIATE_TEST_SUITE_P(Profiles, suite, ::testing::Values(Profile::kDocumented, Profile::kEsent), \
                           ::jetsim::testing::ProfileName)

}  // namespace jetsim::testing
