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
  r.placement = net.placement();
  std::optional<double> budget = o.budget ? o.budget : net.stack().budget;
  if (o.prices) r.cost = sim::estimateCost(net, *o.prices, budget);
  if (o.prices && o.compare_to) r.cost_before = sim::estimateCost(*o.compare_to, *o.prices, budget);
  if (o.with_matrix) {
    sim::MatrixOptions mo;
    mo.ports = sim::stackPorts(net.stack());
    r.matrix = sim::computeMatrix(net, mo);
    if (r.matrix->members.size() <= 300) sim::noteInternetSources(net, *r.matrix);
    if (r.matrix->endpoints.size() <= o.max_path_endpoints) r.paths = sim::matrixPaths(net, *r.matrix);
  }
  r.service_connect = sim::serviceConnectWires(net);
  r.findings = runRules({net, o.prices, budget, o.today, &r.service_connect});
  applySuppressions(r.findings, net.stack(), o.today);
  r.warnings = suppressionWarnings(net.stack(), r.findings, o.today.empty() ? todayDate() : o.today);
  r.project_root = o.project_root;
  if (o.baseline) applyBaseline(r.findings, *o.baseline, o.project_root);
  return r;
}

}  // namespace awssim::rules
