// The rules catalog: every rule's id, severity, title, rationale, fix and
// the equivalent ids of other tools, and the checks that raise findings for
// them. Checks come in families (one file each) that may raise several
// rules; the registry lists the families in a fixed order so that output
// is stable.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "model/price_table.h"
#include "rules/finding.h"
#include "sim/network.h"

namespace awssim::rules {

struct RuleInfo {
  std::string id;
  Severity severity = Severity::Medium;
  std::string title;
  std::string rationale;
  std::string remediation;
  std::vector<std::string> equivalents;  // Checkov, cfn-nag, Trivy ids
};

/// What the checks see: the network (and through it the stack), and the
/// price table and budget for the cost rules (none: cost is not judged).
struct RuleContext {
  const sim::Network& net;
  const model::PriceTable* prices = nullptr;
  std::optional<double> budget;
  std::string today;  // YYYY-MM-DD, for suppression expiry
};

struct RuleFamily {
  std::string name;
  std::vector<RuleInfo> rules;
  std::function<void(const RuleContext&, std::vector<Finding>&)> check;
};

const std::vector<RuleFamily>& ruleFamilies();
/// The rule with this id, or nullptr.
const RuleInfo* findRule(const std::string& id);
std::vector<const RuleInfo*> allRules();

/// Runs every family; findings sorted by location.
std::vector<Finding> runRules(const RuleContext& ctx);

// The families, each in its own file.
RuleFamily networkRules();
RuleFamily hygieneRules();
RuleFamily seedTrapRules();
RuleFamily ecsRules();
RuleFamily intentRules();
RuleFamily costRules();
RuleFamily suppressionRules();
RuleFamily scopeRules();

}  // namespace awssim::rules
