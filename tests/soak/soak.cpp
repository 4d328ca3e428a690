// soak: real OS threads (ThreadPlatform) running the mixed, dup-basic and
// programs scenarios in both profiles until at least --calls API calls
// were made. Every case checks its properties (the programs' results
// against the contract oracle, the others' against their workload's
// allowed results) and that teardown finds no session, slot or allocation
// left. Exit 0 when all held, 1 on the first failure (printed with its
// seed), 2 on bad usage.
//
//   soak [--seed N|random] [--calls N]
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>

#include "jetsim/scenarios/runner.h"
#include "jetsim/sim/rng.h"

namespace {

int Usage(const char* why) {
  std::fprintf(stderr, "soak: %s (usage: soak [--seed N|random] [--calls N])\n", why);
  return 2;
}

bool ParseNumber(const char* text, std::uint64_t& out) {
  char* end = nullptr;
  if (text == nullptr || *text == '\0' || *text == '-') return false;
  out = std::strtoull(text, &end, 10);
  return *end == '\0';
}

}  // namespace

int main(int argc, char** argv) {
  std::uint64_t seed = 1;
  std::uint64_t target_calls = 1'000'000;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    const char* value = i + 1 < argc ? argv[i + 1] : nullptr;
    if (flag == "--seed" && value != nullptr && std::strcmp(value, "random") == 0) {
      seed = std::random_device{}();  // by hand only; printed below so a failure can be rerun
      ++i;
    } else if (flag == "--seed") {
      if (!ParseNumber(value, seed)) return Usage("--seed wants a number or 'random'");
      ++i;
    } else if (flag == "--calls") {
      if (!ParseNumber(value, target_calls) || target_calls == 0)
        return Usage("--calls wants a positive number");
      ++i;
    } else {
      return Usage(("unknown argument " + flag).c_str());
    }
  }
  std::printf("soak: seed %llu, at least %llu API calls on real threads\n",
              static_cast<unsigned long long>(seed), static_cast<unsigned long long>(target_calls));
  static const char* const kScenarios[] = {"mixed", "programs", "dup-basic"};
  const auto start = std::chrono::steady_clock::now();
  std::uint64_t calls = 0;
  std::uint64_t cases = 0;
  std::uint64_t dups = 0;
  while (calls < target_calls) {
    jetsim::scenarios::CaseOptions options;
    options.scenario = kScenarios[cases % 3];
    options.profile = (cases / 3) % 2 == 0 ? jetsim::Profile::kDocumented : jetsim::Profile::kEsent;
    options.seed = jetsim::sim::DeriveSeed(seed, cases);
    const jetsim::scenarios::CaseResult result = jetsim::scenarios::RunThreadedCase(options);
    ++cases;
    calls += result.calls;
    for (const auto& [code, count] : result.dup_results) dups += count;
    if (!result.passed) {
      std::printf("soak: FAILED case %llu: %s (scenario %s, profile %s, case seed %llu)\n",
                  static_cast<unsigned long long>(cases - 1), jetsim::scenarios::Summarize(result).c_str(),
                  options.scenario.c_str(), std::string(jetsim::NameOf(options.profile)).c_str(),
                  static_cast<unsigned long long>(options.seed));
      for (const std::string& leak : result.leaks) std::printf("  leak: %s\n", leak.c_str());
      return 1;
    }
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf(
      "soak: %llu cases, %llu API calls (%llu JetDupSession) in %.1f s: every property held, "
      "nothing left after any teardown\n",
      static_cast<unsigned long long>(cases), static_cast<unsigned long long>(calls),
      static_cast<unsigned long long>(dups), seconds);
  return 0;
}
