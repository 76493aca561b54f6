#include "reports/summary.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace awssim::reports {

using namespace model;

namespace {

std::string list(const std::vector<std::string>& v) { return v.empty() ? "-" : fmt::format("{}", fmt::join(v, ", ")); }

void summariseInstances(const Stack& s, const Subnet& sub, std::string& out) {
  for (const auto& i : s.instances) {
    if (i.subnet != sub.name) continue;
    std::string ip = i.private_ip ? formatIpv4(*i.private_ip) : "auto";
    std::string pub = i.public_ip ? (i.elastic_ip ? " +eip" : " +public-ip") : "";
    out += fmt::format("      instance {} ({}) {}{} sgs: {}\n", i.name, i.type, ip, pub, list(i.sgs));
  }
  for (const auto& e : s.endpoints)
    if (std::find(e.subnets.begin(), e.subnets.end(), sub.name) != e.subnets.end())
      out += fmt::format("      interface endpoint {} ({}) sgs: {}\n", e.name, e.service, list(e.sgs));
  for (const auto& e : s.instance_connect_endpoints)
    if (e.subnet == sub.name) out += fmt::format("      instance connect endpoint {} sgs: {}\n", e.name, list(e.sgs));
  for (const auto& n : s.nat_gateways)
    if (n.subnet == sub.name) out += fmt::format("      nat gateway {}\n", n.name);
}

}  // namespace

std::string formatSummary(const Stack& s) {
  std::string out = fmt::format("stack {} (region {}, free tier: {})\n", s.file, s.region, freeTierName(s.free_tier));
  for (const auto& vpc : s.vpcs) {
    std::vector<std::string> cidrs;
    for (const auto& c : vpc.cidrs) cidrs.push_back(c.str());
    out += fmt::format("  vpc {} {} (dns support {}, hostnames {})\n", vpc.name, list(cidrs),
                       vpc.dns_support ? "on" : "off", vpc.dns_hostnames ? "on" : "off");
    std::map<std::string, std::vector<const Subnet*>> byZone;
    for (const auto& sub : s.subnets)
      if (sub.vpc == vpc.name) byZone[sub.az].push_back(&sub);
    for (const auto& [az, subs] : byZone) {
      out += fmt::format("    zone {}\n", az);
      for (const Subnet* sub : subs) {
        const RouteTable* rt = s.routeTableOf(*sub);
        out += fmt::format("    - subnet {} {} route table {}{}\n", sub->name, sub->cidr.str(),
                           rt ? rt->name : "(implicit main)", sub->nacl.empty() ? "" : ", nacl " + sub->nacl);
        summariseInstances(s, *sub, out);
      }
    }
    for (const auto& igw : s.internet_gateways)
      if (igw.vpc == vpc.name) out += fmt::format("    internet gateway {}\n", igw.name);
    for (const auto& e : s.endpoints)
      if (e.vpc == vpc.name && e.type == EndpointType::Gateway)
        out += fmt::format("    gateway endpoint {} ({}) route tables: {}\n", e.name, e.service, list(e.route_tables));
    for (const auto& rt : s.route_tables) {
      if (rt.vpc != vpc.name) continue;
      std::vector<std::string> routes;
      for (const auto& r : rt.routes) routes.push_back(r.describe());
      out += fmt::format("    route table {}{}: {}\n", rt.name, rt.main ? " (main)" : "", list(routes));
    }
  }
  for (const auto& sg : s.security_groups)
    out += fmt::format("  security group {}: {} ingress, {} egress rules\n", sg.name, sg.ingress.size(), sg.egress.size());
  for (const auto& z : s.hosted_zones)
    out += fmt::format("  hosted zone {} ({}), {} records\n", z.name, z.is_private ? "private" : "public", z.records.size());
  for (const auto& c : s.ecs_clusters) {
    if (c.capacity)
      out += fmt::format("  ecs cluster {}: {} x {} in {}\n", c.name, c.capacity->desired, c.capacity->instance_type,
                         list(c.capacity->subnets));
    else
      out += fmt::format("  ecs cluster {}\n", c.name);
  }
  for (const auto& svc : s.ecs_services) {
    const auto& td = svc.task_definition;
    out += fmt::format("  ecs service {} ({} task{}, {} mode, family {}, {} container{})\n", svc.name, svc.desired_count,
                       svc.desired_count == 1 ? "" : "s", td.network_mode, td.family, td.containers.size(),
                       td.containers.size() == 1 ? "" : "s");
  }
  if (!s.expectations.empty()) out += fmt::format("  {} expectation{}\n", s.expectations.size(), s.expectations.size() == 1 ? "" : "s");
  return out;
}

std::string formatDiagnostics(const Diagnostics& diags) {
  std::string out;
  int warnings = 0;
  for (const auto& d : diags.all()) {
    out += d.str() + "\n";
    if (d.level == Level::Warning) ++warnings;
  }
  if (diags.errorCount() > 0 || warnings > 0)
    out += fmt::format("{} error{}, {} warning{}\n", diags.errorCount(), diags.errorCount() == 1 ? "" : "s", warnings,
                       warnings == 1 ? "" : "s");
  return out;
}

}  // namespace awssim::reports
