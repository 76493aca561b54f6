// A template's compute and services: instances (with their inline user
// data read as the script it is), network interfaces, Auto Scaling groups
// from launch templates (instances per zone, or an ECS cluster's capacity),
// load balancers, ECS clusters, task definitions and services, Cloud Map and
// Route 53.
#include <fmt/format.h>

#include <algorithm>

#include "model/aws_ranges.h"
#include "model/load/cfn_internal.h"
#include "model/load/manifest_loaders.h"
#include "model/load/yaml_reader.h"

namespace awssim::load::cfn {

using namespace model;

namespace {

/// The scalar holding most of a value's text (a UserData block), for its line.
YAML::Node longestScalar(const YAML::Node& n) {
  if (n.IsScalar()) return n;
  YAML::Node best;
  size_t len = 0;
  auto consider = [&](const YAML::Node& x) {
    YAML::Node s = longestScalar(x);
    if (s.IsDefined() && s.IsScalar() && s.Scalar().size() > len) {
      best = s;
      len = s.Scalar().size();
    }
  };
  if (n.IsSequence())
    for (const auto& x : n) consider(x);
  if (n.IsMap())
    for (const auto& kv : n) consider(kv.second);
  return best;
}

}  // namespace

void CfnStack::readUserDataInto(const Json& p, const YAML::Node& pn, Manifests& m) {
  std::string script = text(p, "UserData");
  if (script.empty()) return;
  YAML::Node n = longestScalar(YamlReader::get(pn, "UserData"));
  // A block scalar's text starts on the line after its `|`.
  int first = n.IsDefined() ? n.Mark().line + 1 : 0;
  if (n.IsDefined() && n.Scalar().find('\n') != std::string::npos && path_.size() > 5 &&
      path_.compare(path_.size() - 5, 5, ".json") != 0)
    ++first;
  readUserData(script, path_, std::max(first, 1), m, s_.diags);
}

TaskDefinition CfnStack::taskDefinition(const std::string& id, const Json& p, const YAML::Node& pn, const Location& at) {
  // The k-th element of a list property as written (conditions that drop
  // elements can shift this; the resource's place is the fallback).
  auto item = [](const YAML::Node& seq, size_t k) {
    return seq.IsSequence() && k < seq.size() ? seq[k] : YAML::Node(YAML::NodeType::Undefined);
  };
  auto itemLoc = [&](const YAML::Node& seq, size_t k, const Location& fallback) {
    YAML::Node n = item(seq, k);
    return n.IsDefined() ? loc(n) : fallback;
  };
  TaskDefinition td;
  td.loc = at;
  td.file = path_;
  td.family = text(p, "Family").empty() ? id : text(p, "Family");
  if (!text(p, "NetworkMode").empty()) td.network_mode = text(p, "NetworkMode");
  td.network_mode_loc = propLoc(pn, "NetworkMode", at);
  td.cpu = integer(p, "Cpu");
  td.memory = integer(p, "Memory");
  td.memory_loc = propLoc(pn, "Memory", at);
  for (const auto& c : list(p, "RequiresCompatibilities"))
    if (c.is_string()) td.requires_compatibilities.push_back(c.get<std::string>());
  td.execution_role_arn = text(p, "ExecutionRoleArn");
  td.task_role_arn = text(p, "TaskRoleArn");
  YAML::Node cn = YamlReader::get(pn, "ContainerDefinitions");
  size_t k = 0;
  for (const auto& c : list(p, "ContainerDefinitions")) {
    YAML::Node node = item(cn, k);
    ContainerDefinition d;
    d.loc = itemLoc(cn, k++, at);
    d.name = text(c, "Name");
    d.image = text(c, "Image");
    d.image_loc = propLoc(node, "Image", d.loc);
    d.cpu = integer(c, "Cpu").value_or(0);
    d.memory = integer(c, "Memory");
    d.memory_reservation = integer(c, "MemoryReservation");
    d.memory_loc = propLoc(node, "Memory", propLoc(node, "MemoryReservation", d.loc));
    d.essential = text(c, "Essential") != "false";
    YAML::Node pms = YamlReader::get(node, "PortMappings");
    size_t i = 0;
    for (const auto& pm : list(c, "PortMappings")) {
      PortMapping m;
      m.loc = itemLoc(pms, i++, d.loc);
      m.name = text(pm, "Name");
      m.container_port = integer(pm, "ContainerPort").value_or(0);
      m.host_port = integer(pm, "HostPort");
      if (!text(pm, "Protocol").empty()) m.protocol = text(pm, "Protocol");
      m.app_protocol = text(pm, "AppProtocol");
      m.container_port_range = text(pm, "ContainerPortRange");
      d.port_mappings.push_back(m);
    }
    YAML::Node envs = YamlReader::get(node, "Environment");
    i = 0;
    for (const auto& e : list(c, "Environment")) d.environment.push_back({itemLoc(envs, i++, d.loc), text(e, "Name"), text(e, "Value")});
    YAML::Node secrets = YamlReader::get(node, "Secrets");
    i = 0;
    for (const auto& e : list(c, "Secrets")) d.secrets.push_back({itemLoc(secrets, i++, d.loc), text(e, "Name"), text(e, "ValueFrom")});
    YAML::Node mps = YamlReader::get(node, "MountPoints");
    i = 0;
    for (const auto& mp : list(c, "MountPoints"))
      d.mount_points.push_back({itemLoc(mps, i++, d.loc), text(mp, "SourceVolume"), text(mp, "ContainerPath"),
                                text(mp, "ReadOnly") == "true"});
    if (c.contains("LogConfiguration")) {
      LogConfiguration lc;
      lc.loc = propLoc(node, "LogConfiguration", d.loc);
      lc.driver = text(c["LogConfiguration"], "LogDriver");
      for (const auto& [key, v] : obj(c["LogConfiguration"], "Options").items())
        if (v.is_string()) lc.options[key] = v.get<std::string>();
      d.log_configuration = lc;
    }
    td.containers.push_back(d);
  }
  YAML::Node vols = YamlReader::get(pn, "Volumes");
  k = 0;
  for (const auto& v : list(p, "Volumes")) {
    YAML::Node node = item(vols, k);
    TaskVolume tv;
    tv.loc = itemLoc(vols, k++, at);
    tv.name = text(v, "Name");
    if (v.contains("Host")) tv.host_path = text(v["Host"], "SourcePath");
    if (v.contains("DockerVolumeConfiguration")) {
      DockerVolumeConfiguration dv;
      dv.scope = text(v["DockerVolumeConfiguration"], "Scope");
      dv.driver = text(v["DockerVolumeConfiguration"], "Driver");
      if (std::string a = text(v["DockerVolumeConfiguration"], "Autoprovision"); !a.empty()) dv.autoprovision = a == "true";
      dv.driver_loc = propLoc(YamlReader::get(node, "DockerVolumeConfiguration"), "Driver", tv.loc);
      tv.docker = dv;
    }
    tv.configured_at_launch = text(v, "ConfiguredAtLaunch") == "true";
    td.volumes.push_back(tv);
  }
  return td;
}

void CfnStack::buildCompute(const std::string& id, const std::string& type, const Json& p, const YAML::Node& pn,
                            const Location& at) {
  std::string name = modelName(id);
  std::string what = fmt::format("{} '{}'", type, name);
  if (type == "AWS::EC2::Instance") {
    Instance i;
    i.name = name;
    i.loc = at;
    i.id = placeholder(id, type);
    i.type = text(p, "InstanceType").empty() ? "m1.small" : text(p, "InstanceType");  // EC2's default type
    Json subnet = p.value("SubnetId", Json());
    std::optional<bool> publicIp;
    for (const auto& nic : list(p, "NetworkInterfaces"))
      if (text(nic, "DeviceIndex") == "0") {
        if (nic.contains("SubnetId")) subnet = nic["SubnetId"];
        for (const auto& g : owners(nic.value("GroupSet", Json::array()), "security_group", at, what)) i.sgs.push_back(g);
        if (!text(nic, "AssociatePublicIpAddress").empty()) publicIp = text(nic, "AssociatePublicIpAddress") == "true";
        if (auto ip = parseIpv4(text(nic, "PrivateIpAddress"))) i.private_ip = ip;
      }
    // No subnet: EC2 launches into the default VPC's default subnet of the
    // zone asked for (or one it picks: the first).
    std::string zone = text(p, "AvailabilityZone");
    if (subnet.is_null() && !zone.empty()) {
      auto zones = model::availabilityZones(s_.stack.region);
      if (std::find(zones.begin(), zones.end(), zone) == zones.end()) {
        s_.diags.error(propLoc(pn, "AvailabilityZone", at), fmt::format("{}: AvailabilityZone '{}' is not a zone of {} "
                                                                        "({})", what, zone, s_.stack.region, joinNames(zones)));
        return;
      }
    }
    i.subnet = subnet.is_null() ? model::defaultSubnet(s_.stack, model::defaultVpc(s_.stack, at), zone)
                                : owner(subnet, "subnet", propLoc(pn, "SubnetId", at), what);
    if (i.subnet.empty()) return;
    for (const char* key : {"SecurityGroupIds", "SecurityGroups"})
      for (const auto& g : owners(list(p, key), "security_group", propLoc(pn, key, at), what)) i.sgs.push_back(g);
    if (auto ip = parseIpv4(text(p, "PrivateIpAddress"))) {
      i.private_ip = ip;
      i.private_ip_loc = propLoc(pn, "PrivateIpAddress", at);
    }
    const Subnet* sub = s_.stack.subnets.find(i.subnet);
    i.public_ip = publicIp.value_or(sub && sub->map_public_ip);
    const Json& md = obj(p, "MetadataOptions");
    i.metadata.tokens_required = text(md, "HttpTokens") == "required";
    i.metadata.enabled = text(md, "HttpEndpoint") != "disabled";
    if (auto h = integer(md, "HttpPutResponseHopLimit")) i.metadata.hop_limit = *h;
    i.iam_role = text(p, "IamInstanceProfile");
    for (const auto& t : list(p, "Tags"))
      if (!text(t, "Key").empty()) i.tags[text(t, "Key")] = text(t, "Value");
    readUserDataInto(p, pn, i.manifests);
    if (!s_.stack.instances.add(std::move(i))) s_.diags.error(at, fmt::format("instance '{}' is defined twice", name));
  } else if (type == "AWS::EC2::NetworkInterface") {
    Eni e;
    e.name = name;
    e.loc = at;
    e.id = placeholder(id, type);
    e.subnet = owner(p.value("SubnetId", Json()), "subnet", propLoc(pn, "SubnetId", at), what);
    e.sgs = owners(list(p, "GroupSet"), "security_group", propLoc(pn, "GroupSet", at), what);
    if (auto ip = parseIpv4(text(p, "PrivateIpAddress"))) {
      e.private_ip = ip;
      e.private_ip_loc = propLoc(pn, "PrivateIpAddress", at);
    }
    e.source_dest_check = text(p, "SourceDestCheck") != "false";
    e.description = text(p, "Description");
    if (!e.subnet.empty()) s_.stack.enis.add(e);
  } else if (type == "AWS::EC2::NetworkInterfaceAttachment") {
    std::string eni = owner(p.value("NetworkInterfaceId", Json()), "eni", propLoc(pn, "NetworkInterfaceId", at), what);
    std::string inst = owner(p.value("InstanceId", Json()), "instance", propLoc(pn, "InstanceId", at), what);
    if (Eni* e = eni.empty() ? nullptr : s_.stack.enis.find(eni)) e->instance = inst;
  } else if (type == "AWS::AutoScaling::AutoScalingGroup") {
    buildAutoScalingGroup(id, p, pn, at);
  }
  // LaunchTemplate and LaunchConfiguration are read through the groups
  // that use them.
}

void CfnStack::buildAutoScalingGroup(const std::string& id, const Json& p, const YAML::Node& pn, const Location& at) {
  std::string name = modelName(id);
  std::string what = fmt::format("AWS::AutoScaling::AutoScalingGroup '{}'", name);
  // What the instances are: the launch template's data, or the launch
  // configuration's properties.
  Json spec = Json::object();
  const Json& lt = obj(p, "LaunchTemplate");
  Json ltRef = lt.contains("LaunchTemplateId") ? lt["LaunchTemplateId"] : lt.value("LaunchTemplateName", Json());
  std::string source = !ltRef.is_null() ? owner(ltRef, "launch_template", at, what)
                       : p.contains("LaunchConfigurationName") ? owner(p["LaunchConfigurationName"], "launch_configuration", at, what)
                                                               : "";
  auto src = s_.sources.find(source);
  if (src == s_.sources.end()) {
    s_.diags.warning(at, fmt::format("{}: its launch template is not in the templates; left out", what));
    return;
  }
  const Json* sp = src->second.stack->props(src->second.id);
  if (!sp) return;
  YAML::Node specNode = YamlReader::get(src->second.stack->resourceNode(src->second.id), "Properties");
  bool isLt = src->second.type == "AWS::EC2::LaunchTemplate";
  if (isLt) {
    spec = obj(*sp, "LaunchTemplateData");
    specNode = YamlReader::get(specNode, "LaunchTemplateData");
  } else {
    spec = *sp;
  }
  std::vector<std::string> subnets =
      owners(list(p, "VPCZoneIdentifier"), "subnet", propLoc(pn, "VPCZoneIdentifier", at), what);
  if (subnets.empty()) {
    s_.diags.warning(at, fmt::format("{} has no VPCZoneIdentifier subnets; left out", what));
    return;
  }
  std::vector<std::string> sgs = owners(list(spec, isLt ? "SecurityGroupIds" : "SecurityGroups"), "security_group", at, what);
  std::optional<bool> publicIp;
  for (const auto& nic : list(spec, "NetworkInterfaces")) {
    for (const auto& g : owners(nic.value("Groups", Json::array()), "security_group", at, what)) sgs.push_back(g);
    if (!text(nic, "AssociatePublicIpAddress").empty()) publicIp = text(nic, "AssociatePublicIpAddress") == "true";
  }
  if (!text(spec, "AssociatePublicIpAddress").empty()) publicIp = text(spec, "AssociatePublicIpAddress") == "true";
  int desired = integer(p, "DesiredCapacity").value_or(integer(p, "MinSize").value_or(1));
  int mn = integer(p, "MinSize").value_or(desired), mx = integer(p, "MaxSize").value_or(desired);
  InstanceMetadata md;
  const Json& mo = obj(spec, "MetadataOptions");
  md.tokens_required = text(mo, "HttpTokens") == "required";
  md.enabled = text(mo, "HttpEndpoint") != "disabled";
  std::string itype = text(spec, "InstanceType");
  // An ECS cluster's capacity: a capacity provider names this group, or its
  // user data joins the cluster (ECS_CLUSTER=...).
  std::string script = text(spec, "UserData");
  // cfn-init's commands (AWS::CloudFormation::Init) often write ecs.config.
  YAML::Node init = YamlReader::get(YamlReader::get(src->second.stack->resourceNode(src->second.id),
                                                    "Metadata"), "AWS::CloudFormation::Init");
  if (init.IsDefined()) {
    try {
      script += "\n" + src->second.stack->eval(init).dump();
    } catch (const EvalError&) {
    }
  }
  std::string cluster;
  for (const auto& [mname, s] : s_.sources) {
    if (s.type == "AWS::ECS::Cluster") {
      std::string cname;
      try {
        cname = s.stack->ref(s.id, YAML::Node()).get<std::string>();
      } catch (const EvalError&) {
        continue;
      }
      if (!script.empty() && script.find("ECS_CLUSTER=" + cname) != std::string::npos) cluster = mname;
    }
    if (s.type == "AWS::ECS::CapacityProvider") {
      const Json* cp = s.stack->props(s.id);
      std::string asg = cp ? text(obj(*cp, "AutoScalingGroupProvider"), "AutoScalingGroupArn") : "";
      if (!asg.empty() && s_.owners.count(asg) && s_.owners[asg] == name)
        for (const auto& [m2, s2] : s_.sources)
          if (s2.type == "AWS::ECS::ClusterCapacityProviderAssociations") {
            const Json* a = s2.stack->props(s2.id);
            if (!a) continue;
            bool names = false;
            for (const auto& x : list(*a, "CapacityProviders")) names = names || (x.is_string() && s_.owners.count(x.get<std::string>()) && s_.owners[x.get<std::string>()] == mname);
            if (names) cluster = owner((*a).value("Cluster", Json()), "ecs_cluster", at, what);
          }
    }
  }
  if (EcsCluster* c = cluster.empty() ? nullptr : s_.stack.ecs_clusters.find(cluster)) {
    Capacity k;
    k.loc = at;
    k.instance_type = itype;
    k.desired = desired;
    k.min = mn;
    k.max = mx;
    k.subnets = subnets;
    k.sgs = sgs;
    const Subnet* sub = s_.stack.subnets.find(subnets[0]);
    k.public_ip = publicIp.value_or(sub && sub->map_public_ip);
    k.metadata = md;
    c->capacity = k;
    return;
  }
  // A group of EC2 instances: the launch template (or configuration) and
  // the group join the model; the validator launches the instances.
  if (!s_.stack.launch_templates.find(source)) {
    LaunchTemplate lt;
    lt.name = source;
    lt.loc = src->second.stack->loc(YamlReader::get(src->second.stack->resources_, src->second.id.c_str()));
    lt.id = src->second.stack->placeholder(src->second.id, src->second.type);
    lt.spec.name = source;
    lt.spec.loc = lt.loc;
    lt.spec.type = itype.empty() ? "m1.small" : itype;
    lt.spec.sgs = sgs;
    lt.spec.metadata = md;
    lt.public_ip = publicIp;
    for (const auto& nic : list(spec, "NetworkInterfaces"))
      if (auto ip = parseIpv4(text(nic, "PrivateIpAddress"))) {
        lt.spec.private_ip = ip;
        lt.spec.private_ip_loc = lt.loc;
      }
    src->second.stack->readUserDataInto(spec, specNode, lt.spec.manifests);
    s_.stack.launch_templates.add(std::move(lt));
  }
  AutoScalingGroup g;
  g.name = name;
  g.loc = at;
  g.id = placeholder(id, "AWS::AutoScaling::AutoScalingGroup");
  g.launch_template = source;
  g.subnets = subnets;
  g.desired = desired;
  g.min = mn;
  g.max = mx;
  g.target_groups = owners(list(p, "TargetGroupARNs"), "target_group", propLoc(pn, "TargetGroupARNs", at), what);
  s_.stack.auto_scaling_groups.add(std::move(g));
}

void CfnStack::buildServices(const std::string& id, const std::string& type, const Json& p, const YAML::Node& pn,
                             const Location& at) {
  std::string name = modelName(id);
  std::string what = fmt::format("{} '{}'", type, name);
  if (type == "AWS::ElasticLoadBalancingV2::LoadBalancer") {
    LoadBalancer lb;
    lb.name = name;
    lb.loc = at;
    lb.id = placeholder(id, type);
    lb.type = text(p, "Type").empty() ? "application" : text(p, "Type");
    if (lb.type != "application" && lb.type != "network") {
      s_.diags.warning(at, fmt::format("{} is a {} load balancer, which awssim does not model; left out", what, lb.type));
      return;
    }
    lb.internet_facing = text(p, "Scheme") != "internal";
    lb.subnets = owners(list(p, "Subnets"), "subnet", propLoc(pn, "Subnets", at), what);
    for (const auto& m : list(p, "SubnetMappings"))
      if (auto n = owner(m.value("SubnetId", Json()), "subnet", propLoc(pn, "SubnetMappings", at), what); !n.empty()) lb.subnets.push_back(n);
    lb.sgs = owners(list(p, "SecurityGroups"), "security_group", propLoc(pn, "SecurityGroups", at), what);
    s_.stack.load_balancers.add(lb);
  } else if (type == "AWS::ElasticLoadBalancingV2::TargetGroup") {
    TargetGroup tg;
    tg.name = name;
    tg.loc = at;
    tg.id = placeholder(id, type);
    tg.vpc = p.contains("VpcId") ? owner(p["VpcId"], "vpc", propLoc(pn, "VpcId", at), what) : "";
    tg.protocol = text(p, "Protocol").empty() ? "HTTP" : text(p, "Protocol");
    tg.port = integer(p, "Port").value_or(80);
    tg.target_type = text(p, "TargetType") == "ip" ? "ip" : "instance";
    if (text(p, "TargetType") == "lambda" || text(p, "TargetType") == "alb") {
      s_.diags.warning(at, fmt::format("{} has {} targets, which awssim does not model; left out", what, text(p, "TargetType")));
      return;
    }
    if (auto hc = integer(p, "HealthCheckPort")) tg.health_check_port = *hc;
    for (const auto& t : list(p, "Targets")) {
      Target target;
      target.loc = propLoc(pn, "Targets", at);
      target.port = integer(t, "Port");
      if (tg.target_type == "ip") {
        target.ip = parseIpv4(text(t, "Id"));
        if (!target.ip) continue;
      } else {
        target.name = owner(t.value("Id", Json()), "instance", target.loc, what);
        if (target.name.empty()) continue;
      }
      tg.targets.push_back(target);
    }
    s_.stack.target_groups.add(tg);
  } else if (type == "AWS::ElasticLoadBalancingV2::Listener" || type == "AWS::ElasticLoadBalancingV2::ListenerRule") {
    std::string lbName;
    int port = 0;
    std::string protocol;
    if (type == "AWS::ElasticLoadBalancingV2::Listener") {
      lbName = owner(p.value("LoadBalancerArn", Json()), "load_balancer", propLoc(pn, "LoadBalancerArn", at), what);
      port = integer(p, "Port").value_or(0);
      protocol = text(p, "Protocol");
      s_.listeners[placeholder(id, type)] = {lbName, port, protocol};
    } else {
      auto it = s_.listeners.find(text(p, "ListenerArn"));
      if (it == s_.listeners.end()) {
        s_.diags.warning(at, fmt::format("{}: its listener is not in the templates; left out", what));
        return;
      }
      lbName = it->second.lb;
      port = it->second.port;
      protocol = it->second.protocol;
    }
    LoadBalancer* lb = lbName.empty() ? nullptr : s_.stack.load_balancers.find(lbName);
    if (!lb) return;
    if (protocol.empty()) protocol = lb->type == "application" ? "HTTP" : "TCP";
    std::vector<std::string> tgs;
    for (const auto& a : list(p, type == "AWS::ElasticLoadBalancingV2::Listener" ? "DefaultActions" : "Actions")) {
      if (text(a, "Type") != "forward") continue;
      if (a.contains("TargetGroupArn")) tgs.push_back(text(a, "TargetGroupArn"));
      for (const auto& t : list(obj(a, "ForwardConfig"), "TargetGroups")) tgs.push_back(text(t, "TargetGroupArn"));
    }
    for (const auto& arn : tgs) {
      std::string tg = owner(arn, "target_group", at, what);
      if (tg.empty()) continue;
      bool have = std::any_of(lb->listeners.begin(), lb->listeners.end(),
                              [&](const Listener& l) { return l.port == port && l.target_group == tg; });
      if (!have) lb->listeners.push_back({at, port, protocol, tg});
    }
  } else if (type == "AWS::ECS::Cluster") {
    EcsCluster c;
    c.name = name;
    c.loc = at;
    c.id = text(p, "ClusterName");
    const Json& sc = obj(p, "ServiceConnectDefaults");
    if (sc.contains("Namespace")) c.namespace_ = owner(sc["Namespace"], "namespace", at, what);
    s_.stack.ecs_clusters.add(c);
  } else if (type == "AWS::ECS::TaskDefinition") {
    s_.task_definitions[name] = taskDefinition(id, p, pn, at);
  } else if (type == "AWS::ECS::Service") {
    EcsService svc;
    svc.name = name;
    svc.loc = at;
    svc.cluster = p.contains("Cluster") ? owner(p["Cluster"], "ecs_cluster", propLoc(pn, "Cluster", at), what) : "default";
    std::string td = owner(p.value("TaskDefinition", Json()), "task_definition", propLoc(pn, "TaskDefinition", at), what);
    auto tdIt = s_.task_definitions.find(td);
    if (tdIt == s_.task_definitions.end()) {
      if (!td.empty()) s_.diags.warning(at, fmt::format("{}: task definition '{}' is not modelled; left out", what, td));
      return;
    }
    svc.task_definition = tdIt->second;
    svc.task_definition_file = path_;
    svc.desired_count = integer(p, "DesiredCount").value_or(1);
    svc.launch_type = text(p, "LaunchType").empty() ? "EC2" : text(p, "LaunchType");
    const Json& vpcCfg = obj(obj(p, "NetworkConfiguration"), "AwsvpcConfiguration");
    svc.subnets = owners(list(vpcCfg, "Subnets"), "subnet", propLoc(pn, "NetworkConfiguration", at), what);
    svc.sgs = owners(list(vpcCfg, "SecurityGroups"), "security_group", propLoc(pn, "NetworkConfiguration", at), what);
    svc.assign_public_ip = text(vpcCfg, "AssignPublicIp") == "ENABLED";
    // Subnets named but not in the templates (warned above) leave the
    // service out; none named at all is the validator's error.
    if (svc.subnets.empty() && !list(vpcCfg, "Subnets").empty()) return;
    for (const auto& lb : list(p, "LoadBalancers")) {
      EcsLoadBalancerRef r;
      r.loc = propLoc(pn, "LoadBalancers", at);
      r.target_group = owner(lb.value("TargetGroupArn", Json()), "target_group", r.loc, what);
      r.container_name = text(lb, "ContainerName");
      r.container_port = integer(lb, "ContainerPort").value_or(0);
      if (!r.target_group.empty()) svc.load_balancers.push_back(r);
    }
    const Json& scc = obj(p, "ServiceConnectConfiguration");
    if (text(scc, "Enabled") == "true") {
      ServiceConnect sc;
      sc.loc = propLoc(pn, "ServiceConnectConfiguration", at);
      sc.enabled = true;
      sc.namespace_ = scc.contains("Namespace") ? owner(scc["Namespace"], "namespace", sc.loc, what) : "";
      for (const auto& s : list(scc, "Services")) {
        ServiceConnectService x;
        x.loc = sc.loc;
        x.port_name = text(s, "PortName");
        x.discovery_name = text(s, "DiscoveryName");
        for (const auto& ca : list(s, "ClientAliases")) x.client_aliases.push_back({sc.loc, integer(ca, "Port").value_or(0), text(ca, "DnsName")});
        sc.services.push_back(x);
      }
      svc.service_connect = sc;
    }
    for (const auto& c : list(p, "PlacementConstraints"))
      svc.placement_constraints.push_back({at, text(c, "Type"), text(c, "Expression")});
    for (const auto& c : list(p, "PlacementStrategies")) svc.placement_strategy.push_back({at, text(c, "Type"), text(c, "Field")});
    if (svc.cluster == "default" && !s_.stack.ecs_clusters.find("default")) {
      s_.diags.warning(at, fmt::format("{} runs in the account's default cluster, which is not in the templates; left out", what));
      return;
    }
    s_.stack.ecs_services.add(std::move(svc));
  } else if (type == "AWS::ServiceDiscovery::PrivateDnsNamespace" || type == "AWS::ServiceDiscovery::PublicDnsNamespace" ||
             type == "AWS::ServiceDiscovery::HttpNamespace") {
    CloudMapNamespace ns;
    ns.name = text(p, "Name");
    ns.loc = at;
    ns.type = type == "AWS::ServiceDiscovery::HttpNamespace" ? "http"
              : type == "AWS::ServiceDiscovery::PublicDnsNamespace" ? "dns_public" : "dns_private";
    if (ns.type == "dns_private") ns.vpc = owner(p.value("Vpc", Json()), "vpc", propLoc(pn, "Vpc", at), what);
    s_.owners[placeholder(id, type)] = ns.name;
    s_.owners[fmt::format("arn:aws:servicediscovery:{}:{}:namespace/{}", s_.stack.region, s_.options.account_id,
                          placeholder(id, type))] = ns.name;
    s_.stack.namespaces.add(ns);
  } else if (type == "AWS::ServiceDiscovery::Service") {
    std::string nsName = owner(p.value("NamespaceId", Json()), "namespace", propLoc(pn, "NamespaceId", at), what);
    if (CloudMapNamespace* ns = nsName.empty() ? nullptr : s_.stack.namespaces.find(nsName)) {
      CloudMapService svc;
      svc.name = text(p, "Name").empty() ? id : text(p, "Name");
      svc.loc = at;
      ns->services.push_back(svc);
    }
  } else if (type == "AWS::Route53::HostedZone") {
    HostedZone z;
    z.name = text(p, "Name");
    while (!z.name.empty() && z.name.back() == '.') z.name.pop_back();
    z.loc = at;
    z.id = placeholder(id, type);
    for (const auto& v : list(p, "VPCs"))
      if (auto n = owner(v.value("VPCId", Json()), "vpc", propLoc(pn, "VPCs", at), what); !n.empty()) z.vpcs.push_back(n);
    z.is_private = !list(p, "VPCs").empty();
    s_.owners[z.id] = z.name;
    s_.stack.hosted_zones.add(z);
  } else if (type == "AWS::Route53::RecordSet") {
    std::string zone = p.contains("HostedZoneId") ? owner(p["HostedZoneId"], "hosted_zone", at, what) : text(p, "HostedZoneName");
    while (!zone.empty() && zone.back() == '.') zone.pop_back();
    HostedZone* z = zone.empty() ? nullptr : s_.stack.hosted_zones.find(zone);
    if (!z) return;
    if (p.contains("AliasTarget")) {
      s_.diags.warning(at, fmt::format("{} is an alias record, which awssim does not resolve; left out", what));
      return;
    }
    DnsRecord r;
    r.loc = at;
    r.name = text(p, "Name");
    while (!r.name.empty() && r.name.back() == '.') r.name.pop_back();
    r.type = text(p, "Type");
    for (const auto& v : list(p, "ResourceRecords"))
      if (v.is_string()) r.values.push_back(v.get<std::string>());
    r.ttl = integer(p, "TTL").value_or(300);
    z->records.push_back(r);
  }
}

}  // namespace awssim::load::cfn
