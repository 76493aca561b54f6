#include "sim/reach_diff.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <thread>
#include <tuple>
#include <unordered_map>

#include "sim/matrix.h"
#include "sim/query.h"

namespace awssim::sim {

using model::hasPorts;
using model::Location;
using model::protocolName;
namespace icl = boost::icl;
namespace proto = model::proto;

bool ReachChange::fromInternet() const { return !sources.empty() && sources.front() == 0; }
bool ReachChange::toInternet() const { return !destinations.empty() && destinations.front() == 0; }

std::string describeTraffic(int protocol, const PortSet& ports) {
  if (protocol == proto::kAll) return "every other protocol";
  if (protocol == proto::kTcp || protocol == proto::kUdp)
    return fmt::format("{} {}", protocolName(protocol),
                       ports == portSet(model::PortRange::all()) ? "all ports" : describePorts(ports));
  if (protocol == proto::kIcmp)
    return icl::contains(ports, portSet({0, 255})) ? "icmp (all types)" : fmt::format("icmp type {}", describePorts(ports));
  return fmt::format("protocol {}", protocol);
}

namespace {

// An interface's AWS ID where the model knows one (instances and extra ENIs).
std::string awsIdOf(const Network& net, const NetEni& e) {
  const auto& s = net.stack();
  if (e.kind == EniKind::Instance)
    if (const auto* i = s.instances.find(e.owner)) return i->id;
  if (e.kind == EniKind::Extra)
    if (const auto* x = s.enis.find(e.name)) return x->id;
  return "";
}

// Protocols to compare, each with the intervals of its port (or ICMP type)
// space inside which every rule of both versions agrees; other protocols
// are one interval each.
struct ProtocolPlan {
  int protocol = proto::kTcp;  // the protocol traced
  int shown = proto::kTcp;     // as reported (kAll for the rest)
  std::vector<std::pair<int, int>> intervals;
};

std::vector<ProtocolPlan> plan(const model::Stack& a, const model::Stack& b) {
  std::vector<ProtocolPlan> out;
  for (int p : {proto::kTcp, proto::kUdp, proto::kIcmp}) {
    std::set<int> bounds = portBoundaries(a, p);
    bounds.merge(portBoundaries(b, p));
    std::vector<int> v(bounds.begin(), bounds.end());
    ProtocolPlan pp{p, p, {}};
    for (size_t i = 0; i + 1 < v.size(); ++i) pp.intervals.push_back({v[i], v[i + 1] - 1});
    out.push_back(std::move(pp));
  }
  std::set<int> named;
  for (const auto* s : {&a, &b}) {
    for (const auto& sg : s->security_groups)
      for (const auto* rules : {&sg.ingress, &sg.egress})
        for (const auto& r : *rules) named.insert(r.traffic.protocol);
    for (const auto& n : s->nacls)
      for (const auto* entries : {&n.ingress, &n.egress})
        for (const auto& e : *entries) named.insert(e.traffic.protocol);
  }
  auto special = [](int p) { return p < 0 || p == proto::kTcp || p == proto::kUdp || p == proto::kIcmp; };
  for (int p : named)
    if (!special(p)) out.push_back({p, p, {{0, 0}}});
  int rest = 0;
  while (named.count(rest) || special(rest)) ++rest;
  out.push_back({rest, proto::kAll, {{0, 0}}});
  return out;
}

using Bits = std::vector<uint64_t>;


std::string hopComponent(const Hop& h) {
  if (h.kind == "security-group") return "security group " + h.component;
  if (h.kind == "route-table") return "route table " + h.component;
  return h.component;
}

// Everything that decides which internet hosts an interface reaches, or
// is reached from: its groups' rules that way, its subnet's NACL and route
// table, outward the NAT gateways' subnets it routes through, its public
// address and the VPC's internet gateways. Two interfaces (in either
// version) with the same key answer every host alike. A route through an
// appliance, a peering or a transit gateway makes the key unique to the
// interface, so its hosts are always traced.
std::string wayKey(const Network& net, int eni, bool outward) {
  const NetEni& e = net.enis()[eni];
  const NetSubnet& ns = net.subnets()[e.subnet];
  const model::Stack& s = net.stack();
  std::string k = fmt::format("{}|{}|{}|{}|{}|", outward, eniKindName(e.kind), e.public_ip.has_value(), e.windows,
                              e.source_dest_check);
  std::vector<int> sgs = e.sgs;
  std::sort(sgs.begin(), sgs.end());
  for (int g : sgs)
    for (const auto& r : outward ? net.sg(g).egress : net.sg(g).ingress) k += r.describe(outward) + ";";
  auto subnet = [&](const NetSubnet& x) {
    // An empty NACL of its own denies everything; the default one allows all.
    k += x.nacl ? "|nacl:" : "|default-nacl:";
    if (x.nacl)
      for (const auto* es : {&x.nacl->ingress, &x.nacl->egress})
        for (const auto& n : *es)
          k += fmt::format("{}{}{}{}{};", es == &x.nacl->ingress, n.number, n.allow, n.traffic.str(), n.cidr.str());
    k += "|";
    if (!x.route_table) return;
    for (const auto& r : x.route_table->routes) {
      k += r.describe() + ";";
      if (const auto* pl = r.prefix_list.empty() ? nullptr : s.prefix_lists.find(r.prefix_list))
        for (const auto& c : pl->cidrs) k += c.str() + ",";
      using T = model::RouteTarget;
      if (r.target == T::Instance || r.target == T::Eni || r.target == T::Peering || r.target == T::TransitGateway)
        k += fmt::format("#{}@{}", eni, fmt::ptr(&net));
    }
  };
  subnet(ns);
  if (outward && ns.route_table)
    for (const auto& r : ns.route_table->routes)
      if (r.target == model::RouteTarget::NatGateway)
        if (const auto* nat = s.nat_gateways.find(r.via))
          if (int i = net.subnetIndex(nat->subnet); i >= 0) {
            k += "|nat " + nat->name + (nat->public_connectivity ? "" : " private");
            subnet(net.subnets()[i]);
          }
  k += "|";
  const std::string& vpc = s.vpcs[ns.vpc].name;
  for (const auto& g : s.internet_gateways)
    if (g.vpc == vpc) k += g.name + ";";
  return k;
}

// The internet hosts (not AWS services' addresses) an interface reaches on
// one port: the space its groups and NACL let out, cut where any CIDR on the
// way out starts or ends, one full trace per piece.
AddressSet internetReached(const Network& net, int eni, int protocol, int port) {
  const NetEni& e = net.enis()[eni];
  if (!originates(e.kind)) return {};
  const NetSubnet& ns = net.subnets()[e.subnet];
  TrafficQuery tq;
  tq.protocol = protocol;
  tq.ports = model::PortRange::single(hasPorts(protocol) || protocol == proto::kIcmp ? port : 0);
  AddressSet space = internetHosts(net);
  space &= naclAllowedAddresses(ns.nacl, true, tq, ns.nacl_order.get());
  if (!e.sgs.empty()) space &= sgAllowedAddresses(net, e.sgs, true, tq);
  if (space.empty()) return {};
  const std::string& name = e.name;
  return piecesThatReach(space, internetCuts(net, eni, true), [&](Ipv4 host) {
    return runQuery(net, Query{name, model::formatIpv4(host), protocol, port, std::nullopt, std::nullopt}).reachable;
  });
}

class Differ {
 public:
  Differ(const Network& before, const Network& after) : b_(before), a_(after) {}

