#include "model/stack.h"

#include <fmt/format.h>

namespace awssim::model {

std::string routeTargetName(RouteTarget t) {
  switch (t) {
    case RouteTarget::Local: return "local";
    case RouteTarget::InternetGateway: return "internet gateway";
    case RouteTarget::NatGateway: return "nat gateway";
    case RouteTarget::VpcEndpoint: return "gateway endpoint";
    case RouteTarget::Peering: return "peering";
    case RouteTarget::TransitGateway: return "transit gateway";
    case RouteTarget::VpnGateway: return "VPN gateway";
    case RouteTarget::Instance: return "instance";
    case RouteTarget::Eni: return "eni";
    case RouteTarget::Blackhole: return "blackhole";
  }
  return "local";
}

std::string Route::describe() const {
  std::string dest = cidr ? cidr->str() : "pl:" + prefix_list;
  if (target == RouteTarget::Local || target == RouteTarget::Blackhole)
    return fmt::format("{} -> {}", dest, routeTargetName(target));
  return fmt::format("{} -> {} ({})", dest, via, routeTargetName(target));
}

std::string Traffic::str() const {
  if (protocol == proto::kAll) return "all traffic";
  if (hasPorts(protocol)) return fmt::format("{} {}", protocolName(protocol), ports.str());
  if (protocol == proto::kIcmp) {
    if (ports.isAll()) return "icmp all";
    return fmt::format("icmp type {}", ports.str());
  }
  return fmt::format("protocol {}", protocolName(protocol));
}

std::string SgRule::describe(bool egress) const {
  std::string peer;
  switch (kind) {
    case PeerKind::Cidr: peer = cidr.str(); break;
    case PeerKind::SecurityGroup: peer = "sg:" + ref; break;
    case PeerKind::PrefixList: peer = "pl:" + ref; break;
  }
  return fmt::format("{} {} {}", traffic.str(), egress ? "to" : "from", peer);
}

std::string freeTierName(FreeTierPlan p) {
  switch (p) {
    case FreeTierPlan::None: return "none";
    case FreeTierPlan::Legacy: return "legacy";
    case FreeTierPlan::Credits: return "credits";
  }
  return "none";
}

namespace {

template <typename T>
void mergeTable(Table<T>& into, Table<T>& from, const char* kind, Diagnostics& diags) {
  for (auto& x : from) {
    if (const T* have = into.find(x.name)) {
      if constexpr (requires { x.id; })
        if (!have->id.empty() && have->id == x.id) continue;
      diags.error(x.loc, fmt::format("{} '{}' is also defined at {}; names must be unique across the inputs loaded "
                                     "together", kind, x.name, have->loc.str()));
      continue;
    }
    into.add(std::move(x));
  }
}

}  // namespace

void mergeStack(Stack& into, Stack&& from, Diagnostics& diags) {
  mergeTable(into.vpcs, from.vpcs, "vpc", diags);
  mergeTable(into.subnets, from.subnets, "subnet", diags);
  mergeTable(into.route_tables, from.route_tables, "route table", diags);
  mergeTable(into.nacls, from.nacls, "network ACL", diags);
  mergeTable(into.security_groups, from.security_groups, "security group", diags);
  mergeTable(into.prefix_lists, from.prefix_lists, "prefix list", diags);
  mergeTable(into.instances, from.instances, "instance", diags);
  mergeTable(into.launch_templates, from.launch_templates, "launch template", diags);
  mergeTable(into.auto_scaling_groups, from.auto_scaling_groups, "auto scaling group", diags);
  mergeTable(into.enis, from.enis, "network interface", diags);
  mergeTable(into.internet_gateways, from.internet_gateways, "internet gateway", diags);
  mergeTable(into.nat_gateways, from.nat_gateways, "NAT gateway", diags);
  mergeTable(into.endpoints, from.endpoints, "endpoint", diags);
  mergeTable(into.instance_connect_endpoints, from.instance_connect_endpoints, "instance connect endpoint", diags);
  mergeTable(into.load_balancers, from.load_balancers, "load balancer", diags);
  mergeTable(into.target_groups, from.target_groups, "target group", diags);
  mergeTable(into.hosted_zones, from.hosted_zones, "hosted zone", diags);
  mergeTable(into.namespaces, from.namespaces, "namespace", diags);
  mergeTable(into.volumes, from.volumes, "volume", diags);
  mergeTable(into.ecs_clusters, from.ecs_clusters, "ECS cluster", diags);
  mergeTable(into.ecs_services, from.ecs_services, "ECS service", diags);
  mergeTable(into.peerings, from.peerings, "peering", diags);
  mergeTable(into.transit_gateways, from.transit_gateways, "transit gateway", diags);
  mergeTable(into.vpn_gateways, from.vpn_gateways, "VPN gateway", diags);
  mergeTable(into.vpn_connections, from.vpn_connections, "VPN connection", diags);
  for (auto& x : from.ref_sites) into.ref_sites.push_back(std::move(x));
}

const RouteTable* Stack::mainRouteTable(const std::string& vpc) const {
  for (const auto& rt : route_tables)
    if (rt.vpc == vpc && rt.main) return &rt;
  return nullptr;
}

const RouteTable* Stack::routeTableOf(const Subnet& s) const {
  if (!s.route_table.empty()) return route_tables.find(s.route_table);
  return mainRouteTable(s.vpc);
}

}  // namespace awssim::model
