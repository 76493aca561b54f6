#include "rules/stack_fuzz.h"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <map>
#include <random>
#include <set>

#include "rules/expectations.h"
#include "rules/intents.h"
#include "sim/intents.h"
#include "sim/network.h"

namespace awssim::rules {

using namespace model;

std::string mutationKindName(MutationKind k) {
  switch (k) {
    case MutationKind::RemoveRule: return "remove-rule";
    case MutationKind::NarrowRule: return "narrow-rule";
    case MutationKind::ShiftPort: return "shift-port";
    case MutationKind::RemoveRoute: return "remove-route";
    case MutationKind::MoveInstance: return "move-instance";
    case MutationKind::LoseZone: return "lose-zone";
  }
  return "";
}

namespace {

struct Mutation {
  MutationKind kind;
  std::string target;
  std::string description;
  Location loc;
  std::function<void(Stack&)> apply;
};

/// Every expectation and intent that holds, by a label that names it.
std::set<std::string> holding(const Stack& s) {
  sim::Network net(s);
  std::set<std::string> out;
  // A flow that must not get through holds trivially when an end no longer
  // exists (a lost zone took it): nothing can reach what is gone.
  for (const auto& e : checkExpectations(net))
    if (e.holds || (!e.expectation->reachable && !e.error.empty()))
      out.insert(fmt::format("expectation {} [{}]", e.expectation->text, e.expectation->loc.str()));
  for (const auto& i : checkIntents(net, sim::deriveIntents(s)))
    if (i.holds) out.insert(fmt::format("intent {} -> {} [{}]", i.source, i.target, i.loc.str()));
  return out;
}

/// A narrower version of a peer: half its CIDR, or the first port of its range.
bool narrow(Traffic& t, Cidr& c, bool cidrPeer) {
  if (cidrPeer && c.len < 32) {
    c.len = static_cast<uint8_t>(c.len + 1);
    return true;
  }
  if (hasPorts(t.protocol) && t.ports.from < t.ports.to) {
    t.ports.to = t.ports.from;
    return true;
  }
  return false;
}

std::vector<Mutation> mutations(const Stack& s) {
  std::vector<Mutation> out;
  for (size_t g = 0; g < s.security_groups.size(); ++g) {
    const SecurityGroup& sg = s.security_groups[g];
    for (bool egress : {false, true}) {
      const auto& rules = egress ? sg.egress : sg.ingress;
      for (size_t i = 0; i < rules.size(); ++i) {
        const SgRule& r = rules[i];
        std::string target = fmt::format("{} of security group {}", r.describe(egress), sg.name);
        auto rulesOf = [g, egress](Stack& st) -> std::vector<SgRule>& {
          auto& group = *st.security_groups.find(st.security_groups[g].name);
          return egress ? group.egress : group.ingress;
        };
        out.push_back({MutationKind::RemoveRule, target, "remove " + target, r.loc,
                       [rulesOf, i](Stack& st) { rulesOf(st).erase(rulesOf(st).begin() + static_cast<long>(i)); }});
        SgRule n = r;
        if (narrow(n.traffic, n.cidr, r.kind == PeerKind::Cidr))
          out.push_back({MutationKind::NarrowRule, target, "narrow " + target + " to " + n.describe(egress), r.loc,
                         [rulesOf, i, n](Stack& st) { rulesOf(st)[i] = n; }});
        if (hasPorts(r.traffic.protocol) && r.traffic.ports.from == r.traffic.ports.to && r.traffic.ports.to < 65535) {
          SgRule sh = r;
          sh.traffic.ports = PortRange::single(r.traffic.ports.from + 1);
          out.push_back({MutationKind::ShiftPort, target, "change " + target + " to " + sh.describe(egress), r.loc,
                         [rulesOf, i, sh](Stack& st) { rulesOf(st)[i] = sh; }});
        }
      }
    }
  }
  for (size_t a = 0; a < s.nacls.size(); ++a) {
    const Nacl& acl = s.nacls[a];
    for (bool egress : {false, true}) {
      const auto& entries = egress ? acl.egress : acl.ingress;
      for (size_t i = 0; i < entries.size(); ++i) {
        const NaclEntry& e = entries[i];
        if (!e.allow) continue;  // removing a deny cannot break a flow
        std::string target = fmt::format("{} rule {} (allow {} {}) of network ACL {}", egress ? "egress" : "ingress",
                                         e.number, e.traffic.str(), e.cidr.str(), acl.name);
        auto entriesOf = [a, egress](Stack& st) -> std::vector<NaclEntry>& {
          auto& n = *st.nacls.find(st.nacls[a].name);
          return egress ? n.egress : n.ingress;
        };
        out.push_back({MutationKind::RemoveRule, target, "remove " + target, e.loc,
                       [entriesOf, i](Stack& st) { entriesOf(st).erase(entriesOf(st).begin() + static_cast<long>(i)); }});
        NaclEntry n = e;
        if (narrow(n.traffic, n.cidr, true))
          out.push_back({MutationKind::NarrowRule, target,
                         fmt::format("narrow {} to {} {}", target, n.traffic.str(), n.cidr.str()), e.loc,
                         [entriesOf, i, n](Stack& st) { entriesOf(st)[i] = n; }});
      }
    }
  }
  for (size_t t = 0; t < s.route_tables.size(); ++t) {
    const RouteTable& rt = s.route_tables[t];
    for (size_t i = 0; i < rt.routes.size(); ++i) {
      std::string target = fmt::format("route {} of route table {}", rt.routes[i].describe(), rt.name);
      out.push_back({MutationKind::RemoveRoute, target, "drop " + target, rt.routes[i].loc, [t, i](Stack& st) {
                       auto& table = *st.route_tables.find(st.route_tables[t].name);
                       table.routes.erase(table.routes.begin() + static_cast<long>(i));
                     }});
    }
  }
  // An instance moved to another zone: a subnet of its VPC there, preferring
  // one with the same route table so only the zone and the address change.
  for (const auto& inst : s.instances) {
    const Subnet* from = s.subnets.find(inst.subnet);
    if (!from) continue;
    const Subnet* to = nullptr;
    for (const auto& sub : s.subnets) {
      if (sub.vpc != from->vpc || sub.az == from->az) continue;
      if (!to || (sub.route_table == from->route_table && to->route_table != from->route_table)) to = &sub;
    }
    if (!to) continue;
    std::string name = inst.name, dest = to->name;
    out.push_back({MutationKind::MoveInstance, "instance " + inst.name,
                   fmt::format("move instance {} to subnet {} ({}); it gets a new address", inst.name, dest, to->az),
                   inst.loc, [name, dest](Stack& st) {
                     Instance& i = *st.instances.find(name);
                     i.subnet = dest;
                     i.private_ip.reset();
                   }});
  }
  std::map<std::string, const Subnet*> zones;  // zone -> its first subnet
  for (const auto& sub : s.subnets) zones.emplace(sub.az, &sub);
  for (const auto& [zone, first] : zones) {
    std::string z = zone;
    out.push_back({MutationKind::LoseZone, "zone " + zone,
                   fmt::format("lose zone {}: everything running there stops", zone), first->loc, [z](Stack& st) {
                     auto inZone = [&](const std::string& subnet) {
                       const Subnet* sub = st.subnets.find(subnet);
                       return sub && sub->az == z;
                     };
                     st.instances.eraseIf([&](const Instance& i) { return inZone(i.subnet); });
                     st.enis.eraseIf([&](const Eni& e) { return inZone(e.subnet); });
                     st.nat_gateways.eraseIf([&](const NatGateway& n) { return inZone(n.subnet); });
                     st.instance_connect_endpoints.eraseIf([&](const InstanceConnectEndpoint& e) { return inZone(e.subnet); });
                     for (auto& e : st.endpoints) std::erase_if(e.subnets, inZone);
                     for (auto& lb : st.load_balancers) std::erase_if(lb.subnets, inZone);
                     for (auto& c : st.ecs_clusters)
                       if (c.capacity) std::erase_if(c.capacity->subnets, inZone);
                   }});
  }
  return out;
}

}  // namespace

FuzzReport fuzzStack(const Stack& stack, const FuzzOptions& options) {
  FuzzReport report;
  std::vector<Mutation> all = mutations(stack);
  report.candidates = all.size();
  std::vector<size_t> chosen(all.size());
  for (size_t i = 0; i < chosen.size(); ++i) chosen[i] = i;
  if (options.max_mutations > 0 && options.max_mutations < all.size()) {
    // Fisher-Yates with mt19937_64, whose sequence the standard fixes, so a
    // seed picks the same mutations everywhere; then back to stack order.
    std::mt19937_64 rng(options.seed);
    for (size_t i = 0; i < options.max_mutations; ++i) {
      size_t j = i + static_cast<size_t>(rng() % (chosen.size() - i));
      std::swap(chosen[i], chosen[j]);
    }
    chosen.resize(options.max_mutations);
    std::sort(chosen.begin(), chosen.end());
  }
  std::set<std::string> before = holding(stack);
  report.baseline_holding = before.size();
  for (size_t c : chosen) {
    const Mutation& m = all[c];
    Stack mutated = stack;
    m.apply(mutated);
    std::set<std::string> after = holding(mutated);
    MutationResult r{m.kind, m.target, m.description, m.loc, {}, {}};
    for (const auto& h : before)
      if (!after.count(h)) r.breaks.push_back(h);
    if (m.kind == MutationKind::LoseZone) {
      sim::Network was(stack), is(mutated);
      std::set<std::string> remaining;
      for (const auto& e : is.enis()) remaining.insert(e.name);
      for (const auto& e : was.enis())
        if (!remaining.count(e.name)) r.lost.push_back(e.name);
    }
    report.results.push_back(std::move(r));
  }
  return report;
}

}  // namespace awssim::rules
