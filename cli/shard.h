// Which part of a campaign's case space this process runs. Precedence
// (DESIGN.md): --shard I/N, then GTEST_TOTAL_SHARDS/GTEST_SHARD_INDEX,
// then JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) with --shard-count.
// Case i belongs to shard i % N.
#pragma once

#include <cstdint>
#include <string>

namespace jetsim::cli {

struct Shard {
  std::uint64_t index = 0;
  std::uint64_t count = 1;
  std::string source = "none";  // where it came from: --shard, GTEST_*, JOB_COMPLETION_INDEX
};

// Throws std::invalid_argument with a one-line message for bad values.
[[nodiscard]] Shard ResolveShard(const std::string& flag, std::uint64_t shard_count);

}  // namespace jetsim::cli
