#include "campaign_command.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "crash_journal.h"
#include "exit_codes.h"
#include "jetsim/errors.h"
#include "jetsim/faults/fault_plan.h"
#include "jetsim/scenarios/runner.h"
#include "jetsim/scenarios/scenario.h"
#include "jetsim/scenarios/shrink.h"
#include "jetsim/sim/rng.h"
#include "options.h"
#include "replay_file.h"
#include "report_files.h"
#include "shard.h"

namespace jetsim::cli {

namespace {

using nlohmann::json;
namespace fs = std::filesystem;

// The campaign seed's stream for case seeds.
constexpr std::uint64_t kCaseStream = 0xCA5E;

struct CampaignArgs {
  std::uint64_t cases = 100'000;
  std::string seed = "1";
  std::vector<std::string> scenarios;
  std::string profile = "both";
  double time_budget = 0;
  unsigned jobs = std::max(1U, std::min(256U, std::thread::hardware_concurrency()));
  std::string shard;
  std::uint64_t shard_count = 0;
  std::string out = "jetsim-campaign";
  std::vector<std::string> bugs;
  bool no_shrink = false;
  bool quiet = false;
};

struct Combo {
  std::string scenario;
  Profile profile;
};

// Case `index` of the campaign (the same in every shard and for every --jobs).
scenarios::CaseOptions CaseOf(std::uint64_t campaign_seed, std::uint64_t index,
                              const std::vector<Combo>& combos, const std::vector<std::string>& bugs) {
  const Combo& combo = combos[index % combos.size()];
  scenarios::CaseOptions options;
  options.scenario = combo.scenario;
  options.profile = combo.profile;
  options.seed = sim::DeriveSeed(campaign_seed, kCaseStream + index);
  options.strategy = (index / combos.size()) % 2 == 0 ? sim::StrategyKind::kRandom : sim::StrategyKind::kPct;
  options.bugs = bugs;
  return options;
}

std::string RerunCommand(const scenarios::CaseOptions& options) {
  std::string text = "jetsim run --scenario " + options.scenario + " --seed " + std::to_string(options.seed) +
                     " --profile " + std::string(NameOf(options.profile)) + " --strategy " +
                     std::string(sim::NameOf(options.strategy));
  for (const std::string& bug : options.bugs) text += " --bug " + bug;
  return text;
}

// ---- one case ----

json CodeCounts(const std::map<JET_ERR, std::uint64_t>& counts) {
  json object = json::object();
  for (const auto& [code, count] : counts) object[jet_err_name(code)] = count;
  return object;
}

// The engine's named sites the case never reached.
json Unreached(const scenarios::CaseResult& result) {
  json names = json::array();
  const auto sites = AllSites();
  for (std::size_t i = 0; i < sites.size() && i < result.site_hits.size(); ++i) {
    if (result.site_hits[i] == 0) names.push_back(sites[i].name);
  }
  return names;
}

// A results.jsonl line: everything about the case except timings, so
// shards and --jobs give the same lines.
json ResultLine(std::uint64_t index, const scenarios::CaseOptions& options,
                const scenarios::CaseResult& result) {
  json faults_planned = json::array();
  for (const faults::Fault& fault : result.plan.faults) faults_planned.push_back(fault.Id());
  json fired = json::array();
  for (const scenarios::FiredFault& f : result.fired) {
    const std::optional<JET_ERR> first = scenarios::FirstDupAfter(result, f.id);
    fired.push_back({{"id", f.id},
                     {"step", f.step},
                     {"class", std::string(scenarios::NameOf(scenarios::ClassifyFault(result, f.id)))},
                     {"first_dup_after", first ? json(jet_err_name(*first)) : json(nullptr)}});
  }
  json first_step = json::object();
  for (const auto& [step, code] : result.dup_timeline) {
    if (!first_step.contains(jet_err_name(code))) first_step[jet_err_name(code)] = step;
  }
  json judged = json::object();  // oracle: code -> check, race / sequential counts
  for (const scenarios::DupJudgement& j : result.oracle.dups) {
    json& entry = judged[jet_err_name(j.result)];
    entry["verdict"] = scenarios::NameOf(j.verdict);
    entry["check"] = j.check;
    if (!j.deviation.empty()) entry["deviation"] = j.deviation;
    entry[j.via_race ? "race" : "sequential"] = entry.value(j.via_race ? "race" : "sequential", 0) + 1;
  }
  return json{{"case", index},
              {"scenario", options.scenario},
              {"profile", std::string(NameOf(options.profile))},
              {"strategy", std::string(sim::NameOf(options.strategy))},
              {"seed", options.seed},
              {"bugs", options.bugs},
              {"passed", result.passed},
              {"class", std::string(scenarios::NameOf(result.outcome))},
              {"outcome", scenarios::Summarize(result)},
              {"fingerprint", sim::FormatFingerprint(result.fingerprint)},
              {"steps", result.steps},
              {"calls", result.calls},
              {"faults", faults_planned},
              {"fired", fired},
              {"dup_results", CodeCounts(result.dup_results)},
              {"dup_after_fault", CodeCounts(result.dup_results_after_fault)},
              {"deviations", result.oracle.deviations_seen},
              {"sites_unreached", Unreached(result)},
              {"dup_first_step", first_step},
              {"oracle", judged},
              {"rerun", RerunCommand(options)}};
}

struct Totals {
  std::uint64_t cases = 0, failed = 0;
  std::map<std::string, std::map<std::string, std::uint64_t>> classes;  // "scenario profile" -> class -> n
  std::map<std::string, std::pair<std::uint64_t, std::uint64_t>>
      rows;                                               // "scenario profile" -> (cases, failed)
  std::map<std::string, std::uint64_t> documented_codes;  // code -> cases (documented profile)
  std::vector<std::string> replays;
};

class Campaign {
 public:
  Campaign(const CampaignArgs& args, std::vector<Combo> combos, Shard shard, std::uint64_t seed)
      : args_(args), combos_(std::move(combos)), shard_(std::move(shard)), seed_(seed) {
    const std::uint64_t total = args.cases;
    mine_ = total > shard_.index ? (total - shard_.index + shard_.count - 1) / shard_.count : 0;
  }

