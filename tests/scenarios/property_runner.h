// Runs a RapidCheck property with explicit parameters (seed, case cap,
// shrinking), so one test can check a property under several fixed seeds.
#pragma once

#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <sstream>
#include <string>

namespace jetsim::testing {

struct PropertyRun {
  bool failed = false;
  bool gave_up = false;
  int cases = 0;  // cases run, the failing one included
  double seconds = 0;
  std::string message;  // RapidCheck's report (with the shrunk counterexample)
};

// The seed ./check pins through RC_PARAMS (RapidCheck's configuration).
inline std::uint64_t PinnedSeed() { return rc::detail::configuration().testParams.seed; }

inline PropertyRun RunProperty(std::uint64_t seed, int max_cases, bool shrink,
                               const std::function<void()>& body) {
  rc::detail::TestParams params;
  params.seed = seed;
  params.maxSuccess = max_cases;
  params.maxSize = 60;
  params.disableShrinking = !shrink;
  const auto start = std::chrono::steady_clock::now();
  const rc::detail::TestResult result =
      rc::detail::checkProperty(rc::detail::toProperty(body), rc::detail::TestMetadata{}, params);
  PropertyRun run;
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::ostringstream text;
  rc::detail::printResultMessage(result, text);
  run.message = text.str();
  rc::detail::FailureResult failure;
  rc::detail::SuccessResult success;
  rc::detail::GaveUpResult gave_up;
  if (result.match(failure)) {
    run.failed = true;
    run.cases = failure.numSuccess + 1;
  } else if (result.match(success)) {
    run.cases = success.numSuccess;
  } else if (result.match(gave_up)) {
    run.gave_up = true;
    run.cases = gave_up.numSuccess;
  }
  return run;
}

}  // namespace jetsim::testing
