#include "jetsim/scenarios/oracle.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <limits>
#include <optional>
#include <string>

namespace jetsim::scenarios {

namespace {

enum class When : std::uint8_t { kNo, kMaybe, kYes };

// An event that takes effect at some point inside [from, to], seen from a
// call inside [s, e]: done before the call began, maybe during it, or not.
When EffectBy(std::uint64_t from, std::uint64_t to, std::uint64_t s, std::uint64_t e) {
  if (to < s) return When::kYes;
  if (from < e) return When::kMaybe;
  return When::kNo;
}

When Combine(When a, When b) { return std::max(a, b); }

std::vector<int> OptionsOf(When when) {
  switch (when) {
    case When::kNo:
      return {0};
    case When::kMaybe:
      return {0, 1};
    case When::kYes:
      return {1};
  }
  return {0};
}

bool Overlaps(const CallRecord& call, std::uint64_t s, std::uint64_t e) {
  return call.start < e && call.end > s;
}

bool IsNil(JET_SESID sesid) { return sesid == 0 || sesid == JET_sesidNil; }

std::string Hex(std::uint64_t value) {
  std::array<char, 24> text{};
  std::snprintf(text.data(), text.size(), "0x%llx", static_cast<unsigned long long>(value));
  return text.data();
}

std::string CodeName(JET_ERR code) {
  const std::string name = DupContract().NameOf(code);
  return name.empty() ? std::to_string(code) : name;
}

// Term states of the instance as a call may see them.
enum TermState : int { kTermNone = 0, kTermRunning = 1, kTermTornSource = 2, kTermDone = 3 };

// One choice of the in-flight events, as the call's checks saw them.
struct World {
  bool null_out = false;
  bool nil = false;
  bool forged = false;
  bool instance_ready = true;
  int client_end = 0;
  int term = kTermNone;
  int stop = 0;
  int unavailable = 0;
  int unavailable_full = 0;
  int restore = 0;
  int sharing = 0;
  bool alloc_failed = false;
  int full = 0;
};

bool Holds(const std::string& condition, const World& w) {
  const bool unknown = w.forged || w.client_end != 0;
  if (condition == "null-psesid") return w.null_out;
  if (condition == "nil-handle") return w.nil;
  if (condition == "unknown-handle") return unknown;
  if (condition == "term-ended-handle") return !unknown && (w.term == kTermTornSource || w.term == kTermDone);
  if (condition == "no-instance") return !w.instance_ready || w.term == kTermDone;
  if (condition == "all-terminating" || condition == "term")
    return w.term == kTermRunning || w.term == kTermTornSource;
  if (condition == "stop") return w.stop != 0;
  if (condition == "unavailable") return w.unavailable != 0;
  if (condition == "unavailable-disk-full") return w.unavailable_full != 0;
  if (condition == "restore") return w.restore != 0;
  if (condition == "sharing") return w.sharing != 0;
  if (condition == "alloc-failed") return w.alloc_failed;
  if (condition == "full") return w.full != 0;
  return false;
}

// The first check of the profile's order that holds, or -1 (success).
int FirstFailing(const std::vector<ContractCheck>& order, const World& world) {
  for (std::size_t i = 0; i < order.size(); ++i) {
    if (Holds(order[i].when, world)) return static_cast<int>(i);
  }
  return -1;
}

// What the history says about sessions and lifecycle events, indexed once.
class Model {
 public:
  explicit Model(const History& history) : history_(history) {
    const auto& calls = history.calls;
    for (std::size_t i = 0; i < calls.size(); ++i) {
      const CallRecord& call = calls[i];
      // MaxSessions: the last value a JetSetSystemParameter accepted (after
      // JetInit only the same value is).
      if (call.call == ApiCall::kSetMaxSessions && call.result == JET_errSuccess) max_sessions_ = call.arg;
      const bool creates = call.call == ApiCall::kBeginSession || call.call == ApiCall::kDupSession;
      if (creates && call.result == JET_errSuccess && !call.null_out) lives_.push_back(Life{i, std::nullopt});
      if (call.call == ApiCall::kStopServiceInstance && call.result == JET_errSuccess) stops_.push_back(i);
      if (call.call == ApiCall::kRestoreInstance && call.result == JET_errSuccess) restores_.push_back(i);
    }
    for (Life& life : lives_) {
      const CallRecord& born = calls[life.create];
      for (std::size_t i = 0; i < calls.size(); ++i) {
        const CallRecord& call = calls[i];
        if (call.call == ApiCall::kEndSession && call.result == JET_errSuccess &&
            call.session == born.out_after && call.start > born.end &&
            (!life.end || call.start < calls[*life.end].start)) {
          life.end = i;
        }
      }
    }
    for (const FaultRecord& fault : history.faults) {
      if (fault.effect == FaultEffect::kAllocFailed) continue;
      Fatal fatal{fault.tick, fault.tick, fault.effect == FaultEffect::kLogDiskFull};
      for (std::size_t i = 0; i < calls.size(); ++i) {
        const CallRecord& call = calls[i];
        if (call.thread == fault.thread && call.start < fault.tick && fault.tick < call.end) {
          fatal.to = call.end;
          // A term whose flush failed still tore the instance down.
          if (call.call == ApiCall::kTerm) failed_flush_terms_.push_back(i);
        }
      }
      fatals_.push_back(fatal);
    }
    for (std::size_t i = 0; i < calls.size(); ++i) {
      const CallRecord& call = calls[i];
      const bool flushed =
          std::find(failed_flush_terms_.begin(), failed_flush_terms_.end(), i) != failed_flush_terms_.end();
      if (call.call == ApiCall::kTerm && (call.result == JET_errSuccess || flushed)) {
        if (!term_) term_ = i;
      }
    }
  }

