#include "rules/diff.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <thread>

#include "rules/suppressions.h"
#include "sim/cost.h"

namespace awssim::rules {

using model::Location;
using model::Stack;

namespace {

std::string join(const std::vector<std::string>& v) { return v.empty() ? "none" : fmt::format("{}", fmt::join(v, ", ")); }
std::string ip(const std::optional<model::Ipv4>& a) { return a ? model::formatIpv4(*a) : "auto"; }
std::string yes(bool b) { return b ? "yes" : "no"; }

struct Resource {
  Location loc;
  std::vector<Facet> facets;
  std::string id;  // AWS ID when known
};
// kind -> name -> settings, kinds in the order stack.yaml lists them.
using Inventory = std::vector<std::pair<std::string, std::map<std::string, Resource>>>;

template <typename T, typename F>
void collect(Inventory& inv, const std::string& kind, const model::Table<T>& table, F facets) {
  auto& m = inv.emplace_back(kind, std::map<std::string, Resource>{}).second;
  for (const auto& x : table) {
    Resource r{x.loc, {}, {}};
    if constexpr (requires { x.id; }) r.id = x.id;
    auto field = [&](const std::string& text, const Location& loc = {}) {
      r.facets.push_back({text, loc.file.empty() ? x.loc : loc});
    };
    facets(x, field);
    m.emplace(x.name, std::move(r));
  }
}

Inventory inventory(const Stack& s) {
  Inventory inv;
  // The stack's own settings, as one resource.
  Resource self{{s.file, 1, 1}, {}, {}};
  self.facets.push_back({"region " + s.region, self.loc});
  self.facets.push_back({"free tier " + model::freeTierName(s.free_tier), self.loc});
  if (s.budget) self.facets.push_back({fmt::format("budget ${:.2f}/month", *s.budget), self.loc});
  inv.emplace_back("stack", std::map<std::string, Resource>{{"settings", std::move(self)}});
  collect(inv, "vpc", s.vpcs, [](const model::Vpc& v, auto field) {
    for (const auto& c : v.cidrs) field("cidr " + c.str());
    field("dns support " + yes(v.dns_support));
    field("dns hostnames " + yes(v.dns_hostnames));
  });
  collect(inv, "subnet", s.subnets, [](const model::Subnet& x, auto field) {
    field(fmt::format("vpc {}, cidr {}, zone {}", x.vpc, x.cidr.str(), x.az));
    field("route table " + (x.route_table.empty() ? "main" : x.route_table));
    field("nacl " + (x.nacl.empty() ? "default" : x.nacl));
    field("public addresses on launch " + yes(x.map_public_ip));
  });
  collect(inv, "route table", s.route_tables, [](const model::RouteTable& t, auto field) {
    field("vpc " + t.vpc + (t.main ? " (main)" : ""));
    for (const auto& r : t.routes) field("route " + r.describe() + (r.propagated ? " (propagated)" : ""), r.loc);
    for (const auto& g : t.propagate) field("propagates vpn gateway " + g);
  });
  collect(inv, "nacl", s.nacls, [](const model::Nacl& n, auto field) {
    field("vpc " + n.vpc);
    for (const auto* entries : {&n.ingress, &n.egress})
      for (const auto& e : *entries)
        field(fmt::format("{} rule {}: {} {} {} {}", entries == &n.ingress ? "ingress" : "egress", e.number,
                          e.allow ? "allow" : "deny", e.traffic.str(), entries == &n.ingress ? "from" : "to", e.cidr.str()),
              e.loc);
  });
  collect(inv, "security group", s.security_groups, [](const model::SecurityGroup& g, auto field) {
    field("vpc " + g.vpc);
    for (const auto& r : g.ingress) field("ingress " + r.describe(false), r.loc);
    for (const auto& r : g.egress) field("egress " + r.describe(true), r.loc);
  });
  collect(inv, "prefix list", s.prefix_lists, [](const model::PrefixList& p, auto field) {
    for (const auto& c : p.cidrs) field("cidr " + c.str());
  });
  collect(inv, "instance", s.instances, [](const model::Instance& i, auto field) {
    field("type " + i.type);
    field(fmt::format("subnet {}, address {}", i.subnet, ip(i.private_ip)), i.private_ip_loc);
    field("security groups " + join(i.sgs));
    field(i.public_ip ? "public address " + (i.public_ip_address ? model::formatIpv4(*i.public_ip_address) : "yes") +
                            (i.elastic_ip ? " (elastic)" : "")
                      : "no public address");
    field(i.running ? "running" : "stopped");
    field("iam role " + (i.iam_role.empty() ? "none" : i.iam_role));
    field(fmt::format("root volume {} GB {}", i.root_volume.size_gb, i.root_volume.type));
    if (!i.volumes.empty()) field("volumes " + join(i.volumes));
  });
  collect(inv, "launch template", s.launch_templates, [](const model::LaunchTemplate& t, auto field) {
    field("type " + t.spec.type);
    field("security groups " + join(t.spec.sgs));
    if (t.public_ip) field("public address " + yes(*t.public_ip));
  });
  collect(inv, "auto scaling group", s.auto_scaling_groups, [](const model::AutoScalingGroup& g, auto field) {
    field("launch template " + g.launch_template);
    field("subnets " + join(g.subnets));
    field(fmt::format("desired {} (min {}, max {})", g.desired, g.min, g.max));
    field("target groups " + join(g.target_groups));
  });
  collect(inv, "network interface", s.enis, [](const model::Eni& e, auto field) {
    field(fmt::format("subnet {}, address {}", e.subnet, ip(e.private_ip)), e.private_ip_loc);
    field("security groups " + join(e.sgs));
    field("attached to " + (e.instance.empty() ? "nothing" : e.instance));
    field("source/destination check " + yes(e.source_dest_check));
    if (e.public_ip) field("public address");
  });
  collect(inv, "internet gateway", s.internet_gateways, [](const model::InternetGateway& g, auto field) {
    field("vpc " + (g.vpc.empty() ? "none (detached)" : g.vpc));
  });
  collect(inv, "nat gateway", s.nat_gateways, [](const model::NatGateway& n, auto field) {
    field("subnet " + n.subnet);
    field(n.public_connectivity ? "public" : "private");
  });
  collect(inv, "vpc endpoint", s.endpoints, [](const model::VpcEndpoint& e, auto field) {
    field(fmt::format("{} endpoint for {}", e.type == model::EndpointType::Gateway ? "gateway" : "interface", e.service));
    if (!e.route_tables.empty()) field("route tables " + join(e.route_tables));
    if (!e.subnets.empty()) field("subnets " + join(e.subnets));
    if (!e.sgs.empty()) field("security groups " + join(e.sgs));
    for (const auto& [subnet, at] : e.addresses) field(fmt::format("address {} in {}", ip(at), subnet));
    field("private dns " + yes(e.private_dns));
    field(e.policy_allows_all ? "policy allows all" : "restrictive policy");
  });
  collect(inv, "instance connect endpoint", s.instance_connect_endpoints,
          [](const model::InstanceConnectEndpoint& e, auto field) {
            field("subnet " + e.subnet);
            field("security groups " + join(e.sgs));
          });
  collect(inv, "load balancer", s.load_balancers, [](const model::LoadBalancer& lb, auto field) {
    field(fmt::format("{} {}", lb.internet_facing ? "internet-facing" : "internal", lb.type));
    field("subnets " + join(lb.subnets));
    field("security groups " + join(lb.sgs));
    for (const auto& [subnet, at] : lb.addresses) field(fmt::format("node address {} in {}", ip(at), subnet));
    for (const auto& l : lb.listeners) field(fmt::format("listener {} {} -> {}", l.protocol, l.port, l.target_group), l.loc);
  });
  collect(inv, "target group", s.target_groups, [](const model::TargetGroup& t, auto field) {
    field(fmt::format("{} {} ({} targets)", t.protocol, t.port, t.target_type));
    if (t.health_check_port) field(fmt::format("health check port {}", *t.health_check_port));
    for (const auto& x : t.targets)
      field(fmt::format("target {}{}", x.name.empty() ? ip(x.ip) : x.name, x.port ? fmt::format(":{}", *x.port) : ""), x.loc);
  });
  collect(inv, "hosted zone", s.hosted_zones, [](const model::HostedZone& z, auto field) {
    field(z.is_private ? "private, vpcs " + join(z.vpcs) : "public");
    for (const auto& r : z.records) field(fmt::format("{} {} {}", r.name, r.type, join(r.values)), r.loc);
  });
  collect(inv, "cloud map namespace", s.namespaces, [](const model::CloudMapNamespace& n, auto field) {
    field(n.type + (n.vpc.empty() ? "" : " in vpc " + n.vpc));
    for (const auto& x : n.services) field("service " + x.name, x.loc);
  });
  collect(inv, "ebs volume", s.volumes, [](const model::EbsVolume& v, auto field) {
    field(fmt::format("{} GB {} in {}", v.size_gb, v.type, v.az));
  });
  collect(inv, "ecs cluster", s.ecs_clusters, [](const model::EcsCluster& c, auto field) {
    if (!c.capacity) return field("no capacity");
    const auto& k = *c.capacity;
    field(fmt::format("capacity {} x{} (min {}, max {})", k.instance_type, k.desired, k.min, k.max), k.loc);
    field("capacity subnets " + join(k.subnets), k.loc);
    field("capacity security groups " + join(k.sgs), k.loc);
    field("capacity public address " + yes(k.public_ip), k.loc);
  });
  collect(inv, "ecs service", s.ecs_services, [](const model::EcsService& x, auto field) {
    field(fmt::format("{} on {}, desired {}", x.launch_type, x.cluster, x.desired_count));
    field("task definition " + x.task_definition_file);
    field(fmt::format("task {}: cpu {}, memory {}", x.task_definition.family, x.task_definition.cpu.value_or(0),
                      x.task_definition.memory.value_or(0)));
    if (!x.subnets.empty()) field("subnets " + join(x.subnets));
    if (!x.sgs.empty()) field("security groups " + join(x.sgs));
    if (x.assign_public_ip) field("public address");
    if (x.service_connect && x.service_connect->enabled) field("service connect in " + x.service_connect->namespace_);
  });
  collect(inv, "vpc peering", s.peerings, [](const model::VpcPeering& p, auto field) {
    field(fmt::format("{} <-> {}{}", p.requester, p.accepter, p.active ? "" : " (not active)"));
  });
  collect(inv, "transit gateway", s.transit_gateways, [](const model::TransitGateway& t, auto field) {
    for (const auto& a : t.attachments)
      field(fmt::format("attachment {}: vpc {}, subnets {}, route table {}", a.name, a.vpc, join(a.subnets), a.route_table),
            a.loc);
    for (const auto& rt : t.route_tables) {
      for (const auto& r : rt.routes)
        field(fmt::format("route table {}: {} -> {}", rt.name, r.cidr.str(), r.attachment.empty() ? "blackhole" : r.attachment),
              r.loc);
      for (const auto& p : rt.propagations) field(fmt::format("route table {}: propagates {}", rt.name, p), rt.loc);
    }
  });
  collect(inv, "vpn gateway", s.vpn_gateways, [](const model::VpnGateway& g, auto field) {
    field("vpc " + (g.vpc.empty() ? "none (detached)" : g.vpc));
  });
  collect(inv, "vpn connection", s.vpn_connections, [](const model::VpnConnection& c, auto field) {
    field("vpn gateway " + c.vpn_gateway);
    std::vector<std::string> prefixes;
    for (const auto& p : c.on_premises) prefixes.push_back(p.str());
    field("on premises " + join(prefixes));
  });
  return inv;
}

std::vector<ResourceChange> diffResources(const Stack& before, const Stack& after) {
  Inventory b = inventory(before), a = inventory(after);
  std::vector<ResourceChange> out;
  for (size_t k = 0; k < b.size(); ++k) {
    auto& [kind, old] = b[k];
    auto& now = a[k].second;
    // A name only one version has, with the same AWS ID as a name only the
    // other has, is one resource renamed: compared under its new name.
    std::map<std::string, std::string> goneById;
    std::set<std::string> renamed;
    for (const auto& [n, r] : old)
      if (!r.id.empty() && !now.count(n)) goneById.emplace(r.id, n);
    for (const auto& [n, r] : now) {
      auto it = r.id.empty() || old.count(n) ? goneById.end() : goneById.find(r.id);
      if (it == goneById.end()) continue;
      Resource moved = std::move(old.at(it->second));
      moved.facets.push_back({"name " + it->second, moved.loc});
      old.erase(it->second);
      Resource& self = now.at(n);
      self.facets.push_back({"name " + n, self.loc});
      old.emplace(n, std::move(moved));
      renamed.insert(n);
      goneById.erase(it);
    }
    std::set<std::string> names;
    for (const auto& [n, r] : old) names.insert(n);
    for (const auto& [n, r] : now) names.insert(n);
    for (const auto& n : names) {
      auto ob = old.find(n), na = now.find(n);
      if (ob == old.end()) {
        out.push_back({kind, n, "added", na->second.facets, {}, na->second.loc});
        continue;
      }
      if (na == now.end()) {
        out.push_back({kind, n, "removed", {}, ob->second.facets, ob->second.loc});
        continue;
      }
      // Settings compared as multisets of their text: a line moved is not a change.
      std::multiset<std::string> was, is;
      for (const auto& f : ob->second.facets) was.insert(f.text);
      for (const auto& f : na->second.facets) is.insert(f.text);
      ResourceChange c{kind, n, renamed.count(n) ? "renamed" : "changed", {}, {}, na->second.loc};
      for (const auto& f : na->second.facets)
        if (auto it = was.find(f.text); it != was.end()) was.erase(it);
        else c.added.push_back(f);
      for (const auto& f : ob->second.facets)
        if (auto it = is.find(f.text); it != is.end()) is.erase(it);
        else c.removed.push_back(f);
      if (!c.added.empty() || !c.removed.empty()) out.push_back(std::move(c));
    }
  }
  return out;
}

// Findings of one version absent from the other, matched in passes from
// the closest: fingerprint and message, fingerprint (a count in a message
// changed), then rule and resource alone (the finding moved to another
// file, or the versions are different input kinds).
std::vector<Finding> onlyIn(const CheckResult& x, const Stack& xs, const CheckResult& y, const Stack& ys) {
  using Key = std::string (*)(const Finding&, const Stack&);
  const Key keys[] = {
      [](const Finding& f, const Stack& s) { return diffFingerprint(f, s) + "|" + f.message; },
      [](const Finding& f, const Stack& s) { return diffFingerprint(f, s); },
      [](const Finding& f, const Stack&) { return f.rule_id + "|" + f.resource; },
  };
  std::vector<const Finding*> left, right;
  for (const auto& f : x.findings)
    if (f.active()) left.push_back(&f);
  for (const auto& f : y.findings)
    if (f.active()) right.push_back(&f);
  for (Key key : keys) {
    std::multiset<std::string> other;
    for (const Finding* f : right) other.insert(key(*f, ys));
    std::multiset<std::string> matched;
    std::vector<const Finding*> rest;
    for (const Finding* f : left)
      if (auto it = other.find(key(*f, xs)); it != other.end()) {
        matched.insert(*it);
        other.erase(it);
      } else {
        rest.push_back(f);
      }
    left = std::move(rest);
    std::vector<const Finding*> keep;
    for (const Finding* f : right)
      if (auto it = matched.find(key(*f, ys)); it != matched.end()) matched.erase(it);
      else keep.push_back(f);
    right = std::move(keep);
  }
  std::vector<Finding> out;
  for (const Finding* f : left) out.push_back(*f);
  return out;
}

struct Verdict {
  bool holds = false;
  std::string detail;
  Location loc;
};

std::map<std::string, Verdict> verdicts(const CheckResult& r, bool intents) {
  std::map<std::string, Verdict> out;
  if (!intents) {
    for (const auto& e : r.expectations) {
      std::string what = e.expectation ? e.expectation->text : e.question;
      std::string detail = !e.error.empty() ? e.error
                           : e.traffic     ? e.traffic->str()
                                           : sim::dispositionName(e.result.disposition);
      out[what] = {e.holds, detail, e.expectation ? e.expectation->loc : Location{}};
    }
    return out;
  }
  for (const auto& i : r.intents) {
    std::string what = fmt::format("{} -> {} ({})", i.source, i.target, i.reason);
    out[what] = {i.holds, i.holds ? sim::dispositionName(i.result.disposition) : i.detail, i.loc};
  }
  return out;
}

void diffVerdicts(const CheckResult& b, const CheckResult& a, bool intents, std::vector<VerdictChange>& out) {
  auto vb = verdicts(b, intents), va = verdicts(a, intents);
  std::set<std::string> keys;
  for (const auto& [k, v] : vb) keys.insert(k);
  for (const auto& [k, v] : va) keys.insert(k);
  for (const auto& k : keys) {
    auto ib = vb.find(k), ia = va.find(k);
    VerdictChange c;
    c.kind = intents ? "intent" : "expectation";
    c.what = k;
    if (ib != vb.end()) {
      c.before = ib->second.holds;
      c.detail_before = ib->second.detail;
      c.loc = ib->second.loc;
    }
    if (ia != va.end()) {
      c.after = ia->second.holds;
      c.detail_after = ia->second.detail;
      c.loc = ia->second.loc;
    }
    // A new expectation that holds and one removed that held say nothing.
    if (c.before == c.after || (!c.before && c.after == true) || (!c.after && c.before == true)) continue;
    out.push_back(std::move(c));
  }
}

std::map<std::string, std::string> placed(const sim::Placement& p) {
  std::map<std::string, std::string> out;
  for (const auto& t : p.tasks) {
    std::string where = !t.instance.empty() ? t.instance : !t.subnet.empty() ? "subnet " + t.subnet : t.eni;
    out[t.id] = t.running ? "on " + where : fmt::format("PENDING: {}", join(t.reasons));
  }
  return out;
}

std::string money(double usd) { return fmt::format("${:.2f}", usd); }

}  // namespace

std::string diffFingerprint(const Finding& f, const Stack& stack) {
  namespace fs = std::filesystem;
  std::string file = f.loc.file;
  if (!file.empty()) {
    if (fs::path(file).lexically_normal() == fs::path(stack.file).lexically_normal()) file = "<stack>";
    else if (!stack.dir.empty()) file = fs::path(file).lexically_relative(stack.dir).generic_string();
  }
  return fmt::format("{}|{}|{}", f.rule_id, f.resource, file);
}

bool StackDiff::empty() const {
  return reach.changes.empty() && resources.empty() && new_findings.empty() && fixed_findings.empty() &&
         verdicts.empty() && placement.empty() && cost_lines.empty();
}

std::string StackDiff::verdict() const {
  if (gate.empty()) return "PASSED: the change opens nothing to the internet, breaks nothing and stays within the limits, exit 0";
  return fmt::format("FAILED: {} ({}{}), exit 1", gate.size() == 1 ? "1 reason" : fmt::format("{} reasons", gate.size()),
                     gate.front(), gate.size() > 1 ? "; ..." : "");
}

StackDiff diffStacks(const sim::Network& before, const sim::Network& after, const DiffOptions& options) {
  StackDiff d;
  d.fail_on = options.fail_on;
  const Stack& sb = before.stack();
  const Stack& sa = after.stack();
  d.before_name = sb.file;
  d.after_name = sa.file;
  // The two versions are independent: check them side by side.
  CheckOptions ob, oa;
  ob.prices = options.prices_before;
  oa.prices = options.prices_after;
  ob.today = oa.today = options.today;
  CheckResult rb;
  std::thread other([&] { rb = runCheck(before, ob); });
  CheckResult ra = runCheck(after, oa);
  other.join();
  d.reach = sim::diffReachability(before, after);
  d.resources = diffResources(sb, sa);
  d.new_findings = onlyIn(ra, sa, rb, sb);
  d.fixed_findings = onlyIn(rb, sb, ra, sa);
  diffVerdicts(rb, ra, false, d.verdicts);
  diffVerdicts(rb, ra, true, d.verdicts);
  auto pb = placed(rb.placement), pa = placed(ra.placement);
  std::set<std::string> tasks;
  for (const auto& [k, v] : pb) tasks.insert(k);
  for (const auto& [k, v] : pa) tasks.insert(k);
  for (const auto& t : tasks) {
    std::string x = pb.count(t) ? pb[t] : "", y = pa.count(t) ? pa[t] : "";
    if (x != y) d.placement.push_back({t, x, y});
  }
  if (options.prices_before && options.prices_after && rb.cost && ra.cost) {
    d.cost_before = rb.cost;
    d.cost_after = ra.cost;
    std::map<std::pair<std::string, std::string>, CostLine> lines;
    for (const auto& i : rb.cost->items) {
      auto& l = lines[{i.resource, i.component}];
      l.resource = i.resource;
      l.component = i.component;
      l.before += i.monthly;
    }
    for (const auto& i : ra.cost->items) {
      auto& l = lines[{i.resource, i.component}];
      l.resource = i.resource;
      l.component = i.component;
      l.after += i.monthly;
    }
    for (auto& [k, l] : lines)
      if (std::fabs(l.after - l.before) > 0.005) d.cost_lines.push_back(l);
  }

  // The gate.
  for (const auto& c : d.reach.changes) {
    if (!c.opened || !c.fromInternet()) continue;
    std::vector<std::string> names;
    for (int x : c.destinations) names.push_back(d.reach.endpoints[x].name);
    std::string shown = names.size() > 3 ? fmt::format("{}, ... ({} in all)", fmt::join(names.begin(), names.begin() + 3, ", "), names.size())
                                         : join(names);
    d.gate.push_back(fmt::format("exposes {} to the internet{} on {}", shown,
                                 c.internet_addresses.empty() || c.internet_addresses == "any internet address"
                                     ? ""
                                     : " (" + c.internet_addresses + ")",
                                 sim::describeTraffic(c.protocol, c.ports)));
  }
  for (const auto& f : d.new_findings)
    if (f.rule_id.rfind("AWSSIM-SCOPE-", 0) == 0)
      d.gate.push_back(fmt::format("violates a scope: {} ({})", f.message, f.loc.str()));
  for (const auto& v : d.verdicts)
    if (v.broken()) d.gate.push_back(fmt::format("breaks {} {} ({})", v.kind, v.what, v.detail_after));
  size_t severe = 0;
  std::set<std::string> ids;
  for (const auto& f : d.new_findings)
    if (f.severity >= options.fail_on && f.rule_id.rfind("AWSSIM-SCOPE-", 0) != 0) {
      ++severe;
      ids.insert(f.rule_id);
    }
  if (severe > 0)
    d.gate.push_back(fmt::format("adds {} finding{} at or above {} ({})", severe, severe == 1 ? "" : "s",
                                 severityName(options.fail_on), join({ids.begin(), ids.end()})));
  if (d.cost_before && d.cost_after) {
    double was = d.cost_before->total_after_free_tier, is = d.cost_after->total_after_free_tier;
    double up = is - was;
    if (options.max_increase_usd && up > *options.max_increase_usd + 1e-9)
      d.gate.push_back(fmt::format("raises the monthly cost by {} (limit {})", money(up), money(*options.max_increase_usd)));
    if (options.max_increase_pct && up > 1e-9 && (was <= 1e-9 || up / was * 100 > *options.max_increase_pct + 1e-9))
      d.gate.push_back(fmt::format("raises the monthly cost by {}{} (limit {}%)", money(up),
                                   was <= 1e-9 ? " from $0.00" : fmt::format(" ({:.1f}%)", up / was * 100),
                                   *options.max_increase_pct));
  }
  return d;
}

}  // namespace awssim::rules
