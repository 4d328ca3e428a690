// conformance.md: the report, readable on a code host.
#include <sstream>

#include "jetsim/reports/conformance.h"

namespace jetsim::reports {

namespace {

constexpr std::size_t kListedFailures = 50;

std::string Md(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string Kinds(const CodeRow& row) {
  std::string text;
  for (const auto& [kind, n] : row.fault_kinds)
    text += (text.empty() ? "" : ", ") + kind + " " + std::to_string(n);
  return text.empty() ? "-" : text;
}

void CodeTable(std::ostringstream& out, const std::vector<CodeRow>& rows, bool documented) {
  if (documented) {
    out << "| code | the page (zh-TW) | meaning (English original) | reached | cases | under fault kinds | "
           "first "
           "step | example |\n|---|---|---|---|---:|---|---:|---|\n";
  } else {
    out << "| code | cases | under fault kinds | first step | example |\n|---|---:|---|---:|---|\n";
  }
  for (const CodeRow& row : rows) {
    out << "| `" << row.code << "` | ";
    if (documented)
      out << Md(row.page_zh) << " | " << Md(row.meaning) << " | " << (row.reached() ? "yes" : "**no**")
          << " | ";
    out << row.cases << " | " << Kinds(row) << " | " << (row.reached() ? std::to_string(row.first_step) : "-")
        << " | " << (row.reached() ? "`" + Md(row.example_command) + "`" : "-") << " |\n";
  }
}

}  // namespace

std::string ToMarkdown(const Conformance& report) {
  std::ostringstream out;
  out << "# JetDupSession conformance\n\n";
  out << "Campaign: " << report.cases << " cases (" << report.seeds << " seeds), campaign seed "
      << report.campaign_seed << ", build " << (report.build.empty() ? "unknown" : report.build) << ", "
      << report.failures.size() << " failed.\n\n";
  out << "Every status below comes from the campaign's results. `documented`: what the reference page "
         "promises "
         "(check order from DESIGN.md); `esent`: the real engine's order and codes.\n\n";
  for (const ProfileReport& p : report.profiles) {
    out << "## Profile `" << p.profile << "`: " << p.cases << " cases, " << p.failed << " failed\n\n";
    out << "### The page's nine codes\n\n";
    CodeTable(out, p.documented, true);
    out << "\n### Returned but not on the page\n\n";
    if (p.undocumented.empty()) {
      out << "None.\n";
    } else {
      CodeTable(out, p.undocumented, false);
    }
    out << "\n### Codes by fault kind (cases; `FAILED` when a case there failed)\n\n| code |";
    for (const std::string& kind : FaultKinds()) out << ' ' << kind << " |";
    out << "\n|---|";
    for (std::size_t i = 0; i < FaultKinds().size(); ++i) out << "---:|";
    out << '\n';
    for (const CodeRow& row : p.documented) {
      out << "| `" << row.code << "` |";
      for (const Cell& cell : p.matrix) {
        if (cell.code != row.code) continue;
        out << ' '
            << (cell.status == "not-reached"
                    ? std::string("-")
                    : (cell.status == "failed" ? "FAILED " : "") + std::to_string(cell.cases))
            << " |";
      }
      out << '\n';
    }
    out << "\n### Fault outcome classes (faults, by kind)\n\n";
    if (p.fault_classes.empty()) out << "No fault fired.\n";
    for (const auto& [kind, classes] : p.fault_classes) {
      out << "- " << kind << ":";
      for (const auto& [cls, n] : classes) out << ' ' << cls << ' ' << n;
      out << '\n';
    }
    out << '\n';
  }
  out << "## Where the page and the engine disagree (esent profile)\n\n| deviation | code | kind | seen | "
         "reason |\n"
         "|---|---|---|---|---|\n";
  for (const Deviation& d : report.deviations) {
    out << "| " << d.id << " | `" << d.code << "` | " << d.kind << " | " << (d.seen ? "yes" : "**no**")
        << " | " << Md(d.reason) << " |\n";
  }
  out << "\n## Sites never reached\n\n";
  if (report.sites_never_reached.empty())
    out << "None: every yield point, allocation site and I/O site was reached.\n";
  for (const std::string& site : report.sites_never_reached) out << "- `" << site << "`\n";
  out << "\n## Failures\n\n";
  if (report.failures.empty()) out << "None.\n";
  for (std::size_t i = 0; i < report.failures.size() && i < kListedFailures; ++i) {
    const Failure& f = report.failures[i];
    out << "- case " << f.index << " (" << f.scenario << ", " << f.profile << "): " << Md(f.outcome);
    if (!f.replay.empty()) out << " - `jetsim replay " << f.replay << "`";
    out << '\n';
  }
  if (report.failures.size() > kListedFailures)
    out << "- ... and " << report.failures.size() - kListedFailures << " more (results.jsonl)\n";
  return out.str();
}

}  // namespace jetsim::reports