  struct Life {
    std::size_t create;
    std::optional<std::size_t> end;  // the successful JetEndSession
  };
  struct Fatal {
    std::uint64_t from;
    std::uint64_t to;
    bool disk_full;
  };

  [[nodiscard]] const Life* LifeOf(JET_SESID handle, std::uint64_t before) const {
    const Life* found = nullptr;
    for (const Life& life : lives_) {
      const CallRecord& born = history_.calls[life.create];
      if (born.out_after == handle && born.end < before) found = &life;
    }
    return found;
  }

  // Whether `life` holds a slot when a call inside [s, e] claims one:
  // certainly, possibly.
  [[nodiscard]] std::pair<bool, bool> Occupies(const Life& life, std::uint64_t s, std::uint64_t e) const {
    const CallRecord& born = history_.calls[life.create];
    const CallRecord* ended = life.end ? &history_.calls[*life.end] : nullptr;
    const bool possibly = born.start < e && !(ended != nullptr && ended->end < s);
    const bool certainly = born.end < s && !(ended != nullptr && ended->start < e);
    return {certainly, possibly};
  }

  [[nodiscard]] World WorldOf(const CallRecord& dup, std::size_t index,
                              std::array<std::vector<int>, 8>& dims) const {
    const std::uint64_t s = dup.start;
    const std::uint64_t e = dup.end;
    World world;
    world.null_out = dup.null_out;
    world.nil = IsNil(dup.session);
    world.instance_ready = history_.instance_ready;
    const Life* life = world.nil ? nullptr : LifeOf(dup.session, s);
    world.forged = !world.nil && life == nullptr;

    When client_end = When::kNo;
    if (life != nullptr && life->end) {
      const CallRecord& end = history_.calls[*life->end];
      client_end = EffectBy(end.start, end.end, s, e);
    }
    dims[0] = OptionsOf(client_end);

    dims[1] = {kTermNone};
    if (term_) {
      const CallRecord& term = history_.calls[*term_];
      const When when = EffectBy(term.start, term.end, s, e);
      if (when == When::kYes) dims[1] = {kTermDone};
      if (when == When::kMaybe) {
        dims[1] = {kTermNone, kTermRunning, kTermDone};
        if (life != nullptr) dims[1].push_back(kTermTornSource);
      }
    }

    When stop = When::kNo;
    for (const std::size_t i : stops_)
      stop = Combine(stop, EffectBy(history_.calls[i].start, history_.calls[i].end, s, e));
    dims[2] = OptionsOf(stop);

    When unavailable = When::kNo;
    When unavailable_full = When::kNo;
    for (const Fatal& fatal : fatals_) {
      When& which = fatal.disk_full ? unavailable_full : unavailable;
      which = Combine(which, EffectBy(fatal.from, fatal.to, s, e));
    }
    dims[3] = OptionsOf(unavailable);
    dims[4] = OptionsOf(unavailable_full);

    bool restoring = false;
    for (const std::size_t i : restores_) restoring = restoring || Overlaps(history_.calls[i], s, e);
    dims[5] = OptionsOf(restoring ? When::kMaybe : When::kNo);

    dims[6] = OptionsOf(life != nullptr ? Sharing(dup, *life) : When::kNo);

    for (const FaultRecord& fault : history_.faults) {
      if (fault.effect == FaultEffect::kAllocFailed && fault.thread == dup.thread && s < fault.tick &&
          fault.tick < e) {
        world.alloc_failed = true;
      }
    }

    std::uint64_t certain = 0;
    std::uint64_t possible = 0;
    for (const Life& other : lives_) {
      if (other.create == index) continue;
      const auto [certainly, possibly] = Occupies(other, s, e);
      certain += certainly ? 1 : 0;
      possible += possibly ? 1 : 0;
    }
    const std::uint64_t limit = max_sessions_;
    dims[7] = OptionsOf(certain >= limit ? When::kYes : possible >= limit ? When::kMaybe : When::kNo);
    return world;
  }

