#include "sim/query.h"

#include <algorithm>
#include <fmt/format.h>
#include <set>

#include "model/aws_ranges.h"
#include "model/validate.h"
#include "sim/aws_services.h"
#include "sim/dns.h"

namespace awssim::sim {

using namespace model;
namespace icl = boost::icl;

namespace {

// Batfish's tests use 8.8.8.8 for "a host on the internet"; so do we when no
// address is singled out.

struct Source {
  int eni = -1;
  int subnet = -1;
  int vpc = -1;  // entering at the VPC router
  int vpn = -1;  // on premises, through this VPN connection (index into vpn_connections)
  bool internet = false;
  Ipv4 ip = 0;
  std::string desc;
};

struct Dest {
  enum Kind { Address, Eni, LoadBalancer, Service, Internet, Unresolved } kind = Address;
  Ipv4 ip = 0;
  int eni = -1;
  std::string name;  // load balancer or service
  std::string desc;
  std::string unresolved;  // why a DNS name did not resolve
};

}  // namespace

AddressSet internetSpace(const Network& net) {
  AddressSet s;
  s += icl::interval<Ipv4>::closed(0x01000000u, 0xDFFFFFFFu);
  for (const char* c : {"10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
                        "192.168.0.0/16", "192.0.0.0/24"})
    s -= addressSet(*parseCidr(c));
  for (const auto& v : net.stack().vpcs)
    for (const auto& c : v.cidrs) s -= addressSet(c);
  return s;
}

AddressSet internetHosts(const Network& net) {
  AddressSet space = internetSpace(net);
  for (const auto& svc : knownEndpointServices())
    for (const auto& c : servicePublicCidrs(net.stack(), svc)) space -= addressSet(c);
  return space;
}

AddressSet internetSourcesAdmitted(const Network& net, int eni, int protocol, int port) {
  const NetEni& d = net.enis()[eni];
  TrafficQuery tq;
  tq.protocol = protocol;
  tq.ports = PortRange::single(hasPorts(protocol) || protocol == proto::kIcmp ? port : 0);
  AddressSet cand = internetSpace(net) & naclAllowedAddresses(net.subnets()[d.subnet].nacl, false, tq, net.subnets()[d.subnet].nacl_order.get());
  if (!(d.kind == EniKind::LoadBalancer && d.sgs.empty())) cand &= sgAllowedAddresses(net, d.sgs, false, tq);
  return cand;
}

std::string describeAddresses(const AddressSet& set, const AddressSet& whole) {
  if (set == whole) return "any internet address";
  std::vector<std::string> out;
  for (const auto& iv : set) {
    uint64_t lo = icl::first(iv), hi = icl::last(iv);
    while (lo <= hi && out.size() < 6) {
      int len = 32;
      while (len > 0) {
        uint64_t size = uint64_t{1} << (33 - len);
        if ((lo & (size - 1)) != 0 || lo + size - 1 > hi) break;
        --len;
      }
      out.push_back(Cidr{static_cast<Ipv4>(lo), len}.str());
      lo += uint64_t{1} << (32 - len);
    }
  }
  if (out.size() >= 6) out.back() = "...";
  return fmt::format("{}", fmt::join(out, ", "));
}

namespace {

// Every name a query can use for an endpoint, for "did you mean".
std::vector<std::string> endpointNames(const Network& net) {
  const Stack& s = net.stack();
  std::vector<std::string> out = {"internet"};
  for (const auto& e : net.enis()) out.push_back(e.name);
  for (const auto& t : {s.instances.names(), s.subnets.names(), s.load_balancers.names(), s.endpoints.names(),
                        s.ecs_services.names(), s.nat_gateways.names(), s.instance_connect_endpoints.names()})
    out.insert(out.end(), t.begin(), t.end());
  for (const auto& svc : s.ecs_services.names()) out.push_back("service:" + svc);
  for (const auto& svc : model::knownEndpointServices()) out.push_back(svc);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

int findById(const Network& net, const std::string& id) {
  const Stack& s = net.stack();
  for (const auto& i : s.instances)
    if (i.id == id) return net.eniByName(i.name);
  for (const auto& e : s.enis)
    if (e.id == id) return net.eniByName(e.name);
  for (const auto& n : s.nat_gateways)
    if (n.id == id) return net.eniByName(n.name);
  for (const auto& i : s.instance_connect_endpoints)
    if (i.id == id) return net.eniByName(i.name);
  return -1;
}

/// The interfaces a name stands for: an instance's, an ENI, an endpoint's
/// (one per subnet), a load balancer's nodes...
std::vector<int> enisNamed(const Network& net, const std::string& name) {
  if (int e = net.eniByName(name); e >= 0) return {e};
  if (auto v = net.enisOf(name); !v.empty()) return v;
  if (int e = findById(net, name); e >= 0) return {e};
  return {};
}

/// Picks the interface in the zone of `az` when there is one.
int preferZone(const Network& net, const std::vector<int>& enis, const std::string& az) {
  for (int e : enis)
    if (net.azOfEni(e) == az) return e;
  return enis.empty() ? -1 : enis.front();
}

/// A subnet or VPC by name or AWS ID, or -1.
int subnetNamed(const Network& net, const std::string& name) {
  if (int i = net.subnetIndex(name); i >= 0) return i;
  for (size_t i = 0; i < net.subnets().size(); ++i)
    if (!name.empty() && net.subnets()[i].subnet->id == name) return static_cast<int>(i);
  return -1;
}

int vpcNamed(const Network& net, const std::string& name) {
  if (int i = net.vpcIndex(name); i >= 0) return i;
  for (size_t i = 0; i < net.stack().vpcs.size(); ++i)
    if (!name.empty() && net.stack().vpcs[i].id == name) return static_cast<int>(i);
  return -1;
}

std::optional<Source> resolveSource(const Network& net, const Query& q, std::string& err) {
  Source s;
  if (q.from == "internet") {
    s.internet = true;
    s.desc = "the internet";
    return s;
  }
  if (auto ip = parseIpv4(q.from)) {
    if (int e = net.eniByPrivateIp(*ip); e >= 0) s.eni = e;
    else if (int e2 = net.eniByPublicIp(*ip); e2 >= 0) s.eni = e2;
    else {
      for (size_t v = 0; v < net.stack().vpcs.size() && s.subnet < 0; ++v)
        s.subnet = net.subnetContaining(static_cast<int>(v), *ip);
      if (s.subnet < 0) {
        s.internet = true;
        s.ip = *ip;
        s.desc = fmt::format("internet host {}", formatIpv4(*ip));
        return s;
      }
      s.ip = *ip;
      s.desc = fmt::format("{} in subnet {}", formatIpv4(*ip), net.subnets()[s.subnet].subnet->name);
      return s;
    }
  } else if (const model::VpnConnection* c = net.stack().vpn_connections.find(q.from)) {
    // On premises: an address of the connection's prefixes unless given.
    if (!q.src_ip && c->on_premises.empty()) {
      err = fmt::format("vpn connection '{}' lists no on-premises prefixes: give the address with --src-ip", c->name);
      return std::nullopt;
    }
    s.vpn = static_cast<int>(c - &net.stack().vpn_connections[0]);
    s.ip = q.src_ip.value_or(c->on_premises.empty() ? 0 : c->on_premises[0].first() + 1);
    s.desc = fmt::format("on-premises host {} (vpn connection {})", formatIpv4(s.ip), c->name);
    return s;
  } else if (int vpc = vpcNamed(net, q.from); vpc >= 0) {
    s.vpc = vpc;
    s.ip = q.src_ip.value_or(0);
    s.desc = fmt::format("vpc {} router ({})", net.vpc(vpc).name, formatIpv4(s.ip));
    return s;
  } else if (int sub = subnetNamed(net, q.from); sub >= 0) {
    s.subnet = sub;
    const Cidr& c = net.subnets()[sub].subnet->cidr;
    // An address nobody uses, as Batfish injects flows at a subnet.
    Ipv4 ip = q.src_ip.value_or(c.last() - 1);
    while (!q.src_ip && net.eniByPrivateIp(ip) >= 0 && ip > c.first() + 4) --ip;
    s.ip = ip;
    s.desc = fmt::format("subnet {} ({})", q.from, formatIpv4(ip));
    return s;
  } else {
    auto enis = enisNamed(net, q.from);
    if (enis.empty()) {
      err = fmt::format("unknown source '{}': not a resource of the stack, an address or 'internet'{}", q.from,
                        model::didYouMean(q.from, endpointNames(net)));
      return std::nullopt;
    }
    s.eni = enis.front();
  }
  const NetEni& e = net.enis()[s.eni];
  s.ip = e.ip;
  s.desc = fmt::format("{} {} ({})", eniKindName(e.kind), e.name, formatIpv4(e.ip));
  return s;
}

int vpcOfSource(const Network& net, const Source& s) {
  if (s.eni >= 0) return net.vpcOfEni(s.eni);
  if (s.subnet >= 0) return net.subnets()[s.subnet].vpc;
  if (s.vpc >= 0) return s.vpc;
  return -1;
}

std::string azOfSource(const Network& net, const Source& s) {
  if (s.eni >= 0) return net.azOfEni(s.eni);
  if (s.subnet >= 0) return net.subnets()[s.subnet].subnet->az;
  return "";
}

std::optional<Dest> resolveDest(const Network& net, const Source& src, const std::string& name, std::string& err) {
  Dest d;
  if (name == "internet") {
    d.kind = Dest::Internet;
    d.desc = "the internet";
    return d;
  }
  if (auto ip = parseIpv4(name)) {
    d.ip = *ip;
    d.eni = net.eniByPrivateIp(*ip);
    if (d.eni < 0) d.eni = net.eniByPublicIp(*ip);
    d.desc = d.eni >= 0 ? fmt::format("{} ({})", net.enis()[d.eni].name, name) : name;
    // A load balancer node's address is the load balancer: its listeners
    // decide, then its targets (through this node).
    if (d.eni >= 0 && net.enis()[d.eni].kind == EniKind::LoadBalancer) {
      d.kind = Dest::LoadBalancer;
      d.name = net.enis()[d.eni].owner;
    }
    return d;
  }
  if (isAwsService(name)) {
    d.kind = Dest::Service;
    d.name = name;
    d.desc = "AWS service " + name;
    return d;
  }
  if (net.stack().load_balancers.find(name)) {
    d.kind = Dest::LoadBalancer;
    d.name = name;
    d.desc = "load balancer " + name;
    return d;
  }
  if (net.subnetIndex(name) >= 0) {
    err = fmt::format("'{}' is a subnet; name an instance or an address in it as the destination", name);
    return std::nullopt;
  }
  if (auto enis = enisNamed(net, name); !enis.empty()) {
    d.kind = Dest::Eni;
    d.eni = preferZone(net, enis, azOfSource(net, src));
    const NetEni& e = net.enis()[d.eni];
    d.ip = src.internet ? e.public_ip.value_or(e.ip) : e.ip;
    d.desc = fmt::format("{} {} ({})", eniKindName(e.kind), e.name, formatIpv4(d.ip));
    return d;
  }
  if (name.find('.') != std::string::npos) {
    Resolution r = resolveName(net, name, vpcOfSource(net, src));
    if (!r.service.empty()) {
      d.kind = Dest::Service;
      d.name = r.service;
      d.desc = fmt::format("{} (AWS service {})", name, r.service);
      return d;
    }
    if (r.addresses.empty()) {
      d.kind = Dest::Unresolved;
      d.desc = name;
      d.unresolved = r.error;
      return d;
    }
    d.ip = r.addresses.front();
    d.eni = net.eniByPrivateIp(d.ip);
    d.desc = fmt::format("{} ({}, {})", name, formatIpv4(d.ip), r.via);
    return d;
  }
  err = fmt::format("unknown destination '{}': not a resource of the stack, an address, a DNS name, an AWS service "
                    "or 'internet'{}", name, model::didYouMean(name, endpointNames(net)));
  return std::nullopt;
}

Flow makeFlow(const Source& s, Ipv4 dst, const Query& q, int port) {
  Flow f;
  f.src_eni = s.eni;
  f.src_subnet = s.eni >= 0 ? -1 : s.subnet;
  f.src_vpc = s.vpc;
  f.src_vpn = s.vpn;
  f.src_ip = s.ip;
  f.dst_ip = dst;
  f.protocol = q.protocol;
  f.dst_port = port;
  f.src_port = q.src_port;
  f.src_witness = s.internet && !q.src_ip;
  return f;
}

TrafficQuery trafficOf(const Query& q, int port) {
  TrafficQuery t;
  t.protocol = q.protocol;
  t.ports = PortRange::single(hasPorts(q.protocol) || q.protocol == proto::kIcmp ? port : 0);
  return t;
}

/// For a flow from the internet without --src-ip: the internet addresses
/// the destination's NACL and groups admit; the lowest one is the witness.
void pickInternetSource(const Network& net, Source& s, Ipv4 dst, const Query& q, int port, QueryResult& res) {
  if (s.ip != 0) return;
  int e = net.eniByPublicIp(dst);
  if (e < 0) {
    s.ip = kDefaultInternetHost;
    return;
  }
  const NetEni& d = net.enis()[e];
  AddressSet whole = internetSpace(net);
  AddressSet cand = internetSourcesAdmitted(net, e, q.protocol, port);
  if (cand.empty()) {
    s.ip = kDefaultInternetHost;
    return;
  }
  s.ip = icl::first(*cand.begin());
  if (!icl::contains(cand, kDefaultInternetHost) || cand != whole)
    res.notes.push_back(fmt::format("from the internet, {} admits {} from {} only", d.name, trafficOf(q, port).protocol == proto::kTcp ? fmt::format("tcp {}", port) : protocolName(q.protocol), describeAddresses(cand, whole)));
  if (icl::contains(cand, kDefaultInternetHost)) s.ip = kDefaultInternetHost;
  s.desc = fmt::format("the internet ({})", formatIpv4(s.ip));
}

Ipv4 pickInternetDestination(const Network& net, const Source& s, const Query& q, int port) {
  if (s.eni < 0) return kDefaultInternetHost;
  const NetEni& e = net.enis()[s.eni];
  TrafficQuery tq = trafficOf(q, port);
  // "The internet" means hosts on it, not AWS services, which have their
  // own names (s3, ecr, ...).
  AddressSet cand = internetHosts(net) & naclAllowedAddresses(net.subnets()[e.subnet].nacl, true, tq, net.subnets()[e.subnet].nacl_order.get());
  if (!e.sgs.empty()) cand &= sgAllowedAddresses(net, e.sgs, true, tq);
  if (cand.empty() || icl::contains(cand, kDefaultInternetHost)) return kDefaultInternetHost;
  return icl::first(*cand.begin());
}

/// The interface endpoint ENI a source reaches for a service by private DNS,
/// or -1 when DNS gives the service's public address.
int endpointFor(const Network& net, const std::string& service, int vpc, const std::string& az) {
  if (vpc < 0 || !privateDnsWorks(net.vpc(vpc))) return -1;
  for (const auto& ep : net.stack().endpoints) {
    if (ep.type != EndpointType::Interface || ep.service != service || !ep.private_dns) continue;
    if (net.vpcIndex(ep.vpc) != vpc) continue;
    return preferZone(net, net.enisOf(ep.name), az);
  }
  return -1;
}

void traceService(const Network& net, const Source& src, const Query& q, const std::string& service, QueryResult& res) {
  int port = q.port.value_or(443);  // AWS APIs are HTTPS
  int vpc = vpcOfSource(net, src);
  for (const std::string& part : serviceParts(service)) {
    int ep = src.internet ? -1 : endpointFor(net, part, vpc, azOfSource(net, src));
    Ipv4 dst = ep >= 0 ? net.enis()[ep].ip : servicePublicCidrs(net.stack(), part).at(0).first() + 1;
    Source s = src;
    if (s.internet && s.ip == 0) s.ip = kDefaultInternetHost;
    Trace t = traceFlow(net, makeFlow(s, dst, q, port));
    std::string label = ep >= 0 ? fmt::format("{} through interface endpoint {}", part, net.enis()[ep].owner)
                                : fmt::format("{} at its public address {}", part, formatIpv4(dst));
    bool noPath = std::any_of(t.explanations.begin(), t.explanations.end(), [](const Explanation& x) {
      return x.code == "NO_ROUTE_TO_DESTINATION" || x.code == "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS" ||
             x.code == "BAD_STATE_ROUTE";
    });
    if (!t.reachable && ep < 0 && !src.internet && noPath) {
      bool gateway = part == "s3" || part == "dynamodb";
      t.suggestions.push_back(
          gateway ? fmt::format("add a {} gateway endpoint (com.amazonaws.{}.{}, free) and route its prefix list from "
                                "the source's route table, with egress tcp 443 to pl:{}",
                                part, net.stack().region, part, part)
                  : fmt::format("add an interface endpoint com.amazonaws.{}.{} with private DNS in vpc {} "
                                "(or a NAT gateway for internet access)",
                                net.stack().region, part, vpc >= 0 ? net.vpc(vpc).name : "?"));
      res.notes.push_back(fmt::format("{}: no {} endpoint in the VPC and no working internet path", part,
                                      gateway ? "gateway" : "interface"));
    }
    res.parts.push_back({label, std::move(t)});
  }
}

void traceLoadBalancer(const Network& net, Source src, const Query& q, const std::string& name, int at, QueryResult& res) {
  const LoadBalancer& lb = *net.stack().load_balancers.find(name);
  int port = q.port.value_or(lb.listeners.empty() ? 80 : lb.listeners[0].port);
  int node = at >= 0 ? at : preferZone(net, net.enisOf(name), azOfSource(net, src));
  if (node < 0) {
    res.error = fmt::format("load balancer {} has no subnets", name);
    return;
  }
  const NetEni& n = net.enis()[node];
  Ipv4 dst = src.internet ? n.public_ip.value_or(n.ip) : n.ip;
  if (src.internet) pickInternetSource(net, src, dst, q, port, res);
  Trace leg1 = traceFlow(net, makeFlow(src, dst, q, port));
  const Listener* listener = nullptr;
  for (const auto& l : lb.listeners)
    if (l.port == port) listener = &l;
  if (!listener) {
    leg1.reachable = false;
    if (leg1.explanations.empty()) leg1.disposition = Disposition::DeniedIn;
    leg1.forward.push_back({name, "load-balancer", "dropped", fmt::format("no listener on port {}", port), lb.loc});
    leg1.explanations.push_back({"ELB_LISTENER_PORT_RESTRICTION", "load balancer " + name, "forward",
                                 fmt::format("load balancer {} has no listener on port {}", name, port), lb.loc});
    res.parts.push_back({fmt::format("client -> {}", name), std::move(leg1)});
    return;
  }
  res.parts.push_back({fmt::format("client -> {}:{}", name, port), std::move(leg1)});
  if (listener->target_group.empty()) {
    res.notes.push_back(fmt::format("the listener on port {} answers itself (a fixed response or a redirect)", port));
    return;
  }
  const TargetGroup* tg = net.stack().target_groups.find(listener->target_group);
  if (!tg || tg->targets.empty()) {
    res.notes.push_back(fmt::format("target group {} has no targets", listener->target_group));
    Trace none = res.parts.back().trace;
    none.reachable = false;
    none.explanations.push_back({"ELB_NO_TARGETS", "target group " + listener->target_group, "forward",
                                 "the target group has no registered targets", tg ? tg->loc : lb.loc});
    res.parts.back().trace = none;
    return;
  }
  // A network load balancer keeps the client's address for instance targets;
  // an application load balancer connects from its own node.
  Source lbSrc{node, -1, -1, -1, false, n.ip, n.name};
  if (lb.type == "network" && tg->target_type == "instance") lbSrc.ip = src.ip;
  for (const auto& t : tg->targets) {
    int teni = -1;
    Ipv4 tip = 0;
    if (t.ip) tip = *t.ip;
    else if (auto e = enisNamed(net, t.name); !e.empty()) {
      teni = e.front();
      tip = net.enis()[teni].ip;
    }
    Query q2 = q;
    q2.src_port.reset();
    int tport = t.port.value_or(tg->port);
    res.parts.push_back({fmt::format("{} -> target {}:{}", name, teni >= 0 ? net.enis()[teni].name : formatIpv4(tip), tport),
                         traceFlow(net, makeFlow(lbSrc, tip, q2, tport))});
  }
}

}  // namespace

const QueryPart* QueryResult::deciding() const {
  for (const auto& p : parts)
    if (!p.trace.reachable) return &p;
  return parts.empty() ? nullptr : &parts.front();
}

namespace {

/// A name as written, or the one resource whose name ends in it after a
/// "." or "/" (model::resourcesNamed); "" with `err` set when several do.
std::string canonicalName(const Network& net, const std::string& name, std::string& err) {
  auto hits = resourcesNamed(net.stack(), name);
  if (hits.empty()) return name;
  if (hits.size() == 1) return hits[0];
  err = fmt::format("'{}' is ambiguous: {}", name, fmt::join(hits, ", "));
  return "";
}

}  // namespace

QueryResult runQuery(const Network& net, const Query& given) {
  QueryResult res;
  Query q = given;
  for (std::string* n : {&q.from, &q.to}) {
    // Addresses, AWS services (s3, ecr ...) and internet keep their meaning.
    if (n->empty() || n->find(':') != std::string::npos || parseIpv4(*n) || *n == "internet" ||
        isKnownEndpointService(*n) || *n == "ecr" || *n == "ecs-agent")
      continue;
    *n = canonicalName(net, *n, res.error);
    if (!res.error.empty()) return res;
  }
  if (auto ecs = ecsQuery(net, q)) return *ecs;
  auto src = resolveSource(net, q, res.error);
  if (!src) return res;
  if (src->internet && q.src_ip) src->ip = *q.src_ip;
  auto dst = resolveDest(net, *src, q.to, res.error);
  if (!dst) return res;
  res.source = src->desc;
  res.destination = dst->desc;
  bool needsPort = hasPorts(q.protocol);
  if (needsPort && !q.port && dst->kind != Dest::Service && dst->kind != Dest::LoadBalancer) {
    res.error = fmt::format("give a port for {} to {} (e.g. {}:443)", protocolName(q.protocol), q.to, q.to);
    return res;
  }
  int port = q.port.value_or(q.protocol == proto::kIcmp ? 8 : 0);
  switch (dst->kind) {
    case Dest::Service: traceService(net, *src, q, dst->name, res); break;
    case Dest::LoadBalancer: traceLoadBalancer(net, *src, q, dst->name, dst->eni, res); break;
    case Dest::Unresolved: {
      Trace t;
      t.flow.src_eni = src->eni;
      t.flow.src_ip = src->ip;
      t.disposition = Disposition::NoRoute;
      t.forward.push_back({q.to, "dns", "unresolved", dst->unresolved, {}});
      t.explanations.push_back({"UNKNOWN_DESTINATION", "dns " + q.to, "forward", dst->unresolved, {}});
      res.parts.push_back({"resolve " + q.to, std::move(t)});
      break;
    }
    case Dest::Internet: {
      Source s = *src;
      if (s.internet && s.ip == 0) s.ip = kDefaultInternetHost;
      Ipv4 to = pickInternetDestination(net, s, q, port);
      res.destination = fmt::format("the internet ({})", formatIpv4(to));
      Flow f = makeFlow(s, to, q, port);
      f.dst_witness = true;
      res.parts.push_back({"to the internet", traceFlow(net, f)});
      break;
    }
    default: {
      Source s = *src;
      if (s.internet) pickInternetSource(net, s, dst->ip, q, port, res);
      res.source = s.desc;
      res.parts.push_back({res.destination, traceFlow(net, makeFlow(s, dst->ip, q, port))});
    }
  }
  if (!res.error.empty()) return res;
  // Through a load balancer, one working target is enough; otherwise every
  // part must get through.
  if (dst->kind == Dest::LoadBalancer) {
    bool front = !res.parts.empty() && res.parts[0].trace.reachable;
    bool anyTarget = std::any_of(res.parts.begin() + 1, res.parts.end(), [](const QueryPart& p) { return p.trace.reachable; });
    // A listener without a target group (fixed response, redirect) answers
    // at the load balancer: getting there is the whole answer.
    bool selfAnswer = false;
    if (const LoadBalancer* lb = net.stack().load_balancers.find(dst->name))
      for (const auto& l : lb->listeners) selfAnswer = selfAnswer || (l.port == port && l.target_group.empty());
    res.reachable = front && (anyTarget || selfAnswer);
  } else {
    res.reachable = std::all_of(res.parts.begin(), res.parts.end(), [](const QueryPart& p) { return p.trace.reachable; });
  }
  if (const QueryPart* d = res.deciding()) res.disposition = d->trace.disposition;
  if (res.reachable && !res.parts.empty()) {
    // Reachable is what the working path says; the targets it cannot use are named.
    const QueryPart* ok = &res.parts.back();
    for (auto it = res.parts.rbegin(); it != res.parts.rend(); ++it)
      if (it->trace.reachable) {
        ok = &*it;
        break;
      }
    res.disposition = ok->trace.disposition;
    if (dst->kind == Dest::LoadBalancer)
      for (size_t k = 1; k < res.parts.size(); ++k)
        if (!res.parts[k].trace.reachable)
          res.notes.push_back(fmt::format("{} is not reachable ({}): the load balancer sends only to the targets it reaches",
                                          res.parts[k].label, dispositionName(res.parts[k].trace.disposition)));
  }
  return res;
}


}  // namespace awssim::sim
