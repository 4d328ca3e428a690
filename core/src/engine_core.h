// EngineCore: the engine's state and the implementation of every esent.h
// call. One engine lock (a Platform lock) guards all of it; a call takes it
// for each check and releases it around every named yield point, so a real
// thread (or the simulator) can run another call exactly there.
//
// Internal header: the public face is jetsim/engine.h and jetsim/esent.h.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <new>

#include "handle_table.h"
#include "jetsim/behavior.h"
#include "jetsim/engine.h"
#include "jetsim/esent.h"
#include "jetsim/platform.h"
#include "locked.h"

namespace jetsim {

// Sizes of what the engine allocates and writes.
inline constexpr std::size_t kLogBufferBytes = 4096;   // JetInit's log buffer
inline constexpr std::size_t kCommitRecordBytes = 64;  // one outermost commit
inline constexpr std::size_t kFlushBytes = 512;        // JetTerm2(Complete)'s flush

enum class FatalKind : std::uint8_t { kNone, kLogWriteFail, kLogDiskFull };

struct SessionRec {
  std::uint32_t instance_index = 0;
  int trx_level = 0;
  ThreadToken busy_thread = kNoThread;  // the thread inside a call with this session
  std::uint32_t busy_depth = 0;
  ThreadToken context_owner = kNoThread;  // the thread that set the context
  JET_API_PTR context = 0;
  std::uint64_t begun_at_ns = 0;
};

struct InstanceRec {
  char name[JET_cbInstanceNameMost] = {};
  std::uint32_t max_sessions = 16;
  std::uint32_t restore_steps = 4;
  bool initializing = false;
  bool initialized = false;
  bool terminating = false;
  bool stopped = false;  // sticky: JetStopService never un-stops
  bool restoring = false;
  ThreadToken restoring_thread = kNoThread;  // so its status callback cannot deadlock a term
  FatalKind fatal = FatalKind::kNone;
  std::uint32_t sessions = 0;      // claimed session slots, counted against max_sessions
  std::uint32_t calls_inside = 0;  // API calls inside the engine on this instance
  void* log_buffer = nullptr;
};

// Which lifecycle states refuse a call that uses an existing session
// (DESIGN.md: term, then stop, then unavailable, then restore).
struct CallRules {
  bool refused_when_stopped = true;
  bool refused_when_unavailable = true;
  bool refused_when_restoring = true;
  // The code for a session whose context another thread set.
  JET_ERR context_of_other_thread = JET_errSessionSharingViolation;
};

class EngineCore final : public BlockAllocator {
 public:
  explicit EngineCore(Platform& platform);
  ~EngineCore() override;
  EngineCore(const EngineCore&) = delete;
  EngineCore& operator=(const EngineCore&) = delete;

  [[nodiscard]] Platform& platform() const { return platform_; }

  // Engine-level settings (engine.h).
  [[nodiscard]] JET_ERR SetProfile(Profile profile);
  [[nodiscard]] Profile profile() const;
  [[nodiscard]] JET_ERR ArmBug(Switch bug);
  [[nodiscard]] Behavior behavior() const;
  [[nodiscard]] EngineCounts Counts() const;
  [[nodiscard]] std::int64_t LiveBlocks(Site site) const;

  // esent.h, one method per call.
  [[nodiscard]] JET_ERR CreateInstance(JET_INSTANCE* pinstance, const char* name);
  [[nodiscard]] JET_ERR SetSystemParameter(JET_INSTANCE* pinstance, unsigned long paramid, JET_API_PTR value);
  [[nodiscard]] JET_ERR GetSystemParameter(JET_INSTANCE instance, unsigned long paramid, JET_API_PTR* pvalue);
  [[nodiscard]] JET_ERR Init(JET_INSTANCE* pinstance);
  [[nodiscard]] JET_ERR Term(JET_INSTANCE instance, JET_GRBIT grbit);
  [[nodiscard]] JET_ERR StopService();
  [[nodiscard]] JET_ERR StopServiceInstance(JET_INSTANCE instance);
  [[nodiscard]] JET_ERR RestoreInstance(JET_INSTANCE instance, const char* source, JET_PFNSTATUS status);
  [[nodiscard]] JET_ERR BeginSession(JET_INSTANCE instance, JET_SESID* psesid);
  [[nodiscard]] JET_ERR DupSession(JET_SESID sesid, JET_SESID* psesid);
  [[nodiscard]] JET_ERR EndSession(JET_SESID sesid, JET_GRBIT grbit);
  [[nodiscard]] JET_ERR SetSessionContext(JET_SESID sesid, JET_API_PTR context);
  [[nodiscard]] JET_ERR ResetSessionContext(JET_SESID sesid);
  [[nodiscard]] JET_ERR BeginTransaction(JET_SESID sesid);
  [[nodiscard]] JET_ERR CommitTransaction(JET_SESID sesid, JET_GRBIT grbit);
  [[nodiscard]] JET_ERR Rollback(JET_SESID sesid, JET_GRBIT grbit);

