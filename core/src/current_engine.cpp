// The calling thread's current engine: the one thread-local of the engine.
#include "jetsim/engine.h"
#include "jetsim/thread_platform.h"

namespace jetsim {

namespace {
thread_local Engine* t_current_engine = nullptr;

// Programs that never pick an engine (a client written for esent.dll) share
// this one, on real threads.
Engine& DefaultEngine() {
  static ThreadPlatform platform;
  static Engine engine(platform);
  return engine;
}
}  // namespace

Engine& CurrentEngine() { return t_current_engine != nullptr ? *t_current_engine : DefaultEngine(); }

ScopedCurrentEngine::ScopedCurrentEngine(Engine& engine) : previous_(t_current_engine) {
  t_current_engine = &engine;
}
ScopedCurrentEngine::~ScopedCurrentEngine() { t_current_engine = previous_; }

}  // namespace jetsim
