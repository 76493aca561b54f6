// stack.yaml: top level and the network sections (VPCs, subnets, routes,
// NACLs, security groups, prefix lists, gateways, endpoints).
#include <fmt/format.h>


#include "model/aws_ranges.h"
#include "model/load/stack_parser.h"

namespace awssim::load {

const std::vector<std::string> kStackKeys = {
    "region", "free_tier", "vpc", "vpcs", "subnets", "route_tables", "nacls", "security_groups",
    "prefix_lists", "internet_gateways", "nat_gateways", "endpoints", "instance_connect_endpoints",
    "instances", "launch_templates", "auto_scaling_groups", "enis", "volumes", "load_balancers", "target_groups", "hosted_zones", "namespaces",
    "ecs_clusters", "ecs_services", "peerings", "transit_gateways", "vpn_gateways", "vpn_connections", "expect", "usage", "budget", "suppress", "scopes", "cloudformation", "terraform"};

void StackParser::parse(const YAML::Node& root) {
  if (!root.IsMap()) {
    r_.error(root, root.IsNull() ? std::string("the stack file is empty: it needs at least a region and a vpc")
                                 : fmt::format("a stack file must be a mapping of sections, got {}", nodeKindName(root)));
    return;
  }
  r_.checkKeys(root, "stack", kStackKeys);
  if (auto region = r_.str(root, "region", "stack")) {
    if (!isKnownRegion(*region))
      r_.error(YamlReader::get(root, "region"),
               fmt::format("unknown region '{}'{}", *region, didYouMean(*region, knownRegions())));
    else
      s_.region = *region;
  } else {
    r_.error(root, "stack: missing required key 'region'");
  }
  if (auto ft = r_.str(root, "free_tier", "stack")) {
    if (*ft == "legacy") s_.free_tier = FreeTierPlan::Legacy;
    else if (*ft == "credits") s_.free_tier = FreeTierPlan::Credits;
    else if (*ft == "none") s_.free_tier = FreeTierPlan::None;
    else r_.error(YamlReader::get(root, "free_tier"),
                  fmt::format("free_tier must be legacy, credits or none; got '{}'", *ft));
  }
  addManagedPrefixLists(s_);
  parseVpcs(root);
  parsePrefixLists(YamlReader::get(root, "prefix_lists"));
  parseSubnets(YamlReader::get(root, "subnets"));
  parseRouteTables(YamlReader::get(root, "route_tables"));
  parseNacls(YamlReader::get(root, "nacls"));
  parseSecurityGroups(YamlReader::get(root, "security_groups"));
  parseGateways(root);
  parseEndpoints(YamlReader::get(root, "endpoints"));
  parseVolumes(YamlReader::get(root, "volumes"));
  parseInstances(YamlReader::get(root, "instances"));
  parseLaunchTemplates(YamlReader::get(root, "launch_templates"));
  parseAutoScalingGroups(YamlReader::get(root, "auto_scaling_groups"));
  parseEnis(YamlReader::get(root, "enis"));
  parseTargetGroups(YamlReader::get(root, "target_groups"));
  parseLoadBalancers(YamlReader::get(root, "load_balancers"));
  parseHostedZones(YamlReader::get(root, "hosted_zones"));
  parseNamespaces(YamlReader::get(root, "namespaces"));
  parseEcsClusters(YamlReader::get(root, "ecs_clusters"));
  parseEcsServices(YamlReader::get(root, "ecs_services"));
  parsePeerings(YamlReader::get(root, "peerings"));
  parseTransitGateways(YamlReader::get(root, "transit_gateways"));
  parseExpectations(YamlReader::get(root, "expect"));
  parseUsage(YamlReader::get(root, "usage"));
  parseSuppressions(YamlReader::get(root, "suppress"));
  parseScopes(YamlReader::get(root, "scopes"));
  if (YAML::Node b = YamlReader::get(root, "budget"); b.IsDefined()) s_.budget = r_.toNumber(b, "budget", 0, 1e9);
  parseCloudFormation(YamlReader::get(root, "cloudformation"));
  parseTerraform(YamlReader::get(root, "terraform"));
}

// ---- helpers ---------------------------------------------------------------

std::string StackParser::vpcOf(const YAML::Node& n, const std::string& what) {
  if (auto v = r_.str(n, "vpc", what)) {
    ref("vpc", *v, r_.loc(YamlReader::get(n, "vpc")));
    return *v;
  }
  if (s_.vpcs.size() == 1) return s_.vpcs[0].name;
  if (s_.vpcs.size() > 1)
    r_.error(n, fmt::format("{}: missing key 'vpc' (the stack has several VPCs: {})", what,
                            joinNames(s_.vpcs.names())));
  return "";
}

std::string StackParser::zoneName(const YAML::Node& n, const std::string& what) {
  auto z = r_.toStr(n, what);
  if (!z) return "";
  if (z->size() == 1 && (*z)[0] >= 'a' && (*z)[0] <= 'z') return s_.region + *z;
  if (z->size() == s_.region.size() + 1 && z->compare(0, s_.region.size(), s_.region) == 0) return *z;
  r_.error(n, fmt::format("{} '{}' is not an availability zone of {} (write a letter such as 'a', or '{}a')",
                          what, *z, s_.region, s_.region));
  return "";
}

std::optional<Cidr> StackParser::cidr(const YAML::Node& n, const std::string& what) {
  auto text = r_.toStr(n, what);
  if (!text) return std::nullopt;
  CidrError err;
  auto c = parseCidr(*text, &err);
  if (err == CidrError::Syntax) {
    r_.error(n, fmt::format("{} '{}' is not a valid IPv4 CIDR block", what, *text));
    return std::nullopt;
  }
  if (err == CidrError::HostBits) {
    r_.error(n, fmt::format("{} '{}' has host bits set; did you mean '{}'?", what, *text, c->str()));
    return std::nullopt;
  }
  return c;
}

std::optional<Ipv4> StackParser::ipv4(const YAML::Node& n, const std::string& what) {
  auto text = r_.toStr(n, what);
  if (!text) return std::nullopt;
  auto ip = parseIpv4(*text);
  if (!ip) r_.error(n, fmt::format("{} '{}' is not a valid IPv4 address", what, *text));
  return ip;
}

std::map<std::string, Ipv4> StackParser::addressesBySubnet(const YAML::Node& v, const std::string& what) {
  std::map<std::string, Ipv4> out;
  r_.forEachNamed(YamlReader::get(v, "addresses"), what + " addresses",
                  [&](const std::string& subnet, const YAML::Node& key, const YAML::Node& ip) {
    ref("subnet", subnet, r_.loc(key));
    if (auto a = ipv4(ip, fmt::format("{} address in '{}'", what, subnet))) out[subnet] = *a;
  });
  return out;
}

bool StackParser::insideStackFolder(const std::string& path) const {
  // Resolve links too, so that a link inside the folder cannot lead out of it.
  std::string root = files_.realPath(s_.dir.empty() ? "." : s_.dir);
  std::string real = files_.realPath(path);
  if (real.empty()) return false;
  if (root == "." || root.empty()) return real != ".." && real.rfind("../", 0) != 0 && real[0] != '/';
  return real.size() > root.size() && real.compare(0, root.size(), root) == 0 &&
         (real[root.size()] == '/' || root.back() == '/');
}

std::string StackParser::manifest(const YAML::Node& n, const std::string& what, bool folderOk) {
  auto rel = r_.toStr(n, what);
  if (!rel) return "";
  if (rel->empty() || (*rel)[0] == '/') {
    r_.error(n, fmt::format("{} '{}' must be a path relative to the stack's folder", what, *rel));
    return "";
  }
  std::string path = joinPath(s_.dir, *rel);
  if (!insideStackFolder(path)) {
    r_.error(n, fmt::format("{} '{}' points outside the stack's folder; manifests must live beside the stack", what,
                            *rel));
    return "";
  }
  if (folderOk && files_.isDirectory(path)) return path;
  if (!files_.read(path)) {
    r_.error(n, fmt::format("{} '{}' does not exist (looked for {})", what, *rel, path));
    return "";
  }
  return path;
}

void StackParser::ref(const char* kind, const std::string& name, const Location& loc) {
  s_.ref_sites.push_back({kind, name, loc});
}

// ---- VPCs ------------------------------------------------------------------

void StackParser::parseVpcs(const YAML::Node& root) {
  YAML::Node one = YamlReader::get(root, "vpc");
  YAML::Node many = YamlReader::get(root, "vpcs");
  if (one.IsDefined() && many.IsDefined()) {
    r_.error(one, "stack: give either 'vpc' (one VPC) or 'vpcs' (several), not both");
  }
  if (one.IsDefined() && r_.isMap(one, "vpc")) {
    auto name = r_.str(one, "name", "vpc").value_or("main");
    parseVpc(name, one, one);
  }
  r_.forEachNamed(many, "vpcs", [&](const std::string& name, const YAML::Node& key, const YAML::Node& n) {
    parseVpc(name, key, n);
  });
  if (!one.IsDefined() && !many.IsDefined() && !YamlReader::get(root, "cloudformation").IsDefined() &&
      !YamlReader::get(root, "terraform").IsDefined())
    r_.error(root, "stack: missing required key 'vpc' (or 'vpcs', or templates under 'cloudformation', or plans "
                   "under 'terraform')");
}

void StackParser::parseVpc(const std::string& name, const YAML::Node& key, const YAML::Node& n) {
  std::string what = fmt::format("vpc '{}'", name);
  if (!r_.isMap(n, what)) return;
  r_.checkKeys(n, what, {"name", "id", "cidr", "dns", "default"});
  r_.requireKeys(n, what, {"cidr"});
  Vpc v;
  v.name = name;
  v.is_default = r_.boolean(n, "default", what).value_or(false);
  v.loc = r_.loc(key);
  v.id = r_.str(n, "id", what).value_or("");
  YAML::Node c = YamlReader::get(n, "cidr");
  auto addCidr = [&](const YAML::Node& cn) {
    auto cidrv = cidr(cn, what + " cidr");
    if (!cidrv) return;
    // VPC and subnet prefixes must be /16 to /28 (AWS-FACTS 1).
    if (cidrv->len < 16 || cidrv->len > 28)
      r_.error(cn, fmt::format("{} cidr {} must have a netmask from /16 to /28", what, cidrv->str()));
    v.cidrs.push_back(*cidrv);
  };
  if (c.IsSequence()) for (const auto& cn : c) addCidr(cn);
  else if (c.IsDefined()) addCidr(c);
  YAML::Node dns = YamlReader::get(n, "dns");
  if (dns.IsDefined() && r_.isMap(dns, what + " dns")) {
    r_.checkKeys(dns, what + " dns", {"support", "hostnames"});
    v.dns_support = r_.boolean(dns, "support", what + " dns").value_or(true);
    v.dns_hostnames = r_.boolean(dns, "hostnames", what + " dns").value_or(false);
  }
  if (!s_.vpcs.add(std::move(v))) r_.error(key, fmt::format("vpc '{}' is defined twice", name));
}

void StackParser::parseSubnets(const YAML::Node& n) {
  r_.forEachNamed(n, "subnets", [&](const std::string& name, const YAML::Node& key, const YAML::Node& v) {
    std::string what = fmt::format("subnet '{}'", name);
    if (!r_.isMap(v, what)) return;
    r_.checkKeys(v, what, {"id", "vpc", "cidr", "az", "route_table", "nacl", "public_ip_on_launch"});
    r_.requireKeys(v, what, {"cidr", "az"});
    Subnet s;
    s.name = name;
    s.loc = r_.loc(key);
    s.id = r_.str(v, "id", what).value_or("");
    s.vpc = vpcOf(v, what);
    if (YAML::Node c = YamlReader::get(v, "cidr"); c.IsDefined()) {
      if (auto cv = cidr(c, what + " cidr")) {
        if (cv->len < 16 || cv->len > 28)
          r_.error(c, fmt::format("{} cidr {} must have a netmask from /16 to /28", what, cv->str()));
        s.cidr = *cv;
      }
    }
    if (YAML::Node az = YamlReader::get(v, "az"); az.IsDefined()) s.az = zoneName(az, what + " az");
    if (auto rt = r_.str(v, "route_table", what)) {
      s.route_table = *rt;
      ref("route_table", *rt, r_.loc(YamlReader::get(v, "route_table")));
    }
    if (auto nacl = r_.str(v, "nacl", what)) {
      s.nacl = *nacl;
      ref("nacl", *nacl, r_.loc(YamlReader::get(v, "nacl")));
    }
    s.map_public_ip = r_.boolean(v, "public_ip_on_launch", what).value_or(false);
    s_.subnets.add(std::move(s));
  });
}

// ---- routes ------------------------------------------------------------------

void StackParser::parseRouteTables(const YAML::Node& n) {
  r_.forEachNamed(n, "route_tables", [&](const std::string& name, const YAML::Node& key, const YAML::Node& v) {
    std::string what = fmt::format("route table '{}'", name);
    if (!r_.isMap(v, what)) return;
    r_.checkKeys(v, what, {"id", "vpc", "main", "routes", "propagate"});
    RouteTable rt;
    rt.name = name;
    rt.loc = r_.loc(key);
    rt.id = r_.str(v, "id", what).value_or("");
    rt.vpc = vpcOf(v, what);
    rt.main = r_.boolean(v, "main", what).value_or(false);
    rt.propagate = r_.strList(v, "propagate", what);
    for (const auto& g : rt.propagate) ref("vpn_gateway", g, r_.loc(YamlReader::get(v, "propagate")));
    s_.route_tables.add(std::move(rt));
    RouteTable& stored = *s_.route_tables.find(name);
    YAML::Node routes = YamlReader::get(v, "routes");
    if (routes.IsDefined() && r_.isSeq(routes, what + " routes"))
      for (const auto& route : routes) parseRoute(route, stored);
  });
}

void StackParser::parseRoute(const YAML::Node& n, RouteTable& rt) {
  std::string what = fmt::format("route in '{}'", rt.name);
  if (!r_.isMap(n, what)) return;
  r_.checkKeys(n, what, {"to", "via"});
  if (!r_.requireKeys(n, what, {"to", "via"})) return;
  Route route;
  route.loc = r_.loc(n);
  YAML::Node to = YamlReader::get(n, "to");
  auto dest = r_.toStr(to, what + " 'to'");
  if (!dest) return;
  if (dest->rfind("pl:", 0) == 0 || s_.prefix_lists.find(*dest)) {
    route.prefix_list = dest->rfind("pl:", 0) == 0 ? dest->substr(3) : *dest;
    ref("prefix_list", route.prefix_list, r_.loc(to));
  } else {
    route.cidr = cidr(to, what + " 'to'");
    if (!route.cidr) return;
  }
  auto via = r_.toStr(YamlReader::get(n, "via"), what + " 'via'");
  if (!via) return;
  route.via = *via;
  route.via_loc = r_.loc(YamlReader::get(n, "via"));
  route.target_pending = true;
  rt.routes.push_back(route);
}

// ---- rules -------------------------------------------------------------------

std::optional<Traffic> StackParser::parseTraffic(const YAML::Node& rule, const std::string& what) {
  static const std::vector<std::string> protoKeys = {"tcp", "udp", "icmp", "proto"};
  std::vector<std::string> given;
  for (const auto& k : protoKeys)
    if (YamlReader::get(rule, k.c_str()).IsDefined()) given.push_back(k);
  if (given.size() != 1) {
    r_.error(rule, fmt::format("{} needs exactly one of tcp, udp, icmp or proto (got {})", what,
                               given.empty() ? "none" : joinNames(given)));
    return std::nullopt;
  }
  Traffic t;
  const std::string& k = given[0];
  YAML::Node v = YamlReader::get(rule, k.c_str());
  auto text = r_.toStr(v, fmt::format("{} '{}'", what, k));
  if (!text) return std::nullopt;
  if (k == "tcp" || k == "udp") {
    t.protocol = k == "tcp" ? proto::kTcp : proto::kUdp;
    auto pr = parsePortRange(*text);
    if (!pr) {
      r_.error(v, fmt::format("{} '{}' must be a port (6379), a range (32768-65535) or 'all', got '{}'", what, k, *text));
      return std::nullopt;
    }
    t.ports = *pr;
  } else if (k == "icmp") {
    t.protocol = proto::kIcmp;
    if (*text != "all") {
      // "type" or "type/code", as EC2's FromPort/ToPort carry them.
      auto slash = text->find('/');
      auto type = parsePortRange(text->substr(0, slash));
      auto code = slash == std::string::npos ? std::optional<PortRange>(PortRange::all())
                                             : parsePortRange(text->substr(slash + 1));
      if (!type || !code || type->from != type->to || type->from > 255 || (code->from == code->to && code->from > 255)) {
        r_.error(v, fmt::format("{} icmp must be 'all', a type (8) or type/code (3/4), got '{}'", what, *text));
        return std::nullopt;
      }
      t.ports = *type;
      t.icmp_codes = *code;
    }
  } else {
    auto p = parseProtocol(*text);
    if (!p) {
      r_.error(v, fmt::format("{} proto must be a protocol name or number 0-255 or 'all', got '{}'", what, *text));
      return std::nullopt;
    }
    t.protocol = *p;
    if (auto ports = r_.str(rule, "ports", what)) {
      auto pr = parsePortRange(*ports);
      if (!pr) r_.error(YamlReader::get(rule, "ports"), fmt::format("{} ports '{}' is not a port or range", what, *ports));
      else if (!hasPorts(t.protocol))
        r_.error(YamlReader::get(rule, "ports"), fmt::format("{}: ports only apply to tcp and udp", what));
      else t.ports = *pr;
    }
  }
  return t;
}

void StackParser::parseNacls(const YAML::Node& n) {
  r_.forEachNamed(n, "nacls", [&](const std::string& name, const YAML::Node& key, const YAML::Node& v) {
    std::string what = fmt::format("nacl '{}'", name);
    if (!r_.isMap(v, what)) return;
    r_.checkKeys(v, what, {"id", "vpc", "ingress", "egress"});
    Nacl nacl;
    nacl.name = name;
    nacl.loc = r_.loc(key);
    nacl.id = r_.str(v, "id", what).value_or("");
    nacl.vpc = vpcOf(v, what);
    for (bool egress : {false, true}) {
      const char* dir = egress ? "egress" : "ingress";
      YAML::Node list = YamlReader::get(v, dir);
      if (!list.IsDefined() || !r_.isSeq(list, fmt::format("{} {}", what, dir))) continue;
      std::map<int, Location> numbers;
      for (const auto& e : list) {
        std::string ewhat = fmt::format("{} {} entry", what, dir);
        if (!r_.isMap(e, ewhat)) continue;
        r_.checkKeys(e, ewhat, {"rule", "action", "tcp", "udp", "icmp", "proto", "ports", "cidr"});
        if (!r_.requireKeys(e, ewhat, {"rule", "action", "cidr"})) continue;
        NaclEntry entry;
        entry.loc = r_.loc(e);
        // Rule numbers 1-32766 (32767 is the implicit final deny).
        auto num = r_.integer(e, "rule", ewhat, 1, 32766);
        auto action = r_.str(e, "action", ewhat);
        if (action && *action != "allow" && *action != "deny")
          r_.error(YamlReader::get(e, "action"), fmt::format("{} action must be allow or deny, got '{}'", ewhat, *action));
        auto traffic = parseTraffic(e, ewhat);
        auto c = cidr(YamlReader::get(e, "cidr"), ewhat + " cidr");
        if (!num || !action || !traffic || !c) continue;
        if (auto [it, fresh] = numbers.emplace(static_cast<int>(*num), entry.loc); !fresh) {
          r_.error(YamlReader::get(e, "rule"), fmt::format("{} rule number {} is already used at line {}", what,
                                                            *num, it->second.line));
          continue;
        }
        entry.number = static_cast<int>(*num);
        entry.allow = *action == "allow";
        entry.traffic = *traffic;
        entry.cidr = *c;
        (egress ? nacl.egress : nacl.ingress).push_back(entry);
      }
    }
    s_.nacls.add(std::move(nacl));
  });
}

void StackParser::parseSecurityGroups(const YAML::Node& n) {
  r_.forEachNamed(n, "security_groups", [&](const std::string& name, const YAML::Node& key, const YAML::Node& v) {
    std::string what = fmt::format("security group '{}'", name);
    if (v.IsDefined() && !v.IsNull() && !r_.isMap(v, what)) return;
    r_.checkKeys(v, what, {"id", "vpc", "description", "ingress", "egress"});
    SecurityGroup sg;
    sg.name = name;
    sg.loc = r_.loc(key);
    sg.id = r_.str(v, "id", what).value_or("");
    sg.vpc = vpcOf(v, what);
    sg.description = r_.str(v, "description", what).value_or("");
    parseSgRules(YamlReader::get(v, "ingress"), what + " ingress", false, name, sg.ingress);
    if (YamlReader::hasKey(v, "egress")) {
      parseSgRules(YamlReader::get(v, "egress"), what + " egress", true, name, sg.egress);
    } else {
      // A new security group allows all outbound traffic (AWS-FACTS 1.1);
      // `egress: []` says there is none.
      SgRule all;
      all.loc = sg.loc;
      all.cidr = Cidr{0, 0};
      all.description = "default egress";
      sg.egress.push_back(all);
    }
    s_.security_groups.add(std::move(sg));
  });
}

void StackParser::parseSgRules(const YAML::Node& n, const std::string& what, bool egress, const std::string& self,
                               std::vector<SgRule>& out) {
  if (!n.IsDefined() || !r_.isSeq(n, what)) return;
  const char* peerKey = egress ? "to" : "from";
  for (const auto& rule : n) {
    std::string rwhat = what + " rule";
    if (!r_.isMap(rule, rwhat)) continue;
    r_.checkKeys(rule, rwhat, {"tcp", "udp", "icmp", "proto", "ports", peerKey, "description"});
    if (!r_.requireKeys(rule, rwhat, {peerKey})) continue;
    auto traffic = parseTraffic(rule, rwhat);
    std::string desc = r_.str(rule, "description", rwhat).value_or("");
    YAML::Node peers = YamlReader::get(rule, peerKey);
    std::vector<YAML::Node> peerNodes;
    if (peers.IsSequence()) for (const auto& p : peers) peerNodes.push_back(p);
    else peerNodes.push_back(peers);
    for (const auto& pn : peerNodes) {
      auto peer = r_.toStr(pn, fmt::format("{} '{}'", rwhat, peerKey));
      if (!peer) continue;
      SgRule sr;
      sr.loc = r_.loc(rule);
      if (traffic) sr.traffic = *traffic;
      sr.description = desc;
      if (*peer == "self") {
        sr.kind = PeerKind::SecurityGroup;
        sr.ref = self;
      } else if (peer->rfind("sg:", 0) == 0) {
        sr.kind = PeerKind::SecurityGroup;
        sr.ref = peer->substr(3);
        ref("security_group", sr.ref, r_.loc(pn));
      } else if (peer->rfind("pl:", 0) == 0 || s_.prefix_lists.find(*peer)) {
        sr.kind = PeerKind::PrefixList;
        sr.ref = peer->rfind("pl:", 0) == 0 ? peer->substr(3) : *peer;
        ref("prefix_list", sr.ref, r_.loc(pn));
      } else if (peer->find('.') == std::string::npos && peer->find('/') == std::string::npos) {
        r_.error(pn, fmt::format("{} '{}' '{}' is not a CIDR; write 'sg:{}' for a security group or "
                                 "'pl:{}' for a prefix list", rwhat, peerKey, *peer, *peer, *peer));
        continue;
      } else {
        auto c = cidr(pn, fmt::format("{} '{}'", rwhat, peerKey));
        if (!c) continue;
        sr.cidr = *c;
      }
      if (traffic) out.push_back(std::move(sr));
    }
  }
}

void StackParser::parsePrefixLists(const YAML::Node& n) {
  r_.forEachNamed(n, "prefix_lists", [&](const std::string& name, const YAML::Node& key, const YAML::Node& v) {
    std::string what = fmt::format("prefix list '{}'", name);
    if (!r_.isMap(v, what)) return;
    r_.checkKeys(v, what, {"id", "cidrs"});
    r_.requireKeys(v, what, {"cidrs"});
    PrefixList pl;
    pl.name = name;
    pl.loc = r_.loc(key);
    pl.id = r_.str(v, "id", what).value_or("");
    YAML::Node cidrs = YamlReader::get(v, "cidrs");
    if (cidrs.IsDefined() && r_.isSeq(cidrs, what + " cidrs"))
      for (const auto& c : cidrs)
        if (auto cv = cidr(c, what + " cidr")) pl.cidrs.push_back(*cv);
    if (PrefixList* managed = s_.prefix_lists.find(name); managed && !managed->aws_service.empty()) {
      // Restating an AWS-managed list (as a describe snapshot does) replaces
      // its ID and CIDRs; it stays the service's list.
      if (pl.id.empty()) {
        r_.error(key, fmt::format("prefix list name '{}' is reserved for the AWS-managed list of {}; give its 'id' "
                                  "to restate its CIDRs", name, managed->id));
        return;
      }
      managed->id = pl.id;
      managed->loc = pl.loc;
      managed->cidrs = pl.cidrs;
      return;
    }
    s_.prefix_lists.add(std::move(pl));
  });
}

// ---- gateways and endpoints --------------------------------------------------

void StackParser::parseGateways(const YAML::Node& root) {
  // Internet and VPN gateways: attached to one VPC (the only one when not
  // named), or detached.
  auto attachable = [&](const char* section, const char* label, auto& table) {
    r_.forEachNamed(YamlReader::get(root, section), section,
                    [&](const std::string& name, const YAML::Node& key, const YAML::Node& v) {
      std::string what = fmt::format("{} '{}'", label, name);
      typename std::remove_reference_t<decltype(table)>::value_type g;
      g.name = name;
      g.loc = r_.loc(key);
      if (v.IsDefined() && !v.IsNull()) {
        if (!r_.isMap(v, what)) return;
        r_.checkKeys(v, what, {"id", "vpc", "attached"});
        g.id = r_.str(v, "id", what).value_or("");
        g.vpc = vpcOf(v, what);
        if (!r_.boolean(v, "attached", what).value_or(true)) g.vpc.clear();
      } else if (s_.vpcs.size() == 1) {
        g.vpc = s_.vpcs[0].name;
      }
      table.add(std::move(g));
    });
  };
  attachable("internet_gateways", "internet gateway", s_.internet_gateways);
  attachable("vpn_gateways", "vpn gateway", s_.vpn_gateways);
  r_.forEachNamed(YamlReader::get(root, "vpn_connections"), "vpn_connections",
                  [&](const std::string& name, const YAML::Node& key, const YAML::Node& v) {
    std::string what = fmt::format("vpn connection '{}'", name);
    if (!r_.isMap(v, what)) return;
    r_.checkKeys(v, what, {"id", "vpn_gateway", "on_premises"});
    r_.requireKeys(v, what, {"vpn_gateway"});
    VpnConnection c;
    c.name = name;
    c.loc = r_.loc(key);
    c.id = r_.str(v, "id", what).value_or("");
    if (auto g = r_.str(v, "vpn_gateway", what)) {
      c.vpn_gateway = *g;
      ref("vpn_gateway", *g, r_.loc(YamlReader::get(v, "vpn_gateway")));
    }
    YAML::Node prefixes = YamlReader::get(v, "on_premises");
    if (prefixes.IsDefined() && r_.isSeq(prefixes, what + " on_premises"))
      for (const auto& p : prefixes)
        if (auto cidrValue = cidr(p, what + " on_premises")) c.on_premises.push_back(*cidrValue);
    s_.vpn_connections.add(std::move(c));
  });
  r_.forEachNamed(YamlReader::get(root, "nat_gateways"), "nat_gateways",
                  [&](const std::string& name, const YAML::Node& key, const YAML::Node& v) {
    std::string what = fmt::format("nat gateway '{}'", name);
    if (!r_.isMap(v, what)) return;
    r_.checkKeys(v, what, {"id", "subnet", "connectivity", "ip", "public_ip"});
    r_.requireKeys(v, what, {"subnet"});
    NatGateway g;
    g.name = name;
    g.loc = r_.loc(key);
    g.id = r_.str(v, "id", what).value_or("");
    if (auto s = r_.str(v, "subnet", what)) {
      g.subnet = *s;
      ref("subnet", *s, r_.loc(YamlReader::get(v, "subnet")));
    }
    if (auto c = r_.str(v, "connectivity", what)) {
      if (*c != "public" && *c != "private")
        r_.error(YamlReader::get(v, "connectivity"), fmt::format("{} connectivity must be public or private", what));
      g.public_connectivity = *c == "public";
    }
    if (YAML::Node ip = YamlReader::get(v, "ip"); ip.IsDefined()) g.private_ip = ipv4(ip, what + " ip");
    if (YAML::Node ip = YamlReader::get(v, "public_ip"); ip.IsDefined()) g.public_ip_address = ipv4(ip, what + " public_ip");
    s_.nat_gateways.add(std::move(g));
  });
  r_.forEachNamed(YamlReader::get(root, "instance_connect_endpoints"), "instance_connect_endpoints",
                  [&](const std::string& name, const YAML::Node& key, const YAML::Node& v) {
    std::string what = fmt::format("instance connect endpoint '{}'", name);
    if (!r_.isMap(v, what)) return;
    r_.checkKeys(v, what, {"id", "subnet", "sgs", "preserve_client_ip"});
    r_.requireKeys(v, what, {"subnet"});
    InstanceConnectEndpoint e;
    e.name = name;
    e.loc = r_.loc(key);
    e.id = r_.str(v, "id", what).value_or("");
    if (auto s = r_.str(v, "subnet", what)) {
      e.subnet = *s;
      ref("subnet", *s, r_.loc(YamlReader::get(v, "subnet")));
    }
    e.sgs = r_.strList(v, "sgs", what);
    for (const auto& sg : e.sgs) ref("security_group", sg, r_.loc(YamlReader::get(v, "sgs")));
    e.preserve_client_ip = r_.boolean(v, "preserve_client_ip", what).value_or(false);
    s_.instance_connect_endpoints.add(std::move(e));
  });
}

void StackParser::parseEndpoints(const YAML::Node& n) {
  r_.forEachNamed(n, "endpoints", [&](const std::string& name, const YAML::Node& key, const YAML::Node& v) {
    std::string what = fmt::format("endpoint '{}'", name);
    if (!r_.isMap(v, what)) return;
    r_.checkKeys(v, what, {"id", "vpc", "service", "type", "route_tables", "subnets", "sgs", "private_dns",
                           "policy", "addresses"});
    r_.requireKeys(v, what, {"service"});
    VpcEndpoint e;
    e.name = name;
    e.loc = r_.loc(key);
    e.id = r_.str(v, "id", what).value_or("");
    e.vpc = vpcOf(v, what);
    if (auto svc = r_.str(v, "service", what)) {
      std::string shortName = endpointServiceShortName(*svc, s_.region);
      if (!isKnownEndpointService(shortName))
        r_.error(YamlReader::get(v, "service"), fmt::format("{} service '{}' is not a known AWS service{}", what, *svc,
                                                            didYouMean(shortName, knownEndpointServices())));
      e.service = shortName;
    }
    // S3 and DynamoDB default to (free) gateway endpoints, everything else is
    // an interface endpoint.
    e.type = (e.service == "s3" || e.service == "dynamodb") ? EndpointType::Gateway : EndpointType::Interface;
    if (auto t = r_.str(v, "type", what)) {
      if (*t == "gateway") e.type = EndpointType::Gateway;
      else if (*t == "interface") e.type = EndpointType::Interface;
      else r_.error(YamlReader::get(v, "type"), fmt::format("{} type must be gateway or interface, got '{}'", what, *t));
    }
    if (e.type == EndpointType::Gateway && e.service != "s3" && e.service != "dynamodb")
      r_.error(v, fmt::format("{}: only s3 and dynamodb have gateway endpoints, not '{}'", what, e.service));
    e.route_tables = r_.strList(v, "route_tables", what);
    for (const auto& rt : e.route_tables) ref("route_table", rt, r_.loc(YamlReader::get(v, "route_tables")));
    e.subnets = r_.strList(v, "subnets", what);
    for (const auto& s : e.subnets) ref("subnet", s, r_.loc(YamlReader::get(v, "subnets")));
    e.sgs = r_.strList(v, "sgs", what);
    for (const auto& sg : e.sgs) ref("security_group", sg, r_.loc(YamlReader::get(v, "sgs")));
    if (e.type == EndpointType::Gateway && (!e.subnets.empty() || !e.sgs.empty()))
      r_.error(v, fmt::format("{}: a gateway endpoint has route_tables, not subnets or sgs", what));
    if (e.type == EndpointType::Interface && !e.route_tables.empty())
      r_.error(v, fmt::format("{}: an interface endpoint has subnets and sgs, not route_tables", what));
    if (e.type == EndpointType::Interface && e.subnets.empty())
      r_.error(v, fmt::format("{}: an interface endpoint needs at least one subnet", what));
    e.addresses = addressesBySubnet(v, what);
    e.private_dns = r_.boolean(v, "private_dns", what).value_or(e.type == EndpointType::Interface);
    if (auto p = r_.str(v, "policy", what)) {
      if (*p != "allow_all" && *p != "deny_all")
        r_.error(YamlReader::get(v, "policy"), fmt::format("{} policy must be allow_all or deny_all", what));
      e.policy_allows_all = *p != "deny_all";
    }
    s_.endpoints.add(std::move(e));
  });
}

}  // namespace awssim::load
