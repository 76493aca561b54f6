#include "model/validate.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <re2/re2.h>
#include <set>

#include "model/aws_ranges.h"

namespace awssim::model {

namespace {

class Validator {
 public:
  Validator(Stack& s, Diagnostics& d) : s_(s), d_(d) {}

  void run() {
    launchAutoScalingGroups();
    addDefaultSecurityGroups();
    checkRefs();
    checkTransitGateways();
    resolveRoutes();
    linkGatewayEndpoints();
    checkVpcs();
    checkSubnets();
    checkMembership();
    checkAddresses();
    checkLoadBalancers();
    checkZones();
    checkEcsServices();
    checkInstanceTypes();
  }

 private:
  /// An Auto Scaling group's desired count, launched: instance n goes to
  /// subnet n mod k (AWS balances a group across its zones). A static
  /// address from the launch template can be held by one instance only, in
  /// the subnet holding it; the launches after it fail (AWSSIM-TRAP-001
  /// says so), so they are not modelled. Groups whose template or subnets
  /// are unknown launch nothing; checkRefs reports them.
  void launchAutoScalingGroups() {
    for (const auto& g : s_.auto_scaling_groups) {
      std::string what = fmt::format("auto scaling group '{}'", g.name);
      if (g.min > g.max || g.desired < g.min || g.desired > g.max) {
        d_.error(g.loc, fmt::format("{}: desired {} must be between min {} and max {}", what, g.desired, g.min, g.max));
        continue;
      }
      const LaunchTemplate* lt = s_.launch_templates.find(g.launch_template);
      bool subnetsKnown = !g.subnets.empty();
      std::set<std::string> vpcs;
      for (const auto& n : g.subnets) {
        const Subnet* sub = s_.subnets.find(n);
        subnetsKnown = subnetsKnown && sub;
        if (sub) vpcs.insert(sub->vpc);
      }
      if (g.subnets.empty()) d_.error(g.loc, fmt::format("{} has no subnets", what));
      if (vpcs.size() > 1) {
        d_.error(g.loc, fmt::format("{}: its subnets are in different VPCs ({}); a group launches into one VPC", what,
                                    joinNames({vpcs.begin(), vpcs.end()})));
        continue;
      }
      if (!lt || !subnetsKnown) continue;
      for (int n = 0; n < g.desired; ++n) {
        Instance i = lt->spec;
        i.name = fmt::format("{}-{}", g.name, n + 1);
        i.loc = g.loc;
        i.id.clear();
        i.asg = g.name;
        i.subnet = g.subnets[static_cast<size_t>(n) % g.subnets.size()];
        const Subnet* sub = s_.subnets.find(i.subnet);
        i.public_ip = lt->public_ip.value_or(sub->map_public_ip);
        i.tags["aws:autoscaling:groupName"] = g.name;
        if (lt->spec.private_ip) {
          bool holder = sub->cidr.contains(*lt->spec.private_ip);
          for (int m = 0; m < n && holder; ++m)
            holder = !s_.subnets.find(g.subnets[static_cast<size_t>(m) % g.subnets.size()])->cidr.contains(*lt->spec.private_ip);
          if (!holder) continue;
        }
        if (!s_.instances.add(i)) {
          d_.error(g.loc, fmt::format("{} launches instance '{}', a name the stack already uses", what, i.name));
          continue;
        }
        for (const auto& tgName : g.target_groups)
          if (TargetGroup* tg = s_.target_groups.find(tgName); tg && tg->target_type == "instance")
            tg->targets.push_back({g.loc, i.name, std::nullopt, std::nullopt});
      }
    }
  }

  /// Every VPC has a default security group (all traffic in from its own
  /// members, all out); interfaces launched without groups get it. A group
  /// the stack names "default" (or "default-<vpc>" with several VPCs) is it.
  void addDefaultSecurityGroups() {
    for (const auto& vpc : s_.vpcs) {
      std::string name = s_.vpcs.size() == 1 ? "default" : "default-" + vpc.name;
      if (!s_.security_groups.find(name)) {
        SecurityGroup sg;
        sg.name = name;
        sg.loc = vpc.loc;
        sg.vpc = vpc.name;
        sg.description = "default VPC security group";
        SgRule in;
        in.loc = vpc.loc;
        in.kind = PeerKind::SecurityGroup;
        in.ref = name;
        sg.ingress.push_back(in);
        SgRule out;
        out.loc = vpc.loc;
        out.cidr = Cidr{0, 0};
        sg.egress.push_back(out);
        s_.security_groups.add(std::move(sg));
      }
      auto assign = [&](std::vector<std::string>& sgs, const std::string& subnet) {
        const Subnet* sub = s_.subnets.find(subnet);
        if (sgs.empty() && sub && sub->vpc == vpc.name) sgs.push_back(name);
      };
      for (auto& i : s_.instances) assign(i.sgs, i.subnet);
      for (auto& e : s_.enis) assign(e.sgs, e.subnet);
      for (auto& c : s_.ecs_clusters)
        if (c.capacity && !c.capacity->subnets.empty()) assign(c.capacity->sgs, c.capacity->subnets[0]);
      for (auto& svc : s_.ecs_services)
        if (!svc.subnets.empty()) assign(svc.sgs, svc.subnets[0]);
    }
  }

