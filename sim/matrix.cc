#include "sim/matrix.h"

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <set>
#include <tuple>

#include "sim/query.h"
#include "sim/trace.h"

namespace awssim::sim {

using namespace model;

namespace {

/// Every prefix boundary the stack's rules and routes draw: addresses
/// between two consecutive boundaries are matched by exactly the same CIDRs.
std::vector<uint64_t> addressBoundaries(const Stack& s) {
  std::set<uint64_t> b = {0, uint64_t{1} << 32};
  auto add = [&](const Cidr& c) {
    b.insert(c.first());
    b.insert(uint64_t{c.last()} + 1);
  };
  for (const auto& sg : s.security_groups)
    for (const auto* rules : {&sg.ingress, &sg.egress})
      for (const auto& r : *rules)
        if (r.kind == PeerKind::Cidr) add(r.cidr);
  for (const auto& n : s.nacls)
    for (const auto* es : {&n.ingress, &n.egress})
      for (const auto& e : *es) add(e.cidr);
  for (const auto& rt : s.route_tables)
    for (const auto& r : rt.routes)
      if (r.cidr) add(*r.cidr);
  for (const auto& pl : s.prefix_lists)
    for (const auto& c : pl.cidrs) add(c);
  return {b.begin(), b.end()};
}

/// One matrix cell: interface to interface (-1: the internet) on a port.
/// The internet side goes through runQuery, which picks the public address
/// and a source the destination admits.
QueryResult traceCell(const Network& net, int src, int dst, int protocol, int port) {
  const auto& enis = net.enis();
  if (src < 0 || dst < 0)
    return runQuery(net, Query{src < 0 ? "internet" : enis[src].name, dst < 0 ? "internet" : enis[dst].name, protocol,
                               port, std::nullopt, std::nullopt});
  Flow f;
  f.src_eni = src;
  f.src_ip = enis[src].ip;
  f.dst_ip = enis[dst].ip;
  f.protocol = protocol;
  f.dst_port = port;
  QueryResult r;
  Trace t = traceFlow(net, f);
  r.reachable = t.reachable;
  r.disposition = t.disposition;
  r.source = enis[src].name;
  r.destination = enis[dst].name;
  r.parts.push_back({"", std::move(t)});
  return r;
}

bool originates(EniKind k) {
  return k == EniKind::Instance || k == EniKind::Extra || k == EniKind::InstanceConnect || k == EniKind::EcsInstance;
}

}  // namespace

std::string Matrix::cell(size_t i, size_t j) const { return classCell(class_of[i], class_of[j]); }

std::string Matrix::classCell(size_t a, size_t b) const {
  std::vector<std::string> out;
  const auto& row = open[a][b];
  for (size_t p = 0; p < ports.size(); ++p)
    if (row[p]) out.push_back(std::to_string(ports[p]));
  return out.empty() ? "-" : fmt::format("{}", fmt::join(out, ","));
}

std::vector<int> stackPorts(const Stack& stack, size_t limit) {
  std::set<int> ports;
  for (const auto& sg : stack.security_groups)
    for (const auto& r : sg.ingress)
      if ((r.traffic.protocol == proto::kTcp || r.traffic.protocol == proto::kAll) && r.traffic.ports.from == r.traffic.ports.to)
        ports.insert(r.traffic.ports.from);
  for (const auto& e : stack.expectations)
    if (e.port && e.protocol == proto::kTcp) ports.insert(*e.port);
  for (const auto& lb : stack.load_balancers)
    for (const auto& l : lb.listeners) ports.insert(l.port);
  std::vector<int> out(ports.begin(), ports.end());
  if (out.size() > limit) out.resize(limit);
  if (out.empty()) out = {22, 80, 443};
  return out;
}

Matrix computeMatrix(const Network& net, const MatrixOptions& opts) {
  Matrix m;
  m.ports = opts.ports;
  const auto& enis = net.enis();
  std::vector<int> order(enis.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  std::sort(order.begin(), order.end(), [&](int a, int b) { return enis[a].name < enis[b].name; });

  // Class 0 is the internet.
  m.endpoints.push_back("internet");
  m.class_of.push_back(0);
  m.members.push_back({0});
  m.class_labels.push_back("internet");
  std::vector<int> repEni = {-1};  // a representative interface per class (and a second one for self pairs)
  std::vector<int> secondEni = {-1};
  std::vector<uint64_t> bounds = addressBoundaries(net.stack());
  using Key = std::tuple<int, std::vector<int>, bool, int, size_t, bool, bool>;
  std::map<Key, int> classes;
  for (int e : order) {
    const NetEni& x = enis[e];
    std::vector<int> sgs = x.sgs;
    std::sort(sgs.begin(), sgs.end());
    size_t atom = std::upper_bound(bounds.begin(), bounds.end(), uint64_t{x.ip}) - bounds.begin();
    Key k{x.subnet, sgs, x.public_ip.has_value(), static_cast<int>(x.kind), atom, x.windows, x.source_dest_check};
    auto [it, fresh] = classes.emplace(k, static_cast<int>(m.members.size()));
    if (fresh) {
      m.members.emplace_back();
      std::vector<std::string> names;
      for (int g : sgs) names.push_back(net.sg(g).name);
      m.class_labels.push_back(fmt::format("subnet {} · sg {} · {}{}", net.subnets()[x.subnet].subnet->name,
                                           names.empty() ? "none" : fmt::format("{}", fmt::join(names, ", ")),
                                           eniKindName(x.kind), x.public_ip ? " · public" : ""));
      repEni.push_back(e);
      secondEni.push_back(-1);
    } else if (secondEni[it->second] < 0) {
      secondEni[it->second] = e;
    }
    m.endpoints.push_back(x.name);
    m.class_of.push_back(it->second);
    m.members[it->second].push_back(static_cast<int>(m.endpoints.size() - 1));
  }

  size_t n = m.members.size();
  m.open.assign(n, std::vector<std::vector<bool>>(n, std::vector<bool>(opts.ports.size(), false)));
  for (size_t a = 0; a < n; ++a) {
    if (a > 0 && !originates(enis[repEni[a]].kind)) continue;
    for (size_t b = 0; b < n; ++b) {
      int src = repEni[a], dst = repEni[b];
      if (a == b && a > 0) {
        dst = secondEni[a];  // a class reaching itself means two different members
        if (dst < 0) continue;
      }
      for (size_t p = 0; p < opts.ports.size(); ++p) {
        if (a == 0 && b == 0) continue;
        ++m.traces;
        m.open[a][b][p] = traceCell(net, src, dst, opts.protocol, opts.ports[p]).reachable;
      }
    }
  }
  return m;
}

std::vector<MatrixPath> matrixPaths(const Network& net, const Matrix& m, int protocol) {
  std::vector<MatrixPath> out;
  const auto& enis = net.enis();
  // Endpoint 0 is the internet; endpoint i > 0 is the i-th interface by name.
  std::vector<int> eniOf(m.endpoints.size(), -1);
  for (size_t i = 1; i < m.endpoints.size(); ++i) eniOf[i] = net.eniByName(m.endpoints[i]);
  for (size_t i = 0; i < m.endpoints.size(); ++i) {
    if (i > 0 && !originates(enis[eniOf[i]].kind)) continue;
    for (size_t j = 0; j < m.endpoints.size(); ++j) {
      if (i == j) continue;
      for (int port : m.ports) {
        out.push_back({i, j, port, traceCell(net, eniOf[i], eniOf[j], protocol, port)});
      }
    }
  }
  return out;
}

}  // namespace awssim::sim
