// The engine allocates only through Platform::Allocate (DESIGN.md
// "Decisions", Allocation): this file replaces the global operator new and
// delete of the whole test program with counting versions, armed per thread
// only around API calls, and runs a long sequence of esent.h calls —
// successes and failures, on two threads, through a term that waits for a
// call still inside — that must not reach operator new or delete at all.
//
// Nothing inside an armed scope may allocate on its own: results go into
// fixed arrays and are checked with gtest after disarming.
#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <thread>

#include "jetsim/engine.h"
#include "jetsim/errors.h"
#include "jetsim/esent.h"
#include "jetsim/platform.h"
#include "jetsim/thread_platform.h"
#include "test_support.h"

namespace {

// Constant-initialized, so reading it from operator new is always safe.
thread_local bool t_counting = false;
std::atomic<std::int64_t> g_counted_news{0};
std::atomic<std::int64_t> g_counted_deletes{0};

void* CountedAllocate(std::size_t bytes) {
  if (t_counting) g_counted_news.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(bytes == 0 ? 1 : bytes);
}

void* CountedAllocateAligned(std::size_t bytes, std::align_val_t alignment) {
  if (t_counting) g_counted_news.fetch_add(1, std::memory_order_relaxed);
  auto align = static_cast<std::size_t>(alignment);
  if (align < sizeof(void*)) align = sizeof(void*);
  const std::size_t rounded = (bytes + align - 1) / align * align;
  return std::aligned_alloc(align, rounded == 0 ? align : rounded);
}

void CountedFree(void* block) {
  if (block == nullptr) return;
  if (t_counting) g_counted_deletes.fetch_add(1, std::memory_order_relaxed);
  std::free(block);
}

void* OrThrow(void* block) {
  if (block == nullptr) throw std::bad_alloc();
  return block;
}

}  // namespace

// The replaceable global allocation functions ([new.delete]), all of them.
void* operator new(std::size_t bytes) { return OrThrow(CountedAllocate(bytes)); }
void* operator new[](std::size_t bytes) { return OrThrow(CountedAllocate(bytes)); }
void* operator new(std::size_t bytes, const std::nothrow_t&) noexcept { return CountedAllocate(bytes); }
void* operator new[](std::size_t bytes, const std::nothrow_t&) noexcept { return CountedAllocate(bytes); }
void* operator new(std::size_t bytes, std::align_val_t alignment) {
  return OrThrow(CountedAllocateAligned(bytes, alignment));
}
void* operator new[](std::size_t bytes, std::align_val_t alignment) {
  return OrThrow(CountedAllocateAligned(bytes, alignment));
}
void* operator new(std::size_t bytes, std::align_val_t alignment, const std::nothrow_t&) noexcept {
  return CountedAllocateAligned(bytes, alignment);
}
void* operator new[](std::size_t bytes, std::align_val_t alignment, const std::nothrow_t&) noexcept {
  return CountedAllocateAligned(bytes, alignment);
}
void operator delete(void* block) noexcept { CountedFree(block); }
void operator delete[](void* block) noexcept { CountedFree(block); }
void operator delete(void* block, std::size_t) noexcept { CountedFree(block); }
void operator delete[](void* block, std::size_t) noexcept { CountedFree(block); }
void operator delete(void* block, const std::nothrow_t&) noexcept { CountedFree(block); }
void operator delete[](void* block, const std::nothrow_t&) noexcept { CountedFree(block); }
void operator delete(void* block, std::align_val_t) noexcept { CountedFree(block); }
void operator delete[](void* block, std::align_val_t) noexcept { CountedFree(block); }
void operator delete(void* block, std::size_t, std::align_val_t) noexcept { CountedFree(block); }
void operator delete[](void* block, std::size_t, std::align_val_t) noexcept { CountedFree(block); }
void operator delete(void* block, std::align_val_t, const std::nothrow_t&) noexcept { CountedFree(block); }
void operator delete[](void* block, std::align_val_t, const std::nothrow_t&) noexcept { CountedFree(block); }

