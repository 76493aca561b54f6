#include "model/stack_writer.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace awssim::model {

std::string yamlString(const std::string& s) {
  return nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string yamlList(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + yamlString(items[i]);
  return out + "]";
}

namespace {

std::string q(const std::string& s) { return yamlString(s); }
std::string list(const std::vector<std::string>& items) { return yamlList(items); }

/// The traffic key of a rule or NACL entry: `tcp: "80"`, `icmp: "3/4"`, `proto: all`.
std::string traffic(const Traffic& t) {
  if (t.protocol == proto::kAll) return "proto: all";
  if (hasPorts(t.protocol)) return fmt::format("{}: {}", protocolName(t.protocol), q(t.ports.str()));
  if (t.protocol == proto::kIcmp) {
    if (t.ports.isAll() && t.icmp_codes.isAll()) return "icmp: all";
    std::string type = t.ports.str();
    return "icmp: " + q(t.icmp_codes.isAll() ? type : type + "/" + t.icmp_codes.str());
  }
  return "proto: " + q(std::to_string(t.protocol));
}

std::string via(const Route& r) {
  switch (r.target) {
    case RouteTarget::Local: return "local";
    case RouteTarget::Blackhole: return "blackhole";
    case RouteTarget::InternetGateway: return "igw:" + r.via;
    case RouteTarget::NatGateway: return "nat:" + r.via;
    case RouteTarget::VpcEndpoint: return "endpoint:" + r.via;
    case RouteTarget::Peering: return "peering:" + r.via;
    case RouteTarget::TransitGateway: return "tgw:" + r.via;
    case RouteTarget::VpnGateway: return "vgw:" + r.via;
    case RouteTarget::Instance: return "instance:" + r.via;
    case RouteTarget::Eni: return "eni:" + r.via;
  }
  return r.via;
}

std::string peer(const SgRule& r) {
  switch (r.kind) {
    case PeerKind::Cidr: return r.cidr.str();
    case PeerKind::SecurityGroup: return "sg:" + r.ref;
    case PeerKind::PrefixList: return "pl:" + r.ref;
  }
  return "";
}

class Out {
 public:
  void line(int indent, const std::string& s) { text.append(static_cast<size_t>(indent) * 2, ' ').append(s).append("\n"); }
  /// `key: value` only when the value is not empty.
  void opt(int indent, const char* key, const std::string& value) {
    if (!value.empty()) line(indent, std::string(key) + ": " + q(value));
  }
  std::string text;
};

void writeNetwork(Out& o, const Stack& s) {
  o.line(0, "vpcs:");
  for (const auto& v : s.vpcs) {
    std::vector<std::string> cidrs;
    for (const auto& c : v.cidrs) cidrs.push_back(c.str());
    o.line(1, q(v.name) + ":");
    o.opt(2, "id", v.id);
    o.line(2, "cidr: " + list(cidrs));
    o.line(2, fmt::format("dns: {{support: {}, hostnames: {}}}", v.dns_support, v.dns_hostnames));
    if (v.is_default) o.line(2, "default: true");
  }
  if (!s.subnets.empty()) o.line(0, "subnets:");
  for (const auto& sub : s.subnets) {
    o.line(1, q(sub.name) + ":");
    o.opt(2, "id", sub.id);
    o.line(2, "vpc: " + q(sub.vpc));
    o.line(2, "cidr: " + q(sub.cidr.str()));
    o.line(2, "az: " + q(sub.az));
    o.opt(2, "route_table", sub.route_table);
    o.opt(2, "nacl", sub.nacl);
    o.line(2, fmt::format("public_ip_on_launch: {}", sub.map_public_ip));
  }
  if (!s.route_tables.empty()) o.line(0, "route_tables:");
  for (const auto& rt : s.route_tables) {
    o.line(1, q(rt.name) + ":");
    o.opt(2, "id", rt.id);
    o.line(2, "vpc: " + q(rt.vpc));
    o.line(2, fmt::format("main: {}", rt.main));
    o.line(2, "routes:");
    for (const auto& r : rt.routes)
      if (!r.propagated)
        o.line(3, fmt::format("- {{to: {}, via: {}}}", q(r.cidr ? r.cidr->str() : "pl:" + r.prefix_list), q(via(r))));
    if (!rt.propagate.empty()) o.line(2, "propagate: " + list(rt.propagate));
  }
  if (!s.nacls.empty()) o.line(0, "nacls:");
  for (const auto& n : s.nacls) {
    o.line(1, q(n.name) + ":");
    o.opt(2, "id", n.id);
    o.line(2, "vpc: " + q(n.vpc));
    for (bool egress : {false, true}) {
      o.line(2, egress ? "egress:" : "ingress:");
      for (const auto& e : egress ? n.egress : n.ingress)
        o.line(3, fmt::format("- {{rule: {}, action: {}, {}, cidr: {}}}", e.number, e.allow ? "allow" : "deny",
                              traffic(e.traffic), q(e.cidr.str())));
    }
  }
  o.line(0, "security_groups:");
  for (const auto& g : s.security_groups) {
    o.line(1, q(g.name) + ":");
    o.opt(2, "id", g.id);
    o.line(2, "vpc: " + q(g.vpc));
    o.opt(2, "description", g.description);
    for (bool egress : {false, true}) {
      const auto& rules = egress ? g.egress : g.ingress;
      o.line(2, std::string(egress ? "egress:" : "ingress:") + (rules.empty() ? " []" : ""));
      for (const auto& r : rules)
        o.line(3, fmt::format("- {{{}, {}: {}{}}}", traffic(r.traffic), egress ? "to" : "from", q(peer(r)),
                              r.description.empty() ? "" : ", description: " + q(r.description)));
    }
  }
  if (!s.prefix_lists.empty()) o.line(0, "prefix_lists:");
  for (const auto& pl : s.prefix_lists) {
    std::vector<std::string> cidrs;
    for (const auto& c : pl.cidrs) cidrs.push_back(c.str());
    o.line(1, q(pl.name) + ":");
    o.opt(2, "id", pl.id);
    o.line(2, "cidrs: " + list(cidrs));
  }
}

void writeCompute(Out& o, const Stack& s) {
  bool any = std::any_of(s.instances.begin(), s.instances.end(), [](const Instance& i) { return i.asg.empty(); });
  if (any) o.line(0, "instances:");
  for (const auto& i : s.instances) {
    if (!i.asg.empty()) continue;  // written as its group
    o.line(1, q(i.name) + ":");
    o.opt(2, "id", i.id);
    o.line(2, "type: " + q(i.type));
    o.line(2, "subnet: " + q(i.subnet));
    if (i.private_ip) o.line(2, "ip: " + q(formatIpv4(*i.private_ip)));
    if (i.elastic_ip) o.line(2, "elastic_ip: " + (i.public_ip_address ? q(formatIpv4(*i.public_ip_address)) : "true"));
    else if (i.public_ip) o.line(2, "public_ip: " + (i.public_ip_address ? q(formatIpv4(*i.public_ip_address)) : "true"));
    else o.line(2, "public_ip: false");
    o.line(2, "sgs: " + list(i.sgs));
    if (i.os != "linux") o.line(2, "os: " + q(i.os));
    if (!i.running) o.line(2, "state: stopped");
  }
  if (!s.launch_templates.empty()) o.line(0, "launch_templates:");
  for (const auto& lt : s.launch_templates) {
    o.line(1, q(lt.name) + ":");
    o.opt(2, "id", lt.id);
    o.line(2, "type: " + q(lt.spec.type));
    if (lt.spec.private_ip) o.line(2, "ip: " + q(formatIpv4(*lt.spec.private_ip)));
    if (lt.public_ip) o.line(2, fmt::format("public_ip: {}", *lt.public_ip));
    o.line(2, "sgs: " + list(lt.spec.sgs));
    if (lt.spec.os != "linux") o.line(2, "os: " + q(lt.spec.os));
  }
  if (!s.auto_scaling_groups.empty()) o.line(0, "auto_scaling_groups:");
  for (const auto& g : s.auto_scaling_groups) {
    o.line(1, q(g.name) + ":");
    o.opt(2, "id", g.id);
    o.line(2, "launch_template: " + q(g.launch_template));
    o.line(2, "subnets: " + list(g.subnets));
    o.line(2, fmt::format("desired: {}", g.desired));
    o.line(2, fmt::format("min: {}", g.min));
    o.line(2, fmt::format("max: {}", g.max));
    if (!g.target_groups.empty()) o.line(2, "target_groups: " + list(g.target_groups));
  }
  if (!s.enis.empty()) o.line(0, "enis:");
  for (const auto& e : s.enis) {
    o.line(1, q(e.name) + ":");
    o.opt(2, "id", e.id);
    o.line(2, "subnet: " + q(e.subnet));
    if (e.private_ip) o.line(2, "ip: " + q(formatIpv4(*e.private_ip)));
    std::vector<std::string> secondary;
    for (auto ip : e.secondary_ips) secondary.push_back(formatIpv4(ip));
    if (!secondary.empty()) o.line(2, "secondary_ips: " + list(secondary));
    if (e.public_ip) o.line(2, "public_ip: " + (e.public_ip_address ? q(formatIpv4(*e.public_ip_address)) : "true"));
    o.line(2, "sgs: " + list(e.sgs));
    o.opt(2, "instance", e.instance);
    o.line(2, fmt::format("source_dest_check: {}", e.source_dest_check));
    o.opt(2, "description", e.description);
  }
}

void writeAddresses(Out& o, const std::map<std::string, Ipv4>& at) {
  if (at.empty()) return;
  o.line(2, "addresses:");
  for (const auto& [subnet, ip] : at) o.line(3, q(subnet) + ": " + q(formatIpv4(ip)));
}

void writeGateways(Out& o, const Stack& s) {
  auto attachable = [&](const char* section, const auto& table) {
    if (!table.empty()) o.line(0, std::string(section) + ":");
    for (const auto& g : table) {
      o.line(1, q(g.name) + ":");
      o.opt(2, "id", g.id);
      if (g.vpc.empty()) o.line(2, "attached: false");
      else o.line(2, "vpc: " + q(g.vpc));
    }
  };
  attachable("internet_gateways", s.internet_gateways);
  attachable("vpn_gateways", s.vpn_gateways);
  if (!s.vpn_connections.empty()) o.line(0, "vpn_connections:");
  for (const auto& c : s.vpn_connections) {
    o.line(1, q(c.name) + ":");
    o.opt(2, "id", c.id);
    o.line(2, "vpn_gateway: " + q(c.vpn_gateway));
    std::vector<std::string> prefixes;
    for (const auto& p : c.on_premises) prefixes.push_back(p.str());
    o.line(2, "on_premises: " + list(prefixes));
  }
  if (!s.nat_gateways.empty()) o.line(0, "nat_gateways:");
  for (const auto& n : s.nat_gateways) {
    o.line(1, q(n.name) + ":");
    o.opt(2, "id", n.id);
    o.line(2, "subnet: " + q(n.subnet));
    o.line(2, std::string("connectivity: ") + (n.public_connectivity ? "public" : "private"));
    if (n.private_ip) o.line(2, "ip: " + q(formatIpv4(*n.private_ip)));
    if (n.public_ip_address) o.line(2, "public_ip: " + q(formatIpv4(*n.public_ip_address)));
  }
  if (!s.endpoints.empty()) o.line(0, "endpoints:");
  for (const auto& e : s.endpoints) {
    o.line(1, q(e.name) + ":");
    o.opt(2, "id", e.id);
    o.line(2, "vpc: " + q(e.vpc));
    o.line(2, "service: " + q(e.service));
    bool gateway = e.type == EndpointType::Gateway;
    o.line(2, std::string("type: ") + (gateway ? "gateway" : "interface"));
    if (gateway) {
      o.line(2, "route_tables: " + list(e.route_tables));
    } else {
      o.line(2, "subnets: " + list(e.subnets));
      o.line(2, "sgs: " + list(e.sgs));
      writeAddresses(o, e.addresses);
      o.line(2, fmt::format("private_dns: {}", e.private_dns));
    }
    o.line(2, std::string("policy: ") + (e.policy_allows_all ? "allow_all" : "deny_all"));
  }
  if (!s.instance_connect_endpoints.empty()) o.line(0, "instance_connect_endpoints:");
  for (const auto& e : s.instance_connect_endpoints) {
    o.line(1, q(e.name) + ":");
    o.opt(2, "id", e.id);
    o.line(2, "subnet: " + q(e.subnet));
    o.line(2, "sgs: " + list(e.sgs));
    o.line(2, fmt::format("preserve_client_ip: {}", e.preserve_client_ip));
  }
  if (!s.peerings.empty()) o.line(0, "peerings:");
  for (const auto& p : s.peerings) {
    o.line(1, q(p.name) + ":");
    o.opt(2, "id", p.id);
    o.line(2, "requester: " + q(p.requester));
    o.line(2, "accepter: " + q(p.accepter));
    o.line(2, fmt::format("active: {}", p.active));
  }
  if (!s.transit_gateways.empty()) o.line(0, "transit_gateways:");
  for (const auto& t : s.transit_gateways) {
    o.line(1, q(t.name) + ":");
    o.opt(2, "id", t.id);
    o.line(2, "attachments:");
    for (const auto& a : t.attachments) {
      o.line(3, q(a.name) + ":");
      o.line(4, "vpc: " + q(a.vpc));
      o.line(4, "subnets: " + list(a.subnets));
      o.opt(4, "route_table", a.route_table);
    }
    o.line(2, "route_tables:");
    for (const auto& rt : t.route_tables) {
      o.line(3, q(rt.name) + ":");
      o.line(4, "routes:");
      for (const auto& r : rt.routes)
        o.line(5, r.attachment.empty() ? fmt::format("- {{to: {}, blackhole: true}}", q(r.cidr.str()))
                                       : fmt::format("- {{to: {}, attachment: {}}}", q(r.cidr.str()), q(r.attachment)));
      o.line(4, "propagations: " + list(rt.propagations));
    }
  }
}

void writeLoadBalancing(Out& o, const Stack& s) {
  if (!s.target_groups.empty()) o.line(0, "target_groups:");
  for (const auto& tg : s.target_groups) {
    o.line(1, q(tg.name) + ":");
    o.opt(2, "id", tg.id);
    o.opt(2, "vpc", tg.vpc);
    o.line(2, "protocol: " + q(tg.protocol));
    o.line(2, fmt::format("port: {}", tg.port));
    o.line(2, "target_type: " + q(tg.target_type));
    if (tg.health_check_port) o.line(2, fmt::format("health_check_port: {}", *tg.health_check_port));
    std::vector<Target> targets;  // not those an Auto Scaling group registers: the group is written
    for (const auto& t : tg.targets) {
      const Instance* i = t.ip ? nullptr : s.instances.find(t.name);
      if (!i || i->asg.empty()) targets.push_back(t);
    }
    o.line(2, std::string("targets:") + (targets.empty() ? " []" : ""));
    for (const auto& t : targets) {
      std::string who = t.ip ? "ip: " + q(formatIpv4(*t.ip)) : "instance: " + q(t.name);
      o.line(3, fmt::format("- {{{}{}}}", who, t.port ? fmt::format(", port: {}", *t.port) : ""));
    }
  }
  if (!s.load_balancers.empty()) o.line(0, "load_balancers:");
  for (const auto& lb : s.load_balancers) {
    o.line(1, q(lb.name) + ":");
    o.opt(2, "id", lb.id);
    o.line(2, "type: " + q(lb.type));
    o.line(2, std::string("scheme: ") + (lb.internet_facing ? "internet-facing" : "internal"));
    o.line(2, "subnets: " + list(lb.subnets));
    if (!lb.sgs.empty()) o.line(2, "sgs: " + list(lb.sgs));
    writeAddresses(o, lb.addresses);
    o.line(2, std::string("listeners:") + (lb.listeners.empty() ? " []" : ""));
    for (const auto& l : lb.listeners)
      o.line(3, fmt::format("- {{port: {}, protocol: {}{}}}", l.port, q(l.protocol),
                            l.target_group.empty() ? "" : ", target_group: " + q(l.target_group)));
  }
}

void writeNaming(Out& o, const Stack& s) {
  if (!s.hosted_zones.empty()) o.line(0, "hosted_zones:");
  for (const auto& z : s.hosted_zones) {
    o.line(1, q(z.name) + ":");
    o.opt(2, "id", z.id);
    o.line(2, fmt::format("private: {}", z.is_private));
    if (z.is_private) o.line(2, "vpcs: " + list(z.vpcs));
    o.line(2, std::string("records:") + (z.records.empty() ? " []" : ""));
    for (const auto& r : z.records)
      o.line(3, fmt::format("- {{name: {}, type: {}, values: {}, ttl: {}}}", q(r.name), q(r.type), list(r.values), r.ttl));
  }
  if (!s.namespaces.empty()) o.line(0, "namespaces:");
  for (const auto& ns : s.namespaces) {
    o.line(1, q(ns.name) + ":");
    o.line(2, "type: " + q(ns.type));
    if (ns.type == "dns_private") o.opt(2, "vpc", ns.vpc);
    o.line(2, std::string("services:") + (ns.services.empty() ? " {}" : ""));
    for (const auto& svc : ns.services) {
      o.line(3, q(svc.name) + ":");
      o.line(4, std::string("instances:") + (svc.instances.empty() ? " []" : ""));
      for (const auto& i : svc.instances) {
        std::vector<std::string> parts;
        if (!i.target.empty()) parts.push_back("instance: " + q(i.target));
        if (i.ip) parts.push_back("ip: " + q(formatIpv4(*i.ip)));
        if (i.port) parts.push_back(fmt::format("port: {}", *i.port));
        o.line(5, fmt::format("- {{{}}}", fmt::join(parts, ", ")));
      }
    }
  }
}

void writeStorageAndEcs(Out& o, const Stack& s) {
  if (!s.volumes.empty()) o.line(0, "volumes:");
  for (const auto& v : s.volumes) {
    o.line(1, q(v.name) + ":");
    o.opt(2, "id", v.id);
    o.line(2, "az: " + q(v.az));
    o.line(2, fmt::format("size: {}", v.size_gb));
    o.line(2, "type: " + q(v.type));
    o.opt(2, "mount", v.mount);
  }
  if (!s.ecs_clusters.empty()) o.line(0, "ecs_clusters:");
  for (const auto& c : s.ecs_clusters) {
    o.line(1, q(c.name) + ":");
    o.opt(2, "id", c.id);
    o.opt(2, "namespace", c.namespace_);
    if (!c.capacity) continue;
    const Capacity& k = *c.capacity;
    o.line(2, "capacity:");
    o.line(3, "instance_type: " + q(k.instance_type));
    o.line(3, fmt::format("desired: {}", k.desired));
    o.line(3, fmt::format("min: {}", k.min));
    o.line(3, fmt::format("max: {}", k.max));
    o.line(3, "subnets: " + list(k.subnets));
    o.line(3, "sgs: " + list(k.sgs));
    o.line(3, fmt::format("public_ip: {}", k.public_ip));
    o.opt(3, "iam_role", k.iam_role);
    if (k.reserved_memory) o.line(3, fmt::format("reserved_memory: {}", k.reserved_memory));
    o.line(3, fmt::format("eni_trunking: {}", k.eni_trunking));
    o.line(3, "dynamic_host_ports: " + q(fmt::format("{}-{}", k.dynamic_host_ports.from, k.dynamic_host_ports.to)));
    o.line(3, fmt::format("root_volume: {{size: {}, type: {}}}", k.root_volume.size_gb, q(k.root_volume.type)));
    if (k.static_ip) o.line(3, "ip: " + q(formatIpv4(*k.static_ip)));
    o.line(3, fmt::format("metadata: {{enabled: {}, tokens: {}, hop_limit: {}}}", k.metadata.enabled,
                          k.metadata.tokens_required ? "required" : "optional", k.metadata.hop_limit));
  }
}

}  // namespace

std::string writeStackYaml(const Stack& s) {
  Out o;
  o.line(0, "region: " + q(s.region));
  writeNetwork(o, s);
  writeCompute(o, s);
  writeGateways(o, s);
  writeLoadBalancing(o, s);
  writeNaming(o, s);
  writeStorageAndEcs(o, s);
  if (!s.expectations.empty()) o.line(0, "expect:");
  for (const auto& e : s.expectations) o.line(1, "- " + q(e.text));
  return o.text;
}

}  // namespace awssim::model
