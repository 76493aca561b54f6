#include "sim/route.h"

#include <fmt/format.h>

namespace awssim::sim {

using namespace model;

std::string RouteMatch::describe() const {
  if (local || !route) return fmt::format("{} -> local", matched.str());
  if (!route->prefix_list.empty())
    return fmt::format("pl:{} ({}) -> {}", route->prefix_list, matched.str(), route->target == RouteTarget::Blackhole ? "blackhole" : route->via);
  return route->describe();
}

std::optional<RouteMatch> lookupRoute(const Network& net, int subnet, Ipv4 dst) {
  const NetSubnet& ns = net.subnets()[subnet];
  std::optional<RouteMatch> best;
  int bestRank = -1;  // prefix length * 4 + preference
  auto offer = [&](const Cidr& c, const Route* r, int pref) {
    if (!c.contains(dst)) return;
    int rank = c.len * 4 + pref;
    if (rank > bestRank) {
      bestRank = rank;
      best = RouteMatch{r, r == nullptr, c};
    }
  };
  for (const auto& c : net.vpc(ns.vpc).cidrs) offer(c, nullptr, 3);
  if (ns.route_table)
    for (const Route& r : ns.route_table->routes) {
      if (r.cidr) {
        offer(*r.cidr, &r, 2);
      } else if (const PrefixList* pl = net.stack().prefix_lists.find(r.prefix_list)) {
        for (const auto& c : pl->cidrs) offer(c, &r, 1);
      }
    }
  return best;
}

}  // namespace awssim::sim
