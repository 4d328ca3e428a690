#include "jetsim/reports/conformance.h"

#include <algorithm>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "jetsim/scenarios/contract.h"

namespace jetsim::reports {

namespace {

using nlohmann::json;

constexpr std::size_t kExampleIds = 5;

// A count or step of a results line: a whole number >= 0, else the line is
// bad (nlohmann would cast a float or a negative number: undefined).
std::uint64_t Whole(const json& value) {
  if (!value.is_number_unsigned()) throw std::invalid_argument("a count or step is not a whole number");
  return value.get<std::uint64_t>();
}

// `object[key]` as a whole number, or `otherwise` when absent.
std::uint64_t WholeOr(const json& object, const std::string& key, std::uint64_t otherwise) {
  return object.is_object() && object.contains(key) ? Whole(object.at(key)) : otherwise;
}

// "term.abrupt@step120" -> "term"; "alloc@pib.alloc#3" -> "alloc".
std::string KindOfId(const std::string& id) {
  const std::string head = id.substr(0, id.find('@'));
  return head.substr(0, head.find('.'));
}

std::string CommandOf(const json& line) {
  if (line.contains("replay_min")) return "jetsim replay " + line["replay_min"].get<std::string>();
  if (line.contains("replay")) return "jetsim replay " + line["replay"].get<std::string>();
  return line.value("rerun", std::string());
}

// The JUnit properties a line breaks.
std::vector<std::string> BrokenProperties(const json& line) {
  std::vector<std::string> broken;
  const std::string cls = line.value("class", "");
  const std::string outcome = line.value("outcome", "");
  if (cls == "crashed") broken.emplace_back("completes");
  if (cls == "leaked") broken.emplace_back("nothing-leaks");
  // A violated property (the runner's or the oracle's), not only a class.
  if (!line.value("passed", true) && cls != "crashed" && cls != "leaked" &&
      outcome != "fail: undocumented JetDupSession result") {
    broken.emplace_back("properties-hold");
  }
  if (line.value("profile", "") == "documented" && cls == "undocumented")
    broken.emplace_back("codes-documented");
  return broken;
}

class Builder {
 public:
  Builder() {
    for (const char* profile : {"documented", "esent"}) {
      ProfileReport report;
      report.profile = profile;
      for (const scenarios::ContractCode& code : scenarios::DupContract().codes) {
        CodeRow row;
        row.code = code.name;
        row.documented = true;
        row.meaning = code.meaning;
        row.page_zh = code.page_zh;
        report.documented.push_back(row);
        for (const std::string& kind : FaultKinds())
          report.matrix.push_back(Cell{code.name, kind, "not-reached", 0, ""});
      }
      profiles_[profile] = report;
    }
  }

  void Add(const json& line, std::uint64_t number) {
    const std::string profile = line.at("profile").get<std::string>();
    if (profiles_.count(profile) == 0)
      throw std::invalid_argument("line " + std::to_string(number) + ": unknown profile");
    ProfileReport& report = profiles_[profile];
    const std::uint64_t index = Whole(line.at("case"));
    ++report.cases;
    ++cases_;
    seeds_.insert(Whole(line.at("seed")));
    const bool passed = line.at("passed").get<bool>();
    if (!passed) {
      ++report.failed;
      failures_.push_back(Failure{index, line.at("scenario").get<std::string>(), profile,
                                  line.value("outcome", ""),
                                  line.value("replay_min", line.value("replay", ""))});
    }
    // Which fault kinds fired, and which faults.
    std::set<std::string> kinds;
    std::vector<std::string> ids;
    for (const json& fired : line.at("fired")) {
      const std::string id = fired.at("id").get<std::string>();
      kinds.insert(KindOfId(id));
      ids.push_back(id);
      ++report.fault_classes[KindOfId(id)][fired.value("class", "?")];
    }
    std::uint64_t first_fired = std::numeric_limits<std::uint64_t>::max();
    for (const json& fired : line.at("fired")) first_fired = std::min(first_fired, Whole(fired.at("step")));
    const json after = line.value("dup_after_fault", json::object());
    const json& first_steps = line.at("dup_first_step");
    for (const auto& [code, count] : line.at("dup_results").items()) {
      // A code counts under each fault kind that had fired when it was
      // returned, and under "none" when it was returned before any fault.
      std::set<std::string> cell_kinds;
      const bool after_fault = after.contains(code) || (code == "JET_errSuccess" && !kinds.empty());
      if (after_fault) cell_kinds = kinds;
      if (kinds.empty() || WholeOr(first_steps, code, 0) < first_fired) cell_kinds.insert("none");
      CodeRow& row = RowFor(report, code);
      const std::uint64_t step = WholeOr(line.at("dup_first_step"), code, 0);
      if (row.cases == 0 || step < row.first_step) row.first_step = step;
      if (row.cases == 0) {
        row.example_case = index;
        row.example_command = CommandOf(line);
      }
      ++row.cases;
      for (const std::string& kind : cell_kinds) {
        ++row.fault_kinds[kind];
        Cell* found = CellFor(report, code, kind);
        if (found == nullptr) continue;  // an undocumented code: no matrix row
        Cell& cell = *found;
        ++cell.cases;
        if (!passed && cell.status != "failed") {
          cell.status = "failed";
          cell.command = CommandOf(line);
        } else if (cell.command.empty()) {
          cell.status = "reached";
          cell.command = CommandOf(line);
        }
      }
      for (const std::string& id : ids) {
        if (row.fault_ids.size() < kExampleIds) row.fault_ids.insert(id);
      }
    }
    for (const json& deviation : line.value("deviations", json::array()))
      report.deviations_seen.insert(deviation.get<std::string>());
    std::set<std::string> unreached;
    for (const json& site : line.value("sites_unreached", json::array()))
      unreached.insert(site.get<std::string>());
    if (first_line_) {
      never_reached_ = unreached;
      first_line_ = false;
    } else {
      std::set<std::string> both;
      std::set_intersection(never_reached_.begin(), never_reached_.end(), unreached.begin(), unreached.end(),
                            std::inserter(both, both.begin()));
      never_reached_ = both;
    }
    const std::pair<std::string, std::string> key{line.at("scenario").get<std::string>(), profile};
    auto& properties = junit_[key];
    for (const std::string& property : JUnitProperties()) {
      // codes-documented is the documented profile's promise only.
      if (property != "codes-documented" || profile == "documented") properties[property];
    }
    for (const std::string& property : BrokenProperties(line)) {
      properties[property].push_back(failures_.empty() ? Failure{} : failures_.back());
    }
  }

