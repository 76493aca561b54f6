// Properties of `awssim diff`'s reachability changes on random pairs of
// stacks (the second is the first with some sections drawn anew: security
// groups, NACLs, route tables, subnets, instances, the internet gateway):
// a stack against itself changes nothing; the changes are exactly the flows
// whose full trace answers differently in the two versions; and swapping
// the versions swaps every change.
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <map>
#include <set>
#include <tuple>

#include "build_stack.h"
#include "check_cases.h"
#include "sim/matrix.h"
#include "sim/query.h"
#include "sim/reach_diff.h"

namespace awssim::proptest {
namespace {

namespace proto = model::proto;

/// B: A with some of its sections taken from another random stack.
rc::Gen<std::pair<Spec, Spec>> genPair() {
  return rc::gen::exec([] {
    Spec a = *genSpec();
    Spec c = *genSpec();
    a.ecs = false;
    Spec b = a;
    int mask = *rc::gen::inRange(1, 64);
    if (mask & 1) b.sgs = c.sgs;
    if (mask & 2) b.nacls = c.nacls;
    if (mask & 4) b.tables = c.tables;
    if (mask & 8) b.instances = c.instances;
    if (mask & 16) b.igw = c.igw;
    if (mask & 32) b.subnets = c.subnets;
    return std::pair{a, b};
  });
}

// The flows the property asks about: protocol and port (ICMP type).
const std::vector<std::pair<int, int>> kFlows = {
    {proto::kTcp, 0},    {proto::kTcp, 22},   {proto::kTcp, 80},   {proto::kTcp, 443}, {proto::kTcp, 1023},
    {proto::kTcp, 5432}, {proto::kTcp, 8000}, {proto::kTcp, 40000}, {proto::kTcp, 65535}, {proto::kUdp, 53},
    {proto::kUdp, 5432}, {proto::kIcmp, 8},   {proto::kIcmp, 0},   {proto::kIcmp, 3},   {47, 0}};
// Internet hosts the generator's rules tell apart (8.8.8.0/24, 203.0.113.0/24, the rest).
const std::vector<std::string> kHosts = {"8.8.8.8", "203.0.113.9", "1.1.1.1"};

bool covers(const sim::ReachChange& c, int protocol, int port) {
  if (c.protocol == proto::kAll) return protocol != proto::kTcp && protocol != proto::kUdp && protocol != proto::kIcmp;
  if (c.protocol != protocol) return false;
  return !(model::hasPorts(protocol) || protocol == proto::kIcmp) || boost::icl::contains(c.ports, port);
}

// Whether the diff says the flow opened (+1), closed (-1) or neither (0).
int verdict(const sim::ReachDiff& d, const std::string& src, const std::string& dst, int protocol, int port,
            std::optional<model::Ipv4> host) {
  int out = 0;
  for (const auto& c : d.changes) {
    if (!covers(c, protocol, port)) continue;
    bool from = false, to = false;
    for (int x : c.sources) from |= d.endpoints[x].name == src;
    for (int x : c.destinations) to |= d.endpoints[x].name == dst;
    if (!from || !to) continue;
    if ((src == "internet" || dst == "internet") && host && !boost::icl::contains(c.internet, *host)) continue;
    RC_ASSERT(out == 0);  // one change per flow
    out = c.opened ? 1 : -1;
  }
  return out;
}

// A flow's answer by full trace: interfaces by name, absent ones closed,
// interfaces that start no connections closed as sources.
bool traced(const sim::Network& net, const std::string& src, const std::string& dst, int protocol, int port,
            std::optional<model::Ipv4> host) {
  int s = src == "internet" ? -1 : net.eniByName(src);
  int t = dst == "internet" ? -1 : net.eniByName(dst);
  if ((src != "internet" && s < 0) || (dst != "internet" && t < 0)) return false;
  if (s >= 0 && !sim::originates(net.enis()[s].kind)) return false;
  if (host && src == "internet") return sim::runQuery(net, sim::Query{"internet", dst, protocol, port, host, std::nullopt}).reachable;
  if (host) return sim::runQuery(net, sim::Query{src, model::formatIpv4(*host), protocol, port, std::nullopt, std::nullopt}).reachable;
  return sim::traceCell(net, s, t, protocol, port).reachable;
}

TEST(DiffProperty, AStackAgainstItselfChangesNothing) {
  checkCases(100, [] {
    Spec s = *genSpec();
    auto a = build(render(s));
    auto b = build(render(s));
    auto d = sim::diffReachability(*a->net, *b->net);
    RC_ASSERT(d.changes.empty());
    RC_ASSERT(d.endpoints.size() == a->net->enis().size() + 1);
  });
}

// Every flow between every pair of endpoints (the internet as several
// hosts, both ways), on every protocol and port above: the diff reports it opened or
// closed exactly when the tracer's answers in the two versions differ.
TEST(DiffProperty, ChangesAreTheTracersDifference) {
  checkCases(150, [] {
    auto [sa, sb] = *genPair();
    auto a = build(render(sa));
    auto b = build(render(sb));
    auto d = sim::diffReachability(*a->net, *b->net);
    std::vector<std::string> names = {"internet"};
    for (const auto& e : d.endpoints)
      if (!e.internet) names.push_back(e.name);
    for (const auto& src : names)
      for (const auto& dst : names) {
        if (src == dst) continue;
        for (auto [protocol, port] : kFlows) {
          std::vector<std::optional<model::Ipv4>> hosts = {std::nullopt};
          if (src == "internet" || dst == "internet") {
            hosts.clear();
            for (const auto& h : kHosts) hosts.push_back(model::parseIpv4(h));
          }
          for (const auto& host : hosts) {
            bool before = traced(*a->net, src, dst, protocol, port, host);
            bool after = traced(*b->net, src, dst, protocol, port, host);
            int expected = before == after ? 0 : after ? 1 : -1;
            int got = verdict(d, src, dst, protocol, port, host);
            if (got != expected)
              RC_FAIL(fmt::format("{}{} -> {} protocol {} port {}: traced {} -> {}, diff says {}", src,
                                  host ? " " + model::formatIpv4(*host) : "", dst, protocol, port, before, after, got));
          }
        }
      }
  });
}

// Regression (found by the property above at 2,000 cases): an interface
// behind an empty NACL of its own was taken for one behind the default NACL,
// which allows everything, so its way out counted as open.
TEST(DiffProperty, AnEmptyNaclIsNotTheDefaultOne) {
  std::string a = R"(region: us-east-1
vpc: {name: main, cidr: 10.0.0.0/16}
internet_gateways: {igw: {}}
route_tables:
  rt0:
    main: true
    routes: []
subnets:
  s0: {cidr: 10.0.0.0/24, az: a, route_table: rt0}
  s1: {cidr: 10.0.1.0/24, az: a, route_table: rt0, nacl: acl0}
  s2: {cidr: 10.0.2.0/24, az: a, route_table: rt0}
nacls:
  acl0:
    ingress: []
    egress: []
security_groups:
  sg0:
    ingress: []
    egress:
      - {proto: all, to: "0.0.0.0/0"}
instances:
  i0: {type: t3.micro, subnet: s0, ip: 10.0.0.10, public_ip: false, sgs: [sg0]}
)";
  std::string b = R"(region: us-east-1
vpc: {name: main, cidr: 10.0.0.0/16}
internet_gateways: {igw: {}}
route_tables:
  rt0:
    main: true
    routes:
      - {to: "0.0.0.0/0", via: "igw:igw"}
  rt1:
    main: false
    routes:
      - {to: "0.0.0.0/0", via: "nat:nat"}
subnets:
  s0: {cidr: 10.0.0.0/24, az: a, route_table: rt0}
  s1: {cidr: 10.0.1.0/24, az: a, route_table: rt1, nacl: acl0}
  s2: {cidr: 10.0.2.0/24, az: a, route_table: rt1}
nat_gateways: {nat: {subnet: s0}}
nacls:
  acl0:
    ingress: []
    egress: []
security_groups:
  sg0:
    ingress: []
    egress:
      - {proto: all, to: "0.0.0.0/0"}
instances:
  i0: {type: t3.micro, subnet: s2, ip: 10.0.2.10, public_ip: false, sgs: [sg0]}
  i1: {type: t3.micro, subnet: s1, ip: 10.0.1.11, public_ip: false, sgs: [sg0]}
)";
  auto x = build(a);
  auto y = build(b);
  auto d = sim::diffReachability(*x->net, *y->net);
  ASSERT_FALSE(d.changes.empty());
  for (const auto& c : d.changes)
    for (int s : c.sources) EXPECT_NE(d.endpoints[s].name, "i1") << sim::describeTraffic(c.protocol, c.ports);
}

TEST(DiffProperty, SwappingTheVersionsSwapsEveryChange) {
  checkCases(100, [] {
    auto [sa, sb] = *genPair();
    auto a = build(render(sa));
    auto b = build(render(sb));
    auto key = [](const sim::ReachDiff& d, bool flip) {
      std::set<std::tuple<bool, int, std::string, std::vector<std::string>, std::vector<std::string>, std::string>> out;
      for (const auto& c : d.changes) {
        std::vector<std::string> from, to;
        for (int x : c.sources) from.push_back(d.endpoints[x].name);
        for (int x : c.destinations) to.push_back(d.endpoints[x].name);
        std::string ports;
        for (const auto& iv : c.ports) ports += fmt::format("{}-{},", boost::icl::first(iv), boost::icl::last(iv));
        std::string hosts;
        for (const auto& iv : c.internet) hosts += fmt::format("{}-{},", boost::icl::first(iv), boost::icl::last(iv));
        out.emplace(c.opened != flip, c.protocol, ports, from, to, hosts);
      }
      return out;
    };
    RC_ASSERT(key(sim::diffReachability(*a->net, *b->net), false) == key(sim::diffReachability(*b->net, *a->net), true));
  });
}

}  // namespace
}  // namespace awssim::proptest
