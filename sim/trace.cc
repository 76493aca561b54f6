#include "sim/trace.h"

#include <algorithm>
#include <fmt/format.h>

#include "sim/aws_services.h"
#include "sim/tracer.h"

namespace awssim::sim {

using namespace model;
namespace icl = boost::icl;

std::string dispositionName(Disposition d) {
  switch (d) {
    case Disposition::Accepted: return "ACCEPTED";
    case Disposition::ExitsNetwork: return "EXITS_NETWORK";
    case Disposition::DeniedIn: return "DENIED_IN";
    case Disposition::DeniedOut: return "DENIED_OUT";
    case Disposition::NoRoute: return "NO_ROUTE";
    case Disposition::NullRouted: return "NULL_ROUTED";
    case Disposition::NeighborUnreachable: return "NEIGHBOR_UNREACHABLE";
  }
  return "NO_ROUTE";
}

PortRange clientEphemeralRange(const Network& net, const Flow& f) {
  if (f.src_port) return PortRange::single(*f.src_port);
  if (f.src_eni >= 0) {
    const NetEni& e = net.enis()[f.src_eni];
    if (e.kind == EniKind::NatGateway || e.kind == EniKind::LoadBalancer) return kAwsEphemeral;
    return e.windows ? kWindowsEphemeral : kLinuxEphemeral;
  }
  if (f.src_subnet >= 0) return kLinuxEphemeral;
  return kAwsEphemeral;
}

Trace traceFlow(const Network& net, const Flow& flow) { return Tracer(net, flow).run(); }

bool unroutableOnInternet(const Network& net, Ipv4 ip) {
  for (size_t v = 0; v < net.stack().vpcs.size(); ++v)
    if (net.inVpc(static_cast<int>(v), ip)) return true;
  static const Cidr kPrivate[] = {*parseCidr("10.0.0.0/8"), *parseCidr("172.16.0.0/12"), *parseCidr("192.168.0.0/16")};
  return std::any_of(std::begin(kPrivate), std::end(kPrivate), [&](const Cidr& c) { return c.contains(ip); });
}

std::string describeSgRule(const Network& net, int sg, const SgRule& r, bool egress) {
  return fmt::format("security group {}: {}{}", net.sg(sg).name, r.describe(egress),
                     r.description.empty() ? "" : " (" + r.description + ")");
}

std::string describeNaclEntry(const NaclEntry& e, bool egress) {
  return fmt::format("rule {} {} {} {} {}", e.number, e.allow ? "allow" : "deny", e.traffic.str(),
                     egress ? "to" : "from", e.cidr.str());
}

Tracer::Tracer(const Network& net, const Flow& flow) : net_(net), flow_(flow) {
  t_.flow = flow;
  src_eni_ = flow.src_eni;
  cur_src_ = flow.src_ip;
  client_ports_ = clientEphemeralRange(net, flow);
}

Trace Tracer::run() {
  if (flow_.src_eni >= 0 || flow_.src_subnet >= 0) fromInterface();
  else if (flow_.src_vpc >= 0) fromVpcRouter();
  else if (flow_.src_vpn >= 0) fromOnPremises();
  else fromInternet();
  if (!blocked_ && t_.disposition != Disposition::ExitsNetwork) t_.disposition = Disposition::Accepted;
  t_.reachable = !blocked_;
  // The source's groups are stateful too: the reply to a request they let
  // out comes back in. Last on the way back.
  if (!t_.ret.empty() && flow_.src_eni >= 0 && !net_.enis()[flow_.src_eni].sgs.empty()) {
    std::string names;
    for (int g : net_.enis()[flow_.src_eni].sgs) names += (names.empty() ? "" : ", ") + net_.sg(g).name;
    t_.ret.insert(t_.ret.begin(), Hop{names, "security-group", "allowed",
                                      "stateful: the reply to a request the group let out comes back in, whatever "
                                      "its ingress rules say",
                                      {}});
  }
  std::reverse(t_.ret.begin(), t_.ret.end());
  // Several paths can ask for the same fix; say it once.
  std::vector<std::string> unique;
  for (auto& s : t_.suggestions)
    if (!s.empty() && std::find(unique.begin(), unique.end(), s) == unique.end()) unique.push_back(s);
  t_.suggestions = unique;
  return t_;
}

void Tracer::hop(std::string c, std::string k, std::string a, std::string d, Location loc) {
  t_.forward.push_back({std::move(c), std::move(k), std::move(a), std::move(d), std::move(loc)});
}
void Tracer::nearEndFirst(size_t mark, size_t far) {
  std::rotate(t_.ret.begin() + static_cast<std::ptrdiff_t>(mark), t_.ret.begin() + static_cast<std::ptrdiff_t>(far),
              t_.ret.end());
}
void Tracer::rhop(std::string c, std::string k, std::string a, std::string d, Location loc) {
  t_.ret.push_back({std::move(c), std::move(k), std::move(a), std::move(d), std::move(loc)});
}

void Tracer::block(Disposition d, std::string code, std::string component, bool returnPath, std::string detail,
                   std::string suggestion, Location loc) {
  if (!blocked_) {
    t_.disposition = d;
    blocked_ = true;
  }
  t_.explanations.push_back({std::move(code), std::move(component), returnPath ? "return" : "forward",
                             std::move(detail), std::move(loc)});
  t_.suggestions.push_back(std::move(suggestion));
}

TrafficQuery Tracer::forwardQuery() const {
  TrafficQuery q;
  q.protocol = flow_.protocol;
  q.ports = PortRange::single(hasPorts(flow_.protocol) || flow_.protocol == proto::kIcmp ? flow_.dst_port : 0);
  q.icmp_code = flow_.icmp_code;
  return q;
}

// The reply of a tcp/udp flow goes to the client's source port; an ICMP echo
// is answered with an echo reply (type 0).
TrafficQuery Tracer::replyQuery() const {
  TrafficQuery q = forwardQuery();
  if (hasPorts(flow_.protocol)) q.ports = client_ports_;
  else if (flow_.protocol == proto::kIcmp && flow_.dst_port == 8) q.ports = PortRange::single(0);
  return q;
}

std::string Tracer::trafficText(bool reply) const {
  TrafficQuery q = reply ? replyQuery() : forwardQuery();
  if (flow_.protocol == proto::kIcmp) return fmt::format("icmp type {}", q.ports.from);
  if (!hasPorts(flow_.protocol)) return fmt::format("protocol {}", protocolName(flow_.protocol));
  return fmt::format("{} {}", protocolName(flow_.protocol), q.ports.str());
}

std::string Tracer::routeTableName(int subnet) const {
  const NetSubnet& ns = net_.subnets()[subnet];
  return ns.route_table ? ns.route_table->name : fmt::format("(main of {})", net_.vpc(ns.vpc).name);
}

Location Tracer::routeTableLoc(int subnet) const {
  const NetSubnet& ns = net_.subnets()[subnet];
  return ns.route_table ? ns.route_table->loc : ns.subnet->loc;
}

std::string Tracer::srcDesc() const {
  if (src_eni_ >= 0 && net_.enis()[src_eni_].ip == cur_src_)
    return fmt::format("{} ({})", net_.enis()[src_eni_].name, formatIpv4(cur_src_));
  return formatIpv4(cur_src_);
}

Peer Tracer::peerOf(Ipv4 ip, int viaEni) const {
  if (viaEni >= 0 && net_.enis()[viaEni].ip == ip) return {ip, viaEni};
  return {ip, net_.eniByPrivateIp(ip)};
}

// ---- the source side ----------------------------------------------------------

void Tracer::fromInterface() {
  if (flow_.src_eni >= 0) {
    const NetEni& e = net_.enis()[flow_.src_eni];
    src_subnet_ = e.subnet;
    hop(e.name, eniKindName(e.kind), "sent", fmt::format("from {} to {} ({})", formatIpv4(flow_.src_ip),
                                                         formatIpv4(flow_.dst_ip), trafficText(false)));
    checkSgEgress(flow_.src_eni);
  } else {
    src_subnet_ = flow_.src_subnet;
    hop(net_.subnets()[src_subnet_].subnet->name, "subnet", "sent",
        fmt::format("from {} (no interface, so no security group) to {}", formatIpv4(flow_.src_ip), formatIpv4(flow_.dst_ip)));
  }
  src_vpc_ = net_.subnets()[src_subnet_].vpc;
  routeFrom(src_subnet_, 0);
}

// A packet that appears at the VPC router has crossed no subnet's route
// table, so only the VPC's local route applies: it reaches addresses in the
// VPC (through the destination subnet's NACL and the interface's groups).
void Tracer::fromVpcRouter() {
  src_vpc_ = flow_.src_vpc;
  const Vpc& vpc = net_.vpc(src_vpc_);
  hop(vpc.name, "vpc-router", "received", fmt::format("from {} to {} ({})", formatIpv4(flow_.src_ip),
                                                      formatIpv4(flow_.dst_ip), trafficText(false)));
  if (!net_.inVpc(src_vpc_, flow_.dst_ip)) {
    block(Disposition::NoRoute, "NO_ROUTE_TO_DESTINATION", "vpc " + vpc.name, false,
          fmt::format("{} is outside vpc {}; only a subnet's route table routes beyond the VPC", formatIpv4(flow_.dst_ip),
                      vpc.name),
          "");
    done_ = true;
    return;
  }
  deliverInVpc(src_vpc_, -1);
}

// From on premises through a VPN connection: the VPN gateway hands the
// packet to its VPC's router, which delivers it by the local route only (a
// virtual private gateway carries no transit); the destination subnet must
// route replies back to the same gateway.
void Tracer::fromOnPremises() {
  const model::VpnConnection& c = net_.stack().vpn_connections[static_cast<size_t>(flow_.src_vpn)];
  hop(c.name, "vpn-connection", "sent", fmt::format("from {} to {} ({})", formatIpv4(flow_.src_ip),
                                                    formatIpv4(flow_.dst_ip), trafficText(false)), c.loc);
  const model::VpnGateway* g = net_.stack().vpn_gateways.find(c.vpn_gateway);
  src_vpc_ = g ? net_.vpcIndex(g->vpc) : -1;
  if (src_vpc_ < 0) {
    hop(c.vpn_gateway, "vpn-gateway", "dropped", "not attached to a VPC");
    block(Disposition::NullRouted, "BAD_STATE_ROUTE", "vpn gateway " + c.vpn_gateway, false,
          fmt::format("VPN gateway {} of connection {} is not attached to a VPC", c.vpn_gateway, c.name),
          fmt::format("attach VPN gateway '{}' to the VPC", c.vpn_gateway), g ? g->loc : c.loc);
    done_ = true;
    return;
  }
  const Vpc& vpc = net_.vpc(src_vpc_);
  if (!net_.inVpc(src_vpc_, flow_.dst_ip)) {
    hop(g->name, "vpn-gateway", "dropped", fmt::format("{} is outside vpc {}", formatIpv4(flow_.dst_ip), vpc.name), g->loc);
    block(Disposition::NullRouted, "NO_ROUTE_TO_DESTINATION", "vpn gateway " + g->name, false,
          fmt::format("{} is outside vpc {}; a VPN gateway carries traffic only to its own VPC", formatIpv4(flow_.dst_ip),
                      vpc.name),
          "", g->loc);
    done_ = true;
    return;
  }
  hop(g->name, "vpn-gateway", "forwarded", fmt::format("into vpc {}", vpc.name), g->loc);
  return_kind_ = RouteTarget::VpnGateway;
  return_via_ = g->name;
  deliverInVpc(src_vpc_, -1);
}

// Ports of databases, caches and search engines, which the internet should never reach.
bool isDataStorePort(int port) {
  static const int kPorts[] = {1433, 1521, 2379, 3306, 5432, 5439, 6379, 9042, 9200, 9300, 11211, 27017};
  return std::find(std::begin(kPorts), std::end(kPorts), port) != std::end(kPorts);
}

void Tracer::checkSgEgress(int eni) {
  const NetEni& e = net_.enis()[eni];
  // NAT gateways have no security groups; nor does a load balancer without any.
  if (e.kind == EniKind::NatGateway || (e.kind == EniKind::LoadBalancer && e.sgs.empty())) return;
  TrafficQuery q = forwardQuery();
  SgVerdict v = evalSecurityGroups(net_, e.sgs, true, q, peerOf(flow_.dst_ip, -1));
  std::string names;
  for (int g : e.sgs) names += (names.empty() ? "" : ", ") + net_.sg(g).name;
  if (v.rule) {
    hop(names, "security-group", "allowed", describeSgRule(net_, v.sg, *v.rule, true), v.rule->loc);
    return;
  }
  bool noRules = std::all_of(e.sgs.begin(), e.sgs.end(), [&](int g) { return net_.sg(g).egress.empty(); });
  std::string detail = e.sgs.empty() ? fmt::format("{} has no security group", e.name)
                                     : fmt::format("no egress rule of {} allows {} to {}", names, trafficText(false),
                                                   formatIpv4(flow_.dst_ip));
  hop(names.empty() ? e.name : names, "security-group", "denied", detail);
  int dst = net_.eniByPrivateIp(flow_.dst_ip);
  std::string svc = serviceOwning(net_.stack(), flow_.dst_ip);
  std::string to = dst >= 0 && !net_.enis()[dst].sgs.empty() ? "sg:" + net_.sg(net_.enis()[dst].sgs[0]).name
                   : (svc == "s3" || svc == "dynamodb")     ? "pl:" + svc
                   : !svc.empty()                           ? "0.0.0.0/0 (" + svc + " has many public addresses)"
                   : flow_.dst_witness                      ? std::string("0.0.0.0/0")
                                                            : formatIpv4(flow_.dst_ip) + "/32";
  std::string sgName = e.sgs.empty() ? "" : net_.sg(e.sgs[0]).name;
  block(Disposition::DeniedOut, noRules ? "SG_HAS_NO_RULES" : "ENI_SG_RULES_MISMATCH",
        "security group " + (names.empty() ? e.name : names), false, detail,
        sgName.empty() ? "" : fmt::format("add egress {} to {} on security group '{}'", trafficText(false), to, sgName),
        e.sgs.empty() ? e.loc : net_.sg(e.sgs[0]).loc);
}

void Tracer::checkSgIngress(int eni) {
  const NetEni& e = net_.enis()[eni];
  if (e.kind == EniKind::LoadBalancer && e.sgs.empty()) return;
  TrafficQuery q = forwardQuery();
  SgVerdict v = evalSecurityGroups(net_, e.sgs, false, q, peerOf(cur_src_, src_eni_));
  std::string names;
  for (int g : e.sgs) names += (names.empty() ? "" : ", ") + net_.sg(g).name;
  if (v.rule) {
    hop(names, "security-group", "allowed", describeSgRule(net_, v.sg, *v.rule, false), v.rule->loc);
    return;
  }
  bool noRules = std::all_of(e.sgs.begin(), e.sgs.end(), [&](int g) { return net_.sg(g).ingress.empty(); });
  std::string detail = fmt::format("no ingress rule of {} allows {} from {}", names.empty() ? e.name : names,
                                   trafficText(false), formatIpv4(cur_src_));
  hop(names.empty() ? e.name : names, "security-group", "denied", detail);
  // The internet host awssim picked stands for the whole internet.
  std::string from = flow_.src_witness && cur_src_ == flow_.src_ip ? "0.0.0.0/0" : formatIpv4(cur_src_) + "/32";
  if (src_eni_ >= 0 && net_.eniByPrivateIp(cur_src_) == src_eni_ && !net_.enis()[src_eni_].sgs.empty())
    from = "sg:" + net_.sg(net_.enis()[src_eni_].sgs[0]).name;
  std::string sgName = e.sgs.empty() ? "" : net_.sg(e.sgs[0]).name;
  bool fromInternet = src_eni_ < 0 && flow_.src_subnet < 0 && flow_.src_vpc < 0;
  std::string fix = sgName.empty() ? ""
                    : fromInternet && hasPorts(flow_.protocol) && isDataStorePort(flow_.dst_port)
                        ? fmt::format("keep {} private: reach {} from inside the VPC (a bastion, the EC2 Instance Connect "
                                      "Endpoint, or the application that uses it), not from the internet",
                                      e.name, trafficText(false))
                        : fmt::format("add ingress {} from {} to security group '{}'", trafficText(false), from, sgName);
  block(Disposition::DeniedIn, noRules ? "SG_HAS_NO_RULES" : "ENI_SG_RULES_MISMATCH",
        "security group " + (names.empty() ? e.name : names), false, detail, fix,
        e.sgs.empty() ? e.loc : net_.sg(e.sgs[0]).loc);
}

// The prefix a NACL fix should name for a remote address: its subnet's CIDR
// inside the stack, 0.0.0.0/0 for the internet.
std::string Tracer::remoteCidr(Ipv4 remote) const {
  for (size_t v = 0; v < net_.stack().vpcs.size(); ++v)
    if (int s = net_.subnetContaining(static_cast<int>(v), remote); s >= 0) return net_.subnets()[s].subnet->cidr.str();
  return "0.0.0.0/0";
}

bool Tracer::checkNacl(int subnet, bool egress, bool reply, Ipv4 remote, const std::string& remoteDesc) {
  const NetSubnet& ns = net_.subnets()[subnet];
  TrafficQuery q = reply ? replyQuery() : forwardQuery();
  NaclVerdict v = evalNacl(ns.nacl, egress, q, remote, ns.nacl_order.get());
  std::string name = ns.nacl ? ns.nacl->name : "default";
  std::string where = fmt::format("{} of subnet {}", egress ? "egress" : "ingress", ns.subnet->name);
  bool ok = v.allowsAll(q);
  std::string detail;
  if (v.is_default) detail = fmt::format("{}: the default network ACL allows all traffic", where);
  else if (ok && v.entry) detail = fmt::format("{}: {}", where, describeNaclEntry(*v.entry, egress));
  else if (v.allowed.empty())
    detail = fmt::format("{}: {} {} {} is denied by {}", where, trafficText(reply), egress ? "to" : "from", remoteDesc,
                         v.entry ? describeNaclEntry(*v.entry, egress) : "the final deny-all rule (*)");
  else
    detail = fmt::format("{}: of {} {} {} only ports {} are allowed", where, trafficText(reply), egress ? "to" : "from",
                         remoteDesc, describePorts(v.allowed));
  Location at = v.entry ? v.entry->loc : Location{};
  if (reply) rhop("nacl " + name, "network-acl", ok ? "allowed" : "denied", detail, at);
  else hop("nacl " + name, "network-acl", ok ? "allowed" : "denied", detail, at);
  if (!ok) {
    PortSet missing = portSet(q.ports) - v.allowed;
    std::string traffic = hasPorts(flow_.protocol)
                              ? fmt::format("{} {}", protocolName(flow_.protocol), describePorts(missing))
                              : trafficText(reply);
    block(egress ? Disposition::DeniedOut : Disposition::DeniedIn, "SUBNET_ACL_RESTRICTION", "nacl " + name, reply,
          detail,
          ns.nacl ? fmt::format("add an {} rule to nacl '{}': allow {} {} {}", egress ? "egress" : "ingress", name,
                                traffic, egress ? "to" : "from", remoteCidr(remote))
                  : "",
          ns.nacl ? ns.nacl->loc : Location{});
  }
  return ok;
}

// ---- routing and delivery -----------------------------------------------------

void Tracer::routeFrom(int subnet, int depth) {
  if (depth > 8) {
    block(Disposition::NullRouted, "CANNOT_ROUTE", routeTableName(subnet), false,
          "the path loops through more than eight appliances", "");
    done_ = true;
    return;
  }
  auto m = lookupRoute(net_, subnet, flow_.dst_ip);
  std::string rt = "route table " + routeTableName(subnet);
  if (!m) {
    hop(routeTableName(subnet), "route-table", "no route", fmt::format("no route matches {}", formatIpv4(flow_.dst_ip)));
    std::string svc = serviceOwning(net_.stack(), flow_.dst_ip);
    // For AWS services the query names the endpoint to add instead.
    block(Disposition::NoRoute, "NO_ROUTE_TO_DESTINATION", rt, false,
          fmt::format("{} has no route for {}{}", rt, formatIpv4(flow_.dst_ip), svc.empty() ? "" : " (" + svc + ")"),
          svc.empty() ? fmt::format("add a route to {} in route table '{}' (through an internet gateway or a NAT gateway)",
                                    formatIpv4(flow_.dst_ip), routeTableName(subnet))
                      : "",
          routeTableLoc(subnet));
    done_ = true;
    return;
  }
  hop(routeTableName(subnet), "route-table", "routed", m->describe(), m->route ? m->route->loc : Location{});
  if (m->local) {
    deliverInVpc(net_.subnets()[subnet].vpc, subnet);
    return;
  }
  switch (m->route->target) {
    case RouteTarget::Local: deliverInVpc(net_.subnets()[subnet].vpc, subnet); return;
    case RouteTarget::Blackhole:
      block(Disposition::NullRouted, "BAD_STATE_ROUTE", rt, false,
            fmt::format("{} sends {} to a blackhole", rt, m->matched.str()),
            fmt::format("replace the blackhole route to {} in route table '{}'", m->matched.str(), routeTableName(subnet)),
            m->route->loc);
      done_ = true;
      return;
    case RouteTarget::InternetGateway: viaInternetGateway(subnet, *m); return;
    case RouteTarget::NatGateway: viaNatGateway(subnet, *m, depth); return;
    case RouteTarget::VpcEndpoint: viaGatewayEndpoint(subnet, *m); return;
    case RouteTarget::Peering: viaPeering(subnet, *m, depth); return;
    case RouteTarget::TransitGateway: viaTransitGateway(subnet, *m, depth); return;
    case RouteTarget::VpnGateway: viaVpnGateway(subnet, *m); return;
    case RouteTarget::Instance:
    case RouteTarget::Eni: viaAppliance(subnet, *m, depth); return;
  }
}

void Tracer::deliverInVpc(int vpc, int fromSubnet) {
  int dst = net_.eniByPrivateIp(flow_.dst_ip);
  if (dst >= 0 && net_.vpcOfEni(dst) != vpc) dst = -1;
  if (dst >= 0) {
    deliverTo(dst, fromSubnet);
    return;
  }
  int ds = net_.subnetContaining(vpc, flow_.dst_ip);
  if (fromSubnet >= 0 && fromSubnet != ds) checkNacl(fromSubnet, true, false, flow_.dst_ip, formatIpv4(flow_.dst_ip));
  if (ds < 0) {
    hop(net_.vpc(vpc).name, "vpc-router", "dropped", fmt::format("{} is in no subnet of vpc {}", formatIpv4(flow_.dst_ip), net_.vpc(vpc).name));
    block(Disposition::NullRouted, "UNKNOWN_DESTINATION", "vpc " + net_.vpc(vpc).name, false,
          fmt::format("{} lies in vpc {} but in none of its subnets", formatIpv4(flow_.dst_ip), net_.vpc(vpc).name), "");
  } else {
    if (fromSubnet != ds) checkNacl(ds, false, false, cur_src_, srcDesc());
    const Subnet& s = *net_.subnets()[ds].subnet;
    hop(s.name, "subnet", "dropped", fmt::format("no interface in {} has address {}", s.name, formatIpv4(flow_.dst_ip)));
    block(Disposition::NeighborUnreachable, "UNKNOWN_DESTINATION", "subnet " + s.name, false,
          fmt::format("no network interface owns {} in subnet {}", formatIpv4(flow_.dst_ip), s.name),
          "check the address: nothing in the stack uses it");
  }
  done_ = true;
}

void Tracer::deliverTo(int eni, int fromSubnet) {
  const NetEni& d = net_.enis()[eni];
  int ds = d.subnet;
  std::string dstDesc = formatIpv4(flow_.dst_ip);
  // Inside one subnet traffic goes straight to the interface: no NACL.
  if (fromSubnet >= 0 && fromSubnet != ds) checkNacl(fromSubnet, true, false, flow_.dst_ip, dstDesc);
  if (fromSubnet != ds) checkNacl(ds, false, false, cur_src_, srcDesc());
  if (!return_via_.empty()) checkReturnRoute(ds, return_kind_, return_via_);
  if (d.kind == EniKind::NatGateway) {
    hop(d.name, "nat-gateway", "dropped", "a NAT gateway accepts no connections to its own address");
    block(Disposition::DeniedIn, "NGW_NO_INBOUND_CONNECTIONS", "nat gateway " + d.name, false,
          "a NAT gateway only forwards traffic routed through it; it drops connections to its own address", "");
    done_ = true;
    return;
  }
  checkSgIngress(eni);
  hop(d.name, eniKindName(d.kind), "delivered", fmt::format("{} {}", dstDesc, d.kind == EniKind::InterfaceEndpoint ? "(the endpoint forwards to " + d.owner + ")" : ""));
  // The reply: stateful groups let it out; NACLs judge it again. The
  // return path is kept from the source's end (and turned around at the
  // end of the trace), so these go in that order too.
  size_t before = t_.ret.size();
  bool replyCrosses = fromSubnet != ds || tgw_arrival_;
  if (replyCrosses) checkNacl(ds, true, true, cur_src_, srcDesc());
  if (fromSubnet >= 0 && replyCrosses) checkNacl(fromSubnet, false, true, flow_.dst_ip, dstDesc);
  std::reverse(t_.ret.begin() + static_cast<std::ptrdiff_t>(before), t_.ret.end());
  if (!d.sgs.empty()) {
    std::string names;
    for (int g : d.sgs) names += (names.empty() ? "" : ", ") + net_.sg(g).name;
    rhop(names, "security-group", "allowed",
         "stateful: the reply to a request the group let in leaves, whatever its egress rules say");
  }
  done_ = true;
}

void Tracer::finishService(const std::string& service, const std::string& via) {
  hop(service, "aws-service", "reached", fmt::format("{} at {} through {}", service, formatIpv4(flow_.dst_ip), via));
  if (!blocked_) t_.disposition = Disposition::ExitsNetwork;
  done_ = true;
}

void Tracer::finishExit(const std::string& what) {
  hop("internet", "internet", "reached", what);
  if (!blocked_) t_.disposition = Disposition::ExitsNetwork;
  done_ = true;
}

// ---- from the internet ---------------------------------------------------------


void Tracer::fromInternet() {
  hop("internet", "internet", "sent", fmt::format("from {} to {} ({})", formatIpv4(flow_.src_ip), formatIpv4(flow_.dst_ip), trafficText(false)));
  int d = net_.eniByPublicIp(flow_.dst_ip);
  if (d < 0) {
    if (unroutableOnInternet(net_, flow_.dst_ip)) {
      int owner = net_.eniByPrivateIp(flow_.dst_ip);
      std::string who = owner >= 0 ? fmt::format("{} ({}) has no public IPv4 address, and its private address is not "
                                                 "routable from the internet", net_.enis()[owner].name, formatIpv4(flow_.dst_ip))
                                   : fmt::format("{} is a private address; the internet cannot route to it", formatIpv4(flow_.dst_ip));
      // A database or cache is never to be exposed: name the usual way in.
      bool store = hasPorts(flow_.protocol) && isDataStorePort(flow_.dst_port);
      bool internalLb = owner >= 0 && net_.enis()[owner].kind == EniKind::LoadBalancer;
      std::string fix = owner < 0 ? ""
                        : internalLb
                            ? fmt::format("load balancer {} is internal: only its VPC (and networks routed to it) reach it; "
                                          "serve the internet from an internet-facing load balancer",
                                          net_.enis()[owner].owner)
                        : store   ? fmt::format("keep {} private: reach tcp {} from inside the VPC (a bastion, the EC2 "
                                                "Instance Connect Endpoint, or the application that uses it), not from the "
                                                "internet",
                                                net_.enis()[owner].name, flow_.dst_port)
                                  : fmt::format("put a load balancer in front of {}, or give it a public IPv4 address or an "
                                                "Elastic IP in a subnet that routes 0.0.0.0/0 to an internet gateway",
                                                net_.enis()[owner].name);
      block(Disposition::NullRouted, "NO_ROUTE_TO_DESTINATION", "internet", false, who, fix);
      done_ = true;
      return;
    }
    std::string svc = serviceOwning(net_.stack(), flow_.dst_ip);
    if (!svc.empty()) finishService(svc, "the internet");
    else finishExit(fmt::format("{} is outside the stack", formatIpv4(flow_.dst_ip)));
    return;
  }
  const NetEni& e = net_.enis()[d];
  int vpc = net_.vpcOfEni(d);
  const InternetGateway* igw = nullptr;
  for (const auto& g : net_.stack().internet_gateways)
    if (g.vpc == net_.vpc(vpc).name) igw = &g;
  if (!igw) {
    block(Disposition::NullRouted, "NO_ROUTE_TO_DESTINATION", "vpc " + net_.vpc(vpc).name, false,
          fmt::format("vpc {} has no internet gateway attached", net_.vpc(vpc).name),
          fmt::format("attach an internet gateway to vpc '{}'", net_.vpc(vpc).name));
    done_ = true;
    return;
  }
  hop(igw->name, "internet-gateway", "translated", fmt::format("{} -> {} ({})", formatIpv4(flow_.dst_ip), formatIpv4(e.ip), e.name));
  flow_.dst_ip = e.ip;  // the VPC sees the private address
  checkReturnRoute(e.subnet, RouteTarget::InternetGateway, igw->name);
  deliverTo(d, -1);
}

}  // namespace awssim::sim
