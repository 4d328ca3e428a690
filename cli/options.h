// Parsing of the options several subcommands share. Each throws
// std::invalid_argument with a one-line message for bad input.
#pragma once

#include <string>

#include "jetsim/behavior.h"
#include "jetsim/faults/fault_plan.h"

namespace jetsim::cli {

[[nodiscard]] Profile ParseProfile(const std::string& name);
// Reads and parses a fault plan file.
[[nodiscard]] faults::FaultPlan LoadFaultPlan(const std::string& path);

}  // namespace jetsim::cli
