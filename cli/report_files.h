// jetsim report: rendering a campaign directory's conformance report, and
// joining shards (report --merge).
#pragma once

#include <CLI/CLI.hpp>
#include <filesystem>
#include <string>

namespace jetsim::cli {

// Renders IN's results.jsonl (and campaign.json) into OUT's four report
// files, each written whole or not at all; returns the HTML page's path.
// Throws std::invalid_argument with one line.
std::string WriteReports(const std::filesystem::path& in, const std::filesystem::path& out);

void AddReportCommand(CLI::App& app, int& exit_code);

}  // namespace jetsim::cli