  // BlockAllocator: every platform allocation of the engine, counted per site.
  [[nodiscard]] void* AllocateBlock(std::size_t bytes, Site site) override;
  void FreeBlock(void* block, std::size_t bytes, Site site) override;

 private:
  class SessionScope;
  struct NewSessionRequest;

  // REQUIRES for every helper below that reads engine state: lock_ held.
  [[nodiscard]] bool Has(Switch s) const { return behavior_.Has(s); }
  [[nodiscard]] JET_ERR InvalidSessionCode() const;
  [[nodiscard]] JET_ERR InvalidInstanceCode() const;
  [[nodiscard]] JET_ERR DeadHandleCode(DeathReason why, JET_ERR invalid_code) const;
  [[nodiscard]] JET_ERR UnavailableCode(const InstanceRec& inst) const;
  [[nodiscard]] JET_ERR LogFailureCode(FatalKind kind) const;
  [[nodiscard]] JET_ERR OutOfMemoryCode() const;
  // Step 2 of the facts page: no initialized instance / all terminating.
  [[nodiscard]] JET_ERR ProcessWideCheck() const;
  [[nodiscard]] JET_ERR LifecycleCheck(const InstanceRec& inst, const CallRules& rules) const;
  // JetBeginSession and JetDupSession enter no terminating instance (so a
  // stream of them cannot starve a term): DESIGN.md's documented order puts
  // this instance's term first; esent's (facts page steps 3-5) stop, then
  // unavailable, then term.
  [[nodiscard]] JET_ERR EntryCheck(const InstanceRec& inst) const;
  // True when the calling thread is inside a restore (its status callback).
  [[nodiscard]] bool InsideARestore(ThreadToken me) const;
  // Resolves an instance handle to a live instance, or the profile's code.
  [[nodiscard]] JET_ERR ResolveInstance(JET_INSTANCE instance, InstanceRec** inst,
                                        std::uint32_t* index) const;
  // Resolves a session handle for JetDupSession: the profile's order of
  // handle checks and the process-wide checks.
  [[nodiscard]] JET_ERR ResolveSourceSession(JET_SESID sesid, SessionRec** session) const;

  // The shared tail of JetBeginSession and JetDupSession, from the yield
  // after the process-wide checks to the slot claim. REQUIRES: the caller
  // entered request.inst (calls_inside); StartSession leaves it.
  [[nodiscard]] JET_ERR StartSession(const NewSessionRequest& request);
  // Ends a session: REQUIRES lock_ held and nobody else inside a call with it.
  void DestroySession(std::uint32_t index, DeathReason why);
  void DestroyInstance(std::uint32_t index, DeathReason why);
  // Leaves an instance entered with calls_inside++. REQUIRES lock_ held.
  void LeaveInstance(InstanceRec& inst);
  // Waits until this call is the only one inside `inst`. REQUIRES lock_ held.
  void WaitForOtherCalls(InstanceRec& inst);
  // The slot limit the behaviour gives an instance.
  [[nodiscard]] std::uint32_t SessionLimit(const InstanceRec& inst) const;
  // Marks an instance unavailable after a failed log write; returns the code
  // the writing call returns. REQUIRES lock_ held.
  [[nodiscard]] JET_ERR RecordLogFailure(InstanceRec& inst, IoResult result);

  template <class T>
  [[nodiscard]] T* NewObject(Site site) {
    void* block = AllocateBlock(sizeof(T), site);
    return block == nullptr ? nullptr : new (block) T();
  }
  template <class T>
  void DeleteObject(T* object, Site site) {
    object->~T();
    FreeBlock(object, sizeof(T), site);
  }

  Platform& platform_;
  std::unique_ptr<PlatformLock> lock_;
  std::unique_ptr<PlatformCondition> calls_done_;  // notified when a call leaves a terminating instance

  Profile profile_ = Profile::kDocumented;
  Behavior behavior_;
  bool any_init_ = false;  // a JetInit has begun: global parameters are fixed
  std::uint32_t default_max_sessions_ = 16;
  std::uint32_t default_restore_steps_ = 4;
  std::int64_t lost_slots_ = 0;  // slots an instance still counted when its term ended

  HandleTable<InstanceRec> instances_;
  HandleTable<SessionRec> sessions_;

  static constexpr std::size_t kSiteCount = 64;
  std::array<std::atomic<std::int64_t>, kSiteCount> live_blocks_{};
  std::array<std::atomic<std::int64_t>, kSiteCount> live_bytes_{};
};

}  // namespace jetsim
