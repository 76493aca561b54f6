// One `awssim check`: expectations, intents and every rule's findings (with
// suppressions and the baseline applied) and the cost, computed once so
// that each report format only formats it.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "model/price_table.h"
#include "rules/expectations.h"
#include "rules/finding.h"
#include "rules/intents.h"
#include "sim/cost.h"
#include "sim/network.h"

namespace awssim::rules {

struct CheckOptions {
  const model::PriceTable* prices = nullptr;
  std::optional<double> budget;
  std::string today;
  std::optional<std::set<std::string>> baseline;
};

struct CheckResult {
  std::vector<ExpectationResult> expectations;
  std::vector<IntentResult> intents;
  std::vector<Finding> findings;  // all, with suppressed / baselined marked
  std::optional<sim::CostReport> cost;
  size_t failedExpectations() const;
};

CheckResult runCheck(const sim::Network& net, const CheckOptions& options);

}  // namespace awssim::rules
