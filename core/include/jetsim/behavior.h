// Behaviour switches: what the engine does where the reference page and the
// real engine differ, and the deliberate bugs the harness proves it catches.
// A profile is a named set of switches (DESIGN.md "Decisions"); the list
// itself is behavior.def.
#pragma once

#include <bitset>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace jetsim {

enum class Switch : std::uint8_t {
#define JETSIM_SWITCH(id, name, is_bug, what) id,
#include "jetsim/behavior.def"
#undef JETSIM_SWITCH
  kCount
};

struct SwitchInfo {
  Switch id;
  const char* name;
  bool is_bug;  // a deliberate bug: armed only by an explicit flag
  const char* what;
};

[[nodiscard]] std::span<const SwitchInfo> AllSwitches();
[[nodiscard]] const SwitchInfo& InfoOf(Switch s);
[[nodiscard]] std::optional<Switch> FindSwitch(std::string_view name);

enum class Profile : std::uint8_t { kDocumented = 0, kEsent = 1 };
[[nodiscard]] std::string_view NameOf(Profile profile);
[[nodiscard]] std::optional<Profile> FindProfile(std::string_view name);

class Behavior {
 public:
  Behavior() = default;
  [[nodiscard]] static Behavior For(Profile profile);

  [[nodiscard]] bool Has(Switch s) const { return bits_.test(static_cast<std::size_t>(s)); }
  void Set(Switch s, bool on = true) { bits_.set(static_cast<std::size_t>(s), on); }
  [[nodiscard]] bool operator==(const Behavior& other) const { return bits_ == other.bits_; }

 private:
  std::bitset<static_cast<std::size_t>(Switch::kCount)> bits_;
};

}  // namespace jetsim
