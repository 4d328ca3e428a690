// libFuzzer target: the replay-file parser (and the program and fault plan
// inside it). Any input gives a replay or one error line, never a crash;
// a replay parsed once prints to a file that parses again the same.
#include <cstddef>
#include <cstdint>
#include <string>
#include <variant>

#include "replay_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto parsed = jetsim::cli::ParseReplay(text);
  if (const auto* error = std::get_if<std::string>(&parsed)) {
    if (error->empty() || error->find('\n') != std::string::npos) __builtin_trap();
    return 0;
  }
  const jetsim::cli::Replay& replay = std::get<jetsim::cli::Replay>(parsed);
  const std::string printed = jetsim::cli::ToJson(replay);
  auto again = jetsim::cli::ParseReplay(printed);
  const auto* round_trip = std::get_if<jetsim::cli::Replay>(&again);
  if (round_trip == nullptr || jetsim::cli::ToJson(*round_trip) != printed) __builtin_trap();
  return 0;
}
