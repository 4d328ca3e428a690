// The oracle: judges a case's History against the documented contract
// (contract.h) with a small reference model of one instance and its
// sessions. It reads only the history (calls with their tick intervals,
// results and the faults that fired), never the engine.
//
// Where calls overlap, an event that was in flight during a JetDupSession
// (a term, stop, restore, fatal error, another thread's session use or a
// slot being claimed or freed) may or may not have taken effect when the
// call made its checks: the oracle allows every result some choice of the
// in-flight events gives, in the profile's check order, and says when a
// result was reachable only through such a race.
#pragma once

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "jetsim/behavior.h"
#include "jetsim/scenarios/contract.h"
#include "jetsim/scenarios/history.h"

namespace jetsim::scenarios {

enum class Verdict : std::uint8_t {
  kDocumented,  // allowed, and the page's code for what happened
  kDeviation,   // allowed in esent, a named deviation from the page
  kMisuse,      // allowed, the call was outside the page's contract
  kViolation,   // no order of the in-flight events allows it
};

[[nodiscard]] const char* NameOf(Verdict verdict);

struct DupJudgement {
  std::size_t call = 0;  // index in History::calls
  JET_ERR result = 0;
  Verdict verdict = Verdict::kDocumented;
  std::string check;      // the condition that explains the result ("none": success)
  std::string deviation;  // the esent deviation id, when kDeviation
  bool via_race = false;  // explained only by an event in flight at the call
  std::set<JET_ERR> allowed;
};

struct OracleReport {
  std::vector<DupJudgement> dups;
  // Every property that did not hold, one line each.
  std::vector<std::string> violations;
  // The esent deviations the case showed (contract deviation ids).
  std::set<std::string> deviations_seen;
};

// Judges every JetDupSession of the history (property 1), its *psesid and
// probes (properties 2 and 3) and the number of live sessions (property 4).
[[nodiscard]] OracleReport Judge(const History& history, Profile profile);

// Counts, over many cases, which documented codes and deviations were
// produced and which checks were reached sequentially or through a race.
struct ContractCoverage {
  std::map<JET_ERR, std::uint64_t> documented_codes;  // documented profile, allowed results
  std::set<std::string> deviations_seen;              // esent profile
  std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> checks;  // check -> (sequential, race)
  std::uint64_t documented_cases = 0;
  std::uint64_t esent_cases = 0;
  std::uint64_t dups = 0;

  void Add(const OracleReport& report, Profile profile);
  // The documented codes never produced and the expected deviations never seen.
  [[nodiscard]] std::vector<std::string> Missing() const;
  [[nodiscard]] std::string Table() const;
};

}  // namespace jetsim::scenarios
