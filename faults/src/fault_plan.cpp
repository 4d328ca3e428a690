#include "jetsim/faults/fault_plan.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <span>
#include <string_view>

namespace jetsim::faults {

namespace {

using nlohmann::json;

constexpr std::size_t kMaxPlanBytes = 1 << 20;
constexpr int kMaxDepth = 16;
constexpr std::size_t kMaxFaults = 1000;
constexpr std::uint64_t kMaxNth = 1'000'000'000;

struct VariantName {
  FaultKind kind;
  Variant variant;
  const char* name;
};
constexpr VariantName kVariants[] = {
    {FaultKind::kTerm, Variant::kTermAbrupt, "abrupt"},
    {FaultKind::kTerm, Variant::kTermComplete, "complete"},
    {FaultKind::kTerm, Variant::kTermDirty, "dirty"},
    {FaultKind::kFatal, Variant::kFatalLogWrite, "logwrite"},
    {FaultKind::kFatal, Variant::kFatalLogDiskFull, "logdiskfull"},
    {FaultKind::kMisuse, Variant::kMisuseNullPsesid, "null-psesid"},
    {FaultKind::kMisuse, Variant::kMisuseStaleHandle, "stale-handle"},
    {FaultKind::kMisuse, Variant::kMisuseSharedSession, "shared-session"},
};

const char* KindText(FaultKind kind) {
  switch (kind) {
    case FaultKind::kAlloc:
      return "alloc";
    case FaultKind::kTerm:
      return "term";
    case FaultKind::kStop:
      return "stop";
    case FaultKind::kRestore:
      return "restore";
    case FaultKind::kFatal:
      return "fatal";
    case FaultKind::kMisuse:
      return "misuse";
  }
  return "?";
}

const char* VariantText(Variant variant) {
  for (const VariantName& row : kVariants) {
    if (row.variant == variant) return row.name;
  }
  return "";
}

// Reads one fault object; returns an error message or empty.
std::string ReadFault(const json& object, std::size_t index, Fault& fault) {
  const std::string where = "faults[" + std::to_string(index) + "]";
  if (!object.is_object()) return where + " is not an object";
  if (!object.contains("kind") || !object["kind"].is_string())
    return where + ": 'kind' (a string) is required";
  const std::string kind = object["kind"].get<std::string>();
  bool kind_known = false;
  for (const FaultKind k : {FaultKind::kAlloc, FaultKind::kTerm, FaultKind::kStop, FaultKind::kRestore,
                            FaultKind::kFatal, FaultKind::kMisuse}) {
    if (kind == KindText(k)) {
      fault.kind = k;
      kind_known = true;
    }
  }
  if (!kind_known)
    return where + ": unknown kind " + Quoted(kind) + " (alloc, term, stop, restore, fatal, misuse)";
  // The fields each kind takes; any other is an error, not silently ignored.
  static constexpr std::string_view kAllocFields[] = {"kind", "nth", "probability", "mode", "site"};
  static constexpr std::string_view kEventFields[] = {"kind", "variant", "step"};
  static constexpr std::string_view kMisuseFields[] = {"kind", "variant", "nth"};
  std::span<const std::string_view> allowed = kEventFields;
  if (fault.kind == FaultKind::kAlloc) allowed = kAllocFields;
  if (fault.kind == FaultKind::kMisuse) allowed = kMisuseFields;
  for (const auto& [key, value] : object.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      std::string error = where;
      error += ": field '";
      error += key;
      error += "' does not belong to a ";
      error += kind;
      error += " fault";
      return error;
    }
  }

  const auto read_count = [&](const char* key, std::uint64_t& out, std::uint64_t least) -> std::string {
    const json& value = object[key];
    std::string range = where + ": '" + key + "' must be a whole number from " + std::to_string(least) +
                        " to " + std::to_string(kMaxNth);
    if (!value.is_number_unsigned()) return range;  // negative numbers and fractions are not unsigned
    const auto number = value.get<std::uint64_t>();
    if (number < least || number > kMaxNth) return range;
    out = number;
    return "";
  };

