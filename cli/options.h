// Parsing of the options several subcommands share. Each throws
// std::invalid_argument with a one-line message for bad input.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "jetsim/behavior.h"
#include "jetsim/faults/fault_plan.h"

namespace jetsim::cli {

[[nodiscard]] Profile ParseProfile(const std::string& name);
// A seed: a decimal number from 0 to 2^64 - 1, nothing else.
[[nodiscard]] std::uint64_t ParseSeed(const std::string& text);
// The scenarios --scenario names: "all" (or none) for every one; throws on
// an unknown name.
[[nodiscard]] std::vector<std::string> ParseScenarios(const std::vector<std::string>& names);
// Reads and parses a fault plan file.
[[nodiscard]] faults::FaultPlan LoadFaultPlan(const std::string& path);

}  // namespace jetsim::cli
