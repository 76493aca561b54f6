// Random valid stacks for property tests: a small description (Spec) that
// rapidcheck generates and shrinks, rendered to stack.yaml text. One VPC
// 10.0.0.0/16, subnets 10.0.k.0/24 in up to three zones, route tables with
// the target kinds of one VPC (internet gateway, NAT gateway, gateway
// endpoint, blackhole, an instance as appliance; peerings and transit
// gateways have their own unit tests), NACLs with ordered entries, security groups
// with CIDR, group and prefix-list peers, instances with and without public
// addresses, and optionally an ECS service on a cluster instance. A failing
// case prints as the YAML it stands for.
#pragma once

#include <rapidcheck.h>

#include <fmt/format.h>

#include <algorithm>
#include <ostream>
#include <string>
#include <vector>

#include "model/aws_ranges.h"
#include "model/net.h"

namespace awssim::proptest {

// Pools the generator picks from; rules and packets draw on the same ones so
// that matches are common.
inline const std::vector<std::string> kCidrs = {"0.0.0.0/0",     "10.0.0.0/16",  "10.0.0.0/24",  "10.0.1.0/24",
                                                "10.0.1.0/25",   "10.0.2.128/25", "10.0.0.10/32", "8.8.8.0/24",
                                                "203.0.113.0/24"};
inline const std::vector<int> kPorts = {22, 80, 443, 5432, 8000};
// Port ranges for rules: a single pool port, or one of these.
inline const std::vector<std::pair<int, int>> kRanges = {{1024, 65535}, {0, 65535}, {32768, 60999}, {80, 443}};
inline const std::vector<std::string> kRouteDsts = {"0.0.0.0/0", "8.8.8.0/24", "203.0.113.0/24", "pl:s3"};

struct Rule {
  int proto = 6;    // 6 tcp, 17 udp, 1 icmp, -1 all
  int ports = 0;    // < kPorts.size(): that port; else a kRanges entry; for icmp: type 8, 0 or all
  int peer = 0;     // < kCidrs.size(): a CIDR; < +8: security group (mod count); else pl:s3
};
struct Sg {
  std::vector<Rule> in, out;
};
struct NaclEntry {
  bool allow = true;
  int proto = -1;
  int ports = 0;
  int cidr = 0;
};
struct Nacl {
  std::vector<NaclEntry> in, out;
};
struct Route {
  int dst = 0;     // kRouteDsts
  int target = 0;  // 0 igw, 1 blackhole, 2 nat, 3 instance i0 (an appliance); pl:s3 always goes to the endpoint
};
struct Table {
  std::vector<Route> routes;
};
struct Subnet {
  int az = 0;
  int table = 0;  // mod tables
  int nacl = -1;  // -1: the default NACL; else mod nacls
};
struct Instance {
  int subnet = 0;
  bool pub = false;
  std::vector<int> sgs;  // mod sgs, duplicates dropped; never empty
};
struct Spec {
  std::vector<Subnet> subnets;
  std::vector<Table> tables;
  std::vector<Nacl> nacls;
  std::vector<Sg> sgs;
  std::vector<Instance> instances;
  bool igw = true;
  bool ecs = false;
};

// ---- helpers the renderer and the oracle share --------------------------------

inline std::string ruleTraffic(int proto, int ports) {
  if (proto == -1) return "proto: all";
  if (proto == 1) return ports % 3 == 0 ? "icmp: \"8\"" : ports % 3 == 1 ? "icmp: \"0\"" : "icmp: all";
  std::string p = proto == 6 ? "tcp" : "udp";
  if (ports < static_cast<int>(kPorts.size())) return fmt::format("{}: \"{}\"", p, kPorts[ports]);
  auto [a, b] = kRanges[(ports - kPorts.size()) % kRanges.size()];
  return fmt::format("{}: \"{}-{}\"", p, a, b);
}

/// The port (or ICMP type) interval a rule's `ports` stands for.
inline std::pair<int, int> portsOf(int proto, int ports) {
  if (proto == 1) return ports % 3 == 0 ? std::pair{8, 8} : ports % 3 == 1 ? std::pair{0, 0} : std::pair{0, 255};
  if (proto == -1) return {0, 65535};
  if (ports < static_cast<int>(kPorts.size())) return {kPorts[ports], kPorts[ports]};
  return kRanges[(ports - kPorts.size()) % kRanges.size()];
}

inline size_t nSubnets(const Spec& s) { return std::max<size_t>(1, s.subnets.size()); }
inline std::string instanceIp(const Spec& s, size_t k) {
  return fmt::format("10.0.{}.{}", s.instances[k].subnet % nSubnets(s), 10 + k);
}
inline std::string publicIp(size_t k) { return fmt::format("198.51.100.{}", k + 1); }
inline std::vector<int> instanceSgs(const Spec& s, size_t k) {
  std::vector<int> out;
  for (int g : s.instances[k].sgs) {
    int x = g % static_cast<int>(s.sgs.size());
    if (std::find(out.begin(), out.end(), x) == out.end()) out.push_back(x);
  }
  if (out.empty()) out.push_back(0);
  return out;
}
inline bool usesNat(const Spec& s) {
  for (const auto& t : s.tables)
    for (const auto& r : t.routes)
      if (r.target == 2 && r.dst != 3) return true;
  return false;
}
/// An internet gateway is there when the spec asks or a route needs one.
inline bool hasIgw(const Spec& s) {
  if (s.igw) return true;
  for (const auto& t : s.tables)
    for (const auto& r : t.routes)
      if (r.target == 0 && r.dst != 3) return true;
  return false;
}
/// Routes of a table as rendered: pl:s3 always to the endpoint, one route per destination.
inline std::vector<Route> routesOf(const Table& t) {
  std::vector<Route> out;
  for (auto r : t.routes) {
    if (std::any_of(out.begin(), out.end(), [&](const Route& o) { return o.dst == r.dst; })) continue;
    out.push_back(r);
  }
  return out;
}

/// The stack as stack.yaml; names carry `prefix` (for the renaming property).
inline std::string render(const Spec& s, const std::string& prefix = "") {
  auto n = [&](const std::string& base) { return prefix + base; };
  std::string y = "region: us-east-1\nvpc: {name: " + n("main") + ", cidr: 10.0.0.0/16}\n";
  if (hasIgw(s)) y += "internet_gateways: {" + n("igw") + ": {}}\n";
  y += "route_tables:\n";
  bool endpoint = false;
  for (size_t t = 0; t < s.tables.size(); ++t) {
    y += fmt::format("  {}:\n    main: {}\n    routes:\n", n("rt" + std::to_string(t)), t == 0);
    for (const auto& r : routesOf(s.tables[t])) {
      std::string via = r.dst == 3 ? "endpoint:" + n("s3gw") : r.target == 0 ? "igw:" + n("igw")
                        : r.target == 1 ? "blackhole" : r.target == 2 ? "nat:" + n("nat") : "instance:" + n("i0");
      endpoint |= r.dst == 3;
      y += fmt::format("      - {{to: \"{}\", via: \"{}\"}}\n", kRouteDsts[r.dst], via);
    }
  }
  y += "subnets:\n";
  for (size_t k = 0; k < nSubnets(s); ++k) {
    Subnet sub = k < s.subnets.size() ? s.subnets[k] : Subnet{};
    y += fmt::format("  {}: {{cidr: 10.0.{}.0/24, az: {}, route_table: {}{}}}\n", n("s" + std::to_string(k)), k,
                     "abc"[sub.az % 3], n("rt" + std::to_string(sub.table % s.tables.size())),
                     sub.nacl < 0 || s.nacls.empty() ? "" : ", nacl: " + n("acl" + std::to_string(sub.nacl % s.nacls.size())));
  }
  if (usesNat(s)) y += "nat_gateways: {" + n("nat") + ": {subnet: " + n("s0") + "}}\n";
  if (endpoint) {
    y += "endpoints:\n  " + n("s3gw") + ":\n    service: s3\n    route_tables: [";
    bool first = true;
    for (size_t t = 0; t < s.tables.size(); ++t)
      for (const auto& r : routesOf(s.tables[t]))
        if (r.dst == 3) y += (first ? "" : ", ") + n("rt" + std::to_string(t)), first = false;
    y += "]\n";
  }
  if (!s.nacls.empty()) y += "nacls:\n";
  for (size_t a = 0; a < s.nacls.size(); ++a) {
    y += fmt::format("  {}:\n", n("acl" + std::to_string(a)));
    for (bool egress : {false, true}) {
      const auto& es = egress ? s.nacls[a].out : s.nacls[a].in;
      y += egress ? "    egress:" : "    ingress:";
      y += es.empty() ? " []\n" : "\n";
      for (size_t i = 0; i < es.size(); ++i)
        y += fmt::format("      - {{rule: {}, action: {}, {}, cidr: \"{}\"}}\n", 10 * (i + 1), es[i].allow ? "allow" : "deny",
                         ruleTraffic(es[i].proto, es[i].ports), kCidrs[es[i].cidr % kCidrs.size()]);
    }
  }
  y += "security_groups:\n";
  for (size_t g = 0; g < s.sgs.size(); ++g) {
    y += fmt::format("  {}:\n", n("sg" + std::to_string(g)));
    for (bool egress : {false, true}) {
      const auto& rs = egress ? s.sgs[g].out : s.sgs[g].in;
      y += egress ? "    egress:" : "    ingress:";
      y += rs.empty() ? " []\n" : "\n";
      for (const auto& r : rs) {
        std::string peer = r.peer < static_cast<int>(kCidrs.size()) ? kCidrs[r.peer]
                           : r.peer < static_cast<int>(kCidrs.size()) + 8
                               ? "sg:" + n("sg" + std::to_string((r.peer - kCidrs.size()) % s.sgs.size()))
                               : "pl:s3";
        y += fmt::format("      - {{{}, {}: \"{}\"}}\n", ruleTraffic(r.proto, r.ports), egress ? "to" : "from", peer);
      }
    }
  }
  y += "instances:\n";
  for (size_t k = 0; k < s.instances.size(); ++k) {
    std::string sgs;
    for (int g : instanceSgs(s, k)) sgs += (sgs.empty() ? "" : ", ") + n("sg" + std::to_string(g));
    y += fmt::format("  {}: {{type: t3.micro, subnet: {}, ip: {}, public_ip: {}, sgs: [{}]}}\n", n("i" + std::to_string(k)),
                     n("s" + std::to_string(s.instances[k].subnet % nSubnets(s))), instanceIp(s, k),
                     s.instances[k].pub ? "\"" + publicIp(k) + "\"" : "false", sgs);
  }
  if (s.ecs) {
    y += "ecs_clusters:\n  " + n("cluster") + ":\n    capacity: {instance_type: t3.small, desired: 1, subnets: [" + n("s0") +
         "], sgs: [" + n("sg0") + "]}\n";
    y += "ecs_services:\n  " + n("web") + ": {cluster: " + n("cluster") + ", task_definition: web.json}\n";
  }
  return y;
}

/// The task definition the optional ECS service runs (bridge mode, a static host port).
inline const char* kWebTask =
    R"({"family": "web", "networkMode": "bridge", "containerDefinitions": [{"name": "web", "image": "nginx",
        "memory": 256, "cpu": 128, "portMappings": [{"containerPort": 80, "hostPort": 8000, "protocol": "tcp"}]}]})";