  // Whether another thread was using the source, or held its context.
  [[nodiscard]] When Sharing(const CallRecord& dup, const Life& life) const {
    const std::uint64_t s = dup.start;
    const std::uint64_t e = dup.end;
    const JET_SESID handle = dup.session;
    const std::uint64_t born = history_.calls[life.create].end;
    When when = When::kNo;
    bool owner_changing = false;
    std::uint32_t owner = kNoOwner;
    std::uint64_t owner_since = 0;
    for (const CallRecord& call : history_.calls) {
      if (call.session != handle || call.start < born || &call == &dup) continue;
      if (call.thread != dup.thread && Overlaps(call, s, e)) when = When::kMaybe;
      const bool sets = call.call == ApiCall::kSetSessionContext;
      const bool clears = call.call == ApiCall::kResetSessionContext || call.call == ApiCall::kEndSession;
      if ((!sets && !clears) || call.result != JET_errSuccess) continue;
      if (call.end < s && call.end > owner_since) {
        owner = sets ? call.thread : kNoOwner;
        owner_since = call.end;
      } else if (Overlaps(call, s, e) && sets && call.thread != dup.thread) {
        when = When::kMaybe;
      } else if (Overlaps(call, s, e) && clears) {
        owner_changing = true;
      }
    }
    if (owner != kNoOwner && owner != dup.thread) {
      when = owner_changing ? When::kMaybe : Combine(when, When::kYes);
    }
    return when;
  }

  [[nodiscard]] const History& history() const { return history_; }
  [[nodiscard]] const std::vector<Life>& lives() const { return lives_; }
  [[nodiscard]] const std::optional<std::size_t>& term() const { return term_; }
  [[nodiscard]] std::uint64_t max_sessions() const { return max_sessions_; }

