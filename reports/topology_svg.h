// The topology as a picture without Graphviz: each VPC a box, one column
// per availability zone, subnets in their column, the interfaces inside
// them, gateways and endpoints above, and the security-group edges that let
// one workload (or the internet) reach another. The layout is computed here,
// so the SVG is the same byte for byte wherever it is drawn.
#pragma once

#include <string>

#include "sim/network.h"

namespace awssim::reports {

/// Interface boxes carry data-endpoint="NAME" so a page can make them
/// clickable; past `maxInterfaces` subnets show counts instead of boxes.
std::string topologySvg(const sim::Network& net, size_t maxInterfaces = 150);

/// &, <, >, " and ' as XML entities.
std::string xmlEscape(const std::string& s);

}  // namespace awssim::reports
