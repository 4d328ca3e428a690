#include "list_command.h"

#include <iomanip>

#include "jetsim/behavior.h"
#include "jetsim/errors.h"
#include "jetsim/scenarios/scenario.h"
#include "jetsim/sites.h"

namespace jetsim::cli {

namespace {

void PrintCodes(std::ostream& out) {
  for (const ErrorInfo& info : AllErrors()) {
    out << std::left << std::setw(50) << info.name << std::right << std::setw(6) << info.value << "  "
        << info.meaning << '\n';
  }
}

void PrintSites(std::ostream& out) {
  for (const SiteInfo& info : AllSites()) {
    out << std::left << std::setw(7) << NameOf(info.kind) << std::setw(25) << info.name << info.why << '\n';
  }
}

void PrintSwitches(std::ostream& out, bool bugs) {
  for (const SwitchInfo& info : AllSwitches()) {
    if (info.is_bug != bugs) continue;
    out << std::left << std::setw(30) << info.name << info.what << '\n';
  }
}

}  // namespace

bool PrintList(std::string_view what, std::ostream& out) {
  if (what == "codes") {
    PrintCodes(out);
  } else if (what == "sites") {
    PrintSites(out);
  } else if (what == "bugs") {
    PrintSwitches(out, true);
  } else if (what == "profiles") {
    out << "documented  the reference page's contract (no switch)\n";
    out << "esent       the real engine's check order and quirks:\n";
    PrintSwitches(out, false);
  } else if (what == "faults") {
    out << "alloc     nth|probability [site] [mode]  a failing allocation: alloc@pib.alloc#3, alloc@#41+, "
           "alloc@#p0.05\n"
           "term      step [variant abrupt|complete|dirty]  JetTerm2 from another thread: "
           "term.abrupt@step120\n"
           "stop      step                           JetStopServiceInstance from another thread: stop@step7\n"
           "restore   step                           JetRestoreInstance from another thread: restore@step40\n"
           "fatal     step [variant logwrite|logdiskfull]  the next log write fails: "
           "fatal.logdiskfull@step33\n"
           "misuse    nth variant null-psesid|stale-handle|shared-session  the nth JetDupSession misuses: "
           "misuse.null-psesid@dup2\n"
           "(docs/fault-plans.md has the file format)\n";
  } else if (what == "scenarios") {
    for (const scenarios::ScenarioInfo& info : scenarios::AllScenarios()) {
      out << std::left << std::setw(16) << info.name << info.description << '\n';
    }
  } else {
    return false;
  }
  return true;
}

}  // namespace jetsim::cli