  std::vector<std::string> namesOf(const std::string& kind) const {
    if (kind == "vpc") return s_.vpcs.names();
    if (kind == "subnet") return s_.subnets.names();
    if (kind == "route_table") return s_.route_tables.names();
    if (kind == "nacl") return s_.nacls.names();
    if (kind == "security_group") return s_.security_groups.names();
    if (kind == "prefix_list") return s_.prefix_lists.names();
    if (kind == "instance") return s_.instances.names();
    if (kind == "volume") return s_.volumes.names();
    if (kind == "target_group") return s_.target_groups.names();
    if (kind == "namespace") return s_.namespaces.names();
    if (kind == "ecs_cluster") return s_.ecs_clusters.names();
    if (kind == "nat_gateway") return s_.nat_gateways.names();
    if (kind == "endpoint") return s_.endpoints.names();
    if (kind == "load_balancer") return s_.load_balancers.names();
    if (kind == "launch_template") return s_.launch_templates.names();
    if (kind == "vpn_gateway") return s_.vpn_gateways.names();
    if (kind == "instance_or_ecs_service") {
      auto names = s_.instances.names();
      for (const auto& n : s_.ecs_services.names()) names.push_back(n);
      return names;
    }
    return {};
  }

  /// Whether an element of that kind has that name (a lookup, not a list:
  /// references are checked one by one in stacks of any size).
  bool has(const std::string& kind, const std::string& name) const {
    if (kind == "vpc") return s_.vpcs.find(name);
    if (kind == "subnet") return s_.subnets.find(name);
    if (kind == "route_table") return s_.route_tables.find(name);
    if (kind == "nacl") return s_.nacls.find(name);
    if (kind == "security_group") return s_.security_groups.find(name);
    if (kind == "prefix_list") return s_.prefix_lists.find(name);
    if (kind == "instance") return s_.instances.find(name);
    if (kind == "volume") return s_.volumes.find(name);
    if (kind == "target_group") return s_.target_groups.find(name);
    if (kind == "namespace") return s_.namespaces.find(name);
    if (kind == "ecs_cluster") return s_.ecs_clusters.find(name);
    if (kind == "nat_gateway") return s_.nat_gateways.find(name);
    if (kind == "endpoint") return s_.endpoints.find(name);
    if (kind == "load_balancer") return s_.load_balancers.find(name);
    if (kind == "launch_template") return s_.launch_templates.find(name);
    if (kind == "vpn_gateway") return s_.vpn_gateways.find(name);
    if (kind == "instance_or_ecs_service") return s_.instances.find(name) || s_.ecs_services.find(name);
    auto names = namesOf(kind);
    return std::find(names.begin(), names.end(), name) != names.end();
  }

  static std::string kindLabel(const std::string& kind) {
    std::string k = kind;
    std::replace(k.begin(), k.end(), '_', ' ');
    return k;
  }

  /// Whether an expectation endpoint names something awssim can resolve:
  /// a resource, an address, `internet`, an AWS service or a DNS name.
  bool endpointKnown(const std::string& e) const {
    if (e == "internet" || parseIpv4(e) || isKnownEndpointService(e) || e == "ecr" || e == "ecs-agent") return true;
    std::string name = e;
    if (auto colon = e.find(':'); colon != std::string::npos) name = e.substr(colon + 1);
    if (name.find('.') != std::string::npos) return true;  // a DNS name, resolved by sim
    static const RE2 awsId(R"((i|eni|subnet|vpc|sg|nat|igw|vpce|eice|tgw|pcx)-[0-9a-f]+)");
    if (RE2::FullMatch(name, awsId)) return true;
    return s_.ecs_clusters.find(name) || !resourcesNamed(s_, name).empty();
  }

  std::vector<std::string> endpointNames() const {
    std::vector<std::string> out = {"internet"};
    for (const auto* t : {&s_.instances}) for (const auto& i : *t) out.push_back(i.name);
    for (const auto& x : s_.enis) out.push_back(x.name);
    for (const auto& x : s_.subnets) out.push_back(x.name);
    for (const auto& x : s_.load_balancers) out.push_back(x.name);
    for (const auto& x : s_.endpoints) out.push_back(x.name);
    for (const auto& x : s_.ecs_services) out.push_back(x.name);
    for (const auto& x : s_.instance_connect_endpoints) out.push_back(x.name);
    for (const auto& x : knownEndpointServices()) out.push_back(x);
    return out;
  }

  /// Every by-name reference the model holds, with the element holding it.
  struct Ref {
    std::string kind;
    std::string name;
    Location owner;
  };

