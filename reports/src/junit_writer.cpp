// junit.xml: one testsuite per (scenario, profile), one testcase per
// property; a failure names the first failing case and its replay.
#include <sstream>

#include "jetsim/reports/conformance.h"
#include "markup.h"

namespace jetsim::reports {

namespace {}  // namespace

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
    out << "  <testsuite name=\"" << EscapeMarkup(key.first + "." + key.second) << "\" tests=\""
        << properties.size() << "\" failures=\"" << suite_failures << "\">\n";
    for (const auto& [property, failed] : properties) {
      out << "    <testcase classname=\"" << EscapeMarkup("jetsim." + key.first + "." + key.second)
          << "\" name=\"" << EscapeMarkup(property) << "\"";
      if (failed.empty()) {
        out << "/>\n";
        continue;
      }
      const Failure& first = failed.front();
      out << ">\n      <failure message=\""
          << EscapeMarkup(std::to_string(failed.size()) + " cases failed; first: case " +
                          std::to_string(first.index) + ": " + first.outcome)
          << "\" type=\"" << EscapeMarkup(property)
          << "\">replay: " << EscapeMarkup(first.replay.empty() ? "(none)" : first.replay)
          << "\njetsim replay " << EscapeMarkup(first.replay) << "</failure>\n    </testcase>\n";
    }
    out << "  </testsuite>\n";
  }
  out << "</testsuites>\n";
  return out.str();
}

}  // namespace jetsim::reports
