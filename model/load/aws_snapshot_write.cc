// The snapshot's records as stack.yaml sections. Each line is written with
// the location of the JSON record it came from.
#include <fmt/format.h>

#include <set>

#include "model/aws_ranges.h"
#include "model/load/aws_snapshot_internal.h"

namespace awssim::load::snapshot {

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

/// EC2's protocol and ports (FromPort/ToPort, or a NACL's PortRange and
/// IcmpTypeCode) as the stack's traffic key, or "" for what awssim does not
/// model (ICMPv6).
std::string traffic(const std::string& protocol, const std::string& from, const std::string& to, bool icmpFromPorts,
                    const YAML::Node& icmp) {
  std::string p = protocol == "6" ? "tcp" : protocol == "17" ? "udp" : protocol == "1" ? "icmp" : protocol;
  if (p == "-1" || p == "all") return "proto: all";
  if (p == "tcp" || p == "udp") {
    if (from.empty() || from == "-1") return p + ": all";
    return p + ": " + q(from == to || to.empty() ? from : from + "-" + to);
  }
  if (p == "icmp") {
    std::string type = icmpFromPorts ? from : str(icmp, "Type");
    std::string code = icmpFromPorts ? to : str(icmp, "Code");
    if (type.empty() || type == "-1") return "icmp: all";
    return "icmp: " + q(code.empty() || code == "-1" ? type : type + "/" + code);
  }
  if (p == "icmpv6" || p == "58") return "";
  return "proto: " + q(p);
}

}  // namespace

void Importer::writeVpcs(Writer& w) {
  if (items("Vpcs").empty()) return;
  w.line(0, "vpcs:", origin_);
  for (const auto& it : items("Vpcs")) {
    std::vector<std::string> cidrs;
    YAML::Node set = child(it.node, "CidrBlockAssociationSet");
    if (set.IsSequence())
      for (const auto& a : set)
        if (str(child(a, "CidrBlockState"), "State") == "associated" || str(child(a, "CidrBlockState"), "State").empty())
          cidrs.push_back(str(a, "CidrBlock"));
    if (cidrs.empty()) cidrs.push_back(str(it.node, "CidrBlock"));
    w.line(1, q(names_[str(it.node, "VpcId")]) + ":", it.loc);
    w.line(2, "id: " + q(str(it.node, "VpcId")), it.loc);
    w.line(2, "cidr: " + list(cidrs), it.loc);
    // describe-vpcs does not show the DNS attributes; a default VPC has both
    // on, any other VPC hostnames off (AWS's defaults).
    w.line(2, fmt::format("dns: {{support: true, hostnames: {}}}", flag(it.node, "IsDefault", false)), it.loc);
  }
}

void Importer::writeSubnets(Writer& w) {
  if (items("Subnets").empty()) return;
  std::map<std::string, std::string> routeTableOf, naclOf;
  for (const auto& rt : items("RouteTables")) {
    YAML::Node assoc = child(rt.node, "Associations");
    if (assoc.IsSequence())
      for (const auto& a : assoc)
        if (!str(a, "SubnetId").empty()) routeTableOf[str(a, "SubnetId")] = str(rt.node, "RouteTableId");
  }
  for (const auto& n : items("NetworkAcls")) {
    YAML::Node assoc = child(n.node, "Associations");
    if (assoc.IsSequence())
      for (const auto& a : assoc)
        if (!str(a, "SubnetId").empty()) naclOf[str(a, "SubnetId")] = str(n.node, "NetworkAclId");
  }
  w.line(0, "subnets:", origin_);
  for (const auto& it : items("Subnets")) {
    std::string id = str(it.node, "SubnetId");
    std::string vpc = ref(str(it.node, "VpcId"), it.loc, "subnet " + id);
    if (vpc.empty()) continue;
    w.line(1, q(names_[id]) + ":", it.loc);
    w.line(2, "id: " + q(id), it.loc);
    w.line(2, "vpc: " + q(vpc), it.loc);
    w.line(2, "cidr: " + q(str(it.node, "CidrBlock")), it.loc);
    w.line(2, "az: " + q(str(it.node, "AvailabilityZone")), it.loc);
    if (routeTableOf.count(id)) w.line(2, "route_table: " + q(names_[routeTableOf[id]]), it.loc);
    if (naclOf.count(id)) w.line(2, "nacl: " + q(names_[naclOf[id]]), it.loc);
    w.line(2, fmt::format("public_ip_on_launch: {}", flag(it.node, "MapPublicIpOnLaunch", false)), it.loc);
  }
}

