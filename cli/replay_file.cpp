#include "replay_file.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <type_traits>

#include "jetsim/faults/fault_plan.h"

namespace jetsim::cli {

namespace {

using nlohmann::json;

constexpr std::size_t kMaxReplayBytes = 64 << 20;
constexpr int kMaxDepth = 16;
constexpr std::uint64_t kMaxDecisions = 100'000'000;

// Whether `value` is a whole number that fits T (nlohmann converts a
// float or an out-of-range number with a plain cast: undefined behaviour).
template <class T>
bool FitsInteger(const json& value) {
  if (std::is_signed_v<T> && value.is_number_integer() && !value.is_number_unsigned()) {
    const std::int64_t v = value.get<std::int64_t>();
    return v >= static_cast<std::int64_t>(std::numeric_limits<T>::min()) &&
           v <= static_cast<std::int64_t>(std::numeric_limits<T>::max());
  }
  return value.is_number_unsigned() &&
         value.get<std::uint64_t>() <= static_cast<std::uint64_t>(std::numeric_limits<T>::max());
}

// Whether `value` can become a T without undefined behaviour.
template <class T>
bool Convertible(const json& value) {
  if constexpr (std::is_same_v<T, bool> || std::is_same_v<T, std::string>) {
    return true;  // get<> checks these and throws
  } else if constexpr (std::is_integral_v<T>) {
    return FitsInteger<T>(value);
  } else {  // a vector of whole numbers or of strings
    if (!value.is_array()) return false;
    return std::all_of(value.begin(), value.end(),
                       [](const json& element) { return Convertible<typename T::value_type>(element); });
  }
}

// Reads a required field of a type, or says which one is wrong.
template <class T>
bool Read(const json& object, const char* key, T& out, std::string& error) {
  if (!object.contains(key)) {
    error = std::string("replay file has no '") + key + "'";
    return false;
  }
  const auto wrong_type = [&] {
    error = std::string("replay file's '") + key + "' has the wrong type";
    return false;
  };
  if (!Convertible<T>(object.at(key))) return wrong_type();
  try {
    out = object.at(key).get<T>();
  } catch (const json::exception&) {
    return wrong_type();
  }
  return true;
}

}  // namespace

std::string BuildId() { return std::string(JETSIM_VERSION) + " (" + JETSIM_GIT_REVISION + ")"; }

Replay MakeReplay(const scenarios::CaseOptions& options, const scenarios::CaseResult& result) {
  Replay replay;
  replay.build = BuildId();
  replay.options = options;
  replay.options.plan = result.plan;
  replay.options.keep_trace = false;
  // A shrunk case followed a prefix of decisions, then the random strategy
  // from its seed: the file's decisions hold the whole schedule it ran.
  if (replay.options.strategy == sim::StrategyKind::kReplay)
    replay.options.strategy = sim::StrategyKind::kRandom;
  // A generated program is written out, so the file runs on its own (and
  // a shrunk program can differ from the seed's).
  if (!replay.options.program && options.scenario == "programs")
    replay.options.program = scenarios::RandomProgram(options.seed);
  replay.decisions = result.decisions;
  replay.expected_passed = result.passed;
  replay.expected_class = std::string(scenarios::NameOf(result.outcome));
  replay.expected_outcome = scenarios::Summarize(result);
  replay.expected_fingerprint = result.fingerprint;
  return replay;
}

std::string ToJson(const Replay& replay) {
  const scenarios::CaseOptions& o = replay.options;
  json switches = json::array();
  const Behavior behavior = [&] {
    Behavior b = Behavior::For(o.profile);
    for (const std::string& bug : o.bugs) {
      if (const auto s = FindSwitch(bug)) b.Set(*s);
    }
    return b;
  }();
  for (const SwitchInfo& info : AllSwitches()) {
    if (behavior.Has(info.id)) switches.push_back(info.name);
  }
  const json plan = json::parse(o.plan ? o.plan->ToJson() : faults::FaultPlan{}.ToJson());
  json document = {
      {"format_version", kReplayFormatVersion},
      {"build", replay.build},
      {"scenario", o.scenario},
      {"seed", o.seed},
      {"profile", std::string(NameOf(o.profile))},
      {"strategy", std::string(sim::NameOf(o.strategy))},
      {"pct_depth", o.pct_depth},
      {"step_budget", o.step_budget},
      {"bugs", o.bugs},
      {"switches", switches},
      {"fault_plan", plan},
      {"decisions", replay.decisions},
      {"expected",
       {{"passed", replay.expected_passed},
        {"class", replay.expected_class},
        {"outcome", replay.expected_outcome},
        {"fingerprint", sim::FormatFingerprint(replay.expected_fingerprint)}}},
  };
  if (o.program) document["program"] = json::parse(scenarios::ProgramToJson(*o.program));
  return document.dump() + "\n";
}

std::variant<Replay, std::string> ParseReplay(std::string_view text) {
  if (text.size() > kMaxReplayBytes) return std::string("replay file is larger than 64 MiB");
  if (faults::JsonNestingDepth(text) > kMaxDepth) return std::string("replay file is nested too deeply");
  const json document = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) return std::string("replay file is not valid JSON");
  if (!document.is_object()) return std::string("replay file must be a JSON object");
  std::string error;
  int version = 0;
  if (!Read(document, "format_version", version, error)) return error;
  if (version != kReplayFormatVersion) {
    return "replay file format_version " + std::to_string(version) + " is not supported (expected " +
           std::to_string(kReplayFormatVersion) + ")";
  }
  Replay replay;
  scenarios::CaseOptions& o = replay.options;
  std::string profile;
  std::string strategy;
  std::string fingerprint;
  if (!Read(document, "build", replay.build, error) || !Read(document, "scenario", o.scenario, error) ||
      !Read(document, "seed", o.seed, error) || !Read(document, "profile", profile, error) ||
      !Read(document, "strategy", strategy, error) || !Read(document, "pct_depth", o.pct_depth, error) ||
      !Read(document, "step_budget", o.step_budget, error) || !Read(document, "bugs", o.bugs, error) ||
      !Read(document, "decisions", replay.decisions, error)) {
    return error;
  }
  if (scenarios::FindScenario(o.scenario) == nullptr)
    return "replay file names an unknown scenario " + faults::Quoted(o.scenario);
  const std::optional<Profile> found_profile = FindProfile(profile);
  if (!found_profile) return "replay file names an unknown profile " + faults::Quoted(profile);
  o.profile = *found_profile;
  const std::optional<sim::StrategyKind> found_strategy = sim::FindStrategy(strategy);
  if (!found_strategy || *found_strategy == sim::StrategyKind::kReplay) {
    return "replay file names an unknown strategy " + faults::Quoted(strategy);
  }
  o.strategy = *found_strategy;
  if (o.pct_depth < 1 || o.pct_depth > 64) return std::string("replay file's pct_depth must be 1..64");
  if (o.step_budget < 1) return std::string("replay file's step_budget must be at least 1");
  if (replay.decisions.size() > kMaxDecisions) return std::string("replay file has too many decisions");
  for (const std::string& bug : o.bugs) {
    const std::optional<Switch> found = FindSwitch(bug);
    if (!found || !InfoOf(*found).is_bug) return "replay file names an unknown bug " + faults::Quoted(bug);
  }
  if (!document.contains("fault_plan")) return std::string("replay file has no 'fault_plan'");
  auto plan = faults::ParseFaultPlan(document["fault_plan"].dump());
  if (auto* plan_error = std::get_if<faults::PlanError>(&plan))
    return "replay file's fault_plan: " + plan_error->message;
  o.plan = std::get<faults::FaultPlan>(std::move(plan));
  if (document.contains("program")) {
    auto program = scenarios::ParseProgram(document["program"].dump());
    if (auto* program_error = std::get_if<std::string>(&program)) return "replay file's " + *program_error;
    o.program = std::get<scenarios::Program>(std::move(program));
  }
  if (!document.contains("expected") || !document["expected"].is_object()) {
    return std::string("replay file has no 'expected' object");
  }
  const json& expected = document["expected"];
  if (!Read(expected, "passed", replay.expected_passed, error) ||
      !Read(expected, "class", replay.expected_class, error) ||
      !Read(expected, "outcome", replay.expected_outcome, error) ||
      !Read(expected, "fingerprint", fingerprint, error)) {
    return error;
  }
  char* end = nullptr;
  replay.expected_fingerprint = std::strtoull(fingerprint.c_str(), &end, 16);
  if (fingerprint.size() != 16 || end != fingerprint.c_str() + 16) {
    return std::string("replay file's expected fingerprint is not 16 hex digits");
  }
  return replay;
}

bool WriteFileAtomically(const std::string& path, const std::string& contents) {
  const std::string temporary = path + ".partial";
  {
    std::ofstream out(temporary, std::ios::trunc | std::ios::binary);
    if (!out) return false;
    out << contents;
    if (!out.flush()) {
      out.close();
      std::remove(temporary.c_str());
      return false;
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    std::remove(temporary.c_str());
    return false;
  }
  return true;
}

}  // namespace jetsim::cli
