#include "jetsim/scenarios/outcome.h"

#include <algorithm>
#include <array>

namespace jetsim::scenarios {

namespace {
constexpr std::array<std::string_view, 7> kNames = {"crashed",    "leaked", "undocumented", "misuse",
                                                    "documented", "masked", "not-fired"};
// From the reference page's return-value table (spec/JetDupSession.zh-TW.md).
constexpr std::array<JET_ERR, 9> kDocumented = {
    JET_errSuccess,
    JET_errClientRequestToStopJetService,
    JET_errInstanceUnavailable,
    JET_errInvalidParameter,
    JET_errNotInitialized,
    JET_errOutOfMemory,
    JET_errOutOfSessions,
    JET_errRestoreInProgress,
    JET_errTermInProgress,
};
}  // namespace

std::string_view NameOf(Outcome outcome) { return kNames[static_cast<std::size_t>(outcome)]; }

std::optional<Outcome> FindOutcome(std::string_view name) {
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<Outcome>(i);
  }
  return std::nullopt;
}

std::span<const JET_ERR> DocumentedDupCodes() { return kDocumented; }

bool IsDocumentedDupCode(JET_ERR code) {
  return std::find(kDocumented.begin(), kDocumented.end(), code) != kDocumented.end();
}

bool IsMisuseCode(JET_ERR code) { return code == JET_errSessionSharingViolation; }

}  // namespace jetsim::scenarios