void Importer::writeRouteTables(Writer& w) {
  if (items("RouteTables").empty()) return;
  w.line(0, "route_tables:", origin_);
  for (const auto& it : items("RouteTables")) {
    std::string id = str(it.node, "RouteTableId");
    std::string vpc = ref(str(it.node, "VpcId"), it.loc, "route table " + id);
    if (vpc.empty()) continue;
    bool main = false;
    YAML::Node assoc = child(it.node, "Associations");
    if (assoc.IsSequence())
      for (const auto& a : assoc) main = main || flag(a, "Main", false);
    w.line(1, q(names_[id]) + ":", it.loc);
    w.line(2, "id: " + q(id), it.loc);
    w.line(2, "vpc: " + q(vpc), it.loc);
    w.line(2, fmt::format("main: {}", main), it.loc);
    w.line(2, "routes:", it.loc);
    YAML::Node routes = child(it.node, "Routes");
    if (!routes.IsSequence()) continue;
    for (const auto& r : routes) {
      Location at = locOf(r, it.loc);
      std::string to = str(r, "DestinationCidrBlock");
      if (to.empty() && !str(r, "DestinationPrefixListId").empty()) {
        std::string pl = ref(str(r, "DestinationPrefixListId"), at, "route in " + id);
        if (pl.empty()) continue;
        to = "pl:" + pl;
      }
      if (to.empty()) continue;  // IPv6 routes
      std::string gw = str(r, "GatewayId");
      if (gw == "local") continue;  // implicit in the model
      std::string via;
      if (str(r, "State") == "blackhole") via = "blackhole";
      else if (gw.rfind("igw-", 0) == 0) via = "igw:" + ref(gw, at, "route in " + id);
      else if (gw.rfind("vpce-", 0) == 0) via = "endpoint:" + ref(gw, at, "route in " + id);
      else if (!str(r, "NatGatewayId").empty()) via = "nat:" + ref(str(r, "NatGatewayId"), at, "route in " + id);
      else if (!str(r, "TransitGatewayId").empty()) via = "tgw:" + ref(str(r, "TransitGatewayId"), at, "route in " + id);
      else if (!str(r, "VpcPeeringConnectionId").empty())
        via = "peering:" + ref(str(r, "VpcPeeringConnectionId"), at, "route in " + id);
      else if (!str(r, "InstanceId").empty()) via = "instance:" + ref(str(r, "InstanceId"), at, "route in " + id);
      else if (!str(r, "NetworkInterfaceId").empty()) via = "eni:" + ref(str(r, "NetworkInterfaceId"), at, "route in " + id);
      else {
        diags_.warning(at, fmt::format("route {} in {} goes to {}, a target awssim does not model (VPN, carrier or "
                                       "egress-only gateway); left out", to, id, gw.empty() ? "an unnamed target" : gw));
        continue;
      }
      if (via.back() == ':') continue;  // the target is not in the snapshot (warned)
      w.line(3, fmt::format("- {{to: {}, via: {}}}", q(to), q(via)), at);
    }
  }
}

