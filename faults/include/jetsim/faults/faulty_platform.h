// FaultyPlatform: a Platform decorator (LevelDB's EnvWrapper idea) that
// fails allocations and log writes as a FaultPlan says, and records which
// sites a case reached. Lifecycle and misuse faults are not platform faults:
// the case runner carries them out as real API calls (fault_events.h).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "jetsim/faults/fault_plan.h"
#include "jetsim/platform.h"

namespace jetsim::faults {

// One fault that fired.
struct Firing {
  std::size_t fault;  // index into the plan
  std::uint64_t step;
  Site site;
};

class FaultyPlatform final : public PlatformWrapper {
 public:
  // `seed` drives probabilistic faults; `step` says which decision the case
  // is at (the simulator's step counter; anything monotonic elsewhere);
  // `on_fire` is told of every firing (for the trace).
  FaultyPlatform(Platform& target, FaultPlan plan, std::uint64_t seed, std::function<std::uint64_t()> step,
                 std::function<void(const Firing&)> on_fire = {});

  void* Allocate(std::size_t bytes, Site site) override;
  IoResult WriteLog(std::size_t bytes, Site site) override;
  void Yield(Site point) override;

  [[nodiscard]] const FaultPlan& plan() const { return plan_; }
  [[nodiscard]] const std::vector<Firing>& firings() const { return firings_; }
  // Allocations asked for, failed or not, in the whole case.
  [[nodiscard]] std::uint64_t allocations() const { return allocations_; }
  // How often each site was reached (allocation, I/O and yield sites).
  [[nodiscard]] std::uint64_t reached(Site site) const { return reached_[static_cast<std::size_t>(site)]; }

 private:
  [[nodiscard]] bool AllocationFails(std::size_t index, Site site);
  void Fire(std::size_t index, Site site);

  FaultPlan plan_;
  std::uint64_t rng_state_;
  std::function<std::uint64_t()> step_;
  std::function<void(const Firing&)> on_fire_;
  std::vector<bool> failing_;  // per fault: a persistent fault that already fired
  std::vector<bool> spent_;    // per fault: a one-shot fault that already fired
  std::vector<Firing> firings_;
  std::uint64_t allocations_ = 0;
  std::array<std::uint64_t, 64> reached_{};
};

}  // namespace jetsim::faults
