// The stack's topology as a graph: subnets, the interfaces in them, the
// gateways and endpoints their routes lead to, and the security-group edges
// between workloads (and from the internet), written as Graphviz DOT with
// Boost.Graph's writer. SVG is drawn by Graphviz's `dot`.
#pragma once

#include <optional>
#include <string>

#include "sim/network.h"

namespace awssim::reports {

std::string topologyDot(const sim::Network& net);

/// Runs `dot -Tsvg`; nullopt (and the reason in `error`) when it cannot.
std::optional<std::string> dotToSvg(const std::string& dot, std::string& error);

}  // namespace awssim::reports
