// A template's resources as model elements. Phase 1 builds the resources
// that stand on their own (VPCs, subnets, tables, groups, gateways,
// instances, load balancers, ECS ...); phase 2 attaches what points at them
// (routes, associations, separate security-group rules, listeners, EIP
// associations), so the order of resources in the template and across
// nested stacks does not matter. CloudFormation's own semantics are kept:
// a security group without SecurityGroupEgress allows all egress, a subnet
// without an association uses the main route table, resources whose
// Condition is false are not there.
#include <fmt/format.h>

#include <algorithm>

#include "model/aws_ranges.h"
#include "model/load/aws_rules.h"
#include "model/load/cfn_internal.h"
#include "model/load/manifest_loaders.h"
#include "model/load/yaml_reader.h"

namespace awssim::load::cfn {

using namespace model;

namespace {

// Types with no bearing on reachability, placement or cost that awssim reads
// past; each still gets one warning so nobody mistakes silence for a check.
bool modelled(const std::string& type) {
  static const std::set<std::string> types = {
      "AWS::EC2::VPC", "AWS::EC2::VPCCidrBlock", "AWS::EC2::Subnet", "AWS::EC2::RouteTable", "AWS::EC2::Route",
      "AWS::EC2::SubnetRouteTableAssociation", "AWS::EC2::InternetGateway", "AWS::EC2::VPCGatewayAttachment",
      "AWS::EC2::NatGateway", "AWS::EC2::EIP", "AWS::EC2::EIPAssociation", "AWS::EC2::NetworkAcl",
      "AWS::EC2::NetworkAclEntry", "AWS::EC2::SubnetNetworkAclAssociation", "AWS::EC2::SecurityGroup",
      "AWS::EC2::SecurityGroupIngress", "AWS::EC2::SecurityGroupEgress", "AWS::EC2::VPCEndpoint",
      "AWS::EC2::InstanceConnectEndpoint", "AWS::EC2::Instance", "AWS::EC2::NetworkInterface",
      "AWS::EC2::NetworkInterfaceAttachment", "AWS::EC2::LaunchTemplate", "AWS::EC2::PrefixList",
      "AWS::EC2::TransitGateway", "AWS::EC2::TransitGatewayAttachment", "AWS::EC2::TransitGatewayVpcAttachment",
      "AWS::EC2::TransitGatewayRouteTable", "AWS::EC2::TransitGatewayRoute",
      "AWS::EC2::TransitGatewayRouteTableAssociation", "AWS::EC2::TransitGatewayRouteTablePropagation",
      "AWS::EC2::VPCPeeringConnection", "AWS::AutoScaling::AutoScalingGroup", "AWS::AutoScaling::LaunchConfiguration",
      "AWS::ElasticLoadBalancingV2::LoadBalancer", "AWS::ElasticLoadBalancingV2::Listener",
      "AWS::ElasticLoadBalancingV2::ListenerRule", "AWS::ElasticLoadBalancingV2::TargetGroup", "AWS::ECS::Cluster",
      "AWS::ECS::CapacityProvider", "AWS::ECS::ClusterCapacityProviderAssociations", "AWS::ECS::TaskDefinition",
      "AWS::ECS::Service", "AWS::ServiceDiscovery::PrivateDnsNamespace", "AWS::ServiceDiscovery::PublicDnsNamespace",
      "AWS::ServiceDiscovery::HttpNamespace", "AWS::ServiceDiscovery::Service", "AWS::Route53::HostedZone",
      "AWS::Route53::RecordSet", "AWS::CloudFormation::Stack", "AWS::CDK::Metadata", "AWS::EC2::VPNGateway", "AWS::EC2::CustomerGateway",
      "AWS::EC2::VPNConnection", "AWS::EC2::VPNConnectionRoute", "AWS::EC2::VPNGatewayRoutePropagation"};
  return types.count(type) > 0;
}

}  // namespace

std::string text(const Json& p, const char* key) {
  if (!p.is_object() || !p.contains(key)) return "";
  const Json& v = p[key];
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_number()) return v.dump();
  return "";
}

bool truthy(const Json& p, const char* key, bool otherwise) {
  std::string t = text(p, key);
  return t.empty() ? otherwise : t == "true" || t == "True";
}

std::optional<int> integer(const Json& p, const char* key) {
  std::string t = text(p, key);
  return t.empty() ? std::nullopt : parseInt(t);
}

const Json& list(const Json& p, const char* key) {
  static const Json empty = Json::array();
  if (!p.is_object() || !p.contains(key) || !p[key].is_array()) return empty;
  return p[key];
}

const Json& obj(const Json& p, const char* key) {
  static const Json empty = Json::object();
  if (!p.is_object() || !p.contains(key) || !p[key].is_object()) return empty;
  return p[key];
}

Location CfnStack::propLoc(const YAML::Node& pn, const char* key, const Location& fallback) const {
  YAML::Node n = YamlReader::get(pn, key);
  return n.IsDefined() ? loc(n) : fallback;
}

