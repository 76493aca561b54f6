#include "rules/cost_checks.h"

#include <fmt/format.h>

namespace awssim::rules {

std::vector<Finding> checkCost(const sim::CostReport& r, const model::Stack& stack) {
  std::vector<Finding> out;
  model::Location where{stack.file, 1, 1};
  if (r.over_budget())
    out.push_back({"AWSSIM-COST-001", Severity::High, "stack",
                   fmt::format("the stack costs ${:.2f}/month{}, over the budget of ${:.2f}", r.total_after_free_tier,
                               r.plan == "legacy" ? " after the free tier" : "", *r.budget),
                   where, r.alternatives.empty() ? "cut the costliest items of `awssim cost`" : r.alternatives.front()});
  for (const auto& l : r.free_tier)
    if (l.over > 0)
      out.push_back({"AWSSIM-COST-002", Severity::Medium, "free tier: " + l.pool,
                     fmt::format("{:.0f} {} used of the {:.0f} the legacy free tier pools over all resources; the {:.0f} "
                                 "over cost ${:.2f}/month",
                                 l.used, l.unit, l.allowance, l.over, l.over_cost),
                     where, "run fewer or smaller resources, or accept the cost"});
  return out;
}

}  // namespace awssim::rules