namespace jetsim::testing {
namespace {

// Counts global operator new/delete on the calling thread while alive.
class CountingScope {
 public:
  CountingScope() { t_counting = true; }
  ~CountingScope() { t_counting = false; }
  CountingScope(const CountingScope&) = delete;
  CountingScope& operator=(const CountingScope&) = delete;
};

// Counts the engine's platform allocations; fails allocations at one site on
// request; and can hold one thread inside JetBeginTransaction until a term
// has begun, so the term must wait for that call.
class CountingPlatform final : public PlatformWrapper {
 public:
  using PlatformWrapper::PlatformWrapper;

  void* Allocate(std::size_t bytes, Site site) override {
    allocations.fetch_add(1);
    if (fail_site.load() == static_cast<int>(site) && fail_count.load() > 0) {
      fail_count.fetch_sub(1);
      return nullptr;
    }
    return PlatformWrapper::Allocate(bytes, site);
  }
  void Free(void* block, std::size_t bytes, Site site) override {
    frees.fetch_add(1);
    PlatformWrapper::Free(block, bytes, site);
  }
  void Yield(Site point) override {
    if (point == Site::kTrxBegin && hold_trx_begin.exchange(false)) {
      held.store(true);
      while (!term_began.load()) std::this_thread::yield();
    }
    if (point == Site::kTermBegin) term_began.store(true);
    PlatformWrapper::Yield(point);
  }
  void FailNext(Site site, int count = 1) {
    fail_site.store(static_cast<int>(site));
    fail_count.store(count);
  }

  std::atomic<std::int64_t> allocations{0};
  std::atomic<std::int64_t> frees{0};
  std::atomic<int> fail_site{-1};
  std::atomic<int> fail_count{0};
  std::atomic<bool> hold_trx_begin{false};
  std::atomic<bool> held{false};
  std::atomic<bool> term_began{false};
};

// One call's result, recorded without allocating.
struct Step {
  const char* call;
  int line;
  JET_ERR expected;
  JET_ERR actual;
};

class StepLog {
 public:
  void Record(const char* call, int line, JET_ERR expected, JET_ERR actual) {
    if (size_ < steps_.size()) steps_[size_] = Step{call, line, expected, actual};
    ++size_;
  }
  // Checked after disarming: gtest may allocate.
  void ExpectAllAsRecorded(const char* thread) const {
    ASSERT_LE(size_, steps_.size()) << "raise StepLog's capacity";
    for (std::size_t i = 0; i < size_; ++i) {
      const Step& step = steps_[i];
      EXPECT_EQ(step.expected, step.actual)
          << thread << " line " << step.line << ": " << step.call << " returned " << jet_err_name(step.actual)
          << ", expected " << jet_err_name(step.expected);
    }
  }
  [[nodiscard]] std::size_t size() const { return size_; }

 private:
  std::array<Step, 256> steps_{};
  std::size_t size_ = 0;
};

#define STEP(log, expected, call) (log).Record(#call, __LINE__, (expected), (call))

// The restore status callback: a plain function, so it reads its context
// from a thread-local set by the test.
thread_local JET_INSTANCE t_restoring_instance = 0;
thread_local JET_ERR t_begin_during_restore = JET_errSuccess;
thread_local int t_status_calls = 0;

JET_ERR RestoreStatus(JET_SESID /*sesid*/, JET_SNP /*snp*/, JET_SNT snt, void* /*progress*/) {
  ++t_status_calls;
  if (snt == JET_sntProgress && t_restoring_instance != 0) {
    JET_SESID sesid = 0;
    t_begin_during_restore = JetBeginSession(t_restoring_instance, &sesid, nullptr, nullptr);
    if (t_begin_during_restore == JET_errSuccess) (void)JetEndSession(sesid, 0);
  }
  return JET_errSuccess;
}

// The analyzer loses track of `volatile` pointers and reports a leak.
// NOLINTBEGIN(clang-analyzer-unix.Malloc)
TEST(NoGlobalNew, CounterSeesOperatorNewAndDelete) {
  const std::int64_t news = g_counted_news.load();
  const std::int64_t deletes = g_counted_deletes.load();
  {
    CountingScope counting;
    void* volatile block = ::operator new(24);
    ::operator delete(block);
    int* volatile array = new int[3];
    delete[] array;
  }
  // Not counted once disarmed.
  void* volatile block = ::operator new(8);
  ::operator delete(block);
  EXPECT_EQ(g_counted_news.load() - news, 2);
  EXPECT_EQ(g_counted_deletes.load() - deletes, 2);
}
// NOLINTEND(clang-analyzer-unix.Malloc)

class NoGlobalNewTest : public ::testing::TestWithParam<Profile> {
 protected:
  [[nodiscard]] JET_ERR Pick(JET_ERR documented, JET_ERR esent_code) const {
    return GetParam() == Profile::kEsent ? esent_code : documented;
  }

