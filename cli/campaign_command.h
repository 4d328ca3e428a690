// jetsim campaign: every scenario in both profiles, cases derived from
// (campaign seed, case index); results.jsonl, replays of every failure
// (original and shrunk), a summary table. And jetsim report --merge.
#pragma once

#include <CLI/CLI.hpp>

namespace jetsim::cli {

void AddCampaignCommand(CLI::App& app, int& exit_code);
void AddReportCommand(CLI::App& app, int& exit_code);

}  // namespace jetsim::cli
