#include "crash_journal.h"

#include <fcntl.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstring>

#include "jetsim/scenarios/scenario.h"

// The sanitizer runtime's hook, when one is linked (weak: null otherwise).
// NOLINTNEXTLINE(bugprone-reserved-identifier): the runtime's own name
extern "C" void __sanitizer_set_death_callback(void (*callback)()) __attribute__((weak));

namespace jetsim::cli {

namespace fs = std::filesystem;

namespace {

// What a fatal signal needs to name the case: set before each case with a
// few stores (no formatting), written by the handler with async-signal-safe
// calls only.
struct CrashNote {
  bool active = false;
  std::uint64_t index = 0;
  std::uint64_t seed = 0;
  const char* scenario = "";  // ScenarioInfo::name: a literal
  const char* profile = "";
  const char* strategy = "";
};
thread_local CrashNote t_crash_note;
char g_crash_path[4096];
char g_crash_bugs[1024];  // " --bug NAME" for each armed bug, formatted once

class SignalSafeText {
 public:
  void Add(const char* text) {
    while (*text != '\0' && size_ + 1 < sizeof buffer_) buffer_[size_++] = *text++;
  }
  void Add(std::uint64_t number) {
    char digits[24];
    int count = 0;
    do {
      digits[count++] = static_cast<char>('0' + number % 10);
      number /= 10;
    } while (number != 0);
    while (count > 0 && size_ + 1 < sizeof buffer_) buffer_[size_++] = digits[--count];
  }
  [[nodiscard]] const char* data() const { return buffer_; }
  [[nodiscard]] std::size_t size() const { return size_; }

 private:
  char buffer_[2048] = {};
  std::size_t size_ = 0;
};

void WriteCrashNote() {
  const CrashNote& note = t_crash_note;
  if (!note.active) return;
  SignalSafeText text;
  text.Add("case ");
  text.Add(note.index);
  text.Add(" crashed the campaign: jetsim run --scenario ");
  text.Add(note.scenario);
  text.Add(" --seed ");
  text.Add(note.seed);
  text.Add(" --profile ");
  text.Add(note.profile);
  text.Add(" --strategy ");
  text.Add(note.strategy);
  text.Add(g_crash_bugs);
  text.Add("\n");
  const int fd = ::open(g_crash_path, O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (fd < 0) return;
  const ssize_t written = ::write(fd, text.data(), text.size());
  (void)written;
  ::close(fd);
}

void OnFatalSignal(int signal_number) {
  WriteCrashNote();
  std::signal(signal_number, SIG_DFL);
  std::raise(signal_number);
}

}  // namespace

void InstallCrashJournal(const fs::path& out, const std::vector<std::string>& bugs) {
  std::snprintf(g_crash_path, sizeof g_crash_path, "%s", (out / "crashed.txt").string().c_str());
  std::string flags;
  for (const std::string& bug : bugs) flags += " --bug " + bug;
  std::snprintf(g_crash_bugs, sizeof g_crash_bugs, "%s", flags.c_str());
  for (const int s : {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT}) std::signal(s, OnFatalSignal);
  if (__sanitizer_set_death_callback != nullptr) __sanitizer_set_death_callback(WriteCrashNote);
}

void PrepareCrashNote(std::uint64_t index, const scenarios::CaseOptions& options) {
  CrashNote& note = t_crash_note;
  note.index = index;
  note.seed = options.seed;
  note.scenario = scenarios::FindScenario(options.scenario)->name;
  note.profile = options.profile == Profile::kEsent ? "esent" : "documented";
  note.strategy = options.strategy == sim::StrategyKind::kPct ? "pct" : "random";
  note.active = true;
}

}  // namespace jetsim::cli
