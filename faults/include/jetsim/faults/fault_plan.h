// A FaultPlan: what goes wrong in one case, as data. Written by hand or
// generated from a seed, saved as JSON (docs/fault-plans.md has the schema):
//   {"format_version": 1, "faults": [
//     {"kind": "alloc", "nth": 3, "site": "pib.alloc", "mode": "transient"},
//     {"kind": "alloc", "probability": 0.05, "mode": "persistent"},
//     {"kind": "term", "variant": "abrupt", "step": 120},
//     {"kind": "stop", "step": 7},
//     {"kind": "restore", "step": 40},
//     {"kind": "fatal", "variant": "logdiskfull", "step": 33},
//     {"kind": "misuse", "variant": "null-psesid", "nth": 2}]}
// Every fault has a stable id (`alloc@pib.alloc#3`, `term.abrupt@step120`)
// that traces, replays and reports use.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "jetsim/sites.h"

namespace jetsim::faults {

inline constexpr int kFaultPlanFormatVersion = 1;

enum class FaultKind : std::uint8_t { kAlloc, kTerm, kStop, kRestore, kFatal, kMisuse };
enum class AllocMode : std::uint8_t { kTransient, kPersistent };
// kTerm: JetTerm2's grbit; kFatal: how the log write fails; kMisuse: which misuse.
enum class Variant : std::uint8_t {
  kNone,
  kTermAbrupt,
  kTermComplete,
  kTermDirty,
  kFatalLogWrite,
  kFatalLogDiskFull,
  kMisuseNullPsesid,    // the nth JetDupSession passes psesid = NULL
  kMisuseStaleHandle,   // the nth JetDupSession uses a handle its thread ended
  kMisuseSharedSession  // the nth JetDupSession uses a session another thread is inside
};

struct Fault {
  FaultKind kind = FaultKind::kAlloc;
  Variant variant = Variant::kNone;
  // kAlloc: fail the nth allocation (1-based; at `site` when set, else of the
  // whole case), or, when nth == 0, each with probability_ppm / 1e6.
  // kMisuse: the nth JetDupSession of the case.
  std::uint64_t nth = 0;
  std::uint32_t probability_ppm = 0;
  AllocMode mode = AllocMode::kTransient;
  std::optional<Site> site;
  // kTerm, kStop, kRestore, kFatal: the decision at which the event happens
  // (a fatal arms the log: the next write at or after it fails).
  std::uint64_t step = 0;

  // The stable id, e.g. "alloc@pib.alloc#3", "alloc@#41", "alloc@p0.05+",
  // "term.abrupt@step120", "fatal.logdiskfull@step33", "misuse.null-psesid@dup2".
  [[nodiscard]] std::string Id() const;
  // The id without its place: "alloc", "term.abrupt", "fatal.logdiskfull", ...
  [[nodiscard]] std::string KindName() const;
  [[nodiscard]] bool IsLifecycleEvent() const {
    return kind == FaultKind::kTerm || kind == FaultKind::kStop || kind == FaultKind::kRestore;
  }
};

struct FaultPlan {
  std::vector<Fault> faults;

  [[nodiscard]] bool empty() const { return faults.empty(); }
  [[nodiscard]] std::string ToJson() const;
};

// A parse error: one line, fit for "jetsim: <message>".
struct PlanError {
  std::string message;
};

[[nodiscard]] std::variant<FaultPlan, PlanError> ParseFaultPlan(std::string_view json_text);

// The deepest nesting of arrays and objects in a JSON text, outside strings:
// readers refuse deep files before parsing, so a hostile one cannot exhaust
// the stack.
[[nodiscard]] int JsonNestingDepth(std::string_view json_text);

// A value from an input (a file, a flag) fit for a one-line message: in
// single quotes, control characters and quotes escaped, at most 64
// characters of it.
[[nodiscard]] std::string Quoted(std::string_view value);

}  // namespace jetsim::faults
