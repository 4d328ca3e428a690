// The conformance report: what the JetDupSession page documents, what the
// engine did in a campaign, code by code and fault by fault. Built only
// from a campaign's results (results.jsonl lines and campaign.json), never
// from a hard-coded list; the page's codes, wording and the deviations
// come from the contract data file.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace jetsim::reports {

inline constexpr int kConformanceFormatVersion = 1;

// The fault kinds of the matrix's columns ("none": no injected fault fired).
[[nodiscard]] const std::vector<std::string>& FaultKinds();

struct CodeRow {
  std::string code;
  bool documented = false;
  std::string meaning;  // English (documented codes)
  std::string page_zh;  // the page's wording (documented codes)
  std::uint64_t cases = 0;
  std::map<std::string, std::uint64_t> fault_kinds;  // kind -> cases
  std::set<std::string> fault_ids;                   // up to a few examples
  std::uint64_t first_step = 0;                      // earliest step it was returned at
  std::uint64_t example_case = 0;
  std::string example_command;
  [[nodiscard]] bool reached() const { return cases != 0; }
};

struct Cell {
  std::string code;
  std::string fault_kind;
  std::string status;  // not-reached, reached, failed
  std::uint64_t cases = 0;
  std::string command;  // reruns one case of the cell (a replay for a failed one)
};

struct ProfileReport {
  std::string profile;
  std::uint64_t cases = 0;
  std::uint64_t failed = 0;
  std::vector<CodeRow> documented;    // the page's nine, in the page's order
  std::vector<CodeRow> undocumented;  // returned, not on the page
  std::vector<Cell> matrix;           // documented codes x FaultKinds()
  std::map<std::string, std::map<std::string, std::uint64_t>> fault_classes;  // kind -> class -> faults
  std::set<std::string> deviations_seen;
};

struct Deviation {
  std::string id, code, kind, reason;
  bool seen = false;
};

struct Failure {
  std::uint64_t index = 0;
  std::string scenario, profile, outcome, replay;
};

struct Conformance {
  std::string build;
  std::uint64_t campaign_seed = 0;
  std::uint64_t cases = 0;
  std::uint64_t seeds = 0;
  double seconds = 0;  // the only timing, kept apart ("run" in JSON)
  std::vector<ProfileReport> profiles;
  std::vector<Deviation> deviations;
  std::vector<std::string> sites_never_reached;
  std::vector<Failure> failures;
  // JUnit: (scenario, profile) -> property -> first failing case (or none).
  std::map<std::pair<std::string, std::string>, std::map<std::string, std::vector<Failure>>> junit;
};

// Builds the report from results.jsonl's text and campaign.json's text
// (may be empty). Throws std::invalid_argument naming the bad line.
[[nodiscard]] Conformance Build(const std::string& results_jsonl, const std::string& campaign_json);

[[nodiscard]] std::string ToJson(const Conformance& report);
[[nodiscard]] std::string ToMarkdown(const Conformance& report);
[[nodiscard]] std::string ToHtml(const Conformance& report);
[[nodiscard]] std::string ToJUnit(const Conformance& report);

// The JUnit properties, in order.
[[nodiscard]] const std::vector<std::string>& JUnitProperties();

}  // namespace jetsim::reports
