#include "options.h"

#include <charconv>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "jetsim/faults/fault_plan.h"
#include "jetsim/scenarios/scenario.h"

namespace jetsim::cli {

Profile ParseProfile(const std::string& name) {
  const std::optional<Profile> profile = FindProfile(name);
  if (!profile)
    throw std::invalid_argument("unknown profile " + faults::Quoted(name) + " (documented or esent)");
  return *profile;
}

std::uint64_t ParseSeed(const std::string& text) {
  std::uint64_t seed = 0;
  const char* end = text.data() + text.size();
  const auto [last, error] = std::from_chars(text.data(), end, seed);
  if (text.empty() || error != std::errc() || last != end) {
    throw std::invalid_argument("--seed wants a whole number from 0 to 18446744073709551615, not " +
                                faults::Quoted(text));
  }
  return seed;
}

std::vector<std::string> ParseScenarios(const std::vector<std::string>& names) {
  std::vector<std::string> chosen = names;
  if (chosen.empty() || (chosen.size() == 1 && chosen[0] == "all")) {
    chosen.clear();
    for (const scenarios::ScenarioInfo& info : scenarios::AllScenarios()) chosen.emplace_back(info.name);
  }
  for (const std::string& name : chosen) {
    if (scenarios::FindScenario(name) == nullptr)
      throw std::invalid_argument("unknown scenario " + faults::Quoted(name) +
                                  " (see jetsim list scenarios)");
  }
  return chosen;
}

faults::FaultPlan LoadFaultPlan(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::invalid_argument("cannot read fault plan " + path);
  std::ostringstream text;
  text << in.rdbuf();
  auto parsed = faults::ParseFaultPlan(text.str());
  if (auto* error = std::get_if<faults::PlanError>(&parsed)) {
    throw std::invalid_argument(path + ": " + error->message);
  }
  return std::get<faults::FaultPlan>(std::move(parsed));
}

}  // namespace jetsim::cli
