// The stack's topology as a graph: subnets, the interfaces in them, the
// gateways and endpoints their routes lead to, and the security-group edges
// between workloads (and from the internet), written as Graphviz DOT with
// Boost.Graph's writer (cli/ has Graphviz's `dot` draw it as SVG).
#pragma once

#include <string>

#include "sim/network.h"

namespace awssim::reports {

std::string topologyDot(const sim::Network& net);

}  // namespace awssim::reports
