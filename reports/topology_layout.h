// Where everything in the topology picture goes: VPCs, one column per
// availability zone, subnets stacked in their column with their interfaces
// inside, gateways on the VPC's top edge, and the route and security-group
// edges between them. Graphviz's dot engine (libgvc) places the boxes and
// routes the edges around them; every box and label is given to it at a
// fixed size measured here, so no font on the machine changes the result
// and the same stack gives the same drawing byte for byte.
#pragma once

#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "sim/network.h"

namespace awssim::reports {

struct Rect {
  double x = 0, y = 0, w = 0, h = 0;  // top-left corner, y grows downward
  bool overlaps(const Rect& o) const { return x < o.x + o.w && o.x < x + w && y < o.y + o.h && o.y < y + h; }
  bool inside(const Rect& o) const { return x >= o.x && y >= o.y && x + w <= o.x + o.w && y + h <= o.y + o.h; }
};

struct Point {
  double x = 0, y = 0;
};

struct DrawnNode {
  enum class Kind { Internet, Gateway, Interface, Count };
  Kind kind = Kind::Interface;
  std::string endpoint;            // the name queries use ("" when none)
  std::string kind_name;           // eniKindName, or the gateway's kind
  std::vector<std::string> lines;  // text, first line bold
  Rect box;
  bool is_public = false;
};

struct DrawnCluster {
  enum class Kind { Vpc, Zone, Subnet };
  Kind kind = Kind::Subnet;
  std::string name;
  std::vector<std::string> lines;
  Rect box, title;
  bool is_public = false;
};

struct DrawnEdge {
  enum class Kind { Internet, Route, FromInternet, FromInterface };
  Kind kind = Kind::Route;
  std::string from, to;       // endpoint names for security edges
  std::vector<Point> curve;   // cubic Bézier: start, then three points per segment
  bool arrow = false;         // an arrowhead at the last point
  std::string label;
  std::vector<std::string> label_lines;  // the label, wrapped
  Rect label_box;             // empty when there is no label
  bool both_ways = false;     // also an arrowhead at the first point
};

struct TopologyDrawing {
  std::vector<DrawnCluster> clusters;  // outer before inner
  std::vector<DrawnNode> nodes;
  std::vector<DrawnEdge> edges;
  Rect legend;
  double width = 0, height = 0;
  bool detailed = true;  // false: subnets show interface counts
};

/// Graphviz could not lay the drawing out (its `dot` program is missing,
/// failed or returned something unreadable).
struct LayoutError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Throws LayoutError. Past `maxInterfaces` interfaces, or 400 security-group arrows, each
/// subnet shows a count instead of its interfaces and no security-group
/// edges are drawn.
TopologyDrawing layoutTopology(const sim::Network& net, size_t maxInterfaces = 150);

/// The key a route's target is drawn under ("igw:NAME", "nat:NAME",
/// "endpoint:NAME", "tgw:NAME", "pcx:NAME"), or "" for targets that are
/// not drawn as a gateway.
std::string routeGatewayKey(const model::Route& r);

/// Which interface's traffic a security group admits into which, by index
/// into net.enis() (-1 stands for the internet, drawn only into interfaces
/// with a public address), with every rule's traffic ("tcp 443") that does.
using AdmittedPairs = std::map<std::pair<int, int>, std::set<std::string>>;
AdmittedPairs admittedPairs(const sim::Network& net);

/// The width text takes in the drawing's sans-serif font, in pixels: a
/// deliberately generous average so that real fonts fit in the space kept.
double textWidth(const std::string& text, double fontSize);

}  // namespace awssim::reports
