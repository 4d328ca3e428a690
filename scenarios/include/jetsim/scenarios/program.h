// A generated program: the API operations of every simulated thread, in
// the order each thread runs them, on one instance set up with a given
// MaxSessions. The property suites generate (and shrink) programs with
// RapidCheck; the runner runs one as a case's workload (CaseOptions::program)
// and records its History for the oracle.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "jetsim/faults/fault_plan.h"
#include "jetsim/scenarios/scenario.h"

namespace jetsim::scenarios {

enum class OpKind : std::uint8_t {
  kBegin,
  kDup,
  kEnd,
  kBeginTransaction,
  kCommit,
  kRollback,
  kSetContext,
  kResetContext,
  kStop,            // JetStopServiceInstance
  kTerm,            // JetTerm2: pick % 3 chooses abrupt, complete, dirty
  kRestore,         // JetRestoreInstance on the live instance
  kSetMaxSessions,  // after JetInit: pick % 8 as the new value
};

// Where a JetDupSession's source comes from.
enum class DupSource : std::uint8_t {
  kOwn,      // one of this thread's sessions
  kForeign,  // the session another thread began in setup (misuse when busy)
  kNil,      // JET_sesidNil
  kForged,   // a handle no call returned
  kStale,    // a session this thread ended
  kNullOut,  // one of this thread's sessions, with psesid NULL
};

struct ProgramOp {
  std::uint32_t thread = 0;
  OpKind kind = OpKind::kBegin;
  DupSource source = DupSource::kOwn;
  std::uint32_t pick = 0;  // which session (modulo what the thread holds), grbit or value
};

struct Program {
  std::uint32_t max_sessions = 4;
  std::vector<ProgramOp> ops;

  // 1 + the highest thread an operation names (at least 1).
  [[nodiscard]] std::uint32_t threads() const;
  // One line per operation, for failure reports.
  [[nodiscard]] std::string Describe() const;
};

[[nodiscard]] const char* NameOf(OpKind kind);
[[nodiscard]] const char* NameOf(DupSource source);

// The workload that runs `program`: setup creates the instance and begins
// one session per thread (published for kForeign); every call is recorded
// with its interval through Observer::Record; a successful JetDupSession
// is probed at once (JetCommitTransaction and JetResetSessionContext on the
// new session); each thread ends what it holds; the check phase ends any
// leftover and tears down with the leak checks.
[[nodiscard]] std::unique_ptr<Workload> MakeProgramWorkload(const Program& program);

// A program drawn from a case seed (the `programs` scenario): 1 to 4
// threads of 2 to 12 calls each, the same mix the property suites generate.
[[nodiscard]] Program RandomProgram(std::uint64_t seed);

// The program as JSON (replay files), and back: the program or a one-line error.
[[nodiscard]] std::string ProgramToJson(const Program& program);
[[nodiscard]] std::variant<Program, std::string> ParseProgram(const std::string& text);

}  // namespace jetsim::scenarios
