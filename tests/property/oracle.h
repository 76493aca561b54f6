// The reference oracle: one concrete packet through a generated stack, hop
// by hop, written from AWS-FACTS 1 with no code shared with the engine (the
// re2 "backtrack" idea: obviously right, slow, test-only). It reads the Spec,
// not the loaded model, and returns Batfish's disposition and every setting
// that blocks the packet, in the engine's words ("security group sg0",
// "nacl acl1", "route table rt0", ...).
//
// Semantics: security groups are stateful (a reply needs no rule), allow
// when any rule of any group matches, and a group peer matches the private
// address of an interface carrying that group; NACLs are stateless, the
// lowest-numbered matching entry decides and none means deny, and they are
// crossed only between subnets (not inside one); routing is longest prefix
// match with the VPC's local route; the internet gateway needs a public
// address on the sender and a route back from the receiver's subnet. Flows
// that reach a NAT gateway or a gateway endpoint are outside the oracle
// (nullopt), as are flows through an appliance instance.
#pragma once

#include <optional>

#include "model/aws_ranges.h"
#include "model/net.h"
#include "stack_gen.h"

namespace awssim::proptest {

struct Blocker {
  std::string component;
  std::string direction;  // forward or return
  bool operator<(const Blocker& o) const { return std::tie(component, direction) < std::tie(o.component, o.direction); }
  bool operator==(const Blocker& o) const = default;
};

struct Verdict {
  std::string disposition;
  std::vector<Blocker> blockers;
};

class Oracle {
 public:
  Oracle(const Spec& s, const Packet& p) : s_(s), p_(p) {}

  std::optional<Verdict> run() {
    dst_ = dstAddress();
    if (p_.src < 0) return fromInternet();
    return fromInstance();
  }

  model::Ipv4 dstAddress() const {
    auto ip = [](const std::string& t) { return *model::parseIpv4(t); };
    size_t k = static_cast<size_t>(p_.dst) % s_.instances.size();
    switch (p_.dstKind) {
      case 0: return ip(instanceIp(s_, k));
      case 1: return ip(publicIp(k));
      case 2: return ip(fmt::format("10.0.{}.200", p_.dst % static_cast<int>(nSubnets(s_))));
      case 3: return ip("10.0.200.1");
      case 4: return ip("8.8.8.8");
      case 5: return ip("203.0.113.77");
      default: return model::parseCidr(model::managedPrefixList("us-east-1", "s3").cidrs[0])->first() + 1;
    }
  }
  model::Ipv4 srcAddress() const {
    return p_.src < 0 ? *model::parseIpv4("203.0.113.9")
                      : *model::parseIpv4(instanceIp(s_, static_cast<size_t>(p_.src) % s_.instances.size()));
  }

 private:
  // ---- matching ----
  static bool inCidr(model::Ipv4 ip, const std::string& cidr) { return model::parseCidr(cidr)->contains(ip); }
  bool inS3(model::Ipv4 ip) const {
    for (const char* c : model::managedPrefixList("us-east-1", "s3").cidrs)
      if (inCidr(ip, c)) return true;
    return false;
  }
  /// Whether a rule's protocol and ports take this packet (or its reply).
  bool trafficMatches(int proto, int ports, bool reply) const {
    if (proto == -1) return true;
    if (proto != p_.proto) return false;
    auto [a, b] = portsOf(proto, ports);
    int port = p_.proto == 1 ? (reply ? 0 : 8) : reply ? p_.srcPort : kPorts[p_.port];
    return port >= a && port <= b;
  }
  int instanceAt(model::Ipv4 ip) const {
    for (size_t k = 0; k < s_.instances.size(); ++k)
      if (*model::parseIpv4(instanceIp(s_, k)) == ip) return static_cast<int>(k);
    return -1;
  }
  int instanceWithPublic(model::Ipv4 ip) const {
    for (size_t k = 0; k < s_.instances.size(); ++k)
      if (s_.instances[k].pub && *model::parseIpv4(publicIp(k)) == ip) return static_cast<int>(k);
    return -1;
  }
  bool peerMatches(const Rule& r, model::Ipv4 peer) const {
    if (r.peer < static_cast<int>(kCidrs.size())) return inCidr(peer, kCidrs[r.peer]);
    if (r.peer < static_cast<int>(kCidrs.size()) + 8) {
      int g = static_cast<int>((r.peer - kCidrs.size()) % s_.sgs.size());
      int k = instanceAt(peer);
      if (k < 0) return false;
      auto gs = instanceSgs(s_, static_cast<size_t>(k));
      return std::find(gs.begin(), gs.end(), g) != gs.end();
    }
    return inS3(peer);
  }
  bool sgAllows(size_t k, bool egress, model::Ipv4 peer) const {
    for (int g : instanceSgs(s_, k))
      for (const auto& r : egress ? s_.sgs[g].out : s_.sgs[g].in)
        if (trafficMatches(r.proto, r.ports, false) && peerMatches(r, peer)) return true;
    return false;
  }
  std::string sgNames(size_t k) const {
    std::string out;
    for (int g : instanceSgs(s_, k)) out += (out.empty() ? "" : ", ") + std::string("sg") + std::to_string(g);
    return out;
  }
  int naclOf(size_t subnet) const {
    if (subnet >= s_.subnets.size() || s_.subnets[subnet].nacl < 0 || s_.nacls.empty()) return -1;
    return s_.subnets[subnet].nacl % static_cast<int>(s_.nacls.size());
  }
  bool naclAllows(size_t subnet, bool egress, model::Ipv4 remote, bool reply) const {
    int a = naclOf(subnet);
    if (a < 0) return true;
    for (const auto& e : egress ? s_.nacls[a].out : s_.nacls[a].in)  // listed in rule-number order
      if (trafficMatches(e.proto, e.ports, reply) && inCidr(remote, kCidrs[e.cidr % kCidrs.size()])) return e.allow;
    return false;
  }
  void nacl(size_t subnet, bool egress, model::Ipv4 remote, bool reply) {
    if (naclAllows(subnet, egress, remote, reply)) return;
    block(egress ? "DENIED_OUT" : "DENIED_IN", "nacl acl" + std::to_string(naclOf(subnet)), reply);
  }
  void block(const std::string& disposition, const std::string& component, bool reply = false) {
    if (v_.disposition.empty()) v_.disposition = disposition;
    v_.blockers.push_back({component, reply ? "return" : "forward"});
  }
  size_t tableOf(size_t subnet) const {
    return subnet < s_.subnets.size() ? static_cast<size_t>(s_.subnets[subnet].table) % s_.tables.size() : 0;
  }
  /// The longest-prefix route of a subnet's table for an address outside the VPC.
  std::optional<Route> route(size_t subnet, model::Ipv4 ip) const {
    std::optional<Route> best;
    int bestLen = -1;
    for (const auto& r : routesOf(s_.tables[tableOf(subnet)])) {
      int len = -1;
      if (r.dst == 3) {
        for (const char* c : model::managedPrefixList("us-east-1", "s3").cidrs)
          if (inCidr(ip, c)) len = std::max(len, static_cast<int>(model::parseCidr(c)->len));
      } else if (inCidr(ip, kRouteDsts[r.dst])) {
        len = model::parseCidr(kRouteDsts[r.dst])->len;
      }
      if (len > bestLen) bestLen = len, best = r;
    }
    return best;
  }
  std::string finish() { return v_.disposition.empty() ? "ACCEPTED" : v_.disposition; }

