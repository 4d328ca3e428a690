// jetsim campaign: every scenario in both profiles, cases derived from
// (campaign seed, case index); results.jsonl, replays of every failure
// (original and shrunk), a summary table and the conformance report.
#pragma once

#include <CLI/CLI.hpp>

namespace jetsim::cli {

void AddCampaignCommand(CLI::App& app, int& exit_code);

}  // namespace jetsim::cli
