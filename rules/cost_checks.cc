#include "rules/cost_checks.h"

#include <fmt/format.h>

#include "rules/catalog.h"
#include "sim/cost.h"

namespace awssim::rules {

std::vector<Finding> checkCost(const sim::CostReport& r, const model::Stack& stack) {
  std::vector<Finding> out;
  model::Location where{stack.file, 1, 1};
  if (r.over_budget())
    emit(out, "AWSSIM-COST-001", "stack",
         fmt::format("the stack costs ${:.2f}/month{}, over the budget of ${:.2f}", r.total_after_free_tier,
                     r.plan == "legacy" ? " after the free tier" : "", *r.budget),
         where, r.alternatives.empty() ? "cut the costliest items of `awssim cost`" : r.alternatives.front());
  for (const auto& l : r.free_tier)
    if (l.over > 0)
      emit(out, "AWSSIM-COST-002", "free tier: " + l.pool,
           fmt::format("{:.0f} {} used of the {:.0f} the legacy free tier pools over all resources; the {:.0f} "
                       "over cost ${:.2f}/month",
                       l.used, l.unit, l.allowance, l.over, l.over_cost),
           where, "run fewer or smaller resources, or accept the cost");
  return out;
}

RuleFamily costRules() {
  return {"cost",
          {
              {"AWSSIM-COST-001", Severity::High, "Over budget",
               "The monthly cost (after the free tier on the legacy plan) is above the stack's budget.",
               "Cut the costliest items of `awssim cost` or raise the budget.", {}},
              {"AWSSIM-COST-002", Severity::Medium, "Beyond the free tier",
               "The legacy free tier pools 750 instance hours, 750 public IPv4 hours, 30 GB of EBS ... over all "
               "resources; usage beyond it is billed.", "Run fewer or smaller resources, or accept the cost.", {}},
          },
          [](const RuleContext& ctx, std::vector<Finding>& out) {
            if (!ctx.prices) return;
            auto report = sim::estimateCost(ctx.net, *ctx.prices, ctx.budget ? ctx.budget : ctx.net.stack().budget);
            for (auto& f : checkCost(report, ctx.net.stack())) out.push_back(std::move(f));
          }};
}

}  // namespace awssim::rules
