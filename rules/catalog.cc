#include "rules/catalog.h"

#include <map>
#include <stdexcept>

namespace awssim::rules {

const std::vector<RuleFamily>& ruleFamilies() {
  static const std::vector<RuleFamily> families = {networkRules(), hygieneRules(), seedTrapRules(),
                                                   ecsRules(),     intentRules(),  costRules(),
                                                   suppressionRules(), scopeRules()};
  return families;
}

const RuleInfo* findRule(const std::string& id) {
  for (const auto& f : ruleFamilies())
    for (const auto& r : f.rules)
      if (r.id == id) return &r;
  return nullptr;
}

std::vector<const RuleInfo*> allRules() {
  std::vector<const RuleInfo*> out;
  for (const auto& f : ruleFamilies())
    for (const auto& r : f.rules) out.push_back(&r);
  return out;
}

static const RuleInfo& catalogEntry(std::string_view rule) {
  static const std::map<std::string, const RuleInfo*, std::less<>> index = [] {
    std::map<std::string, const RuleInfo*, std::less<>> m;
    for (const RuleInfo* r : allRules()) m[r->id] = r;
    return m;
  }();
  auto it = index.find(rule);
  if (it == index.end()) throw std::logic_error("a finding of rule " + std::string(rule) + ", which the catalog lacks");
  return *it->second;
}

void emit(std::vector<Finding>& out, std::string_view rule, std::string resource, std::string message,
          model::Location loc, std::string fix) {
  const RuleInfo& info = catalogEntry(rule);
  out.push_back({info.id, info.severity, std::move(resource), std::move(message), std::move(loc),
                 fix.empty() ? info.remediation : std::move(fix)});
}

void emitWithSeverity(std::vector<Finding>& out, std::string_view rule, Severity severity, std::string resource,
                      std::string message, model::Location loc, std::string fix) {
  const RuleInfo& info = catalogEntry(rule);
  if (!info.set_by_stack) throw std::logic_error("rule " + info.id + " has the catalog's severity");
  out.push_back({info.id, severity, std::move(resource), std::move(message), std::move(loc),
                 fix.empty() ? info.remediation : std::move(fix)});
}

std::vector<Finding> runRules(const RuleContext& ctx) {
  std::vector<Finding> out;
  for (const auto& f : ruleFamilies()) f.check(ctx, out);
  sortFindings(out);
  return out;
}

}  // namespace awssim::rules
