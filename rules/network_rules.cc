// Exposure judged by reachability, not by reading one rule: a port counts as
// open to the internet only when the interface has a public address, its
// subnet routes to an internet gateway both ways, and the NACLs and
// security groups on the path admit it, from anywhere.
#include <fmt/format.h>

#include "model/validate.h"
#include "rules/catalog.h"
#include "sim/query.h"
#include "sim/intents.h"
#include "sim/matrix.h"
#include "sim/route.h"
#include "sim/tracer.h"

namespace awssim::rules {

using namespace model;
namespace icl = boost::icl;

namespace {

struct Exposure {
  const char* id;
  std::vector<int> ports;
  const char* what;
};

bool workload(sim::EniKind k) {
  return k == sim::EniKind::Instance || k == sim::EniKind::Extra || k == sim::EniKind::EcsInstance;
}

std::string resourceOf(const sim::NetEni& e) {
  return fmt::format("{} {}", e.kind == sim::EniKind::EcsInstance ? "ecs instance" : sim::eniKindName(e.kind), e.name);
}

/// Where the rule that lets it in is written: the first group of the
/// interface that admits the port from the internet.
Location ruleLocation(const sim::Network& net, const sim::NetEni& e, int port) {
  for (int g : e.sgs)
    for (const auto& r : net.sg(g).ingress)
      if (r.kind == PeerKind::Cidr && r.cidr.len == 0 && (r.traffic.protocol == proto::kAll ||
                                                            (r.traffic.protocol == proto::kTcp && r.traffic.ports.contains(port))))
        return r.loc;
  return e.loc;
}

void exposure(const RuleContext& ctx, std::vector<Finding>& out) {
  const sim::Network& net = ctx.net;
  static const std::vector<Exposure> checks = {
      {"AWSSIM-NET-001", {22}, "SSH"},
      {"AWSSIM-NET-002", {3389}, "RDP"},
      {"AWSSIM-NET-003", {3306, 5432, 1433, 1521, 27017, 9042, 9200}, "a database port"},
      {"AWSSIM-NET-004", {6379, 11211}, "a cache port"},
  };
  sim::AddressSet whole = sim::internetSpace(net);
  for (size_t i = 0; i < net.enis().size(); ++i) {
    const sim::NetEni& e = net.enis()[i];
    if (!workload(e.kind) || !e.public_ip) continue;
    for (const auto& c : checks)
      for (int port : c.ports) {
        sim::AddressSet admitted = sim::internetSourcesAdmitted(net, static_cast<int>(i), proto::kTcp, port);
        // Open to the whole internet, or to more than a /8 of it: a few
        // named addresses (an office, one admin) are a deliberate choice.
        if (icl::cardinality(admitted) < (uint64_t{1} << 24)) continue;
        sim::Query q{e.name, "", proto::kTcp, port, std::nullopt, std::nullopt};
        q.from = "internet";
        q.to = e.name;
        q.src_ip = icl::first(*admitted.begin());
        if (!sim::runQuery(net, q).reachable) continue;
        const RuleInfo* info = findRule(c.id);
        out.push_back({c.id, info->severity, resourceOf(e),
                       fmt::format("{} (tcp {}) of {} is reachable from {}", c.what, port, e.name,
                                   admitted == whole ? "the whole internet" : "most of the internet"),
                       ruleLocation(net, e, port), info->remediation});
        break;
      }
  }
}

bool routesToIgw(const sim::Network& net, int subnet) {
  auto m = sim::lookupRoute(net, subnet, (8u << 24) | (8u << 16) | (8u << 8) | 8u);
  return m && !m->local && m->route && m->route->target == RouteTarget::InternetGateway;
}

// A public address on an interface whose subnet does not route to an
// internet gateway cannot be used, and costs $3.65 a month.
void uselessPublicIp(const RuleContext& ctx, std::vector<Finding>& out) {
  const sim::Network& net = ctx.net;
  for (const auto& e : net.enis()) {
    if (!workload(e.kind) || !e.public_ip || routesToIgw(net, e.subnet)) continue;
    emit(out, "AWSSIM-NET-005", resourceOf(e),
         fmt::format("{} has a public IPv4 address in subnet {}, which has no route to an internet gateway: "
                     "the address cannot be used and still costs $3.65/month",
                     e.name, net.subnets()[e.subnet].subnet->name),
         e.loc, "drop the public address, or move the interface to a public subnet");
  }
}

// Egress to anywhere on every port from an interface that can reach the
// internet: anything on it can send data anywhere.
void unrestrictedEgress(const RuleContext& ctx, std::vector<Finding>& out) {
  const sim::Network& net = ctx.net;
  std::set<int> reported;
  for (const auto& e : net.enis()) {
    if (!workload(e.kind)) continue;
    auto m = sim::lookupRoute(net, e.subnet, (8u << 24) | (8u << 16) | (8u << 8) | 8u);
    bool internet = m && !m->local && m->route &&
                    (m->route->target == RouteTarget::InternetGateway || m->route->target == RouteTarget::NatGateway);
    if (!internet) continue;
    for (int g : e.sgs)
      for (const auto& r : net.sg(g).egress)
        if (r.kind == PeerKind::Cidr && r.cidr.len == 0 && r.traffic.protocol == proto::kAll && reported.insert(g).second)
          emit(out, "AWSSIM-NET-006", "security group " + net.sg(g).name,
               fmt::format("security group {} allows all traffic to 0.0.0.0/0 from {}, which can reach the "
                           "internet",
                           net.sg(g).name, e.name),
               r.loc, "allow only the destinations and ports the workload uses (e.g. tcp 443 to pl:s3)");
  }
}

/// The (source, destination, port) triples the stack says it needs: its
/// expectations that must hold and the flows its manifests imply.
std::set<std::tuple<std::string, std::string, int>> neededFlows(const sim::Network& net) {
  std::set<std::tuple<std::string, std::string, int>> out;
  auto owner = [&](const std::string& name) {
    // Resolve names and addresses to the interface name the rules see.
    if (auto ip = parseIpv4(name)) {
      int e = net.eniByPrivateIp(*ip);
      return e >= 0 ? net.enis()[e].name : name;
    }
    // A unique suffix of a resource's name, as queries take it.
    auto named = resourcesNamed(net.stack(), name);
    return named.size() == 1 ? named[0] : name;
  };
  for (const auto& e : net.stack().expectations)
    if (e.reachable && e.port) out.insert({owner(e.from), owner(e.to), *e.port});
  for (const auto& f : sim::deriveIntents(net.stack()).flows) out.insert({owner(f.source), owner(f.host), f.port});
  return out;
}

// A security group rule that lets workloads reach others on a port no
// expectation and no manifest uses is a path nobody needs. One finding per
// rule, with how many pairs it opens needlessly and a few of them, computed
// on the matrix's classes (never pair by pair), so a rule admitting a /16
// costs its classes, not its interfaces squared. Stacks that state no
// expectations and imply no flows are not judged; SSH (admin access) is
// left out.
void unneededPaths(const RuleContext& ctx, std::vector<Finding>& out) {
  const sim::Network& net = ctx.net;
  auto needed = neededFlows(net);
  if (needed.empty()) return;
  struct Judged {
    int sg;
    const SgRule* rule;
    int port;
  };
  std::vector<Judged> judged;
  std::set<int> ports;
  for (size_t g = 0; g < net.stack().security_groups.size(); ++g)
    for (const auto& r : net.sg(static_cast<int>(g)).ingress) {
      if (r.traffic.protocol != proto::kTcp || r.traffic.ports.from != r.traffic.ports.to || r.traffic.ports.from == 22)
        continue;
      if (r.kind == PeerKind::PrefixList || (r.kind == PeerKind::Cidr && r.cidr.len == 0)) continue;
      judged.push_back({static_cast<int>(g), &r, r.traffic.ports.from});
      ports.insert(r.traffic.ports.from);
    }
  if (judged.empty()) return;
  sim::MatrixOptions mo;
  mo.ports.assign(ports.begin(), ports.end());
  sim::Matrix m = sim::computeMatrix(net, mo);
  // Class -> its representative interface (every member shares groups, kind and address atom).
  std::vector<int> rep(m.members.size(), -1);
  for (size_t c = 1; c < m.members.size(); ++c) rep[c] = net.eniByName(m.endpoints[m.members[c].front()]);
  std::vector<size_t> endpointOf(net.enis().size(), 0);  // interface -> its endpoint in the matrix
  for (size_t e = 1; e < m.endpoints.size(); ++e) endpointOf[net.eniByName(m.endpoints[e])] = e;
  for (const Judged& j : judged) {
    size_t p = std::find(m.ports.begin(), m.ports.end(), j.port) - m.ports.begin();
    int ref = j.rule->kind == PeerKind::SecurityGroup ? net.sgIndex(j.rule->ref) : -1;
    auto admittedBy = [&](size_t c) {
      if (c == 0 || !workload(net.enis()[rep[c]].kind)) return false;
      return j.rule->kind == PeerKind::SecurityGroup ? ref >= 0 && net.eniHasSg(rep[c], ref)
                                                     : j.rule->cidr.contains(net.enis()[rep[c]].ip);
    };
    // Needed flows on this port, by class pair.
    std::map<std::pair<int, int>, uint64_t> neededPairs;
    for (const auto& [src, dst, port] : needed) {
      if (port != j.port) continue;
      int se = net.eniByName(src), de = net.eniByName(dst);
      if (se < 0 || de < 0 || se == de) continue;
      neededPairs[{m.class_of[endpointOf[se]], m.class_of[endpointOf[de]]}]++;
    }
    uint64_t pairs = 0;
    std::set<int> srcClasses, dstClasses;
    std::vector<std::string> examples;
    for (size_t b = 1; b < m.members.size(); ++b) {
      if (!workload(net.enis()[rep[b]].kind) || !net.eniHasSg(rep[b], j.sg)) continue;
      for (int a : m.source_sets[p][m.set_of[p][b]]) {
        if (!admittedBy(static_cast<size_t>(a))) continue;
        uint64_t n = m.members[a].size() * m.members[b].size() - (a == static_cast<int>(b) ? m.members[a].size() : 0);
        // Pairs the stack says it needs are not counted.
        if (auto it = neededPairs.find({a, static_cast<int>(b)}); it != neededPairs.end()) n -= it->second;
        for (size_t x = 0; x < m.members[a].size() && x < 4 && examples.size() < 3; ++x)
          for (size_t y = 0; y < m.members[b].size() && y < 4 && examples.size() < 3; ++y) {
            const std::string& se = m.endpoints[m.members[a][x]];
            const std::string& de = m.endpoints[m.members[b][y]];
            if (se != de && !needed.count({se, de, j.port})) examples.push_back(se + " -> " + de);
          }
        if (n == 0) continue;
        pairs += n;
        srcClasses.insert(a);
        dstClasses.insert(static_cast<int>(b));
      }
    }
    if (pairs == 0) continue;
    auto interfaces = [&](const std::set<int>& classes) {
      size_t k = 0;
      for (int c : classes) k += m.members[c].size();
      return k;
    };
    size_t srcs = interfaces(srcClasses), dsts = interfaces(dstClasses);
    emit(out, "AWSSIM-NET-007", "security group " + net.sg(j.sg).name,
         fmt::format("ingress {}{} lets {} source{} reach {} destination{} on tcp {} ({} pair{}) that no expectation "
                     "or manifest uses, e.g. {}",
                     j.rule->describe(false), j.rule->description.empty() ? "" : " (" + j.rule->description + ")", srcs, srcs == 1 ? "" : "s", dsts, dsts == 1 ? "" : "s",
                     j.port, pairs, pairs == 1 ? "" : "s", fmt::join(examples, ", ")),
         j.rule->loc, "narrow the rule to the clients that need it, or state the flow in `expect:`");
  }
}

// Health checks come from the load balancer's nodes to each target on the
// health-check port (the traffic port unless set): a target whose groups or
// NACL do not admit them is marked unhealthy and gets no traffic (AWS ELB
// docs, "Target security groups": allow the health check port from the load
// balancer). One finding per target group and port, naming the targets.
void blockedHealthChecks(const RuleContext& ctx, std::vector<Finding>& out) {
  const sim::Network& net = ctx.net;
  const auto& s = net.stack();
  std::set<std::pair<std::string, std::string>> done;  // (load balancer, target group)
  for (const auto& lb : s.load_balancers)
    for (const auto& l : lb.listeners) {
      const auto* tg = s.target_groups.find(l.target_group);
      if (!tg || !done.insert({lb.name, tg->name}).second) continue;
      std::vector<int> nodes = net.enisOf(lb.name);
      if (nodes.empty()) continue;
      std::map<int, std::vector<std::string>> blocked;  // port -> targets
      std::map<int, std::string> why;
      for (const auto& t : tg->targets) {
        int teni = t.ip ? net.eniByPrivateIp(*t.ip) : (net.enisOf(t.name).empty() ? net.eniByName(t.name) : net.enisOf(t.name).front());
        if (teni < 0) continue;
        int port = tg->health_check_port.value_or(t.port.value_or(tg->port));
        bool any = false;
        std::string reason;
        for (int n : nodes) {
          sim::Flow f;
          f.src_eni = n;
          f.src_ip = net.enis()[n].ip;
          f.dst_ip = net.enis()[teni].ip;
          f.dst_port = port;
          sim::Trace tr = sim::traceFlow(net, f);
          if (tr.reachable) {
            any = true;
            break;
          }
          if (reason.empty() && !tr.explanations.empty())
            reason = fmt::format("{}: {}", tr.explanations[0].component, tr.explanations[0].detail);
        }
        if (any) continue;
        blocked[port].push_back(net.enis()[teni].name);
        if (!why.count(port)) why[port] = reason;
      }
      for (const auto& [port, targets] : blocked)
        emit(out, "AWSSIM-NET-008", "target group " + tg->name,
             fmt::format("health checks of load balancer {} cannot reach {} on tcp {} ({}); the target{} will be marked "
                         "unhealthy and get no traffic",
                         lb.name, fmt::join(targets, ", "), port, why[port], targets.size() == 1 ? "" : "s"),
             tg->loc,
             fmt::format("allow tcp {} from the load balancer's security group on the targets' groups", port));
    }
}

}  // namespace

RuleFamily networkRules() {
  return {"network",
          {
              {"AWSSIM-NET-001", Severity::High, "SSH reachable from the internet",
               "Port 22 of an instance is reachable from the internet: the public address, the route to the internet "
               "gateway, the NACLs and the security groups all let it through.",
               "Admit SSH from a known address only, or use EC2 Instance Connect Endpoint / Session Manager.",
               {"CKV_AWS_24", "AVD-AWS-0107", "cfn-nag W2"}},
              {"AWSSIM-NET-002", Severity::High, "RDP reachable from the internet",
               "Port 3389 of an instance is reachable from the internet.", "Admit RDP from a known address only.",
               {"CKV_AWS_25", "AVD-AWS-0107"}},
              {"AWSSIM-NET-003", Severity::Critical, "Database port reachable from the internet",
               "A database port (MySQL, PostgreSQL, SQL Server, Oracle, MongoDB, Cassandra, Elasticsearch) answers the "
               "internet.", "Keep databases in private subnets; admit only the application's security group.",
               {"AVD-AWS-0107"}},
              {"AWSSIM-NET-004", Severity::Critical, "Cache port reachable from the internet",
               "Redis or Memcached answers the internet; they are built for trusted networks.",
               "Keep caches private; admit only the clients' security group.", {"AVD-AWS-0107"}},
              {"AWSSIM-NET-005", Severity::Low, "Unusable public IPv4 address",
               "An interface in a subnet without a route to an internet gateway has a public address that nothing "
               "can use; public IPv4 costs $3.65/month since 2024-02-01.", "Drop the public address.", {}},
              {"AWSSIM-NET-006", Severity::Low, "Unrestricted egress",
               "A security group allows all traffic to 0.0.0.0/0 on an interface that can reach the internet.",
               "Allow only the destinations and ports the workload uses.", {"AVD-AWS-0104", "cfn-nag W5"}},
              {"AWSSIM-NET-007", Severity::Low, "Path nobody needs",
               "A security group rule lets one workload reach another on a port that no expectation of the stack and "
               "no flow its manifests imply uses (admin SSH aside): segmentation wider than needed.",
               "Narrow the rule to the clients that need it, or state the flow in `expect:`.", {}},
              {"AWSSIM-NET-008", Severity::High, "Health checks blocked",
               "A load balancer checks each target's health from its own nodes on the health-check port; when the "
               "targets' security groups or NACLs do not admit that, every target is unhealthy and the load balancer "
               "answers 502/503.",
               "Allow the health-check port from the load balancer's security group on the targets' groups.", {}},
          },
          [](const RuleContext& ctx, std::vector<Finding>& out) {
            exposure(ctx, out);
            uselessPublicIp(ctx, out);
            unrestrictedEgress(ctx, out);
            unneededPaths(ctx, out);
            blockedHealthChecks(ctx, out);
          }};
}

}  // namespace awssim::rules