  int Run() {
    const fs::path out(args_.out);
    std::error_code error;
    fs::create_directories(out / "replays", error);
    if (error || !fs::is_directory(out))
      throw std::invalid_argument("cannot create the output directory " + args_.out);
    results_.open(out / "results.jsonl", std::ios::trunc);
    if (!results_) throw std::invalid_argument("cannot write " + (out / "results.jsonl").string());
    fs::remove(out / "crashed.txt", error);
    InstallCrashJournal(out, args_.bugs);

    start_ = std::chrono::steady_clock::now();
    std::vector<std::thread> workers;
    for (unsigned j = 0; j < args_.jobs; ++j) workers.emplace_back([this] { Work(); });
    const bool progress = !args_.quiet && ::isatty(STDERR_FILENO) != 0;
    while (finished_.load() < args_.jobs) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      if (progress) Progress();
    }
    for (std::thread& worker : workers) worker.join();
    if (progress) std::cerr << '\n';
    results_.close();
    const double seconds = Elapsed();
    WriteCampaignJson(out, seconds);
    PrintSummary(out, seconds);
    return totals_.failed == 0 ? kExitPass : kExitPropertyFailed;
  }

 private:
  [[nodiscard]] double Elapsed() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

  void Work() {
    for (;;) {
      if (args_.time_budget > 0 && Elapsed() >= args_.time_budget) break;
      const std::uint64_t local = next_.fetch_add(1);
      if (local >= mine_) break;
      const std::uint64_t index = shard_.index + local * shard_.count;
      const scenarios::CaseOptions options = CaseOf(seed_, index, combos_, args_.bugs);
      PrepareCrashNote(index, options);
      const scenarios::CaseResult result = scenarios::RunSimulatedCase(options);
      json line = ResultLine(index, options, result);
      if (!result.passed) WriteReplays(index, options, result, line);
      Store(local, options, result, line);
    }
    ++finished_;
  }

  void WriteReplays(std::uint64_t index, const scenarios::CaseOptions& options,
                    const scenarios::CaseResult& result, json& line) {
    char name[64];
    std::snprintf(name, sizeof name, "case-%08llu", static_cast<unsigned long long>(index));
    const std::string original = std::string("replays/") + name + ".json";
    if (WriteFileAtomically((fs::path(args_.out) / original).string(), ToJson(MakeReplay(options, result))))
      line["replay"] = original;
    if (args_.no_shrink) return;
    const scenarios::ShrinkResult shrunk = scenarios::Shrink(options, result);
    const std::string minimal = std::string("replays/") + name + ".min.json";
    if (WriteFileAtomically((fs::path(args_.out) / minimal).string(),
                            ToJson(MakeReplay(shrunk.options, shrunk.result)))) {
      line["replay_min"] = minimal;
      line["shrunk"] = {{"runs", shrunk.runs},
                        {"ops", {shrunk.ops_before, shrunk.ops_after}},
                        {"faults", {shrunk.faults_before, shrunk.faults_after}},
                        {"decisions", {shrunk.decisions_before, shrunk.decisions_after}},
                        {"outcome", scenarios::Summarize(shrunk.result)}};
    }
  }

