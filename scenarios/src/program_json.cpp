// Programs as JSON, for replay files: {"max_sessions": 3, "ops": [["t0",
// "dup", "own", 2], ...]} with one array per operation (thread, kind,
// source, pick) so shrunk programs stay short to read.
#include <nlohmann/json.hpp>

#include "jetsim/faults/fault_plan.h"
#include "jetsim/scenarios/program.h"

namespace jetsim::scenarios {

namespace {

using nlohmann::json;

constexpr std::size_t kMaxOps = 1'000'000;
constexpr std::uint32_t kMaxThreads = 64;

template <class E, std::size_t N>
std::optional<E> Find(const std::string& name, const E (&values)[N]) {
  for (const E value : values) {
    if (name == NameOf(value)) return value;
  }
  return std::nullopt;
}

constexpr OpKind kKinds[] = {
    OpKind::kBegin,  OpKind::kDup,      OpKind::kEnd,        OpKind::kBeginTransaction,
    OpKind::kCommit, OpKind::kRollback, OpKind::kSetContext, OpKind::kResetContext,
    OpKind::kStop,   OpKind::kTerm,     OpKind::kRestore,    OpKind::kSetMaxSessions};
constexpr DupSource kSources[] = {DupSource::kOwn,    DupSource::kForeign, DupSource::kNil,
                                  DupSource::kForged, DupSource::kStale,   DupSource::kNullOut};

}  // namespace

std::string ProgramToJson(const Program& program) {
  json ops = json::array();
  for (const ProgramOp& op : program.ops) {
    ops.push_back({"t" + std::to_string(op.thread), NameOf(op.kind), NameOf(op.source), op.pick});
  }
  return json{{"max_sessions", program.max_sessions}, {"ops", ops}}.dump();
}

std::variant<Program, std::string> ParseProgram(const std::string& text) {
  const json document = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded() || !document.is_object()) return std::string("program must be a JSON object");
  if (!document.contains("max_sessions") || !document["max_sessions"].is_number_unsigned() ||
      document["max_sessions"].get<std::uint64_t>() > 30000) {
    return std::string("program's max_sessions must be a number from 0 to 30000");
  }
  if (!document.contains("ops") || !document["ops"].is_array())
    return std::string("program has no 'ops' array");
  if (document["ops"].size() > kMaxOps) return std::string("program has too many ops");
  Program program;
  program.max_sessions = document["max_sessions"].get<std::uint32_t>();
  for (const json& entry : document["ops"]) {
    const std::string where = "program op #" + std::to_string(program.ops.size());
    if (!entry.is_array() || entry.size() != 4 || !entry[0].is_string() || !entry[1].is_string() ||
        !entry[2].is_string() || !entry[3].is_number_unsigned()) {
      return where + " must be [\"tN\", kind, source, pick]";
    }
    const std::string thread = entry[0].get<std::string>();
    ProgramOp op;
    char* end = nullptr;
    const unsigned long number =
        thread.size() >= 2 ? std::strtoul(thread.c_str() + 1, &end, 10) : kMaxThreads;
    if (thread[0] != 't' || end != thread.c_str() + thread.size() || number >= kMaxThreads) {
      std::string message = where;
      message += " names a bad thread ";
      message += faults::Quoted(thread);
      message += " (t0..t63)";
      return message;
    }
    op.thread = static_cast<std::uint32_t>(number);
    const std::optional<OpKind> kind = Find(entry[1].get<std::string>(), kKinds);
    if (!kind) return where + " has an unknown kind " + faults::Quoted(entry[1].get<std::string>());
    op.kind = *kind;
    const std::optional<DupSource> source = Find(entry[2].get<std::string>(), kSources);
    if (!source) return where + " has an unknown source " + faults::Quoted(entry[2].get<std::string>());
    op.source = *source;
    if (entry[3].get<std::uint64_t>() > 0xFFFFFFFFULL) return where + "'s pick is too large";
    op.pick = entry[3].get<std::uint32_t>();
    program.ops.push_back(op);
  }
  return program;
}

}  // namespace jetsim::scenarios
