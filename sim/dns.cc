#include "sim/dns.h"

#include <algorithm>
#include <fmt/format.h>

#include "sim/aws_services.h"

namespace awssim::sim {

using namespace model;

bool privateDnsWorks(const Vpc& vpc) { return vpc.dns_support && vpc.dns_hostnames; }

std::string privateDnsName(Ipv4 ip, const std::string& region) {
  std::string dashed = formatIpv4(ip);
  std::replace(dashed.begin(), dashed.end(), '.', '-');
  if (region == "us-east-1") return fmt::format("ip-{}.ec2.internal", dashed);
  return fmt::format("ip-{}.{}.compute.internal", dashed, region);
}

static bool endsWithLabel(const std::string& name, const std::string& zone) {
  return name == zone ||
         (name.size() > zone.size() && name.compare(name.size() - zone.size() - 1, std::string::npos, "." + zone) == 0);
}

static std::vector<Ipv4> addressesOfTarget(const Network& net, const std::string& target) {
  std::vector<Ipv4> out;
  for (int e : net.enisOf(target)) out.push_back(net.enis()[e].ip);
  return out;
}

Resolution resolveName(const Network& net, const std::string& raw, int vpc) {
  std::string name = raw;
  if (!name.empty() && name.back() == '.') name.pop_back();
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
  const Stack& s = net.stack();
  Resolution r;
  if (auto svc = serviceForHostname(name, s.region)) {
    r.service = *svc;
    return r;
  }
  const Vpc* v = vpc >= 0 ? &net.vpc(vpc) : nullptr;
  for (const auto& z : s.hosted_zones) {
    if (!endsWithLabel(name, z.name)) continue;
    if (z.is_private) {
      if (!v || std::find(z.vpcs.begin(), z.vpcs.end(), v->name) == z.vpcs.end()) {
        r.error = fmt::format("{} is in private hosted zone {}, which is not associated with {}", name, z.name,
                              v ? "vpc " + v->name : "the internet");
        continue;
      }
      if (!privateDnsWorks(*v)) {
        r.error = fmt::format("{} is in private hosted zone {}, but vpc {} has DNS {} off", name, z.name, v->name,
                              v->dns_support ? "hostnames" : "support");
        continue;
      }
    }
    std::string want = name;
    for (int hops = 0; hops < 8; ++hops) {
      const DnsRecord* hit = nullptr;
      for (const auto& rec : z.records)
        if (rec.name == want && (rec.type == "A" || rec.type == "CNAME")) hit = &rec;
      if (!hit) break;
      if (hit->type == "A") {
        for (const auto& val : hit->values)
          if (auto ip = parseIpv4(val)) r.addresses.push_back(*ip);
        r.via = fmt::format("A record in hosted zone {}", z.name);
        return r;
      }
      want = hit->values.empty() ? "" : hit->values[0];
      if (!want.empty() && want.back() == '.') want.pop_back();
    }
    if (r.error.empty()) r.error = fmt::format("hosted zone {} has no A record for {}", z.name, name);
  }
  for (const auto& ns : s.namespaces) {
    if (ns.type == "http" || !endsWithLabel(name, ns.name)) continue;
    if (ns.type == "dns_private" && (!v || ns.vpc != v->name || !v->dns_support)) {
      r.error = fmt::format("{} is in Cloud Map namespace {}, which {} cannot resolve", name, ns.name, v ? "vpc " + v->name : "the internet");
      continue;
    }
    for (const auto& svc : ns.services) {
      if (name != svc.name + "." + ns.name) continue;
      for (const auto& inst : svc.instances) {
        if (inst.ip) r.addresses.push_back(*inst.ip);
        for (Ipv4 ip : addressesOfTarget(net, inst.target)) r.addresses.push_back(ip);
      }
      r.via = fmt::format("Cloud Map service {} in namespace {}", svc.name, ns.name);
      return r;
    }
  }
  if (v && v->dns_support) {
    for (const auto& e : net.enis())
      if (privateDnsName(e.ip, s.region) == name) {
        r.addresses.push_back(e.ip);
        r.via = "EC2 private DNS name";
        return r;
      }
  }
  if (r.error.empty()) r.error = fmt::format("no hosted zone, Cloud Map namespace or instance answers for {}", name);
  return r;
}

}  // namespace awssim::sim
