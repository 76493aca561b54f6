// Terraform's instances, interfaces, addresses, launch templates and Auto
// Scaling groups, and load balancers mapped to the model (the network and
// its rules are in tf_build.cc, ECS in tf_build_ecs.cc).
#include <fmt/format.h>

#include <algorithm>

#include "model/aws_ranges.h"
#include "model/load/manifest_loaders.h"
#include "model/load/tf_internal.h"

namespace awssim::load::tf {

using namespace model;

// An instance in a subnet the state does not hold, at an address of the
// default VPC, is in one of its default subnets: the /20 (AWS creates them
// so) holding its address, in its zone. Modelled so, with a warning.
void Importer::adoptDefaultSubnet(const Resource& r) {
  std::string id = str(r.values, "subnet_id");
  auto ip = parseIpv4(str(r.values, "private_ip"));
  if (id.empty() || !ip || ids_.count(id)) return;
  for (const auto& sn : stack_.subnets)
    if (sn.id == id) return;
  for (const auto& vpc : stack_.vpcs) {
    if (!vpc.is_default || !vpc.cidrs[0].contains(*ip)) continue;
    Subnet sn;
    sn.name = id;
    sn.loc = r.loc;
    sn.id = id;
    sn.vpc = vpc.name;
    sn.cidr = Cidr{*ip & 0xFFFFF000u, 20};
    sn.az = str(r.values, "availability_zone");
    sn.map_public_ip = true;
    diags_.warning(r.loc, fmt::format("{} is in {}, which the state does not hold; at {} it is a default subnet of {}, "
                                      "modelled as AWS creates one ({}, public addresses on launch)",
                                      r.address, id, formatIpv4(*ip), vpc.name, sn.cidr.str()));
    ids_.emplace(id, sn.name);
    stack_.subnets.add(std::move(sn));
    return;
  }
}

// aws_instance keeps user_data as a SHA-1 hash (the text is only in the
// configuration, when written there as a constant) and user_data_base64 as
// written; a launch template keeps its user_data as base64. Any of them is
// what the instance runs.
void Importer::readInstanceUserData(const Resource& r, model::Manifests& m, bool launchTemplate) {
  std::string text;
  const char* base64 = launchTemplate ? "user_data" : "user_data_base64";
  if (!launchTemplate) {
    static const Json none;
    const Json& c = field(field(r.config ? *r.config : none, "expressions"), "user_data");
    if (std::string ud = str(r.values, "user_data"); ud.find('\n') != std::string::npos)
      text = ud;  // not hashed (written by hand, or an old provider's state)
    else if (c.is_object() && c.contains("constant_value") && c["constant_value"].is_string())
      text = c["constant_value"].get<std::string>();
  }
  if (std::string b = str(r.values, base64); text.empty() && !b.empty()) {
    auto d = decodeBase64(b);
    if (!d) {
      diags_.warning(r.loc, fmt::format("{}: {} is not base64; its script is not read", r.address, base64));
      return;
    }
    text = *d;
  }
  if (!text.empty()) readUserData(text, path_, r.loc.line, m, diags_);
}

void Importer::buildCompute(Resource& r) {
  const Json& v = r.values;
  if (r.type == "aws_instance") {
    Instance i;
    i.name = r.address;
    i.loc = r.loc;
    i.id = str(v, "id");
    i.type = str(v, "instance_type").empty() ? "t3.micro" : str(v, "instance_type");
    bool hasSubnet = (v.contains("subnet_id") && !v["subnet_id"].is_null()) ||
                     (r.config && field(*r.config, "expressions").contains("subnet_id"));
    adoptDefaultSubnet(r);
    i.subnet = hasSubnet ? ref(r, "subnet_id", kSubnet)
                         : defaultSubnet(stack_, defaultVpc(stack_, r.loc), str(v, "availability_zone"));
    if (i.subnet.empty()) return;
    for (const char* key : {"vpc_security_group_ids", "security_groups"})
      for (const auto& g : refs(r, key, kSg))
        if (std::find(i.sgs.begin(), i.sgs.end(), g) == i.sgs.end()) i.sgs.push_back(g);
    if (auto ip = parseIpv4(str(v, "private_ip"))) {
      // Only a private_ip the configuration sets is a static address; a
      // state records the one AWS assigned.
      if (!r.config || field(*r.config, "expressions").contains("private_ip")) {
        i.private_ip = ip;
        i.private_ip_loc = r.loc;
      }
    }
    const Subnet* sn = stack_.subnets.find(i.subnet);
    i.public_ip = flag(v, "associate_public_ip_address").value_or(sn && sn->map_public_ip);
    if (auto ip = parseIpv4(str(v, "public_ip")); ip && i.public_ip) i.public_ip_address = ip;
    for (const auto& m : arr(v, "metadata_options")) {
      i.metadata.tokens_required = str(m, "http_tokens") == "required";
      i.metadata.enabled = str(m, "http_endpoint") != "disabled";
    }
    readInstanceUserData(r, i.manifests, false);
    if (!stack_.instances.add(std::move(i))) diags_.error(r.loc, fmt::format("instance {} is defined twice", r.address));
  } else if (r.type == "aws_network_interface") {
    Eni e;
    e.name = r.address;
    e.loc = r.loc;
    e.id = str(v, "id");
    e.subnet = ref(r, "subnet_id", kSubnet);
    e.sgs = refs(r, "security_groups", kSg);
    for (const auto& ip : arr(v, "private_ips"))
      if (ip.is_string())
        if (auto a = parseIpv4(ip.get<std::string>())) (e.private_ip ? e.secondary_ips.push_back(*a) : void(e.private_ip = a));
    e.source_dest_check = flag(v, "source_dest_check").value_or(true);
    e.description = str(v, "description");
    for (const auto& a : arr(v, "attachment")) {
      Json one = a;
      auto inst = resolve(r, one, Json::object(), nullptr, "instance", kInstance);
      if (!inst.empty()) e.instance = inst[0];
    }
    if (!e.subnet.empty()) stack_.enis.add(std::move(e));
  } else if (r.type == "aws_network_interface_sg_attachment") {
    std::string eni = ref(r, "network_interface_id", kEni);
    std::string sg = ref(r, "security_group_id", kSg);
    if (Eni* e = eni.empty() ? nullptr : stack_.enis.find(eni); e && !sg.empty()) e->sgs.push_back(sg);
    else if (Instance* i = stack_.instances.find(eni); i && !sg.empty()) i->sgs.push_back(sg);
  } else if (r.type == "aws_network_interface_attachment") {
    std::string eni = ref(r, "network_interface_id", kEni);
    if (Eni* e = eni.empty() ? nullptr : stack_.enis.find(eni)) e->instance = ref(r, "instance_id", kInstance);
  } else if (r.type == "aws_eip" || r.type == "aws_eip_association") {
    auto ip = parseIpv4(str(v, "public_ip"));
    std::string inst = ref(r, r.type == "aws_eip" ? "instance" : "instance_id", kInstance);
    if (Instance* i = inst.empty() ? nullptr : stack_.instances.find(inst)) {
      i->elastic_ip = true;
      i->public_ip = true;
      if (ip) i->public_ip_address = ip;
    }
  } else if (r.type == "aws_lb" || r.type == "aws_alb") {
    LoadBalancer lb;
    lb.name = r.address;
    lb.loc = r.loc;
    lb.id = str(v, "arn");
    lb.type = str(v, "load_balancer_type").empty() ? "application" : str(v, "load_balancer_type");
    if (lb.type != "application" && lb.type != "network") {
      diags_.warning(r.loc, fmt::format("{} is a {} load balancer, which awssim does not model; left out", r.address, lb.type));
      return;
    }
    lb.internet_facing = !flag(v, "internal").value_or(false);
    lb.subnets = refs(r, "subnets", kSubnet);
    const Json& maps = arr(v, "subnet_mapping");
    for (size_t k = 0; k < maps.size(); ++k)
      for (const auto& n : resolve(r, maps[k], Json::object(), blockExprs(r, "subnet_mapping", k), "subnet_id", kSubnet))
        lb.subnets.push_back(n);
    lb.sgs = refs(r, "security_groups", kSg);
    if (lb.subnets.empty()) {
      diags_.warning(r.loc, fmt::format("{} has no subnets the plan or network holds; left out", r.address));
      return;
    }
    stack_.load_balancers.add(std::move(lb));
  } else if (r.type == "aws_lb_listener" || r.type == "aws_alb_listener") {
    std::string lbName = ref(r, "load_balancer_arn", kLb);
    LoadBalancer* lb = lbName.empty() ? nullptr : stack_.load_balancers.find(lbName);
    if (!lb) return;
    Listener l;
    l.loc = r.loc;
    l.port = num(v, "port").value_or(lb->type == "application" ? 80 : 0);
    l.protocol = str(v, "protocol").empty() ? (lb->type == "application" ? "HTTP" : "TCP") : str(v, "protocol");
    const Json& acts = arr(v, "default_action");
    for (size_t k = 0; k < acts.size(); ++k) {
      auto tgs = resolve(r, acts[k], Json::object(), blockExprs(r, "default_action", k), "target_group_arn", kTg);
      if (!tgs.empty()) l.target_group = tgs[0];
    }
    // A fixed response or redirect answers at the load balancer itself.
    bool answers = false;
    for (const auto& a : acts) answers = answers || str(a, "type") == "fixed-response" || str(a, "type") == "redirect";
    if (l.target_group.empty() && !answers) {
      diags_.warning(r.loc, fmt::format("{}: its default action forwards to no target group the plan holds; left out",
                                        r.address));
      return;
    }
    lb->listeners.push_back(l);
    listeners_[r.address] = {lbName, l.port, l.protocol};
  } else if (r.type == "aws_lb_listener_rule" || r.type == "aws_alb_listener_rule") {
    // Requests the rule matches go to its own target groups, on the
    // listener's port.
    auto lst = refs(r, "listener_arn", "aws_lb_listener|aws_alb_listener");
    auto it = lst.empty() ? listeners_.end() : listeners_.find(lst[0]);
    LoadBalancer* lb = it == listeners_.end() ? nullptr : stack_.load_balancers.find(it->second.lb);
    if (!lb) return;
    const Json& acts = arr(v, "action");
    std::vector<std::string> tgs;
    for (size_t k = 0; k < acts.size(); ++k) {
      const Json* ae = blockExprs(r, "action", k);
      for (const auto& n : resolve(r, acts[k], Json::object(), ae, "target_group_arn", kTg)) tgs.push_back(n);
      const Json& fw = arr(acts[k], "forward");
      for (size_t f = 0; f < fw.size(); ++f) {
        const Json* fe = ae ? &field(*ae, "forward") : nullptr;
        fe = fe && fe->is_array() && f < fe->size() ? &(*fe)[f] : nullptr;
        const Json& groups = arr(fw[f], "target_group");
        for (size_t g = 0; g < groups.size(); ++g) {
          const Json* ge = fe ? &field(*fe, "target_group") : nullptr;
          ge = ge && ge->is_array() && g < ge->size() ? &(*ge)[g] : nullptr;
          for (const auto& n : resolve(r, groups[g], Json::object(), ge, "arn", kTg)) tgs.push_back(n);
        }
      }
    }
    for (const auto& tg : tgs) {
      bool have = std::any_of(lb->listeners.begin(), lb->listeners.end(), [&](const Listener& l) {
        return l.port == it->second.port && l.target_group == tg;
      });
      if (!have) lb->listeners.push_back({r.loc, it->second.port, it->second.protocol, tg});
    }
  } else if (r.type == "aws_lb_target_group" || r.type == "aws_alb_target_group") {
    TargetGroup tg;
    tg.name = r.address;
    tg.loc = r.loc;
    tg.id = str(v, "arn");
    tg.vpc = ref(r, "vpc_id", kVpc);
    tg.protocol = str(v, "protocol").empty() ? "HTTP" : str(v, "protocol");
    tg.port = num(v, "port").value_or(80);
    tg.target_type = str(v, "target_type").empty() ? "instance" : str(v, "target_type");
    stack_.target_groups.add(std::move(tg));
  } else if (r.type == "aws_lb_target_group_attachment" || r.type == "aws_alb_target_group_attachment") {
    std::string tgName = ref(r, "target_group_arn", kTg);
    TargetGroup* tg = tgName.empty() ? nullptr : stack_.target_groups.find(tgName);
    if (!tg) return;
    Target t;
    t.loc = r.loc;
    if (auto ip = parseIpv4(str(v, "target_id"))) {
      t.ip = ip;
    } else {
      auto inst = refs(r, "target_id", kInstance);
      if (inst.empty()) return;
      t.name = inst[0];
    }
    t.port = num(v, "port");
    tg->targets.push_back(t);
  } else if (r.type == "aws_launch_template") {
    LaunchTemplate lt;
    lt.name = r.address;
    lt.loc = r.loc;
    lt.id = str(v, "id");
    lt.spec.name = r.address;
    lt.spec.loc = r.loc;
    lt.spec.type = str(v, "instance_type").empty() ? "t3.micro" : str(v, "instance_type");
    lt.spec.sgs = refs(r, "vpc_security_group_ids", kSg);
    const Json& nics = arr(v, "network_interfaces");
    for (size_t k = 0; k < nics.size(); ++k) {
      for (const auto& g : resolve(r, nics[k], Json::object(), blockExprs(r, "network_interfaces", k), "security_groups", kSg))
        lt.spec.sgs.push_back(g);
      if (auto p = flag(nics[k], "associate_public_ip_address")) lt.public_ip = p;
      if (auto ip = parseIpv4(str(nics[k], "private_ip_address"))) {
        lt.spec.private_ip = ip;
        lt.spec.private_ip_loc = r.loc;
      }
    }
    for (const auto& m : arr(v, "metadata_options")) {
      lt.spec.metadata.tokens_required = str(m, "http_tokens") == "required";
      lt.spec.metadata.enabled = str(m, "http_endpoint") != "disabled";
    }
    // A launch template's user_data is base64, as EC2 takes it.
    readInstanceUserData(r, lt.spec.manifests, true);
    stack_.launch_templates.add(std::move(lt));
  } else if (r.type == "aws_autoscaling_group") {
    AutoScalingGroup g;
    g.name = r.address;
    g.loc = r.loc;
    g.id = str(v, "id");
    g.subnets = refs(r, "vpc_zone_identifier", kSubnet);
    const Json& lts = arr(v, "launch_template");
    for (size_t k = 0; k < lts.size() && g.launch_template.empty(); ++k)
      for (const char* key : {"id", "name"}) {
        auto n = resolve(r, lts[k], Json::object(), blockExprs(r, "launch_template", k), key, "aws_launch_template");
        if (!n.empty()) {
          g.launch_template = n[0];
          break;
        }
      }
    g.min = num(v, "min_size").value_or(0);
    g.max = num(v, "max_size").value_or(g.min);
    g.desired = num(v, "desired_capacity").value_or(g.min);
    g.target_groups = refs(r, "target_group_arns", kTg);
    if (g.launch_template.empty() || g.subnets.empty()) {
      diags_.warning(r.loc, fmt::format("{}: its launch template or subnets are not in the plan or network; left out",
                                        r.address));
      return;
    }
    stack_.auto_scaling_groups.add(std::move(g));
  } else if (r.type == "aws_ec2_instance_connect_endpoint") {
    InstanceConnectEndpoint e;
    e.name = r.address;
    e.loc = r.loc;
    e.id = str(v, "id");
    e.subnet = ref(r, "subnet_id", kSubnet);
    e.sgs = refs(r, "security_group_ids", kSg);
    if (!e.subnet.empty()) stack_.instance_connect_endpoints.add(std::move(e));
  }
}

}  // namespace awssim::load::tf
