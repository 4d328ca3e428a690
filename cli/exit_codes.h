// The exit status contract (DESIGN.md "Files and commands").
#pragma once

namespace jetsim::cli {
inline constexpr int kExitPass = 0;            // every property held
inline constexpr int kExitPropertyFailed = 1;  // a property failed
inline constexpr int kExitUsage = 2;           // bad usage or bad input (one line on stderr)
inline constexpr int kExitNondeterminism = 3;  // two runs of one case differed
}  // namespace jetsim::cli
