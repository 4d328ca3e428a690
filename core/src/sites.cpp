#include "jetsim/sites.h"

#include <array>

namespace jetsim {

namespace {
constexpr std::array kSites = {
#define JETSIM_SITE(id, kind, name, why) SiteInfo{Site::id, SiteKind::kind, name, why},
#include "jetsim/sites.def"
#undef JETSIM_SITE
};
}  // namespace

std::span<const SiteInfo> AllSites() { return kSites; }

const SiteInfo& InfoOf(Site site) { return kSites[static_cast<std::size_t>(site)]; }

std::string_view NameOf(Site site) { return InfoOf(site).name; }

std::string_view NameOf(SiteKind kind) {
  switch (kind) {
    case SiteKind::kYield:
      return "yield";
    case SiteKind::kAlloc:
      return "alloc";
    case SiteKind::kIo:
      return "io";
  }
  return "?";
}

std::optional<Site> FindSite(std::string_view name) {
  for (const SiteInfo& info : kSites) {
    if (name == info.name) return info.site;
  }
  return std::nullopt;
}

}  // namespace jetsim