inline void showValue(const Spec& s, std::ostream& os) { os << "\n" << render(s); }

// ---- generators --------------------------------------------------------------------

inline rc::Gen<Rule> genRule() {
  return rc::gen::resize(100, rc::gen::build<Rule>(rc::gen::set(&Rule::proto, rc::gen::element(6, 6, 17, 1, -1)),
                              rc::gen::set(&Rule::ports, rc::gen::inRange(0, 9)),
                              rc::gen::set(&Rule::peer, rc::gen::inRange(0, 18))));
}
inline rc::Gen<NaclEntry> genNaclEntry() {
  return rc::gen::resize(100, rc::gen::build<NaclEntry>(rc::gen::set(&NaclEntry::allow, rc::gen::weightedElement<bool>({{3, true}, {1, false}})),
                                   rc::gen::set(&NaclEntry::proto, rc::gen::element(-1, -1, 6, 17, 1)),
                                   rc::gen::set(&NaclEntry::ports, rc::gen::inRange(0, 9)),
                                   rc::gen::set(&NaclEntry::cidr, rc::gen::inRange(0, 9))));
}
// rapidcheck scales inRange by the size; a list is kept short with resize,
// so its elements are drawn at full size to cover the whole range.
template <typename T>
rc::Gen<std::vector<T>> upTo(int n, rc::Gen<T> g) {
  return rc::gen::resize(n, rc::gen::container<std::vector<T>>(rc::gen::resize(100, std::move(g))));
}
inline rc::Gen<Spec> genSpec() {
  using namespace rc;
  auto subnet = gen::build<Subnet>(gen::set(&Subnet::az, gen::inRange(0, 3)), gen::set(&Subnet::table, gen::inRange(0, 3)),
                                   gen::set(&Subnet::nacl, gen::inRange(-1, 2)));
  auto route = gen::build<Route>(gen::set(&Route::dst, gen::inRange(0, 4)), gen::set(&Route::target, gen::inRange(0, 4)));
  auto table = gen::build<Table>(gen::set(&Table::routes, upTo(3, route)));
  auto nacl = gen::build<Nacl>(gen::set(&Nacl::in, upTo(4, genNaclEntry())), gen::set(&Nacl::out, upTo(4, genNaclEntry())));
  // Half the groups allow all egress, as AWS creates them; the rest get rules.
  auto egress = gen::mapcat(gen::arbitrary<bool>(), [](bool open) {
    return gen::map(upTo(3, genRule()), [open](std::vector<Rule> v) {
      if (open) v.insert(v.begin(), Rule{-1, 0, 0});
      return v;
    });
  });
  auto sg = gen::build<Sg>(gen::set(&Sg::in, upTo(4, genRule())), gen::set(&Sg::out, egress));
  auto instance = gen::build<Instance>(gen::set(&Instance::subnet, gen::inRange(0, 4)),
                                       gen::set(&Instance::pub, gen::arbitrary<bool>()),
                                       gen::set(&Instance::sgs, gen::nonEmpty(upTo(2, gen::inRange(0, 3)))));
  return gen::build<Spec>(gen::set(&Spec::subnets, upTo(4, subnet)), gen::set(&Spec::tables, gen::nonEmpty(upTo(3, table))),
                          gen::set(&Spec::nacls, upTo(2, nacl)), gen::set(&Spec::sgs, gen::nonEmpty(upTo(3, sg))),
                          gen::set(&Spec::instances, gen::nonEmpty(upTo(4, instance))),
                          gen::set(&Spec::igw, gen::weightedElement<bool>({{4, true}, {1, false}})),
                          gen::set(&Spec::ecs, gen::weightedElement<bool>({{4, false}, {1, true}})));
}

