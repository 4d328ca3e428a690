// The error table (jet_errors.def) as C++ data.
#pragma once

#include <span>
#include <string_view>

#include "jetsim/esent.h"

namespace jetsim {

struct ErrorInfo {
  const char* name;
  JET_ERR value;
  const char* meaning;
};

[[nodiscard]] std::span<const ErrorInfo> AllErrors();
// The row for `value`, or nullptr.
[[nodiscard]] const ErrorInfo* FindError(JET_ERR value);
[[nodiscard]] const ErrorInfo* FindError(std::string_view name);

}  // namespace jetsim
