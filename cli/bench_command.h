// jetsim bench [--json] [--quick]: the performance figures, side by side.
#pragma once

#include <CLI/CLI.hpp>

namespace jetsim::cli {

void AddBenchCommand(CLI::App& app, int& exit_code);

}  // namespace jetsim::cli