  // ---- paths ----
  std::optional<Verdict> fromInstance() {
    size_t k = static_cast<size_t>(p_.src) % s_.instances.size();
    size_t s = static_cast<size_t>(s_.instances[k].subnet) % nSubnets(s_);
    model::Ipv4 src = srcAddress();
    if (!sgAllows(k, true, dst_)) block("DENIED_OUT", "security group " + sgNames(k));
    if (inCidr(dst_, "10.0.0.0/16")) {
      int d = instanceAt(dst_);
      int ds = -1;
      for (size_t j = 0; j < nSubnets(s_); ++j)
        if (inCidr(dst_, fmt::format("10.0.{}.0/24", j))) ds = static_cast<int>(j);
      if (d >= 0) {
        bool same = static_cast<size_t>(ds) == s;
        if (!same) nacl(s, true, dst_, false), nacl(static_cast<size_t>(ds), false, src, false);
        if (!sgAllows(static_cast<size_t>(d), false, src)) block("DENIED_IN", "security group " + sgNames(static_cast<size_t>(d)));
        if (!same) nacl(static_cast<size_t>(ds), true, src, true), nacl(s, false, dst_, true);
      } else if (ds >= 0) {
        if (static_cast<size_t>(ds) != s) nacl(s, true, dst_, false), nacl(static_cast<size_t>(ds), false, src, false);
        block("NEIGHBOR_UNREACHABLE", "subnet s" + std::to_string(ds));
      } else {
        nacl(s, true, dst_, false);
        block("NULL_ROUTED", "vpc main");
      }
      return Verdict{finish(), v_.blockers};
    }
    auto r = route(s, dst_);
    std::string rt = "route table rt" + std::to_string(tableOf(s));
    if (!r) {
      block("NO_ROUTE", rt);
      return Verdict{finish(), v_.blockers};
    }
    if (r->dst == 3 || r->target >= 2) return std::nullopt;  // endpoint, NAT or appliance: outside the oracle
    if (r->target == 1) {
      block("NULL_ROUTED", rt);
      return Verdict{finish(), v_.blockers};
    }
    if (!hasIgw(s_)) {
      block("NULL_ROUTED", rt);
      return Verdict{finish(), v_.blockers};
    }
    nacl(s, true, dst_, false);
    if (!s_.instances[k].pub) block("DENIED_IN", "internet gateway igw");
    nacl(s, false, dst_, true);
    return Verdict{v_.disposition.empty() ? "EXITS_NETWORK" : v_.disposition, v_.blockers};
  }

  std::optional<Verdict> fromInternet() {
    model::Ipv4 src = srcAddress();
    int d = instanceWithPublic(dst_);
    if (d < 0) {
      bool priv = inCidr(dst_, "10.0.0.0/8") || inCidr(dst_, "172.16.0.0/12") || inCidr(dst_, "192.168.0.0/16");
      if (priv) return Verdict{"NULL_ROUTED", {{"internet", "forward"}}};
      return Verdict{"EXITS_NETWORK", {}};
    }
    if (!hasIgw(s_)) return Verdict{"NULL_ROUTED", {{"vpc main", "forward"}}};
    size_t ds = static_cast<size_t>(s_.instances[d].subnet) % nSubnets(s_);
    // Replies go back by the receiver's subnet's route table.
    auto back = route(ds, src);
    if (!back || back->dst == 3 || back->target != 0) block("NO_ROUTE", "route table rt" + std::to_string(tableOf(ds)), true);
    nacl(ds, false, src, false);
    if (!sgAllows(static_cast<size_t>(d), false, src)) block("DENIED_IN", "security group " + sgNames(static_cast<size_t>(d)));
    nacl(ds, true, src, true);
    return Verdict{finish(), v_.blockers};
  }

  const Spec& s_;
  Packet p_;
  model::Ipv4 dst_ = 0;
  Verdict v_;
};

}  // namespace awssim::proptest
