#include "reports/graph.h"

#include "reports/topology_layout.h"

// GCC 12 reports a false maybe-uninitialized inside Boost.Graph's edge
// iterator (boost::optional in adj_list_edge_iterator), not in this file.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/graphviz.hpp>
#include <fmt/format.h>

#include <map>
#include <set>
#include <tuple>
#include <sstream>

namespace awssim::reports {

using namespace model;

namespace {

struct VertexProps {
  std::string id, label, shape, style;
};
struct EdgeProps {
  std::string label, style, color;
};
using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, VertexProps, EdgeProps>;
using Vertex = Graph::vertex_descriptor;

class Builder {
 public:
  explicit Builder(const sim::Network& net) : net_(net) {}

  Graph build() {
    Vertex internet = node("internet", "internet", "ellipse", "");
    for (const auto& sub : net_.stack().subnets)
      node("subnet:" + sub.name, fmt::format("{}\\n{}\\n{}", sub.name, sub.cidr.str(), sub.az), "box", "rounded");
    for (const auto& g : net_.stack().internet_gateways) edge(node("igw:" + g.name, g.name + "\\n(internet gateway)", "diamond", ""), internet, "", "solid", "black");
    for (const auto& n : net_.stack().nat_gateways) node("nat:" + n.name, n.name + "\\n(NAT gateway)", "diamond", "");
    for (const auto& g : net_.stack().vpn_gateways) node("vgw:" + g.name, g.name + "\\n(VPN gateway)", "diamond", "");
    for (const auto& e : net_.stack().endpoints)
      if (e.type == EndpointType::Gateway) node("endpoint:" + e.name, fmt::format("{}\\n({} gateway endpoint)", e.name, e.service), "diamond", "");
    if (net_.enis().size() > kMaxDrawnInterfaces) {
      classes(internet);
      routes();
      return g_;
    }
    for (const auto& e : net_.enis()) {
      Vertex v = node("eni:" + e.name, fmt::format("{}\\n{}{}", e.name, formatIpv4(e.ip), e.public_ip ? " (public)" : ""),
                      e.kind == sim::EniKind::Instance || e.kind == sim::EniKind::EcsInstance ? "component" : "note", "");
      edge(vertex("subnet:" + net_.subnets()[e.subnet].subnet->name), v, "", "dotted", "gray");
    }
    routes();
    securityEdges(internet);
    return g_;
  }

  // Past this many interfaces one node stands for the interfaces of a
  // subnet that share their groups, kind and public address (drawing every
  // pair that a group admits grows with their square).
  static constexpr size_t kMaxDrawnInterfaces = 150;

  /// Nodes per class and one edge per group rule between classes: linear in
  /// interfaces plus the edges drawn.
  void classes(Vertex internet) {
    using Key = std::tuple<int, std::vector<int>, bool, int>;
    std::map<Key, std::vector<int>> members;
    const auto& enis = net_.enis();
    for (size_t i = 0; i < enis.size(); ++i) {
      std::vector<int> sgs = enis[i].sgs;
      std::sort(sgs.begin(), sgs.end());
      members[Key{enis[i].subnet, sgs, enis[i].public_ip.has_value(), static_cast<int>(enis[i].kind)}].push_back(
          static_cast<int>(i));
    }
    std::vector<Vertex> classNodes;
    std::map<int, std::vector<size_t>> classesOfGroup;
    std::vector<const Key*> keys;
    for (auto& [key, list] : members) {
      std::sort(list.begin(), list.end(), [&](int a, int b) { return enis[a].name < enis[b].name; });
      std::vector<std::string> groups, shown;
      for (int g : std::get<1>(key)) groups.push_back(net_.sg(g).name);
      for (size_t k = 0; k < list.size() && k < 3; ++k) shown.push_back(enis[list[k]].name);
      std::string subnet = net_.subnets()[std::get<0>(key)].subnet->name;
      size_t c = classNodes.size();
      Vertex v = node(fmt::format("class:{}", c),
                      fmt::format("{} {}{}\\nsg {}\\n{}{}", list.size(), sim::eniKindName(static_cast<sim::EniKind>(std::get<3>(key))),
                                  list.size() == 1 ? "" : "s", groups.empty() ? "none" : fmt::format("{}", fmt::join(groups, ", ")),
                                  fmt::join(shown, ", "), list.size() > 3 ? ", ..." : ""),
                      "folder", "");
      edge(vertex("subnet:" + subnet), v, "", "dotted", "gray");
      classNodes.push_back(v);
      keys.push_back(&key);
      for (int g : std::get<1>(key)) classesOfGroup[g].push_back(c);
    }
    std::set<std::tuple<size_t, size_t, std::string>> drawn;  // from (SIZE_MAX: internet), to, label
    for (size_t d = 0; d < keys.size(); ++d)
      for (int g : std::get<1>(*keys[d]))
        for (const auto& rule : net_.sg(g).ingress) {
          std::string label = rule.traffic.str();
          if (rule.kind == PeerKind::Cidr && rule.cidr.len == 0 && std::get<2>(*keys[d])) {
            if (drawn.insert({SIZE_MAX, d, label}).second) edge(internet, classNodes[d], label, "dashed", "red");
          } else if (rule.kind == PeerKind::SecurityGroup) {
            auto it = classesOfGroup.find(net_.sgIndex(rule.ref));
            if (it == classesOfGroup.end()) continue;
            for (size_t c : it->second)
              if (drawn.insert({c, d, label}).second) edge(classNodes[c], classNodes[d], label, "dashed", "blue");
          }
        }
  }

