// Replay files: one case as JSON, enough to run it again exactly.
//   {"format_version": 1, "build": "0.1.0 (abc123)", "scenario": "dup-basic",
//    "seed": 42, "profile": "documented", "strategy": "random", "pct_depth": 3,
//    "step_budget": 1000000, "bugs": [], "switches": ["race.slot-claim"],
//    "fault_plan": {...}, "decisions": [0, 2, 1, ...],
//    "expected": {"passed": true, "class": "documented", "outcome": "pass",
//                 "fingerprint": "4c7a4fccd2293b4a"}}
// and, for generated programs, "program": {"max_sessions": 3, "ops": [...]}.
// Other scenarios' programs come from the seed (this build's generators),
// so a replay from another build warns: its programs may differ.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "jetsim/scenarios/runner.h"
#include "jetsim/scenarios/scenario.h"

namespace jetsim::cli {

inline constexpr int kReplayFormatVersion = 1;

struct Replay {
  std::string build;
  scenarios::CaseOptions options;  // strategy: the recorded one (random or pct)
  std::vector<std::uint32_t> decisions;
  bool expected_passed = true;
  std::string expected_class;
  std::string expected_outcome;
  std::uint64_t expected_fingerprint = 0;
};

// This build's id: version and git revision.
[[nodiscard]] std::string BuildId();

[[nodiscard]] Replay MakeReplay(const scenarios::CaseOptions& options, const scenarios::CaseResult& result);
[[nodiscard]] std::string ToJson(const Replay& replay);
// The replay, or a one-line error.
[[nodiscard]] std::variant<Replay, std::string> ParseReplay(std::string_view text);

// Writes the whole file or nothing. False when it cannot.
[[nodiscard]] bool WriteFileAtomically(const std::string& path, const std::string& contents);

}  // namespace jetsim::cli
