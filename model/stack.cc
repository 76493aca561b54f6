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