  Conformance Finish(const std::string& campaign_json) {
    Conformance report;
    if (!campaign_json.empty()) {
      const json meta = json::parse(campaign_json, nullptr, false);
      if (meta.is_object()) {
        // campaign.json only describes: a field of another type is ignored.
        if (meta.contains("build") && meta["build"].is_string())
          report.build = meta["build"].get<std::string>();
        if (meta.contains("seed") && meta["seed"].is_number_unsigned())
          report.campaign_seed = meta["seed"].get<std::uint64_t>();
        if (meta.contains("seconds") && meta["seconds"].is_number())
          report.seconds = meta["seconds"].get<double>();
      }
    }
    report.cases = cases_;
    report.seeds = seeds_.size();
    for (auto& [name, profile] : profiles_) {
      std::sort(profile.undocumented.begin(), profile.undocumented.end(),
                [](const CodeRow& a, const CodeRow& b) { return a.code < b.code; });
      report.profiles.push_back(profile);
    }
    for (const scenarios::ContractDeviation& d : scenarios::DupContract().deviations) {
      report.deviations.push_back(Deviation{d.id, d.code_name, d.kind, d.reason,
                                            profiles_["esent"].deviations_seen.count(d.id) != 0});
    }
    report.sites_never_reached.assign(never_reached_.begin(), never_reached_.end());
    report.failures = failures_;
    report.junit = junit_;
    return report;
  }

 private:
  CodeRow& RowFor(ProfileReport& report, const std::string& code) {
    for (CodeRow& row : report.documented) {
      if (row.code == code) return row;
    }
    for (CodeRow& row : report.undocumented) {
      if (row.code == code) return row;
    }
    CodeRow row;
    row.code = code;
    report.undocumented.push_back(row);
    return report.undocumented.back();
  }

  static Cell* CellFor(ProfileReport& report, const std::string& code, const std::string& kind) {
    for (Cell& cell : report.matrix) {
      if (cell.code == code && cell.fault_kind == kind) return &cell;
    }
    return nullptr;
  }

  std::map<std::string, ProfileReport> profiles_;
  std::uint64_t cases_ = 0;
  std::set<std::uint64_t> seeds_;
  std::vector<Failure> failures_;
  std::set<std::string> never_reached_;
  bool first_line_ = true;
  std::map<std::pair<std::string, std::string>, std::map<std::string, std::vector<Failure>>> junit_;
};

}  // namespace

const std::vector<std::string>& FaultKinds() {
  static const std::vector<std::string> kinds = {"none",    "alloc", "term",  "stop",
                                                 "restore", "fatal", "misuse"};
  return kinds;
}

const std::vector<std::string>& JUnitProperties() {
  static const std::vector<std::string> properties = {"completes", "nothing-leaks", "properties-hold",
                                                      "codes-documented"};
  return properties;
}

Conformance Build(const std::string& results_jsonl, const std::string& campaign_json) {
  Builder builder;
  std::istringstream in(results_jsonl);
  std::string text;
  std::uint64_t number = 0;
  while (std::getline(in, text)) {
    ++number;
    if (text.empty()) continue;
    const json line = json::parse(text, nullptr, false);
    if (line.is_discarded() || !line.is_object())
      throw std::invalid_argument("results line " + std::to_string(number) + " is not a JSON object");
    try {
      builder.Add(line, number);
    } catch (const json::exception& error) {
      throw std::invalid_argument("results line " + std::to_string(number) + ": " + error.what());
    } catch (const std::invalid_argument& error) {
      throw std::invalid_argument("results line " + std::to_string(number) + ": " + error.what());
    }
  }
  return builder.Finish(campaign_json);
}

}  // namespace jetsim::reports
