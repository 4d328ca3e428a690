// The documented contract of JetDupSession, as data: the nine codes the
// reference page lists (with the page's zh-TW wording and the English
// meaning), the check order of each profile as (condition -> code) rows,
// and the named deviations of the esent profile from the page. It comes
// from scenarios/contract/JetDupSession.json, compiled in; nothing here is
// derived from core's decision logic.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "jetsim/behavior.h"
#include "jetsim/esent.h"

namespace jetsim::scenarios {

struct ContractCode {
  std::string name;
  JET_ERR value = 0;
  std::string meaning;  // English, from ese-facts.md
  std::string page_zh;  // the page's own wording
};

// One row of a profile's check order: when `when` holds (and no earlier
// row's condition does), the call returns `code`.
struct ContractCheck {
  std::string when;
  std::string code_name;
  JET_ERR code = 0;
  bool misuse = false;    // outside the page's contract (never fails a run)
  std::string deviation;  // the esent deviation this row is, if any
};

struct ContractDeviation {
  std::string id;
  std::string code_name;
  std::string kind;  // documented-differs, documented-unreachable, undocumented-returned
  std::string reason;
};

struct Contract {
  int format_version = 0;
  std::vector<ContractCode> codes;        // the nine documented codes
  std::vector<ContractCode> other_codes;  // returned by a profile, not documented
  std::map<std::string, std::string> conditions;
  std::vector<ContractCheck> documented_order;
  std::vector<ContractCheck> esent_order;
  std::vector<ContractDeviation> deviations;

  [[nodiscard]] const std::vector<ContractCheck>& order(Profile profile) const {
    return profile == Profile::kEsent ? esent_order : documented_order;
  }
  [[nodiscard]] bool IsDocumented(JET_ERR code) const;
  // The name the contract gives a code, or "" for a code it does not know.
  [[nodiscard]] std::string NameOf(JET_ERR code) const;
  [[nodiscard]] const ContractDeviation* FindDeviation(const std::string& id) const;
};

// The JetDupSession contract, parsed once. Throws std::logic_error if the
// compiled-in data is malformed (a build defect, caught by contract_test).
[[nodiscard]] const Contract& DupContract();
// The data file's text, as compiled in.
[[nodiscard]] const char* DupContractJson();

}  // namespace jetsim::scenarios
