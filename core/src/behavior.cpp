#include "jetsim/behavior.h"

#include <array>

namespace jetsim {

namespace {
constexpr std::array kSwitches = {
#define JETSIM_SWITCH(id, name, is_bug, what) SwitchInfo{Switch::id, name, is_bug, what},
#include "jetsim/behavior.def"
#undef JETSIM_SWITCH
};
static_assert(kSwitches.size() == static_cast<std::size_t>(Switch::kCount));
}  // namespace

std::span<const SwitchInfo> AllSwitches() { return kSwitches; }

const SwitchInfo& InfoOf(Switch s) { return kSwitches[static_cast<std::size_t>(s)]; }

std::optional<Switch> FindSwitch(std::string_view name) {
  for (const SwitchInfo& info : kSwitches) {
    if (name == info.name) return info.id;
  }
  return std::nullopt;
}

std::string_view NameOf(Profile profile) { return profile == Profile::kEsent ? "esent" : "documented"; }

std::optional<Profile> FindProfile(std::string_view name) {
  if (name == "documented") return Profile::kDocumented;
  if (name == "esent") return Profile::kEsent;
  return std::nullopt;
}

Behavior Behavior::For(Profile profile) {
  Behavior behavior;
  if (profile == Profile::kEsent) {
    // Every esent.* switch, and no bug.
    for (const SwitchInfo& info : kSwitches) {
      if (!info.is_bug) behavior.Set(info.id);
    }
  }
  return behavior;
}

}  // namespace jetsim