std::string CfnStack::owner(const Json& v, const char* kind, const Location& at, const std::string& what) {
  std::string id = v.is_string() ? v.get<std::string>() : "";
  if (id.empty()) return "";
  if (auto it = s_.owners.find(id); it != s_.owners.end()) return it->second;
  // A real ID: something of the network loaded alongside (stack.yaml or a
  // snapshot) with that ID, or named so.
  auto byId = [&](const auto& table) -> std::string {
    for (const auto& x : table)
      if (x.id == id || x.name == id) return x.name;
    return "";
  };
  std::string k = kind;
  std::string found = k == "vpc"              ? byId(s_.stack.vpcs)
                      : k == "subnet"         ? byId(s_.stack.subnets)
                      : k == "security_group" ? byId(s_.stack.security_groups)
                      : k == "route_table"    ? byId(s_.stack.route_tables)
                      : k == "instance"       ? byId(s_.stack.instances)
                      : k == "prefix_list"    ? byId(s_.stack.prefix_lists)
                      : k == "nacl"           ? byId(s_.stack.nacls)
                      : k == "internet_gateway" ? byId(s_.stack.internet_gateways)
                      : k == "vpn_gateway"    ? byId(s_.stack.vpn_gateways)
                      : k == "vpn_connection" ? byId(s_.stack.vpn_connections)
                      : k == "nat_gateway"    ? byId(s_.stack.nat_gateways)
                      : k == "target_group"   ? byId(s_.stack.target_groups)
                      : k == "launch_template" ? byId(s_.stack.launch_templates)
                                              : "";
  if (!found.empty()) return found;
  s_.diags.warning(at, fmt::format("{} refers to {}, which neither the templates nor the network loaded with them "
                                   "hold; left out (load that network alongside to check it)", what, id));
  return "";
}

std::vector<std::string> CfnStack::owners(const Json& v, const char* kind, const Location& at, const std::string& what) {
  std::vector<std::string> out;
  if (v.is_array()) {
    for (const auto& x : v)
      if (auto n = owner(x, kind, at, what); !n.empty()) out.push_back(n);
  } else if (auto n = owner(v, kind, at, what); !n.empty()) {
    out.push_back(n);
  }
  return out;
}

int phaseOf(const std::string& type) {
  static const std::set<std::string> second = {
      "AWS::EC2::Route", "AWS::EC2::SubnetRouteTableAssociation", "AWS::EC2::VPCGatewayAttachment",
      "AWS::EC2::NetworkAclEntry", "AWS::EC2::SubnetNetworkAclAssociation", "AWS::EC2::SecurityGroupIngress",
      "AWS::EC2::SecurityGroupEgress", "AWS::ElasticLoadBalancingV2::Listener", "AWS::EC2::VPCCidrBlock",
      "AWS::EC2::TransitGatewayAttachment", "AWS::EC2::TransitGatewayVpcAttachment", "AWS::Route53::RecordSet",
      "AWS::EC2::TransitGatewayRouteTable", "AWS::EC2::VPNConnection",
      "AWS::ECS::Service", "AWS::AutoScaling::AutoScalingGroup", "AWS::ServiceDiscovery::Service",
      "AWS::EC2::Instance"};
  static const std::set<std::string> third = {"AWS::EC2::EIP", "AWS::EC2::EIPAssociation",
                                              "AWS::EC2::NetworkInterfaceAttachment",
                                              "AWS::EC2::TransitGatewayRoute",
                                              "AWS::EC2::TransitGatewayRouteTableAssociation",
                                              "AWS::EC2::TransitGatewayRouteTablePropagation",
                                              "AWS::ElasticLoadBalancingV2::ListenerRule",
                                              "AWS::EC2::VPNConnectionRoute", "AWS::EC2::VPNGatewayRoutePropagation"};
  return second.count(type) ? 2 : third.count(type) ? 3 : 1;
}

void CfnStack::build(int phase) {
  std::map<std::string, std::pair<int, Location>> skipped;  // unmodelled type -> count, first place
  for (const auto& kv : resources_) {
    std::string id = kv.first.Scalar();
    YAML::Node res = kv.second;
    YAML::Node typeNode = YamlReader::get(res, "Type");
    std::string type = typeNode.IsScalar() ? typeNode.Scalar() : "";
    try {
      if (!resourceExists(id)) continue;
      if (!s_.owners.count(type == "AWS::ECS::Cluster" ? ref(id, kv.first).get<std::string>() : placeholder(id, type)))
        continue;  // past the resource budget
    } catch (const EvalError&) {
      continue;
    }
    if (type == "AWS::CloudFormation::Stack") {
      if (auto it = children_.find(id); it != children_.end()) it->second->build(phase);
      continue;
    }
    if (type.empty() || type.rfind("::", 0) == 0) {
      if (phase == 1) error(kv.first, fmt::format("resource '{}' needs a Type such as AWS::EC2::VPC", id));
      continue;
    }
    if (!modelled(type)) {
      if (phase == 1) {
        auto& [count, where] = skipped[type];
        if (count++ == 0) where = loc(kv.first);
      }
      continue;
    }
    const Json* p = props(id);
    if (!p) continue;  // an evaluation error, already reported
    YAML::Node pn = YamlReader::get(res, "Properties");
    if (phaseOf(type) != phase) continue;
    buildResource(id, type, loc(kv.first), *p, pn);
  }
  for (const auto& [type, cw] : skipped)
    s_.diags.warning(cw.second, fmt::format("{} ({} resource{}) is not modelled; skipped", type, cw.first,
                                            cw.first == 1 ? "" : "s"));
}

