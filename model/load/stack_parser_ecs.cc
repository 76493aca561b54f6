// stack.yaml: ECS clusters and services. A service's Service Connect,
// load-balancer and placement settings use the ECS API's own JSON shape
// (camelCase keys as in `aws ecs create-service --cli-input-json`), so they
// can be pasted from the console's JSON view or the CLI.
#include <fmt/format.h>

#include "model/load/stack_parser.h"
#include "model/load/task_definition_loader.h"

namespace awssim::load {

void StackParser::parseEcsClusters(const YAML::Node& n) {
  r_.forEachNamed(n, "ecs_clusters", [&](const std::string& name, const YAML::Node& key, const YAML::Node& v) {
    std::string what = fmt::format("ecs cluster '{}'", name);
    EcsCluster c;
    c.name = name;
    c.loc = r_.loc(key);
    if (v.IsDefined() && !v.IsNull()) {
      if (!r_.isMap(v, what)) return;
      r_.checkKeys(v, what, {"id", "namespace", "capacity"});
      c.id = r_.str(v, "id", what).value_or("");
      if (auto ns = r_.str(v, "namespace", what)) {
        c.namespace_ = *ns;
        ref("namespace", *ns, r_.loc(YamlReader::get(v, "namespace")));
      }
      YAML::Node cap = YamlReader::get(v, "capacity");
      std::string cwhat = what + " capacity";
      if (cap.IsDefined() && r_.isMap(cap, cwhat)) {
        r_.checkKeys(cap, cwhat, {"instance_type", "desired", "min", "max", "subnets", "sgs", "public_ip",
                                  "iam_role", "reserved_memory", "user_data", "ip", "metadata",
                                  "eni_trunking", "dynamic_host_ports", "root_volume"});
        r_.requireKeys(cap, cwhat, {"instance_type", "subnets"});
        Capacity k;
        k.loc = r_.loc(cap);
        k.instance_type = r_.str(cap, "instance_type", cwhat).value_or("");
        k.desired = static_cast<int>(r_.integer(cap, "desired", cwhat, 0, 10000).value_or(1));
        k.min = static_cast<int>(r_.integer(cap, "min", cwhat, 0, 10000).value_or(k.desired));
        k.max = static_cast<int>(r_.integer(cap, "max", cwhat, 0, 10000).value_or(std::max(k.desired, k.min)));
        if (!(k.min <= k.desired && k.desired <= k.max))
          r_.error(cap, fmt::format("{}: needs min <= desired <= max (got {} <= {} <= {})", cwhat, k.min, k.desired, k.max));
        k.subnets = r_.strList(cap, "subnets", cwhat);
        for (const auto& s : k.subnets) ref("subnet", s, r_.loc(YamlReader::get(cap, "subnets")));
        k.sgs = r_.strList(cap, "sgs", cwhat);
        for (const auto& sg : k.sgs) ref("security_group", sg, r_.loc(YamlReader::get(cap, "sgs")));
        k.public_ip = r_.boolean(cap, "public_ip", cwhat).value_or(false);
        k.iam_role = r_.str(cap, "iam_role", cwhat).value_or("");
        k.reserved_memory = static_cast<int>(r_.integer(cap, "reserved_memory", cwhat, 0, 1 << 20).value_or(0));
        k.eni_trunking = r_.boolean(cap, "eni_trunking", cwhat).value_or(false);
        if (auto range = r_.str(cap, "dynamic_host_ports", cwhat)) {
          auto pr = parsePortRange(*range);
          if (!pr || pr->from < 1024)
            r_.error(YamlReader::get(cap, "dynamic_host_ports"),
                     fmt::format("{} dynamic_host_ports '{}' must be a port range above 1023, e.g. 32768-60999", cwhat, *range));
          else
            k.dynamic_host_ports = *pr;
        }
        if (YAML::Node f = YamlReader::get(cap, "user_data"); f.IsDefined()) k.user_data = manifest(f, cwhat + " user_data");
        if (YAML::Node ip = YamlReader::get(cap, "ip"); ip.IsDefined()) k.static_ip = ipv4(ip, cwhat + " ip");
        parseMetadata(YamlReader::get(cap, "metadata"), cwhat + " metadata", k.metadata);
        parseRootVolume(YamlReader::get(cap, "root_volume"), cwhat + " root_volume", k.root_volume);
        c.capacity = k;
      }
    }
    s_.ecs_clusters.add(std::move(c));
  });
}

void StackParser::parseEcsServices(const YAML::Node& n) {
  r_.forEachNamed(n, "ecs_services", [&](const std::string& name, const YAML::Node& key, const YAML::Node& v) {
    std::string what = fmt::format("ecs service '{}'", name);
    if (!r_.isMap(v, what)) return;
    r_.checkKeys(v, what, {"cluster", "task_definition", "service_file", "desired_count", "launch_type", "subnets", "sgs",
                           "assign_public_ip", "service_connect", "load_balancers", "placement_constraints",
                           "placement_strategy", "infrastructure_role"});
    r_.requireKeys(v, what, {"task_definition"});
    EcsService svc;
    svc.name = name;
    svc.loc = r_.loc(key);
    // A create-service / describe-services JSON file gives the settings;
    // keys written in the stack override it.
    if (YAML::Node sf = YamlReader::get(v, "service_file"); sf.IsDefined()) {
      std::string path = manifest(sf, what + " service_file");
      if (!path.empty()) parseServiceFile(path, name, svc);
    }
    if (auto c = r_.str(v, "cluster", what)) svc.cluster = *c;
    if (svc.cluster.empty()) r_.error(v, fmt::format("{}: missing required key 'cluster'", what));
    else ref("ecs_cluster", svc.cluster, YamlReader::get(v, "cluster").IsDefined() ? r_.loc(YamlReader::get(v, "cluster")) : svc.loc);
    if (YAML::Node td = YamlReader::get(v, "task_definition"); td.IsDefined()) {
      svc.task_definition_file = manifest(td, what + " task_definition");
      if (!svc.task_definition_file.empty()) {
        auto text = files_.read(svc.task_definition_file);
        if (auto parsed = loadTaskDefinition(*text, svc.task_definition_file, r_.diags()))
          svc.task_definition = std::move(*parsed);
      }
    }
    if (auto d = r_.integer(v, "desired_count", what, 0, 10000)) svc.desired_count = static_cast<int>(*d);
    if (auto lt = r_.str(v, "launch_type", what)) {
      if (*lt != "EC2" && *lt != "FARGATE" && *lt != "EXTERNAL")
        r_.error(YamlReader::get(v, "launch_type"), fmt::format("{} launch_type must be EC2, FARGATE or EXTERNAL", what));
      svc.launch_type = *lt;
    }
    if (YamlReader::hasKey(v, "subnets")) svc.subnets = r_.strList(v, "subnets", what);
    for (const auto& s : svc.subnets) ref("subnet", s, r_.loc(YamlReader::get(v, "subnets")));
    if (YamlReader::hasKey(v, "sgs")) svc.sgs = r_.strList(v, "sgs", what);
    for (const auto& sg : svc.sgs) ref("security_group", sg, r_.loc(YamlReader::get(v, "sgs")));
    if (auto p = r_.boolean(v, "assign_public_ip", what)) svc.assign_public_ip = *p;
    if (YamlReader::hasKey(v, "service_connect")) parseServiceConnect(YamlReader::get(v, "service_connect"), what, svc);
    YAML::Node lbs = YamlReader::get(v, "load_balancers");
    if (lbs.IsDefined() && r_.isSeq(lbs, what + " load_balancers")) {
      svc.load_balancers.clear();
      for (const auto& lb : lbs) {
        std::string lwhat = what + " load balancer";
        if (!r_.isMap(lb, lwhat)) continue;
        r_.checkKeys(lb, lwhat, {"targetGroup", "containerName", "containerPort"});
        r_.requireKeys(lb, lwhat, {"targetGroup", "containerName", "containerPort"});
        EcsLoadBalancerRef ref2;
        ref2.loc = r_.loc(lb);
        if (auto tg = r_.str(lb, "targetGroup", lwhat)) {
          ref2.target_group = *tg;
          ref("target_group", *tg, r_.loc(YamlReader::get(lb, "targetGroup")));
        }
        ref2.container_name = r_.str(lb, "containerName", lwhat).value_or("");
        ref2.container_port = static_cast<int>(r_.integer(lb, "containerPort", lwhat, 1, 65535).value_or(0));
        svc.load_balancers.push_back(ref2);
      }
    }
    for (auto [k, out, field] : {std::tuple{"placement_constraints", &svc.placement_constraints, "expression"},
                                 std::tuple{"placement_strategy", &svc.placement_strategy, "field"}}) {
      YAML::Node list = YamlReader::get(v, k);
      if (!list.IsDefined() || !r_.isSeq(list, fmt::format("{} {}", what, k))) continue;
      out->clear();
      parsePlacementItems(list, fmt::format("{} {}", what, k), std::string(k) == "placement_constraints", *out);
    }
    if (auto role = r_.str(v, "infrastructure_role", what)) svc.infrastructure_role = *role;
    s_.ecs_services.add(std::move(svc));
  });
}

void StackParser::parsePlacementItems(const YAML::Node& list, const std::string& what, bool constraints,
                                      std::vector<PlacementItem>& out) {
  const char* field = constraints ? "expression" : "field";
  const std::vector<std::string> types = constraints ? std::vector<std::string>{"distinctInstance", "memberOf"}
                                                     : std::vector<std::string>{"binpack", "spread", "random"};
  for (const auto& item : list) {
    std::string iwhat = what + " entry";
    if (!r_.isMap(item, iwhat)) continue;
    r_.checkKeys(item, iwhat, {"type", field});
    r_.requireKeys(item, iwhat, {"type"});
    PlacementItem p;
    p.loc = r_.loc(item);
    p.type = r_.str(item, "type", iwhat).value_or("");
    p.field = r_.str(item, field, iwhat).value_or("");
    if (std::find(types.begin(), types.end(), p.type) == types.end())
      r_.error(YamlReader::get(item, "type"), fmt::format("{} type must be one of {}, got '{}'{}", iwhat,
                                                          joinNames(types), p.type, didYouMean(p.type, types)));
    out.push_back(p);
  }
}

// Read-only and settings keys of describe-services output and create-service
// input that awssim accepts without using.
static const std::vector<std::string> kServiceJsonKeys = {
    "serviceName", "cluster", "clusterArn", "taskDefinition", "desiredCount", "launchType", "capacityProviderStrategy",
    "networkConfiguration", "loadBalancers", "serviceConnectConfiguration", "placementConstraints", "placementStrategy",
    "volumeConfigurations", "serviceArn", "serviceRegistries", "status", "runningCount", "pendingCount",
    "platformVersion", "platformFamily", "roleArn", "deploymentConfiguration", "deployments", "events", "createdAt",
    "createdBy", "healthCheckGracePeriodSeconds", "schedulingStrategy", "deploymentController", "tags",
    "enableECSManagedTags", "propagateTags", "enableExecuteCommand", "clientToken", "role", "taskSets",
    "availabilityZoneRebalancing", "vpcLatticeConfigurations"};

void StackParser::parseServiceFile(const std::string& path, const std::string& name, EcsService& svc) {
  auto text = files_.read(path);
  if (!text) return;  // manifest() has reported it
  auto doc = parseJson(*text, path, r_.diags());
  if (!doc) return;
  YamlReader j(path, r_.diags(), /*json=*/true);
  YAML::Node root = *doc;
  // describe-services prints {"services": [...], "failures": [...]}.
  if (root.IsMap() && YamlReader::get(root, "services").IsSequence()) {
    std::optional<YAML::Node> pick;
    for (const auto& s : YamlReader::get(root, "services"))
      if (s.IsMap() && YamlReader::get(s, "serviceName").IsScalar() && YamlReader::get(s, "serviceName").Scalar() == name)
        pick = YAML::Node(s);
    if (!pick) {
      r_.diags().error({path, 1, 1}, fmt::format("{} describes no service named '{}'", path, name));
      return;
    }
    root.reset(*pick);
  }
  std::string what = "service";
  if (!j.isMap(root, what)) return;
  j.checkKeys(root, what, kServiceJsonKeys);
  if (auto c = j.str(root, "cluster", what)) svc.cluster = c->substr(c->rfind('/') == std::string::npos ? 0 : c->rfind('/') + 1);
  if (auto c = j.str(root, "clusterArn", what)) svc.cluster = c->substr(c->rfind('/') + 1);
  if (auto d = j.integer(root, "desiredCount", what, 0, 10000)) svc.desired_count = static_cast<int>(*d);
  if (auto lt = j.oneOf(root, "launchType", what, {"EC2", "FARGATE", "EXTERNAL"})) svc.launch_type = *lt;
  // AWS IDs in the JSON name resources of the stack by their `id`, or by name.
  auto byId = [&](const auto& table, const std::string& v) {
    for (const auto& x : table)
      if (x.id == v || x.name == v) return x.name;
    r_.diags().error(j.loc(root), fmt::format("{}: '{}' matches no id or name in the stack", path, v));
    return std::string();
  };
  YAML::Node netConf = YamlReader::get(root, "networkConfiguration");
  if (netConf.IsDefined() && j.isMap(netConf, "networkConfiguration"))
    j.checkKeys(netConf, "networkConfiguration", {"awsvpcConfiguration"});
  YAML::Node net = YamlReader::get(netConf, "awsvpcConfiguration");
  if (net.IsDefined() && j.isMap(net, "awsvpcConfiguration")) {
    j.checkKeys(net, "awsvpcConfiguration", {"subnets", "securityGroups", "assignPublicIp"});
    for (const auto& s : j.strList(net, "subnets", "awsvpcConfiguration"))
      if (auto n2 = byId(s_.subnets, s); !n2.empty()) svc.subnets.push_back(n2);
    for (const auto& s : j.strList(net, "securityGroups", "awsvpcConfiguration"))
      if (auto n2 = byId(s_.security_groups, s); !n2.empty()) svc.sgs.push_back(n2);
    svc.assign_public_ip =
        j.oneOf(net, "assignPublicIp", "awsvpcConfiguration", {"ENABLED", "DISABLED"}).value_or("DISABLED") == "ENABLED";
  }
  YAML::Node sc = YamlReader::get(root, "serviceConnectConfiguration");
  // describe-services keeps it in the current deployment.
  YAML::Node deployments = YamlReader::get(root, "deployments");
  if (!sc.IsDefined() && deployments.IsSequence())
    for (const auto& d : deployments)
      if (!sc.IsDefined()) sc.reset(YamlReader::get(d, "serviceConnectConfiguration"));
  if (sc.IsDefined()) parseServiceConnectWith(j, sc, "service " + name, svc);
  if (YAML::Node pcs = YamlReader::get(root, "placementConstraints"); pcs.IsSequence())
    parsePlacementItemsWith(j, pcs, what + " placementConstraints", true, svc.placement_constraints);
  if (YAML::Node ps = YamlReader::get(root, "placementStrategy"); ps.IsSequence())
    parsePlacementItemsWith(j, ps, what + " placementStrategy", false, svc.placement_strategy);
  if (YAML::Node vcs = YamlReader::get(root, "volumeConfigurations"); vcs.IsSequence())
    for (const auto& vc : vcs)
      if (auto role = j.str(YamlReader::get(vc, "managedEBSVolume"), "roleArn", "managedEBSVolume"))
        svc.infrastructure_role = *role;
  if (YAML::Node lbs = YamlReader::get(root, "loadBalancers"); lbs.IsSequence())
    for (const auto& lb : lbs) {
      EcsLoadBalancerRef ref2;
      ref2.loc = j.loc(lb);
      std::string tg = j.str(lb, "targetGroupArn", "loadBalancer").value_or("");
      // arn:aws:elasticloadbalancing:...:targetgroup/NAME/ID
      if (auto at = tg.find("targetgroup/"); at != std::string::npos) tg = tg.substr(at + 12, tg.find('/', at + 12) - at - 12);
      ref2.target_group = byId(s_.target_groups, tg);
      ref2.container_name = j.str(lb, "containerName", "loadBalancer").value_or("");
      ref2.container_port = static_cast<int>(j.integer(lb, "containerPort", "loadBalancer", 1, 65535).value_or(0));
      svc.load_balancers.push_back(ref2);
    }
}

void StackParser::parseServiceConnect(const YAML::Node& n, const std::string& owner, EcsService& svc) {
  parseServiceConnectWith(r_, n, owner + " service_connect", svc);
}

void StackParser::parsePlacementItemsWith(YamlReader& r, const YAML::Node& list, const std::string& what,
                                          bool constraints, std::vector<PlacementItem>& out) {
  out.clear();
  for (const auto& item : list) {
    if (!r.isMap(item, what)) continue;
    PlacementItem p;
    p.loc = r.loc(item);
    p.type = r.str(item, "type", what).value_or("");
    p.field = r.str(item, constraints ? "expression" : "field", what).value_or("");
    out.push_back(p);
  }
}

void StackParser::parseServiceConnectWith(YamlReader& r_, const YAML::Node& n, const std::string& what, EcsService& svc) {
  if (!n.IsDefined() || !r_.isMap(n, what)) return;
  r_.checkKeys(n, what, {"enabled", "namespace", "services", "logConfiguration"});
  ServiceConnect sc;
  sc.loc = r_.loc(n);
  sc.enabled = r_.boolean(n, "enabled", what).value_or(true);
  if (auto ns = r_.str(n, "namespace", what)) {
    sc.namespace_ = *ns;
    ref("namespace", *ns, r_.loc(YamlReader::get(n, "namespace")));
  }
  YAML::Node services = YamlReader::get(n, "services");
  if (services.IsDefined() && r_.isSeq(services, what + " services"))
    for (const auto& s : services) {
      std::string swhat = what + " service";
      if (!r_.isMap(s, swhat)) continue;
      r_.checkKeys(s, swhat, {"portName", "discoveryName", "clientAliases", "ingressPortOverride", "timeout", "tls"});
      r_.requireKeys(s, swhat, {"portName"});
      ServiceConnectService scs;
      scs.loc = r_.loc(s);
      scs.port_name = r_.str(s, "portName", swhat).value_or("");
      scs.discovery_name = r_.str(s, "discoveryName", swhat).value_or(scs.port_name);
      YAML::Node aliases = YamlReader::get(s, "clientAliases");
      if (aliases.IsDefined() && r_.isSeq(aliases, swhat + " clientAliases"))
        for (const auto& a : aliases) {
          std::string awhat = swhat + " client alias";
          if (!r_.isMap(a, awhat)) continue;
          r_.checkKeys(a, awhat, {"port", "dnsName", "testTrafficRules"});
          r_.requireKeys(a, awhat, {"port"});
          ClientAlias ca;
          ca.loc = r_.loc(a);
          ca.port = static_cast<int>(r_.integer(a, "port", awhat, 1, 65535).value_or(0));
          ca.dns_name = r_.str(a, "dnsName", awhat).value_or(scs.discovery_name);
          scs.client_aliases.push_back(ca);
        }
      sc.services.push_back(scs);
    }
  svc.service_connect = sc;
}

}  // namespace awssim::load
