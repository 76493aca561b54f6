// The set answers: every protocol and port range that gets through between
// two endpoints, and which internet hosts reach an interface. The rules of
// the stack cut each port space (and internet space) into intervals inside
// which every rule decides alike, so one trace per interval decides the
// whole interval exactly.
#include <fmt/format.h>

#include <functional>
#include <set>

#include "sim/query.h"

namespace awssim::sim {

using namespace model;
namespace icl = boost::icl;

namespace {

void addBounds(const Traffic& t, int protocol, std::set<int>& bounds) {
  if (t.protocol != protocol) return;
  bounds.insert(t.ports.from);
  bounds.insert(t.ports.to + 1);
}

}  // namespace

std::set<int> portBoundaries(const Stack& s, int protocol) {
  std::set<int> b = {0, 65536};
  int top = protocol == proto::kIcmp ? 256 : 65536;
  b.insert(top);
  for (const auto& sg : s.security_groups)
    for (const auto* rules : {&sg.ingress, &sg.egress})
      for (const auto& r : *rules) addBounds(r.traffic, protocol, b);
  for (const auto& n : s.nacls)
    for (const auto* entries : {&n.ingress, &n.egress})
      for (const auto& e : *entries) addBounds(e.traffic, protocol, b);
  for (const auto& lb : s.load_balancers)
    for (const auto& l : lb.listeners) {
      b.insert(l.port);
      b.insert(l.port + 1);
    }
  std::set<int> out;
  for (int x : b)
    if (x <= top) out.insert(x);
  return out;
}

PortSet reachablePorts(const Network& net, Flow flow, PortRange range) {
  std::set<int> bounds = portBoundaries(net.stack(), flow.protocol);
  bounds.insert(range.from);
  bounds.insert(range.to + 1);
  std::vector<int> b;
  for (int x : bounds)
    if (x >= range.from && x <= range.to + 1) b.push_back(x);
  PortSet out;
  for (size_t i = 0; i + 1 < b.size(); ++i) {
    flow.dst_port = b[i];
    if (traceFlow(net, flow).reachable) out += icl::interval<int>::closed(b[i], b[i + 1] - 1);
  }
  return out;
}

bool TrafficAnswer::empty() const {
  for (const auto& [p, s] : ports)
    if (!s.empty()) return false;
  return other_protocols.empty() && !all_other_protocols;
}

std::string TrafficAnswer::str() const {
  std::vector<std::string> parts;
  for (const auto& [p, s] : ports)
    if (!s.empty()) parts.push_back(fmt::format("{} {}", p == "icmp" ? "icmp type" : p, s == portSet(PortRange::all()) || (p == "icmp" && icl::contains(s, portSet({0, 255}))) ? "all" : describePorts(s)));
  if (all_other_protocols) parts.push_back("every other protocol");
  else
    for (int p : other_protocols) parts.push_back(fmt::format("protocol {}", p));
  return parts.empty() ? "nothing" : fmt::format("{}", fmt::join(parts, "; "));
}

TrafficAnswer reachableTraffic(const Network& net, const std::string& from, const std::string& to, std::string* error) {
  TrafficAnswer a;
  const Stack& s = net.stack();
  for (int protocol : {proto::kTcp, proto::kUdp, proto::kIcmp}) {
    std::set<int> bounds = portBoundaries(s, protocol);
    std::vector<int> b(bounds.begin(), bounds.end());
    PortSet passed;
    for (size_t i = 0; i + 1 < b.size(); ++i) {
      Query q{from, to, protocol, b[i], std::nullopt, std::nullopt};
      QueryResult r = runQuery(net, q);
      if (!r.error.empty()) {
        if (error) *error = r.error;
        return a;
      }
      if (r.reachable) passed += icl::interval<int>::closed(b[i], b[i + 1] - 1);
    }
    a.ports[protocolName(protocol)] = passed;
  }
  // Other IP protocols: each one a rule names, and one that no rule names
  // standing for all the rest.
  std::set<int> named;
  for (const auto& sg : s.security_groups)
    for (const auto* rules : {&sg.ingress, &sg.egress})
      for (const auto& r : *rules) named.insert(r.traffic.protocol);
  for (const auto& n : s.nacls)
    for (const auto* entries : {&n.ingress, &n.egress})
      for (const auto& e : *entries) named.insert(e.traffic.protocol);
  int rest = 0;
  while (named.count(rest) || rest == proto::kTcp || rest == proto::kUdp || rest == proto::kIcmp) ++rest;
  for (int p : named) {
    if (p < 0 || p == proto::kTcp || p == proto::kUdp || p == proto::kIcmp) continue;
    if (runQuery(net, Query{from, to, p, std::nullopt, std::nullopt, std::nullopt}).reachable) a.other_protocols.push_back(p);
  }
  a.all_other_protocols = runQuery(net, Query{from, to, rest, std::nullopt, std::nullopt, std::nullopt}).reachable;
  return a;
}

std::set<uint64_t> internetCuts(const Network& net, int eni, bool outward) {
  const NetEni& e = net.enis()[eni];
  const Stack& st = net.stack();
  std::set<uint64_t> cuts;
  auto cut = [&](const Cidr& c) {
    cuts.insert(c.first());
    cuts.insert(uint64_t{c.last()} + 1);
  };
  for (int g : e.sgs)
    for (const auto& r : outward ? net.sg(g).egress : net.sg(g).ingress)
      if (r.kind == PeerKind::Cidr) cut(r.cidr);
  auto subnet = [&](const NetSubnet& x) {
    if (x.nacl)
      for (const auto* es : {&x.nacl->ingress, &x.nacl->egress})
        for (const auto& n : *es) cut(n.cidr);
    if (x.route_table)
      for (const auto& r : x.route_table->routes) {
        if (r.cidr) cut(*r.cidr);
        if (const auto* pl = r.prefix_list.empty() ? nullptr : st.prefix_lists.find(r.prefix_list))
          for (const auto& c : pl->cidrs) cut(c);
      }
  };
  const NetSubnet& ns = net.subnets()[e.subnet];
  subnet(ns);
  if (outward && ns.route_table)
    for (const auto& r : ns.route_table->routes)
      if (r.target == RouteTarget::NatGateway)
        if (const auto* nat = st.nat_gateways.find(r.via))
          if (int i = net.subnetIndex(nat->subnet); i >= 0) subnet(net.subnets()[i]);
  return cuts;
}

AddressSet piecesThatReach(const AddressSet& space, const std::set<uint64_t>& cuts,
                           const std::function<bool(Ipv4)>& reaches) {
  AddressSet out;
  for (const auto& iv : space) {
    uint64_t lo = icl::first(iv), hi = uint64_t{icl::last(iv)} + 1;
    for (auto it = cuts.upper_bound(lo);; ++it) {
      uint64_t end = it == cuts.end() ? hi : std::min(*it, hi);
      if (reaches(static_cast<Ipv4>(lo))) out += icl::interval<Ipv4>::closed(static_cast<Ipv4>(lo), static_cast<Ipv4>(end - 1));
      if (end >= hi) break;
      lo = end;
    }
  }
  return out;
}

AddressSet internetHostsReaching(const Network& net, int eni, int protocol, int port) {
  AddressSet admitted = internetSourcesAdmitted(net, eni, protocol, port);
  if (admitted.empty()) return {};
  const std::string& name = net.enis()[eni].name;
  return piecesThatReach(admitted, internetCuts(net, eni, false), [&](Ipv4 host) {
    return runQuery(net, Query{"internet", name, protocol, port, host, std::nullopt}).reachable;
  });
}

}  // namespace awssim::sim
