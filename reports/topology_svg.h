// The topology as an SVG picture: draws what layoutTopology placed (each
// VPC a box, one column per availability zone, subnets in their column with
// their interfaces, gateways on the VPC's top row, routes and the
// security-group edges that let one workload or the internet reach
// another), with its own style and a legend, so the same file looks the
// same alone, in `graph --format svg` and inside the HTML reports.
#pragma once

#include <string>

#include "sim/network.h"

namespace awssim::reports {

/// Interface boxes carry data-endpoint="NAME" so a page can make them
/// clickable; past `maxInterfaces` subnets show counts instead of boxes.
/// `idPrefix` keeps the ids of two drawings on one page apart.
std::string topologySvg(const sim::Network& net, size_t maxInterfaces = 150, const std::string& idPrefix = "topology");

/// topologySvg, or where Graphviz cannot draw it, a paragraph that says so
/// and why: a report is still written without its picture.
std::string topologyFigure(const sim::Network& net, size_t maxInterfaces = 150, const std::string& idPrefix = "topology");

/// &, <, >, " and ' as XML entities.
std::string xmlEscape(const std::string& s);

}  // namespace awssim::reports
