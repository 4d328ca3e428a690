// `jetsim run`: one simulated case of a scenario.
#pragma once

#include <CLI/CLI.hpp>

namespace jetsim::cli {

// Adds the subcommand; its callback sets `exit_code`.
void AddRunCommand(CLI::App& app, int& exit_code);

}  // namespace jetsim::cli
