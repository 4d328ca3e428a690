// junit.xml: one testsuite per (scenario, profile), one testcase per
// property; a failure names the first failing case and its replay.
#include <sstream>

#include "jetsim/reports/conformance.h"

namespace jetsim::reports {

namespace {

std::string Xml(const std::string& text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        // XML 1.0 has no place for other control characters.
        if (static_cast<unsigned char>(c) >= 0x20 || c == '\n' || c == '\t') out += c;
    }
  }
  return out;
}

}  // namespace

std::string ToJUnit(const Conformance& report) {
  std::uint64_t tests = 0;
  std::uint64_t failures = 0;
  for (const auto& [key, properties] : report.junit) {
    for (const auto& [property, failed] : properties) {
      ++tests;
      failures += failed.empty() ? 0 : 1;
    }
  }
  std::ostringstream out;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"jetsim\" tests=\"" << tests
      << "\" failures=\"" << failures << "\">\n";
  for (const auto& [key, properties] : report.junit) {
    std::uint64_t suite_failures = 0;
    for (const auto& [property, failed] : properties) suite_failures += failed.empty() ? 0 : 1;
    out << "  <testsuite name=\"" << Xml(key.first + "." + key.second) << "\" tests=\"" << properties.size()
        << "\" failures=\"" << suite_failures << "\">\n";
    for (const auto& [property, failed] : properties) {
      out << "    <testcase classname=\"" << Xml("jetsim." + key.first + "." + key.second) << "\" name=\""
          << Xml(property) << "\"";
      if (failed.empty()) {
        out << "/>\n";
        continue;
      }
      const Failure& first = failed.front();
      out << ">\n      <failure message=\""
          << Xml(std::to_string(failed.size()) + " cases failed; first: case " + std::to_string(first.index) +
                 ": " + first.outcome)
          << "\" type=\"" << Xml(property)
          << "\">replay: " << Xml(first.replay.empty() ? "(none)" : first.replay) << "\njetsim replay "
          << Xml(first.replay) << "</failure>\n    </testcase>\n";
    }
    out << "  </testsuite>\n";
  }
  out << "</testsuites>\n";
  return out.str();
}

}  // namespace jetsim::reports