 private:
  Vertex node(const std::string& id, const std::string& label, const std::string& shape, const std::string& style) {
    auto it = index_.find(id);
    if (it != index_.end()) return it->second;
    Vertex v = boost::add_vertex(VertexProps{id, label, shape, style}, g_);
    index_[id] = v;
    return v;
  }
  Vertex vertex(const std::string& id) { return index_.at(id); }
  void edge(Vertex a, Vertex b, const std::string& label, const std::string& style, const std::string& color) {
    boost::add_edge(a, b, EdgeProps{label, style, color}, g_);
  }

  void routes() {
    for (const auto& sub : net_.stack().subnets) {
      const RouteTable* rt = net_.stack().routeTableOf(sub);
      if (!rt) continue;
      for (const auto& r : rt->routes) {
        std::string target = routeGatewayKey(r);
        if (!index_.count(target)) continue;
        edge(vertex("subnet:" + sub.name), vertex(target), r.cidr ? r.cidr->str() : "pl:" + r.prefix_list, "solid", "black");
      }
    }
    for (const auto& n : net_.stack().nat_gateways)
      edge(vertex("nat:" + n.name), vertex("subnet:" + n.subnet), "in", "dotted", "gray");
  }

  // What security groups admit between interfaces, and internet-wide
  // rules into interfaces with a public address.
  void securityEdges(Vertex internet) {
    const auto& enis = net_.enis();
    for (const auto& [pair, traffic] : admittedPairs(net_)) {
      Vertex from = pair.first < 0 ? internet : vertex("eni:" + enis[pair.first].name);
      for (const auto& t : traffic)
        edge(from, vertex("eni:" + enis[pair.second].name), t, "dashed", pair.first < 0 ? "red" : "blue");
    }
  }

  const sim::Network& net_;
  Graph g_;
  std::map<std::string, Vertex> index_;
};

}  // namespace

std::string topologyDot(const sim::Network& net) {
  Graph g = Builder(net).build();
  boost::dynamic_properties dp;
  dp.property("node_id", boost::get(&VertexProps::id, g));
  dp.property("label", boost::get(&VertexProps::label, g));
  dp.property("shape", boost::get(&VertexProps::shape, g));
  dp.property("style", boost::get(&VertexProps::style, g));
  dp.property("label", boost::get(&EdgeProps::label, g));
  dp.property("style", boost::get(&EdgeProps::style, g));
  dp.property("color", boost::get(&EdgeProps::color, g));
  std::ostringstream out;
  boost::write_graphviz_dp(out, g, dp);
  // Boost escapes the backslash of "\n" in labels; Graphviz wants it as is.
  std::string dot = out.str();
  for (size_t at = 0; (at = dot.find("\\\\n", at)) != std::string::npos;) dot.replace(at, 3, "\\n");
  return dot;
}

}  // namespace awssim::reports