  // Keeps the line and writes every line that is now next in index order,
  // flushed, so a crash loses nothing already finished.
  void Store(std::uint64_t local, const scenarios::CaseOptions& options, const scenarios::CaseResult& result,
             const json& line) {
    const std::lock_guard<std::mutex> guard(mutex_);
    const std::string key = options.scenario + " " + std::string(NameOf(options.profile));
    ++totals_.cases;
    ++totals_.rows[key].first;
    ++totals_.classes[key][std::string(scenarios::NameOf(result.outcome))];
    if (!result.passed) {
      ++totals_.failed;
      ++totals_.rows[key].second;
      totals_.replays.push_back(line.value("replay_min", line.value("replay", std::string())));
    }
    if (options.profile == Profile::kDocumented) {
      for (const auto& [code, count] : result.dup_results) ++totals_.documented_codes[jet_err_name(code)];
    }
    pending_.emplace(local, line.dump());
    bool wrote = false;
    for (auto next = pending_.begin(); next != pending_.end() && next->first == written_;
         next = pending_.begin()) {
      results_ << next->second << '\n';
      pending_.erase(next);
      ++written_;
      wrote = true;
    }
    if (wrote) results_.flush();
  }

  void Progress() {
    const std::lock_guard<std::mutex> guard(mutex_);
    const double seconds = Elapsed();
    const double rate = seconds > 0 ? static_cast<double>(totals_.cases) / seconds : 0;
    double left = rate > 0 ? static_cast<double>(mine_ - totals_.cases) / rate : 0;
    if (args_.time_budget > 0) left = std::min(left, std::max(0.0, args_.time_budget - seconds));
    std::cerr << "\rcampaign: " << totals_.cases << '/' << mine_ << " cases, "
              << static_cast<std::uint64_t>(rate) << " cases/s, " << totals_.failed << " failing, "
              << static_cast<std::uint64_t>(left) << " s left   " << std::flush;
  }

  void WriteCampaignJson(const fs::path& out, double seconds) {
    json scenario_names = json::array();
    for (const Combo& combo : combos_)
      scenario_names.push_back(combo.scenario + " " + std::string(NameOf(combo.profile)));
    const json meta = {{"format_version", 1},
                       {"build", BuildId()},
                       {"seed", seed_},
                       {"cases_asked", args_.cases},
                       {"cases_run", totals_.cases},
                       {"shard", {{"index", shard_.index}, {"count", shard_.count}, {"from", shard_.source}}},
                       {"combos", scenario_names},
                       {"bugs", args_.bugs},
                       {"failed", totals_.failed},
                       {"seconds", seconds},
                       {"jobs", args_.jobs}};
    if (!WriteFileAtomically((out / "campaign.json").string(), meta.dump(2) + "\n"))
      std::cerr << "jetsim: warning: cannot write " << (out / "campaign.json").string() << '\n';
  }

  void PrintSummary(const fs::path& out, double seconds) {
    std::cout << "campaign: " << totals_.cases << " cases (seed " << seed_ << ", shard " << shard_.index
              << '/' << shard_.count << ") in " << std::fixed << std::setprecision(1) << seconds << " s, "
              << static_cast<std::uint64_t>(seconds > 0 ? static_cast<double>(totals_.cases) / seconds : 0)
              << " cases/s, " << args_.jobs << (args_.jobs == 1 ? " job\n" : " jobs\n");
    if (totals_.cases < mine_)
      std::cout << "stopped by --time-budget after " << totals_.cases << " of " << mine_ << " cases\n";
    std::cout << std::left << std::setw(28) << "scenario / profile" << std::right << std::setw(8) << "cases"
              << std::setw(8) << "failed"
              << "  classes\n";
    for (const auto& [key, counts] : totals_.rows) {
      std::cout << std::left << std::setw(28) << key << std::right << std::setw(8) << counts.first
                << std::setw(8) << counts.second << ' ';
      for (const auto& [name, n] : totals_.classes[key]) std::cout << ' ' << name << ' ' << n;
      std::cout << '\n';
    }
    std::cout << "JetDupSession codes, documented profile (cases that returned each):\n";
    for (const auto& [code, n] : totals_.documented_codes) std::cout << "  " << code << ' ' << n << '\n';
    std::cout << "results: " << (out / "results.jsonl").string() << '\n';
    std::cout << "failures: " << totals_.failed;
    if (totals_.failed != 0)
      std::cout << " (replays in " << (out / "replays").string() << "; jetsim replay FILE)";
    std::cout << '\n';
    for (std::size_t i = 0; i < totals_.replays.size() && i < 5; ++i)
      std::cout << "  jetsim replay " << (out / totals_.replays[i]).string() << '\n';
    try {
      const std::string html = WriteReports(out, out);
      std::cout << "report: " << html << " (also conformance.md, conformance.json, junit.xml)\n";
    } catch (const std::invalid_argument& error) {
      std::cerr << "jetsim: warning: " << error.what() << '\n';
    }
  }

