// The campaign's crash journal: a crash never loses the case. Before each
// case a few stores note which case runs on this thread; a fatal signal (or
// a sanitizer's death callback) writes OUT/crashed.txt naming the case and
// the `jetsim run` command that reruns it, with async-signal-safe calls
// only, then lets the signal end the process.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "jetsim/scenarios/runner.h"

namespace jetsim::cli {

// Once per campaign: where the note goes, the --bug flags it repeats, and
// the signal handlers.
void InstallCrashJournal(const std::filesystem::path& out, const std::vector<std::string>& bugs);
// Before each case, on the thread that runs it.
void PrepareCrashNote(std::uint64_t index, const scenarios::CaseOptions& options);

}  // namespace jetsim::cli
