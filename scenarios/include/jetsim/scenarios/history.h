// What a case did, as the oracle sees it: every API call with the interval
// it was inside the engine, and every fault that fired. Intervals are
// ticks of one counter the workload reads just before a call enters the
// engine and just after it returns; under the simulator no other thread
// runs between reading the counter and entering (or leaving), so tick
// order is the true order of those points. The oracle reads nothing else:
// no engine state, no trace.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "jetsim/esent.h"

namespace jetsim::scenarios {

enum class ApiCall : std::uint8_t {
  kBeginSession,
  kDupSession,
  kEndSession,
  kBeginTransaction,
  kCommitTransaction,
  kRollback,
  kSetSessionContext,
  kResetSessionContext,
  kStopServiceInstance,
  kTerm,
  kRestoreInstance,
  kSetMaxSessions,
};

[[nodiscard]] std::string_view NameOf(ApiCall call);

// Why the workload made a call (the oracle judges probes differently).
enum class CallPurpose : std::uint8_t {
  kProgram,   // an operation of the generated program
  kSetup,     // before the threads ran
  kProbe,     // checks a session a JetDupSession just returned
  kTeardown,  // the thread's final cleanup
};

struct CallRecord {
  std::uint32_t thread = 0;
  ApiCall call = ApiCall::kBeginSession;
  CallPurpose purpose = CallPurpose::kProgram;
  std::uint64_t start = 0;  // tick before entering
  std::uint64_t end = 0;    // tick after returning
  // The session the call is about (JetDupSession: the source), 0 for none.
  JET_SESID session = 0;
  std::uint64_t arg = 0;  // grbit, parameter value (kSetMaxSessions: MaxSessions)
  JET_ERR result = JET_errSuccess;
  // JetBeginSession / JetDupSession: whether psesid was NULL, what *psesid
  // held before the call and after it.
  bool null_out = false;
  JET_SESID out_before = 0;
  JET_SESID out_after = 0;
  // A probe: the index (in History::calls) of the JetDupSession it checks.
  std::optional<std::size_t> probe_of;
};

enum class FaultEffect : std::uint8_t { kAllocFailed, kLogWriteFailed, kLogDiskFull };

struct FaultRecord {
  std::uint32_t thread = 0;
  std::uint64_t tick = 0;
  FaultEffect effect = FaultEffect::kAllocFailed;
};

struct History {
  bool instance_ready = false;  // setup's JetInit succeeded
  std::vector<CallRecord> calls;
  std::vector<FaultRecord> faults;
};

}  // namespace jetsim::scenarios
