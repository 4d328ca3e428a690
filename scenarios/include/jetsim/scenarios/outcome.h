// Outcome classes of a case (DESIGN.md "Decisions": per case, from its
// JetDupSession results and the teardown check), in precedence order.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "jetsim/esent.h"

namespace jetsim::scenarios {

enum class Outcome : std::uint8_t {
  kCrashed,
  kLeaked,
  kUndocumented,
  kMisuse,
  kDocumented,
  kMasked,
  kNotFired
};

[[nodiscard]] std::string_view NameOf(Outcome outcome);
[[nodiscard]] std::optional<Outcome> FindOutcome(std::string_view name);

// The nine codes the reference page lists for JetDupSession.
[[nodiscard]] std::span<const JET_ERR> DocumentedDupCodes();
[[nodiscard]] bool IsDocumentedDupCode(JET_ERR code);
// A code the page does not cover because the use is outside its contract
// (a session used by two threads at once).
[[nodiscard]] bool IsMisuseCode(JET_ERR code);

}  // namespace jetsim::scenarios