  ReachDiff run() {
    matchEndpoints();
    for (const auto& pp : plan(b_.stack(), a_.stack())) compare(pp);
    build();
    return std::move(d_);
  }

 private:
  void matchEndpoints() {
    d_.endpoints.push_back({"internet", "", "internet", "internet", -1, -1, true, "internet", "internet"});
    std::map<std::string, DiffEndpoint> byName;
    for (const Network* net : {&b_, &a_})
      for (size_t i = 0; i < net->enis().size(); ++i) {
        const NetEni& e = net->enis()[i];
        auto& x = byName[e.name];
        x.name = e.name;
        x.owner = e.owner;
        x.kind = eniKindName(e.kind);
        (net == &b_ ? x.before : x.after) = static_cast<int>(i);
      }
    // An interface under another name with the same AWS ID was renamed.
    std::map<std::string, std::string> goneById;
    for (auto& [n, x] : byName)
      if (x.after < 0)
        if (std::string id = awsIdOf(b_, b_.enis()[x.before]); !id.empty()) goneById.emplace(id, n);
    for (auto& [n, x] : byName) {
      if (x.before >= 0 || goneById.empty()) continue;
      std::string id = awsIdOf(a_, a_.enis()[x.after]);
      auto it = id.empty() ? goneById.end() : goneById.find(id);
      if (it == goneById.end()) continue;
      auto old = byName.find(it->second);
      x.before = old->second.before;
      x.old_name = old->first;
      old->second.before = -1;  // absorbed; dropped below
      goneById.erase(it);
    }
    for (auto& [n, x] : byName)
      if (x.before >= 0 || x.after >= 0) d_.endpoints.push_back(std::move(x));
  }