  const CampaignArgs& args_;
  const std::vector<Combo> combos_;
  const Shard shard_;
  const std::uint64_t seed_;
  std::uint64_t mine_ = 0;  // cases of this shard
  std::atomic<std::uint64_t> next_{0};
  std::atomic<unsigned> finished_{0};
  std::chrono::steady_clock::time_point start_;
  std::mutex mutex_;
  std::map<std::uint64_t, std::string> pending_;  // finished out of index order (--jobs)
  std::uint64_t written_ = 0;
  std::ofstream results_;
  Totals totals_;
};

std::vector<Combo> CombosOf(const CampaignArgs& args) {
  const std::vector<std::string> names = ParseScenarios(args.scenarios);
  std::vector<Profile> profiles;
  if (args.profile == "both") {
    profiles = {Profile::kDocumented, Profile::kEsent};
  } else {
    profiles = {ParseProfile(args.profile)};
  }
  std::vector<Combo> combos;
  for (const std::string& name : names) {
    for (const Profile profile : profiles) combos.push_back(Combo{name, profile});
  }
  return combos;
}

int RunCampaign(const CampaignArgs& args) {
  const std::uint64_t seed = ParseSeed(args.seed);
  const std::vector<Combo> combos = CombosOf(args);
  for (const std::string& bug : args.bugs) {
    const std::optional<Switch> found = FindSwitch(bug);
    if (!found || !InfoOf(*found).is_bug)
      throw std::invalid_argument("unknown bug " + faults::Quoted(bug) + " (see jetsim list bugs)");
  }
  if (args.cases == 0) throw std::invalid_argument("--cases must be at least 1");
  if (args.jobs == 0 || args.jobs > 256) throw std::invalid_argument("--jobs must be 1..256");
  if (args.time_budget < 0) throw std::invalid_argument("--time-budget must not be negative");
  const Shard shard = ResolveShard(args.shard, args.shard_count);
  Campaign campaign(args, combos, shard, seed);
  return campaign.Run();
}

}  // namespace

void AddCampaignCommand(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<CampaignArgs>();
  CLI::App* sub = app.add_subcommand(
      "campaign",
      "run every scenario in both profiles; write results.jsonl, replays of failures and a summary");
  sub->add_option("--cases", args->cases, "cases in the whole campaign (all shards)")->capture_default_str();
  sub->add_option("--seed", args->seed, "campaign seed: case i is derived from (seed, i)")
      ->capture_default_str();
  sub->add_option("--scenario", args->scenarios, "a scenario (repeatable; default: all)");
  sub->add_option("--profile", args->profile, "documented | esent | both")->capture_default_str();
  sub->add_option("--time-budget", args->time_budget,
                  "stop starting cases after this many seconds (0: none)");
  sub->add_option("--jobs", args->jobs, "OS threads, each running whole cases on its own engine")
      ->capture_default_str();
  sub->add_option("--shard", args->shard, "run shard I of N (0-based, I/N): case i where i % N == I");
  sub->add_option("--shard-count", args->shard_count, "N for JOB_COMPLETION_INDEX (Kubernetes Indexed Jobs)");
  sub->add_option("--out", args->out, "output directory")->capture_default_str();
  sub->add_option("--bug", args->bugs, "arm a deliberate bug in every case (self-tests); repeatable");
  sub->add_flag("--no-shrink", args->no_shrink, "write failures as they are, without shrinking");
  sub->add_flag("--quiet", args->quiet, "no progress line");
  sub->callback([args, &exit_code] {
    try {
      exit_code = RunCampaign(*args);
    } catch (const std::invalid_argument& error) {
      std::cerr << "jetsim: " << error.what() << '\n';
      exit_code = kExitUsage;
    }
  });
}

}  // namespace jetsim::cli
