// Terraform resource types mapped to the model, with the AWS provider's
// semantics (registry.terraform.io/providers/hashicorp/aws): a security
// group has only the egress it declares (the provider removes AWS's default
// allow-all rule), separate rule resources add rules, the default security
// group, network ACL and route table resources adopt the VPC's defaults and
// replace their rules.
#include <fmt/format.h>

#include <algorithm>

#include "model/aws_ranges.h"
#include "model/load/aws_rules.h"
#include "model/load/manifest_loaders.h"
#include "model/load/tf_internal.h"

namespace awssim::load::tf {

namespace {

using namespace model;

int phase(const std::string& type) {
  static const std::map<std::string, int> phases = {
      {"aws_vpc", 1}, {"aws_default_vpc", 1}, {"aws_ec2_managed_prefix_list", 1},
      {"aws_subnet", 2}, {"aws_default_subnet", 2}, {"aws_internet_gateway", 2}, {"aws_security_group", 2},
      {"aws_default_security_group", 2}, {"aws_network_acl", 3}, {"aws_default_network_acl", 3},
      {"aws_route_table", 2}, {"aws_default_route_table", 2}, {"aws_vpc_peering_connection", 2},
      {"aws_lb_target_group", 2}, {"aws_alb_target_group", 2}, {"aws_route53_zone", 2},
      {"aws_route53_record", 3}, {"aws_launch_template", 2}, {"aws_autoscaling_group", 3},
      {"aws_ec2_transit_gateway", 1}, {"aws_ecs_cluster", 3}, {"aws_service_discovery_private_dns_namespace", 2},
      {"aws_service_discovery_http_namespace", 2}, {"aws_ecs_task_definition", 2}, {"aws_ecs_capacity_provider", 4},
      {"aws_ecs_cluster_capacity_providers", 5}, {"aws_ecs_service", 5}, {"aws_ec2_transit_gateway_vpc_attachment", 3},
      {"aws_ec2_transit_gateway_route_table", 2}, {"aws_ec2_transit_gateway_route", 4},
      {"aws_ec2_transit_gateway_route_table_association", 4}, {"aws_ec2_transit_gateway_route_table_propagation", 4},
      {"aws_nat_gateway", 3}, {"aws_internet_gateway_attachment", 3}, {"aws_security_group_rule", 3},
      {"aws_vpc_security_group_ingress_rule", 3}, {"aws_vpc_security_group_egress_rule", 3},
      {"aws_network_acl_rule", 4}, {"aws_network_acl_association", 4}, {"aws_route_table_association", 3},
      {"aws_main_route_table_association", 3}, {"aws_vpc_endpoint", 3}, {"aws_instance", 3},
      {"aws_network_interface", 3}, {"aws_lb", 3}, {"aws_alb", 3}, {"aws_ec2_instance_connect_endpoint", 3},
      {"aws_route", 4}, {"aws_eip", 4}, {"aws_lb_listener", 4}, {"aws_alb_listener", 4},
      {"aws_lb_target_group_attachment", 4}, {"aws_alb_target_group_attachment", 4},
      {"aws_network_interface_sg_attachment", 4}, {"aws_network_interface_attachment", 4},
      {"aws_eip_association", 4}, {"aws_vpc_peering_connection_accepter", 4},
      {"aws_lb_listener_rule", 5}, {"aws_alb_listener_rule", 5}, {"aws_service_discovery_service", 3},
      {"aws_service_discovery_public_dns_namespace", 2}, {"aws_vpn_gateway", 2}, {"aws_vpn_gateway_attachment", 3},
      {"aws_vpn_connection", 3}, {"aws_vpn_connection_route", 4}, {"aws_vpn_gateway_route_propagation", 4}};
  auto it = phases.find(type);
  return it == phases.end() ? 0 : it->second;
}

}  // namespace

void Importer::buildOne(Resource& r) {
  if (r.type.rfind("aws_ecs_", 0) == 0 || r.type.rfind("aws_service_discovery_", 0) == 0)
    buildEcs(r);
  else if (r.type.find("security_group") != std::string::npos || r.type.find("network_acl") != std::string::npos)
    buildRules(r);
  else if (r.type == "aws_instance" || r.type.find("network_interface") != std::string::npos ||
           r.type == "aws_launch_template" || r.type == "aws_autoscaling_group" ||
           r.type.find("aws_lb") == 0 || r.type.find("aws_alb") == 0 || r.type.find("aws_eip") == 0 ||
           r.type == "aws_ec2_instance_connect_endpoint")
    buildCompute(r);
  else
    buildNetwork(r);
}

void Importer::build() {
  indexNetwork();
  std::map<std::string, std::pair<int, Location>> skipped;
  for (int p = 1; p <= 5; ++p) {
    // A default group keeps the name the validator gives a VPC's default
    // group (instances launched without groups get its rules); references
    // to its address mean that name, from the first phase that has VPCs.
    if (p == 2)
      for (const auto& r : resources_)
        if (r.mode == "managed" && r.type == "aws_default_security_group")
          if (std::string vpc = groupVpc(r); !vpc.empty())
            renamed_[r.address] = stack_.vpcs.size() == 1 ? "default" : "default-" + vpc;
    for (auto& r : resources_) {
      // Data sources stand for existing VPCs and subnets the plan has read
      // (unless the network loaded alongside holds them already).
      bool existing = r.mode == "data" && (r.type == "aws_vpc" || r.type == "aws_subnet");
      if (r.mode != "managed" && !existing) continue;
      if (existing) {
        std::string id = str(r.values, "id");
        bool held = false;
        for (const auto& x : stack_.vpcs) held = held || (!id.empty() && x.id == id);
        for (const auto& x : stack_.subnets) held = held || (!id.empty() && x.id == id);
        if (held || id.empty()) continue;
      }
      int ph = phase(r.type);
      if (ph == 0 && p == 1 && !existing) {
        auto& s = skipped[r.type];
        if (s.first++ == 0) s.second = r.loc;
      }
      if (ph != p) continue;
      // Values of an unexpected shape read as absent; anything left over is
      // a located error for the resource, not a crash.
      try {
        buildOne(r);
      } catch (const nlohmann::json::exception& e) {
        diags_.error(r.loc, fmt::format("{}: a value of an unexpected type ({})", r.address, e.what()));
      }
    }
  }
  for (const auto& [type, s] : skipped)
    diags_.warning(s.second, fmt::format("{} ({} resource{}) is not modelled; left out", type, s.first,
                                         s.first == 1 ? "" : "s"));
  // The default network ACL's rules hold for subnets associated with no other.
  for (const auto& n : stack_.nacls)
    if (n.is_default)
      for (auto& sn : stack_.subnets)
        if (sn.vpc == n.vpc && sn.nacl.empty()) sn.nacl = n.name;
}

// ---- VPCs, subnets, gateways, routing, endpoints ---------------------------

// A route's target, written the same way in aws_route and in a route
// table's inline route blocks (which gain transit_gateway_id by sharing
// it): the first target attribute that is set (in a plan an unset one is
// null, and a computed one may be unknown; the configuration says which is
// set) and names something the plan holds.
void Importer::routeTarget(const Resource& r, const Json& values, const Json& unknowns, const Json* exprs, Route& ro) {
  struct T {
    const char* attr;
    RouteTarget kind;
    const char* type;
  };
  static const T targets[] = {{"gateway_id", RouteTarget::InternetGateway, "aws_internet_gateway"},
                              {"gateway_id", RouteTarget::VpnGateway, "aws_vpn_gateway"},
                              {"nat_gateway_id", RouteTarget::NatGateway, "aws_nat_gateway"},
                              {"instance_id", RouteTarget::Instance, kInstance},
                              {"network_interface_id", RouteTarget::Eni, kEni},
                              {"vpc_peering_connection_id", RouteTarget::Peering, "aws_vpc_peering_connection"},
                              {"transit_gateway_id", RouteTarget::TransitGateway, "aws_ec2_transit_gateway"},
                              {"vpc_endpoint_id", RouteTarget::VpcEndpoint, "aws_vpc_endpoint"}};
  for (const T& t : targets) {
    // Unknown alone says "set" only where the plan records no configuration.
    bool set = !str(values, t.attr).empty() || (exprs && exprs->is_object() && exprs->contains(t.attr)) ||
               (!exprs && isTrue(unknowns, t.attr));
    if (!set) continue;
    auto names = resolve(r, values, unknowns, exprs, t.attr, t.type);
    if (names.empty()) continue;
    ro.target = t.kind;
    ro.via = names[0];
    return;
  }
}

void Importer::buildNetwork(Resource& r) {
  const Json& v = r.values;
  std::string id = str(v, "id");
  if (r.type == "aws_vpc" || r.type == "aws_default_vpc") {
    // Two modules adopting the same default VPC are one VPC.
    for (const auto& have : stack_.vpcs)
      if (!id.empty() && have.id == id) return;
    if (r.mode == "data")
      diags_.warning(r.loc, fmt::format("{} is an existing VPC the plan only reads ({}): its route tables, network "
                                        "ACLs and other resources are not in the plan (load it with --network)",
                                        r.address, id));
    Vpc x;
    x.name = r.address;
    x.loc = r.loc;
    x.id = id;
    x.is_default = r.type == "aws_default_vpc";
    std::string cidr = str(v, "cidr_block");
    if (cidr.empty() && x.is_default) cidr = "172.31.0.0/16";
    auto c = parseCidr(cidr);
    if (!c) {
      diags_.warning(r.loc, fmt::format("{}: cidr_block '{}' is not known or not an IPv4 CIDR (IPAM-assigned?); left "
                                        "out", r.address, cidr));
      return;
    }
    x.cidrs.push_back(*c);
    x.dns_support = flag(v, "enable_dns_support").value_or(true);
    x.dns_hostnames = flag(v, "enable_dns_hostnames").value_or(x.is_default);
    std::string name = x.name;
    bool isDefault = x.is_default;
    stack_.vpcs.add(std::move(x));
    // The default VPC comes with its internet gateway and a main route table
    // to it (Amazon VPC User Guide, "Default VPCs"); the resource adopts them.
    if (isDefault) addDefaultVpcGateway(stack_, name, r.loc);
  } else if (r.type == "aws_subnet" || r.type == "aws_default_subnet") {
    Subnet x;
    x.name = r.address;
    x.loc = r.loc;
    x.id = id;
    x.vpc = r.type == "aws_default_subnet" ? defaultVpc(stack_, r.loc) : ref(r, "vpc_id", kVpc);
    auto c = parseCidr(str(v, "cidr_block"));
    std::string az = str(v, "availability_zone");
    if (x.vpc.empty()) return;
    if (!c) {
      diags_.warning(r.loc, fmt::format("{}: cidr_block '{}' is not known or not an IPv4 CIDR; left out", r.address,
                                        str(v, "cidr_block")));
      return;
    }
    x.cidr = *c;
    auto zones = availabilityZones(stack_.region);
    if (az.empty() && !zones.empty()) {
      // AWS picks the zone; the VPC's unplaced subnets are spread over the
      // zones in turn, as a guess that invents no same-zone conflicts.
      int& n = unplaced_[x.vpc];
      az = zones[static_cast<size_t>(n++) % zones.size()];
      diags_.warning(r.loc, fmt::format("{}: availability_zone is known only after apply; taken as {}", r.address, az));
    }
    x.az = az;
    x.map_public_ip = flag(v, "map_public_ip_on_launch").value_or(r.type == "aws_default_subnet");
    stack_.subnets.add(std::move(x));
  } else if (r.type == "aws_internet_gateway" || r.type == "aws_vpn_gateway") {
    // Attached through vpc_id when it is set (or known only after apply),
    // else detached until an *_attachment resource names it.
    auto attachable = [&](auto& table) {
      typename std::remove_reference_t<decltype(table)>::value_type g;
      g.name = r.address;
      g.loc = r.loc;
      g.id = id;
      bool set = (v.contains("vpc_id") && !v["vpc_id"].is_null()) || isTrue(r.unknown, "vpc_id");
      g.vpc = set ? ref(r, "vpc_id", kVpc) : "";
      table.add(std::move(g));
    };
    if (r.type == "aws_internet_gateway") attachable(stack_.internet_gateways);
    else attachable(stack_.vpn_gateways);
  } else if (r.type == "aws_vpn_gateway_attachment") {
    std::string vgw = ref(r, "vpn_gateway_id", "aws_vpn_gateway");
    if (VpnGateway* g = vgw.empty() ? nullptr : stack_.vpn_gateways.find(vgw)) g->vpc = ref(r, "vpc_id", kVpc);
  } else if (r.type == "aws_vpn_connection") {
    if (str(v, "vpn_gateway_id").empty() && !(r.config && field(field(*r.config, "expressions"), "vpn_gateway_id").is_object())) {
      diags_.warning(r.loc, fmt::format("{} ends at a transit gateway; its VPN attachment is not modelled; left out", r.address));
      return;
    }
    VpnConnection c;
    c.name = r.address;
    c.loc = r.loc;
    c.id = id;
    c.vpn_gateway = ref(r, "vpn_gateway_id", "aws_vpn_gateway");
    if (c.vpn_gateway.empty()) return;
    // After apply the connection lists its static routes itself.
    for (const auto& ro : arr(v, "routes"))
      if (auto cidr = parseCidr(str(ro, "destination_cidr_block"))) c.on_premises.push_back(*cidr);
    stack_.vpn_connections.add(std::move(c));
  } else if (r.type == "aws_vpn_connection_route") {
    std::string conn = ref(r, "vpn_connection_id", "aws_vpn_connection");
    VpnConnection* c = conn.empty() ? nullptr : stack_.vpn_connections.find(conn);
    auto cidr = parseCidr(str(v, "destination_cidr_block"));
    if (c && cidr && std::find(c->on_premises.begin(), c->on_premises.end(), *cidr) == c->on_premises.end())
      c->on_premises.push_back(*cidr);
  } else if (r.type == "aws_vpn_gateway_route_propagation") {
    std::string rt = ref(r, "route_table_id", kRouteTable);
    std::string vgw = ref(r, "vpn_gateway_id", "aws_vpn_gateway");
    if (RouteTable* t = rt.empty() || vgw.empty() ? nullptr : stack_.route_tables.find(rt)) t->propagate.push_back(vgw);
  } else if (r.type == "aws_internet_gateway_attachment") {
    std::string igw = ref(r, "internet_gateway_id", "aws_internet_gateway");
    if (InternetGateway* g = igw.empty() ? nullptr : stack_.internet_gateways.find(igw)) g->vpc = ref(r, "vpc_id", kVpc);
  } else if (r.type == "aws_nat_gateway") {
    NatGateway n;
    n.name = r.address;
    n.loc = r.loc;
    n.id = id;
    n.subnet = ref(r, "subnet_id", kSubnet);
    n.public_connectivity = str(v, "connectivity_type") != "private";
    if (auto ip = parseIpv4(str(v, "public_ip"))) n.public_ip_address = ip;
    if (auto ip = parseIpv4(str(v, "private_ip"))) n.private_ip = ip;
    if (!n.subnet.empty()) stack_.nat_gateways.add(std::move(n));
  } else if (r.type == "aws_route_table" || r.type == "aws_default_route_table") {
    RouteTable t;
    t.name = r.address;
    t.loc = r.loc;
    t.id = id;
    if (r.type == "aws_default_route_table") {
      // Adopts the VPC's main route table (default_route_table_id names it
      // through the VPC) and replaces its routes.
      t.vpc = ref(r, "default_route_table_id", kVpc);
      if (t.vpc.empty()) t.vpc = ref(r, "vpc_id", kVpc);
      t.main = true;
    } else {
      t.vpc = ref(r, "vpc_id", kVpc);
    }
    if (t.vpc.empty()) return;
    const Json& routes = arr(v, "route");
    for (size_t k = 0; k < routes.size(); ++k) {
      const Json& rv = routes[k];
      Route ro;
      ro.loc = r.loc;
      auto c = parseCidr(str(rv, "cidr_block"));
      if (!c) continue;  // IPv6 and prefix-list routes are left to aws_route
      ro.cidr = *c;
      const Json* e = blockExprs(r, "route", k);
      const Json& ru = r.unknown.contains("route") && r.unknown["route"].is_array() && k < r.unknown["route"].size()
                           ? r.unknown["route"][k]
                           : Json::object();
      routeTarget(r, rv, ru, e, ro);
      if (!ro.via.empty()) t.routes.push_back(ro);
    }
    // Optional and computed: unknown in a plan whenever
    // aws_vpn_gateway_route_propagation resources exist, so only a value or
    // an expression of the configuration says it is set.
    const Json* ex = r.config ? &field(*r.config, "expressions") : nullptr;
    if (!arr(v, "propagating_vgws").empty() || (ex && ex->is_object() && ex->contains("propagating_vgws")))
      t.propagate = refs(r, "propagating_vgws", "aws_vpn_gateway");
    if (!stack_.route_tables.add(std::move(t)))
      diags_.error(r.loc, fmt::format("route table {} is defined twice", r.address));
  } else if (r.type == "aws_route") {
    std::string rt = ref(r, "route_table_id", kRouteTable);
    RouteTable* t = rt.empty() ? nullptr : stack_.route_tables.find(rt);
    if (!t) return;
    Route ro;
    ro.loc = r.loc;
    if (auto c = parseCidr(str(v, "destination_cidr_block"))) {
      ro.cidr = *c;
    } else if (!str(v, "destination_prefix_list_id").empty() || isTrue(r.unknown, "destination_prefix_list_id")) {
      auto pl = refs(r, "destination_prefix_list_id", kPrefixList);
      if (pl.empty()) return;
      ro.prefix_list = pl[0];
    } else {
      return;  // IPv6
    }
    routeTarget(r, v, r.unknown, r.config ? &field(*r.config, "expressions") : nullptr, ro);
    if (ro.via.empty()) {
      if (warned_.insert(r.address + "#target").second)
        diags_.warning(r.loc, fmt::format("{}: its target is not in the plan or is not modelled; left out", r.address));
      return;
    }
    t->routes.push_back(ro);
  } else if (r.type == "aws_route_table_association") {
    std::string rt = ref(r, "route_table_id", kRouteTable);
    std::string sn = ref(r, "subnet_id", kSubnet);
    if (Subnet* s = sn.empty() ? nullptr : stack_.subnets.find(sn); s && !rt.empty()) s->route_table = rt;
  } else if (r.type == "aws_main_route_table_association") {
    std::string rt = ref(r, "route_table_id", kRouteTable);
    std::string vpc = ref(r, "vpc_id", kVpc);
    for (auto& t : stack_.route_tables)
      if (t.vpc == vpc) t.main = t.name == rt;
  } else if (r.type == "aws_vpc_endpoint") {
    VpcEndpoint e;
    e.name = r.address;
    e.loc = r.loc;
    e.id = id;
    e.vpc = ref(r, "vpc_id", kVpc);
    e.service = endpointServiceShortName(str(v, "service_name"), stack_.region);
    e.type = str(v, "vpc_endpoint_type") == "Interface" ? EndpointType::Interface : EndpointType::Gateway;
    e.route_tables = refs(r, "route_table_ids", kRouteTable);
    e.subnets = refs(r, "subnet_ids", kSubnet);
    e.sgs = refs(r, "security_group_ids", kSg);
    e.private_dns = flag(v, "private_dns_enabled").value_or(false);
    if (e.vpc.empty()) return;
    if (!isKnownEndpointService(e.service)) {
      diags_.warning(r.loc, fmt::format("{}: service {} is not one awssim models; left out", r.address, str(v, "service_name")));
      return;
    }
    stack_.endpoints.add(std::move(e));
  } else if (r.type == "aws_vpc_peering_connection") {
    VpcPeering p;
    p.name = r.address;
    p.loc = r.loc;
    p.id = id;
    p.requester = ref(r, "vpc_id", kVpc);
    p.accepter = ref(r, "peer_vpc_id", kVpc);
    if (!p.requester.empty() && !p.accepter.empty()) stack_.peerings.add(std::move(p));
  } else if (r.type == "aws_route53_zone") {
    HostedZone z;
    z.name = str(v, "name");
    while (!z.name.empty() && z.name.back() == '.') z.name.pop_back();
    z.loc = r.loc;
    z.id = str(v, "zone_id");
    const Json& vpcs = arr(v, "vpc");
    for (size_t k = 0; k < vpcs.size(); ++k)
      for (const auto& n : resolve(r, vpcs[k], Json::object(), blockExprs(r, "vpc", k), "vpc_id", kVpc))
        z.vpcs.push_back(n);
    // A zone with VPC associations is private; a private zone whose VPCs
    // are all unknown here is left out rather than made public.
    z.is_private = !vpcs.empty();
    if (z.name.empty() || (z.is_private && z.vpcs.empty())) return;
    zones_[r.address] = z.name;
    if (!stack_.hosted_zones.add(std::move(z)))
      diags_.warning(r.loc, fmt::format("{}: a second hosted zone for {}; left out", r.address, str(v, "name")));
  } else if (r.type == "aws_route53_record") {
    auto zone = zones_.find(ref(r, "zone_id", "aws_route53_zone"));
    HostedZone* z = zone == zones_.end() ? nullptr : stack_.hosted_zones.find(zone->second);
    if (!z) return;
    DnsRecord d;
    d.loc = r.loc;
    d.name = str(v, "name");
    while (!d.name.empty() && d.name.back() == '.') d.name.pop_back();
    // Route 53 takes a name relative to the zone as well as a full one.
    if (d.name != z->name && (d.name.size() <= z->name.size() ||
                              d.name.compare(d.name.size() - z->name.size() - 1, std::string::npos, "." + z->name) != 0))
      d.name += "." + z->name;
    d.type = str(v, "type").empty() ? "A" : str(v, "type");
    d.ttl = num(v, "ttl").value_or(300);
    for (const auto& x : arr(v, "records"))
      if (x.is_string()) d.values.push_back(x.get<std::string>());
    if (!d.values.empty()) z->records.push_back(d);
  } else if (r.type == "aws_ec2_transit_gateway") {
    TransitGateway t;
    t.name = r.address;
    t.loc = r.loc;
    t.id = id;
    // The provider's defaults enable both; a default table exists unless
    // both are off.
    bool assoc = str(v, "default_route_table_association") != "disable";
    bool prop = str(v, "default_route_table_propagation") != "disable";
    if (assoc || prop) t.route_tables.push_back({"default", r.loc, {}, {}});
    tgw_defaults_[r.address] = {assoc, prop};
    stack_.transit_gateways.add(std::move(t));
  } else if (r.type == "aws_ec2_transit_gateway_route_table") {
    std::string tgw = ref(r, "transit_gateway_id", "aws_ec2_transit_gateway");
    TransitGateway* t = tgw.empty() ? nullptr : stack_.transit_gateways.find(tgw);
    if (!t) return;
    t->route_tables.push_back({r.address, r.loc, {}, {}});
    tgw_member_[r.address] = tgw;
  } else if (r.type == "aws_ec2_transit_gateway_vpc_attachment") {
    std::string tgw = ref(r, "transit_gateway_id", "aws_ec2_transit_gateway");
    TransitGateway* t = tgw.empty() ? nullptr : stack_.transit_gateways.find(tgw);
    if (!t) return;
    TgwAttachment a;
    a.name = r.address;
    a.loc = r.loc;
    a.vpc = ref(r, "vpc_id", kVpc);
    a.subnets = refs(r, "subnet_ids", kSubnet);
    auto [assoc, prop] = tgw_defaults_[tgw];
    bool hasDefault = !t->route_tables.empty() && t->route_tables[0].name == "default";
    if (hasDefault && assoc && flag(v, "transit_gateway_default_route_table_association").value_or(true))
      a.route_table = "default";
    if (hasDefault && prop && flag(v, "transit_gateway_default_route_table_propagation").value_or(true))
      t->route_tables[0].propagations.push_back(a.name);
    t->attachments.push_back(a);
    tgw_member_[r.address] = tgw;
  } else if (r.type.rfind("aws_ec2_transit_gateway_route", 0) == 0) {
    // The gateway's association_default_route_table_id names its default table.
    std::string rt = ref(r, "transit_gateway_route_table_id",
                         "aws_ec2_transit_gateway_route_table|aws_ec2_transit_gateway");
    std::string att = ref(r, "transit_gateway_attachment_id", "aws_ec2_transit_gateway_vpc_attachment");
    TransitGateway* t = stack_.transit_gateways.find(rt);
    if (t) rt = "default";
    else t = stack_.transit_gateways.find(tgw_member_[rt]);
    TgwRouteTable* table = nullptr;
    if (t)
      for (auto& x : t->route_tables)
        if (x.name == rt) table = &x;
    if (!table) return;
    if (!att.empty() && tgw_member_[att] != t->name) {
      diags_.error(r.loc, fmt::format("{}: attachment {} belongs to another transit gateway than route table {}",
                                      r.address, att, rt));
      return;
    }
    if (r.type == "aws_ec2_transit_gateway_route") {
      auto c = parseCidr(str(v, "destination_cidr_block"));
      if (!c) return;
      bool hole = flag(v, "blackhole").value_or(false);
      if (!hole && att.empty()) return;
      table->routes.push_back({r.loc, *c, hole ? "" : att});
    } else if (att.empty()) {
      return;
    } else if (r.type == "aws_ec2_transit_gateway_route_table_propagation") {
      table->propagations.push_back(att);
    } else {
      for (auto& a : t->attachments)
        if (a.name == att) a.route_table = rt;
    }
  } else if (r.type == "aws_vpc_peering_connection_accepter") {
    // Accepts the requester's connection, which the model already holds as
    // active (aws_vpc_peering_connection); nothing to add.
  } else if (r.type == "aws_ec2_managed_prefix_list") {
    PrefixList pl;
    pl.name = r.address;
    pl.loc = r.loc;
    pl.id = id;
    for (const auto& e : arr(v, "entry"))
      if (auto c = parseCidr(str(e, "cidr"))) pl.cidrs.push_back(*c);
    stack_.prefix_lists.add(std::move(pl));
  }
}

// ---- security groups and network ACLs --------------------------------------

void Importer::addSgRules(const Resource& r, const std::string& group, const Json& blocks, bool egress, const Json* exprs) {
  SecurityGroup* g = stack_.security_groups.find(group);
  if (!g || !blocks.is_array()) return;
  for (size_t k = 0; k < blocks.size(); ++k) {
    const Json& b = blocks[k];
    const Json* e = exprs && exprs->is_array() && k < exprs->size() ? &(*exprs)[k] : nullptr;
    std::string why;
    std::string proto = str(b, "protocol").empty() ? str(b, "ip_protocol") : str(b, "protocol");
    auto t = awsTraffic(proto == "all" ? "-1" : proto, num(b, "from_port"), num(b, "to_port"), &why);
    if (!t) {
      diags_.warning(r.loc, fmt::format("{}: {}; left out", r.address, why));
      continue;
    }
    // AWS holds no duplicate permissions: a rule resource whose rule a
    // state already lists in the group's own blocks is that rule.
    auto rule = [&](SgRule x) {
      x.loc = r.loc;
      x.traffic = *t;
      x.description = str(b, "description");
      auto& list = egress ? g->egress : g->ingress;
      for (const auto& y : list)
        if (y.traffic.protocol == x.traffic.protocol && y.traffic.ports == x.traffic.ports &&
            y.traffic.icmp_codes == x.traffic.icmp_codes && y.kind == x.kind && y.cidr == x.cidr && y.ref == x.ref)
          return;
      list.push_back(x);
    };
    for (const auto& c : arr(b, "cidr_blocks"))
      if (c.is_string())
        if (auto cidr = parseCidr(c.get<std::string>())) rule({{}, {}, PeerKind::Cidr, *cidr, "", ""});
    if (auto cidr = parseCidr(str(b, "cidr_ipv4"))) rule({{}, {}, PeerKind::Cidr, *cidr, "", ""});
    for (const char* key : {"security_groups", "source_security_group_id", "referenced_security_group_id"})
      for (const auto& n : resolve(r, b, Json::object(), e, key, kSg))
        rule({{}, {}, PeerKind::SecurityGroup, {}, n, ""});
    for (const char* key : {"prefix_list_ids", "prefix_list_id"})
      for (const auto& n : resolve(r, b, Json::object(), e, key, kPrefixList))
        rule({{}, {}, PeerKind::PrefixList, {}, n, ""});
    if (flag(b, "self").value_or(false)) rule({{}, {}, PeerKind::SecurityGroup, {}, group, ""});
  }
}

std::string Importer::groupVpc(const Resource& r) {
  bool hasVpc = (r.values.contains("vpc_id") && !r.values["vpc_id"].is_null()) || isTrue(r.unknown, "vpc_id") ||
                (r.config && field(*r.config, "expressions").contains("vpc_id"));
  return hasVpc ? ref(r, "vpc_id", kVpc) : defaultVpc(stack_, r.loc);
}

void Importer::buildRules(Resource& r) {
  const Json& v = r.values;
  if (r.type == "aws_security_group" || r.type == "aws_default_security_group") {
    SecurityGroup g;
    g.loc = r.loc;
    g.id = str(v, "id");
    g.description = str(v, "description");
    g.vpc = groupVpc(r);
    if (g.vpc.empty()) return;
    g.name = r.type == "aws_default_security_group" ? renamed_[r.address] : r.address;
    if (!stack_.security_groups.add(g)) {
      diags_.error(r.loc, fmt::format("security group {} is defined twice", g.name));
      return;
    }
    // Only the rules written here: the provider removes AWS's allow-all
    // egress, and in a plan an absent block reads null.
    const Json* ex = r.config && r.config->contains("expressions") ? &(*r.config)["expressions"] : nullptr;
    addSgRules(r, g.name, arr(v, "ingress"), false, ex && ex->contains("ingress") ? &(*ex)["ingress"] : nullptr);
    addSgRules(r, g.name, arr(v, "egress"), true, ex && ex->contains("egress") ? &(*ex)["egress"] : nullptr);
  } else if (r.type == "aws_security_group_rule" || r.type == "aws_vpc_security_group_ingress_rule" ||
             r.type == "aws_vpc_security_group_egress_rule") {
    std::string group = ref(r, "security_group_id", kSg);
    if (group.empty()) return;
    bool egress = r.type == "aws_vpc_security_group_egress_rule" || str(v, "type") == "egress";
    if (r.type == "aws_security_group_rule" && str(v, "type").empty()) {
      diags_.warning(r.loc, fmt::format("{} has no type (ingress or egress); left out", r.address));
      return;
    }
    const Json* ex = r.config && r.config->contains("expressions") ? &(*r.config)["expressions"] : nullptr;
    Json exprs = ex ? Json::array({*ex}) : Json::array();
    addSgRules(r, group, Json::array({v}), egress, &exprs);
  } else if (r.type == "aws_network_acl" || r.type == "aws_default_network_acl") {
    Nacl n;
    n.name = r.address;
    n.loc = r.loc;
    n.id = str(v, "id");
    n.is_default = r.type == "aws_default_network_acl";
    n.vpc = n.is_default ? ref(r, "default_network_acl_id", kVpc) : ref(r, "vpc_id", kVpc);
    if (n.vpc.empty()) return;
    for (bool egress : {false, true})
      for (const auto& e : arr(v, egress ? "egress" : "ingress")) {
        bool icmp = str(e, "protocol") == "1" || str(e, "protocol") == "icmp";
        std::string why;
        auto t = awsTraffic(str(e, "protocol"), icmp ? num(e, "icmp_type") : num(e, "from_port"),
                            icmp ? num(e, "icmp_code") : num(e, "to_port"), &why);
        auto c = parseCidr(str(e, "cidr_block"));
        auto no = num(e, "rule_no");
        if (!t || !c || !no || !isUserNaclRuleNumber(*no)) continue;
        NaclEntry x;
        x.loc = r.loc;
        x.number = *no;
        x.allow = str(e, "action") == "allow";
        x.traffic = *t;
        x.cidr = *c;
        (egress ? n.egress : n.ingress).push_back(x);
      }
    std::string name = n.name;
    for (const auto& sn : refs(r, "subnet_ids", kSubnet))
      if (Subnet* s = stack_.subnets.find(sn)) s->nacl = name;
    stack_.nacls.add(std::move(n));
  } else if (r.type == "aws_network_acl_rule") {
    std::string acl = ref(r, "network_acl_id", kNacl);
    Nacl* n = acl.empty() ? nullptr : stack_.nacls.find(acl);
    if (!n) return;
    bool icmp = str(v, "protocol") == "1" || str(v, "protocol") == "icmp";
    std::string why;
    auto t = awsTraffic(str(v, "protocol"), icmp ? num(v, "icmp_type") : num(v, "from_port"),
                        icmp ? num(v, "icmp_code") : num(v, "to_port"), &why);
    auto c = parseCidr(str(v, "cidr_block"));
    auto no = num(v, "rule_number");
    if (!t || !c || !no || !isUserNaclRuleNumber(*no)) {
      diags_.warning(r.loc, fmt::format("{}: {}; left out", r.address,
                                        !t ? why : !c ? "no IPv4 cidr_block" : "rule_number must be 1-32766"));
      return;
    }
    NaclEntry x;
    x.loc = r.loc;
    x.number = *no;
    x.allow = str(v, "rule_action") == "allow";
    x.traffic = *t;
    x.cidr = *c;
    (flag(v, "egress").value_or(false) ? n->egress : n->ingress).push_back(x);
  } else if (r.type == "aws_network_acl_association") {
    std::string acl = ref(r, "network_acl_id", kNacl);
    std::string sn = ref(r, "subnet_id", kSubnet);
    if (Subnet* s = sn.empty() ? nullptr : stack_.subnets.find(sn); s && !acl.empty()) s->nacl = acl;
  }
}

}  // namespace awssim::load::tf
