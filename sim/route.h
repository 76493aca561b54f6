// Route lookup in a subnet's route table (AWS-FACTS 1.2): the implicit local
// routes for the VPC's CIDRs plus the table's routes; longest prefix match,
// each CIDR of a prefix-list route counting as a route of its own. At equal
// length a CIDR route is preferred to a prefix-list route, and local to
// anything else.
#pragma once

#include <optional>
#include <string>

#include "model/stack.h"
#include "sim/network.h"

namespace awssim::sim {

struct RouteMatch {
  const model::Route* route = nullptr;  // nullptr with local == true: the implicit local route
  bool local = false;
  model::Cidr matched;  // the prefix that matched
  std::string describe() const;
};

/// The route a subnet uses for dst, or nullopt when no route matches.
std::optional<RouteMatch> lookupRoute(const Network& net, int subnet, model::Ipv4 dst);

}  // namespace awssim::sim