/// One concrete packet: from an instance (or the internet) to an address.
struct Packet {
  int src = 0;       // instance index mod count, or -1: the internet (203.0.113.9)
  int dstKind = 0;   // 0 an instance's private address, 1 an instance's public address, 2 an unused address in
                     // a subnet, 3 an address in the VPC outside every subnet, 4 8.8.8.8, 5 203.0.113.77, 6 an S3 address
  int dst = 0;       // instance index for kinds 0 and 1
  int proto = 6;
  int port = 0;      // kPorts index (ICMP: type 8)
  int srcPort = 40000;
};

inline rc::Gen<Packet> genPacket() {
  return rc::gen::resize(100, rc::gen::build<Packet>(rc::gen::set(&Packet::src, rc::gen::inRange(-1, 4)),
                                rc::gen::set(&Packet::dstKind, rc::gen::inRange(0, 7)),
                                rc::gen::set(&Packet::dst, rc::gen::inRange(0, 4)),
                                rc::gen::set(&Packet::proto, rc::gen::element(6, 6, 17, 1)),
                                rc::gen::set(&Packet::port, rc::gen::inRange(0, 5)),
                                rc::gen::set(&Packet::srcPort, rc::gen::inRange(32768, 61000))));
}

inline void showValue(const Packet& p, std::ostream& os) {
  os << fmt::format("src {} dstKind {} dst {} proto {} port {} srcPort {}", p.src, p.dstKind, p.dst, p.proto,
                    kPorts[p.port], p.srcPort);
}

}  // namespace awssim::proptest
