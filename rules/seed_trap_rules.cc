// The traps the seed deployment walked into or around: static addresses in
// Auto Scaling groups, private DNS without DNS hostnames, endpoints without
// routes or private DNS, missing S3 egress, IMDSv1, CORS wildcards and
// secrets in plain text.
#include <fmt/format.h>

#include <re2/re2.h>

#include "rules/catalog.h"
#include "sim/acl.h"

namespace awssim::rules {

using namespace model;

namespace {

void staticIpInAsg(const Stack& s, std::vector<Finding>& out) {
  for (const auto& c : s.ecs_clusters)
    if (c.capacity && c.capacity->static_ip)
      emit(out, "AWSSIM-TRAP-001", "ecs cluster " + c.name,
           fmt::format("the capacity (an Auto Scaling group) asks for the static address {}; a launch template with a "
                       "fixed private IP fails for every instance after the first",
                       formatIpv4(*c.capacity->static_ip)),
           c.capacity->loc);
  for (const auto& g : s.auto_scaling_groups) {
    const LaunchTemplate* lt = s.launch_templates.find(g.launch_template);
    if (!lt || !lt->spec.private_ip) continue;
    int launched = 0;
    for (const auto& i : s.instances) launched += i.asg == g.name;
    std::string fate = g.desired > launched
                           ? fmt::format("{} of its {} desired launches fail", g.desired - launched, g.desired)
                           : "a scale-out or replacement launch fails while the address is held";
    emit(out, "AWSSIM-TRAP-001", "auto scaling group " + g.name,
         fmt::format("launch template {} fixes the private address {}; only one instance can hold it, in the one "
                     "subnet it belongs to, so {}",
                     lt->name, formatIpv4(*lt->spec.private_ip), fate),
         lt->spec.private_ip_loc.known() ? lt->spec.private_ip_loc : lt->loc);
  }
}

void privateZoneWithoutDnsHostnames(const Stack& s, std::vector<Finding>& out) {
  for (const auto& z : s.hosted_zones) {
    if (!z.is_private) continue;
    for (const auto& vname : z.vpcs)
      if (const Vpc* v = s.vpcs.find(vname); v && !(v->dns_support && v->dns_hostnames))
        emit(out, "AWSSIM-TRAP-002", "vpc " + v->name,
             fmt::format("private hosted zone {} is associated with vpc {}, which has DNS {} off: its names do not "
                         "resolve there",
                         z.name, v->name, v->dns_support ? "hostnames" : "support"),
             v->loc);
  }
}

void endpointSetup(const Stack& s, std::vector<Finding>& out) {
  for (const auto& e : s.endpoints) {
    if (e.type == EndpointType::Gateway && e.route_tables.empty())
      emit(out, "AWSSIM-TRAP-003", "endpoint " + e.name,
           fmt::format("gateway endpoint {} ({}) is associated with no route table, so no subnet uses it", e.name,
                       e.service),
           e.loc);
    if (e.type == EndpointType::Interface && !e.private_dns)
      emit(out, "AWSSIM-TRAP-005", "endpoint " + e.name,
           fmt::format("interface endpoint {} ({}) has private DNS off: clients resolve the service's public name and "
                       "bypass it",
                       e.name, e.service),
           e.loc);
  }
}

// Instances whose subnet routes S3's prefix list to a gateway endpoint but
// whose groups do not let HTTPS out to it.
void s3Egress(const RuleContext& ctx, std::vector<Finding>& out) {
  const auto& net = ctx.net;
  const PrefixList* s3 = net.stack().prefix_lists.find("s3");
  if (!s3 || s3->cidrs.empty()) return;
  for (const auto& e : net.enis()) {
    if (e.kind != sim::EniKind::Instance && e.kind != sim::EniKind::EcsInstance) continue;
    const RouteTable* rt = net.subnets()[e.subnet].route_table;
    bool viaEndpoint = rt && std::any_of(rt->routes.begin(), rt->routes.end(), [](const Route& r) {
      return r.target == RouteTarget::VpcEndpoint && r.prefix_list == "s3";
    });
    if (!viaEndpoint) continue;
    sim::TrafficQuery q;
    q.ports = PortRange::single(443);
    auto v = sim::evalSecurityGroups(net, e.sgs, true, q, {s3->cidrs[0].first(), -1});
    if (v.rule) continue;
    emit(out, "AWSSIM-TRAP-004", e.name,
         fmt::format("{}'s subnet reaches S3 through a gateway endpoint, but its security groups allow no HTTPS to the "
                     "S3 prefix list",
                     e.name),
         e.sgs.empty() ? e.loc : net.sg(e.sgs[0]).loc, "add egress tcp 443 to pl:s3");
  }
}

void imdsv2(const Stack& s, std::vector<Finding>& out) {
  for (const auto& i : s.instances)
    if (i.metadata.enabled && !i.metadata.tokens_required)
      emit(out, "AWSSIM-TRAP-006", "instance " + i.name,
           fmt::format("instance {} accepts IMDSv1 (metadata tokens optional)", i.name), i.loc);
  for (const auto& c : s.ecs_clusters)
    if (c.capacity && c.capacity->metadata.enabled && !c.capacity->metadata.tokens_required)
      emit(out, "AWSSIM-TRAP-006", "ecs cluster " + c.name,
           fmt::format("the instances of cluster {} accept IMDSv1 (metadata tokens optional)", c.name), c.capacity->loc,
           "set metadata: {tokens: required, hop_limit: 2} on the capacity (2 so bridge-mode containers still reach "
           "it)");
}

/// Every environment variable the stack's workloads get, with where it is written.
std::vector<std::pair<std::string, const EnvVar*>> allEnv(const Stack& s) {
  std::vector<std::pair<std::string, const EnvVar*>> out;
  for (const auto& i : s.instances) {
    for (const auto& f : i.manifests.env_files)
      for (const auto& v : f.vars) out.push_back({i.name, &v});
    for (const auto& c : i.manifests.compose)
      for (const auto& svc : c.services)
        for (const auto& v : svc.environment) out.push_back({i.name, &v});
  }
  for (const auto& svc : s.ecs_services)
    for (const auto& c : svc.task_definition.containers)
      for (const auto& v : c.environment) out.push_back({"ecs service " + svc.name, &v});
  return out;
}

void corsAndSecrets(const Stack& s, std::vector<Finding>& out) {
  static const RE2 secret(R"((?i)(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_KEY|ACCESS_KEY|CREDENTIALS?)$)");
  static const RE2 cors(R"((?i)CORS|ALLOWED_ORIGINS?$)");
  for (const auto& [who, v] : allEnv(s)) {
    if (v->value == "*" && RE2::PartialMatch(v->name, cors))
      emit(out, "AWSSIM-TRAP-007", who,
           fmt::format("{}={} lets every web origin call {} from a browser", v->name, v->value, who), v->loc);
    bool literal = !v->value.empty() && v->value.find('$') == std::string::npos && v->value.rfind("arn:", 0) != 0;
    // A URL with a password in it (redis://:pw@host, postgres://user:pw@db)
    // is a secret whatever the setting is called.
    static const RE2 urlPassword(R"(^[A-Za-z][A-Za-z0-9+.-]*://[^/@\s:]*:[^/@\s$][^/\s]*@)");
    if (literal && (RE2::PartialMatch(v->name, secret) || RE2::PartialMatch(v->value, urlPassword)))
      emit(out, "AWSSIM-TRAP-008", who,
           fmt::format("{} is set in plain text ({}=****); anyone who can read the file, the instance's user data or "
                       "the task definition has it",
                       v->name, v->name),
           v->loc);
  }
}

}  // namespace

RuleFamily seedTrapRules() {
  return {"traps",
          {
              {"AWSSIM-TRAP-001", Severity::High, "Static IP in an Auto Scaling group",
               "Instances of an Auto Scaling group cannot share one fixed private address; the seed's README warns "
               "against it.", "Let the group assign addresses and find the instance by DNS or Service Connect.", {}},
              {"AWSSIM-TRAP-002", Severity::High, "Private hosted zone without DNS hostnames",
               "Private hosted zones answer only in VPCs with DNS support and DNS hostnames on.",
               "Turn on enableDnsSupport and enableDnsHostnames.", {}},
              {"AWSSIM-TRAP-003", Severity::Medium, "Gateway endpoint with no route table",
               "A gateway endpoint works only for the route tables it is associated with.",
               "Associate it with the private subnets' route table.", {}},
              {"AWSSIM-TRAP-004", Severity::Medium, "No egress to the S3 prefix list",
               "The subnet routes S3 to the gateway endpoint, but the security group does not let HTTPS out to "
               "the S3 prefix list, so `aws s3 cp` hangs.", "Add egress tcp 443 to pl:s3.", {}},
              {"AWSSIM-TRAP-005", Severity::Medium, "Interface endpoint without private DNS",
               "Without private DNS, clients resolve the service's public name and do not use the endpoint.",
               "Turn on private DNS (needs VPC DNS support and hostnames).", {}},
              {"AWSSIM-TRAP-006", Severity::Medium, "IMDSv2 not required",
               "IMDSv1 answers any request from the instance, which SSRF bugs turn into credential theft.",
               "Require tokens (HttpTokens=required).", {"CKV_AWS_79", "AVD-AWS-0028"}},
              {"AWSSIM-TRAP-007", Severity::Medium, "CORS allows every origin",
               "ALLOWED_ORIGINS=* lets any web site call the API from its visitors' browsers.",
               "List the front end's origin (the S3 website or CloudFront domain).", {}},
              {"AWSSIM-TRAP-008", Severity::High, "Secret in plain text",
               "Passwords and keys in .env files, compose files, user data or task definition environments are "
               "readable by anyone who can read those.",
               "Keep secrets in SSM Parameter Store or Secrets Manager (task definition `secrets`).",
               {"CKV_AWS_46", "AVD-AWS-0029", "AVD-AWS-0036"}},
          },
          [](const RuleContext& ctx, std::vector<Finding>& out) {
            const Stack& s = ctx.net.stack();
            staticIpInAsg(s, out);
            privateZoneWithoutDnsHostnames(s, out);
            endpointSetup(s, out);
            s3Egress(ctx, out);
            imdsv2(s, out);
            corsAndSecrets(s, out);
          }};
}

}  // namespace awssim::rules
