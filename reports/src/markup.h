// Escaping for the HTML and XML writers (one table of entities).
#pragma once

#include <string>

namespace jetsim::reports {

// &, <, >, " (and ' for XML attributes) as entities; control characters
// other than tab and newline dropped (XML 1.0 has no place for them, and
// the page does not need them).
inline std::string EscapeMarkup(const std::string& text) {
  std::string out;
  out.reserve(text.size());
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
        if (static_cast<unsigned char>(c) >= 0x20 || c == '\n' || c == '\t') out += c;
    }
  }
  return out;
}

}  // namespace jetsim::reports
