#include "jetsim/errors.h"

#include <array>

namespace jetsim {

namespace {
constexpr std::array kErrors = {
#define JET_ERROR(name, value, meaning) ErrorInfo{#name, value, meaning},
#include "jetsim/jet_errors.def"
#undef JET_ERROR
};
}  // namespace

std::span<const ErrorInfo> AllErrors() { return kErrors; }

const ErrorInfo* FindError(JET_ERR value) {
  for (const ErrorInfo& info : kErrors) {
    if (info.value == value) return &info;
  }
  return nullptr;
}

const ErrorInfo* FindError(std::string_view name) {
  for (const ErrorInfo& info : kErrors) {
    if (name == info.name) return &info;
  }
  return nullptr;
}

}  // namespace jetsim

extern "C" const char* jet_err_name(JET_ERR err) {
  const jetsim::ErrorInfo* info = jetsim::FindError(err);
  return info == nullptr ? "JET_err?" : info->name;
}
