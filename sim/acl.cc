#include "sim/acl.h"

#include <algorithm>
#include <fmt/format.h>

namespace awssim::sim {

using namespace model;
namespace icl = boost::icl;

PortSet portSet(PortRange r) {
  PortSet s;
  s += icl::interval<int>::closed(r.from, r.to);
  return s;
}

std::string describePorts(const PortSet& s) {
  std::vector<std::string> parts;
  for (const auto& iv : s) {
    int lo = icl::first(iv), hi = icl::last(iv);
    parts.push_back(lo == hi ? std::to_string(lo) : fmt::format("{}-{}", lo, hi));
  }
  return parts.empty() ? "none" : fmt::format("{}", fmt::join(parts, ","));
}

AddressSet addressSet(const Cidr& c) {
  AddressSet s;
  s += icl::interval<Ipv4>::closed(c.first(), c.last());
  return s;
}

bool trafficMatchesProtocol(const Traffic& t, const TrafficQuery& q) {
  if (t.protocol == proto::kAll) return true;
  if (t.protocol != q.protocol) return false;
  if (q.protocol == proto::kIcmp) return t.icmp_codes.contains(q.icmp_code);
  return true;
}

// For tcp/udp the rule's port range; for ICMP its type range; for every
// other protocol (and "all") ports do not apply, so the whole query matches.
PortSet trafficPorts(const Traffic& t, const TrafficQuery& q) {
  PortSet want = portSet(q.ports);
  if (t.protocol == proto::kAll || !(hasPorts(q.protocol) || q.protocol == proto::kIcmp)) return want;
  return want & portSet(t.ports);
}

bool SgVerdict::allowsAll(const TrafficQuery& q) const { return icl::contains(allowed, portSet(q.ports)); }
bool NaclVerdict::allowsAll(const TrafficQuery& q) const { return icl::contains(allowed, portSet(q.ports)); }

static bool peerMatches(const Network& net, const SgRule& r, const Peer& peer) {
  switch (r.kind) {
    case PeerKind::Cidr: return r.cidr.contains(peer.ip);
    case PeerKind::PrefixList: {
      const PrefixList* pl = net.stack().prefix_lists.find(r.ref);
      return pl && std::any_of(pl->cidrs.begin(), pl->cidrs.end(), [&](const Cidr& c) { return c.contains(peer.ip); });
    }
    case PeerKind::SecurityGroup: {
      if (peer.eni < 0) return false;
      int sg = net.sgIndex(r.ref);
      return sg >= 0 && net.eniHasSg(peer.eni, sg);
    }
  }
  return false;
}

SgVerdict evalSecurityGroups(const Network& net, const std::vector<int>& sgs, bool egress, const TrafficQuery& q,
                             const Peer& peer) {
  SgVerdict v;
  for (int g : sgs) {
    const SecurityGroup& sg = net.sg(g);
    for (const SgRule& r : egress ? sg.egress : sg.ingress) {
      if (!trafficMatchesProtocol(r.traffic, q) || !peerMatches(net, r, peer)) continue;
      PortSet p = trafficPorts(r.traffic, q);
      if (p.empty()) continue;
      if (!v.rule && icl::contains(p, q.ports.from)) {
        v.sg = g;
        v.rule = &r;
      }
      v.allowed += p;
    }
  }
  return v;
}

AddressSet sgAllowedAddresses(const Network& net, const std::vector<int>& sgs, bool egress, const TrafficQuery& q) {
  AddressSet out;
  for (int g : sgs) {
    const SecurityGroup& sg = net.sg(g);
    for (const SgRule& r : egress ? sg.egress : sg.ingress) {
      if (!trafficMatchesProtocol(r.traffic, q) || !icl::contains(trafficPorts(r.traffic, q), portSet(q.ports)))
        continue;
      if (r.kind == PeerKind::Cidr) out += addressSet(r.cidr);
      if (r.kind == PeerKind::PrefixList)
        if (const PrefixList* pl = net.stack().prefix_lists.find(r.ref))
          for (const auto& c : pl->cidrs) out += addressSet(c);
    }
  }
  return out;
}

// Entries sorted by rule number; the loader keeps them as written.
static std::vector<const NaclEntry*> ordered(const Nacl& n, bool egress) {
  std::vector<const NaclEntry*> out;
  for (const auto& e : egress ? n.egress : n.ingress) out.push_back(&e);
  std::sort(out.begin(), out.end(), [](auto* a, auto* b) { return a->number < b->number; });
  return out;
}

NaclVerdict evalNacl(const Nacl* nacl, bool egress, const TrafficQuery& q, Ipv4 remote) {
  NaclVerdict v;
  if (!nacl) {
    v.allowed = portSet(q.ports);
    v.is_default = true;
    return v;
  }
  PortSet remaining = portSet(q.ports);
  for (const NaclEntry* e : ordered(*nacl, egress)) {
    if (remaining.empty()) break;
    if (!e->cidr.contains(remote) || !trafficMatchesProtocol(e->traffic, q)) continue;
    PortSet hit = trafficPorts(e->traffic, q) & remaining;
    if (hit.empty()) continue;
    if (!v.entry && icl::contains(hit, q.ports.from)) v.entry = e;
    if (e->allow) v.allowed += hit;
    remaining -= hit;
  }
  return v;
}

AddressSet naclAllowedAddresses(const Nacl* nacl, bool egress, const TrafficQuery& q) {
  AddressSet all;
  all += icl::interval<Ipv4>::closed(0, 0xffffffffu);
  if (!nacl) return all;
  AddressSet remaining = all, allowed;
  for (const NaclEntry* e : ordered(*nacl, egress)) {
    if (!trafficMatchesProtocol(e->traffic, q) || !icl::contains(trafficPorts(e->traffic, q), portSet(q.ports)))
      continue;
    AddressSet hit = addressSet(e->cidr) & remaining;
    if (e->allow) allowed += hit;
    remaining -= hit;
  }
  return allowed;
}

}  // namespace awssim::sim