 private:
  static constexpr std::uint32_t kNoOwner = 0xFFFFFFFF;
  const History& history_;
  std::vector<Life> lives_;
  std::vector<std::size_t> stops_;
  std::vector<std::size_t> restores_;
  std::vector<Fatal> fatals_;
  std::vector<std::size_t> failed_flush_terms_;
  std::optional<std::size_t> term_;
  std::uint64_t max_sessions_ = 16;  // JET_paramMaxSessions' default
};

void SetDim(World& world, std::size_t dim, int value) {
  switch (dim) {
    case 0:
      world.client_end = value;
      break;
    case 1:
      world.term = value;
      break;
    case 2:
      world.stop = value;
      break;
    case 3:
      world.unavailable = value;
      break;
    case 4:
      world.unavailable_full = value;
      break;
    case 5:
      world.restore = value;
      break;
    case 6:
      world.sharing = value;
      break;
    default:
      world.full = value;
      break;
  }
}

struct Explanation {
  int check = -1;
  int flips = 0;
};

// Every result some choice of the in-flight events gives, each with the
// check behind it and the fewest in-flight events it needs.
std::map<JET_ERR, Explanation> AllowedResults(const std::vector<ContractCheck>& order, World world,
                                              const std::array<std::vector<int>, 8>& dims) {
  std::map<JET_ERR, Explanation> allowed;
  std::array<std::size_t, 8> at{};
  for (;;) {
    int flips = 0;
    for (std::size_t d = 0; d < dims.size(); ++d) {
      SetDim(world, d, dims[d][at[d]]);
      flips += at[d] > 0 ? 1 : 0;
    }
    const int check = FirstFailing(order, world);
    const JET_ERR code = check < 0 ? JET_errSuccess : order[static_cast<std::size_t>(check)].code;
    const auto found = allowed.find(code);
    if (found == allowed.end() || flips < found->second.flips) allowed[code] = Explanation{check, flips};
    std::size_t d = 0;
    while (d < dims.size() && ++at[d] == dims[d].size()) at[d++] = 0;
    if (d == dims.size()) break;
  }
  return allowed;
}

std::string Describe(const CallRecord& call, std::size_t index) {
  return std::string(NameOf(call.call)) + " #" + std::to_string(index) + " (t" + std::to_string(call.thread) +
         ", session " + Hex(call.session) + ", ticks " + std::to_string(call.start) + ".." +
         std::to_string(call.end) + ")";
}

void CheckPsesid(const Model& model, const CallRecord& dup, std::size_t index, OracleReport& report) {
  const auto& calls = model.history().calls;
  if (dup.null_out) return;
  if (dup.result != JET_errSuccess) {
    if (dup.out_after != dup.out_before) {
      report.violations.push_back("[P2] " + Describe(dup, index) + " returned " + CodeName(dup.result) +
                                  " and wrote *psesid (" + Hex(dup.out_before) + " -> " + Hex(dup.out_after) +
                                  ")");
    }
    return;
  }
  if (IsNil(dup.out_after) || dup.out_after == dup.out_before) {
    report.violations.push_back("[P2] " + Describe(dup, index) + " succeeded with *psesid " +
                                Hex(dup.out_after));
    return;
  }
  for (const Model::Life& other : model.lives()) {
    if (other.create == index || calls[other.create].out_after != dup.out_after) continue;
    if (model.Occupies(other, dup.start, dup.end).first) {
      report.violations.push_back("[P2] " + Describe(dup, index) + " returned handle " + Hex(dup.out_after) +
                                  ", which call #" + std::to_string(other.create) + " returned and is live");
    }
  }
}

// A probe of a new session: it works, and it has no transaction or
// context (nothing was copied from the source).
void CheckProbe(const Model& model, const CallRecord& probe, std::size_t index, OracleReport& report) {
  const std::string what = Describe(probe, index) + " on the session JetDupSession #" +
                           std::to_string(*probe.probe_of) + " returned";
  if (probe.result == JET_errSuccess) {
    report.violations.push_back("[P3] " + what + " JET_errSuccess: the new session has " +
                                (probe.call == ApiCall::kCommitTransaction ? "a transaction" : "a context") +
                                " it can only have copied from its source");
    return;
  }
  const bool term_began = model.term() && model.history().calls[*model.term()].start < probe.end;
  // Once a term began, it may have ended the new session already.
  const bool dead_handle_code = probe.result == JET_errInvalidParameter ||
                                probe.result == JET_errInvalidSesid || probe.result == JET_errNotInitialized;
  const bool dead = probe.result == JET_errSessionSharingViolation || (dead_handle_code && !term_began);
  if (dead)
    report.violations.push_back("[P2] " + what + " " + CodeName(probe.result) +
                                ": the new session does not work");
}

// Property 4, directly: at no point are more than MaxSessions sessions
// certainly live (before any term began tearing them down).
void CheckSessionCount(const Model& model, OracleReport& report) {
  const auto& calls = model.history().calls;
  const std::uint64_t term_start =
      model.term() ? calls[*model.term()].start : std::numeric_limits<std::uint64_t>::max();
  for (const Model::Life& life : model.lives()) {
    const std::uint64_t at = calls[life.create].end;
    if (at > term_start) continue;
    std::uint64_t live = 0;
    for (const Model::Life& other : model.lives()) {
      const bool born = calls[other.create].end <= at;
      const bool ending = other.end && calls[*other.end].start < at;
      live += born && !ending ? 1 : 0;
    }
    if (live > model.max_sessions()) {
      report.violations.push_back("[P4] " + std::to_string(live) + " sessions were live at tick " +
                                  std::to_string(at) + " with MaxSessions " +
                                  std::to_string(model.max_sessions()) + " (after " +
                                  Describe(calls[life.create], life.create) + ")");
      return;
    }
  }
}

}  // namespace

const char* NameOf(Verdict verdict) {
  switch (verdict) {
    case Verdict::kDocumented:
      return "documented";
    case Verdict::kDeviation:
      return "deviation";
    case Verdict::kMisuse:
      return "misuse";
    case Verdict::kViolation:
      return "violation";
  }
  return "?";
}

OracleReport Judge(const History& history, Profile profile) {
  const Contract& contract = DupContract();
  const std::vector<ContractCheck>& order = contract.order(profile);
  const Model model(history);
  OracleReport report;
  for (std::size_t i = 0; i < history.calls.size(); ++i) {
    const CallRecord& call = history.calls[i];
    if (call.probe_of) CheckProbe(model, call, i, report);
    if (call.call == ApiCall::kRestoreInstance && profile == Profile::kEsent &&
        call.result == JET_errAlreadyInitialized && history.instance_ready) {
      report.deviations_seen.insert("restore-unreachable");
    }
    if (call.call != ApiCall::kDupSession) continue;
    std::array<std::vector<int>, 8> dims;
    const World world = model.WorldOf(call, i, dims);
    const std::map<JET_ERR, Explanation> allowed = AllowedResults(order, world, dims);
    DupJudgement judgement;
    judgement.call = i;
    judgement.result = call.result;
    for (const auto& [code, explanation] : allowed) judgement.allowed.insert(code);
    const auto found = allowed.find(call.result);
    if (found == allowed.end()) {
      judgement.verdict = Verdict::kViolation;
      std::string text = "[P1] " + Describe(call, i) + " returned " + CodeName(call.result) + "; the " +
                         std::string(jetsim::NameOf(profile)) + " contract allows ";
      for (const auto& [code, explanation] : allowed) {
        text += CodeName(code) + " (" +
                (explanation.check < 0 ? std::string("none")
                                       : order[static_cast<std::size_t>(explanation.check)].when) +
                ") ";
      }
      report.violations.push_back(text);
    } else {
      const Explanation& why = found->second;
      judgement.via_race = why.flips > 0;
      if (why.check < 0) {
        judgement.check = "none";
      } else {
        const ContractCheck& check = order[static_cast<std::size_t>(why.check)];
        judgement.check = check.when;
        judgement.deviation = check.deviation;
        judgement.verdict = check.misuse              ? Verdict::kMisuse
                            : check.deviation.empty() ? Verdict::kDocumented
                                                      : Verdict::kDeviation;
        if (!check.deviation.empty()) report.deviations_seen.insert(check.deviation);
      }
    }
    CheckPsesid(model, call, i, report);
    report.dups.push_back(std::move(judgement));
  }
  CheckSessionCount(model, report);
  return report;
}

void ContractCoverage::Add(const OracleReport& report, Profile profile) {
  ++(profile == Profile::kEsent ? esent_cases : documented_cases);
  for (const DupJudgement& judgement : report.dups) {
    ++dups;
    if (judgement.verdict == Verdict::kViolation) continue;
    if (profile == Profile::kDocumented && DupContract().IsDocumented(judgement.result))
      ++documented_codes[judgement.result];
    auto& [sequential, race] = checks[std::string(jetsim::NameOf(profile)) + " " + judgement.check];
    ++(judgement.via_race ? race : sequential);
  }
  if (profile == Profile::kEsent)
    deviations_seen.insert(report.deviations_seen.begin(), report.deviations_seen.end());
}

std::vector<std::string> ContractCoverage::Missing() const {
  std::vector<std::string> missing;
  for (const ContractCode& code : DupContract().codes) {
    if (documented_codes.count(code.value) == 0)
      missing.push_back("documented profile never returned " + code.name);
  }
  for (const ContractDeviation& deviation : DupContract().deviations) {
    if (deviations_seen.count(deviation.id) == 0)
      missing.push_back("esent profile never showed deviation " + deviation.id);
  }
  return missing;
}

std::string ContractCoverage::Table() const {
  std::string text = "contract coverage: " + std::to_string(documented_cases) + " documented and " +
                     std::to_string(esent_cases) + " esent cases, " + std::to_string(dups) +
                     " JetDupSession calls\n";
  if (documented_cases != 0) {
    text += "  documented codes (documented profile, allowed results):\n";
    for (const ContractCode& code : DupContract().codes) {
      const auto found = documented_codes.find(code.value);
      text += "    " + code.name + ": " +
              std::to_string(found == documented_codes.end() ? 0 : found->second) + "\n";
    }
  }
  if (esent_cases != 0) {
    text += "  deviations (esent profile):\n";
    for (const ContractDeviation& deviation : DupContract().deviations) {
      text += "    " + deviation.id + ": " +
              (deviations_seen.count(deviation.id) != 0 ? "seen" : "NOT SEEN") + "\n";
    }
  }
  text += "  check that decided the result: sequentially / only through a race (an event in flight)\n";
  for (const auto& [check, counts] : checks) {
    text +=
        "    " + check + ": " + std::to_string(counts.first) + " / " + std::to_string(counts.second) + "\n";
  }
  return text;
}

}  // namespace jetsim::scenarios