  // The matrix endpoint index of every interface of `net`.
  static std::vector<int> matrixIndex(const Network& net, const Matrix& m) {
    std::unordered_map<std::string, int> at;
    for (size_t i = 1; i < m.endpoints.size(); ++i) at.emplace(m.endpoints[i], static_cast<int>(i));
    std::vector<int> out(net.enis().size(), -1);
    for (size_t e = 0; e < out.size(); ++e) {
      auto it = at.find(net.enis()[e].name);
      if (it != at.end()) out[e] = it->second;
    }
    return out;
  }

  void compare(const ProtocolPlan& pp) {
    MatrixOptions o;
    o.protocol = pp.protocol;
    o.ports.clear();
    for (auto [lo, hi] : pp.intervals) o.ports.push_back(lo);
    // The versions are independent: their matrices are built side by side.
    Matrix mb;
    std::thread other([&] { mb = computeMatrix(b_, o); });
    Matrix ma = computeMatrix(a_, o);
    other.join();
    d_.traces += mb.traces + ma.traces;
    d_.port_intervals += pp.intervals.size();
    std::vector<int> ib = matrixIndex(b_, mb), ia = matrixIndex(a_, ma);
    // Joint classes: endpoints in the same class in both versions.
    std::map<std::pair<int, int>, int> jointOf;
    std::vector<std::pair<int, int>> joint;
    std::vector<std::vector<int>> members;
    std::vector<std::vector<int>> ofB(mb.members.size()), ofA(ma.members.size());
    for (size_t k = 0; k < d_.endpoints.size(); ++k) {
      DiffEndpoint& e = d_.endpoints[k];
      int cb = e.internet ? 0 : e.before >= 0 ? mb.class_of[ib[e.before]] : -1;
      int ca = e.internet ? 0 : e.after >= 0 ? ma.class_of[ia[e.after]] : -1;
      if (cb >= 0 && e.label_before.empty()) e.label_before = mb.class_labels[cb];
      if (ca >= 0 && e.label_after.empty()) e.label_after = ma.class_labels[ca];
      auto [it, fresh] = jointOf.emplace(std::pair{cb, ca}, static_cast<int>(joint.size()));
      if (fresh) {
        joint.push_back({cb, ca});
        members.emplace_back();
        if (cb >= 0) ofB[cb].push_back(it->second);
        if (ca >= 0) ofA[ca].push_back(it->second);
      }
      members[it->second].push_back(static_cast<int>(k));
    }
    size_t words = (joint.size() + 63) / 64;
    auto has = [](const Bits& x, size_t j) { return (x[j / 64] >> (j % 64) & 1) != 0; };
    auto drop = [](Bits& x, size_t j) { x[j / 64] &= ~(uint64_t{1} << (j % 64)); };
    auto none = [](const Bits& x) { return std::all_of(x.begin(), x.end(), [](uint64_t w) { return w == 0; }); };
    AddressSet wholeB = internetSpace(b_), wholeA = internetSpace(a_);
    AddressSet hostsB = internetHosts(b_), hostsA = internetHosts(a_);
    // Classes in both versions with the same settings on the way in are
    // reached from the same internet hosts.
    std::vector<char> sameInbound(joint.size(), 0), sameOutbound(joint.size(), 0);
    for (size_t j = 1; j < joint.size(); ++j) {
      const DiffEndpoint& rep = d_.endpoints[members[j].front()];
      sameInbound[j] = rep.before >= 0 && rep.after >= 0 && wayKey(b_, rep.before, false) == wayKey(a_, rep.after, false);
      sameOutbound[j] = rep.before >= 0 && rep.after >= 0 && wayKey(b_, rep.before, true) == wayKey(a_, rep.after, true);
    }
    for (size_t p = 0; p < pp.intervals.size(); ++p) {
      std::unordered_map<int, Bits> bitsB, bitsA;
      auto bits = [&](const Matrix& m, const std::vector<std::vector<int>>& of, std::unordered_map<int, Bits>& cache,
                      int set) -> const Bits& {
        auto [it, fresh] = cache.try_emplace(set, Bits(words, 0));
        if (fresh && set >= 0)
          for (int c : m.source_sets[p][set])
            for (int j : of[c]) it->second[j / 64] |= uint64_t{1} << (j % 64);
        return it->second;
      };
      // The internet addresses that reach an interface, memoised on what decides it.
      std::map<std::pair<bool, std::string>, AddressSet> reaching;
      auto internet = [&](bool after, int eni) -> const AddressSet& {
        const Network& net = after ? a_ : b_;
        auto [it, fresh] = reaching.try_emplace({after, wayKey(net, eni, false)});
        if (fresh) it->second = internetHostsReaching(net, eni, pp.protocol, pp.intervals[p].first);
        return it->second;
      };
      std::map<std::pair<int, int>, std::pair<Bits, Bits>> memo;  // (set before, set after) -> (opened, closed)
      std::map<std::tuple<bool, int, std::string>, std::vector<int>> dsts;  // (opened, sources, addresses) -> joint classes
      for (size_t j = 0; j < joint.size(); ++j) {
        auto [cb, ca] = joint[j];
        int sb = cb >= 0 ? mb.set_of[p][cb] : -1;
        int sa = ca >= 0 ? ma.set_of[p][ca] : -1;
        auto [it, fresh] = memo.try_emplace({sb, sa});
        const Bits& x = bits(mb, ofB, bitsB, sb);
        const Bits& y = bits(ma, ofA, bitsA, sa);
        if (fresh) {
          Bits opened(words), closed(words);
          for (size_t w = 0; w < words; ++w) {
            opened[w] = y[w] & ~x[w];
            closed[w] = x[w] & ~y[w];
          }
          drop(opened, 0);  // the internet is compared by address below
          drop(closed, 0);
          it->second = {std::move(opened), std::move(closed)};
        }
        for (bool isOpened : {true, false}) {
          const Bits& changed = isOpened ? it->second.first : it->second.second;
          if (j == 0 || none(changed)) continue;  // to the internet: by host below
          // A class of one endpoint reaching itself is that endpoint talking
          // to itself, which is no flow; a class of several counts for itself.
          if (members[j].size() == 1 && has(changed, j)) {
            Bits c = changed;
            drop(c, j);
            if (!none(c)) dsts[{isOpened, intern(std::move(c)), ""}].push_back(static_cast<int>(j));
          } else {
            dsts[{isOpened, intern(changed), ""}].push_back(static_cast<int>(j));
          }
        }
        // From the internet, by address (the matrix asks one host per
        // cell): the hosts whose answer changed.
        if (j == 0 || sameInbound[j]) continue;
        const DiffEndpoint& rep = d_.endpoints[members[j].front()];
        AddressSet before = rep.before >= 0 ? internet(false, rep.before) : AddressSet{};
        AddressSet after = rep.after >= 0 ? internet(true, rep.after) : AddressSet{};
        for (bool isOpened : {true, false}) {
          AddressSet changed = isOpened ? after - before : before - after;
          if (changed.empty()) continue;
          Bits only(words, 0);
          only[0] = 1;
          const AddressSet& whole = isOpened ? wholeA : wholeB;
          // Keyed by the exact intervals: descriptions abbreviate.
          std::string key;
          for (const auto& iv : changed) key += fmt::format("{}-{},", icl::first(iv), icl::last(iv));
          addresses_.try_emplace(key, changed, describeInternet(changed, whole));
          dsts[{isOpened, intern(std::move(only)), key}].push_back(static_cast<int>(j));
        }
      }
      // To the internet, by host: sources whose way out changed, grouped by
      // the hosts whose answer changed.
      std::map<std::pair<bool, std::string>, std::vector<int>> outward;
      std::map<std::pair<bool, std::string>, AddressSet> reached;
      auto hosts = [&](bool after, int eni) -> const AddressSet& {
        const Network& net = after ? a_ : b_;
        auto [it, fresh] = reached.try_emplace({after, wayKey(net, eni, true)});
        if (fresh) it->second = internetReached(net, eni, pp.protocol, pp.intervals[p].first);
        return it->second;
      };
      for (size_t j = 1; j < joint.size(); ++j) {
        if (sameOutbound[j]) continue;
        const DiffEndpoint& rep = d_.endpoints[members[j].front()];
        AddressSet before = rep.before >= 0 ? hosts(false, rep.before) : AddressSet{};
        AddressSet after = rep.after >= 0 ? hosts(true, rep.after) : AddressSet{};
        for (bool isOpened : {true, false}) {
          AddressSet changed = isOpened ? after - before : before - after;
          if (changed.empty()) continue;
          std::string key = "to:";
          for (const auto& iv : changed) key += fmt::format("{}-{},", icl::first(iv), icl::last(iv));
          addresses_.try_emplace(key, changed, describeInternet(changed, isOpened ? hostsA : hostsB));
          outward[{isOpened, key}].push_back(static_cast<int>(j));
        }
      }
      auto [lo, hi] = pp.intervals[p];
      for (auto& [k, js] : outward) {
        Key key{pp.shown, pp.protocol, k.first, k.second, {}, {0}};
        std::vector<int>& from = std::get<4>(key);
        for (int j : js) from.insert(from.end(), members[j].begin(), members[j].end());
        std::sort(from.begin(), from.end());
        cells_[std::move(key)] += icl::interval<int>::closed(lo, hi);
      }
      for (auto& [k, js] : dsts) {
        Key key{pp.shown, pp.protocol, std::get<0>(k), std::get<2>(k), {}, {}};
        std::vector<int>& to = std::get<5>(key);
        for (int j : js) to.insert(to.end(), members[j].begin(), members[j].end());
        std::sort(to.begin(), to.end());
        std::vector<int>& from = std::get<4>(key);
        const Bits& s = interned_[std::get<1>(k)];
        for (size_t j = 0; j < joint.size(); ++j)
          if (has(s, j)) from.insert(from.end(), members[j].begin(), members[j].end());
        std::sort(from.begin(), from.end());
        cells_[std::move(key)] += icl::interval<int>::closed(lo, hi);
      }
    }
  }

