// conformance.json: the schema is reports/conformance.schema.json.
#include <nlohmann/json.hpp>

#include "jetsim/reports/conformance.h"

namespace jetsim::reports {

namespace {

using nlohmann::json;

json RowJson(const CodeRow& row, std::uint64_t profile_cases) {
  json kinds = json::object();
  for (const auto& [kind, n] : row.fault_kinds) kinds[kind] = n;
  json out = {
      {"code", row.code},
      {"documented", row.documented},
      {"reached", row.reached()},
      {"cases", row.cases},
      {"fault_kinds", kinds},
      {"fault_ids", row.fault_ids},
      {"confidence", row.reached() ? "returned in " + std::to_string(row.cases) + " of " +
                                         std::to_string(profile_cases) + " cases, each with its own seed"
                                   : "never returned in " + std::to_string(profile_cases) + " cases"}};
  if (row.documented) {
    out["meaning"] = row.meaning;
    out["page_zh"] = row.page_zh;
  }
  if (row.reached()) {
    out["first_step"] = row.first_step;
    out["example"] = {{"case", row.example_case}, {"command", row.example_command}};
  }
  return out;
}

}  // namespace

std::string ToJson(const Conformance& report) {
  json profiles = json::object();
  for (const ProfileReport& p : report.profiles) {
    json documented = json::array();
    for (const CodeRow& row : p.documented) documented.push_back(RowJson(row, p.cases));
    json undocumented = json::array();
    for (const CodeRow& row : p.undocumented) undocumented.push_back(RowJson(row, p.cases));
    json matrix = json::array();
    for (const Cell& cell : p.matrix) {
      matrix.push_back({{"code", cell.code},
                        {"fault_kind", cell.fault_kind},
                        {"status", cell.status},
                        {"cases", cell.cases},
                        {"command", cell.command}});
    }
    json classes = json::object();
    for (const auto& [kind, counts] : p.fault_classes) {
      for (const auto& [cls, n] : counts) classes[kind][cls] = n;
    }
    profiles[p.profile] = {{"cases", p.cases},
                           {"failed", p.failed},
                           {"documented_codes", documented},
                           {"undocumented_codes", undocumented},
                           {"matrix", matrix},
                           {"fault_classes", classes}};
  }
  json deviations = json::array();
  for (const Deviation& d : report.deviations) {
    deviations.push_back(
        {{"id", d.id}, {"code", d.code}, {"kind", d.kind}, {"reason", d.reason}, {"seen", d.seen}});
  }
  json failures = json::array();
  for (const Failure& f : report.failures) {
    failures.push_back({{"case", f.index},
                        {"scenario", f.scenario},
                        {"profile", f.profile},
                        {"outcome", f.outcome},
                        {"replay", f.replay}});
  }
  const json document = {{"format_version", kConformanceFormatVersion},
                         {"function", "JetDupSession"},
                         {"campaign",
                          {{"build", report.build},
                           {"seed", report.campaign_seed},
                           {"cases", report.cases},
                           {"seeds", report.seeds}}},
                         {"run", {{"seconds", report.seconds}}},
                         {"fault_kinds", FaultKinds()},
                         {"profiles", profiles},
                         {"deviations", deviations},
                         {"sites_never_reached", report.sites_never_reached},
                         {"failures", failures}};
  return document.dump(2) + "\n";
}

}  // namespace jetsim::reports
