// Handle values. A JET_SESID or JET_INSTANCE is a tag byte, a 32-bit
// generation and a 24-bit (index + 1), so 0 and ~0 are never live handles
// (esent.dll's handles are pointers and clients test for both), a forged
// value fails to decode, and a stale one names an old generation.
#pragma once

#include <cstdint>
#include <optional>

#include "jetsim/esent.h"

namespace jetsim {

static_assert(sizeof(JET_API_PTR) == 8, "jetsim handles need a 64-bit JET_API_PTR");

enum class HandleKind : std::uint8_t { kSession = 0x53, kInstance = 0x49 };

inline constexpr std::uint32_t kMaxHandleIndex = (1U << 24) - 2;

struct HandleParts {
  std::uint32_t index;
  std::uint32_t generation;
};

[[nodiscard]] JET_API_PTR EncodeHandle(HandleKind kind, HandleParts parts);
// nullopt for a value that no table ever handed out as `kind`.
[[nodiscard]] std::optional<HandleParts> DecodeHandle(HandleKind kind, JET_API_PTR value);

}  // namespace jetsim
