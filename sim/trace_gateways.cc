// The gateways a route can lead to: internet and NAT gateways, gateway
// endpoints, peering connections, transit gateways and appliances.
#include <fmt/format.h>

#include "sim/aws_services.h"
#include "sim/tracer.h"

namespace awssim::sim {

using namespace model;

// Replies from outside the VPC come back through the destination subnet's
// route table, which must send them to the same gateway (AWS-FACTS 1.5).
// The destination a fixing return route names: the internet, the
// on-premises prefix of a VPN connection holding the client, or the client.
std::string Tracer::replyPrefix(RouteTarget kind, const std::string& via) const {
  if (kind == RouteTarget::InternetGateway) return "0.0.0.0/0";
  if (kind == RouteTarget::VpnGateway)
    for (const auto& c : net_.stack().vpn_connections)
      if (c.vpn_gateway == via)
        for (const auto& p : c.on_premises)
          if (p.contains(cur_src_)) return p.str();
  return formatIpv4(cur_src_) + "/32";
}

void Tracer::checkReturnRoute(int subnet, RouteTarget kind, const std::string& via) {
  auto m = lookupRoute(net_, subnet, cur_src_);
  bool ok = m && !m->local && m->route && m->route->target == kind && m->route->via == via;
  std::string rt = routeTableName(subnet);
  rhop(rt, "route-table", ok ? "routed" : "no route",
       ok ? m->describe() : fmt::format("no route sends replies to {} back through {}", formatIpv4(cur_src_), via));
  if (!ok) {
    // A table that already sends the internet elsewhere (a NAT gateway, an
    // appliance) belongs to a private subnet: a 0.0.0.0/0 route to the
    // internet gateway would take that away and make the subnet public.
    bool defaultElsewhere = kind == RouteTarget::InternetGateway && m && !m->local && m->route && m->route->cidr &&
                            m->route->cidr->len == 0 && m->route->target != RouteTarget::InternetGateway;
    std::string fix =
        defaultElsewhere
            ? fmt::format("subnet {} is private (route table '{}' sends the internet to {}): put a load balancer in a "
                          "public subnet in front of it, or move it to a subnet whose table routes 0.0.0.0/0 to {}",
                          net_.subnets()[subnet].subnet->name, rt, m->route->via, via)
            : fmt::format("add a route to {} via {} in route table '{}'", replyPrefix(kind, via), via, rt);
    block(Disposition::NoRoute, "NO_ROUTE_TO_DESTINATION", "route table " + rt, true,
          fmt::format("route table {} (subnet {}) has no route to {} through {}, so replies cannot return",
                      rt, net_.subnets()[subnet].subnet->name, formatIpv4(cur_src_), via),
          fix, routeTableLoc(subnet));
  }
}

void Tracer::viaInternetGateway(int subnet, const RouteMatch& m) {
  const InternetGateway* igw = net_.stack().internet_gateways.find(m.route->via);
  int vpc = net_.subnets()[subnet].vpc;
  if (!igw || igw->vpc != net_.vpc(vpc).name) {
    hop(m.route->via, "internet-gateway", "dropped", "not attached to the VPC");
    block(Disposition::NullRouted, "BAD_STATE_ROUTE", "route table " + routeTableName(subnet), false,
          fmt::format("internet gateway {} is not attached to vpc {}; the route is a blackhole", m.route->via, net_.vpc(vpc).name),
          fmt::format("attach internet gateway '{}' to vpc '{}'", m.route->via, net_.vpc(vpc).name), m.route->loc);
    done_ = true;
    return;
  }
  checkNacl(subnet, true, false, flow_.dst_ip, formatIpv4(flow_.dst_ip));
  const NetEni* src = src_eni_ >= 0 ? &net_.enis()[src_eni_] : nullptr;
  if (!src || !src->public_ip) {
    std::string who = src ? src->name : formatIpv4(cur_src_);
    hop(igw->name, "internet-gateway", "dropped", fmt::format("{} has no public IPv4 address", who));
    block(Disposition::DeniedIn, "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS", "internet gateway " + igw->name, false,
          fmt::format("{} has no public IPv4 address or Elastic IP, so the internet gateway drops its traffic", who),
          fmt::format("give {} a public IPv4 address or an Elastic IP, or route subnet {}'s internet traffic through a NAT gateway",
                      who, net_.subnets()[subnet].subnet->name));
  } else {
    hop(igw->name, "internet-gateway", "translated", fmt::format("{} -> {}", formatIpv4(src->ip), formatIpv4(*src->public_ip)));
  }
  checkNacl(subnet, false, true, flow_.dst_ip, formatIpv4(flow_.dst_ip));
  if (unroutableOnInternet(net_, flow_.dst_ip)) {
    // A private address (another VPC's, say) is not on the internet: the
    // packet leaves through the gateway and nothing routes it further.
    hop("internet", "internet", "dropped", fmt::format("{} is a private address; the internet cannot route to it", formatIpv4(flow_.dst_ip)));
    block(Disposition::NullRouted, "NO_ROUTE_TO_DESTINATION", "internet gateway " + igw->name, false,
          fmt::format("route table {} sends {} to internet gateway {}, but it is a private address the internet does not "
                      "route", routeTableName(subnet), formatIpv4(flow_.dst_ip), igw->name),
          fmt::format("route {} through a peering connection or transit gateway in route table '{}'",
                      formatIpv4(flow_.dst_ip), routeTableName(subnet)),
          m.route->loc);
    done_ = true;
    return;
  }
  std::string svc = serviceOwning(net_.stack(), flow_.dst_ip);
  if (!svc.empty()) finishService(svc, "internet gateway " + igw->name);
  else if (int other = net_.eniByPublicIp(flow_.dst_ip); other >= 0)
    // No hairpin: traffic to another interface's public address leaves AWS's
    // network model here, as Batfish models it.
    finishExit(fmt::format("{} is the public address of {}; traffic to public addresses leaves the VPC", formatIpv4(flow_.dst_ip), net_.enis()[other].name));
  else finishExit(fmt::format("{} through internet gateway {}", formatIpv4(flow_.dst_ip), igw->name));
}

void Tracer::viaNatGateway(int subnet, const RouteMatch& m, int depth) {
  const NatGateway* nat = net_.stack().nat_gateways.find(m.route->via);
  int natEni = nat ? net_.eniByName(nat->name) : -1;
  if (natEni < 0) {
    block(Disposition::NullRouted, "BAD_STATE_ROUTE", "route table " + routeTableName(subnet), false,
          fmt::format("NAT gateway {} does not exist", m.route->via), "", m.route->loc);
    done_ = true;
    return;
  }
  const NetEni& n = net_.enis()[natEni];
  int ns = n.subnet;
  std::string dstDesc = formatIpv4(flow_.dst_ip);
  if (ns != subnet) {
    checkNacl(subnet, true, false, flow_.dst_ip, dstDesc);
    checkNacl(ns, false, false, cur_src_, srcDesc());
  }
  if (flow_.protocol != proto::kTcp && flow_.protocol != proto::kUdp && flow_.protocol != proto::kIcmp) {
    hop(nat->name, "nat-gateway", "dropped", fmt::format("protocol {} is not translated", protocolName(flow_.protocol)));
    block(Disposition::DeniedIn, "PROTOCOL_RESTRICTION", "nat gateway " + nat->name, false,
          "a NAT gateway translates only TCP, UDP and ICMP", "");
    done_ = true;
    return;
  }
  auto m2 = lookupRoute(net_, ns, flow_.dst_ip);
  bool toIgw = m2 && !m2->local && m2->route && m2->route->target == RouteTarget::InternetGateway;
  // The replies come back to the NAT on ports 1024-65535 and are then
  // translated back to the client's own port.
  PortRange clientPorts = client_ports_;
  if (toIgw && nat->public_connectivity) {
    hop(nat->name, "nat-gateway", "translated",
        fmt::format("{} -> {} (source ports 1024-65535)", formatIpv4(cur_src_), formatIpv4(*n.public_ip)));
    if (ns != subnet) {  // kept from the source's end: the client's subnet first
      checkNacl(subnet, false, true, flow_.dst_ip, dstDesc);
      checkNacl(ns, true, true, cur_src_, srcDesc());
    }
    src_eni_ = natEni;
    cur_src_ = n.ip;
    client_ports_ = kAwsEphemeral;
    hop(routeTableName(ns), "route-table", "routed", m2->describe(), m2->route ? m2->route->loc : Location{});
    viaInternetGateway(ns, *m2);
    client_ports_ = clientPorts;
    return;
  }
  if (toIgw) {
    hop(nat->name, "nat-gateway", "dropped", "a private NAT gateway cannot send traffic to an internet gateway");
    block(Disposition::NullRouted, "BAD_STATE_ROUTE", "nat gateway " + nat->name, false,
          fmt::format("NAT gateway {} has private connectivity; traffic it sends to the internet gateway is dropped", nat->name),
          fmt::format("use a public NAT gateway (with an Elastic IP) in place of '{}'", nat->name), nat->loc);
    done_ = true;
    return;
  }
  // A NAT gateway's own subnet must send the internet to an internet
  // gateway; a route back to a NAT (often the private table reused) is no
  // way out.
  bool backToNat = m2 && !m2->local && m2->route && m2->route->target == RouteTarget::NatGateway;
  if (!m2 || backToNat) {
    hop(routeTableName(ns), "route-table", "no route",
        backToNat ? fmt::format("{} sends {} back to NAT gateway {}", routeTableName(ns), dstDesc, m2->route->via)
                  : fmt::format("no route matches {}", dstDesc));
    block(Disposition::NoRoute, "NO_ROUTE_TO_DESTINATION", "route table " + routeTableName(ns), false,
          fmt::format("the NAT gateway's subnet {} has no route for {}", net_.subnets()[ns].subnet->name, dstDesc),
          fmt::format("route 0.0.0.0/0 to an internet gateway in route table '{}' (the NAT gateway's subnet must be public)",
                      routeTableName(ns)),
          routeTableLoc(ns));
    done_ = true;
    return;
  }
  // A private NAT gateway (or a route onwards inside the network): the flow
  // continues from the NAT's subnet with the NAT's private address.
  hop(nat->name, "nat-gateway", "translated", fmt::format("{} -> {}", formatIpv4(cur_src_), formatIpv4(n.ip)));
  src_eni_ = natEni;
  cur_src_ = n.ip;
  client_ports_ = kAwsEphemeral;
  routeFrom(ns, depth + 1);
}

void Tracer::viaGatewayEndpoint(int subnet, const RouteMatch& m) {
  const VpcEndpoint* ep = net_.stack().endpoints.find(m.route->via);
  checkNacl(subnet, true, false, flow_.dst_ip, formatIpv4(flow_.dst_ip));
  hop(ep->name, "vpc-endpoint", "routed", fmt::format("gateway endpoint for {}", ep->service));
  // Gateway endpoints carry TCP only.
  if (flow_.protocol != proto::kTcp) {
    block(Disposition::DeniedIn, "VPCE_GATEWAY_PROTOCOL_RESTRICTION", "vpc endpoint " + ep->name, false,
          fmt::format("gateway endpoint {} carries only TCP, not {}", ep->name, protocolName(flow_.protocol)), "");
  }
  if (!ep->policy_allows_all) {
    block(Disposition::DeniedIn, "VPCE_POLICY_RESTRICTION", "vpc endpoint " + ep->name, false,
          fmt::format("the policy of endpoint {} denies the request", ep->name),
          fmt::format("allow the request in the policy of endpoint '{}'", ep->name), ep->loc);
  }
  checkNacl(subnet, false, true, flow_.dst_ip, formatIpv4(flow_.dst_ip));
  finishService(ep->service, "gateway endpoint " + ep->name);
}

void Tracer::viaPeering(int subnet, const RouteMatch& m, int depth) {
  (void)depth;
  const VpcPeering* p = net_.stack().peerings.find(m.route->via);
  int vpc = net_.subnets()[subnet].vpc;
  const std::string& me = net_.vpc(vpc).name;
  std::string other = p->requester == me ? p->accepter : p->requester;
  int peerVpc = net_.vpcIndex(other);
  if (!p->active || peerVpc < 0 || (p->requester != me && p->accepter != me)) {
    hop(p->name, "peering", "dropped", "the peering connection is not active for this VPC");
    block(Disposition::NullRouted, "BAD_STATE_ROUTE", "route table " + routeTableName(subnet), false,
          fmt::format("peering {} is not an active connection of vpc {}", p->name, me), "", m.route->loc);
    done_ = true;
    return;
  }
  checkNacl(subnet, true, false, flow_.dst_ip, formatIpv4(flow_.dst_ip));
  hop(p->name, "peering", "routed", fmt::format("{} -> {}", me, other), p->loc);
  if (!net_.inVpc(peerVpc, flow_.dst_ip)) {
    block(Disposition::NullRouted, "PCX_REQUIRES_ADDRESS_IN_VPC_CIDR", "peering " + p->name, false,
          fmt::format("{} is not in vpc {}; a peering only carries traffic to the peer's CIDRs", formatIpv4(flow_.dst_ip), other), "");
    done_ = true;
    return;
  }
  return_kind_ = RouteTarget::Peering;
  return_via_ = p->name;
  size_t mark = t_.ret.size();
  deliverInVpc(peerVpc, -1);
  size_t far = t_.ret.size();
  checkNacl(subnet, false, true, flow_.dst_ip, formatIpv4(flow_.dst_ip));
  nearEndFirst(mark, far);
}

// The attachment's subnet in `az`, or -1: a VPC attachment has at most one
// subnet per Availability Zone, and serves only the zones it has one in.
int Tracer::attachmentSubnetIn(const TgwAttachment& att, const std::string& az) const {
  for (const auto& name : att.subnets) {
    int i = net_.subnetIndex(name);
    if (i >= 0 && net_.subnets()[i].subnet->az == az) return i;
  }
  return -1;
}

// A transit gateway (AWS Transit Gateway guide, "Amazon VPC attachments" and
// "Network ACLs for transit gateways"):
// - resources in a zone where their VPC's attachment has no subnet cannot
//   reach it: dropped at the source subnet, both ways;
// - into the gateway, the sender's subnet's NACL judges the packet out and
//   the attachment subnet's NACL judges it in, even when they are one subnet;
// - out of the gateway, the attachment subnet's NACL judges it out and the
//   receiver's subnet's NACL in, unless they are one subnet (then neither).
// The gateway keeps traffic in its zone where it can: into the destination
// VPC through the attachment subnet in the destination's zone (which the
// replies need anyway), else the source's zone, else the first listed.
void Tracer::viaTransitGateway(int subnet, const RouteMatch& m, int depth) {
  (void)depth;
  const TransitGateway* tgw = net_.stack().transit_gateways.find(m.route->via);
  const std::string& me = net_.vpc(net_.subnets()[subnet].vpc).name;
  const TgwAttachment* att = nullptr;
  for (const auto& a : tgw->attachments)
    if (a.vpc == me) att = &a;
  std::string comp = "transit gateway " + tgw->name;
  if (!att) {
    block(Disposition::NullRouted, "BAD_STATE_ROUTE", comp, false,
          fmt::format("vpc {} has no attachment to transit gateway {}", me, tgw->name),
          fmt::format("attach vpc '{}' to transit gateway '{}'", me, tgw->name), tgw->loc);
    done_ = true;
    return;
  }
  const Subnet& from = *net_.subnets()[subnet].subnet;
  int entry = attachmentSubnetIn(*att, from.az);
  checkNacl(subnet, true, false, flow_.dst_ip, formatIpv4(flow_.dst_ip));
  if (entry < 0) {
    hop(tgw->name, "transit-gateway", "dropped",
        fmt::format("attachment {} has no subnet in zone {}, so subnet {} cannot reach the gateway", att->name, from.az,
                    from.name),
        att->loc);
    block(Disposition::NullRouted, "TGW_ATTACHMENT_NOT_IN_ZONE", comp, false,
          fmt::format("attachment {} of transit gateway {} serves no subnet in zone {}", att->name, tgw->name, from.az),
          fmt::format("add a subnet in zone {} to attachment '{}' of transit gateway '{}'", from.az, att->name, tgw->name),
          att->loc);
    done_ = true;
    return;
  }
  checkNacl(entry, false, false, cur_src_, srcDesc());
  const TgwRouteTable* rt = nullptr;
  for (const auto& r : tgw->route_tables)
    if (r.name == att->route_table) rt = &r;
  // Longest prefix match over static routes and propagated VPC CIDRs.
  const TgwAttachment* target = nullptr;
  bool blackhole = false;
  int best = -1;
  if (rt) {
    for (const auto& r : rt->routes)
      if (r.cidr.contains(flow_.dst_ip) && r.cidr.len > best) {
        best = r.cidr.len;
        blackhole = r.attachment.empty();
        target = nullptr;
        for (const auto& a : tgw->attachments)
          if (a.name == r.attachment) target = &a;
      }
    for (const auto& pname : rt->propagations)
      for (const auto& a : tgw->attachments)
        if (a.name == pname)
          if (const Vpc* v = net_.stack().vpcs.find(a.vpc))
            for (const auto& c : v->cidrs)
              if (c.contains(flow_.dst_ip) && c.len > best) {
                best = c.len;
                blackhole = false;
                target = &a;
              }
  }
  if (!target || blackhole) {
    hop(tgw->name, "transit-gateway", blackhole ? "dropped" : "no route",
        fmt::format("route table {} of the transit gateway {}", att->route_table, blackhole ? "blackholes it" : "has no route"));
    block(blackhole ? Disposition::NullRouted : Disposition::NoRoute, blackhole ? "BAD_STATE_ROUTE" : "NO_ROUTE_TO_DESTINATION",
          comp, false, fmt::format("transit gateway route table {} has no usable route for {}", att->route_table, formatIpv4(flow_.dst_ip)),
          fmt::format("add a route to {} in transit gateway route table '{}'", formatIpv4(flow_.dst_ip), att->route_table), tgw->loc);
    done_ = true;
    return;
  }
  hop(tgw->name, "transit-gateway", "routed", fmt::format("{} -> attachment {} (vpc {})", att->name, target->name, target->vpc), tgw->loc);
  int vpc = net_.vpcIndex(target->vpc);
  int ds = net_.subnetContaining(vpc, flow_.dst_ip);
  int exit = ds >= 0 ? attachmentSubnetIn(*target, net_.subnets()[ds].subnet->az) : -1;
  if (exit < 0) exit = attachmentSubnetIn(*target, from.az);
  if (exit < 0 && !target->subnets.empty()) exit = net_.subnetIndex(target->subnets.front());
  return_kind_ = RouteTarget::TransitGateway;
  return_via_ = tgw->name;
  size_t mark = t_.ret.size();
  tgw_arrival_ = true;
  deliverInVpc(vpc, exit);
  tgw_arrival_ = false;
  if (ds >= 0 && exit >= 0 && net_.subnets()[exit].subnet->az != net_.subnets()[ds].subnet->az) {
    const Subnet& to = *net_.subnets()[ds].subnet;
    block(Disposition::NullRouted, "TGW_ATTACHMENT_NOT_IN_ZONE", comp, true,
          fmt::format("attachment {} of transit gateway {} serves no subnet in zone {}, so replies from subnet {} cannot "
                      "reach the gateway",
                      target->name, tgw->name, to.az, to.name),
          fmt::format("add a subnet in zone {} to attachment '{}' of transit gateway '{}'", to.az, target->name, tgw->name),
          target->loc);
  }
  size_t far = t_.ret.size();
  checkNacl(subnet, false, true, flow_.dst_ip, formatIpv4(flow_.dst_ip));
  if (entry != subnet) checkNacl(entry, true, true, cur_src_, srcDesc());
  nearEndFirst(mark, far);
}

// A VPN gateway sends what its VPC routes to it toward the customer
// gateway: on-premises traffic leaves the AWS network (EXITS_NETWORK, as
// Batfish), through the connection whose prefixes hold the destination, or
// the first one (what BGP carries is not in the stack). Without an
// attachment to this VPC or a connection there is nowhere to go.
void Tracer::viaVpnGateway(int subnet, const RouteMatch& m) {
  const model::VpnGateway* g = net_.stack().vpn_gateways.find(m.route->via);
  const std::string& me = net_.vpc(net_.subnets()[subnet].vpc).name;
  if (!g || g->vpc != me) {
    hop(m.route->via, "vpn-gateway", "dropped", "not attached to the VPC");
    block(Disposition::NullRouted, "BAD_STATE_ROUTE", "route table " + routeTableName(subnet), false,
          fmt::format("VPN gateway {} is not attached to vpc {}", m.route->via, me),
          fmt::format("attach VPN gateway '{}' to vpc '{}'", m.route->via, me), m.route->loc);
    done_ = true;
    return;
  }
  checkNacl(subnet, true, false, flow_.dst_ip, formatIpv4(flow_.dst_ip));
  const model::VpnConnection* conn = nullptr;
  for (const auto& c : net_.stack().vpn_connections) {
    if (c.vpn_gateway != g->name) continue;
    if (!conn) conn = &c;
    if (std::any_of(c.on_premises.begin(), c.on_premises.end(), [&](const Cidr& p) { return p.contains(flow_.dst_ip); })) {
      conn = &c;
      break;
    }
  }
  if (!conn) {
    hop(g->name, "vpn-gateway", "dropped", "the gateway has no VPN connection", g->loc);
    block(Disposition::NullRouted, "BAD_STATE_ROUTE", "vpn gateway " + g->name, false,
          fmt::format("VPN gateway {} has no VPN connection to carry {}", g->name, formatIpv4(flow_.dst_ip)),
          fmt::format("add a site-to-site VPN connection to VPN gateway '{}'", g->name), g->loc);
    done_ = true;
    return;
  }
  hop(g->name, "vpn-gateway", "forwarded", fmt::format("through vpn connection {}", conn->name), g->loc);
  checkNacl(subnet, false, true, flow_.dst_ip, formatIpv4(flow_.dst_ip));
  hop("on-premises", "on-premises", "reached", fmt::format("{} through vpn connection {}", formatIpv4(flow_.dst_ip), conn->name));
  if (!blocked_) t_.disposition = Disposition::ExitsNetwork;
  done_ = true;
}

// A route to an instance or ENI makes it a router (a NAT instance, a
// firewall): it must have source/destination checking off, its groups must
// admit the traffic, and it forwards from its own subnet.
void Tracer::viaAppliance(int subnet, const RouteMatch& m, int depth) {
  int a = net_.eniByName(m.route->via);
  if (a < 0) {
    auto owned = net_.enisOf(m.route->via);
    if (!owned.empty()) a = owned[0];
  }
  if (a < 0) {
    block(Disposition::NullRouted, "BAD_STATE_ROUTE", "route table " + routeTableName(subnet), false,
          fmt::format("{} is not running", m.route->via), "", m.route->loc);
    done_ = true;
    return;
  }
  const NetEni& e = net_.enis()[a];
  if (e.subnet != subnet) {
    checkNacl(subnet, true, false, flow_.dst_ip, formatIpv4(flow_.dst_ip));
    checkNacl(e.subnet, false, false, cur_src_, srcDesc());
  }
  checkSgIngress(a);
  if (e.source_dest_check) {
    hop(e.name, eniKindName(e.kind), "dropped", "source/destination check is on");
    block(Disposition::DeniedIn, "ENI_SOURCE_DEST_CHECK", "eni " + e.name, false,
          fmt::format("{} drops traffic not addressed to it while its source/destination check is on", e.name),
          fmt::format("turn off the source/destination check on '{}'", e.name), e.loc);
    done_ = true;
    return;
  }
  hop(e.name, eniKindName(e.kind), "forwarded", "source/destination check is off");
  checkSgEgress(a);
  routeFrom(e.subnet, depth + 1);
}

}  // namespace awssim::sim
