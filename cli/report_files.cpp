#include "report_files.h"

#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "exit_codes.h"
#include "jetsim/reports/conformance.h"
#include "replay_file.h"

namespace jetsim::cli {

namespace {

using nlohmann::json;
namespace fs = std::filesystem;

std::string ReadWhole(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

struct ReportArgs {
  std::string in;
  std::vector<std::string> merge;
  std::string out;
};

int Merge(const ReportArgs& args) {
  if (args.out.empty()) throw std::invalid_argument("report --merge needs --out DIR");
  std::map<std::uint64_t, std::string> lines;
  std::optional<std::uint64_t> seed;
  std::string build;
  for (const std::string& dir : args.merge) {
    const fs::path path = fs::path(dir) / "results.jsonl";
    std::ifstream in(path);
    if (!in) throw std::invalid_argument("cannot read " + path.string());
    std::ifstream meta_in(fs::path(dir) / "campaign.json");
    if (meta_in) {
      const json meta = json::parse(meta_in, nullptr, false);
      if (meta.is_object() && meta.contains("seed") && meta["seed"].is_number_unsigned()) {
        const std::uint64_t this_seed = meta["seed"].get<std::uint64_t>();
        if (seed && *seed != this_seed)
          throw std::invalid_argument(dir + " is a campaign with another seed (" + std::to_string(this_seed) +
                                      ")");
        seed = this_seed;
        build = meta.value("build", build);
      }
    }
    std::string text;
    std::uint64_t number = 0;
    while (std::getline(in, text)) {
      ++number;
      const json line = json::parse(text, nullptr, false);
      if (line.is_discarded() || !line.is_object() || !line.contains("case") ||
          !line["case"].is_number_unsigned())
        throw std::invalid_argument(path.string() + ":" + std::to_string(number) + ": not a results line");
      const std::uint64_t index = line["case"].get<std::uint64_t>();
      const auto [at, inserted] = lines.emplace(index, text);
      if (!inserted && at->second != text)
        throw std::invalid_argument("case " + std::to_string(index) + " differs between the shards");
    }
    std::error_code error;
    if (fs::is_directory(fs::path(dir) / "replays")) {
      fs::create_directories(fs::path(args.out) / "replays", error);
      for (const auto& entry : fs::directory_iterator(fs::path(dir) / "replays")) {
        fs::copy_file(entry.path(), fs::path(args.out) / "replays" / entry.path().filename(),
                      fs::copy_options::overwrite_existing, error);
      }
    }
  }
  std::error_code error;
  fs::create_directories(args.out, error);
  std::string merged;
  std::uint64_t failed = 0;
  for (const auto& [index, text] : lines) {
    merged += text + "\n";
    failed += text.find("\"passed\":false") != std::string::npos ? 1 : 0;
  }
  const std::string target = (fs::path(args.out) / "results.jsonl").string();
  if (!WriteFileAtomically(target, merged)) throw std::invalid_argument("cannot write " + target);
  // The merged campaign's description (no timings: they belong to shards).
  const json meta = {{"format_version", 1},
                     {"build", build},
                     {"seed", seed ? *seed : 0},
                     {"cases_run", lines.size()},
                     {"merged_from", args.merge}};
  if (!WriteFileAtomically((fs::path(args.out) / "campaign.json").string(), meta.dump(2) + "\n"))
    throw std::invalid_argument("cannot write " + (fs::path(args.out) / "campaign.json").string());
  std::cout << "merged " << lines.size() << " cases from " << args.merge.size() << " directories into "
            << target << " (" << failed << " failed)\n";
  std::cout << "report: " << WriteReports(args.out, args.out) << '\n';
  return failed == 0 ? kExitPass : kExitPropertyFailed;
}

}  // namespace

std::string WriteReports(const fs::path& in, const fs::path& out) {
  if (!fs::exists(in / "results.jsonl")) throw std::invalid_argument("no results.jsonl in " + in.string());
  const reports::Conformance report =
      reports::Build(ReadWhole(in / "results.jsonl"),
                     fs::exists(in / "campaign.json") ? ReadWhole(in / "campaign.json") : "");
  std::error_code error;
  fs::create_directories(out, error);
  const std::pair<const char*, std::string> files[] = {{"conformance.json", reports::ToJson(report)},
                                                       {"conformance.md", reports::ToMarkdown(report)},
                                                       {"conformance.html", reports::ToHtml(report)},
                                                       {"junit.xml", reports::ToJUnit(report)}};
  for (const auto& [name, text] : files) {
    if (!WriteFileAtomically((out / name).string(), text))
      throw std::invalid_argument("cannot write " + (out / name).string());
  }
  return (out / "conformance.html").string();
}

void AddReportCommand(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<ReportArgs>();
  CLI::App* sub = app.add_subcommand(
      "report", "render conformance.{json,md,html} and junit.xml from results.jsonl, or merge shards");
  sub->add_option("--in", args->in, "a campaign directory (results.jsonl) to render");
  sub->add_option("--merge", args->merge, "campaign directories (shards) to join")->expected(1, -1);
  sub->add_option("--out", args->out, "output directory (default: the --in directory)");
  sub->callback([args, &exit_code] {
    try {
      if (!args->merge.empty()) {
        if (!args->in.empty())
          throw std::invalid_argument("give either --in DIR or --merge DIR..., not both");
        exit_code = Merge(*args);
        return;
      }
      if (args->in.empty()) throw std::invalid_argument("report needs --in DIR, or --merge DIR... --out DIR");
      std::cout << "report: " << WriteReports(args->in, args->out.empty() ? args->in : args->out) << '\n';
      exit_code = kExitPass;
    } catch (const std::invalid_argument& error) {
      std::cerr << "jetsim: " << error.what() << '\n';
      exit_code = kExitUsage;
    }
  });
}

}  // namespace jetsim::cli
