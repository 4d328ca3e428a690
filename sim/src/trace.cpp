#include "jetsim/sim/trace.h"

#include <cstdio>

namespace jetsim::sim {

void Trace::Add(std::uint64_t step, EventKind kind, std::uint32_t thread, const char* text, std::int64_t a,
                std::int64_t b) {
  Mix(step);
  Mix(static_cast<std::uint64_t>(kind) << 32 | thread);
  for (const char* c = text; *c != '\0'; ++c) Mix(static_cast<unsigned char>(*c));
  Mix(static_cast<std::uint64_t>(a));
  Mix(static_cast<std::uint64_t>(b));
  ++count_;
  if (keep_events_) events_.push_back(TraceEvent{step, kind, thread, text, a, b});
}

std::uint64_t Trace::fingerprint() const {
  // A final avalanche so that near traces give far fingerprints.
  std::uint64_t z = hash_ ^ count_;
  z = (z ^ (z >> 33)) * 0xFF51AFD7ED558CCDULL;
  z = (z ^ (z >> 33)) * 0xC4CEB9FE1A85EC53ULL;
  return z ^ (z >> 33);
}

std::string FormatFingerprint(std::uint64_t fingerprint) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(fingerprint));
  return text;
}

std::string Describe(const TraceEvent& event) {
  static constexpr const char* kKinds[] = {"decide", "call", "fault", "note"};
  std::string out = "step " + std::to_string(event.step) + " t" + std::to_string(event.thread) + " " +
                    kKinds[static_cast<int>(event.kind)] + " " + event.text;
  if (event.a != 0 || event.b != 0)
    out += " (" + std::to_string(event.a) + ", " + std::to_string(event.b) + ")";
  return out;
}

std::optional<std::size_t> FirstDivergence(const std::vector<TraceEvent>& a,
                                           const std::vector<TraceEvent>& b) {
  const std::size_t common = a.size() < b.size() ? a.size() : b.size();
  for (std::size_t i = 0; i < common; ++i) {
    const TraceEvent& x = a[i];
    const TraceEvent& y = b[i];
    if (x.step != y.step || x.kind != y.kind || x.thread != y.thread || x.text != y.text || x.a != y.a ||
        x.b != y.b) {
      return i;
    }
  }
  if (a.size() != b.size()) return common;
  return std::nullopt;
}

}  // namespace jetsim::sim
