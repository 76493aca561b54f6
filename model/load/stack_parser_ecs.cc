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
                                  "eni_trunking"});
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
        if (YAML::Node f = YamlReader::get(cap, "user_data"); f.IsDefined()) k.user_data = manifest(f, cwhat + " user_data");
        if (YAML::Node ip = YamlReader::get(cap, "ip"); ip.IsDefined()) k.static_ip = ipv4(ip, cwhat + " ip");
        parseMetadata(YamlReader::get(cap, "metadata"), cwhat + " metadata", k.metadata);
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
    r_.checkKeys(v, what, {"cluster", "task_definition", "desired_count", "launch_type", "subnets", "sgs",
                           "assign_public_ip", "service_connect", "load_balancers", "placement_constraints",
                           "placement_strategy", "infrastructure_role"});
    r_.requireKeys(v, what, {"cluster", "task_definition"});
    EcsService svc;
    svc.name = name;
    svc.loc = r_.loc(key);
    if (auto c = r_.str(v, "cluster", what)) {
      svc.cluster = *c;
      ref("ecs_cluster", *c, r_.loc(YamlReader::get(v, "cluster")));
    }
    if (YAML::Node td = YamlReader::get(v, "task_definition"); td.IsDefined()) {
      svc.task_definition_file = manifest(td, what + " task_definition");
      if (!svc.task_definition_file.empty()) {
        auto text = files_.read(svc.task_definition_file);
        if (auto parsed = loadTaskDefinition(*text, svc.task_definition_file, r_.diags()))
          svc.task_definition = std::move(*parsed);
      }
    }
    svc.desired_count = static_cast<int>(r_.integer(v, "desired_count", what, 0, 10000).value_or(1));
    if (auto lt = r_.str(v, "launch_type", what)) {
      if (*lt != "EC2" && *lt != "FARGATE" && *lt != "EXTERNAL")
        r_.error(YamlReader::get(v, "launch_type"), fmt::format("{} launch_type must be EC2, FARGATE or EXTERNAL", what));
      svc.launch_type = *lt;
    }
    svc.subnets = r_.strList(v, "subnets", what);
    for (const auto& s : svc.subnets) ref("subnet", s, r_.loc(YamlReader::get(v, "subnets")));
    svc.sgs = r_.strList(v, "sgs", what);
    for (const auto& sg : svc.sgs) ref("security_group", sg, r_.loc(YamlReader::get(v, "sgs")));
    svc.assign_public_ip = r_.boolean(v, "assign_public_ip", what).value_or(false);
    parseServiceConnect(YamlReader::get(v, "service_connect"), what, svc);
    YAML::Node lbs = YamlReader::get(v, "load_balancers");
    if (lbs.IsDefined() && r_.isSeq(lbs, what + " load_balancers"))
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
    for (auto [k, out, field] : {std::tuple{"placement_constraints", &svc.placement_constraints, "expression"},
                                 std::tuple{"placement_strategy", &svc.placement_strategy, "field"}}) {
      YAML::Node list = YamlReader::get(v, k);
      if (!list.IsDefined() || !r_.isSeq(list, fmt::format("{} {}", what, k))) continue;
      for (const auto& item : list) {
        std::string iwhat = fmt::format("{} {} entry", what, k);
        if (!r_.isMap(item, iwhat)) continue;
        r_.checkKeys(item, iwhat, {"type", field});
        r_.requireKeys(item, iwhat, {"type"});
        PlacementItem p;
        p.loc = r_.loc(item);
        p.type = r_.str(item, "type", iwhat).value_or("");
        p.field = r_.str(item, field, iwhat).value_or("");
        const std::vector<std::string> types = std::string(k) == "placement_constraints"
                                                   ? std::vector<std::string>{"distinctInstance", "memberOf"}
                                                   : std::vector<std::string>{"binpack", "spread", "random"};
        if (std::find(types.begin(), types.end(), p.type) == types.end())
          r_.error(YamlReader::get(item, "type"), fmt::format("{} type must be one of {}, got '{}'{}", iwhat,
                                                              joinNames(types), p.type, didYouMean(p.type, types)));
        out->push_back(p);
      }
    }
    svc.infrastructure_role = r_.str(v, "infrastructure_role", what).value_or("");
    s_.ecs_services.add(std::move(svc));
  });
}

void StackParser::parseServiceConnect(const YAML::Node& n, const std::string& owner, EcsService& svc) {
  std::string what = owner + " service_connect";
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