  std::vector<Ref> references() const {
    std::vector<Ref> out;
    auto add = [&](const char* kind, const std::string& name, const Location& owner) {
      if (!name.empty()) out.push_back({kind, name, owner});
    };
    auto addAll = [&](const char* kind, const std::vector<std::string>& names, const Location& owner) {
      for (const auto& n : names) add(kind, n, owner);
    };
    for (const auto& x : s_.subnets) {
      add("vpc", x.vpc, x.loc);
      add("route_table", x.route_table, x.loc);
      add("nacl", x.nacl, x.loc);
    }
    for (const auto& x : s_.route_tables) {
      add("vpc", x.vpc, x.loc);
      for (const auto& r : x.routes) add("prefix_list", r.prefix_list, r.loc);
    }
    for (const auto& x : s_.nacls) add("vpc", x.vpc, x.loc);
    for (const auto& x : s_.security_groups) {
      add("vpc", x.vpc, x.loc);
      for (const auto* rules : {&x.ingress, &x.egress})
        for (const auto& r : *rules)
          if (r.kind != PeerKind::Cidr) add(r.kind == PeerKind::SecurityGroup ? "security_group" : "prefix_list", r.ref, r.loc);
    }
    for (const auto& x : s_.instances) {
      add("subnet", x.subnet, x.loc);
      addAll("security_group", x.sgs, x.loc);
      addAll("volume", x.volumes, x.loc);
    }
    for (const auto& x : s_.enis) {
      add("subnet", x.subnet, x.loc);
      addAll("security_group", x.sgs, x.loc);
      add("instance", x.instance, x.loc);
    }
    for (const auto& x : s_.launch_templates) {
      addAll("security_group", x.spec.sgs, x.loc);
      addAll("volume", x.spec.volumes, x.loc);
    }
    for (const auto& x : s_.auto_scaling_groups) {
      add("launch_template", x.launch_template, x.loc);
      addAll("subnet", x.subnets, x.loc);
      addAll("target_group", x.target_groups, x.loc);
    }
    for (const auto& x : s_.internet_gateways) add("vpc", x.vpc, x.loc);
    for (const auto& x : s_.vpn_gateways) add("vpc", x.vpc, x.loc);
    for (const auto& x : s_.vpn_connections) add("vpn_gateway", x.vpn_gateway, x.loc);
    for (const auto& x : s_.route_tables) addAll("vpn_gateway", x.propagate, x.loc);
    for (const auto& x : s_.nat_gateways) add("subnet", x.subnet, x.loc);
    for (const auto& x : s_.endpoints) {
      add("vpc", x.vpc, x.loc);
      addAll("route_table", x.route_tables, x.loc);
      addAll("subnet", x.subnets, x.loc);
      addAll("security_group", x.sgs, x.loc);
    }
    for (const auto& x : s_.instance_connect_endpoints) {
      add("subnet", x.subnet, x.loc);
      addAll("security_group", x.sgs, x.loc);
    }
    for (const auto& x : s_.load_balancers) {
      addAll("subnet", x.subnets, x.loc);
      addAll("security_group", x.sgs, x.loc);
      for (const auto& l : x.listeners) add("target_group", l.target_group, l.loc);
    }
    for (const auto& x : s_.target_groups) {
      add("vpc", x.vpc, x.loc);
      for (const auto& t : x.targets) add("instance", t.name, t.loc);
    }
    for (const auto& x : s_.hosted_zones) addAll("vpc", x.vpcs, x.loc);
    for (const auto& x : s_.namespaces) {
      add("vpc", x.vpc, x.loc);
      for (const auto& svc : x.services)
        // A Cloud Map instance is an EC2 instance, or the tasks of an ECS
        // service registered through its service registries.
        for (const auto& i : svc.instances) add("instance_or_ecs_service", i.target, i.loc);
    }
    for (const auto& x : s_.ecs_clusters) {
      add("namespace", x.namespace_, x.loc);
      if (x.capacity) {
        addAll("subnet", x.capacity->subnets, x.capacity->loc);
        addAll("security_group", x.capacity->sgs, x.capacity->loc);
      }
    }
    for (const auto& x : s_.ecs_services) {
      add("ecs_cluster", x.cluster, x.loc);
      addAll("subnet", x.subnets, x.loc);
      addAll("security_group", x.sgs, x.loc);
      for (const auto& lb : x.load_balancers) add("target_group", lb.target_group, lb.loc);
      if (x.service_connect) add("namespace", x.service_connect->namespace_, x.service_connect->loc);
    }
    for (const auto& x : s_.peerings) {
      add("vpc", x.requester, x.loc);
      add("vpc", x.accepter, x.loc);
    }
    for (const auto& t : s_.transit_gateways)
      for (const auto& a : t.attachments) {
        add("vpc", a.vpc, a.loc);
        addAll("subnet", a.subnets, a.loc);
      }
    for (const auto& [name, gb] : s_.usage.nat_gb_processed) add("nat_gateway", name, s_.usage.loc);
    for (const auto& [name, gb] : s_.usage.endpoint_gb_processed) add("endpoint", name, s_.usage.loc);
    for (const auto& [name, lcu] : s_.usage.load_balancer_lcu) add("load_balancer", name, s_.usage.loc);
    return out;
  }

  /// Dangling references are reported where they were written when the
  /// importer recorded that (RefSite), else at the element holding them.
  void checkRefs() {
    std::map<std::pair<std::string, std::string>, std::vector<Location>> dangling;
    for (const auto& r : references())
      if (!has(r.kind, r.name)) dangling[{r.kind, r.name}].push_back(r.owner);
    for (const auto& [key, owners] : dangling) {
      const auto& [kind, name] = key;
      std::set<std::pair<int, int>> at;  // one report per place
      std::vector<Location> places;
      for (const auto& site : s_.ref_sites)
        if (site.kind == kind && site.name == name) places.push_back(site.loc);
      if (places.empty()) places = owners;
      auto names = namesOf(kind);
      for (const auto& loc : places) {
        if (!at.insert({loc.line, loc.col}).second && loc.known()) continue;
        d_.error(loc, fmt::format("unknown {} '{}'{} (defined: {})", kindLabel(kind), name, didYouMean(name, names),
                                  joinNames(names)));
      }
    }
    for (const auto& x : s_.expectations)
      for (const auto* e : {&x.from, &x.to})
        if (!endpointKnown(*e)) {
          auto names = endpointNames();
          d_.error(x.loc, fmt::format("expectation names '{}', which is neither a resource of this stack, an "
                                      "address, 'internet', an AWS service nor a DNS name{}",
                                      *e, didYouMean(*e, names)));
        }
  }

