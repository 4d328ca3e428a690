// A case's trace: every decision, API call and fault firing, hashed as it
// goes into a 64-bit fingerprint. The events themselves are kept only when
// asked (for --trace files and to name the first divergent step).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace jetsim::sim {

enum class EventKind : std::uint8_t { kDecision, kCall, kFault, kNote };

struct TraceEvent {
  std::uint64_t step;  // the decision index when the event happened
  EventKind kind;
  std::uint32_t thread;
  std::string text;  // decision: the site; call: "JetDupSession(s1) = JET_errSuccess"; fault: its id
  std::int64_t a = 0;
  std::int64_t b = 0;
};

class Trace {
 public:
  explicit Trace(bool keep_events = false) : keep_events_(keep_events) {}

  // The hot path: one scheduling decision (thread chosen, at which site).
  void Decision(std::uint64_t step, std::uint32_t thread, std::uint32_t site, const char* site_name) {
    Mix(step << 8 | static_cast<std::uint64_t>(EventKind::kDecision));
    Mix(static_cast<std::uint64_t>(thread) << 32 | site);
    ++count_;
    if (keep_events_) events_.push_back(TraceEvent{step, EventKind::kDecision, thread, site_name, site, 0});
  }
  void Add(std::uint64_t step, EventKind kind, std::uint32_t thread, const char* text, std::int64_t a = 0,
           std::int64_t b = 0);
  [[nodiscard]] std::uint64_t fingerprint() const;
  [[nodiscard]] bool keeps_events() const { return keep_events_; }
  [[nodiscard]] const std::vector<TraceEvent>& events() const { return events_; }
  [[nodiscard]] std::uint64_t event_count() const { return count_; }

 private:
  void Mix(std::uint64_t value) { hash_ = (hash_ ^ value) * 0x100000001B3ULL; }

  bool keep_events_;
  std::uint64_t hash_ = 0xCBF29CE484222325ULL;
  std::uint64_t count_ = 0;
  std::vector<TraceEvent> events_;
};

// "%016x".
[[nodiscard]] std::string FormatFingerprint(std::uint64_t fingerprint);
[[nodiscard]] std::string Describe(const TraceEvent& event);

// The index of the first event where two kept traces differ, or nullopt.
[[nodiscard]] std::optional<std::size_t> FirstDivergence(const std::vector<TraceEvent>& a,
                                                         const std::vector<TraceEvent>& b);

}  // namespace jetsim::sim
