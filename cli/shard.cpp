#include "shard.h"

#include <charconv>
#include <cstdlib>
#include <stdexcept>

#include "jetsim/faults/fault_plan.h"

namespace jetsim::cli {

namespace {

constexpr std::uint64_t kMaxShards = 1'000'000;

std::uint64_t Number(const std::string& text, const std::string& what) {
  std::uint64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [last, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || error != std::errc() || last != end)
    throw std::invalid_argument(what + " must be a whole number, not " + faults::Quoted(text));
  return value;
}

Shard Make(std::uint64_t index, std::uint64_t count, const std::string& source) {
  if (count < 1 || count > kMaxShards)
    throw std::invalid_argument(source + ": the shard count must be 1.." + std::to_string(kMaxShards));
  if (index >= count) {
    throw std::invalid_argument(source + ": shard index " + std::to_string(index) +
                                " is not below the count " + std::to_string(count) + " (shards are 0-based)");
  }
  return Shard{index, count, source};
}

const char* Env(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : nullptr;
}

}  // namespace

Shard ResolveShard(const std::string& flag, std::uint64_t shard_count) {
  if (!flag.empty()) {
    const std::size_t slash = flag.find('/');
    if (slash == std::string::npos)
      throw std::invalid_argument("--shard wants I/N (0-based), not " + faults::Quoted(flag));
    return Make(Number(flag.substr(0, slash), "--shard's index"),
                Number(flag.substr(slash + 1), "--shard's count"), "--shard");
  }
  const char* total = Env("GTEST_TOTAL_SHARDS");
  const char* gtest_index = Env("GTEST_SHARD_INDEX");
  if ((total != nullptr) != (gtest_index != nullptr))
    throw std::invalid_argument("GTEST_TOTAL_SHARDS and GTEST_SHARD_INDEX must be set together");
  if (total != nullptr) {
    return Make(Number(gtest_index, "GTEST_SHARD_INDEX"), Number(total, "GTEST_TOTAL_SHARDS"), "GTEST_*");
  }
  if (const char* job = Env("JOB_COMPLETION_INDEX")) {
    if (shard_count == 0)
      throw std::invalid_argument(
          "JOB_COMPLETION_INDEX is set: give the job's completions as --shard-count N");
    return Make(Number(job, "JOB_COMPLETION_INDEX"), shard_count, "JOB_COMPLETION_INDEX");
  }
  if (shard_count > 1)
    throw std::invalid_argument(
        "--shard-count applies to JOB_COMPLETION_INDEX, which is not set (use --shard I/N)");
  return Shard{};
}

}  // namespace jetsim::cli