  /// Attachment and route-table names are checked within their gateway.
  // The ECS API refuses an awsvpc service without a network configuration
  // (CreateService: networkConfiguration "is required for task definitions
  // that use the awsvpc network mode").
  /// EC2 names a type FAMILY.SIZE (t3.micro, m5.2xlarge, c6gn.metal). A
  /// size EC2 does not have is a typo ("t3.smal"); an RDS class or an
  /// ElastiCache node type is another service's. Either would be priced at
  /// nothing and given no capacity, so it is an error here.
  void checkInstanceTypes() {
    static const std::vector<std::string> kSizes = {"nano", "micro", "small", "medium", "large", "xlarge", "metal"};
    std::set<std::pair<std::string, std::string>> seen;  // (type, place): launched copies report once
    auto check = [&](const std::string& type, const Location& loc, const std::string& what) {
      if (type.empty() || type.find("${") != std::string::npos) return;  // unknown until deployed
      if (!seen.insert({type, loc.str()}).second) return;
      for (const char* other : {"db.", "cache.", "search."})
        if (type.rfind(other, 0) == 0) {
          d_.error(loc, fmt::format("{}: '{}' is {}, not an EC2 instance type", what, type,
                                    std::string(other) == "db."      ? "an RDS instance class"
                                    : std::string(other) == "cache." ? "an ElastiCache node type"
                                                                     : "an OpenSearch instance type"));
          return;
        }
      size_t dot = type.find('.');
      std::string family = type.substr(0, dot), size = dot == std::string::npos ? "" : type.substr(dot + 1);
      static const RE2 familyName(R"([a-z][a-z0-9-]*)");
      // Sizes: the named ones, Nxlarge (2xlarge ... 48xlarge) and metal-Nxl.
      static const RE2 sizeName(R"((nano|micro|small|medium|large|xlarge|metal)|[0-9]{1,3}xlarge|metal-[0-9]{1,3}xl)");
      if (dot == std::string::npos || !RE2::FullMatch(family, familyName) || size.find('.') != std::string::npos) {
        d_.error(loc, fmt::format("{}: '{}' is not an EC2 instance type (FAMILY.SIZE, as t3.micro)", what, type));
      } else if (!RE2::FullMatch(size, sizeName)) {
        std::string near = closestMatch(size, kSizes);
        d_.error(loc, fmt::format("{}: '{}' is not an EC2 instance type: no size '{}'{}", what, type, size,
                                  near.empty() ? "" : fmt::format("; did you mean '{}.{}'?", family, near)));
      }
    };
    for (const auto& i : s_.instances) check(i.type, i.loc, fmt::format("instance '{}'", i.name));
    for (const auto& t : s_.launch_templates) check(t.spec.type, t.loc, fmt::format("launch template '{}'", t.name));
    for (const auto& c : s_.ecs_clusters)
      if (c.capacity) check(c.capacity->instance_type, c.capacity->loc, fmt::format("ecs cluster '{}' capacity", c.name));
  }

  void checkEcsServices() {
    for (const auto& x : s_.ecs_services)
      if (x.task_definition.network_mode == "awsvpc" && x.subnets.empty())
        d_.error(x.loc, fmt::format("ecs service '{}' runs an awsvpc task definition but names no subnets "
                                    "(networkConfiguration.awsvpcConfiguration); ECS refuses such a service",
                                    x.name));
  }

  void checkTransitGateways() {
    for (const auto& tgw : s_.transit_gateways) {
      std::string what = fmt::format("transit gateway '{}'", tgw.name);
      std::vector<std::string> attNames, rtNames;
      for (const auto& a : tgw.attachments) attNames.push_back(a.name);
      for (const auto& rt : tgw.route_tables) rtNames.push_back(rt.name);
      auto has = [](const std::vector<std::string>& v, const std::string& x) {
        return std::find(v.begin(), v.end(), x) != v.end();
      };
      for (const auto& a : tgw.attachments)
        if (!a.route_table.empty() && !has(rtNames, a.route_table))
          d_.error(a.loc, fmt::format("{} attachment '{}': unknown route table '{}' (have: {})", what, a.name,
                                      a.route_table, joinNames(rtNames)));
      // AWS takes one subnet per Availability Zone for a VPC attachment, in
      // the attached VPC ("Amazon VPC attachments").
      for (const auto& a : tgw.attachments) {
        std::map<std::string, std::string> byZone;
        for (const auto& name : a.subnets) {
          const Subnet* sub = s_.subnets.find(name);
          if (!sub) continue;  // reported as a dangling reference
          if (sub->vpc != a.vpc)
            d_.error(a.loc, fmt::format("{} attachment '{}': subnet '{}' is in vpc '{}', not in the attached vpc '{}'",
                                        what, a.name, name, sub->vpc, a.vpc));
          else if (auto [it, fresh] = byZone.emplace(sub->az, name); !fresh)
            d_.error(a.loc, fmt::format("{} attachment '{}': subnets '{}' and '{}' are both in zone {}; an attachment "
                                        "takes one subnet per zone",
                                        what, a.name, it->second, name, sub->az));
        }
      }
      for (const auto& rt : tgw.route_tables) {
        for (const auto& ro : rt.routes)
          if (!ro.attachment.empty() && !has(attNames, ro.attachment))
            d_.error(ro.loc, fmt::format("{}: unknown attachment '{}' (have: {})", what, ro.attachment, joinNames(attNames)));
        for (const auto& p : rt.propagations)
          if (!has(attNames, p))
            d_.error(rt.loc, fmt::format("{}: unknown attachment '{}' in propagations (have: {})", what, p,
                                         joinNames(attNames)));
      }
    }
  }

