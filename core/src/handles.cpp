#include "handles.h"

namespace jetsim {

namespace {
constexpr int kTagShift = 56;
constexpr int kGenerationShift = 24;
constexpr JET_API_PTR kIndexMask = (JET_API_PTR{1} << kGenerationShift) - 1;
constexpr JET_API_PTR kGenerationMask = 0xFFFFFFFFULL;
}  // namespace

JET_API_PTR EncodeHandle(HandleKind kind, HandleParts parts) {
  return (static_cast<JET_API_PTR>(kind) << kTagShift) |
         (static_cast<JET_API_PTR>(parts.generation) << kGenerationShift) | (JET_API_PTR{parts.index} + 1);
}

std::optional<HandleParts> DecodeHandle(HandleKind kind, JET_API_PTR value) {
  if ((value >> kTagShift) != static_cast<JET_API_PTR>(kind)) return std::nullopt;
  const JET_API_PTR index_plus_one = value & kIndexMask;
  const auto generation = static_cast<std::uint32_t>((value >> kGenerationShift) & kGenerationMask);
  if (index_plus_one == 0 || generation == 0) return std::nullopt;
  return HandleParts{static_cast<std::uint32_t>(index_plus_one - 1), generation};
}

}  // namespace jetsim
