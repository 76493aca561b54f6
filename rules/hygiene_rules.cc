// Hygiene: rules nothing can use, rules that never decide anything (Batfish's
// filterLineReachability idea), oversized CIDRs, the default security group,
// and tiers that live in one availability zone.
#include <fmt/format.h>

#include <map>
#include <set>

#include "rules/catalog.h"
#include "sim/acl.h"

namespace awssim::rules {

using namespace model;

namespace {

bool isDefaultSg(const SecurityGroup& sg) { return sg.name == "default" || sg.name == "default-" + sg.vpc; }

void unusedGroups(const RuleContext& ctx, std::vector<Finding>& out) {
  const auto& net = ctx.net;
  std::set<std::string> used;
  for (const auto& e : net.enis())
    for (int g : e.sgs) used.insert(net.sg(g).name);
  for (const auto& sg : net.stack().security_groups)
    for (const auto* rules : {&sg.ingress, &sg.egress})
      for (const auto& r : *rules)
        if (r.kind == PeerKind::SecurityGroup && r.ref != sg.name) used.insert(r.ref);
  for (const auto& svc : net.stack().ecs_services)
    for (const auto& g : svc.sgs) used.insert(g);
  for (const auto& sg : net.stack().security_groups)
    if (!used.count(sg.name) && !isDefaultSg(sg))
      emit(out, "AWSSIM-HYG-001", "security group " + sg.name,
           fmt::format("security group {} is attached to nothing and referenced by no rule", sg.name), sg.loc,
           "delete it, or attach it where it was meant to be");
}

bool covers(const Traffic& a, const Traffic& b) {
  if (a.protocol == proto::kAll) return true;
  if (a.protocol != b.protocol) return false;
  if (!hasPorts(b.protocol) && b.protocol != proto::kIcmp) return true;
  return a.ports.from <= b.ports.from && b.ports.to <= a.ports.to && a.icmp_codes.from <= b.icmp_codes.from &&
         b.icmp_codes.to <= a.icmp_codes.to;
}

bool peerCovers(const SgRule& a, const SgRule& b) {
  if (a.kind == PeerKind::Cidr && b.kind == PeerKind::Cidr) return a.cidr.contains(b.cidr);
  if (a.kind == b.kind) return a.ref == b.ref;
  return a.kind == PeerKind::Cidr && a.cidr.len == 0 && b.kind == PeerKind::PrefixList;
}

// A rule whose traffic and peer another rule of the same group and
// direction already allows never decides anything.
void shadowedSgRules(const RuleContext& ctx, std::vector<Finding>& out) {
  for (const auto& sg : ctx.net.stack().security_groups)
    for (bool egress : {false, true}) {
      const auto& rules = egress ? sg.egress : sg.ingress;
      for (size_t i = 0; i < rules.size(); ++i)
        for (size_t j = 0; j < rules.size(); ++j) {
          if (i == j) continue;
          bool same = covers(rules[j].traffic, rules[i].traffic) && covers(rules[i].traffic, rules[j].traffic) &&
                      peerCovers(rules[j], rules[i]) && peerCovers(rules[i], rules[j]);
          if (same && j > i) continue;  // report the later of two identical rules only
          if (!covers(rules[j].traffic, rules[i].traffic) || !peerCovers(rules[j], rules[i])) continue;
          emit(out, "AWSSIM-HYG-002", "security group " + sg.name,
               fmt::format("{} rule '{}' is already allowed by '{}' (line {})", egress ? "egress" : "ingress",
                           rules[i].describe(egress), rules[j].describe(egress), rules[j].loc.line),
               rules[i].loc, "remove the redundant rule");
          break;
        }
    }
}

// A NACL entry that earlier (lower-numbered) entries fully decide is never
// reached.
void unreachableNaclEntries(const RuleContext& ctx, std::vector<Finding>& out) {
  for (const auto& n : ctx.net.stack().nacls)
    for (bool egress : {false, true}) {
      std::vector<const NaclEntry*> es;
      for (const auto& e : egress ? n.egress : n.ingress) es.push_back(&e);
      std::sort(es.begin(), es.end(), [](auto* a, auto* b) { return a->number < b->number; });
      for (size_t i = 0; i < es.size(); ++i)
        for (size_t j = 0; j < i; ++j)
          if (es[j]->cidr.contains(es[i]->cidr) && covers(es[j]->traffic, es[i]->traffic)) {
            emit(out, "AWSSIM-HYG-003", "nacl " + n.name,
                 fmt::format("{} rule {} is never reached: rule {} ({} {} {}) decides all its traffic first",
                             egress ? "egress" : "ingress", es[i]->number, es[j]->number,
                             es[j]->allow ? "allow" : "deny", es[j]->traffic.str(), es[j]->cidr.str()),
                 es[i]->loc, "remove it, or give it a lower number than the rule that hides it");
            break;
          }
    }
}

// Private ranges wider than every VPC of the stack admit addresses the stack
// does not have (peered or on-premises networks added later).
void oversizedCidrs(const RuleContext& ctx, std::vector<Finding>& out) {
  const Stack& s = ctx.net.stack();
  for (const auto& sg : s.security_groups)
    for (const auto& r : sg.ingress) {
      if (r.kind != PeerKind::Cidr || r.cidr.len == 0) continue;
      bool isPrivate = false;
      for (const char* p : {"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"}) isPrivate |= parseCidr(p)->contains(r.cidr);
      if (!isPrivate) continue;
      bool wider = true;
      for (const auto& v : s.vpcs)
        for (const auto& c : v.cidrs) wider &= !c.contains(r.cidr);
      bool containsVpc = false;
      for (const auto& v : s.vpcs)
        for (const auto& c : v.cidrs) containsVpc |= r.cidr.contains(c) && r.cidr != c;
      if (wider && containsVpc)
        emit(out, "AWSSIM-HYG-004", "security group " + sg.name,
             fmt::format("ingress from {} is wider than the VPCs of the stack", r.cidr.str()), r.loc,
             "narrow it to the VPC's CIDR or to the clients' security group");
    }
}

void defaultSgOpen(const RuleContext& ctx, std::vector<Finding>& out) {
  const auto& net = ctx.net;
  for (const auto& sg : net.stack().security_groups) {
    if (!isDefaultSg(sg) || (sg.ingress.empty() && sg.egress.empty())) continue;
    bool inUse = false;
    for (const auto& e : net.enis())
      for (int g : e.sgs) inUse |= net.sg(g).name == sg.name;
    emit(out, "AWSSIM-HYG-005", "security group " + sg.name,
         fmt::format("the default security group of vpc {} has rules{}; anything launched without a group "
                     "gets them",
                     sg.vpc, inUse ? " and is in use" : ""),
         sg.loc, "remove all rules of the default security group and give every interface its own group");
  }
}

// A tier: the interfaces that carry the same security groups. One that
// runs in a single zone goes down with it.
void singleZoneTiers(const RuleContext& ctx, std::vector<Finding>& out) {
  const auto& net = ctx.net;
  std::map<std::vector<int>, std::pair<std::set<std::string>, std::vector<std::string>>> tiers;
  for (size_t i = 0; i < net.enis().size(); ++i) {
    const auto& e = net.enis()[i];
    if (e.kind != sim::EniKind::Instance && e.kind != sim::EniKind::EcsInstance) continue;
    std::vector<int> key = e.sgs;
    std::sort(key.begin(), key.end());
    tiers[key].first.insert(net.azOfEni(static_cast<int>(i)));
    tiers[key].second.push_back(e.name);
  }
  // One finding per zone, naming every tier that lives only there.
  std::map<std::string, std::vector<std::string>> byZone;
  std::map<std::string, Location> firstLoc;
  for (const auto& [key, tier] : tiers) {
    if (tier.first.size() != 1) continue;
    const std::string& zone = *tier.first.begin();
    for (const auto& n : tier.second) byZone[zone].push_back(n);
    if (!firstLoc.count(zone)) firstLoc[zone] = net.enis()[net.eniByName(tier.second.front())].loc;
  }
  // A few names, sorted, then a count: an account has thousands of them.
  constexpr size_t kShown = 8;
  for (auto& [zone, names] : byZone) {
    std::sort(names.begin(), names.end());
    std::vector<std::string> shown(names.begin(), names.begin() + std::min(kShown, names.size()));
    std::string list = fmt::format("{}", fmt::join(shown, ", "));
    if (names.size() > kShown) list += fmt::format(" and {} more instances", names.size() - kShown);
    emit(out, "AWSSIM-HYG-006", "zone " + zone,
         fmt::format("{} run{} only in {}: an outage of that zone takes {} down", list, names.size() == 1 ? "s" : "",
                     zone, names.size() == 1 ? "it" : "them"),
         firstLoc[zone], "run a second instance in another zone (an Auto Scaling group over several subnets)");
  }
}

}  // namespace

RuleFamily hygieneRules() {
  return {"hygiene",
          {
              {"AWSSIM-HYG-001", Severity::Low, "Unused security group",
               "A group attached to nothing and referenced by no rule is clutter that hides intent.", "Delete it.", {}},
              {"AWSSIM-HYG-002", Severity::Low, "Redundant security group rule",
               "Another rule of the same group and direction already allows all the traffic of this one.",
               "Remove the redundant rule.", {}},
              {"AWSSIM-HYG-003", Severity::Low, "Unreachable NACL rule",
               "Lower-numbered rules decide all the traffic this rule matches, so it never applies.",
               "Remove it or renumber it.", {}},
              {"AWSSIM-HYG-004", Severity::Low, "Oversized private CIDR",
               "A private range wider than every VPC of the stack admits networks the stack does not have.",
               "Narrow it to the VPC's CIDR or a security group.", {"cfn-nag W9"}},
              {"AWSSIM-HYG-005", Severity::Low, "Default security group not closed",
               "The VPC's default group allows traffic between its members and all egress; anything launched "
               "without a group gets it.", "Remove its rules.", {"CKV2_AWS_12", "AVD-AWS-0173"}},
              {"AWSSIM-HYG-006", Severity::Low, "Tier in one availability zone",
               "All interfaces that carry the same groups run in one zone; a zone outage takes the tier down.",
               "Spread the tier over zones.", {}},
          },
          [](const RuleContext& ctx, std::vector<Finding>& out) {
            unusedGroups(ctx, out);
            shadowedSgRules(ctx, out);
            unreachableNaclEntries(ctx, out);
            oversizedCidrs(ctx, out);
            defaultSgOpen(ctx, out);
            singleZoneTiers(ctx, out);
          }};
}

}  // namespace awssim::rules
