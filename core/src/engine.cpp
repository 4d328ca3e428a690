#include "jetsim/engine.h"

#include "engine_core.h"

namespace jetsim {

Engine::Engine(Platform& platform) : core_(std::make_unique<EngineCore>(platform)) {}
Engine::~Engine() = default;

Platform& Engine::platform() const { return core_->platform(); }
JET_ERR Engine::SetProfile(Profile profile) { return core_->SetProfile(profile); }
Profile Engine::profile() const { return core_->profile(); }

JET_ERR Engine::ArmBug(std::string_view name) {
  const std::optional<Switch> bug = FindSwitch(name);
  if (!bug) return JET_errInvalidParameter;
  return core_->ArmBug(*bug);
}

Behavior Engine::behavior() const { return core_->behavior(); }
EngineCounts Engine::Counts() const { return core_->Counts(); }
std::int64_t Engine::LiveBlocks(Site site) const { return core_->LiveBlocks(site); }

}  // namespace jetsim
