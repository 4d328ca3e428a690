// `jetsim run` and `jetsim replay`: one simulated case of a scenario.
#pragma once

#include <CLI/CLI.hpp>

namespace jetsim::cli {

// Adds the subcommand; its callback sets `exit_code`.
void AddRunCommand(CLI::App& app, int& exit_code);
// `jetsim replay FILE`: re-runs a replay file, says whether the recorded
// outcome and fingerprint were reproduced (3 if not, on the same build).
void AddReplayCommand(CLI::App& app, int& exit_code);

}  // namespace jetsim::cli