  /// Route propagation: each VPN connection's on-premises prefixes of a
  /// gateway the table propagates become routes to it. A static route to
  /// the same destination wins (VPC User Guide, "Route priority").
  void propagateVpnRoutes() {
    for (auto& rt : s_.route_tables)
      for (const auto& g : rt.propagate) {
        const VpnGateway* vgw = s_.vpn_gateways.find(g);
        if (!vgw) continue;  // reported as a dangling reference
        if (!rt.vpc.empty() && vgw->vpc != rt.vpc) {
          d_.error(rt.loc, fmt::format("route table '{}' (vpc '{}') propagates VPN gateway '{}', which is {}", rt.name,
                                       rt.vpc, g, vgw->vpc.empty() ? "detached" : "attached to vpc '" + vgw->vpc + "'"));
          continue;
        }
        for (const auto& c : s_.vpn_connections) {
          if (c.vpn_gateway != g) continue;
          for (const auto& prefix : c.on_premises) {
            bool taken = std::any_of(rt.routes.begin(), rt.routes.end(),
                                     [&](const Route& r) { return r.cidr && *r.cidr == prefix; });
            if (taken) continue;
            Route r;
            r.loc = c.loc;
            r.cidr = prefix;
            r.target = RouteTarget::VpnGateway;
            r.via = g;
            r.propagated = true;
            rt.routes.push_back(r);
          }
        }
      }
  }

  void resolveRoutes() {
    propagateVpnRoutes();
    struct Candidate {
      RouteTarget kind;
      std::string vpc;  // "" when not tied to one
    };
    for (auto& rtRef : s_.route_tables)
      for (auto& route : rtRef.routes) {
      RouteTable* rt = &rtRef;
      if (!route.target_pending && (route.target == RouteTarget::Local || route.target == RouteTarget::Blackhole)) continue;
      // Importers that know the target's kind give it; the name must still
      // be one of that kind, in the same VPC.
      std::string via = route.via;
      std::string typed = route.target_pending ? "" : kindKey(route.target);
      struct Pending {
        Location loc;
        std::string via;
      } pr{route.via_loc.known() ? route.via_loc : route.loc,
           route.target_pending ? route.via : kindKey(route.target) + ":" + route.via};
      route.target_pending = false;
      if (pr.via == "local" || pr.via == "blackhole") {
        route.target = pr.via == "local" ? RouteTarget::Local : RouteTarget::Blackhole;
        route.via.clear();
        continue;
      }
      if (auto colon = via.find(':'); typed.empty() && colon != std::string::npos) {
        typed = via.substr(0, colon);
        via = via.substr(colon + 1);
      }
      std::vector<std::pair<std::string, Candidate>> found;
      auto consider = [&](const std::string& type, bool exists, RouteTarget kind, const std::string& vpc) {
        if (exists && (typed.empty() || typed == type)) found.push_back({type, {kind, vpc}});
      };
      const auto* igw = s_.internet_gateways.find(via);
      consider("igw", igw, RouteTarget::InternetGateway, igw ? igw->vpc : "");
      const auto* nat = s_.nat_gateways.find(via);
      const auto* natSubnet = nat ? s_.subnets.find(nat->subnet) : nullptr;
      consider("nat", nat, RouteTarget::NatGateway, natSubnet ? natSubnet->vpc : "");
      const auto* ep = s_.endpoints.find(via);
      consider("endpoint", ep, RouteTarget::VpcEndpoint, ep ? ep->vpc : "");
      consider("peering", s_.peerings.find(via), RouteTarget::Peering, "");
      consider("tgw", s_.transit_gateways.find(via), RouteTarget::TransitGateway, "");
      const auto* vgw = s_.vpn_gateways.find(via);
      consider("vgw", vgw, RouteTarget::VpnGateway, vgw ? vgw->vpc : "");
      const auto* inst = s_.instances.find(via);
      const auto* instSubnet = inst ? s_.subnets.find(inst->subnet) : nullptr;
      consider("instance", inst, RouteTarget::Instance, instSubnet ? instSubnet->vpc : "");
      const auto* eni = s_.enis.find(via);
      const auto* eniSubnet = eni ? s_.subnets.find(eni->subnet) : nullptr;
      consider("eni", eni, RouteTarget::Eni, eniSubnet ? eniSubnet->vpc : "");
      if (found.empty()) {
        std::vector<std::string> all = {"local", "blackhole"};
        for (const auto& x : s_.internet_gateways) all.push_back(x.name);
        for (const auto& x : s_.nat_gateways) all.push_back(x.name);
        for (const auto& x : s_.endpoints) all.push_back(x.name);
        for (const auto& x : s_.peerings) all.push_back(x.name);
        for (const auto& x : s_.transit_gateways) all.push_back(x.name);
        for (const auto& x : s_.vpn_gateways) all.push_back(x.name);
        d_.error(pr.loc, fmt::format("route in '{}': unknown target '{}'{} (gateways, endpoints, peerings, "
                                     "instances and ENIs can be targets)", rt->name, pr.via, didYouMean(via, all)));
        continue;
      }
      if (found.size() > 1) {
        std::vector<std::string> forms;
        for (const auto& f : found) forms.push_back(f.first + ":" + via);
        d_.error(pr.loc, fmt::format("route in '{}': target '{}' is ambiguous; write one of {}", rt->name, via,
                                     joinNames(forms)));
        continue;
      }
      route.target = found[0].second.kind;
      route.via = via;
      const std::string& vpc = found[0].second.vpc;
      if (!vpc.empty() && !rt->vpc.empty() && vpc != rt->vpc)
        d_.error(pr.loc, fmt::format("route in '{}' (vpc '{}') targets '{}' in vpc '{}'; a route can only use "
                                     "targets of its own VPC", rt->name, rt->vpc, via, vpc));
      if (route.target == RouteTarget::VpcEndpoint) checkEndpointRoute(route, *rt, *ep, pr.loc);
    }
    for (const auto& rt : s_.route_tables) {
      std::map<std::string, int> dests;
      for (const auto& r : rt.routes) {
        std::string key = r.cidr ? r.cidr->str() : "pl:" + r.prefix_list;
        if (dests[key]++ == 1)
          d_.error(r.loc, fmt::format("route table '{}' has two routes to {}", rt.name, key));
      }
    }
  }

