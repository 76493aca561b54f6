// Terraform's ECS resources mapped to the model: clusters (and the Auto
// Scaling groups their capacity providers name, which become the cluster's
// capacity), task definitions (container_definitions is the JSON ECS takes,
// read by the task definition loader), services (awsvpc networking, load
// balancers, Service Connect) and Cloud Map namespaces.
#include <fmt/format.h>

#include "model/load/task_definition_loader.h"
#include "model/load/tf_internal.h"

namespace awssim::load::tf {

namespace {

using namespace model;

/// Every location in a task definition read from text awssim made up: the
/// resource's own place in the plan.
void relocate(TaskDefinition& td, const Location& at) {
  td.loc = td.network_mode_loc = td.memory_loc = at;
  for (auto& c : td.containers) {
    c.loc = c.image_loc = c.memory_loc = at;
    for (auto& p : c.port_mappings) p.loc = at;
    for (auto& e : c.environment) e.loc = at;
    for (auto& e : c.secrets) e.loc = at;
    for (auto& m : c.mount_points) m.loc = at;
    if (c.log_configuration) c.log_configuration->loc = at;
  }
  for (auto& v : td.volumes) {
    v.loc = at;
    if (v.docker) v.docker->driver_loc = at;
  }
}

}  // namespace

void Importer::buildEcs(Resource& r) {
  const Json& v = r.values;
  const char* kNamespace =
      "aws_service_discovery_private_dns_namespace|aws_service_discovery_http_namespace|"
      "aws_service_discovery_public_dns_namespace";
  if (r.type == "aws_ecs_cluster") {
    EcsCluster c;
    c.name = r.address;
    c.loc = r.loc;
    c.id = sval(v, "arn");
    const Json& defaults = arr(v, "service_connect_defaults");
    for (size_t k = 0; k < defaults.size(); ++k) {
      auto ns = resolve(r, defaults[k], Json::object(), blockExprs(r, "service_connect_defaults", k), "namespace", kNamespace);
      if (!ns.empty()) c.namespace_ = ns[0];
    }
    ecs_names_[sval(v, "name")] = r.address;
    stack_.ecs_clusters.add(std::move(c));
  } else if (r.type == "aws_service_discovery_private_dns_namespace" || r.type == "aws_service_discovery_http_namespace" ||
             r.type == "aws_service_discovery_public_dns_namespace") {
    // A namespace is known by its domain (what names under it end in).
    CloudMapNamespace n;
    n.name = sval(v, "name", r.address);
    n.loc = r.loc;
    n.type = r.type == "aws_service_discovery_http_namespace"         ? "http"
             : r.type == "aws_service_discovery_public_dns_namespace" ? "dns_public"
                                                                      : "dns_private";
    if (n.type == "dns_private") n.vpc = ref(r, "vpc", "aws_vpc|aws_default_vpc");
    if (n.type == "dns_private" && n.vpc.empty()) return;
    if (n.name != r.address) renamed_[r.address] = n.name;
    if (!stack_.namespaces.add(std::move(n)))
      diags_.error(r.loc, fmt::format("Cloud Map namespace {} is defined twice", sval(v, "name", r.address)));
  } else if (r.type == "aws_service_discovery_service") {
    // resources/service_discovery_service: the namespace is named in
    // dns_config (DNS namespaces) or namespace_id (HTTP namespaces).
    std::vector<std::string> ns = refs(r, "namespace_id", kNamespace);
    const Json& dns = arr(v, "dns_config");
    for (size_t k = 0; k < dns.size() && ns.empty(); ++k)
      ns = resolve(r, dns[k], Json::object(), blockExprs(r, "dns_config", k), "namespace_id", kNamespace);
    CloudMapNamespace* n = ns.empty() ? nullptr : stack_.namespaces.find(ns[0]);
    if (!n) {
      diags_.warning(r.loc, fmt::format("{}: its namespace is not in the plan; left out", r.address));
      return;
    }
    CloudMapService svc;
    svc.name = sval(v, "name", r.name);
    svc.loc = r.loc;
    n->services.push_back(svc);
    discovery_[r.address] = {n->name, svc.name};
  } else if (r.type == "aws_ecs_task_definition") {
    // The register-task-definition shape, from the resource's arguments.
    Json td = {{"family", sval(v, "family", r.name)}};
    if (!sval(v, "network_mode").empty()) td["networkMode"] = sval(v, "network_mode");
    if (!sval(v, "cpu").empty()) td["cpu"] = sval(v, "cpu");
    if (!sval(v, "memory").empty()) td["memory"] = sval(v, "memory");
    td["requiresCompatibilities"] = field(v, "requires_compatibilities").is_array() ? v["requires_compatibilities"] : Json::array();
    Json defs = Json::parse(sval(v, "container_definitions"), nullptr, false);
    if (!defs.is_array()) {
      diags_.warning(r.loc, fmt::format("{}: container_definitions is not known or not a JSON list; left out", r.address));
      return;
    }
    td["containerDefinitions"] = defs;
    Json vols = Json::array();
    for (const auto& vol : arr(v, "volume")) {
      Json x = {{"name", sval(vol, "name")}};
      if (!sval(vol, "host_path").empty()) x["host"] = {{"sourcePath", sval(vol, "host_path")}};
      for (const auto& d : arr(vol, "docker_volume_configuration")) {
        Json dv = Json::object();
        if (!sval(d, "scope").empty()) dv["scope"] = sval(d, "scope");
        if (field(d, "autoprovision").is_boolean()) dv["autoprovision"] = d["autoprovision"];
        if (!sval(d, "driver").empty()) dv["driver"] = sval(d, "driver");
        x["dockerVolumeConfiguration"] = dv;
      }
      if (field(vol, "configure_at_launch").is_boolean()) x["configuredAtLaunch"] = vol["configure_at_launch"];
      vols.push_back(x);
    }
    td["volumes"] = vols;
    Diagnostics d;
    auto parsed = loadTaskDefinition(td.dump(), path_, d);
    for (const auto& x : d.all())
      if (x.level == Level::Error) diags_.error(r.loc, fmt::format("{}: {}", r.address, x.message));
    if (!parsed) return;
    relocate(*parsed, r.loc);
    parsed->file = path_;
    task_definitions_[r.address] = *parsed;
  } else if (r.type == "aws_ecs_capacity_provider") {
    for (const auto& p : arr(v, "auto_scaling_group_provider")) {
      auto asg = resolve(r, p, Json::object(), nullptr, "auto_scaling_group_arn", "aws_autoscaling_group");
      if (!asg.empty()) capacity_groups_[sval(v, "name")] = asg[0];
    }
  } else if (r.type == "aws_ecs_cluster_capacity_providers") {
    // The cluster's capacity: the Auto Scaling group its provider names.
    std::string cluster = ecs_names_.count(sval(v, "cluster_name")) ? ecs_names_[sval(v, "cluster_name")]
                                                                    : ref(r, "cluster_name", "aws_ecs_cluster");
    EcsCluster* c = cluster.empty() ? nullptr : stack_.ecs_clusters.find(cluster);
    if (!c) return;
    for (const auto& name : arr(v, "capacity_providers")) {
      if (!name.is_string() || !capacity_groups_.count(name.get<std::string>())) continue;
      const AutoScalingGroup* g = stack_.auto_scaling_groups.find(capacity_groups_[name.get<std::string>()]);
      const LaunchTemplate* lt = g ? stack_.launch_templates.find(g->launch_template) : nullptr;
      if (!lt) continue;
      Capacity k;
      k.loc = g->loc;
      k.instance_type = lt->spec.type;
      k.desired = g->desired;
      k.min = g->min;
      k.max = g->max;
      k.subnets = g->subnets;
      k.sgs = lt->spec.sgs;
      const Subnet* sn = stack_.subnets.find(g->subnets.empty() ? "" : g->subnets[0]);
      k.public_ip = lt->public_ip.value_or(sn && sn->map_public_ip);
      k.metadata = lt->spec.metadata;
      k.static_ip = lt->spec.private_ip;
      c->capacity = k;
      std::string gone = g->name;
      stack_.auto_scaling_groups.eraseIf([&](const AutoScalingGroup& x) { return x.name == gone; });
      break;
    }
  } else if (r.type == "aws_ecs_service") {
    EcsService s;
    s.name = r.address;
    s.loc = r.loc;
    s.cluster = ref(r, "cluster", "aws_ecs_cluster");
    std::string td = ref(r, "task_definition", "aws_ecs_task_definition");
    auto it = task_definitions_.find(td);
    if (s.cluster.empty() || it == task_definitions_.end()) {
      diags_.warning(r.loc, fmt::format("{}: its cluster or task definition is not in the plan; left out", r.address));
      return;
    }
    s.task_definition = it->second;
    s.task_definition_file = path_;
    s.desired_count = num(v, "desired_count").value_or(1);
    s.launch_type = sval(v, "launch_type", "EC2");
    auto blockExpr = [&](const char* key, size_t k) { return blockExprs(r, key, k); };
    const Json& ncs = arr(v, "network_configuration");
    for (size_t k = 0; k < ncs.size(); ++k) {
      s.subnets = resolve(r, ncs[k], Json::object(), blockExpr("network_configuration", k), "subnets",
                          "aws_subnet|aws_default_subnet");
      s.sgs = resolve(r, ncs[k], Json::object(), blockExpr("network_configuration", k), "security_groups",
                      "aws_security_group|aws_default_security_group");
      s.assign_public_ip = field(ncs[k], "assign_public_ip").is_boolean() && ncs[k]["assign_public_ip"].get<bool>();
    }
    if (s.task_definition.network_mode == "awsvpc" && s.subnets.empty()) {
      diags_.warning(r.loc, fmt::format("{}: an awsvpc service whose subnets are not in the plan or the network "
                                        "loaded with it; left out", r.address));
      return;
    }
    const Json& lbs = arr(v, "load_balancer");
    for (size_t k = 0; k < lbs.size(); ++k) {
      EcsLoadBalancerRef l;
      l.loc = r.loc;
      auto tg = resolve(r, lbs[k], Json::object(), blockExpr("load_balancer", k), "target_group_arn",
                        "aws_lb_target_group|aws_alb_target_group");
      if (tg.empty()) continue;
      l.target_group = tg[0];
      l.container_name = sval(lbs[k], "container_name");
      l.container_port = num(lbs[k], "container_port").value_or(0);
      s.load_balancers.push_back(l);
    }
    // resources/ecs_service: service_registries registers each task with
    // the Cloud Map service (an A record per awsvpc task).
    const Json& regs = arr(v, "service_registries");
    for (size_t k = 0; k < regs.size(); ++k)
      for (const auto& d : resolve(r, regs[k], Json::object(), blockExpr("service_registries", k), "registry_arn",
                                   "aws_service_discovery_service")) {
        auto at = discovery_.find(d);
        CloudMapNamespace* n = at == discovery_.end() ? nullptr : stack_.namespaces.find(at->second.first);
        if (!n) continue;
        for (auto& svc : n->services)
          if (svc.name == at->second.second) svc.instances.push_back({r.loc, r.address, std::nullopt, std::nullopt});
      }
    const Json& scs = arr(v, "service_connect_configuration");
    for (size_t k = 0; k < scs.size(); ++k) {
      const Json& sc = scs[k];
      ServiceConnect c;
      c.loc = r.loc;
      c.enabled = field(sc, "enabled").is_boolean() && sc["enabled"].get<bool>();
      auto ns = resolve(r, sc, Json::object(), blockExpr("service_connect_configuration", k), "namespace", kNamespace);
      c.namespace_ = ns.empty() ? "" : ns[0];
      for (const auto& svc : arr(sc, "service")) {
        ServiceConnectService x;
        x.loc = r.loc;
        x.port_name = sval(svc, "port_name");
        x.discovery_name = sval(svc, "discovery_name");
        for (const auto& a : arr(svc, "client_alias"))
          x.client_aliases.push_back({r.loc, num(a, "port").value_or(0), sval(a, "dns_name")});
        c.services.push_back(x);
      }
      s.service_connect = c;
    }
    stack_.ecs_services.add(std::move(s));
  }
}

}  // namespace awssim::load::tf
