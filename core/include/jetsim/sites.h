// The named sites of the engine (yield points, allocation and I/O sites),
// enumerable at run time so schedulers, fault plans and reports can name
// them. The list itself is sites.def.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace jetsim {

enum class SiteKind : std::uint8_t { kYield, kAlloc, kIo };

enum class Site : std::uint16_t {
#define JETSIM_SITE(id, kind, name, why) id,
#include "jetsim/sites.def"
#undef JETSIM_SITE
};

struct SiteInfo {
  Site site;
  SiteKind kind;
  const char* name;
  const char* why;
};

// Every site, in declaration order.
[[nodiscard]] std::span<const SiteInfo> AllSites();
[[nodiscard]] const SiteInfo& InfoOf(Site site);
[[nodiscard]] std::string_view NameOf(Site site);
[[nodiscard]] std::string_view NameOf(SiteKind kind);
// The site with this name, if any.
[[nodiscard]] std::optional<Site> FindSite(std::string_view name);

}  // namespace jetsim