void Importer::writeNacls(Writer& w) {
  if (items("NetworkAcls").empty()) return;
  w.line(0, "nacls:", origin_);
  for (const auto& it : items("NetworkAcls")) {
    std::string id = str(it.node, "NetworkAclId");
    std::string vpc = ref(str(it.node, "VpcId"), it.loc, "network ACL " + id);
    if (vpc.empty()) continue;
    w.line(1, q(names_[id]) + ":", it.loc);
    w.line(2, "id: " + q(id), it.loc);
    w.line(2, "vpc: " + q(vpc), it.loc);
    for (bool egress : {false, true}) {
      w.line(2, egress ? "egress:" : "ingress:", it.loc);
      YAML::Node entries = child(it.node, "Entries");
      if (!entries.IsSequence()) continue;
      for (const auto& e : entries) {
        if (flag(e, "Egress", false) != egress || str(e, "CidrBlock").empty()) continue;
        int number = std::atoi(str(e, "RuleNumber").c_str());
        if (number < 1 || number > 32766) continue;  // 32767: the implicit final deny
        YAML::Node ports = child(e, "PortRange");
        std::string t = traffic(str(e, "Protocol"), str(ports, "From"), str(ports, "To"), false, child(e, "IcmpTypeCode"));
        if (t.empty()) continue;
        w.line(3, fmt::format("- {{rule: {}, action: {}, {}, cidr: {}}}", number, q(str(e, "RuleAction")), t,
                              q(str(e, "CidrBlock"))), locOf(e, it.loc));
      }
    }
  }
}

void Importer::writeSgRules(Writer& w, const YAML::Node& perms, const Location& loc, bool egress) {
  w.line(2, egress ? "egress:" : "ingress:", loc);
  if (!perms.IsSequence()) return;
  const char* peerKey = egress ? "to" : "from";
  for (const auto& p : perms) {
    Location at = locOf(p, loc);
    std::string t = traffic(str(p, "IpProtocol"), str(p, "FromPort"), str(p, "ToPort"), true, YAML::Node());
    if (t.empty()) continue;
    std::vector<std::string> peers = strings(child(p, "IpRanges"), "CidrIp");
    for (const auto& g : strings(child(p, "UserIdGroupPairs"), "GroupId")) {
      std::string n = ref(g, at, "security group rule");
      if (!n.empty()) peers.push_back("sg:" + n);
    }
    for (const auto& pl : strings(child(p, "PrefixListIds"), "PrefixListId")) {
      std::string n = ref(pl, at, "security group rule");
      if (!n.empty()) peers.push_back("pl:" + n);
    }
    for (const auto& peer : peers) w.line(3, fmt::format("- {{{}, {}: {}}}", t, peerKey, q(peer)), at);
  }
}

void Importer::writeSecurityGroups(Writer& w) {
  if (items("SecurityGroups").empty()) return;
  w.line(0, "security_groups:", origin_);
  for (const auto& it : items("SecurityGroups")) {
    std::string id = str(it.node, "GroupId");
    if (str(it.node, "VpcId").empty()) continue;  // EC2-Classic
    std::string vpc = ref(str(it.node, "VpcId"), it.loc, "security group " + id);
    if (vpc.empty()) continue;
    w.line(1, q(names_[id]) + ":", it.loc);
    w.line(2, "id: " + q(id), it.loc);
    w.line(2, "vpc: " + q(vpc), it.loc);
    w.line(2, "description: " + q(str(it.node, "Description")), it.loc);
    writeSgRules(w, child(it.node, "IpPermissions"), it.loc, false);
    writeSgRules(w, child(it.node, "IpPermissionsEgress"), it.loc, true);
  }
}

void Importer::writePrefixLists(Writer& w) {
  if (items("PrefixLists").empty()) return;
  w.line(0, "prefix_lists:", origin_);
  for (const auto& it : items("PrefixLists")) {
    std::string id = str(it.node, "PrefixListId");
    w.line(1, q(names_[id]) + ":", it.loc);
    w.line(2, "id: " + q(id), it.loc);
    w.line(2, "cidrs: " + list(strings(child(it.node, "Cidrs"))), it.loc);
  }
}

