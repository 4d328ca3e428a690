// jetsim::Engine: all the state of one ESE-compatible engine (instances,
// sessions, handle tables, behaviour) behind one Platform. There are no
// process globals: the C API in esent.h reaches the calling thread's current
// engine, which a runner sets with ScopedCurrentEngine; a thread that never
// sets one uses a default engine on a ThreadPlatform.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "jetsim/behavior.h"
#include "jetsim/esent.h"
#include "jetsim/platform.h"

namespace jetsim {

class EngineCore;

// What the engine holds right now, for leak checks.
struct EngineCounts {
  std::int64_t instances = 0;    // created and not yet terminated
  std::int64_t sessions = 0;     // begun and not yet ended
  std::int64_t live_blocks = 0;  // platform allocations not yet freed, tables included
  std::int64_t live_bytes = 0;
  std::int64_t object_blocks = 0;  // the same, without the handle tables (0 after a full teardown)
  std::int64_t claimed_slots = 0;  // session slots the live instances count as taken
  std::int64_t lost_slots = 0;     // slots an instance still counted when its term ended (a leak)
};

class Engine {
 public:
  // The platform must outlive the engine.
  explicit Engine(Platform& platform);
  // Releases every instance and session still alive, without yields.
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  [[nodiscard]] Platform& platform() const;

  // The behaviour profile (also settable through JetSetSystemParameter with
  // JET_paramJetsimProfile). Returns JET_errAlreadyInitialized once any
  // instance of this engine has been initialized (the same profile again is
  // accepted).
  [[nodiscard]] JET_ERR SetProfile(Profile profile);
  [[nodiscard]] Profile profile() const;
  // Arms a deliberate bug by name (`jetsim list bugs`). Returns
  // JET_errInvalidParameter for a name that is not a bug and
  // JET_errAlreadyInitialized once any instance has been initialized.
  [[nodiscard]] JET_ERR ArmBug(std::string_view name);
  // The profile's switches plus the armed bugs.
  [[nodiscard]] Behavior behavior() const;

  [[nodiscard]] EngineCounts Counts() const;
  // Live platform blocks allocated at one allocation site.
  [[nodiscard]] std::int64_t LiveBlocks(Site site) const;

  // The engine behind the C API calls of this thread.
  [[nodiscard]] EngineCore& core() const { return *core_; }

 private:
  std::unique_ptr<EngineCore> core_;
};

// The engine the calling thread's C API calls reach.
[[nodiscard]] Engine& CurrentEngine();

// Makes `engine` the calling thread's current engine for this scope.
class ScopedCurrentEngine {
 public:
  explicit ScopedCurrentEngine(Engine& engine);
  ~ScopedCurrentEngine();
  ScopedCurrentEngine(const ScopedCurrentEngine&) = delete;
  ScopedCurrentEngine& operator=(const ScopedCurrentEngine&) = delete;

 private:
  Engine* previous_;
};

}  // namespace jetsim
