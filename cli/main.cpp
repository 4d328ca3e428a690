// jetsim: the command-line front end. Exit status: 0 all properties held,
// 1 a property failed, 2 bad usage or bad input, 3 nondeterminism.
#include <CLI/CLI.hpp>
#include <iostream>
#include <string>

#include "bench_command.h"
#include "campaign_command.h"
#include "exit_codes.h"
#include "jetsim/faults/fault_plan.h"
#include "list_command.h"
#include "report_files.h"
#include "run_command.h"
#include "sweep_command.h"

namespace {

using jetsim::cli::kExitUsage;

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"jetsim: deterministic simulation and fault injection for the ESE session API"};
  app.set_version_flag("--version",
                       std::string("jetsim ") + JETSIM_VERSION + " (" + JETSIM_GIT_REVISION + ")");
  app.require_subcommand(0, 1);

  std::string what;
  CLI::App* list =
      app.add_subcommand("list", "print a table: codes, sites, bugs, profiles, scenarios, faults");
  list->add_option("what", what, "codes | sites | bugs | profiles | scenarios | faults")->required();
  list->callback([&] {
    if (!jetsim::cli::PrintList(what, std::cout)) {
      std::cerr << "jetsim: unknown list " << jetsim::faults::Quoted(what)
                << " (expected codes, sites, bugs, profiles, scenarios or faults)\n";
      std::exit(kExitUsage);
    }
  });
  int exit_code = jetsim::cli::kExitPass;
  jetsim::cli::AddRunCommand(app, exit_code);
  jetsim::cli::AddReplayCommand(app, exit_code);
  jetsim::cli::AddSweepCommand(app, exit_code);
  jetsim::cli::AddCampaignCommand(app, exit_code);
  jetsim::cli::AddReportCommand(app, exit_code);
  jetsim::cli::AddBenchCommand(app, exit_code);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForVersion& version) {
    std::cout << version.what() << '\n';
    return jetsim::cli::kExitPass;
  } catch (const CLI::ParseError& error) {
    std::cerr << "jetsim: " << error.what() << " (try --help)\n";
    return kExitUsage;
  }
  if (argc == 1) std::cout << app.help();
  return exit_code;
}