void CfnStack::buildResource(const std::string& id, const std::string& type, const Location& at, const Json& p,
                             const YAML::Node& pn) {  if (type.rfind("AWS::EC2::SecurityGroup", 0) == 0 || type.rfind("AWS::EC2::NetworkAcl", 0) == 0 ||
      type == "AWS::EC2::SubnetNetworkAclAssociation" || type == "AWS::EC2::PrefixList")
    buildRules(id, type, p, pn, at);
  else if (type.rfind("AWS::EC2::", 0) == 0 && type != "AWS::EC2::Instance" && type != "AWS::EC2::LaunchTemplate" &&
           type != "AWS::EC2::NetworkInterface" && type != "AWS::EC2::NetworkInterfaceAttachment")
    buildNetwork(id, type, p, pn, at);
  else if (type.rfind("AWS::EC2::", 0) == 0 || type.rfind("AWS::AutoScaling::", 0) == 0)
    buildCompute(id, type, p, pn, at);
  else
    buildServices(id, type, p, pn, at);
}

// ---- VPCs, subnets, routing, gateways, endpoints ---------------------------

void CfnStack::buildNetwork(const std::string& id, const std::string& type, const Json& p, const YAML::Node& pn,
                            const Location& at) {
  std::string name = modelName(id);
  std::string what = fmt::format("{} '{}'", type, name);
  auto cidrOf = [&](const char* key) -> std::optional<Cidr> {
    std::string t = text(p, key);
    auto c = parseCidr(t);
    if (!c) s_.diags.error(propLoc(pn, key, at), fmt::format("{} {} '{}' is not an IPv4 CIDR block", what, key, t));
    return c;
  };
  if (type == "AWS::EC2::VPC") {
    Vpc v;
    v.name = name;
    v.loc = at;
    v.id = placeholder(id, type);
    if (!p.contains("CidrBlock")) {
      s_.diags.error(at, fmt::format("{}: only IPv4 VPCs with a CidrBlock are modelled (IPAM pools are not)", what));
      return;
    }
    if (auto c = cidrOf("CidrBlock")) v.cidrs.push_back(*c);
    // CloudFormation's defaults: DNS support on, DNS hostnames off.
    v.dns_support = truthy(p, "EnableDnsSupport", true);
    v.dns_hostnames = truthy(p, "EnableDnsHostnames", false);
    if (!s_.stack.vpcs.add(v)) s_.diags.error(at, fmt::format("vpc '{}' is defined twice", name));
  } else if (type == "AWS::EC2::VPCCidrBlock") {
    std::string vpc = owner(p.value("VpcId", Json()), "vpc", propLoc(pn, "VpcId", at), what);
    if (Vpc* v = vpc.empty() ? nullptr : s_.stack.vpcs.find(vpc))
      if (p.contains("CidrBlock"))
        if (auto c = cidrOf("CidrBlock")) v->cidrs.push_back(*c);
  } else if (type == "AWS::EC2::Subnet") {
    Subnet s;
    s.name = name;
    s.loc = at;
    s.id = placeholder(id, type);
    s.vpc = owner(p.value("VpcId", Json()), "vpc", propLoc(pn, "VpcId", at), what);
    if (s.vpc.empty()) return;
    if (!p.contains("CidrBlock")) {
      s_.diags.warning(at, fmt::format("{} has no IPv4 CidrBlock (IPv6-only or IPAM); left out", what));
      return;
    }
    if (auto c = cidrOf("CidrBlock")) s.cidr = *c;
    s.az = text(p, "AvailabilityZone");
    if (s.az.empty()) {
      // EC2 picks the zone. The VPC's unplaced subnets are spread over the
      // zones in turn: a stable guess that invents no same-zone conflicts
      // (a load balancer needs its subnets in different zones).
      auto zones = availabilityZones(s_.stack.region);
      int& n = s_.unplaced[s.vpc];
      if (!zones.empty()) s.az = zones[static_cast<size_t>(n++) % zones.size()];
      s_.diags.warning(propLoc(pn, "CidrBlock", at), fmt::format("{} names no AvailabilityZone; EC2 picks one, taken "
                                                                 "as {}", what, s.az));
    }
    s.map_public_ip = truthy(p, "MapPublicIpOnLaunch", false);
    if (!s_.stack.subnets.add(s)) s_.diags.error(at, fmt::format("subnet '{}' is defined twice", name));
  } else if (type == "AWS::EC2::RouteTable") {
    RouteTable rt;
    rt.name = name;
    rt.loc = at;
    rt.id = placeholder(id, type);
    rt.vpc = owner(p.value("VpcId", Json()), "vpc", propLoc(pn, "VpcId", at), what);
    if (!rt.vpc.empty()) s_.stack.route_tables.add(rt);
  } else if (type == "AWS::EC2::Route") {
    std::string table = owner(p.value("RouteTableId", Json()), "route_table", propLoc(pn, "RouteTableId", at), what);
    RouteTable* rt = table.empty() ? nullptr : s_.stack.route_tables.find(table);
    if (!rt) return;
    Route r;
    r.loc = at;
    if (p.contains("DestinationCidrBlock")) {
      r.cidr = cidrOf("DestinationCidrBlock");
      if (!r.cidr) return;
    } else if (p.contains("DestinationPrefixListId")) {
      r.prefix_list = owner(p["DestinationPrefixListId"], "prefix_list", propLoc(pn, "DestinationPrefixListId", at), what);
      if (r.prefix_list.empty()) return;
    } else {
      return;  // IPv6 routes are not modelled
    }
    struct T {
      const char* key;
      RouteTarget target;
      const char* kind;
    };
    for (const T& t : {T{"NatGatewayId", RouteTarget::NatGateway, "nat_gateway"},
                       T{"TransitGatewayId", RouteTarget::TransitGateway, "transit_gateway"},
                       T{"VpcPeeringConnectionId", RouteTarget::Peering, "peering"},
                       T{"InstanceId", RouteTarget::Instance, "instance"},
                       T{"NetworkInterfaceId", RouteTarget::Eni, "eni"},
                       T{"VpcEndpointId", RouteTarget::VpcEndpoint, "endpoint"}})
      if (p.contains(t.key)) {
        r.target = t.target;
        r.via = owner(p[t.key], t.kind, propLoc(pn, t.key, at), what);
      }
    if (p.contains("GatewayId")) {
      std::string gw = text(p, "GatewayId");
      auto kind = s_.kinds.find(gw);
      bool vpn = (kind != s_.kinds.end() && kind->second == "AWS::EC2::VPNGateway") || gw.rfind("vgw-", 0) == 0;
      r.via = owner(p["GatewayId"], vpn ? "vpn_gateway" : "internet_gateway", propLoc(pn, "GatewayId", at), what);
      r.target = vpn ? RouteTarget::VpnGateway
                 : kind != s_.kinds.end() && kind->second == "AWS::EC2::VPCEndpoint" ? RouteTarget::VpcEndpoint
                                                                                      : RouteTarget::InternetGateway;
    }
    if (r.via.empty()) {
      if (!p.contains("GatewayId") && !p.contains("NatGatewayId") && !p.contains("TransitGatewayId") &&
          !p.contains("VpcPeeringConnectionId") && !p.contains("InstanceId") && !p.contains("NetworkInterfaceId") &&
          !p.contains("VpcEndpointId"))
        s_.diags.warning(at, fmt::format("{} has a target awssim does not model (carrier, egress-only, local or core "
                                         "network gateway); left out", what));
      return;
    }
    rt->routes.push_back(r);
  } else if (type == "AWS::EC2::SubnetRouteTableAssociation") {
    std::string table = owner(p.value("RouteTableId", Json()), "route_table", propLoc(pn, "RouteTableId", at), what);
    std::string subnet = owner(p.value("SubnetId", Json()), "subnet", propLoc(pn, "SubnetId", at), what);
    if (Subnet* s = subnet.empty() ? nullptr : s_.stack.subnets.find(subnet); s && !table.empty()) {
      if (!s->route_table.empty() && s->route_table != table)
        s_.diags.error(at, fmt::format("subnet '{}' is associated with route tables '{}' and '{}'; a subnet has one",
                                       subnet, s->route_table, table));
      s->route_table = table;
    }
  } else if (type == "AWS::EC2::InternetGateway") {
    InternetGateway g;
    g.name = name;
    g.loc = at;
    g.id = placeholder(id, type);
    s_.stack.internet_gateways.add(g);  // detached until a VPCGatewayAttachment
  } else if (type == "AWS::EC2::VPNGateway") {
    VpnGateway g;
    g.name = name;
    g.loc = at;
    g.id = placeholder(id, type);
    s_.stack.vpn_gateways.add(g);  // detached until a VPCGatewayAttachment
  } else if (type == "AWS::EC2::VPNConnection") {
    if (!p.contains("VpnGatewayId")) {
      s_.diags.warning(at, fmt::format("{} ends at a transit gateway; its VPN attachment is not modelled; left out", what));
      return;
    }
    VpnConnection c;
    c.name = name;
    c.loc = at;
    c.id = placeholder(id, type);
    c.vpn_gateway = owner(p["VpnGatewayId"], "vpn_gateway", propLoc(pn, "VpnGatewayId", at), what);
    if (!c.vpn_gateway.empty()) s_.stack.vpn_connections.add(c);
  } else if (type == "AWS::EC2::VPNConnectionRoute") {
    std::string conn = owner(p.value("VpnConnectionId", Json()), "vpn_connection", propLoc(pn, "VpnConnectionId", at), what);
    VpnConnection* c = conn.empty() ? nullptr : s_.stack.vpn_connections.find(conn);
    if (auto cidr = parseCidr(text(p, "DestinationCidrBlock")); c && cidr) c->on_premises.push_back(*cidr);
  } else if (type == "AWS::EC2::VPNGatewayRoutePropagation") {
    std::string gw = owner(p.value("VpnGatewayId", Json()), "vpn_gateway", propLoc(pn, "VpnGatewayId", at), what);
    if (gw.empty()) return;
    for (const auto& table : owners(p.value("RouteTableIds", Json()), "route_table", propLoc(pn, "RouteTableIds", at), what))
      if (RouteTable* t = s_.stack.route_tables.find(table)) t->propagate.push_back(gw);
  } else if (type == "AWS::EC2::VPCGatewayAttachment") {
    if (p.contains("VpnGatewayId")) {
      std::string gw = owner(p["VpnGatewayId"], "vpn_gateway", propLoc(pn, "VpnGatewayId", at), what);
      std::string vpc = owner(p.value("VpcId", Json()), "vpc", propLoc(pn, "VpcId", at), what);
      if (VpnGateway* g = gw.empty() ? nullptr : s_.stack.vpn_gateways.find(gw)) g->vpc = vpc;
      return;
    }
    if (!p.contains("InternetGatewayId")) {
      s_.diags.warning(at, fmt::format("{} names neither InternetGatewayId nor VpnGatewayId; left out", what));
      return;
    }
    std::string gw = owner(p["InternetGatewayId"], "internet_gateway", propLoc(pn, "InternetGatewayId", at), what);
    std::string vpc = owner(p.value("VpcId", Json()), "vpc", propLoc(pn, "VpcId", at), what);
    if (InternetGateway* g = gw.empty() ? nullptr : s_.stack.internet_gateways.find(gw)) g->vpc = vpc;
  } else if (type == "AWS::EC2::NatGateway") {
    NatGateway g;
    g.name = name;
    g.loc = at;
    g.id = placeholder(id, type);
    g.subnet = owner(p.value("SubnetId", Json()), "subnet", propLoc(pn, "SubnetId", at), what);
    g.public_connectivity = text(p, "ConnectivityType") != "private";
    if (auto ip = parseIpv4(text(p, "PrivateIpAddress"))) g.private_ip = ip;
    if (!g.subnet.empty()) s_.stack.nat_gateways.add(g);
  } else if (type == "AWS::EC2::EIP" || type == "AWS::EC2::EIPAssociation") {
    // An EIP with an InstanceId (or an association) makes that instance's
    // public address elastic.
    std::string inst = p.contains("InstanceId") ? owner(p["InstanceId"], "instance", propLoc(pn, "InstanceId", at), what) : "";
    if (Instance* i = inst.empty() ? nullptr : s_.stack.instances.find(inst)) {
      i->public_ip = true;
      i->elastic_ip = true;
    }
    std::string eni = p.contains("NetworkInterfaceId") ? owner(p["NetworkInterfaceId"], "eni", propLoc(pn, "NetworkInterfaceId", at), what) : "";
    if (Eni* e = eni.empty() ? nullptr : s_.stack.enis.find(eni)) e->public_ip = true;
  } else if (type == "AWS::EC2::VPCEndpoint") {
    VpcEndpoint e;
    e.name = name;
    e.loc = at;
    e.id = placeholder(id, type);
    e.vpc = owner(p.value("VpcId", Json()), "vpc", propLoc(pn, "VpcId", at), what);
    std::string service = text(p, "ServiceName");
    e.service = endpointServiceShortName(service, s_.stack.region);
    std::string t = text(p, "VpcEndpointType");
    e.type = t == "Gateway" || (t.empty() && (e.service == "s3" || e.service == "dynamodb") && !p.contains("SubnetIds"))
                 ? EndpointType::Gateway
                 : EndpointType::Interface;
    if (!isKnownEndpointService(e.service) || (e.type == EndpointType::Gateway && e.service != "s3" && e.service != "dynamodb") ||
        (t != "" && t != "Gateway" && t != "Interface")) {
      s_.diags.warning(at, fmt::format("{} ({} {}) is not a service awssim models; left out", what, t.empty() ? "Gateway" : t, service));
      return;
    }
    if (e.type == EndpointType::Gateway) {
      e.private_dns = false;
      e.route_tables = owners(list(p, "RouteTableIds"), "route_table", propLoc(pn, "RouteTableIds", at), what);
    } else {
      e.subnets = owners(list(p, "SubnetIds"), "subnet", propLoc(pn, "SubnetIds", at), what);
      e.sgs = owners(list(p, "SecurityGroupIds"), "security_group", propLoc(pn, "SecurityGroupIds", at), what);
      e.private_dns = truthy(p, "PrivateDnsEnabled", false);
    }
    if (!e.vpc.empty()) s_.stack.endpoints.add(e);
  } else if (type == "AWS::EC2::InstanceConnectEndpoint") {
    InstanceConnectEndpoint e;
    e.name = name;
    e.loc = at;
    e.id = placeholder(id, type);
    e.subnet = owner(p.value("SubnetId", Json()), "subnet", propLoc(pn, "SubnetId", at), what);
    e.sgs = owners(list(p, "SecurityGroupIds"), "security_group", propLoc(pn, "SecurityGroupIds", at), what);
    e.preserve_client_ip = truthy(p, "PreserveClientIp", false);
    if (!e.subnet.empty()) s_.stack.instance_connect_endpoints.add(e);
  } else if (type == "AWS::EC2::VPCPeeringConnection") {
    VpcPeering pc;
    pc.name = name;
    pc.loc = at;
    pc.id = placeholder(id, type);
    pc.requester = owner(p.value("VpcId", Json()), "vpc", propLoc(pn, "VpcId", at), what);
    pc.accepter = owner(p.value("PeerVpcId", Json()), "vpc", propLoc(pn, "PeerVpcId", at), what);
    if (!pc.requester.empty() && !pc.accepter.empty()) s_.stack.peerings.add(pc);
  } else if (type == "AWS::EC2::TransitGateway") {
    TransitGateway t;
    t.name = name;
    t.loc = at;
    t.id = placeholder(id, type);
    // AWS's defaults: a default route table that every attachment is
    // associated with and propagates into, unless the gateway turns either off.
    TgwRouteTable def;
    def.name = "default";
    def.loc = at;
    if (text(p, "DefaultRouteTableAssociation") != "disable" || text(p, "DefaultRouteTablePropagation") != "disable")
      t.route_tables.push_back(def);
    s_.tgw_defaults[name] = {text(p, "DefaultRouteTableAssociation") != "disable",
                             text(p, "DefaultRouteTablePropagation") != "disable"};
    s_.stack.transit_gateways.add(t);
  } else if (type == "AWS::EC2::TransitGatewayAttachment" || type == "AWS::EC2::TransitGatewayVpcAttachment") {
    std::string tgw = owner(p.value("TransitGatewayId", Json()), "transit_gateway", propLoc(pn, "TransitGatewayId", at), what);
    TransitGateway* t = tgw.empty() ? nullptr : s_.stack.transit_gateways.find(tgw);
    if (!t) return;
    TgwAttachment a;
    a.name = name;
    a.loc = at;
    a.vpc = owner(p.value("VpcId", Json()), "vpc", propLoc(pn, "VpcId", at), what);
    a.subnets = owners(list(p, "SubnetIds"), "subnet", propLoc(pn, "SubnetIds", at), what);
    auto [assoc, prop] = s_.tgw_defaults[tgw];
    if (!t->route_tables.empty() && t->route_tables[0].name == "default") {
      if (assoc) a.route_table = "default";
      if (prop) t->route_tables[0].propagations.push_back(a.name);
    }
    t->attachments.push_back(a);
    s_.owners[placeholder(id, type)] = tgw + "#" + name;
  } else if (type == "AWS::EC2::TransitGatewayRouteTable") {
    std::string tgw = owner(p.value("TransitGatewayId", Json()), "transit_gateway", propLoc(pn, "TransitGatewayId", at), what);
    TransitGateway* t = tgw.empty() ? nullptr : s_.stack.transit_gateways.find(tgw);
    if (!t) return;
    TgwRouteTable rt;
    rt.name = name;
    rt.loc = at;
    t->route_tables.push_back(rt);
    s_.owners[placeholder(id, type)] = tgw + "#" + name;
  } else if (type.rfind("AWS::EC2::TransitGatewayRoute", 0) == 0) {
    // Association, propagation and static routes name a table (and an
    // attachment) by their IDs: "gateway#member" in the owners map.
    // `typePart`: what the CloudFormation type of such a member contains.
    auto member = [&](const char* key, const char* kind, const char* label,
                      const char* typePart) -> std::pair<TransitGateway*, std::string> {
      std::string o = owner(p.value(key, Json()), kind, propLoc(pn, key, at), what);
      auto hash = o.find('#');
      if (hash == std::string::npos) {
        // One of the right type that was left out has had its warning.
        auto src = s_.sources.find(o);
        bool leftOut = src != s_.sources.end() && src->second.type.find(typePart) != std::string::npos;
        if (!o.empty() && !leftOut)
          s_.diags.error(propLoc(pn, key, at), fmt::format("{}: {} names '{}', which is not a {}", what, key, o, label));
        return {nullptr, ""};
      }
      return {s_.stack.transit_gateways.find(o.substr(0, hash)), o.substr(hash + 1)};
    };
    // Plain variables, not a structured binding: the lambda below captures
    // them (clang 14 cannot capture bindings).
    std::pair<TransitGateway*, std::string> table = member("TransitGatewayRouteTableId", "transit_gateway_route_table",
                                                           "transit gateway route table", "TransitGatewayRouteTable");
    TransitGateway* t = table.first;
    std::string rtName = table.second;
    TgwRouteTable* rt = nullptr;
    if (t)
      for (auto& x : t->route_tables)
        if (x.name == rtName) rt = &x;
    if (!rt) return;
    // The attachment must belong to the table's gateway (EC2 refuses others).
    auto attachment = [&]() -> std::string {
      auto [t2, att] = member("TransitGatewayAttachmentId", "transit_gateway_attachment", "transit gateway attachment",
                                 "Attachment");
      if (t2 && t2 != t) {
        s_.diags.error(propLoc(pn, "TransitGatewayAttachmentId", at),
                       fmt::format("{}: attachment '{}' belongs to transit gateway '{}', the route table '{}' to '{}'",
                                   what, att, t2->name, rtName, t->name));
        return "";
      }
      return t2 ? att : "";
    };
    if (type == "AWS::EC2::TransitGatewayRoute") {
      TgwRoute r;
      r.loc = at;
      auto c = parseCidr(text(p, "DestinationCidrBlock"));
      if (!c) {
        s_.diags.error(propLoc(pn, "DestinationCidrBlock", at),
                       fmt::format("{}: DestinationCidrBlock '{}' is not an IPv4 CIDR", what, text(p, "DestinationCidrBlock")));
        return;
      }
      r.cidr = *c;
      if (!truthy(p, "Blackhole", false)) {
        r.attachment = attachment();
        if (r.attachment.empty()) return;
      }
      rt->routes.push_back(r);
      return;
    }
    std::string att = attachment();
    if (att.empty()) return;
    if (type == "AWS::EC2::TransitGatewayRouteTablePropagation") {
      rt->propagations.push_back(att);
      return;
    }
    // An attachment is associated with one table.
    for (auto& a : t->attachments)
      if (a.name == att) a.route_table = rtName;
  } else if (type == "AWS::EC2::CustomerGateway") {
    // On premises: the VPN connections that name it stand for it.
  } else {
    s_.diags.warning(at, fmt::format("{}: not modelled; skipped", what));
  }
}

