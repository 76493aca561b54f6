#include "rules/check.h"

#include "rules/catalog.h"
#include "rules/suppressions.h"
#include "sim/intents.h"

namespace awssim::rules {

size_t CheckResult::failedExpectations() const {
  size_t n = 0;
  for (const auto& e : expectations) n += !e.holds;
  return n;
}

CheckResult runCheck(const sim::Network& net, const CheckOptions& o) {
  CheckResult r;
  r.expectations = checkExpectations(net);
  r.intents = checkIntents(net, sim::deriveIntents(net.stack()));
  std::optional<double> budget = o.budget ? o.budget : net.stack().budget;
  if (o.prices) r.cost = sim::estimateCost(net, *o.prices, budget);
  r.findings = runRules({net, o.prices, budget, o.today});
  applySuppressions(r.findings, net.stack(), o.today);
  if (o.baseline) applyBaseline(r.findings, *o.baseline);
  return r;
}

}  // namespace awssim::rules