  // Built outside any counted scope: construction may use operator new.
  ThreadPlatform real_;
  CountingPlatform platform_{real_};
  Engine engine_{platform_};
  ScopedCurrentEngine current_{engine_};
};

TEST_P(NoGlobalNewTest, ApiCallsAllocateOnlyThroughThePlatform) {
  const bool esent = GetParam() == Profile::kEsent;
  const JET_API_PTR profile_value = esent ? JET_jetsimProfileEsent : JET_jetsimProfileDocumented;
  static constexpr char kLongName[] = "0123456789012345678901234567890123456789012345678901234567890123";
  static_assert(sizeof(kLongName) - 1 == JET_cbInstanceNameMost);

  StepLog main_log;
  StepLog other_log;
  JET_INSTANCE inst = 0;
  JET_SESID s1 = 0;
  JET_SESID s2 = 0;
  JET_SESID s3 = 0;
  JET_SESID s4 = 0;
  JET_API_PTR inherited_max = 0;  // the instance's MaxSessions, from the global default

  // The second thread exists before anything is counted; it counts only
  // its own API calls, on command.
  std::atomic<int> stage{0};
  std::thread other([&] {
    ScopedCurrentEngine current(engine_);
    while (stage.load() != 1) std::this_thread::yield();
    {
      CountingScope counting;
      // s1 carries the main thread's context: every use here is refused.
      JET_SESID dup = 0;
      STEP(other_log, JET_errSessionSharingViolation, JetDupSession(s1, &dup));
      STEP(other_log, JET_errSessionSharingViolation, JetBeginTransaction(s1));
      STEP(other_log, JET_errSessionContextNotSetByThisThread, JetResetSessionContext(s1));
      STEP(other_log, JET_errSessionInUse, JetEndSession(s1, 0));
      STEP(other_log, JET_errSuccess, JetBeginSession(inst, &s4, nullptr, nullptr));
      STEP(other_log, JET_errSuccess, JetSetSessionContext(s4, 0x44));
      STEP(other_log, JET_errSuccess, JetResetSessionContext(s4));
    }
    stage.store(2);
    while (stage.load() != 3) std::this_thread::yield();
    {
      CountingScope counting;
      // Held at trx.begin until the main thread's term has begun: the term
      // waits for this call, which then sees the term.
      STEP(other_log, JET_errTermInProgress, JetBeginTransaction(s4));
    }
    stage.store(4);
  });

  const std::int64_t news_before = g_counted_news.load();
  const std::int64_t deletes_before = g_counted_deletes.load();
  const std::int64_t allocations_before = platform_.allocations.load();
  {
    CountingScope counting;
    StepLog& log = main_log;
    JET_INSTANCE bad = 0;
    JET_SESID dup = 0;

    // Global parameters, before any JetInit.
    STEP(log, JET_errSuccess,
         JetSetSystemParameter(nullptr, 0, JET_paramJetsimProfile, profile_value, nullptr));
    STEP(log, JET_errInvalidParameter, JetSetSystemParameter(nullptr, 0, JET_paramJetsimProfile, 7, nullptr));
    STEP(log, JET_errSuccess, JetSetSystemParameter(nullptr, 0, JET_paramMaxSessions, 4, nullptr));
    STEP(log, JET_errSuccess, JetSetSystemParameter(nullptr, 0, JET_paramJetsimRestoreSteps, 2, nullptr));
    STEP(log, JET_errInvalidParameter, JetSetSystemParameter(nullptr, 0, 9999, 1, nullptr));

    // Instances, with the failures of creation.
    STEP(log, JET_errSuccess, JetCreateInstance(&inst, "no-global-new"));
    STEP(log, JET_errInstanceNameInUse, JetCreateInstance(&bad, "no-global-new"));
    STEP(log, JET_errInvalidParameter, JetCreateInstance(&bad, kLongName));
    STEP(log, JET_errInvalidParameter, JetCreateInstance(nullptr, "x"));
    platform_.FailNext(Site::kInstAlloc);
    STEP(log, JET_errOutOfMemory, JetCreateInstance(&bad, "oom"));
    STEP(log, JET_errSuccess,
         JetGetSystemParameter(inst, 0, JET_paramMaxSessions, &inherited_max, nullptr, 0));
    STEP(log, JET_errSuccess, JetSetSystemParameter(&inst, 0, JET_paramMaxSessions, 3, nullptr));
    STEP(log, JET_errInvalidParameter, JetSetSystemParameter(&inst, 0, JET_paramMaxSessions, 30001, nullptr));
    STEP(log, JET_errInvalidParameter,
         JetGetSystemParameter(inst, 0, JET_paramMaxSessions, nullptr, nullptr, 0));

    // An offline restore, then a JetInit whose log buffer cannot be allocated.
    STEP(log, JET_errSuccess, JetRestoreInstance(inst, "backup", nullptr, RestoreStatus));
    STEP(log, JET_errInvalidParameter, JetRestoreInstance(inst, nullptr, nullptr, nullptr));
    JET_INSTANCE doomed = 0;
    STEP(log, JET_errSuccess, JetCreateInstance(&doomed, "doomed"));
    const JET_INSTANCE doomed_copy = doomed;
    platform_.FailNext(Site::kInitLogBuffer);
    STEP(log, JET_errOutOfMemory, JetInit(&doomed));
    STEP(log, Pick(JET_errInvalidParameter, JET_errInvalidInstance), JetTerm(doomed_copy));

    STEP(log, JET_errSuccess, JetInit(&inst));
    STEP(log, JET_errAlreadyInitialized, JetInit(&inst));
    STEP(log, JET_errAlreadyInitialized, JetSetSystemParameter(&inst, 0, JET_paramMaxSessions, 5, nullptr));
    STEP(log, JET_errInvalidParameter, JetInit(nullptr));

    // Sessions up to MaxSessions (3), and past it; a failed session allocation.
    STEP(log, JET_errSuccess, JetBeginSession(inst, &s1, nullptr, nullptr));
    platform_.FailNext(Site::kPibAlloc);
    STEP(log, Pick(JET_errOutOfMemory, JET_errOutOfSessions), JetDupSession(s1, &dup));
    STEP(log, JET_errSuccess, JetDupSession(s1, &s2));
    STEP(log, JET_errSuccess, JetDupSession(s2, &s3));
    STEP(log, JET_errOutOfSessions, JetBeginSession(inst, &dup, nullptr, nullptr));
    STEP(log, JET_errOutOfSessions, JetDupSession(s1, &dup));
    STEP(log, JET_errInvalidParameter, JetDupSession(s1, nullptr));
    STEP(log, JET_errInvalidParameter, JetBeginSession(inst, nullptr, nullptr, nullptr));

    // Bad handles.
    STEP(log, Pick(JET_errInvalidParameter, JET_errInvalidSesid), JetDupSession(JET_sesidNil, &dup));
    STEP(log, Pick(JET_errInvalidParameter, JET_errInvalidSesid), JetDupSession(0, &dup));
    STEP(log, Pick(JET_errInvalidParameter, JET_errInvalidSesid), JetEndSession(0xDEADBEEF, 0));
    STEP(log, Pick(JET_errInvalidParameter, JET_errInvalidSesid), JetBeginTransaction(inst));
    STEP(log, Pick(JET_errInvalidParameter, JET_errInvalidInstance),
         JetBeginSession(s1, &dup, nullptr, nullptr));
    STEP(log, Pick(JET_errInvalidParameter, JET_errInvalidInstance), JetTerm(0x1234));

    // Transactions: seven levels and no eighth, commit and rollback, grbits.
    for (int level = 0; level < JET_cTransactionLevelsMax; ++level) {
      STEP(log, JET_errSuccess, JetBeginTransaction(s1));
    }
    STEP(log, JET_errTransTooDeep, JetBeginTransaction(s1));
    STEP(log, JET_errSuccess, JetCommitTransaction(s1, 0));
    STEP(log, JET_errSuccess, JetCommitTransaction(s1, JET_bitCommitLazyFlush));
    STEP(log, JET_errInvalidParameter, JetCommitTransaction(s1, 0x4));
    STEP(log, JET_errSuccess, JetRollback(s1, 0));
    STEP(log, JET_errInvalidParameter, JetRollback(s1, 0x2));
    STEP(log, JET_errSuccess, JetRollback(s1, JET_bitRollbackAll));
    STEP(log, JET_errNotInTransaction, JetCommitTransaction(s1, 0));
    STEP(log, JET_errNotInTransaction, JetRollback(s1, 0));
    STEP(log, JET_errSuccess, JetBeginTransaction(s2));
    STEP(log, JET_errSuccess, JetCommitTransaction(s2, JET_bitWaitLastLevel0Commit));  // writes a log record

    // Contexts.
    STEP(log, JET_errSuccess, JetSetSessionContext(s2, 42));
    STEP(log, JET_errSessionContextAlreadySet, JetSetSessionContext(s2, 43));
    STEP(log, JET_errSuccess, JetResetSessionContext(s2));
    STEP(log, JET_errSessionContextNotSetByThisThread, JetResetSessionContext(s2));
    STEP(log, JET_errInvalidParameter, JetSetSessionContext(s2, 0));

    // Ending, and the stale handle it leaves.
    STEP(log, JET_errInvalidParameter, JetEndSession(s3, 1));
    STEP(log, JET_errSuccess, JetEndSession(s3, 0));
    STEP(log, Pick(JET_errInvalidParameter, JET_errInvalidSesid), JetEndSession(s3, 0));
    STEP(log, Pick(JET_errInvalidParameter, JET_errInvalidSesid), JetDupSession(s3, &dup));

    // A term refused while a transaction is open; grbits it rejects.
    STEP(log, JET_errSuccess, JetBeginTransaction(s1));
    STEP(log, JET_errTooManyActiveUsers, JetTerm(inst));
    STEP(log, JET_errInvalidParameter, JetTerm2(inst, JET_bitTermComplete | JET_bitTermAbrupt));
    STEP(log, JET_errInvalidParameter, JetTerm2(inst, 0x100));
    STEP(log, JET_errSuccess, JetRollback(s1, 0));

    // The other thread against a session bound to this thread's context.
    STEP(log, JET_errSuccess, JetSetSessionContext(s1, 7));
    stage.store(1);
    while (stage.load() != 2) std::this_thread::yield();
    STEP(log, JET_errSuccess, JetResetSessionContext(s1));

    // An online restore (documented) or its refusal (esent); a JetBeginSession
    // from the status callback sees the restore running.
    t_restoring_instance = inst;
    t_begin_during_restore = JET_errSuccess;
    STEP(log, Pick(JET_errSuccess, JET_errAlreadyInitialized),
         JetRestoreInstance(inst, "backup", nullptr, RestoreStatus));
    t_restoring_instance = 0;
    STEP(log, esent ? JET_errSuccess : JET_errRestoreInProgress, t_begin_during_restore);

    // Stop service on a second instance.
    JET_INSTANCE second = 0;
    JET_SESID on_second = 0;
    STEP(log, JET_errSuccess, JetCreateInstance(&second, "second"));
    STEP(log, JET_errSuccess, JetInit(&second));
    STEP(log, JET_errSuccess, JetBeginSession(second, &on_second, nullptr, nullptr));
    STEP(log, JET_errSuccess, JetBeginTransaction(on_second));
    STEP(log, JET_errSuccess, JetStopServiceInstance(second));
    STEP(log, JET_errClientRequestToStopJetService, JetBeginSession(second, &dup, nullptr, nullptr));
    STEP(log, JET_errClientRequestToStopJetService, JetDupSession(on_second, &dup));
    STEP(log, JET_errClientRequestToStopJetService, JetCommitTransaction(on_second, 0));
    STEP(log, JET_errClientRequestToStopJetService, JetSetSessionContext(on_second, 9));
    STEP(log, JET_errSuccess, JetRollback(on_second, 0));
    STEP(log, JET_errSuccess, JetEndSession(on_second, 0));
    STEP(log, JET_errSuccess, JetTerm2(second, JET_bitTermComplete));

    // The final term, while the other thread is inside JetBeginTransaction.
    // (JetTerm2(second) above already passed term.begin once.)
    platform_.term_began.store(false);
    platform_.hold_trx_begin.store(true);
    stage.store(3);
    while (!platform_.held.load()) std::this_thread::yield();
    STEP(log, JET_errSuccess, JetTerm(inst));
    while (stage.load() != 4) std::this_thread::yield();

    // Everything is gone: handles ended by term, and no instance at all.
    STEP(log, Pick(JET_errNotInitialized, JET_errInvalidSesid), JetEndSession(s1, 0));
    STEP(log, JET_errNotInitialized, JetDupSession(s2, &dup));
    STEP(log, Pick(JET_errNotInitialized, JET_errInvalidInstance),
         JetBeginSession(inst, &dup, nullptr, nullptr));
    STEP(log, JET_errNotInitialized, JetStopService());

    // JetStopService stops every instance of the engine.
    JET_INSTANCE third = 0;
    STEP(log, JET_errSuccess, JetCreateInstance(&third, "third"));
    STEP(log, JET_errSuccess, JetInit(&third));
    STEP(log, JET_errSuccess, JetStopService());
    STEP(log, JET_errClientRequestToStopJetService, JetBeginSession(third, &dup, nullptr, nullptr));
    STEP(log, JET_errSuccess, JetTerm2(third, JET_bitTermDirty));
  }
  const std::int64_t news = g_counted_news.load() - news_before;
  const std::int64_t deletes = g_counted_deletes.load() - deletes_before;
  const std::int64_t allocations = platform_.allocations.load() - allocations_before;
  other.join();

  EXPECT_EQ(news, 0) << "the engine called the global operator new during API calls";
  EXPECT_EQ(deletes, 0) << "the engine called the global operator delete during API calls";
  // The sequence did allocate: through the platform.
  EXPECT_GT(allocations, 0);
  EXPECT_GT(platform_.frees.load(), 0);
  EXPECT_GT(t_status_calls, 0);
  main_log.ExpectAllAsRecorded("main thread");
  other_log.ExpectAllAsRecorded("other thread");
  EXPECT_EQ(inherited_max, 4U);
  EXPECT_GT(main_log.size(), 90U);
  EXPECT_EQ(other_log.size(), 8U);

  const EngineCounts counts = engine_.Counts();
  EXPECT_EQ(counts.instances, 0);
  EXPECT_EQ(counts.sessions, 0);
  EXPECT_EQ(counts.object_blocks, 0);
  EXPECT_EQ(counts.lost_slots, 0);
  EXPECT_EQ(real_.live_blocks(), counts.live_blocks);
}

JETSIM_BOTH_PROFILES(NoGlobalNewTest);

}  // namespace
}  // namespace jetsim::testing
