#include "jetsim/scenarios/contract.h"

#include <nlohmann/json.hpp>
#include <stdexcept>

namespace jetsim::scenarios {

namespace {

using nlohmann::json;

std::vector<ContractCode> ReadCodes(const json& list) {
  std::vector<ContractCode> codes;
  for (const json& entry : list) {
    codes.push_back(ContractCode{entry.at("name").get<std::string>(), entry.at("value").get<JET_ERR>(),
                                 entry.value("meaning", ""), entry.value("page_zh", "")});
  }
  return codes;
}

JET_ERR ValueOf(const Contract& contract, const std::string& name) {
  for (const auto* list : {&contract.codes, &contract.other_codes}) {
    for (const ContractCode& code : *list) {
      if (code.name == name) return code.value;
    }
  }
  throw std::logic_error("contract: check order names unknown code " + name);
}

std::vector<ContractCheck> ReadOrder(const Contract& contract, const json& rows) {
  std::vector<ContractCheck> order;
  for (const json& row : rows) {
    ContractCheck check;
    check.when = row.at("when").get<std::string>();
    if (contract.conditions.count(check.when) == 0)
      throw std::logic_error("contract: unknown condition " + check.when);
    check.code_name = row.at("code").get<std::string>();
    check.code = ValueOf(contract, check.code_name);
    check.misuse = row.value("class", "") == "misuse";
    check.deviation = row.value("deviation", "");
    if (!check.deviation.empty() && contract.FindDeviation(check.deviation) == nullptr)
      throw std::logic_error("contract: unknown deviation " + check.deviation);
    order.push_back(std::move(check));
  }
  return order;
}

Contract Parse(const char* text) {
  const json doc = json::parse(text);
  Contract contract;
  contract.format_version = doc.at("format_version").get<int>();
  if (contract.format_version != 1) throw std::logic_error("contract: unsupported format_version");
  contract.codes = ReadCodes(doc.at("codes"));
  contract.other_codes = ReadCodes(doc.at("other_codes"));
  for (const auto& [name, text_of] : doc.at("conditions").items())
    contract.conditions[name] = text_of.get<std::string>();
  for (const json& entry : doc.at("deviations")) {
    contract.deviations.push_back(
        ContractDeviation{entry.at("id").get<std::string>(), entry.at("code").get<std::string>(),
                          entry.at("kind").get<std::string>(), entry.at("reason").get<std::string>()});
  }
  contract.documented_order = ReadOrder(contract, doc.at("profiles").at("documented").at("order"));
  contract.esent_order = ReadOrder(contract, doc.at("profiles").at("esent").at("order"));
  return contract;
}

}  // namespace

bool Contract::IsDocumented(JET_ERR code) const {
  for (const ContractCode& entry : codes) {
    if (entry.value == code) return true;
  }
  return false;
}

std::string Contract::NameOf(JET_ERR code) const {
  for (const auto* list : {&codes, &other_codes}) {
    for (const ContractCode& entry : *list) {
      if (entry.value == code) return entry.name;
    }
  }
  return "";
}

const ContractDeviation* Contract::FindDeviation(const std::string& id) const {
  for (const ContractDeviation& deviation : deviations) {
    if (deviation.id == id) return &deviation;
  }
  return nullptr;
}

const Contract& DupContract() {
  static const Contract contract = Parse(DupContractJson());
  return contract;
}

}  // namespace jetsim::scenarios
