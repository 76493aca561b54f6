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
// The result is always one range (the query's, cut to the rule's), so it is
// computed without building sets: rules are matched by the thousand.
std::optional<PortRange> trafficRange(const Traffic& t, const TrafficQuery& q) {
  if (t.protocol == proto::kAll || !(hasPorts(q.protocol) || q.protocol == proto::kIcmp)) return q.ports;
  int lo = std::max(q.ports.from, t.ports.from), hi = std::min(q.ports.to, t.ports.to);
  if (lo > hi) return std::nullopt;
  return PortRange{lo, hi};
}

PortSet trafficPorts(const Traffic& t, const TrafficQuery& q) {
  auto r = trafficRange(t, q);
  return r ? portSet(*r) : PortSet();
}

/// Whether the rule's ports hold every port of the query.
static bool coversQuery(const Traffic& t, const TrafficQuery& q) {
  auto r = trafficRange(t, q);
  return r && r->from == q.ports.from && r->to == q.ports.to;
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
      if (!trafficMatchesProtocol(r.traffic, q)) continue;
      auto p = trafficRange(r.traffic, q);
      if (!p || !peerMatches(net, r, peer)) continue;
      if (!v.rule && p->from <= q.ports.from && q.ports.from <= p->to) {
        v.sg = g;
        v.rule = &r;
      }
      v.allowed += icl::interval<int>::closed(p->from, p->to);
    }
  }
  return v;
}

AddressSet sgAllowedAddresses(const Network& net, const std::vector<int>& sgs, bool egress, const TrafficQuery& q) {
  AddressSet out;
  for (int g : sgs) {
    const SecurityGroup& sg = net.sg(g);
    for (const SgRule& r : egress ? sg.egress : sg.ingress) {
      if (!trafficMatchesProtocol(r.traffic, q) || !coversQuery(r.traffic, q)) continue;
      if (r.kind == PeerKind::Cidr) out += addressSet(r.cidr);
      if (r.kind == PeerKind::PrefixList)
        if (const PrefixList* pl = net.stack().prefix_lists.find(r.ref))
          for (const auto& c : pl->cidrs) out += addressSet(c);
    }
  }
  return out;
}

// Entries sorted by rule number (the loader keeps them as written): the
// network's order when given, else sorted here.
static const std::vector<const NaclEntry*>& ordered(const Nacl& n, bool egress, const NaclOrder* order,
                                                    std::vector<const NaclEntry*>& scratch) {
  if (order) return egress ? order->egress : order->ingress;
  for (const auto& e : egress ? n.egress : n.ingress) scratch.push_back(&e);
  std::stable_sort(scratch.begin(), scratch.end(), [](auto* a, auto* b) { return a->number < b->number; });
  return scratch;
}

// NACLs up to this size are walked; larger ones get a decision table.
constexpr size_t kNaclTableFrom = 64;
// The tables are per remote address; a bound keeps a matrix over a large
// account from holding one for every interface at once.
constexpr size_t kMaxNaclTables = 4096;

static const std::vector<NaclOrder::Piece>& decisions(const NaclOrder& order, bool egress, const TrafficQuery& q,
                                                      Ipv4 remote) {
  int code = q.protocol == proto::kIcmp ? q.icmp_code : 0;
  auto key = std::make_tuple(egress, q.protocol, code, remote);
  if (auto it = order.decisions.find(key); it != order.decisions.end()) return it->second;
  if (order.decisions.size() >= kMaxNaclTables) order.decisions.clear();
  TrafficQuery all = q;
  all.ports = PortRange::all();
  std::vector<NaclOrder::Piece> pieces;
  PortSet undecided = portSet(PortRange::all());
  for (const NaclEntry* e : egress ? order.egress : order.ingress) {
    if (undecided.empty()) break;
    if (!e->cidr.contains(remote) || !trafficMatchesProtocol(e->traffic, all)) continue;
    auto range = trafficRange(e->traffic, all);
    if (!range) continue;
    PortSet hit = portSet(*range) & undecided;
    for (const auto& iv : hit) pieces.push_back({icl::first(iv), icl::last(iv), e});
    undecided -= hit;
  }
  std::sort(pieces.begin(), pieces.end(), [](const auto& a, const auto& b) { return a.from < b.from; });
  return order.decisions.emplace(key, std::move(pieces)).first->second;
}

NaclVerdict evalNacl(const Nacl* nacl, bool egress, const TrafficQuery& q, Ipv4 remote, const NaclOrder* order) {
  NaclVerdict v;
  if (!nacl) {
    v.allowed = portSet(q.ports);
    v.is_default = true;
    return v;
  }
  if (order && (egress ? order->egress : order->ingress).size() >= kNaclTableFrom) {
    const auto& pieces = decisions(*order, egress, q, remote);
    auto it = std::partition_point(pieces.begin(), pieces.end(), [&](const auto& p) { return p.to < q.ports.from; });
    for (; it != pieces.end() && it->from <= q.ports.to; ++it) {
      int lo = std::max(it->from, q.ports.from), hi = std::min(it->to, q.ports.to);
      if (!v.entry && lo == q.ports.from) v.entry = it->entry;
      if (it->entry->allow) v.allowed += icl::interval<int>::closed(lo, hi);
    }
    return v;
  }
  PortSet remaining = portSet(q.ports);
  std::vector<const NaclEntry*> scratch;
  for (const NaclEntry* e : ordered(*nacl, egress, order, scratch)) {
    if (remaining.empty()) break;
    if (!e->cidr.contains(remote) || !trafficMatchesProtocol(e->traffic, q)) continue;
    auto range = trafficRange(e->traffic, q);
    if (!range) continue;
    PortSet hit = portSet(*range) & remaining;
    if (hit.empty()) continue;
    if (!v.entry && icl::contains(hit, q.ports.from)) v.entry = e;
    if (e->allow) v.allowed += hit;
    remaining -= hit;
  }
  return v;
}

AddressSet naclAllowedAddresses(const Nacl* nacl, bool egress, const TrafficQuery& q, const NaclOrder* order) {
  AddressSet all;
  all += icl::interval<Ipv4>::closed(0, 0xffffffffu);
  if (!nacl) return all;
  AddressSet remaining = all, allowed;
  std::vector<const NaclEntry*> scratch;
  for (const NaclEntry* e : ordered(*nacl, egress, order, scratch)) {
    if (!trafficMatchesProtocol(e->traffic, q) || !coversQuery(e->traffic, q)) continue;
    AddressSet hit = addressSet(e->cidr) & remaining;
    if (e->allow) allowed += hit;
    remaining -= hit;
  }
  return allowed;
}

}  // namespace awssim::sim
