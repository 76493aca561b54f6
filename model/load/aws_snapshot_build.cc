// The snapshot's records as model elements, each located at the JSON record
// (or field) it came from. References to IDs the snapshot does not hold are
// left out with a warning; everything else is checked by model/validate.h.
#include <fmt/format.h>
#include <re2/re2.h>

#include <set>

#include "model/aws_ranges.h"
#include "model/load/aws_rules.h"
#include "model/load/aws_snapshot_internal.h"
#include "model/text.h"

namespace awssim::load::snapshot {

using namespace model;

namespace {

std::vector<std::string> strings(const YAML::Node& seq, const char* key = nullptr) {
  std::vector<std::string> out;
  if (!seq.IsSequence()) return out;
  for (const auto& x : seq) {
    std::string v = key ? str(x, key) : (x.IsScalar() ? x.Scalar() : "");
    if (!v.empty()) out.push_back(v);
  }
  return out;
}

std::optional<int> number(const YAML::Node& n, const char* key) {
  std::string v = str(n, key);
  return v.empty() ? std::nullopt : parseInt(v);
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

std::optional<Cidr> Importer::cidrAt(const YAML::Node& holder, const char* key, const Location& fallback,
                                     const std::string& what) {
  std::string text = str(holder, key);
  auto c = parseCidr(text);
  if (!c) diags_.error(locOf(child(holder, key), fallback), fmt::format("{} {} '{}' is not an IPv4 CIDR block", what, key, text));
  return c;
}

std::optional<Ipv4> Importer::ipAt(const YAML::Node& holder, const char* key, const Location& fallback,
                                   const std::string& what) {
  std::string text = str(holder, key);
  if (text.empty()) return std::nullopt;
  auto ip = parseIpv4(text);
  if (!ip) diags_.error(locOf(child(holder, key), fallback), fmt::format("{} {} '{}' is not an IPv4 address", what, key, text));
  return ip;
}

void Importer::buildVpcs() {
  for (const auto& it : items("Vpcs")) {
    Vpc v;
    v.id = str(it.node, "VpcId");
    v.name = names_[v.id];
    v.loc = it.loc;
    YAML::Node set = child(it.node, "CidrBlockAssociationSet");
    if (set.IsSequence())
      for (const auto& a : set) {
        std::string state = str(child(a, "CidrBlockState"), "State");
        if (state == "associated" || state.empty())
          if (auto c = cidrAt(a, "CidrBlock", it.loc, "vpc " + v.id)) v.cidrs.push_back(*c);
      }
    if (v.cidrs.empty())
      if (auto c = cidrAt(it.node, "CidrBlock", it.loc, "vpc " + v.id)) v.cidrs.push_back(*c);
    // describe-vpcs does not show the DNS attributes; a default VPC has both
    // on, any other VPC hostnames off (AWS's defaults).
    v.dns_support = true;
    v.dns_hostnames = flag(it.node, "IsDefault", false);
    v.is_default = v.dns_hostnames;
    add(stack_.vpcs, std::move(v), "vpc");
  }
}

void Importer::buildSubnets() {
  std::map<std::string, std::string> routeTableOf, naclOf;
  for (const auto& rt : items("RouteTables"))
    for (const auto& a : child(rt.node, "Associations"))
      if (!str(a, "SubnetId").empty()) routeTableOf[str(a, "SubnetId")] = str(rt.node, "RouteTableId");
  for (const auto& n : items("NetworkAcls"))
    for (const auto& a : child(n.node, "Associations"))
      if (!str(a, "SubnetId").empty()) naclOf[str(a, "SubnetId")] = str(n.node, "NetworkAclId");
  for (const auto& it : items("Subnets")) {
    Subnet s;
    s.id = str(it.node, "SubnetId");
    s.vpc = ref(str(it.node, "VpcId"), it.loc, "subnet " + s.id);
    if (s.vpc.empty()) continue;
    s.name = names_[s.id];
    s.loc = it.loc;
    if (auto c = cidrAt(it.node, "CidrBlock", it.loc, "subnet " + s.id)) s.cidr = *c;
    s.az = str(it.node, "AvailabilityZone");
    // EC2 names a zone after its region: us-east-2a, or a Local Zone such
    // as us-west-2-lax-1a. Anything else would place the subnet nowhere.
    static const RE2 zoneName(R"([a-z]+(-[a-z]+)+-\d+(-[a-z]+-\d+)?[a-z])");
    Location azAt = locOf(child(it.node, "AvailabilityZone"), it.loc);
    if (s.az.empty())
      diags_.error(azAt, fmt::format("subnet {} has no AvailabilityZone", s.id));
    else if (!RE2::FullMatch(s.az, zoneName))
      diags_.error(azAt, fmt::format("subnet {}: '{}' is not an availability zone name (a region and a letter, as "
                                     "us-east-2a)", s.id, model::shorten(s.az, 64)));
    else if (s.az.rfind(it.region, 0) != 0)
      diags_.error(azAt, fmt::format("subnet {}: zone {} is not in the snapshot's region {}", s.id, s.az, it.region));
    if (routeTableOf.count(s.id)) s.route_table = names_[routeTableOf[s.id]];
    if (naclOf.count(s.id)) s.nacl = names_[naclOf[s.id]];
    s.map_public_ip = flag(it.node, "MapPublicIpOnLaunch", false);
    add(stack_.subnets, std::move(s), "subnet");
  }
}

void Importer::buildRouteTables() {
  for (const auto& it : items("RouteTables")) {
    RouteTable rt;
    rt.id = str(it.node, "RouteTableId");
    rt.vpc = ref(str(it.node, "VpcId"), it.loc, "route table " + rt.id);
    if (rt.vpc.empty()) continue;
    rt.name = names_[rt.id];
    rt.loc = it.loc;
    for (const auto& a : child(it.node, "Associations")) rt.main = rt.main || flag(a, "Main", false);
    for (const auto& r : child(it.node, "Routes")) {
      Route route;
      route.loc = locOf(r, it.loc);
      std::string to = str(r, "DestinationCidrBlock");
      if (!to.empty()) {
        route.cidr = cidrAt(r, "DestinationCidrBlock", route.loc, "route in " + rt.id);
        if (!route.cidr) continue;
      } else if (!str(r, "DestinationPrefixListId").empty()) {
        route.prefix_list = ref(str(r, "DestinationPrefixListId"), route.loc, "route in " + rt.id);
        if (route.prefix_list.empty()) continue;
      } else {
        continue;  // IPv6 routes
      }
      std::string gw = str(r, "GatewayId");
      if (gw == "local") continue;  // implicit in the model
      std::string where = "route in " + rt.id;
      auto target = [&](RouteTarget kind, const std::string& id) {
        route.target = kind;
        route.via = ref(id, route.loc, where);
      };
      if (str(r, "State") == "blackhole") route.target = RouteTarget::Blackhole;
      else if (gw.rfind("igw-", 0) == 0) target(RouteTarget::InternetGateway, gw);
      else if (gw.rfind("vpce-", 0) == 0) target(RouteTarget::VpcEndpoint, gw);
      else if (!str(r, "NatGatewayId").empty()) target(RouteTarget::NatGateway, str(r, "NatGatewayId"));
      else if (!str(r, "TransitGatewayId").empty()) target(RouteTarget::TransitGateway, str(r, "TransitGatewayId"));
      else if (gw.rfind("vgw-", 0) == 0) target(RouteTarget::VpnGateway, gw);  // static or propagated alike
      else if (!str(r, "VpcPeeringConnectionId").empty()) target(RouteTarget::Peering, str(r, "VpcPeeringConnectionId"));
      else if (!str(r, "InstanceId").empty()) target(RouteTarget::Instance, str(r, "InstanceId"));
      else if (!str(r, "NetworkInterfaceId").empty()) target(RouteTarget::Eni, str(r, "NetworkInterfaceId"));
      else {
        diags_.warning(route.loc, fmt::format("route {} in {} goes to {}, a target awssim does not model (carrier, "
                                              "local or egress-only gateway); left out",
                                              route.cidr ? route.cidr->str() : route.prefix_list, rt.id,
                                              gw.empty() ? "an unnamed target" : gw));
        continue;
      }
      if (route.target != RouteTarget::Blackhole && route.via.empty()) continue;  // not in the snapshot (warned)
      rt.routes.push_back(route);
    }
    add(stack_.route_tables, std::move(rt), "route table");
  }
}

void Importer::buildNacls() {
  for (const auto& it : items("NetworkAcls")) {
    Nacl n;
    n.id = str(it.node, "NetworkAclId");
    n.vpc = ref(str(it.node, "VpcId"), it.loc, "network ACL " + n.id);
    if (n.vpc.empty()) continue;
    n.name = names_[n.id];
    n.loc = it.loc;
    n.is_default = flag(it.node, "IsDefault", false);
    for (const auto& e : child(it.node, "Entries")) {
      if (str(e, "CidrBlock").empty()) continue;  // IPv6 entries
      Location at = locOf(e, it.loc);
      auto num = number(e, "RuleNumber");
      if (!num || !isUserNaclRuleNumber(*num)) continue;  // 32767: the implicit final deny
      bool icmp = str(e, "Protocol") == "1";
      YAML::Node ports = child(e, icmp ? "IcmpTypeCode" : "PortRange");
      std::string why;
      auto t = awsTraffic(str(e, "Protocol"), number(ports, icmp ? "Type" : "From"), number(ports, icmp ? "Code" : "To"), &why);
      if (!t) {
        diags_.warning(at, fmt::format("network ACL {} entry {}: {}; left out", n.id, *num, why));
        continue;
      }
      auto c = cidrAt(e, "CidrBlock", at, "network ACL " + n.id + " entry");
      if (!c) continue;
      NaclEntry entry;
      entry.loc = at;
      entry.number = *num;
      entry.allow = str(e, "RuleAction") == "allow";
      entry.traffic = *t;
      entry.cidr = *c;
      (flag(e, "Egress", false) ? n.egress : n.ingress).push_back(entry);
    }
    add(stack_.nacls, std::move(n), "network ACL");
  }
}

void Importer::buildSgRules(const YAML::Node& perms, const Location& loc, std::vector<SgRule>& out) {
  for (const auto& p : perms) {
    Location at = locOf(p, loc);
    std::string why;
    auto t = awsTraffic(str(p, "IpProtocol"), number(p, "FromPort"), number(p, "ToPort"), &why);
    if (!t) {
      if (str(p, "IpProtocol") != "icmpv6" && str(p, "IpProtocol") != "58")
        diags_.warning(at, fmt::format("security group rule: {}; left out", why));
      continue;
    }
    for (const auto& r : child(p, "IpRanges")) {
      SgRule sr;
      sr.loc = locOf(r, at);
      sr.traffic = *t;
      auto c = cidrAt(r, "CidrIp", sr.loc, "security group rule");
      if (!c) continue;
      sr.cidr = *c;
      sr.description = str(r, "Description");
      out.push_back(sr);
    }
    for (const auto& g : child(p, "UserIdGroupPairs")) {
      SgRule sr;
      sr.loc = locOf(g, at);
      sr.traffic = *t;
      sr.kind = PeerKind::SecurityGroup;
      sr.ref = ref(str(g, "GroupId"), sr.loc, "security group rule");
      sr.description = str(g, "Description");
      if (!sr.ref.empty()) out.push_back(sr);
    }
    for (const auto& pl : child(p, "PrefixListIds")) {
      SgRule sr;
      sr.loc = locOf(pl, at);
      sr.traffic = *t;
      sr.kind = PeerKind::PrefixList;
      sr.ref = ref(str(pl, "PrefixListId"), sr.loc, "security group rule");
      sr.description = str(pl, "Description");
      if (!sr.ref.empty()) out.push_back(sr);
    }
  }
}

void Importer::buildSecurityGroups() {
  for (const auto& it : items("SecurityGroups")) {
    SecurityGroup g;
    g.id = str(it.node, "GroupId");
    if (str(it.node, "VpcId").empty()) continue;  // EC2-Classic
    g.vpc = ref(str(it.node, "VpcId"), it.loc, "security group " + g.id);
    if (g.vpc.empty()) continue;
    g.name = names_[g.id];
    g.loc = it.loc;
    g.description = str(it.node, "Description");
    // The lists are exactly the group's rules: no IpPermissionsEgress (or
    // an empty one) means no egress.
    buildSgRules(child(it.node, "IpPermissions"), it.loc, g.ingress);
    buildSgRules(child(it.node, "IpPermissionsEgress"), it.loc, g.egress);
    add(stack_.security_groups, std::move(g), "security group");
  }
}

void Importer::buildPrefixLists() {
  for (const auto& it : items("PrefixLists")) {
    PrefixList pl;
    pl.id = str(it.node, "PrefixListId");
    pl.name = names_[pl.id];
    pl.loc = it.loc;
    for (const auto& c : strings(child(it.node, "Cidrs"))) {
      if (auto cv = parseCidr(c)) pl.cidrs.push_back(*cv);
      else diags_.error(it.loc, fmt::format("prefix list {} cidr '{}' is not an IPv4 CIDR block", pl.id, c));
    }
    // The AWS-managed lists of S3 and DynamoDB are restated with the
    // snapshot's own ID and CIDRs; they stay the service's list.
    if (PrefixList* managed = stack_.prefix_lists.find(pl.name); managed && !managed->aws_service.empty()) {
      managed->id = pl.id;
      managed->loc = pl.loc;
      managed->cidrs = pl.cidrs;
      continue;
    }
    add(stack_.prefix_lists, std::move(pl), "prefix list");
  }
}

void Importer::buildInstancesAndEnis() {
  std::map<std::string, std::string> eipOfInstance, eipOfEni;
  for (const auto& a : items("Addresses")) {
    if (!str(a.node, "InstanceId").empty()) eipOfInstance[str(a.node, "InstanceId")] = str(a.node, "PublicIp");
    if (!str(a.node, "NetworkInterfaceId").empty()) eipOfEni[str(a.node, "NetworkInterfaceId")] = str(a.node, "PublicIp");
  }
  struct Extra {
    YAML::Node node;
    Location loc;
    std::string instance;
  };
  std::vector<Extra> extras;
  std::set<std::string> seenEnis;
  for (const auto& it : instances()) {
    Instance i;
    i.id = str(it.node, "InstanceId");
    i.subnet = ref(str(it.node, "SubnetId"), it.loc, "instance " + i.id);
    if (i.subnet.empty()) continue;
    i.name = names_[i.id];
    i.loc = it.loc;
    i.type = str(it.node, "InstanceType");
    i.private_ip = ipAt(it.node, "PrivateIpAddress", it.loc, "instance " + i.id);
    i.private_ip_loc = locOf(child(it.node, "PrivateIpAddress"), it.loc);
    // An instance's groups are its primary interface's (describe-instances
    // repeats them at the top, but not always: launched with an interface
    // specification, the top-level list can be empty).
    std::vector<std::string> groupIds = strings(child(it.node, "SecurityGroups"), "GroupId");
    for (const auto& e : child(it.node, "NetworkInterfaces"))
      if (str(child(e, "Attachment"), "DeviceIndex") == "0") groupIds = strings(child(e, "Groups"), "GroupId");
    for (const auto& g : groupIds)
      if (auto n = ref(g, it.loc, "instance " + i.id); !n.empty()) i.sgs.push_back(n);
    if (auto pub = ipAt(it.node, "PublicIpAddress", it.loc, "instance " + i.id)) {
      i.public_ip = true;
      i.public_ip_address = pub;
      i.elastic_ip = eipOfInstance[i.id] == str(it.node, "PublicIpAddress");
    }
    if (str(it.node, "Platform") == "windows") i.os = "windows";
    for (const auto& e : child(it.node, "NetworkInterfaces")) {
      seenEnis.insert(str(e, "NetworkInterfaceId"));
      if (str(child(e, "Attachment"), "DeviceIndex") != "0") extras.push_back({e, locOf(e, it.loc), i.name});
    }
    add(stack_.instances, std::move(i), "instance");
  }
  // Interfaces of no running instance that are not a managed service's
  // (NAT gateways, endpoints and load balancers bring their own).
  std::set<std::string> instanceIds;
  for (const auto& r : items("Reservations"))
    for (const auto& i : child(r.node, "Instances")) instanceIds.insert(str(i, "InstanceId"));
  for (const auto& it : items("NetworkInterfaces")) {
    std::string id = str(it.node, "NetworkInterfaceId");
    std::string type = str(it.node, "InterfaceType");
    if (seenEnis.count(id) || flag(it.node, "RequesterManaged", false) || (type != "interface" && !type.empty())) continue;
    std::string owner = str(child(it.node, "Attachment"), "InstanceId");
    if (!owner.empty() && instanceIds.count(owner)) continue;  // a stopped instance's
    extras.push_back({it.node, it.loc, ""});
  }
  for (const auto& x : extras) {
    Eni e;
    e.id = str(x.node, "NetworkInterfaceId");
    e.subnet = ref(str(x.node, "SubnetId"), x.loc, "network interface " + e.id);
    if (e.subnet.empty()) continue;
    names_.emplace(e.id, e.id);
    e.name = names_[e.id];
    e.loc = x.loc;
    for (const auto& g : strings(child(x.node, "Groups"), "GroupId"))
      if (auto n = ref(g, x.loc, "network interface " + e.id); !n.empty()) e.sgs.push_back(n);
    e.private_ip = ipAt(x.node, "PrivateIpAddress", x.loc, "network interface " + e.id);
    e.private_ip_loc = locOf(child(x.node, "PrivateIpAddress"), x.loc);
    for (const auto& a : child(x.node, "PrivateIpAddresses"))
      if (!flag(a, "Primary", false))
        if (auto ip = ipAt(a, "PrivateIpAddress", x.loc, "network interface " + e.id)) e.secondary_ips.push_back(*ip);
    std::string pub = str(child(x.node, "Association"), "PublicIp");
    if (pub.empty()) pub = eipOfEni[e.id];
    if (!pub.empty()) {
      e.public_ip = true;
      e.public_ip_address = parseIpv4(pub);
    }
    e.instance = x.instance;
    e.source_dest_check = flag(x.node, "SourceDestCheck", true);
    add(stack_.enis, std::move(e), "network interface");
  }
}

void Importer::buildGateways() {
  for (const auto& it : items("InternetGateways")) {
    InternetGateway g;
    g.id = str(it.node, "InternetGatewayId");
    g.name = names_[g.id];
    g.loc = it.loc;
    for (const auto& a : child(it.node, "Attachments"))
      if (str(a, "State") == "available" || str(a, "State") == "attached")
        g.vpc = ref(str(a, "VpcId"), it.loc, "internet gateway " + g.id);
    add(stack_.internet_gateways, std::move(g), "internet gateway");
  }
  for (const auto& it : items("NatGateways")) {
    if (str(it.node, "State") != "available") continue;
    NatGateway g;
    g.id = str(it.node, "NatGatewayId");
    g.subnet = ref(str(it.node, "SubnetId"), it.loc, "NAT gateway " + g.id);
    if (g.subnet.empty()) continue;
    g.name = names_[g.id];
    g.loc = it.loc;
    g.public_connectivity = str(it.node, "ConnectivityType") != "private";
    YAML::Node addrs = child(it.node, "NatGatewayAddresses");
    if (addrs.IsSequence() && addrs.size() > 0) {
      g.private_ip = ipAt(addrs[0], "PrivateIp", it.loc, "NAT gateway " + g.id);
      g.public_ip_address = ipAt(addrs[0], "PublicIp", it.loc, "NAT gateway " + g.id);
    }
    add(stack_.nat_gateways, std::move(g), "NAT gateway");
  }
}

// The addresses of a service's interfaces in the snapshot (requester-managed
// interfaces named by their Description), by subnet name.
void Importer::pinManaged(const std::string& description, std::map<std::string, Ipv4>& out) {
  for (const auto& it : items("NetworkInterfaces")) {
    if (str(it.node, "Description") != description) continue;
    std::string subnet = ref(str(it.node, "SubnetId"), it.loc, "network interface " + str(it.node, "NetworkInterfaceId"));
    auto ip = ipAt(it.node, "PrivateIpAddress", it.loc, "network interface " + str(it.node, "NetworkInterfaceId"));
    if (!subnet.empty() && ip) out[subnet] = *ip;
  }
}

void Importer::buildEndpoints() {
  for (const auto& it : items("VpcEndpoints")) {
    std::string id = str(it.node, "VpcEndpointId");
    std::string type = str(it.node, "VpcEndpointType");
    std::string service = str(it.node, "ServiceName");
    if (str(it.node, "State") != "available" && !str(it.node, "State").empty()) continue;
    std::string shortName = endpointServiceShortName(service, it.region);
    if ((type != "Gateway" && type != "Interface") || !isKnownEndpointService(shortName) ||
        (type == "Gateway" && shortName != "s3" && shortName != "dynamodb")) {
      diags_.warning(it.loc, fmt::format("endpoint {} ({} {}) is not a service awssim models; left out", id, type, service));
      continue;
    }
    VpcEndpoint e;
    e.id = id;
    e.vpc = ref(str(it.node, "VpcId"), it.loc, "endpoint " + id);
    if (e.vpc.empty()) continue;
    e.name = names_[id];
    e.loc = it.loc;
    e.service = shortName;
    if (type == "Gateway") {
      e.type = EndpointType::Gateway;
      e.private_dns = false;
      for (const auto& rt : strings(child(it.node, "RouteTableIds")))
        if (auto n = ref(rt, it.loc, "endpoint " + id); !n.empty()) e.route_tables.push_back(n);
    } else {
      e.type = EndpointType::Interface;
      for (const auto& s : strings(child(it.node, "SubnetIds")))
        if (auto n = ref(s, it.loc, "endpoint " + id); !n.empty()) e.subnets.push_back(n);
      for (const auto& g : strings(child(it.node, "Groups"), "GroupId"))
        if (auto n = ref(g, it.loc, "endpoint " + id); !n.empty()) e.sgs.push_back(n);
      e.private_dns = flag(it.node, "PrivateDnsEnabled", false);
      pinManaged("VPC Endpoint Interface " + id, e.addresses);
    }
    add(stack_.endpoints, std::move(e), "endpoint");
  }
}

void Importer::buildLoadBalancers() {
  std::map<std::string, std::vector<std::pair<YAML::Node, Location>>> listenersOf;  // LB ARN -> listeners
  for (const auto& it : items("LoadBalancerListeners"))
    for (const auto& l : child(it.node, "Listeners")) listenersOf[str(it.node, "LoadBalancerArn")].push_back({l, locOf(l, it.loc)});
  for (const auto& it : items("LoadBalancers")) {
    LoadBalancer lb;
    lb.id = str(it.node, "LoadBalancerArn");
    lb.type = str(it.node, "Type");
    if (lb.type != "application" && lb.type != "network") {
      diags_.warning(it.loc, fmt::format("load balancer {} is of type {}, which awssim does not model; left out",
                                         str(it.node, "LoadBalancerName"), lb.type));
      continue;
    }
    lb.name = names_[lb.id];
    lb.loc = it.loc;
    lb.internet_facing = str(it.node, "Scheme") != "internal";
    for (const auto& z : child(it.node, "AvailabilityZones"))
      if (auto n = ref(str(z, "SubnetId"), it.loc, "load balancer " + lb.id); !n.empty()) lb.subnets.push_back(n);
    for (const auto& g : child(it.node, "SecurityGroups"))
      if (auto n = ref(g.IsScalar() ? g.Scalar() : "", it.loc, "load balancer " + lb.id); !n.empty()) lb.sgs.push_back(n);
    // Its nodes' interfaces say "ELB app/NAME/ID" (or net/): the end of its ARN.
    if (size_t at = lb.id.find(":loadbalancer/"); at != std::string::npos)
      pinManaged("ELB " + lb.id.substr(at + 14), lb.addresses);
    for (const auto& [l, at] : listenersOf[lb.id]) {
      Listener li;
      li.loc = at;
      li.port = number(l, "Port").value_or(0);
      li.protocol = str(l, "Protocol");
      for (const auto& a : child(l, "DefaultActions"))
        if (str(a, "Type") == "forward" && !str(a, "TargetGroupArn").empty()) li.target_group = ref(str(a, "TargetGroupArn"), at, "listener");
      if (li.target_group.empty()) continue;  // redirects and fixed responses send nothing on
      if (li.port < 1 || li.port > 65535) {
        diags_.error(at, fmt::format("listener port '{}' is not within 1-65535", str(l, "Port")));
        continue;
      }
      lb.listeners.push_back(li);
    }
    add(stack_.load_balancers, std::move(lb), "load balancer");
  }
  std::map<std::string, std::vector<std::pair<YAML::Node, Location>>> targetsOf;  // TG ARN -> targets
  for (const auto& it : items("LoadBalancerTargetHealth"))
    for (const auto& d : child(it.node, "TargetHealthDescriptions"))
      targetsOf[str(it.node, "TargetGroupArn")].push_back({child(d, "Target"), locOf(d, it.loc)});
  for (const auto& it : items("TargetGroups")) {
    TargetGroup tg;
    tg.id = str(it.node, "TargetGroupArn");
    tg.name = names_[tg.id];
    tg.loc = it.loc;
    tg.vpc = ref(str(it.node, "VpcId"), it.loc, "target group " + tg.id);
    tg.protocol = str(it.node, "Protocol");
    tg.port = number(it.node, "Port").value_or(80);
    tg.target_type = lower(str(it.node, "TargetType")) == "ip" ? "ip" : "instance";
    std::string hc = str(it.node, "HealthCheckPort");
    if (!hc.empty() && hc != "traffic-port") tg.health_check_port = parseInt(hc);
    for (const auto& [t, at] : targetsOf[tg.id]) {
      Target target;
      target.loc = at;
      target.port = number(t, "Port");
      std::string id = str(t, "Id");
      if (tg.target_type == "ip") {
        target.ip = parseIpv4(id);
        if (!target.ip) {
          diags_.error(at, fmt::format("target group {} target '{}' is not an IPv4 address", tg.id, id));
          continue;
        }
      } else {
        target.name = ref(id, at, "target group " + tg.id);
        if (target.name.empty()) continue;
      }
      tg.targets.push_back(target);
    }
    add(stack_.target_groups, std::move(tg), "target group");
  }
}

void Importer::buildPeerings() {
  for (const auto& it : items("VpcPeeringConnections")) {
    std::string status = str(child(it.node, "Status"), "Code");
    if (status == "deleted" || status == "rejected" || status == "failed" || status == "expired") continue;
    VpcPeering p;
    p.id = str(it.node, "VpcPeeringConnectionId");
    p.requester = ref(str(child(it.node, "RequesterVpcInfo"), "VpcId"), it.loc, "peering " + p.id);
    p.accepter = ref(str(child(it.node, "AccepterVpcInfo"), "VpcId"), it.loc, "peering " + p.id);
    if (p.requester.empty() || p.accepter.empty()) continue;
    p.name = names_[p.id];
    p.loc = it.loc;
    p.active = status == "active";
    add(stack_.peerings, std::move(p), "peering");
  }
}

// Virtual private gateways and their site-to-site VPN connections. The
// route tables already list propagated routes (Origin
// EnableVgwRoutePropagation), so they are read as routes, not recomputed.
void Importer::buildVpn() {
  for (const auto& it : items("VpnGateways")) {
    std::string state = str(it.node, "State");
    if (state == "deleted" || state == "deleting") continue;
    VpnGateway g;
    g.id = str(it.node, "VpnGatewayId");
    g.name = names_[g.id];
    g.loc = it.loc;
    for (const auto& a : child(it.node, "VpcAttachments"))
      if (str(a, "State") == "attached") g.vpc = ref(str(a, "VpcId"), it.loc, "VPN gateway " + g.id);
    add(stack_.vpn_gateways, std::move(g), "VPN gateway");
  }
  for (const auto& it : items("VpnConnections")) {
    std::string state = str(it.node, "State");
    if (state == "deleted" || state == "deleting") continue;
    VpnConnection c;
    c.id = str(it.node, "VpnConnectionId");
    c.name = names_[c.id];
    c.loc = it.loc;
    std::string gw = str(it.node, "VpnGatewayId");
    if (gw.empty()) continue;  // a transit gateway's VPN attachment
    c.vpn_gateway = ref(gw, it.loc, "VPN connection " + c.id);
    if (c.vpn_gateway.empty()) continue;
    for (const auto& r : child(it.node, "Routes")) {
      std::string st = str(r, "State");
      if (st == "deleted" || st == "deleting") continue;
      if (auto cidr = cidrAt(r, "DestinationCidrBlock", locOf(r, it.loc), "VPN connection " + c.id)) c.on_premises.push_back(*cidr);
    }
    add(stack_.vpn_connections, std::move(c), "VPN connection");
  }
}

void Importer::buildTransitGateways() {
  std::map<std::string, std::vector<std::string>> subnetsOf;
  for (const auto& it : items("TransitGatewayVpcAttachments")) {
    std::string id = str(it.node, "TransitGatewayAttachmentId");
    for (const auto& s : strings(child(it.node, "SubnetIds")))
      if (auto n = ref(s, it.loc, "transit gateway attachment " + id); !n.empty()) subnetsOf[id].push_back(n);
  }
  for (const auto& tgwItem : items("TransitGateways")) {
    TransitGateway tgw;
    tgw.id = str(tgwItem.node, "TransitGatewayId");
    tgw.name = names_[tgw.id];
    tgw.loc = tgwItem.loc;
    std::set<std::string> attached;
    for (const auto& it : items("TransitGatewayAttachments")) {
      std::string id = str(it.node, "TransitGatewayAttachmentId");
      if (str(it.node, "TransitGatewayId") != tgw.id || str(it.node, "State") != "available") continue;
      if (str(it.node, "ResourceType") != "vpc") {
        diags_.warning(it.loc, fmt::format("transit gateway attachment {} is a {} attachment; only VPC attachments are "
                                           "modelled (on-premises networks are not); left out", id, str(it.node, "ResourceType")));
        continue;
      }
      TgwAttachment a;
      a.vpc = ref(str(it.node, "ResourceId"), it.loc, "transit gateway attachment " + id);
      if (a.vpc.empty()) continue;
      attached.insert(id);
      a.name = names_[id];
      a.loc = it.loc;
      a.subnets = subnetsOf[id];
      YAML::Node assoc = child(it.node, "Association");
      std::string rt = str(assoc, "TransitGatewayRouteTableId");
      if (!rt.empty() && str(assoc, "State") == "associated") a.route_table = ref(rt, it.loc, "transit gateway attachment " + id);
      tgw.attachments.push_back(a);
    }
    for (const auto& rtItem : items("TransitGatewayRouteTables")) {
      std::string rtId = str(rtItem.node, "TransitGatewayRouteTableId");
      if (str(rtItem.node, "TransitGatewayId") != tgw.id) continue;
      TgwRouteTable rt;
      rt.name = names_[rtId];
      rt.loc = rtItem.loc;
      for (const auto& sr : items("TransitGatewayStaticRoutes")) {
        if (str(sr.node, "TransitGatewayRouteTableId") != rtId) continue;
        for (const auto& r : child(sr.node, "Routes")) {
          if (str(r, "Type") == "propagated") continue;  // recomputed from the propagations
          TgwRoute route;
          route.loc = locOf(r, sr.loc);
          auto c = cidrAt(r, "DestinationCidrBlock", route.loc, "transit gateway route");
          if (!c) continue;
          route.cidr = *c;
          if (str(r, "State") != "blackhole") {
            YAML::Node atts = child(r, "TransitGatewayAttachments");
            if (!atts.IsSequence() || atts.size() == 0) continue;
            std::string a = str(atts[0], "TransitGatewayAttachmentId");
            if (!attached.count(a)) continue;
            route.attachment = names_[a];
          }
          rt.routes.push_back(route);
        }
      }
      for (const auto& p : items("TransitGatewayPropagations")) {
        if (str(p.node, "TransitGatewayRouteTableId") != rtId) continue;
        for (const auto& x : child(p.node, "TransitGatewayRouteTablePropagations"))
          if (str(x, "State") == "enabled" && attached.count(str(x, "TransitGatewayAttachmentId")))
            rt.propagations.push_back(names_[str(x, "TransitGatewayAttachmentId")]);
      }
      tgw.route_tables.push_back(rt);
    }
    add(stack_.transit_gateways, std::move(tgw), "transit gateway");
  }
}

}  // namespace awssim::load::snapshot
