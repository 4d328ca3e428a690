#include "bench_command.h"

#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "exit_codes.h"
#include "jetsim/bench/measure.h"
#include "replay_file.h"

namespace jetsim::cli {

namespace {

struct BenchArgs {
  bool json = false;
  bool quick = false;
};

std::string Value(const bench::Figure& figure) {
  char text[64];
  std::snprintf(text, sizeof text, figure.value >= 100 ? "%.0f" : "%.3g", figure.value);
  return (figure.censored ? "> " : "") + std::string(text);
}

int Bench(const BenchArgs& args) {
  bench::Options options;
  if (args.quick) {  // a smoke run: the same figures, far less precise
    options.seconds = 0.1;
    options.memory_small = 500;
    options.memory_large = 5000;
    options.race_budget = 0.5;
  }
  const std::vector<bench::Figure> figures = bench::MeasureAll(options, [&](const std::string& name) {
    if (!args.json) std::cerr << "bench: " << name << "...\n";
  });
  if (args.json) {
    nlohmann::json out = {{"format_version", 1}, {"build", BuildId()}, {"quick", args.quick}};
    for (const bench::Figure& f : figures) {
      nlohmann::json entry = {
          {"what", f.what}, {"value", f.value}, {"unit", f.unit}, {"censored", f.censored}};
      if (!f.goal.empty()) entry["goal"] = f.goal;
      if (f.met) entry["met"] = *f.met;
      out["figures"][f.id] = entry;
    }
    std::cout << out.dump(2) << '\n';
    return kExitPass;
  }
  std::printf("jetsim bench (%s), one core%s\n", BuildId().c_str(),
              args.quick ? ", --quick (imprecise)" : "");
  std::printf("%-22s %14s %-9s %-9s %-5s  %s\n", "figure", "value", "unit", "goal", "met", "what");
  for (const bench::Figure& f : figures) {
    std::printf("%-22s %14s %-9s %-9s %-5s  %s\n", f.id.c_str(), Value(f).c_str(), f.unit.c_str(),
                f.goal.c_str(), f.met ? (*f.met ? "yes" : "NO") : "", f.what.c_str());
  }
  return kExitPass;
}

}  // namespace

void AddBenchCommand(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<BenchArgs>();
  CLI::App* sub =
      app.add_subcommand("bench", "measure the simulator: switch, decision, cases/s, sweep, memory, race");
  sub->add_flag("--json", args->json, "print every figure and ratio as JSON");
  sub->add_flag("--quick", args->quick, "a few seconds instead of about a minute (imprecise)");
  sub->callback([args, &exit_code] {
    try {
      exit_code = Bench(*args);
    } catch (const std::exception& error) {
      std::cerr << "jetsim: bench: " << error.what() << '\n';
      exit_code = kExitPropertyFailed;
    }
  });
}

}  // namespace jetsim::cli
