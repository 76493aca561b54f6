// The rules catalog: every rule's id, severity, title, rationale, fix and
// the equivalent ids of other tools, and the checks that raise findings for
// them. Checks come in families (one file each) that may raise several
// rules; the registry lists the families in a fixed order so that output
// is stable.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/price_table.h"
#include "rules/finding.h"
#include "sim/network.h"
#include "sim/query.h"

namespace awssim::rules {

struct RuleInfo {
  std::string id;
  Severity severity = Severity::Medium;  // of every finding, unless set_by_stack
  std::string title;
  std::string rationale;
  std::string remediation;
  std::vector<std::string> equivalents;  // Checkov, cfn-nag, Trivy ids
  /// The stack gives each finding's severity (an access scope's own); the
  /// catalog's is the default.
  bool set_by_stack = false;
};

/// What the checks see: the network (and through it the stack), and the
/// price table and budget for the cost rules (none: cost is not judged).
struct RuleContext {
  const sim::Network& net;
  const model::PriceTable* prices = nullptr;
  std::optional<double> budget;
  std::string today;  // YYYY-MM-DD, for suppression expiry
  /// The Service Connect wires, when the caller has answered them already.
  const std::vector<sim::ServiceConnectWire>* service_connect = nullptr;
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

/// The one way a check raises a finding: the severity and, when `fix` is
/// empty, the fix are the rule's catalog entry's. An id the catalog lacks is
/// a bug in awssim (std::logic_error).
void emit(std::vector<Finding>& out, std::string_view rule, std::string resource, std::string message,
          model::Location loc, std::string fix = {});
/// For a rule whose severity the stack sets (RuleInfo::set_by_stack).
void emitWithSeverity(std::vector<Finding>& out, std::string_view rule, Severity severity, std::string resource,
                      std::string message, model::Location loc, std::string fix = {});

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