  // "any internet address", "203.0.113.0/24", "any internet address except 203.0.113.24/32".
  static std::string describeInternet(const AddressSet& set, const AddressSet& whole) {
    AddressSet rest = whole - set;
    if (!rest.empty() && rest.iterative_size() < set.iterative_size())
      return "any internet address except " + describeAddresses(rest, whole);
    return describeAddresses(set, whole);
  }

  int intern(Bits b) {
    auto [it, fresh] = internIds_.try_emplace(b, static_cast<int>(interned_.size()));
    if (fresh) interned_.push_back(std::move(b));
    return it->second;
  }

  static int protocolRank(int p) {
    if (p == proto::kTcp) return 0;
    if (p == proto::kUdp) return 1;
    if (p == proto::kIcmp) return 2;
    if (p == proto::kAll) return 1000;
    return 3 + p;
  }

  // An example endpoint, one in both versions if there is one, and not `other`.
  int pick(const std::vector<int>& xs, int other = -1) const {
    for (int x : xs)
      if (x != other && d_.endpoints[x].inBefore() && d_.endpoints[x].inAfter()) return x;
    for (int x : xs)
      if (x != other) return x;
    return xs.front();
  }

  void build() {
    // Cells with the same ends and direction over several intervals are one change.
    for (auto& [k, ports] : cells_) {
      const auto& [shown, traced, opened, addresses, from, to] = k;
      ReachChange c;
      c.opened = opened;
      c.protocol = shown;
      if (shown == proto::kTcp || shown == proto::kUdp || shown == proto::kIcmp) c.ports = ports;
      c.sources = from;
      if (auto it = addresses_.find(addresses); it != addresses_.end()) {
        c.internet = it->second.first;
        c.internet_addresses = it->second.second;
      }
      c.destinations = to;
      c.example_dst = pick(to);
      c.example_src = pick(from, c.example_dst);
      c.example_port = hasPorts(traced) || traced == proto::kIcmp ? icl::first(ports) : 0;
      explain(c, traced);
      d_.changes.push_back(std::move(c));
    }
    std::stable_sort(d_.changes.begin(), d_.changes.end(), [](const ReachChange& x, const ReachChange& y) {
      int rx = protocolRank(x.protocol), ry = protocolRank(y.protocol);
      if (rx != ry) return rx < ry;
      int px = x.ports.empty() ? 0 : icl::first(x.ports), py = y.ports.empty() ? 0 : icl::first(y.ports);
      if (px != py) return px < py;
      if (x.destinations != y.destinations) return x.destinations < y.destinations;
      if (x.opened != y.opened) return x.opened;
      return x.sources < y.sources;
    });
  }