// ---- security groups, network ACLs, prefix lists ----------------------------

void CfnStack::buildRules(const std::string& id, const std::string& type, const Json& p, const YAML::Node& pn,
                          const Location& at) {
  std::string name = modelName(id);
  std::string what = fmt::format("{} '{}'", type, name);
  // One SG rule in CloudFormation's shape (inline or a separate resource).
  auto sgRule = [&](const Json& r, const Location& rloc, bool egress, std::vector<SgRule>& out) {
    std::string why;
    auto t = awsTraffic(text(r, "IpProtocol"), integer(r, "FromPort"), integer(r, "ToPort"), &why);
    if (!t) {
      s_.diags.warning(rloc, fmt::format("{} rule: {}; left out", what, why));
      return;
    }
    SgRule sr;
    sr.loc = rloc;
    sr.traffic = *t;
    sr.description = text(r, "Description");
    const char* groupKey = egress ? "DestinationSecurityGroupId" : "SourceSecurityGroupId";
    const char* plKey = egress ? "DestinationPrefixListId" : "SourcePrefixListId";
    if (r.contains("CidrIp")) {
      auto c = parseCidr(text(r, "CidrIp"));
      if (!c) {
        s_.diags.error(rloc, fmt::format("{} rule CidrIp '{}' is not an IPv4 CIDR block", what, text(r, "CidrIp")));
        return;
      }
      sr.cidr = *c;
    } else if (r.contains(groupKey) || (!egress && r.contains("SourceSecurityGroupName"))) {
      sr.kind = PeerKind::SecurityGroup;
      sr.ref = owner(r.contains(groupKey) ? r[groupKey] : r["SourceSecurityGroupName"], "security_group", rloc, what);
      if (sr.ref.empty()) return;
    } else if (r.contains(plKey)) {
      sr.kind = PeerKind::PrefixList;
      sr.ref = owner(r[plKey], "prefix_list", rloc, what);
      if (sr.ref.empty()) return;
    } else if (r.contains("CidrIpv6")) {
      return;  // IPv6 is not modelled
    } else {
      s_.diags.error(rloc, fmt::format("{} rule names no peer (CidrIp, a security group or a prefix list)", what));
      return;
    }
    out.push_back(sr);
  };
  if (type == "AWS::EC2::SecurityGroup") {
    SecurityGroup g;
    g.name = name;
    g.loc = at;
    g.id = placeholder(id, type);
    g.description = text(p, "GroupDescription");
    // No VpcId: the group is created in the region's default VPC.
    g.vpc = p.contains("VpcId") ? owner(p["VpcId"], "vpc", propLoc(pn, "VpcId", at), what) : model::defaultVpc(s_.stack, at);
    if (g.vpc.empty()) return;
    YAML::Node inNodes = YamlReader::get(pn, "SecurityGroupIngress");
    YAML::Node outNodes = YamlReader::get(pn, "SecurityGroupEgress");
    size_t k = 0;
    for (const auto& r : list(p, "SecurityGroupIngress"))
      sgRule(r, inNodes.IsSequence() && k < inNodes.size() ? loc(inNodes[k++]) : at, false, g.ingress);
    k = 0;
    if (!list(p, "SecurityGroupEgress").empty()) {
      for (const auto& r : list(p, "SecurityGroupEgress"))
        sgRule(r, outNodes.IsSequence() && k < outNodes.size() ? loc(outNodes[k++]) : at, true, g.egress);
    } else {
      // No egress rule given (absent, an empty list, or every entry removed
      // by a condition): EC2 adds its allow-all egress rule at creation, and
      // AWS::EC2::SecurityGroupEgress resources added later do not remove it
      // (AWS::EC2::SecurityGroup).
      SgRule all;
      all.loc = at;
      all.cidr = Cidr{0, 0};
      all.description = "default egress";
      g.egress.push_back(all);
    }
    if (!s_.stack.security_groups.add(g)) s_.diags.error(at, fmt::format("security group '{}' is defined twice", name));
  } else if (type == "AWS::EC2::SecurityGroupIngress" || type == "AWS::EC2::SecurityGroupEgress") {
    bool egress = type == "AWS::EC2::SecurityGroupEgress";
    std::string group = owner(p.value("GroupId", Json(text(p, "GroupName"))), "security_group", propLoc(pn, "GroupId", at), what);
    if (group.rfind("#default-sg:", 0) == 0) group = s_.stack.vpcs.size() == 1 ? "default" : "default-" + group.substr(12);
    SecurityGroup* g = group.empty() ? nullptr : s_.stack.security_groups.find(group);
    if (!g) {
      if (!group.empty())
        s_.diags.warning(at, fmt::format("{} adds a rule to security group '{}', which is not modelled; left out", what, group));
      return;
    }
    sgRule(p, at, egress, egress ? g->egress : g->ingress);
  } else if (type == "AWS::EC2::NetworkAcl") {
    Nacl n;
    n.name = name;
    n.loc = at;
    n.id = placeholder(id, type);
    n.vpc = owner(p.value("VpcId", Json()), "vpc", propLoc(pn, "VpcId", at), what);
    if (!n.vpc.empty()) s_.stack.nacls.add(n);  // a new ACL denies everything until entries are added
  } else if (type == "AWS::EC2::NetworkAclEntry") {
    std::string acl = owner(p.value("NetworkAclId", Json()), "nacl", propLoc(pn, "NetworkAclId", at), what);
    Nacl* n = acl.empty() ? nullptr : s_.stack.nacls.find(acl);
    if (!n) return;
    if (!p.contains("CidrBlock")) return;  // IPv6 entries
    auto num = integer(p, "RuleNumber");
    if (!num || !isUserNaclRuleNumber(*num)) {
      s_.diags.error(propLoc(pn, "RuleNumber", at), fmt::format("{} RuleNumber must be 1-32766", what));
      return;
    }
    bool icmp = text(p, "Protocol") == "1";
    const Json& ports = obj(p, icmp ? "Icmp" : "PortRange");
    std::string why;
    auto t = awsTraffic(text(p, "Protocol"), integer(ports, icmp ? "Type" : "From"), integer(ports, icmp ? "Code" : "To"), &why);
    if (!t) {
      s_.diags.warning(at, fmt::format("{}: {}; left out", what, why));
      return;
    }
    auto c = parseCidr(text(p, "CidrBlock"));
    if (!c) {
      s_.diags.error(propLoc(pn, "CidrBlock", at), fmt::format("{} CidrBlock '{}' is not an IPv4 CIDR block", what, text(p, "CidrBlock")));
      return;
    }
    NaclEntry e;
    e.loc = at;
    e.number = *num;
    e.allow = text(p, "RuleAction") == "allow";
    e.traffic = *t;
    e.cidr = *c;
    bool egress = truthy(p, "Egress", false);
    for (const auto& x : egress ? n->egress : n->ingress)
      if (x.number == e.number) {
        s_.diags.error(at, fmt::format("{}: network ACL '{}' already has {} rule {} (at line {})", what, acl,
                                       egress ? "egress" : "ingress", e.number, x.loc.line));
        return;
      }
    (egress ? n->egress : n->ingress).push_back(e);
  } else if (type == "AWS::EC2::SubnetNetworkAclAssociation") {
    std::string acl = owner(p.value("NetworkAclId", Json()), "nacl", propLoc(pn, "NetworkAclId", at), what);
    std::string subnet = owner(p.value("SubnetId", Json()), "subnet", propLoc(pn, "SubnetId", at), what);
    if (Subnet* s = subnet.empty() ? nullptr : s_.stack.subnets.find(subnet)) s->nacl = acl;
  } else if (type == "AWS::EC2::PrefixList") {
    PrefixList pl;
    pl.name = name;
    pl.loc = at;
    pl.id = placeholder(id, type);
    for (const auto& e : list(p, "Entries"))
      if (auto c = parseCidr(text(e, "Cidr"))) pl.cidrs.push_back(*c);
      else s_.diags.error(propLoc(pn, "Entries", at), fmt::format("{} entry '{}' is not an IPv4 CIDR block", what, text(e, "Cidr")));
    s_.stack.prefix_lists.add(pl);
  }
}

}  // namespace awssim::load::cfn
