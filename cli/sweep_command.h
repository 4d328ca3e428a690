// `jetsim sweep`: SQLite's malloc test for a scenario. Runs it once per
// allocation of the whole case (N = 1 .. allocations + 1), failing the Nth,
// in transient and persistent mode, and prints a row per run.
#pragma once

#include <CLI/CLI.hpp>

namespace jetsim::cli {

void AddSweepCommand(CLI::App& app, int& exit_code);

}  // namespace jetsim::cli