  void checkEndpointRoute(const Route& route, const RouteTable& rt, const VpcEndpoint& ep, const Location& loc) {
    if (ep.type != EndpointType::Gateway) {
      d_.error(loc, fmt::format("route in '{}' targets interface endpoint '{}'; only gateway endpoints are route "
                                "targets (interface endpoints are reached by DNS)", rt.name, ep.name));
      return;
    }
    if (route.prefix_list != ep.service)
      d_.error(loc, fmt::format("route in '{}' via gateway endpoint '{}' must go to its prefix list 'pl:{}', not {}",
                                rt.name, ep.name, ep.service, route.cidr ? route.cidr->str() : "pl:" + route.prefix_list));
  }

  // Associating a gateway endpoint with a route table adds the prefix-list
  // route, and the console shows it as a route; accept either way of writing
  // it and keep both sides in the model.
  void linkGatewayEndpoints() {
    for (auto& rt : s_.route_tables)
      for (const auto& r : rt.routes)
        if (r.target == RouteTarget::VpcEndpoint) {
          VpcEndpoint* ep = s_.endpoints.find(r.via);
          if (ep && std::find(ep->route_tables.begin(), ep->route_tables.end(), rt.name) == ep->route_tables.end())
            ep->route_tables.push_back(rt.name);
        }
    for (const auto& ep : s_.endpoints) {
      if (ep.type != EndpointType::Gateway) continue;
      for (const auto& rtName : ep.route_tables) {
        RouteTable* rt = s_.route_tables.find(rtName);
        if (!rt) continue;
        bool has = std::any_of(rt->routes.begin(), rt->routes.end(), [&](const Route& r) {
          return r.target == RouteTarget::VpcEndpoint && r.via == ep.name;
        });
        if (!has) {
          Route r;
          r.loc = ep.loc;
          r.prefix_list = ep.service;
          r.target = RouteTarget::VpcEndpoint;
          r.via = ep.name;
          rt->routes.push_back(r);
        }
      }
    }
  }

  void checkVpcs() {
    std::map<std::string, int> mains;
    for (const auto& rt : s_.route_tables)
      if (rt.main && mains[rt.vpc]++ == 1)
        d_.error(rt.loc, fmt::format("route table '{}' is the second main route table of vpc '{}'", rt.name, rt.vpc));
    for (const auto& v : s_.vpcs)
      for (size_t i = 0; i < v.cidrs.size(); ++i)
        for (size_t j = i + 1; j < v.cidrs.size(); ++j)
          if (v.cidrs[i].overlaps(v.cidrs[j]))
            d_.error(v.loc, fmt::format("vpc '{}' cidrs {} and {} overlap", v.name, v.cidrs[i].str(), v.cidrs[j].str()));
  }

  bool zoneOfRegion(const std::string& az) const {
    return az.size() > s_.region.size() && az.compare(0, s_.region.size(), s_.region) == 0;
  }

  void checkSubnets() {
    std::vector<const Subnet*> done;
    for (const auto& s : s_.subnets) {
      if (!s.az.empty() && !zoneOfRegion(s.az))
        d_.error(s.loc, fmt::format("subnet '{}' zone '{}' is not an availability zone of {}", s.name, s.az, s_.region));
      const Vpc* vpc = s_.vpcs.find(s.vpc);
      if (vpc && !vpc->cidrs.empty() && s.cidr.len > 0) {
        bool inside = std::any_of(vpc->cidrs.begin(), vpc->cidrs.end(), [&](const Cidr& c) { return c.contains(s.cidr); });
        if (!inside) {
          std::vector<std::string> cs;
          for (const auto& c : vpc->cidrs) cs.push_back(c.str());
          d_.error(s.loc, fmt::format("subnet '{}' cidr {} is not inside vpc '{}' ({})", s.name, s.cidr.str(), vpc->name,
                                      joinNames(cs)));
        }
      }
      for (const Subnet* o : done)
        if (o->vpc == s.vpc && s.cidr.len > 0 && o->cidr.len > 0 && o->cidr.overlaps(s.cidr))
          d_.error(s.loc, fmt::format("subnet '{}' cidr {} overlaps subnet '{}' ({})", s.name, s.cidr.str(), o->name,
                                      o->cidr.str()));
      done.push_back(&s);
      if (const RouteTable* rt = s.route_table.empty() ? nullptr : s_.route_tables.find(s.route_table))
        if (rt->vpc != s.vpc)
          d_.error(s.loc, fmt::format("subnet '{}' (vpc '{}') uses route table '{}' of vpc '{}'", s.name, s.vpc, rt->name, rt->vpc));
      if (const Nacl* n = s.nacl.empty() ? nullptr : s_.nacls.find(s.nacl))
        if (n->vpc != s.vpc)
          d_.error(s.loc, fmt::format("subnet '{}' (vpc '{}') uses nacl '{}' of vpc '{}'", s.name, s.vpc, n->name, n->vpc));
    }
  }

