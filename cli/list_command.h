// `jetsim list codes|sites|bugs|profiles`: the engine's own tables.
#pragma once

#include <ostream>
#include <string_view>

namespace jetsim::cli {

// Prints the table named `what`. Returns false for an unknown name.
[[nodiscard]] bool PrintList(std::string_view what, std::ostream& out);

}  // namespace jetsim::cli
