// stack.yaml: compute, load balancing, DNS, ECS, peering, transit gateways
// and expectations.
#include <fmt/format.h>

#include <re2/re2.h>

#include "model/load/manifest_loaders.h"
#include "model/load/stack_parser.h"
#include "model/load/task_definition_loader.h"

namespace awssim::load {

void StackParser::parseMetadata(const YAML::Node& n, const std::string& what, InstanceMetadata& md) {
  if (!n.IsDefined() || !r_.isMap(n, what)) return;
  r_.checkKeys(n, what, {"enabled", "tokens", "hop_limit"});
  md.enabled = r_.boolean(n, "enabled", what).value_or(true);
  if (auto t = r_.str(n, "tokens", what)) {
    if (*t != "required" && *t != "optional")
      r_.error(YamlReader::get(n, "tokens"), fmt::format("{} tokens must be required or optional, got '{}'", what, *t));
    md.tokens_required = *t == "required";
  }
  // The instance metadata hop limit is 1 to 64 (ModifyInstanceMetadataOptions).
  md.hop_limit = static_cast<int>(r_.integer(n, "hop_limit", what, 1, 64).value_or(1));
}

// The files an instance's stack entry names, read and parsed; a compose file
// or .env that user-data writes with a heredoc is read as if it were on disk.
void StackParser::loadManifests(Instance& i) {
  Manifests& m = i.manifests;
  for (const auto& f : i.env_files)
    if (auto text = files_.read(f)) m.env_files.push_back(parseEnvFile(*text, f, r_.diags()));
  if (!i.compose.empty())
    if (auto text = files_.read(i.compose))
      if (auto c = parseComposeFile(*text, i.compose, r_.diags())) {
        // env_file paths are relative to the compose file; read those that
        // are in the stack's folder (an absolute one comes from elsewhere at
        // boot). One that leads out of the folder, by `..` or a link, is an
        // error and is not read: the same guard as the stack's own paths.
        for (const auto& svc : c->services)
          for (const auto& ef : svc.env_files) {
            std::string path = joinPath(dirName(i.compose), ef);
            bool known = std::any_of(m.env_files.begin(), m.env_files.end(), [&](const EnvFile& e) { return e.file == path; });
            if (known || ef.empty() || ef[0] == '/') continue;
            if (!insideStackFolder(path)) {
              r_.diags().error(svc.loc, fmt::format("compose service '{}': env_file '{}' points outside the stack's "
                                                    "folder; not read", svc.name, ef));
              continue;
            }
            if (auto envText = files_.read(path)) m.env_files.push_back(parseEnvFile(*envText, path, r_.diags()));
          }
        m.compose.push_back(std::move(*c));
      }
  for (const auto& f : i.app_configs)
    if (auto text = files_.read(f))
      if (auto c = parseAppConfig(*text, f, r_.diags())) m.app_configs.push_back(std::move(*c));
  if (i.user_data.empty()) return;
  auto text = files_.read(i.user_data);
  if (!text) return;
  readUserData(*text, i.user_data, 1, m, r_.diags());
}

// The keys an instance and a launch template share.
void StackParser::parseInstanceSpec(const YAML::Node& v, const std::string& what, Instance& i) {
  i.id = r_.str(v, "id", what).value_or("");
  i.type = r_.str(v, "type", what).value_or("");
  if (YAML::Node ip = YamlReader::get(v, "ip"); ip.IsDefined()) {
    i.private_ip = ipv4(ip, what + " ip");
    i.private_ip_loc = r_.loc(ip);
  }
  i.sgs = r_.strList(v, "sgs", what);
  for (const auto& sg : i.sgs) ref("security_group", sg, r_.loc(YamlReader::get(v, "sgs")));
  i.iam_role = r_.str(v, "iam_role", what).value_or("");
  if (auto os = r_.str(v, "os", what)) {
    if (*os != "linux" && *os != "windows")
      r_.error(YamlReader::get(v, "os"), fmt::format("{} os must be linux or windows, got '{}'", what, *os));
    else
      i.os = *os;
  }
  if (YAML::Node f = YamlReader::get(v, "user_data"); f.IsDefined()) i.user_data = manifest(f, what + " user_data");
  if (YAML::Node f = YamlReader::get(v, "compose"); f.IsDefined()) i.compose = manifest(f, what + " compose");
  for (const char* key2 : {"env_files", "app_configs"}) {
    YAML::Node list = YamlReader::get(v, key2);
    if (!list.IsDefined()) continue;
    std::vector<YAML::Node> items;
    if (list.IsSequence()) for (const auto& x : list) items.push_back(x);
    else items.push_back(list);
    for (const auto& x : items) {
      std::string path = manifest(x, fmt::format("{} {}", what, key2));
      if (!path.empty()) (std::string(key2) == "env_files" ? i.env_files : i.app_configs).push_back(path);
    }
  }
  YAML::Node tags = YamlReader::get(v, "tags");
  if (tags.IsDefined() && r_.isMap(tags, what + " tags"))
    for (auto it = tags.begin(); it != tags.end(); ++it)
      if (auto val = r_.toStr(it->second, what + " tag " + it->first.Scalar())) i.tags[it->first.Scalar()] = *val;
  parseMetadata(YamlReader::get(v, "metadata"), what + " metadata", i.metadata);
  i.volumes = r_.strList(v, "volumes", what);
  for (const auto& vol : i.volumes) ref("volume", vol, r_.loc(YamlReader::get(v, "volumes")));
  parseRootVolume(YamlReader::get(v, "root_volume"), what + " root_volume", i.root_volume);
  loadManifests(i);
}

void StackParser::parseInstances(const YAML::Node& n) {
  r_.forEachNamed(n, "instances", [&](const std::string& name, const YAML::Node& key, const YAML::Node& v) {
    std::string what = fmt::format("instance '{}'", name);
    if (!r_.isMap(v, what)) return;
    r_.checkKeys(v, what, {"id", "type", "subnet", "ip", "public_ip", "elastic_ip", "sgs", "iam_role", "os",
                           "user_data", "compose", "env_files", "app_configs", "tags", "metadata", "volumes",
                           "state", "root_volume"});
    r_.requireKeys(v, what, {"type", "subnet"});
    Instance i;
    i.name = name;
    i.loc = r_.loc(key);
    if (auto s = r_.str(v, "subnet", what)) {
      i.subnet = *s;
      ref("subnet", *s, r_.loc(YamlReader::get(v, "subnet")));
    }
    // public_ip: true/false, or the address itself (an imported instance).
    if (YAML::Node p = YamlReader::get(v, "public_ip"); p.IsDefined()) {
      if (p.IsScalar() && parseIpv4(p.Scalar())) {
        i.public_ip = true;
        i.public_ip_address = parseIpv4(p.Scalar());
      } else {
        i.public_ip = r_.toBool(p, what + " 'public_ip'").value_or(false);
      }
    }
    if (YAML::Node e = YamlReader::get(v, "elastic_ip"); e.IsDefined()) {
      if (e.IsScalar() && parseIpv4(e.Scalar())) {
        i.elastic_ip = true;
        i.public_ip_address = parseIpv4(e.Scalar());
      } else {
        i.elastic_ip = r_.toBool(e, what + " 'elastic_ip'").value_or(false);
      }
      if (i.elastic_ip) i.public_ip = true;
    }
    if (auto st = r_.str(v, "state", what)) i.running = *st == "running";
    parseInstanceSpec(v, what, i);
    s_.instances.add(std::move(i));
  });
}

void StackParser::parseLaunchTemplates(const YAML::Node& n) {
  r_.forEachNamed(n, "launch_templates", [&](const std::string& name, const YAML::Node& key, const YAML::Node& v) {
    std::string what = fmt::format("launch template '{}'", name);
    if (!r_.isMap(v, what)) return;
    r_.checkKeys(v, what, {"id", "type", "ip", "public_ip", "sgs", "iam_role", "os", "user_data", "compose",
                           "env_files", "app_configs", "tags", "metadata", "volumes", "root_volume"});
    r_.requireKeys(v, what, {"type"});
    LaunchTemplate lt;
    lt.name = name;
    lt.loc = r_.loc(key);
    lt.spec.name = name;
    lt.spec.loc = lt.loc;
    if (YAML::Node p = YamlReader::get(v, "public_ip"); p.IsDefined()) lt.public_ip = r_.toBool(p, what + " 'public_ip'");
    parseInstanceSpec(v, what, lt.spec);
    lt.id = lt.spec.id;
    lt.spec.id.clear();
    s_.launch_templates.add(std::move(lt));
  });
}

void StackParser::parseAutoScalingGroups(const YAML::Node& n) {
  r_.forEachNamed(n, "auto_scaling_groups", [&](const std::string& name, const YAML::Node& key, const YAML::Node& v) {
    std::string what = fmt::format("auto scaling group '{}'", name);
    if (!r_.isMap(v, what)) return;
    r_.checkKeys(v, what, {"id", "launch_template", "subnets", "desired", "min", "max", "target_groups"});
    r_.requireKeys(v, what, {"launch_template", "subnets"});
    AutoScalingGroup g;
    g.name = name;
    g.loc = r_.loc(key);
    g.id = r_.str(v, "id", what).value_or("");
    if (auto lt = r_.str(v, "launch_template", what)) {
      g.launch_template = *lt;
      ref("launch_template", *lt, r_.loc(YamlReader::get(v, "launch_template")));
    }
    g.subnets = r_.strList(v, "subnets", what);
    for (const auto& sn : g.subnets) ref("subnet", sn, r_.loc(YamlReader::get(v, "subnets")));
    g.target_groups = r_.strList(v, "target_groups", what);
    for (const auto& tg : g.target_groups) ref("target_group", tg, r_.loc(YamlReader::get(v, "target_groups")));
    // Amazon EC2 Auto Scaling quotas: at most 10,000 instances per group is
    // far beyond what a stack file describes; 1000 keeps a typo bounded.
    auto desired = r_.integer(v, "desired", what, 0, 1000);
    auto mn = r_.integer(v, "min", what, 0, 1000);
    auto mx = r_.integer(v, "max", what, 0, 1000);
    // Unset sizes follow the others: a group of `desired` that neither
    // grows nor shrinks.
    g.desired = static_cast<int>(desired.value_or(mn.value_or(1)));
    g.min = static_cast<int>(mn.value_or(g.desired));
    g.max = static_cast<int>(mx.value_or(std::max(g.desired, g.min)));
    s_.auto_scaling_groups.add(std::move(g));
  });
}

void StackParser::parseEnis(const YAML::Node& n) {
  r_.forEachNamed(n, "enis", [&](const std::string& name, const YAML::Node& key, const YAML::Node& v) {
    std::string what = fmt::format("eni '{}'", name);
    if (!r_.isMap(v, what)) return;
    r_.checkKeys(v, what, {"id", "subnet", "ip", "secondary_ips", "public_ip", "sgs", "instance",
                           "source_dest_check", "description"});
    r_.requireKeys(v, what, {"subnet"});
    Eni e;
    e.name = name;
    e.loc = r_.loc(key);
    e.id = r_.str(v, "id", what).value_or("");
    if (auto s = r_.str(v, "subnet", what)) {
      e.subnet = *s;
      ref("subnet", *s, r_.loc(YamlReader::get(v, "subnet")));
    }
    if (YAML::Node ip = YamlReader::get(v, "ip"); ip.IsDefined()) {
      e.private_ip = ipv4(ip, what + " ip");
      e.private_ip_loc = r_.loc(ip);
    }
    for (const auto& s : r_.strList(v, "secondary_ips", what))
      if (auto ip = parseIpv4(s)) e.secondary_ips.push_back(*ip);
      else r_.error(YamlReader::get(v, "secondary_ips"), fmt::format("{} secondary ip '{}' is not an IPv4 address", what, s));
    if (YAML::Node p = YamlReader::get(v, "public_ip"); p.IsDefined()) {
      if (p.IsScalar() && parseIpv4(p.Scalar())) {
        e.public_ip = true;
        e.public_ip_address = parseIpv4(p.Scalar());
      } else {
        e.public_ip = r_.toBool(p, what + " 'public_ip'").value_or(false);
      }
    }
    e.sgs = r_.strList(v, "sgs", what);
    for (const auto& sg : e.sgs) ref("security_group", sg, r_.loc(YamlReader::get(v, "sgs")));
    if (auto inst = r_.str(v, "instance", what)) {
      e.instance = *inst;
      ref("instance", *inst, r_.loc(YamlReader::get(v, "instance")));
    }
    e.source_dest_check = r_.boolean(v, "source_dest_check", what).value_or(true);
    e.description = r_.str(v, "description", what).value_or("");
    s_.enis.add(std::move(e));
  });
}

void StackParser::parseVolumes(const YAML::Node& n) {
  r_.forEachNamed(n, "volumes", [&](const std::string& name, const YAML::Node& key, const YAML::Node& v) {
    std::string what = fmt::format("volume '{}'", name);
    if (!r_.isMap(v, what)) return;
    r_.checkKeys(v, what, {"id", "az", "size", "type", "mount"});
    r_.requireKeys(v, what, {"az", "size"});
    EbsVolume vol;
    vol.name = name;
    vol.loc = r_.loc(key);
    vol.id = r_.str(v, "id", what).value_or("");
    if (YAML::Node az = YamlReader::get(v, "az"); az.IsDefined()) vol.az = zoneName(az, what + " az");
    // gp2/gp3 volumes are 1 GiB to 16 TiB.
    vol.size_gb = static_cast<int>(r_.integer(v, "size", what, 1, 16384).value_or(8));
    if (auto t = r_.str(v, "type", what)) {
      static const std::vector<std::string> types = {"gp2", "gp3", "io1", "io2", "st1", "sc1", "standard"};
      if (std::find(types.begin(), types.end(), *t) == types.end())
        r_.error(YamlReader::get(v, "type"), fmt::format("{} type '{}' is not an EBS volume type{}", what, *t,
                                                         didYouMean(*t, types)));
      vol.type = *t;
    }
    vol.mount = r_.str(v, "mount", what).value_or("");
    s_.volumes.add(std::move(vol));
  });
}

void StackParser::parseTargetGroups(const YAML::Node& n) {
  r_.forEachNamed(n, "target_groups", [&](const std::string& name, const YAML::Node& key, const YAML::Node& v) {
    std::string what = fmt::format("target group '{}'", name);
    if (!r_.isMap(v, what)) return;
    r_.checkKeys(v, what, {"id", "vpc", "protocol", "port", "target_type", "targets", "health_check_port"});
    TargetGroup tg;
    tg.name = name;
    tg.loc = r_.loc(key);
    tg.id = r_.str(v, "id", what).value_or("");
    tg.vpc = vpcOf(v, what);
    tg.protocol = r_.str(v, "protocol", what).value_or("HTTP");
    tg.port = static_cast<int>(r_.integer(v, "port", what, 1, 65535).value_or(80));
    tg.target_type = r_.str(v, "target_type", what).value_or("instance");
    if (tg.target_type != "instance" && tg.target_type != "ip")
      r_.error(YamlReader::get(v, "target_type"), fmt::format("{} target_type must be instance or ip", what));
    if (auto p = r_.integer(v, "health_check_port", what, 1, 65535)) tg.health_check_port = static_cast<int>(*p);
    YAML::Node targets = YamlReader::get(v, "targets");
    if (targets.IsDefined() && r_.isSeq(targets, what + " targets"))
      for (const auto& t : targets) {
        Target target;
        target.loc = r_.loc(t);
        if (t.IsScalar()) {
          if (auto ip = parseIpv4(t.Scalar())) target.ip = ip;
          else {
            target.name = t.Scalar();
            ref("instance", target.name, target.loc);
          }
        } else if (r_.isMap(t, what + " target")) {
          r_.checkKeys(t, what + " target", {"instance", "ip", "port"});
          if (auto inst = r_.str(t, "instance", what + " target")) {
            target.name = *inst;
            ref("instance", *inst, r_.loc(YamlReader::get(t, "instance")));
          }
          if (YAML::Node ip = YamlReader::get(t, "ip"); ip.IsDefined()) target.ip = ipv4(ip, what + " target ip");
          if (auto p = r_.integer(t, "port", what + " target", 1, 65535)) target.port = static_cast<int>(*p);
        }
        tg.targets.push_back(target);
      }
    s_.target_groups.add(std::move(tg));
  });
}

void StackParser::parseLoadBalancers(const YAML::Node& n) {
  r_.forEachNamed(n, "load_balancers", [&](const std::string& name, const YAML::Node& key, const YAML::Node& v) {
    std::string what = fmt::format("load balancer '{}'", name);
    if (!r_.isMap(v, what)) return;
    r_.checkKeys(v, what, {"id", "type", "scheme", "subnets", "sgs", "listeners", "addresses"});
    r_.requireKeys(v, what, {"subnets"});
    LoadBalancer lb;
    lb.name = name;
    lb.loc = r_.loc(key);
    lb.id = r_.str(v, "id", what).value_or("");
    lb.type = r_.str(v, "type", what).value_or("application");
    if (lb.type != "application" && lb.type != "network")
      r_.error(YamlReader::get(v, "type"), fmt::format("{} type must be application or network, got '{}'", what, lb.type));
    auto scheme = r_.str(v, "scheme", what).value_or("internet-facing");
    if (scheme != "internet-facing" && scheme != "internal")
      r_.error(YamlReader::get(v, "scheme"), fmt::format("{} scheme must be internet-facing or internal", what));
    lb.internet_facing = scheme == "internet-facing";
    lb.subnets = r_.strList(v, "subnets", what);
    for (const auto& s : lb.subnets) ref("subnet", s, r_.loc(YamlReader::get(v, "subnets")));
    lb.sgs = r_.strList(v, "sgs", what);
    for (const auto& sg : lb.sgs) ref("security_group", sg, r_.loc(YamlReader::get(v, "sgs")));
    lb.addresses = addressesBySubnet(v, what);
    YAML::Node listeners = YamlReader::get(v, "listeners");
    if (listeners.IsDefined() && r_.isSeq(listeners, what + " listeners"))
      for (const auto& l : listeners) {
        std::string lwhat = what + " listener";
        if (!r_.isMap(l, lwhat)) continue;
        // No target_group: the listener answers itself (a fixed response
        // or a redirect).
        r_.checkKeys(l, lwhat, {"port", "protocol", "target_group"});
        r_.requireKeys(l, lwhat, {"port"});
        Listener li;
        li.loc = r_.loc(l);
        li.port = static_cast<int>(r_.integer(l, "port", lwhat, 1, 65535).value_or(0));
        li.protocol = r_.str(l, "protocol", lwhat).value_or(lb.type == "application" ? "HTTP" : "TCP");
        if (auto tg = r_.str(l, "target_group", lwhat)) {
          li.target_group = *tg;
          ref("target_group", *tg, r_.loc(YamlReader::get(l, "target_group")));
        }
        lb.listeners.push_back(li);
      }
    s_.load_balancers.add(std::move(lb));
  });
}

void StackParser::parseHostedZones(const YAML::Node& n) {
  r_.forEachNamed(n, "hosted_zones", [&](const std::string& name, const YAML::Node& key, const YAML::Node& v) {
    std::string what = fmt::format("hosted zone '{}'", name);
    if (!r_.isMap(v, what)) return;
    r_.checkKeys(v, what, {"id", "private", "vpcs", "records"});
    HostedZone z;
    z.name = name;
    z.loc = r_.loc(key);
    z.id = r_.str(v, "id", what).value_or("");
    z.is_private = r_.boolean(v, "private", what).value_or(true);
    z.vpcs = r_.strList(v, "vpcs", what);
    for (const auto& vpc : z.vpcs) ref("vpc", vpc, r_.loc(YamlReader::get(v, "vpcs")));
    if (z.is_private && z.vpcs.empty() && s_.vpcs.size() == 1) z.vpcs.push_back(s_.vpcs[0].name);
    YAML::Node records = YamlReader::get(v, "records");
    if (records.IsDefined() && r_.isSeq(records, what + " records"))
      for (const auto& rec : records) {
        std::string rwhat = what + " record";
        if (!r_.isMap(rec, rwhat)) continue;
        r_.checkKeys(rec, rwhat, {"name", "type", "value", "values", "ttl"});
        r_.requireKeys(rec, rwhat, {"name"});
        DnsRecord d;
        d.loc = r_.loc(rec);
        std::string rn = r_.str(rec, "name", rwhat).value_or("");
        if (!rn.empty() && rn.back() == '.') rn.pop_back();
        // Relative names live in the zone: "redis" -> "redis.messages.com".
        bool qualified = rn == name || (rn.size() > name.size() && rn.compare(rn.size() - name.size() - 1, std::string::npos, "." + name) == 0);
        d.name = qualified ? rn : rn + "." + name;
        d.type = r_.str(rec, "type", rwhat).value_or("A");
        static const std::vector<std::string> types = {"A", "AAAA", "CNAME", "TXT", "MX", "SRV", "NS", "SOA", "PTR", "CAA"};
        if (std::find(types.begin(), types.end(), d.type) == types.end())
          r_.error(YamlReader::get(rec, "type"), fmt::format("{} type '{}' is not a DNS record type", rwhat, d.type));
        if (YAML::Node val = YamlReader::get(rec, "value"); val.IsDefined())
          d.values = r_.toStrList(val, rwhat + " value");
        for (const auto& x : r_.strList(rec, "values", rwhat)) d.values.push_back(x);
        if (d.values.empty()) r_.error(rec, fmt::format("{} '{}' has no value", rwhat, d.name));
        if (d.type == "A")
          for (const auto& x : d.values)
            if (!parseIpv4(x)) r_.error(rec, fmt::format("{} '{}': A record value '{}' is not an IPv4 address", rwhat, d.name, x));
        d.ttl = static_cast<int>(r_.integer(rec, "ttl", rwhat, 0, 2147483647).value_or(300));
        z.records.push_back(d);
      }
    s_.hosted_zones.add(std::move(z));
  });
}

void StackParser::parseNamespaces(const YAML::Node& n) {
  r_.forEachNamed(n, "namespaces", [&](const std::string& name, const YAML::Node& key, const YAML::Node& v) {
    std::string what = fmt::format("namespace '{}'", name);
    CloudMapNamespace ns;
    ns.name = name;
    ns.loc = r_.loc(key);
    if (v.IsDefined() && !v.IsNull()) {
      if (!r_.isMap(v, what)) return;
      r_.checkKeys(v, what, {"type", "vpc", "services"});
      ns.type = r_.str(v, "type", what).value_or("dns_private");
      if (ns.type != "http" && ns.type != "dns_private" && ns.type != "dns_public")
        r_.error(YamlReader::get(v, "type"), fmt::format("{} type must be http, dns_private or dns_public", what));
      if (ns.type == "dns_private") ns.vpc = vpcOf(v, what);
      r_.forEachNamed(YamlReader::get(v, "services"), what + " services",
                      [&](const std::string& sname, const YAML::Node& skey, const YAML::Node& sv) {
        std::string swhat = fmt::format("{} service '{}'", what, sname);
        CloudMapService svc;
        svc.name = sname;
        svc.loc = r_.loc(skey);
        if (sv.IsDefined() && !sv.IsNull() && r_.isMap(sv, swhat)) {
          r_.checkKeys(sv, swhat, {"instances"});
          YAML::Node insts = YamlReader::get(sv, "instances");
          if (insts.IsDefined() && r_.isSeq(insts, swhat + " instances"))
            for (const auto& in : insts) {
              CloudMapInstance ci;
              ci.loc = r_.loc(in);
              if (in.IsScalar()) {
                if (auto ip = parseIpv4(in.Scalar())) ci.ip = ip;
                else {
                  ci.target = in.Scalar();
                  ref("instance", ci.target, ci.loc);
                }
              } else if (r_.isMap(in, swhat + " instance")) {
                r_.checkKeys(in, swhat + " instance", {"instance", "ip", "port"});
                if (auto t = r_.str(in, "instance", swhat)) {
                  ci.target = *t;
                  ref("instance", *t, r_.loc(YamlReader::get(in, "instance")));
                }
                if (YAML::Node ip = YamlReader::get(in, "ip"); ip.IsDefined()) ci.ip = ipv4(ip, swhat + " ip");
                if (auto p = r_.integer(in, "port", swhat, 1, 65535)) ci.port = static_cast<int>(*p);
              }
              svc.instances.push_back(ci);
            }
        }
        ns.services.push_back(svc);
      });
    } else if (s_.vpcs.size() == 1) {
      ns.vpc = s_.vpcs[0].name;
    }
    s_.namespaces.add(std::move(ns));
  });
}

void StackParser::parsePeerings(const YAML::Node& n) {
  r_.forEachNamed(n, "peerings", [&](const std::string& name, const YAML::Node& key, const YAML::Node& v) {
    std::string what = fmt::format("peering '{}'", name);
    if (!r_.isMap(v, what)) return;
    r_.checkKeys(v, what, {"id", "requester", "accepter", "active"});
    r_.requireKeys(v, what, {"requester", "accepter"});
    VpcPeering p;
    p.name = name;
    p.loc = r_.loc(key);
    p.id = r_.str(v, "id", what).value_or("");
    for (auto [k, dst] : {std::pair{"requester", &p.requester}, std::pair{"accepter", &p.accepter}})
      if (auto vpc = r_.str(v, k, what)) {
        *dst = *vpc;
        ref("vpc", *vpc, r_.loc(YamlReader::get(v, k)));
      }
    p.active = r_.boolean(v, "active", what).value_or(true);
    s_.peerings.add(std::move(p));
  });
}

void StackParser::parseTransitGateways(const YAML::Node& n) {
  r_.forEachNamed(n, "transit_gateways", [&](const std::string& name, const YAML::Node& key, const YAML::Node& v) {
    std::string what = fmt::format("transit gateway '{}'", name);
    if (!r_.isMap(v, what)) return;
    r_.checkKeys(v, what, {"id", "attachments", "route_tables"});
    TransitGateway tgw;
    tgw.name = name;
    tgw.loc = r_.loc(key);
    tgw.id = r_.str(v, "id", what).value_or("");
    r_.forEachNamed(YamlReader::get(v, "attachments"), what + " attachments",
                    [&](const std::string& an, const YAML::Node& ak, const YAML::Node& av) {
      std::string awhat = fmt::format("{} attachment '{}'", what, an);
      if (!r_.isMap(av, awhat)) return;
      r_.checkKeys(av, awhat, {"vpc", "subnets", "route_table"});
      r_.requireKeys(av, awhat, {"vpc", "subnets"});
      TgwAttachment a;
      a.name = an;
      a.loc = r_.loc(ak);
      if (auto vpc = r_.str(av, "vpc", awhat)) {
        a.vpc = *vpc;
        ref("vpc", *vpc, r_.loc(YamlReader::get(av, "vpc")));
      }
      a.subnets = r_.strList(av, "subnets", awhat);
      for (const auto& s : a.subnets) ref("subnet", s, r_.loc(YamlReader::get(av, "subnets")));
      a.route_table = r_.str(av, "route_table", awhat).value_or("");
      tgw.attachments.push_back(a);
    });
    r_.forEachNamed(YamlReader::get(v, "route_tables"), what + " route_tables",
                    [&](const std::string& rn, const YAML::Node& rk, const YAML::Node& rv) {
      std::string rwhat = fmt::format("{} route table '{}'", what, rn);
      TgwRouteTable rt;
      rt.name = rn;
      rt.loc = r_.loc(rk);
      if (rv.IsDefined() && !rv.IsNull() && r_.isMap(rv, rwhat)) {
        r_.checkKeys(rv, rwhat, {"routes", "propagations"});
        YAML::Node routes2 = YamlReader::get(rv, "routes");
        if (routes2.IsDefined() && r_.isSeq(routes2, rwhat + " routes"))
          for (const auto& ro : routes2) {
            if (!r_.isMap(ro, rwhat + " route")) continue;
            r_.checkKeys(ro, rwhat + " route", {"to", "attachment", "blackhole"});
            TgwRoute tr;
            tr.loc = r_.loc(ro);
            auto c = cidr(YamlReader::get(ro, "to"), rwhat + " route 'to'");
            if (!c) continue;
            tr.cidr = *c;
            tr.attachment = r_.str(ro, "attachment", rwhat + " route").value_or("");
            bool bh = r_.boolean(ro, "blackhole", rwhat + " route").value_or(false);
            if (tr.attachment.empty() != bh)
              r_.error(ro, fmt::format("{} route needs exactly one of 'attachment' or 'blackhole: true'", rwhat));
            rt.routes.push_back(tr);
          }
        rt.propagations = r_.strList(rv, "propagations", rwhat);
      }
      tgw.route_tables.push_back(rt);
    });
    s_.transit_gateways.add(std::move(tgw));
  });
}

void StackParser::parseExpectations(const YAML::Node& n) {
  if (!n.IsDefined() || !r_.isSeq(n, "expect")) return;
  // "FROM -> TO[:PORT][/PROTO] reachable|unreachable"
  static const RE2 re(R"(\s*(\S+)\s*->\s*(\S+)\s+(reachable|unreachable)\s*)");
  for (const auto& e : n) {
    Expectation x;
    x.loc = r_.loc(e);
    if (e.IsScalar()) {
      x.text = e.Scalar();
      std::string to, verdict, why;
      if (!RE2::FullMatch(x.text, re, &x.from, &to, &verdict)) {
        r_.error(e, fmt::format("expectation '{}' must read 'FROM -> TO[:PORT][/PROTO] reachable|unreachable'", x.text));
        continue;
      }
      auto t = parseFlowTarget(to, &why);
      if (!t) {
        r_.error(e, fmt::format("expectation '{}': {}", x.text, why));
        continue;
      }
      x.to = t->name;
      x.port = t->port;
      if (t->protocol) x.protocol = *t->protocol;
      x.reachable = verdict == "reachable";
    } else if (r_.isMap(e, "expectation")) {
      r_.checkKeys(e, "expectation", {"from", "to", "port", "protocol", "reachable"});
      if (!r_.requireKeys(e, "expectation", {"from", "to", "reachable"})) continue;
      x.from = r_.str(e, "from", "expectation").value_or("");
      x.to = r_.str(e, "to", "expectation").value_or("");
      if (auto p = r_.integer(e, "port", "expectation", 0, 65535)) x.port = static_cast<int>(*p);
      if (auto pr = r_.str(e, "protocol", "expectation")) {
        if (auto p = parseProtocol(*pr)) x.protocol = *p;
        else r_.error(YamlReader::get(e, "protocol"), fmt::format("expectation: unknown protocol '{}'", *pr));
      }
      x.reachable = r_.boolean(e, "reachable", "expectation").value_or(true);
      x.text = fmt::format("{} -> {}{}/{} {}", x.from, x.to, x.port ? ":" + std::to_string(*x.port) : "",
                           protocolName(x.protocol), x.reachable ? "reachable" : "unreachable");
    } else {
      continue;
    }
    s_.expectations.push_back(x);
  }
}

}  // namespace awssim::load