  std::string vpcOfSubnet(const std::string& subnet) const {
    const Subnet* s = s_.subnets.find(subnet);
    return s ? s->vpc : "";
  }

  /// Security groups attached to something in a subnet must belong to the
  /// subnet's VPC; an ENI has at most 5 by default (quota, up to 16).
  void checkSgs(const std::vector<std::string>& sgs, const std::string& subnet, const std::string& what, const Location& loc) {
    std::string vpc = vpcOfSubnet(subnet);
    for (const auto& name : sgs) {
      const SecurityGroup* sg = s_.security_groups.find(name);
      if (sg && !vpc.empty() && sg->vpc != vpc)
        d_.error(loc, fmt::format("{} is in vpc '{}' but security group '{}' belongs to vpc '{}'", what, vpc, name, sg->vpc));
    }
    if (sgs.size() > 5)
      d_.warning(loc, fmt::format("{} has {} security groups; the default quota is 5 per network interface", what, sgs.size()));
  }

  void checkMembership() {
    for (const auto& i : s_.instances) checkSgs(i.sgs, i.subnet, fmt::format("instance '{}'", i.name), i.loc);
    for (const auto& e : s_.enis) checkSgs(e.sgs, e.subnet, fmt::format("eni '{}'", e.name), e.loc);
    for (const auto& e : s_.endpoints)
      for (const auto& sub : e.subnets) {
        checkSgs(e.sgs, sub, fmt::format("endpoint '{}'", e.name), e.loc);
        if (vpcOfSubnet(sub) != e.vpc && !vpcOfSubnet(sub).empty())
          d_.error(e.loc, fmt::format("endpoint '{}' (vpc '{}') uses subnet '{}' of vpc '{}'", e.name, e.vpc, sub, vpcOfSubnet(sub)));
      }
    for (const auto& e : s_.instance_connect_endpoints)
      checkSgs(e.sgs, e.subnet, fmt::format("instance connect endpoint '{}'", e.name), e.loc);
    for (const auto& c : s_.ecs_clusters)
      if (c.capacity)
        for (const auto& sub : c.capacity->subnets)
          checkSgs(c.capacity->sgs, sub, fmt::format("ecs cluster '{}' capacity", c.name), c.capacity->loc);
    for (const auto& e : s_.endpoints) {
      if (e.type != EndpointType::Interface) continue;
      std::map<std::string, std::string> perAz;
      for (const auto& sub : e.subnets)
        if (const Subnet* s = s_.subnets.find(sub); s && !perAz.emplace(s->az, sub).second)
          d_.error(e.loc, fmt::format("endpoint '{}' has subnets '{}' and '{}' in the same zone {}; an interface "
                                      "endpoint takes one subnet per availability zone", e.name, perAz[s->az], sub, s->az));
    }
  }

  /// A static address must lie in its subnet and avoid the five addresses
  /// AWS reserves (network, router, DNS, future use, broadcast).
  void checkAddress(std::optional<Ipv4> ip, const std::string& subnet, const std::string& what, const Location& loc,
                    std::map<Ipv4, std::string>& owners) {
    if (!ip) return;
    const Subnet* s = s_.subnets.find(subnet);
    if (!s || s->cidr.len == 0) return;
    if (!s->cidr.contains(*ip)) {
      d_.error(loc, fmt::format("{} address {} is not inside subnet '{}' ({})", what, formatIpv4(*ip), s->name, s->cidr.str()));
      return;
    }
    Ipv4 off = *ip - s->cidr.first();
    if (off < 4 || *ip == s->cidr.last()) {
      d_.error(loc, fmt::format("{} address {} is reserved by AWS in subnet '{}' ({}: the first four addresses "
                                "{}-{} and the last, {}, cannot be assigned)", what, formatIpv4(*ip), s->name,
                                s->cidr.str(), formatIpv4(s->cidr.first()), formatIpv4(s->cidr.first() + 3),
                                formatIpv4(s->cidr.last())));
      return;
    }
    auto [it, fresh] = owners.emplace(*ip, what);
    if (!fresh) d_.error(loc, fmt::format("{} address {} is already used by {}", what, formatIpv4(*ip), it->second));
  }

