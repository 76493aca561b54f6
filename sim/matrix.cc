#include "sim/matrix.h"

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

#include "sim/acl.h"
#include "sim/query.h"
#include "sim/route.h"
#include "sim/trace.h"

namespace awssim::sim {

using namespace model;

namespace {

/// A set of classes, one bit each.
class Bits {
 public:
  Bits() = default;
  explicit Bits(size_t n, bool all = false) : n_(n), w_((n + 63) / 64, all ? ~uint64_t{0} : 0) { trim(); }
  void set(size_t i) { w_[i >> 6] |= uint64_t{1} << (i & 63); }
  void reset(size_t i) { w_[i >> 6] &= ~(uint64_t{1} << (i & 63)); }
  bool test(size_t i) const { return (w_[i >> 6] >> (i & 63)) & 1; }
  Bits& operator|=(const Bits& o) {
    for (size_t k = 0; k < w_.size(); ++k) w_[k] |= o.w_[k];
    return *this;
  }
  Bits& operator&=(const Bits& o) {
    for (size_t k = 0; k < w_.size(); ++k) w_[k] &= o.w_[k];
    return *this;
  }
  Bits& andNot(const Bits& o) {
    for (size_t k = 0; k < w_.size(); ++k) w_[k] &= ~o.w_[k];
    return *this;
  }
  /// The lowest member (0 for an empty set).
  size_t first() const {
    for (size_t k = 0; k < w_.size(); ++k)
      if (w_[k]) return k * 64 + static_cast<size_t>(__builtin_ctzll(w_[k]));
    return 0;
  }
  bool none() const {
    return std::all_of(w_.begin(), w_.end(), [](uint64_t x) { return x == 0; });
  }
  template <class F>
  void each(F f) const {
    for (size_t k = 0; k < w_.size(); ++k)
      for (uint64_t x = w_[k]; x; x &= x - 1) f(k * 64 + static_cast<size_t>(__builtin_ctzll(x)));
  }

 private:
  void trim() {
    if (n_ % 64 && !w_.empty()) w_.back() &= (uint64_t{1} << (n_ % 64)) - 1;
  }
  size_t n_ = 0;
  std::vector<uint64_t> w_;
};

/// Every prefix boundary the stack's rules, routes and VPCs draw: addresses
/// between two consecutive boundaries are matched by exactly the same CIDRs,
/// and routed alike by every route table.
std::vector<uint64_t> addressBoundaries(const Stack& s) {
  std::set<uint64_t> b = {0, uint64_t{1} << 32};
  auto add = [&](const Cidr& c) {
    b.insert(c.first());
    b.insert(uint64_t{c.last()} + 1);
  };
  for (const auto& sg : s.security_groups)
    for (const auto* rules : {&sg.ingress, &sg.egress})
      for (const auto& r : *rules)
        if (r.kind == PeerKind::Cidr) add(r.cidr);
  for (const auto& n : s.nacls)
    for (const auto* es : {&n.ingress, &n.egress})
      for (const auto& e : *es) add(e.cidr);
  for (const auto& rt : s.route_tables)
    for (const auto& r : rt.routes)
      if (r.cidr) add(*r.cidr);
  for (const auto& pl : s.prefix_lists)
    for (const auto& c : pl.cidrs) add(c);
  for (const auto& v : s.vpcs)
    for (const auto& c : v.cidrs) add(c);
  return {b.begin(), b.end()};
}

/// A rule as text that equal rules share (traffic and peer).
std::string ruleKey(const SgRule& r) {
  return fmt::format("{}/{}-{}/{}-{}/{}:{}", r.traffic.protocol, r.traffic.ports.from, r.traffic.ports.to,
                     r.traffic.icmp_codes.from, r.traffic.icmp_codes.to, static_cast<int>(r.kind),
                     r.kind == PeerKind::Cidr ? r.cidr.str() : r.ref);
}

/// A group's rules of one direction that can match an internet address
/// (CIDR and prefix-list peers), as text that equal rule sets share.
std::string internetRules(const Network& net, const std::vector<int>& sgs, bool egress) {
  std::vector<std::string> rules;
  for (int g : sgs)
    for (const SgRule& r : egress ? net.sg(g).egress : net.sg(g).ingress)
      if (r.kind != PeerKind::SecurityGroup) rules.push_back(ruleKey(r));
  std::sort(rules.begin(), rules.end());
  return fmt::format("{}", fmt::join(rules, ";"));
}

struct ClassInfo {
  int rep = -1, second = -1;  // interfaces: the first member and another one
  int vpc = -1, subnet = -1;  // subnet: the representative's
  bool custom_nacl = false;   // the subnet has a NACL of its own (then the class is that one subnet)
  size_t atom = 0;
  bool unique = true;  // its addresses belong to no other interface
  // Keys of the traces that stand for the class with the internet at the far end.
  std::string internet_in, internet_out;
};

class Engine {
 public:
  Engine(const Network& net, const MatrixOptions& opts, Matrix& m) : net_(net), opts_(opts), m_(m) {}