void Importer::writeInstancesAndEnis(Writer& w) {
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
  auto running = instances();
  if (!running.empty()) w.line(0, "instances:", origin_);
  for (const auto& it : running) {
    std::string id = str(it.node, "InstanceId");
    std::string subnet = ref(str(it.node, "SubnetId"), it.loc, "instance " + id);
    if (subnet.empty()) continue;
    // An instance's groups are its primary interface's (describe-instances
    // repeats them at the top, but not always: launched with an interface
    // specification, the top-level list can be empty).
    std::vector<std::string> groupIds = strings(child(it.node, "SecurityGroups"), "GroupId");
    YAML::Node nics = child(it.node, "NetworkInterfaces");
    if (nics.IsSequence())
      for (const auto& e : nics)
        if (str(child(e, "Attachment"), "DeviceIndex") == "0") groupIds = strings(child(e, "Groups"), "GroupId");
    std::vector<std::string> sgs;
    for (const auto& g : groupIds)
      if (auto n = ref(g, it.loc, "instance " + id); !n.empty()) sgs.push_back(n);
    w.line(1, q(names_[id]) + ":", it.loc);
    w.line(2, "id: " + q(id), it.loc);
    w.line(2, "type: " + q(str(it.node, "InstanceType")), it.loc);
    w.line(2, "subnet: " + q(subnet), it.loc);
    w.line(2, "ip: " + q(str(it.node, "PrivateIpAddress")), it.loc);
    std::string pub = str(it.node, "PublicIpAddress");
    if (!pub.empty()) w.line(2, (eipOfInstance[id] == pub ? "elastic_ip: " : "public_ip: ") + q(pub), it.loc);
    w.line(2, "sgs: " + list(sgs), it.loc);
    if (str(it.node, "Platform") == "windows") w.line(2, "os: windows", it.loc);
    YAML::Node enis = child(it.node, "NetworkInterfaces");
    if (enis.IsSequence())
      for (const auto& e : enis) {
        seenEnis.insert(str(e, "NetworkInterfaceId"));
        if (str(child(e, "Attachment"), "DeviceIndex") != "0") extras.push_back({e, locOf(e, it.loc), names_[id]});
      }
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
  if (!extras.empty()) w.line(0, "enis:", origin_);
  for (const auto& x : extras) {
    std::string id = str(x.node, "NetworkInterfaceId");
    std::string subnet = ref(str(x.node, "SubnetId"), x.loc, "network interface " + id);
    if (subnet.empty()) continue;
    std::vector<std::string> sgs, secondary;
    for (const auto& g : strings(child(x.node, "Groups"), "GroupId"))
      if (auto n = ref(g, x.loc, "network interface " + id); !n.empty()) sgs.push_back(n);
    YAML::Node ips = child(x.node, "PrivateIpAddresses");
    if (ips.IsSequence())
      for (const auto& a : ips)
        if (!flag(a, "Primary", false)) secondary.push_back(str(a, "PrivateIpAddress"));
    names_.emplace(id, id);
    w.line(1, q(names_[id]) + ":", x.loc);
    w.line(2, "id: " + q(id), x.loc);
    w.line(2, "subnet: " + q(subnet), x.loc);
    w.line(2, "ip: " + q(str(x.node, "PrivateIpAddress")), x.loc);
    if (!secondary.empty()) w.line(2, "secondary_ips: " + list(secondary), x.loc);
    std::string pub = str(child(x.node, "Association"), "PublicIp");
    if (pub.empty()) pub = eipOfEni[id];
    if (!pub.empty()) w.line(2, "public_ip: " + q(pub), x.loc);
    w.line(2, "sgs: " + list(sgs), x.loc);
    if (!x.instance.empty()) w.line(2, "instance: " + q(x.instance), x.loc);
    w.line(2, fmt::format("source_dest_check: {}", flag(x.node, "SourceDestCheck", true)), x.loc);
  }
}

void Importer::writeGateways(Writer& w) {
  if (!items("InternetGateways").empty()) w.line(0, "internet_gateways:", origin_);
  for (const auto& it : items("InternetGateways")) {
    std::string id = str(it.node, "InternetGatewayId");
    std::string vpc;
    YAML::Node att = child(it.node, "Attachments");
    if (att.IsSequence())
      for (const auto& a : att)
        if (str(a, "State") == "available" || str(a, "State") == "attached") vpc = ref(str(a, "VpcId"), it.loc, "internet gateway " + id);
    w.line(1, q(names_[id]) + ":", it.loc);
    w.line(2, "id: " + q(id), it.loc);
    if (!vpc.empty()) w.line(2, "vpc: " + q(vpc), it.loc);
    else w.line(2, "attached: false", it.loc);
  }
  bool any = false;
  for (const auto& it : items("NatGateways")) {
    if (str(it.node, "State") != "available") continue;
    std::string id = str(it.node, "NatGatewayId");
    std::string subnet = ref(str(it.node, "SubnetId"), it.loc, "NAT gateway " + id);
    if (subnet.empty()) continue;
    if (!any) w.line(0, "nat_gateways:", origin_);
    any = true;
    w.line(1, q(names_[id]) + ":", it.loc);
    w.line(2, "id: " + q(id), it.loc);
    w.line(2, "subnet: " + q(subnet), it.loc);
    w.line(2, "connectivity: " + q(str(it.node, "ConnectivityType").empty() ? "public" : str(it.node, "ConnectivityType")), it.loc);
    YAML::Node addrs = child(it.node, "NatGatewayAddresses");
    if (addrs.IsSequence() && addrs.size() > 0) {
      if (!str(addrs[0], "PrivateIp").empty()) w.line(2, "ip: " + q(str(addrs[0], "PrivateIp")), it.loc);
      if (!str(addrs[0], "PublicIp").empty()) w.line(2, "public_ip: " + q(str(addrs[0], "PublicIp")), it.loc);
    }
  }
}

void Importer::writeEndpoints(Writer& w) {
  bool any = false;
  for (const auto& it : items("VpcEndpoints")) {
    std::string id = str(it.node, "VpcEndpointId");
    std::string type = str(it.node, "VpcEndpointType");
    std::string service = str(it.node, "ServiceName");
    if (str(it.node, "State") != "available" && !str(it.node, "State").empty()) continue;
    if ((type != "Gateway" && type != "Interface") ||
        !model::isKnownEndpointService(model::endpointServiceShortName(service, it.region))) {
      diags_.warning(it.loc, fmt::format("endpoint {} ({} {}) is not a service awssim models; left out", id, type, service));
      continue;
    }
    std::string vpc = ref(str(it.node, "VpcId"), it.loc, "endpoint " + id);
    if (vpc.empty()) continue;
    if (!any) w.line(0, "endpoints:", origin_);
    any = true;
    w.line(1, q(names_[id]) + ":", it.loc);
    w.line(2, "id: " + q(id), it.loc);
    w.line(2, "vpc: " + q(vpc), it.loc);
    w.line(2, "service: " + q(service), it.loc);
    std::vector<std::string> refs;
    if (type == "Gateway") {
      w.line(2, "type: gateway", it.loc);
      for (const auto& rt : strings(child(it.node, "RouteTableIds")))
        if (auto n = ref(rt, it.loc, "endpoint " + id); !n.empty()) refs.push_back(n);
      w.line(2, "route_tables: " + list(refs), it.loc);
    } else {
      w.line(2, "type: interface", it.loc);
      for (const auto& s : strings(child(it.node, "SubnetIds")))
        if (auto n = ref(s, it.loc, "endpoint " + id); !n.empty()) refs.push_back(n);
      w.line(2, "subnets: " + list(refs), it.loc);
      std::vector<std::string> sgs;
      for (const auto& g : strings(child(it.node, "Groups"), "GroupId"))
        if (auto n = ref(g, it.loc, "endpoint " + id); !n.empty()) sgs.push_back(n);
      w.line(2, "sgs: " + list(sgs), it.loc);
      w.line(2, fmt::format("private_dns: {}", flag(it.node, "PrivateDnsEnabled", false)), it.loc);
    }
  }
}

}  // namespace awssim::load::snapshot
