#include "bench/estate.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <vector>

#include "model/aws_ranges.h"
#include "sim/network.h"

namespace awssim::bench {

using namespace model;

namespace {

// splitmix64: a fixed sequence for a seed, the same on every machine.
struct Random {
  uint64_t s;
  uint64_t next() {
    uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  int below(int n) { return static_cast<int>(next() % static_cast<uint64_t>(n)); }
};

SgRule rule(int port, PeerKind kind, const std::string& peer) {
  SgRule r;
  r.traffic.protocol = proto::kTcp;
  r.traffic.ports = PortRange::single(port);
  r.kind = kind;
  if (kind == PeerKind::Cidr) r.cidr = *parseCidr(peer);
  else r.ref = peer;
  return r;
}

std::string hexId(const char* prefix, uint64_t n) { return fmt::format("{}-{:017x}", prefix, n); }

}  // namespace

Stack generateEstate(const EstateShape& shape) {
  Stack s;
  s.region = "eu-north-1";
  addManagedPrefixLists(s);
  Random rnd{shape.seed};
  int vpcs = std::max(1, shape.subnets / 30);
  int subnetsPerVpc = std::clamp(shape.subnets / vpcs, 3, 64);
  int groupsPerVpc = shape.fleet ? 13 : std::max(4, shape.sgs / vpcs);
  int triples = (groupsPerVpc - 1) / 3;
  uint64_t id = 1;

  struct VpcPlan {
    std::vector<std::string> pub, priv;  // subnet names
    std::vector<std::string> groups;     // [0] bastion, then web-k, app-k, db-k for each k
  };
  std::vector<VpcPlan> plans(vpcs);
  std::map<std::string, int> used;  // subnet -> addresses handed out
  int publics = 0;
  for (int v = 0; v < vpcs; ++v) {
    std::string vn = fmt::format("vpc{}", v);
    Vpc vpc{vn, {}, hexId("vpc", id++), {Cidr{(10u << 24) | (static_cast<Ipv4>(v) << 16), 16}}, true, true};
    s.vpcs.add(vpc);
    InternetGateway igw{vn + "-igw", {}, hexId("igw", id++), vn};
    s.internet_gateways.add(igw);
    RouteTable pub{vn + "-public", {}, hexId("rtb", id++), vn, false, {}, {}};
    Route def;
    def.cidr = parseCidr("0.0.0.0/0");
    def.target = RouteTarget::InternetGateway;
    def.via = igw.name;
    pub.routes.push_back(def);
    s.route_tables.add(pub);
    s.route_tables.add(RouteTable{vn + "-private", {}, hexId("rtb", id++), vn, true, {}, {}});
    for (int k = 0; k < subnetsPerVpc; ++k) {
      Subnet sub;
      sub.name = fmt::format("{}-subnet{}", vn, k);
      sub.id = hexId("subnet", id++);
      sub.vpc = vn;
      sub.cidr = Cidr{(10u << 24) | (static_cast<Ipv4>(v) << 16) | (static_cast<Ipv4>(k) << 10), 22};
      sub.az = fmt::format("eu-north-1{}", "abc"[k % 3]);
      bool isPublic = k % 3 == 0;
      sub.route_table = isPublic ? pub.name : vn + "-private";
      sub.map_public_ip = isPublic;
      (isPublic ? plans[v].pub : plans[v].priv).push_back(sub.name);
      s.subnets.add(sub);
    }
    auto addGroup = [&](const std::string& name) {
      SecurityGroup sg;
      sg.name = name;
      sg.id = hexId("sg", id++);
      sg.vpc = vn;
      sg.description = name;
      SgRule all;
      all.cidr = Cidr{0, 0};
      sg.egress.push_back(all);
      plans[v].groups.push_back(name);
      return sg;
    };
    SecurityGroup bastion = addGroup(vn + "-bastion");
    bastion.ingress.push_back(rule(22, PeerKind::Cidr, "198.51.100.0/24"));
    s.security_groups.add(bastion);
    for (int k = 0; k < triples; ++k) {
      SecurityGroup web = addGroup(fmt::format("{}-web-{}", vn, k));
      web.ingress.push_back(rule(443, PeerKind::Cidr, "0.0.0.0/0"));
      web.ingress.push_back(rule(80, PeerKind::Cidr, fmt::format("203.{}.{}.0/24", (v * triples + k) / 256 % 256,
                                                                  (v * triples + k) % 256)));
      SecurityGroup app = addGroup(fmt::format("{}-app-{}", vn, k));
      app.ingress.push_back(rule(8080, PeerKind::SecurityGroup, web.name));
      SecurityGroup db = addGroup(fmt::format("{}-db-{}", vn, k));
      db.ingress.push_back(rule(5432, PeerKind::SecurityGroup, app.name));
      for (SecurityGroup* g : {&web, &app, &db}) {
        g->ingress.push_back(rule(22, PeerKind::SecurityGroup, bastion.name));
        s.security_groups.add(*g);
      }
    }
  }

  for (int i = 0; i < shape.enis; ++i) {
    int v = i % vpcs;
    int j = i / vpcs;
    VpcPlan& plan = plans[v];
    int groups = static_cast<int>(plan.groups.size());
    int g = shape.fleet ? j % groups : rnd.below(groups);
    bool front = g == 0 || (g - 1) % 3 == 0;  // the bastion and web tiers face the internet
    const auto& pool = front ? plan.pub : plan.priv;
    const auto& pickFrom = pool.empty() ? plan.priv : pool;
    size_t at = shape.fleet ? static_cast<size_t>(j) % pickFrom.size() : static_cast<size_t>(rnd.below(static_cast<int>(pickFrom.size())));
    // A /22 holds 1,019 addresses after the five AWS keeps: move on when full.
    for (size_t tries = 0; used[pickFrom[at]] >= 1019 && tries < pickFrom.size(); ++tries) at = (at + 1) % pickFrom.size();
    const Subnet& sub = *s.subnets.find(pickFrom[at]);
    int n = used[sub.name]++;
    Instance inst;
    inst.name = fmt::format("i{:06d}", i);
    inst.id = hexId("i", id++);
    inst.type = "t3.micro";
    inst.subnet = sub.name;
    inst.private_ip = sub.cidr.first() + 4 + static_cast<Ipv4>(n);
    inst.public_ip = front && !plan.pub.empty();
    // Public addresses from the benchmarking range, as awssim's stand-ins.
    if (inst.public_ip) inst.public_ip_address = sim::kStandInPublicBase + static_cast<Ipv4>(publics++);
    inst.sgs = {plan.groups[g]};
    if (!shape.fleet && i % 5 == 4) {
      int h = rnd.below(groups);
      if (h != g) inst.sgs.push_back(plan.groups[h]);
    }
    s.instances.add(inst);
  }
  return s;
}

std::string estateSnapshotJson(const Stack& s) {
  using nlohmann::ordered_json;
  ordered_json out;
  auto tags = [](const std::string& name) { return ordered_json::array({{{"Key", "Name"}, {"Value", name}}}); };
  auto idOf = [&](const auto& table, const std::string& name) { return table.find(name)->id; };
  for (const auto& v : s.vpcs)
    out["Vpcs"].push_back({{"VpcId", v.id}, {"CidrBlock", v.cidrs[0].str()}, {"IsDefault", false}, {"Tags", tags(v.name)}});
  for (const auto& sub : s.subnets)
    out["Subnets"].push_back({{"SubnetId", sub.id},
                              {"VpcId", idOf(s.vpcs, sub.vpc)},
                              {"CidrBlock", sub.cidr.str()},
                              {"AvailabilityZone", sub.az},
                              {"MapPublicIpOnLaunch", sub.map_public_ip},
                              {"Tags", tags(sub.name)}});
  for (const auto& g : s.internet_gateways)
    out["InternetGateways"].push_back({{"InternetGatewayId", g.id},
                                       {"Attachments", ordered_json::array({{{"State", "available"}, {"VpcId", idOf(s.vpcs, g.vpc)}}})},
                                       {"Tags", tags(g.name)}});
  for (const auto& rt : s.route_tables) {
    ordered_json assoc = ordered_json::array();
    if (rt.main) assoc.push_back({{"Main", true}, {"RouteTableId", rt.id}});
    for (const auto& sub : s.subnets)
      if (sub.route_table == rt.name) assoc.push_back({{"Main", false}, {"RouteTableId", rt.id}, {"SubnetId", sub.id}});
    ordered_json routes = ordered_json::array();
    routes.push_back({{"DestinationCidrBlock", s.vpcs.find(rt.vpc)->cidrs[0].str()}, {"GatewayId", "local"}, {"State", "active"}});
    for (const auto& r : rt.routes)
      routes.push_back({{"DestinationCidrBlock", r.cidr->str()}, {"GatewayId", idOf(s.internet_gateways, r.via)}, {"State", "active"}});
    out["RouteTables"].push_back({{"RouteTableId", rt.id},
                                  {"VpcId", idOf(s.vpcs, rt.vpc)},
                                  {"Associations", assoc},
                                  {"Routes", routes},
                                  {"Tags", tags(rt.name)}});
  }
  auto perms = [&](const std::vector<SgRule>& rules) {
    ordered_json a = ordered_json::array();
    for (const auto& r : rules) {
      ordered_json p;
      if (r.traffic.protocol == proto::kAll) {
        p["IpProtocol"] = "-1";
      } else {
        p["IpProtocol"] = "tcp";
        p["FromPort"] = r.traffic.ports.from;
        p["ToPort"] = r.traffic.ports.to;
      }
      p["IpRanges"] = ordered_json::array();
      p["UserIdGroupPairs"] = ordered_json::array();
      if (r.kind == PeerKind::Cidr) p["IpRanges"].push_back({{"CidrIp", r.cidr.str()}});
      else p["UserIdGroupPairs"].push_back({{"GroupId", idOf(s.security_groups, r.ref)}});
      a.push_back(p);
    }
    return a;
  };
  for (const auto& g : s.security_groups)
    out["SecurityGroups"].push_back({{"GroupId", g.id},
                                     {"GroupName", g.name},
                                     {"Description", g.description},
                                     {"VpcId", idOf(s.vpcs, g.vpc)},
                                     {"IpPermissions", perms(g.ingress)},
                                     {"IpPermissionsEgress", perms(g.egress)}});
  ordered_json instances = ordered_json::array();
  for (const auto& i : s.instances) {
    ordered_json groups = ordered_json::array();
    for (const auto& g : i.sgs) groups.push_back({{"GroupId", idOf(s.security_groups, g)}, {"GroupName", g}});
    ordered_json x = {{"InstanceId", i.id},
                      {"InstanceType", i.type},
                      {"SubnetId", idOf(s.subnets, i.subnet)},
                      {"VpcId", idOf(s.vpcs, s.subnets.find(i.subnet)->vpc)},
                      {"PrivateIpAddress", formatIpv4(*i.private_ip)}};
    if (i.public_ip_address) x["PublicIpAddress"] = formatIpv4(*i.public_ip_address);
    x["State"] = {{"Name", "running"}};
    x["SecurityGroups"] = groups;
    x["Tags"] = tags(i.name);
    instances.push_back(x);
  }
  out["Reservations"].push_back({{"ReservationId", "r-00000000000000001"}, {"Instances", instances}});
  return out.dump(1) + "\n";
}

}  // namespace awssim::bench
