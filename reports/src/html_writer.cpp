// conformance.html: one self-contained page (inline CSS and SVG, no
// network). Each matrix cell carries data-code, data-kind and data-status
// so a browser test can check the rendered DOM.
#include <sstream>

#include "jetsim/reports/conformance.h"
#include "markup.h"

namespace jetsim::reports {

namespace {

const char* Colour(const std::string& status) {
  if (status == "reached") return "#3a9d5d";
  if (status == "failed") return "#c62828";
  return "#c9ccd1";
}

constexpr const char* kStyle = R"css(
body { font: 14px/1.45 system-ui, "Noto Sans CJK TC", "Microsoft JhengHei", "PingFang TC", sans-serif; margin: 2em; color: #1d1f23; }
h1 { font-size: 1.5em; } h2 { margin-top: 2em; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; margin: .5em 0 1em; }
th, td { border: 1px solid #d5d8dc; padding: .3em .5em; vertical-align: top; text-align: left; }
th { background: #f3f4f6; }
td.cell { text-align: center; min-width: 5em; }
td.s-reached { background: #e3f4e8; } td.s-failed { background: #fde2e2; } td.s-not-reached { background: #f4f5f7; color: #888; }
code.cmd { display: block; font-size: 11px; color: #444; user-select: all; word-break: break-all; max-width: 22em; }
.no { color: #c62828; font-weight: bold; } .yes { color: #2e7d32; }
.legend span { display: inline-block; width: 1em; height: 1em; vertical-align: middle; margin: 0 .3em 0 1em; }
)css";

void Matrix(std::ostringstream& out, const ProfileReport& p) {
  // The overview as SVG: one square per (code, fault kind).
  constexpr int kSize = 18;
  const int columns = static_cast<int>(FaultKinds().size());
  const int rows = static_cast<int>(p.documented.size());
  out << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << 300 + columns * kSize << "\" height=\""
      << rows * kSize + 70 << "\" role=\"img\" aria-label=\"matrix overview\">\n";
  for (int c = 0; c < columns; ++c) {
    out << "<text x=\"" << 300 + c * kSize + 12 << "\" y=\"60\" font-size=\"11\" transform=\"rotate(-60 "
        << 300 + c * kSize + 12 << " 60)\">" << EscapeMarkup(FaultKinds()[static_cast<std::size_t>(c)])
        << "</text>\n";
  }
  int r = 0;
  for (const CodeRow& row : p.documented) {
    out << "<text x=\"0\" y=\"" << 80 + r * kSize << "\" font-size=\"11\">" << EscapeMarkup(row.code)
        << "</text>\n";
    int c = 0;
    for (const Cell& cell : p.matrix) {
      if (cell.code != row.code) continue;
      out << "<rect x=\"" << 300 + c * kSize << "\" y=\"" << 68 + r * kSize << "\" width=\"" << kSize - 2
          << "\" height=\"" << kSize - 2 << "\" fill=\"" << Colour(cell.status) << "\"><title>"
          << EscapeMarkup(cell.code + " / " + cell.fault_kind + ": " + cell.status + " (" +
                          std::to_string(cell.cases) + " cases)")
          << "</title></rect>\n";
      ++c;
    }
    ++r;
  }
  out << "</svg>\n";
  out << "<p class=\"legend\"><span style=\"background:#3a9d5d\"></span>reached<span "
         "style=\"background:#c62828\"></span>reached, and a case there failed<span "
         "style=\"background:#c9ccd1\"></span>not reached</p>\n";
  // The matrix itself, with a copyable command per cell.
  out << "<table class=\"matrix\" data-profile=\"" << EscapeMarkup(p.profile) << "\">\n<tr><th>code</th>";
  for (const std::string& kind : FaultKinds()) out << "<th>" << EscapeMarkup(kind) << "</th>";
  out << "</tr>\n";
  for (const CodeRow& row : p.documented) {
    out << "<tr><th>" << EscapeMarkup(row.code) << "</th>";
    for (const Cell& cell : p.matrix) {
      if (cell.code != row.code) continue;
      out << "<td class=\"cell s-" << cell.status << "\" data-code=\"" << EscapeMarkup(cell.code)
          << "\" data-kind=\"" << EscapeMarkup(cell.fault_kind) << "\" data-status=\"" << cell.status
          << "\">";
      if (cell.status == "not-reached") {
        out << "&ndash;";
      } else {
        out << cell.cases << " cases<code class=\"cmd\">" << EscapeMarkup(cell.command) << "</code>";
      }
      out << "</td>";
    }
    out << "</tr>\n";
  }
  out << "</table>\n";
}

void Codes(std::ostringstream& out, const ProfileReport& p) {
  out << "<table class=\"codes\"><tr><th>code</th><th>the page (zh-TW)</th><th>meaning (English "
         "original)</th><th>reached</th><th>cases</th><th>first step</th><th>example</th></tr>\n";
  for (const CodeRow& row : p.documented) {
    out << "<tr data-code=\"" << EscapeMarkup(row.code) << "\" data-reached=\""
        << (row.reached() ? "yes" : "no") << "\"><td><code>" << EscapeMarkup(row.code)
        << "</code></td><td lang=\"zh-TW\">" << EscapeMarkup(row.page_zh) << "</td><td>"
        << EscapeMarkup(row.meaning) << "</td><td class=\"" << (row.reached() ? "yes\">yes" : "no\">no")
        << "</td><td>" << row.cases << "</td><td>" << (row.reached() ? std::to_string(row.first_step) : "-")
        << "</td><td><code class=\"cmd\">" << EscapeMarkup(row.example_command) << "</code></td></tr>\n";
  }
  out << "</table>\n";
  if (!p.undocumented.empty()) {
    out << "<h3>Returned but not on the page</h3><table "
           "class=\"undocumented\"><tr><th>code</th><th>cases</th><th>first "
           "step</th><th>example</th></tr>\n";
    for (const CodeRow& row : p.undocumented) {
      out << "<tr><td><code>" << EscapeMarkup(row.code) << "</code></td><td>" << row.cases << "</td><td>"
          << row.first_step << "</td><td><code class=\"cmd\">" << EscapeMarkup(row.example_command)
          << "</code></td></tr>\n";
    }
    out << "</table>\n";
  }
}

}  // namespace

std::string ToHtml(const Conformance& report) {
  std::ostringstream out;
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>JetDupSession "
         "conformance</title>\n<style>"
      << kStyle << "</style></head><body>\n";
  out << "<h1>JetDupSession conformance</h1>\n<p>" << report.cases << " cases (" << report.seeds
      << " seeds), campaign seed " << report.campaign_seed << ", build " << EscapeMarkup(report.build) << ", "
      << report.failures.size() << " failed. Every status comes from the campaign's results.</p>\n";
  for (const ProfileReport& p : report.profiles) {
    out << "<h2>Profile <code>" << EscapeMarkup(p.profile) << "</code>: " << p.cases << " cases, " << p.failed
        << " failed</h2>\n<h3>Codes by fault kind</h3>\n";
    Matrix(out, p);
    out << "<h3>The page's nine codes</h3>\n";
    Codes(out, p);
  }
  out << "<h2>Where the page and the engine disagree</h2>\n<table "
         "class=\"deviations\"><tr><th>deviation</th><th>code</th>"
         "<th>kind</th><th>seen (esent)</th><th>reason</th></tr>\n";
  for (const Deviation& d : report.deviations) {
    out << "<tr data-deviation=\"" << EscapeMarkup(d.id) << "\"><td>" << EscapeMarkup(d.id)
        << "</td><td><code>" << EscapeMarkup(d.code) << "</code></td><td>" << EscapeMarkup(d.kind)
        << "</td><td class=\"" << (d.seen ? "yes\">yes" : "no\">no") << "</td><td>" << EscapeMarkup(d.reason)
        << "</td></tr>\n";
  }
  out << "</table>\n<h2>Sites never reached</h2>\n<ul class=\"unreached\">\n";
  if (report.sites_never_reached.empty()) out << "<li>none</li>\n";
  for (const std::string& site : report.sites_never_reached)
    out << "<li><code>" << EscapeMarkup(site) << "</code></li>\n";
  out << "</ul>\n<h2>Failures</h2>\n<ul class=\"failures\">\n";
  if (report.failures.empty()) out << "<li>none</li>\n";
  for (std::size_t i = 0; i < report.failures.size() && i < 50; ++i) {
    const Failure& f = report.failures[i];
    out << "<li>case " << f.index << " (" << EscapeMarkup(f.scenario) << ", " << EscapeMarkup(f.profile)
        << "): " << EscapeMarkup(f.outcome) << "<code class=\"cmd\">jetsim replay " << EscapeMarkup(f.replay)
        << "</code></li>\n";
  }
  out << "</ul>\n</body></html>\n";
  return out.str();
}

}  // namespace jetsim::reports