  fault.variant = Variant::kNone;
  if (object.contains("variant")) {
    if (!object["variant"].is_string()) return where + ": 'variant' must be a string";
    const std::string variant = object["variant"].get<std::string>();
    for (const VariantName& row : kVariants) {
      if (row.kind == fault.kind && variant == row.name) fault.variant = row.variant;
    }
    if (fault.variant == Variant::kNone)
      return where + ": unknown variant " + Quoted(variant) + " for kind " + kind;
  }
  switch (fault.kind) {
    case FaultKind::kAlloc: {
      if (object.contains("nth") == object.contains("probability")) {
        return where + ": an alloc fault needs exactly one of 'nth' and 'probability'";
      }
      if (object.contains("nth")) {
        if (std::string error = read_count("nth", fault.nth, 1); !error.empty()) return error;
      } else {
        const json& p = object["probability"];
        if (!p.is_number() || !(p.get<double>() > 0.0) || p.get<double>() > 1.0) {
          return where + ": 'probability' must be a number in (0, 1]";
        }
        fault.probability_ppm = static_cast<std::uint32_t>(std::lround(p.get<double>() * 1e6));
        if (fault.probability_ppm == 0) fault.probability_ppm = 1;
      }
      if (object.contains("mode")) {
        const json& mode = object["mode"];
        if (mode == "transient") {
          fault.mode = AllocMode::kTransient;
        } else if (mode == "persistent") {
          fault.mode = AllocMode::kPersistent;
        } else {
          return where + ": 'mode' must be \"transient\" or \"persistent\"";
        }
      }
      if (object.contains("site")) {
        if (!object["site"].is_string()) return where + ": 'site' must be a string";
        const std::string name = object["site"].get<std::string>();
        const std::optional<Site> site = FindSite(name);
        if (!site || InfoOf(*site).kind != SiteKind::kAlloc) {
          return where + ": unknown allocation site " + Quoted(name) + " (see jetsim list sites)";
        }
        fault.site = site;
      }
      return "";
    }
    case FaultKind::kMisuse:
      if (fault.variant == Variant::kNone) return where + ": a misuse fault needs a 'variant'";
      return object.contains("nth") ? read_count("nth", fault.nth, 1)
                                    : where + ": a misuse fault needs 'nth'";
    case FaultKind::kTerm:
      if (fault.variant == Variant::kNone) fault.variant = Variant::kTermAbrupt;
      break;
    case FaultKind::kFatal:
      if (fault.variant == Variant::kNone) fault.variant = Variant::kFatalLogWrite;
      break;
    case FaultKind::kStop:
    case FaultKind::kRestore:
      break;
  }
  if (!object.contains("step")) return where + ": a " + kind + " fault needs 'step'";
  return read_count("step", fault.step, 0);
}

}  // namespace

std::string Quoted(std::string_view value) {
  constexpr std::size_t kMost = 64;
  std::string out = "'";
  for (std::size_t i = 0; i < value.size() && i < kMost; ++i) {
    const auto c = static_cast<unsigned char>(value[i]);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\'' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7F) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    } else {
      out += static_cast<char>(c);
    }
  }
  if (value.size() > kMost) out += "...";
  return out + "'";
}

int JsonNestingDepth(std::string_view text) {
  int depth = 0;
  int deepest = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return deepest;
}

std::string Fault::KindName() const {
  std::string name = KindText(kind);
  if (variant != Variant::kNone) name += std::string(".") + VariantText(variant);
  return name;
}

std::string Fault::Id() const {
  std::string id = KindName() + "@";
  switch (kind) {
    case FaultKind::kAlloc:
      if (site) id += InfoOf(*site).name;
      if (nth != 0) {
        id += "#" + std::to_string(nth);
      } else {
        char text[32];
        std::snprintf(text, sizeof text, "#p%g", probability_ppm / 1e6);
        id += text;
      }
      if (mode == AllocMode::kPersistent) id += "+";
      return id;
    case FaultKind::kMisuse:
      return id + "dup" + std::to_string(nth);
    default:
      return id + "step" + std::to_string(step);
  }
}

std::string FaultPlan::ToJson() const {
  json list = json::array();
  for (const Fault& fault : faults) {
    json object = {{"kind", KindText(fault.kind)}};
    if (fault.variant != Variant::kNone) object["variant"] = VariantText(fault.variant);
    switch (fault.kind) {
      case FaultKind::kAlloc:
        if (fault.nth != 0) {
          object["nth"] = fault.nth;
        } else {
          object["probability"] = fault.probability_ppm / 1e6;
        }
        object["mode"] = fault.mode == AllocMode::kPersistent ? "persistent" : "transient";
        if (fault.site) object["site"] = InfoOf(*fault.site).name;
        break;
      case FaultKind::kMisuse:
        object["nth"] = fault.nth;
        break;
      default:
        object["step"] = fault.step;
        break;
    }
    list.push_back(object);
  }
  return json{{"format_version", kFaultPlanFormatVersion}, {"faults", list}}.dump();
}

std::variant<FaultPlan, PlanError> ParseFaultPlan(std::string_view text) {
  if (text.size() > kMaxPlanBytes) return PlanError{"fault plan is larger than 1 MiB"};
  if (JsonNestingDepth(text) > kMaxDepth) return PlanError{"fault plan is nested too deeply"};
  const json document = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) return PlanError{"fault plan is not valid JSON"};
  if (!document.is_object()) return PlanError{"fault plan must be a JSON object"};
  if (!document.contains("format_version") || !document["format_version"].is_number_integer()) {
    return PlanError{"fault plan has no integer 'format_version'"};
  }
  if (document["format_version"] != kFaultPlanFormatVersion) {
    return PlanError{"fault plan format_version " + document["format_version"].dump() +
                     " is not supported (expected " + std::to_string(kFaultPlanFormatVersion) + ")"};
  }
  if (!document.contains("faults") || !document["faults"].is_array()) {
    return PlanError{"fault plan has no 'faults' array"};
  }
  const json& list = document["faults"];
  if (list.size() > kMaxFaults) return PlanError{"fault plan has more than 1000 faults"};
  FaultPlan plan;
  for (std::size_t i = 0; i < list.size(); ++i) {
    Fault fault;
    if (std::string error = ReadFault(list[i], i, fault); !error.empty()) return PlanError{error};
    plan.faults.push_back(fault);
  }
  return plan;
}

}  // namespace jetsim::faults