  // Traces the example flow in both versions and names the settings that
  // tell the answers apart.
  void explain(ReachChange& c, int protocol) {
    const DiffEndpoint& s = d_.endpoints[c.example_src];
    const DiffEndpoint& t = d_.endpoints[c.example_dst];
    std::optional<Trace> tb, ta;
    // From the internet, the example comes from an address whose answer changed.
    // To or from the internet, the example is a host whose answer changed.
    std::optional<Ipv4> host;
    if ((s.internet || t.internet) && !c.internet.empty())
      host = icl::contains(c.internet, kDefaultInternetHost) ? kDefaultInternetHost : icl::first(*c.internet.begin());
    auto trace = [&](const Network& net, int src, int dst) {
      ++d_.traces;
      if (!host) return traceCell(net, src, dst, protocol, c.example_port).parts[0].trace;
      Query q = s.internet ? Query{"internet", net.enis()[dst].name, protocol, c.example_port, host, std::nullopt}
                           : Query{net.enis()[src].name, model::formatIpv4(*host), protocol, c.example_port,
                                   std::nullopt, std::nullopt};
      QueryResult r = runQuery(net, q);
      return r.parts.empty() ? Trace{} : r.deciding()->trace;
    };
    if (s.inBefore() && t.inBefore()) {
      tb = trace(b_, s.internet ? -1 : s.before, t.internet ? -1 : t.before);
      c.before = tb->disposition;
    }
    if (s.inAfter() && t.inAfter()) {
      ta = trace(a_, s.internet ? -1 : s.after, t.internet ? -1 : t.after);
      c.after = ta->disposition;
    }
    if (host) c.example_ip = model::formatIpv4(*host);
    // The version in which the flow is closed, and the one in which it is open.
    const Trace* closed = c.opened ? (tb ? &*tb : nullptr) : (ta ? &*ta : nullptr);
    const Trace* open = c.opened ? (ta ? &*ta : nullptr) : (tb ? &*tb : nullptr);
    bool closedIsAfter = !c.opened;
    std::set<std::tuple<bool, std::string, std::string, std::string>> seen;
    auto add = [&](DiffCause x) {
      if (seen.emplace(x.in_after, x.effect, x.component, x.detail).second) c.causes.push_back(std::move(x));
    };
    if (!closed) {
      // An end exists in one version only: that is the change.
      for (const DiffEndpoint* e : {&s, &t}) {
        if (e->internet) continue;
        bool inClosed = closedIsAfter ? e->inAfter() : e->inBefore();
        if (inClosed) continue;
        const Network& net = closedIsAfter ? b_ : a_;
        int idx = closedIsAfter ? e->before : e->after;
        add({!closedIsAfter, closedIsAfter ? "removed" : "added", fmt::format("{} {}", e->kind, e->name),
             fmt::format("interface of {}", e->owner), net.enis()[idx].loc});
      }
      return;
    }
    for (const auto& x : closed->explanations) {
      add({closedIsAfter, "blocks", x.component, x.detail, x.loc});
      if (!open) continue;
      const auto& hops = x.direction == "return" ? open->ret : open->forward;
      for (const auto& h : hops)
        if (hopComponent(h) == x.component && (h.action == "allowed" || h.action == "routed"))
          add({!closedIsAfter, "allows", x.component, h.detail, h.loc});
    }
    if (!open || !closed->explanations.empty()) return;
    // Nothing blocks the closed flow by name: the settings on the open
    // path that the closed path lacks are the difference.
    std::set<std::tuple<std::string, std::string, std::string>> had;
    for (const auto* hops : {&closed->forward, &closed->ret})
      for (const auto& h : *hops) had.emplace(h.component, h.kind, h.detail);
    for (const auto* hops : {&open->forward, &open->ret})
      for (const auto& h : *hops)
        if (!h.loc.file.empty() && !had.count({h.component, h.kind, h.detail}))
          add({!closedIsAfter, "allows", hopComponent(h), h.detail, h.loc});
  }

  const Network& b_;
  const Network& a_;
  ReachDiff d_;
  // (protocol shown, protocol traced, opened, internet addresses, sources, destinations) -> ports
  using Key = std::tuple<int, int, bool, std::string, std::vector<int>, std::vector<int>>;
  std::map<Key, PortSet> cells_;
  std::map<Bits, int> internIds_;
  std::map<std::string, std::pair<AddressSet, std::string>> addresses_;  // internet addresses and their description
  std::vector<Bits> interned_;
};

}  // namespace

ReachDiff diffReachability(const Network& before, const Network& after) { return Differ(before, after).run(); }

}  // namespace awssim::sim