  void checkAddresses() {
    std::map<Ipv4, std::string> owners;
    for (const auto& i : s_.instances)
      checkAddress(i.private_ip, i.subnet, fmt::format("instance '{}'", i.name),
                   i.private_ip_loc.known() ? i.private_ip_loc : i.loc, owners);
    for (const auto& e : s_.enis) {
      checkAddress(e.private_ip, e.subnet, fmt::format("eni '{}'", e.name),
                   e.private_ip_loc.known() ? e.private_ip_loc : e.loc, owners);
      for (Ipv4 ip : e.secondary_ips) checkAddress(ip, e.subnet, fmt::format("eni '{}' secondary", e.name), e.loc, owners);
    }
    for (const auto& n : s_.nat_gateways) checkAddress(n.private_ip, n.subnet, fmt::format("nat gateway '{}'", n.name), n.loc, owners);
    // A service's interfaces sit in the subnets it has.
    auto pinned = [&](const std::map<std::string, Ipv4>& at, const std::vector<std::string>& subnets,
                      const std::string& what, const Location& loc) {
      for (const auto& [subnet, ip] : at) {
        if (std::find(subnets.begin(), subnets.end(), subnet) == subnets.end()) {
          if (s_.subnets.find(subnet))
            d_.error(loc, fmt::format("{}: an address in subnet '{}', which is not one of its subnets ({})", what, subnet,
                                      joinNames(subnets)));
          continue;
        }
        checkAddress(ip, subnet, what, loc, owners);
      }
    };
    for (const auto& e : s_.endpoints) pinned(e.addresses, e.subnets, fmt::format("endpoint '{}'", e.name), e.loc);
    for (const auto& lb : s_.load_balancers) pinned(lb.addresses, lb.subnets, fmt::format("load balancer '{}'", lb.name), lb.loc);
  }

  void checkLoadBalancers() {
    for (const auto& lb : s_.load_balancers) {
      std::set<std::string> azs;
      for (const auto& sub : lb.subnets)
        if (const Subnet* s = s_.subnets.find(sub)) {
          if (!azs.insert(s->az).second)
            d_.error(lb.loc, fmt::format("load balancer '{}' has two subnets in zone {}; give one subnet per zone", lb.name, s->az));
          checkSgs(lb.sgs, sub, fmt::format("load balancer '{}'", lb.name), lb.loc);
        }
      // An Application Load Balancer needs subnets in at least two zones
      // (CreateLoadBalancer rejects fewer).
      if (lb.type == "application" && azs.size() == 1)
        d_.error(lb.loc, fmt::format("load balancer '{}': an application load balancer needs subnets in at least two "
                                     "availability zones", lb.name));
      if (lb.type == "network" && !lb.sgs.empty())
        for (const auto& l : lb.listeners)
          if (l.protocol == "HTTP" || l.protocol == "HTTPS")
            d_.error(l.loc, fmt::format("load balancer '{}': a network load balancer listens on TCP, UDP or TLS, not {}", lb.name, l.protocol));
    }
  }

  void checkZones() {
    for (const auto& z : s_.hosted_zones)
      if (z.is_private && z.vpcs.empty())
        d_.error(z.loc, fmt::format("hosted zone '{}' is private but associated with no VPC", z.name));
  }

  static std::string kindKey(RouteTarget t) {
    switch (t) {
      case RouteTarget::InternetGateway: return "igw";
      case RouteTarget::NatGateway: return "nat";
      case RouteTarget::VpcEndpoint: return "endpoint";
      case RouteTarget::Peering: return "peering";
      case RouteTarget::TransitGateway: return "tgw";
      case RouteTarget::VpnGateway: return "vgw";
      case RouteTarget::Instance: return "instance";
      case RouteTarget::Eni: return "eni";
      case RouteTarget::Local: return "local";
      case RouteTarget::Blackhole: return "blackhole";
    }
    return "";
  }

  Stack& s_;
  Diagnostics& d_;
};

}  // namespace

void validateStack(Stack& s, Diagnostics& d) { Validator(s, d).run(); }

std::vector<std::string> resourcesNamed(const Stack& s, const std::string& name) {
  // An exact name is a lookup in each table; only a suffix walks them.
  if (s.instances.find(name) || s.enis.find(name) || s.subnets.find(name) || s.vpcs.find(name) ||
      s.load_balancers.find(name) || s.endpoints.find(name) || s.nat_gateways.find(name) ||
      s.instance_connect_endpoints.find(name) || s.ecs_services.find(name))
    return {name};
  std::vector<std::string> hits;
  auto scan = [&](const auto& table) {
    for (const auto& x : table)
      if (x.name.size() > name.size() && x.name.compare(x.name.size() - name.size(), name.size(), name) == 0) {
        char before = x.name[x.name.size() - name.size() - 1];
        if (before == '.' || before == '/') hits.push_back(x.name);
      }
  };
  scan(s.instances);
  scan(s.enis);
  scan(s.subnets);
  scan(s.vpcs);
  scan(s.load_balancers);
  scan(s.endpoints);
  scan(s.nat_gateways);
  scan(s.instance_connect_endpoints);
  scan(s.ecs_services);
  std::sort(hits.begin(), hits.end());
  return hits;
}

void validateUsage(const Stack& s, Diagnostics& d) {
  auto check = [&](const std::map<std::string, double>& figures, const char* kind, std::vector<std::string> names) {
    for (const auto& [name, x] : figures)
      if (std::find(names.begin(), names.end(), name) == names.end()) {
        Location at = s.usage.loc;
        for (const auto& site : s.ref_sites)
          if (site.kind == kind && site.name == name) at = site.loc;
        std::string label = kind;
        std::replace(label.begin(), label.end(), '_', ' ');
        d.error(at, fmt::format("unknown {} '{}'{} (defined: {})", label, name, didYouMean(name, names), joinNames(names)));
      }
  };
  check(s.usage.nat_gb_processed, "nat_gateway", s.nat_gateways.names());
  check(s.usage.endpoint_gb_processed, "endpoint", s.endpoints.names());
  check(s.usage.load_balancer_lcu, "load_balancer", s.load_balancers.names());
}

}  // namespace awssim::model