  void run() {
    makeClasses();
    // What the VPCs' classes are (members, ranges, tables, NACL groups) does
    // not depend on the port: built once.
    for (size_t v = 0; v < by_vpc_.size(); ++v) vpcs_.push_back(vpcSets(static_cast<int>(v)));
    for (size_t p = 0; p < opts_.ports.size(); ++p) port(p);
  }

 private:
  const std::vector<NetEni>& enis() const { return net_.enis(); }

  void makeClasses() {
    const auto& es = enis();
    std::vector<int> order(es.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
    std::sort(order.begin(), order.end(), [&](int a, int b) { return es[a].name < es[b].name; });
    bounds_ = addressBoundaries(net_.stack());

    // Class 0 is the internet.
    m_.endpoints.push_back("internet");
    m_.class_of.push_back(0);
    m_.members.push_back({0});
    m_.class_labels.push_back("internet");
    info_.push_back({});
    using Key = std::tuple<int, const RouteTable*, int, std::vector<int>, bool, int, size_t, bool, bool, bool, std::string>;
    std::map<Key, int> classes;
    // A transit gateway serves only the zones its attachment has a subnet
    // in: in an attached VPC, the zone tells interfaces apart too.
    std::set<std::string> attached;
    for (const auto& t : net_.stack().transit_gateways)
      for (const auto& a : t.attachments) attached.insert(a.vpc);
    std::vector<std::set<std::string>> subnetNames = {{}};
    for (int e : order) {
      const NetEni& x = es[e];
      const NetSubnet& ns = net_.subnets()[x.subnet];
      std::vector<int> sgs = x.sgs;
      std::sort(sgs.begin(), sgs.end());
      size_t atom = atomOf(x.ip);
      bool unique = net_.eniByPrivateIp(x.ip) == e && (!x.public_ip || net_.eniByPublicIp(*x.public_ip) == e);
      // Under the default NACL a subnet is told apart from its siblings only
      // by its route table; a NACL of its own makes it a class of its own.
      Key k{ns.vpc, ns.route_table, ns.nacl ? x.subnet : -1, sgs, x.public_ip.has_value(), static_cast<int>(x.kind),
            atom,   x.windows,      x.source_dest_check,   unique, attached.count(net_.vpc(ns.vpc).name) ? ns.subnet->az : ""};
      auto [it, fresh] = classes.emplace(k, static_cast<int>(m_.members.size()));
      if (fresh) {
        m_.members.emplace_back();
        ClassInfo c;
        c.rep = e;
        c.vpc = ns.vpc;
        c.subnet = x.subnet;
        c.custom_nacl = ns.nacl != nullptr;
        c.atom = atom;
        c.unique = unique;
        c.internet_in = fmt::format("{}|{}|{}|{}|{}|{}|{}|{}", ns.vpc, fmt::ptr(ns.route_table), fmt::ptr(ns.nacl),
                                    static_cast<int>(x.kind), x.public_ip.has_value(), unique, ns.subnet->az,
                                    internetRules(net_, sgs, false));
        c.internet_out = fmt::format("{}|{}|{}|{}|{}|{}|{}|{}|{}", ns.vpc, fmt::ptr(ns.route_table), fmt::ptr(ns.nacl),
                                     static_cast<int>(x.kind), x.public_ip.has_value(), x.windows, ns.subnet->az,
                                     x.source_dest_check, internetRules(net_, sgs, true));
        info_.push_back(std::move(c));
        subnetNames.emplace_back();
      } else if (info_[it->second].second < 0) {
        info_[it->second].second = e;
      }
      subnetNames[it->second].insert(ns.subnet->name);
      m_.endpoints.push_back(x.name);
      m_.class_of.push_back(it->second);
      m_.members[it->second].push_back(static_cast<int>(m_.endpoints.size() - 1));
    }
    // Classes numbered VPC by VPC (by first member's name within one): a
    // VPC's classes are then one range, which keeps source sets short.
    std::vector<size_t> perm(info_.size());  // new number -> old
    for (size_t k = 0; k < perm.size(); ++k) perm[k] = k;
    std::stable_sort(perm.begin() + 1, perm.end(), [&](size_t a, size_t b) { return info_[a].vpc < info_[b].vpc; });
    std::vector<int> renumbered(perm.size());
    std::vector<ClassInfo> info(perm.size());
    std::vector<std::vector<int>> members(perm.size());
    std::vector<std::set<std::string>> subnets(perm.size());
    for (size_t k = 0; k < perm.size(); ++k) {
      renumbered[perm[k]] = static_cast<int>(k);
      info[k] = std::move(info_[perm[k]]);
      members[k] = std::move(m_.members[perm[k]]);
      subnets[k] = std::move(subnetNames[perm[k]]);
    }
    info_ = std::move(info);
    m_.members = std::move(members);
    subnetNames = std::move(subnets);
    for (int& c : m_.class_of) c = renumbered[c];
    for (size_t c = 1; c < info_.size(); ++c) {
      const NetEni& x = es[info_[c].rep];
      std::vector<std::string> names;
      for (int g : x.sgs) names.push_back(net_.sg(g).name);
      std::sort(names.begin(), names.end());
      const auto& subs = subnetNames[c];
      std::string where = subs.size() == 1 ? "subnet " + *subs.begin() : "subnets ";
      if (subs.size() > 1) {
        std::vector<std::string> shown(subs.begin(), std::next(subs.begin(), std::min<size_t>(3, subs.size())));
        where += fmt::format("{}", fmt::join(shown, ", "));
        if (subs.size() > 3) where += fmt::format(" (+{} more)", subs.size() - 3);
      }
      m_.class_labels.push_back(fmt::format("{} · sg {} · {}{}", where,
                                            names.empty() ? "none" : fmt::format("{}", fmt::join(names, ", ")),
                                            eniKindName(x.kind), x.public_ip ? " · public" : ""));
    }
    // Per VPC: its classes, and per class its position there.
    by_vpc_.assign(net_.stack().vpcs.size(), {});
    for (size_t c = 1; c < info_.size(); ++c) by_vpc_[info_[c].vpc].push_back(static_cast<int>(c));
  }

  size_t atomOf(Ipv4 ip) const {
    return std::upper_bound(bounds_.begin(), bounds_.end(), uint64_t{ip}) - bounds_.begin();
  }

  TrafficQuery forward(size_t p) const {
    TrafficQuery q;
    q.protocol = opts_.protocol;
    q.ports = PortRange::single(hasPorts(opts_.protocol) || opts_.protocol == proto::kIcmp ? opts_.ports[p] : 0);
    return q;
  }

  TrafficQuery reply(size_t p, int srcEni) const {
    TrafficQuery q = forward(p);
    if (hasPorts(opts_.protocol)) {
      Flow f;
      f.src_eni = srcEni;
      q.ports = clientEphemeralRange(net_, f);
    } else if (opts_.protocol == proto::kIcmp && opts_.ports[p] == 8) {
      q.ports = PortRange::single(0);
    }
    return q;
  }

  bool traced(int src, int dst, size_t p) {
    ++m_.traces;
    return traceCell(net_, src, dst, opts_.protocol, opts_.ports[p]).reachable;
  }

  bool cached(std::unordered_map<std::string, bool>& cache, const std::string& key, int src, int dst, size_t p) {
    auto it = cache.find(key);
    if (it != cache.end()) return it->second;
    bool r = traced(src, dst, p);
    cache.emplace(key, r);
    return r;
  }

  /// The state of one VPC for one port: sets over its classes.
  struct VpcSets {
    std::vector<int> classes;                // local position -> class
    std::map<int, Bits> members;             // security group -> classes carrying it
    std::map<std::pair<Ipv4, Ipv4>, Bits> cidrs;  // address range -> classes inside it
    Bits originating;
    Bits unfiltered_out;  // sources no group filters: load balancer nodes without groups
    std::map<const RouteTable*, Bits> by_table;  // route table (nullptr: the main one) -> classes using it
    std::map<std::tuple<const Nacl*, size_t, bool>, Bits> by_nacl;  // (NACL, atom, windows) -> classes
  };

  const Bits& cidrBits(VpcSets& v, const Cidr& c) {
    auto key = std::make_pair(c.first(), c.last());
    auto it = v.cidrs.find(key);
    if (it != v.cidrs.end()) return it->second;
    Bits b(v.classes.size());
    for (size_t i = 0; i < v.classes.size(); ++i)
      if (c.contains(enis()[info_[v.classes[i]].rep].ip)) b.set(i);
    return v.cidrs.emplace(key, std::move(b)).first->second;
  }

  /// Classes of the VPC a rule's peer matches (as the far end of the flow).
  void peerBits(VpcSets& v, const SgRule& r, Bits& out) {
    switch (r.kind) {
      case PeerKind::Cidr: out |= cidrBits(v, r.cidr); break;
      case PeerKind::PrefixList:
        if (const PrefixList* pl = net_.stack().prefix_lists.find(r.ref))
          for (const auto& c : pl->cidrs) out |= cidrBits(v, c);
        break;
      case PeerKind::SecurityGroup: {
        int g = net_.sgIndex(r.ref);
        if (auto it = v.members.find(g); g >= 0 && it != v.members.end()) out |= it->second;
        break;
      }
    }
  }

  /// Classes of the VPC whose peer matches some rule of the groups for the traffic.
  Bits admitted(VpcSets& v, const std::vector<int>& sgs, bool egress, const TrafficQuery& q) {
    Bits out(v.classes.size());
    for (int g : sgs)
      for (const SgRule& r : egress ? net_.sg(g).egress : net_.sg(g).ingress)
        if (trafficMatchesProtocol(r.traffic, q) && trafficRange(r.traffic, q)) peerBits(v, r, out);
    return out;
  }

  VpcSets vpcSets(int vpc) {
    VpcSets v;
    v.classes = by_vpc_[vpc];
    size_t n = v.classes.size();
    v.originating = Bits(n);
    v.unfiltered_out = Bits(n);
    for (size_t i = 0; i < n; ++i) {
      const ClassInfo& c = info_[v.classes[i]];
      const NetEni& x = enis()[c.rep];
      const NetSubnet& ns = net_.subnets()[c.subnet];
      for (int g : x.sgs) {
        auto& b = v.members[g];
        if (b.none()) b = Bits(n);
        b.set(i);
      }
      if (originates(x.kind)) v.originating.set(i);
      if (x.kind == EniKind::LoadBalancer && x.sgs.empty()) v.unfiltered_out.set(i);
      auto& t = v.by_table[ns.route_table];
      if (t.none()) t = Bits(n);
      t.set(i);
      auto& a = v.by_nacl[{ns.nacl, c.atom, x.windows}];
      if (a.none()) a = Bits(n);
      a.set(i);
    }
    return v;
  }

  /// The route a table gives an address, as the tracer would take it: local
  /// delivery, nothing (no route, blackhole), or a gateway that must be traced.
  enum class Way { Local, None, Trace };
  Way way(int subnet, Ipv4 dst) const {
    auto m = lookupRoute(net_, subnet, dst);
    if (!m) return Way::None;
    if (m->local || m->route->target == RouteTarget::Local) return Way::Local;
    if (m->route->target == RouteTarget::Blackhole) return Way::None;
    // Interfaces' private addresses are not on the internet.
    if (m->route->target == RouteTarget::InternetGateway && unroutableOnInternet(net_, dst)) return Way::None;
    return Way::Trace;
  }

  void port(size_t p) {
    size_t n = info_.size();
    m_.source_sets.emplace_back();
    m_.set_of.emplace_back(n, 0);
    index_.clear();
    TrafficQuery q = forward(p);
    std::unordered_map<std::string, bool> inCache, outCache;

    std::vector<VpcSets>& vpcs = vpcs_;
    for (size_t vi = 0; vi < vpcs.size(); ++vi) {
      VpcSets& v = vpcs[vi];
      size_t ln = v.classes.size();
      if (ln == 0) continue;
      // out[b]: the VPC's classes whose egress admits class b. Built from the
      // groups' side, so the work is the answer's density: each group adds
      // its members to the destinations its egress admits.
      std::vector<Bits> out(ln, Bits(ln));
      std::map<std::string, std::vector<int>> profiles;  // identical egress rule lists share the work
      for (const auto& [g, members] : v.members) {
        std::string key;
        for (const SgRule& r : net_.sg(g).egress) key += ruleKey(r) + "|";
        profiles[key].push_back(g);
      }
      for (const auto& [key, groups] : profiles) {
        Bits sources(ln), dsts = admitted(v, {groups.front()}, true, q);
        for (int g : groups) sources |= v.members.at(g);
        sources &= v.originating;
        if (sources.none()) continue;
        dsts.each([&](size_t b) { out[b] |= sources; });
      }
      if (!v.unfiltered_out.none())
        for (auto& o : out) o |= v.unfiltered_out;
      std::map<std::vector<int>, Bits> inMemo;
      for (size_t lb = 0; lb < ln; ++lb) {
        int b = v.classes[lb];
        const ClassInfo& bc = info_[b];
        const NetEni& d = enis()[bc.rep];
        Bits r(n);
        if (d.kind == EniKind::NatGateway) {  // it accepts no connections to itself
          intern(p, b, r);
          continue;
        }
        if (!bc.unique) {
          // Another interface shares the address: trace every source as the
          // packets would go.
          if (cached(inCache, bc.internet_in + "#" + std::to_string(b), -1, bc.rep, p)) r.set(0);
          for (size_t a = 1; a < n; ++a)
            if (originates(enis()[info_[a].rep].kind)) {
              int dst = static_cast<int>(a) == b ? info_[a].second : bc.rep;
              if (dst >= 0 && traced(info_[a].rep, dst, p)) r.set(a);
            }
          intern(p, b, r);
          continue;
        }
        if (cached(inCache, bc.internet_in, -1, bc.rep, p)) r.set(0);

        // Local sources: admitted in, let out, routed locally, passed by NACLs.
        std::vector<int> sgs = d.sgs;
        std::sort(sgs.begin(), sgs.end());
        auto memo = inMemo.find(sgs);
        if (memo == inMemo.end()) {
          Bits in = d.kind == EniKind::LoadBalancer && sgs.empty() ? Bits(ln, true) : admitted(v, sgs, false, q);
          memo = inMemo.emplace(sgs, std::move(in)).first;
        }
        Bits local = memo->second;
        local &= out[lb];
        Bits routed(ln);
        for (const auto& [table, members] : v.by_table) {
          int subnet = info_[v.classes[firstOf(members)]].subnet;
          Way w = way(subnet, d.ip);
          if (w == Way::Local) {
            routed |= members;
          } else if (w == Way::Trace) {
            Bits t = members;
            t &= v.originating;
            t.each([&](size_t la) {
              int a = v.classes[la];
              int dst = a == b ? bc.second : bc.rep;
              if (dst >= 0 && traced(info_[a].rep, dst, p)) r.set(a);
            });
          }
        }
        local &= routed;
        naclFilter(v, bc, p, local);
        if (local.test(lb) && bc.second < 0) local.reset(lb);  // a class reaching itself needs two members
        local.each([&](size_t la) { r.set(v.classes[la]); });

        // Sources in other VPCs reach it only through a gateway.
        for (size_t wi = 0; wi < vpcs.size(); ++wi) {
          if (wi == vi) continue;
          for (const auto& [table, members] : vpcs[wi].by_table) {
            int subnet = info_[vpcs[wi].classes[firstOf(members)]].subnet;
            if (way(subnet, d.ip) == Way::None) continue;
            Bits t = members;
            t &= vpcs[wi].originating;
            t.each([&](size_t la) {
              int a = vpcs[wi].classes[la];
              if (traced(info_[a].rep, bc.rep, p)) r.set(a);
            });
          }
        }
        intern(p, b, r);
      }
    }
    // The internet as the destination.
    Bits r(n);
    for (size_t a = 1; a < n; ++a)
      if (originates(enis()[info_[a].rep].kind) && cached(outCache, info_[a].internet_out, info_[a].rep, -1, p))
        r.set(a);
    intern(p, 0, r);
  }

  static size_t firstOf(const Bits& b) { return b.first(); }

  /// Drops the sources whose flow to class b a NACL stops, forward or reply.
  /// Sources are judged a group at a time (same NACL, address atom and
  /// ephemeral range); inside one subnet no NACL applies.
  void naclFilter(VpcSets& v, const ClassInfo& bc, size_t p, Bits& local) {
    const NetSubnet& dsn = net_.subnets()[bc.subnet];
    for (const auto& [key, members] : v.by_nacl) {
      if (!std::get<0>(key) && !dsn.nacl) continue;  // the default NACL on both sides allows all
      const ClassInfo& ac = info_[v.classes[firstOf(members)]];
      if (passes(ac, bc, p)) continue;
      Bits denied(v.classes.size());
      members.each([&](size_t i) {
        const ClassInfo& c = info_[v.classes[i]];
        // A class with a NACL of its own is one subnet.
        if (!(c.subnet == bc.subnet && c.custom_nacl && bc.custom_nacl)) denied.set(i);
      });
      local.andNot(denied);
    }
  }

  bool passes(const ClassInfo& ac, const ClassInfo& bc, size_t p) {
    const NetSubnet& from = net_.subnets()[ac.subnet];
    const NetSubnet& to = net_.subnets()[bc.subnet];
    const NetEni& s = enis()[ac.rep];
    const NetEni& d = enis()[bc.rep];
    auto key = std::make_tuple(from.nacl, to.nacl, ac.atom, bc.atom, s.windows, p);
    if (auto it = nacl_memo_.find(key); it != nacl_memo_.end()) return it->second;
    TrafficQuery q = forward(p), rq = reply(p, ac.rep);
    bool ok = evalNacl(from.nacl, true, q, d.ip, from.nacl_order.get()).allowsAll(q) &&
              evalNacl(to.nacl, false, q, s.ip, to.nacl_order.get()).allowsAll(q) &&
              evalNacl(to.nacl, true, rq, s.ip, to.nacl_order.get()).allowsAll(rq) &&
              evalNacl(from.nacl, false, rq, d.ip, from.nacl_order.get()).allowsAll(rq);
    nacl_memo_.emplace(key, ok);
    return ok;
  }

  /// Destinations reached from the same sources share one stored set.
  void intern(size_t p, size_t b, const Bits& sources) {
    std::vector<int> s;
    sources.each([&](size_t a) { s.push_back(static_cast<int>(a)); });
    auto [it, fresh] = index_.emplace(std::move(s), static_cast<int>(m_.source_sets[p].size()));
    if (fresh) m_.source_sets[p].push_back(it->first);
    m_.set_of[p][b] = it->second;
  }

  const Network& net_;
  const MatrixOptions& opts_;
  Matrix& m_;
  std::vector<uint64_t> bounds_;
  std::vector<ClassInfo> info_;
  std::vector<std::vector<int>> by_vpc_;
  std::vector<VpcSets> vpcs_;
  struct SetHash {
    size_t operator()(const std::vector<int>& v) const {
      uint64_t h = 1469598103934665603ULL;
      for (int x : v) h = (h ^ static_cast<uint64_t>(x)) * 1099511628211ULL;
      return static_cast<size_t>(h);
    }
  };
  std::unordered_map<std::vector<int>, int, SetHash> index_;  // the current port's sets
  std::map<std::tuple<const Nacl*, const Nacl*, size_t, size_t, bool, size_t>, bool> nacl_memo_;
};

}  // namespace

bool originates(EniKind k) {
  return k == EniKind::Instance || k == EniKind::Extra || k == EniKind::InstanceConnect || k == EniKind::EcsInstance ||
         k == EniKind::LoadBalancer;  // a load balancer node connects to its targets
}

QueryResult traceCell(const Network& net, int src, int dst, int protocol, int port) {
  const auto& enis = net.enis();
  if (src < 0 || dst < 0)
    return runQuery(net, Query{src < 0 ? "internet" : enis[src].name, dst < 0 ? "internet" : enis[dst].name, protocol,
                               port, std::nullopt, std::nullopt});
  Flow f;
  f.src_eni = src;
  f.src_ip = enis[src].ip;
  f.dst_ip = enis[dst].ip;
  f.protocol = protocol;
  f.dst_port = port;
  QueryResult r;
  Trace t = traceFlow(net, f);
  r.reachable = t.reachable;
  r.disposition = t.disposition;
  r.source = enis[src].name;
  r.destination = enis[dst].name;
  r.parts.push_back({"", std::move(t)});
  return r;
}

bool Matrix::opens(size_t a, size_t b, size_t p) const {
  const auto& s = source_sets[p][set_of[p][b]];
  return std::binary_search(s.begin(), s.end(), static_cast<int>(a));
}

std::string Matrix::cell(size_t i, size_t j) const { return classCell(class_of[i], class_of[j]); }

std::string Matrix::classCell(size_t a, size_t b) const {
  std::vector<std::string> out;
  for (size_t p = 0; p < ports.size(); ++p)
    if (opens(a, b, p)) out.push_back(std::to_string(ports[p]));
  return out.empty() ? "-" : fmt::format("{}", fmt::join(out, ","));
}

std::vector<int> stackPorts(const Stack& stack, size_t limit) {
  std::set<int> ports;
  for (const auto& sg : stack.security_groups)
    for (const auto& r : sg.ingress)
      if ((r.traffic.protocol == proto::kTcp || r.traffic.protocol == proto::kAll) && r.traffic.ports.from == r.traffic.ports.to)
        ports.insert(r.traffic.ports.from);
  for (const auto& e : stack.expectations)
    if (e.port && e.protocol == proto::kTcp) ports.insert(*e.port);
  for (const auto& lb : stack.load_balancers)
    for (const auto& l : lb.listeners) ports.insert(l.port);
  std::vector<int> out(ports.begin(), ports.end());
  if (out.size() > limit) out.resize(limit);
  if (out.empty()) out = {22, 80, 443};
  return out;
}

Matrix computeMatrix(const Network& net, const MatrixOptions& opts) {
  Matrix m;
  m.ports = opts.ports;
  Engine(net, opts, m).run();
  return m;
}

void noteInternetSources(const Network& net, Matrix& m, int protocol) {
  AddressSet whole = internetSpace(net);
  for (size_t b = 1; b < m.members.size(); ++b)
    for (size_t p = 0; p < m.ports.size(); ++p) {
      if (!m.opens(0, b, p)) continue;
      int eni = net.eniByName(m.endpoints[m.members[b].front()]);
      if (eni < 0) continue;
      AddressSet hosts = internetHostsReaching(net, eni, protocol, m.ports[p]);
      if (!hosts.empty() && hosts != whole)
        m.internet_only[{static_cast<int>(b), static_cast<int>(p)}] = describeAddresses(hosts, whole);
    }
}

std::vector<MatrixPath> matrixPaths(const Network& net, const Matrix& m, int protocol) {
  std::vector<MatrixPath> out;
  const auto& enis = net.enis();
  // Endpoint 0 is the internet; endpoint i > 0 is the i-th interface by name.
  std::vector<int> eniOf(m.endpoints.size(), -1);
  for (size_t i = 1; i < m.endpoints.size(); ++i) eniOf[i] = net.eniByName(m.endpoints[i]);
  for (size_t i = 0; i < m.endpoints.size(); ++i) {
    if (i > 0 && !originates(enis[eniOf[i]].kind)) continue;
    for (size_t j = 0; j < m.endpoints.size(); ++j) {
      if (i == j) continue;
      for (int port : m.ports) {
        out.push_back({i, j, port, traceCell(net, eniOf[i], eniOf[j], protocol, port)});
      }
    }
  }
  return out;
}

}  // namespace awssim::sim
