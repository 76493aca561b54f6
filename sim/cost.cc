#include "sim/cost.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <map>
#include <set>

#include "sim/route.h"

namespace awssim::sim {

using namespace model;

std::string freeTierInstanceType(const std::string& region) {
  // Regions that opened without t2 instances offer t3.micro in the free tier.
  static const std::set<std::string> noT2 = {"eu-north-1",     "me-south-1",   "ap-east-1",    "af-south-1",
                                             "eu-south-1",     "eu-south-2",   "eu-central-2", "ap-south-2",
                                             "ap-southeast-3", "ap-southeast-4", "me-central-1", "il-central-1",
                                             "ca-west-1"};
  return noT2.count(region) ? "t3.micro" : "t2.micro";
}

namespace {

constexpr const char* kIpv4Pool = "public IPv4 hours";
constexpr const char* kEbsPool = "EBS GB-months";

class Estimator {
 public:
  Estimator(const Network& net, const PriceTable& p) : net_(net), s_(net.stack()), p_(p), h_(p.hours_per_month) {}

  CostReport run(std::optional<double> budget) {
    r_.prices = p_;
    r_.budget = budget;
    r_.plan = freeTierName(s_.free_tier);
    instances();
    clusters();
    volumes();
    natGateways();
    endpoints();
    loadBalancers();
    dns();
    storageAndTransfer();
    for (const auto& i : r_.items) r_.total += i.monthly;
    freeTier();
    alternatives();
    return r_;
  }

 private:
  void add(std::string resource, std::string component, double qty, std::string unit, double price,
           std::string pool = "", Location loc = {}) {
    CostItem i{std::move(resource), std::move(component), qty, std::move(unit), price, qty * price, false, true,
               std::move(pool), std::move(loc)};
    r_.items.push_back(std::move(i));
  }

  /// A usage-priced item: priced when the stack's usage gives the figure,
  /// otherwise listed with its unit price and no cost, as Infracost does.
  void addUsage(std::string resource, std::string component, std::optional<double> qty, std::string unit, double price,
                std::string pool = "", Location loc = {}) {
    CostItem i{std::move(resource), std::move(component), qty.value_or(0), std::move(unit), price,
               qty.value_or(0) * price, true, qty.has_value(), std::move(pool), std::move(loc)};
    r_.items.push_back(std::move(i));
  }

  double ec2Price(const std::string& type) {
    auto it = p_.ec2_instance_hour.find(type);
    if (it != p_.ec2_instance_hour.end()) return it->second;
    std::string w = fmt::format("no price for instance type {} in the {} price table; counted as $0", type, p_.region);
    if (std::find(r_.warnings.begin(), r_.warnings.end(), w) == r_.warnings.end()) r_.warnings.push_back(w);
    return 0;
  }

  double ebsPrice(const std::string& type) {
    auto it = p_.ebs_gb_month.find(type);
    return it == p_.ebs_gb_month.end() ? 0 : it->second;
  }

  std::string ec2Pool(const std::string& type) const {
    return type == freeTierInstanceType(s_.region) ? type + " hours" : "";
  }
  static std::string ebsPool(const std::string& type) {
    return type == "gp2" || type == "gp3" || type == "standard" ? kEbsPool : "";
  }

  void instances() {
    for (const auto& i : s_.instances) {
      if (!i.running) continue;
      std::string res = fmt::format("instance {}", i.name);
      add(res, fmt::format("Instance usage (Linux, on-demand, {})", i.type), h_, "hours", ec2Price(i.type),
          ec2Pool(i.type), i.loc);
      add(res, fmt::format("Root volume ({}, {} GB)", i.root_volume.type, i.root_volume.size_gb), i.root_volume.size_gb,
          "GB-months", ebsPrice(i.root_volume.type), ebsPool(i.root_volume.type), i.loc);
      if (i.public_ip)
        add(res, i.elastic_ip ? "Elastic IP (public IPv4)" : "Public IPv4 address", h_, "hours", p_.public_ipv4_hour,
            kIpv4Pool, i.loc);
    }
    for (const auto& e : s_.enis)
      if (e.public_ip) add("eni " + e.name, "Public IPv4 address", h_, "hours", p_.public_ipv4_hour, kIpv4Pool, e.loc);
  }

  void clusters() {
    for (const auto& c : s_.ecs_clusters) {
      if (!c.capacity || c.capacity->desired == 0) continue;
      const Capacity& k = *c.capacity;
      std::string res = fmt::format("ecs cluster {} ({} x {})", c.name, k.desired, k.instance_type);
      add(res, fmt::format("Instance usage (Linux, on-demand, {})", k.instance_type), h_ * k.desired, "hours",
          ec2Price(k.instance_type), ec2Pool(k.instance_type), c.loc);
      add(res, fmt::format("Root volumes ({}, {} x {} GB)", k.root_volume.type, k.desired, k.root_volume.size_gb),
          static_cast<double>(k.root_volume.size_gb) * k.desired, "GB-months", ebsPrice(k.root_volume.type),
          ebsPool(k.root_volume.type), c.loc);
      if (k.public_ip)
        add(res, fmt::format("Public IPv4 addresses ({})", k.desired), h_ * k.desired, "hours", p_.public_ipv4_hour,
            kIpv4Pool, c.loc);
    }
  }

  void volumes() {
    for (const auto& v : s_.volumes)
      add("volume " + v.name, fmt::format("Storage ({}, {} GB)", v.type, v.size_gb), v.size_gb, "GB-months",
          ebsPrice(v.type), ebsPool(v.type), v.loc);
  }

  void natGateways() {
    for (const auto& n : s_.nat_gateways) {
      std::string res = "nat gateway " + n.name;
      add(res, "NAT gateway", h_, "hours", p_.nat_gateway_hour, "", n.loc);
      auto gb = s_.usage.nat_gb_processed.find(n.name);
      addUsage(res, "Data processed", gb == s_.usage.nat_gb_processed.end() ? std::nullopt : std::optional(gb->second),
               "GB", p_.nat_gateway_gb, "", n.loc);
      if (n.public_connectivity) add(res, "Elastic IP (public IPv4)", h_, "hours", p_.public_ipv4_hour, kIpv4Pool, n.loc);
    }
  }

  void endpoints() {
    for (const auto& e : s_.endpoints) {
      if (e.type != EndpointType::Interface) continue;
      std::string res = fmt::format("endpoint {} ({})", e.name, e.service);
      std::set<std::string> zones;
      for (const auto& sub : e.subnets)
        if (const Subnet* x = s_.subnets.find(sub)) zones.insert(x->az);
      add(res, fmt::format("Endpoint ({} zone{})", zones.size(), zones.size() == 1 ? "" : "s"), h_ * zones.size(),
          "hours", p_.interface_endpoint_az_hour, "", e.loc);
      auto gb = s_.usage.endpoint_gb_processed.find(e.name);
      addUsage(res, "Data processed", gb == s_.usage.endpoint_gb_processed.end() ? std::nullopt : std::optional(gb->second),
               "GB", p_.interface_endpoint_gb, "", e.loc);
    }
  }

  void loadBalancers() {
    for (const auto& lb : s_.load_balancers) {
      bool alb = lb.type == "application";
      std::string res = fmt::format("load balancer {} ({})", lb.name, lb.type);
      add(res, alb ? "Application load balancer" : "Network load balancer", h_, "hours", alb ? p_.alb_hour : p_.nlb_hour,
          alb ? "ALB hours" : "", lb.loc);
      auto lcu = s_.usage.load_balancer_lcu.find(lb.name);
      addUsage(res, alb ? "Load balancer capacity units" : "Network load balancer capacity units",
               lcu == s_.usage.load_balancer_lcu.end() ? std::nullopt : std::optional(lcu->second * h_), "LCU-hours",
               alb ? p_.alb_lcu_hour : p_.nlb_lcu_hour, alb ? "ALB LCU-hours" : "", lb.loc);
      // An internet-facing load balancer has a public IPv4 address per zone.
      if (lb.internet_facing)
        add(res, fmt::format("Public IPv4 addresses ({})", lb.subnets.size()), h_ * lb.subnets.size(), "hours",
            p_.public_ipv4_hour, kIpv4Pool, lb.loc);
    }
  }

  void dns() {
    for (const auto& z : s_.hosted_zones)
      add("hosted zone " + z.name, z.is_private ? "Private hosted zone" : "Public hosted zone", 1, "months",
          p_.route53_zone_month, "", z.loc);
    for (const auto& ns : s_.namespaces) {
      size_t n = 0;
      for (const auto& svc : ns.services) n += svc.instances.size();
      if (n > 0)
        add("namespace " + ns.name, "Cloud Map registered instances", static_cast<double>(n), "instances",
            p_.cloud_map_instance_month, "", ns.loc);
    }
  }

  void storageAndTransfer() {
    const Usage& u = s_.usage;
    bool ecr = false;
    for (const auto& svc : s_.ecs_services)
      for (const auto& c : svc.task_definition.containers) ecr |= c.image.find(".dkr.ecr.") != std::string::npos;
    if (ecr || u.ecr_storage_gb)
      addUsage("ecr", "Image storage", u.ecr_storage_gb, "GB-months", p_.ecr_gb_month, "ECR GB-months", u.loc);
    bool s3 = !s_.endpoints.empty() || u.s3_storage_gb;
    for (const auto& e : s_.endpoints) s3 |= e.service == "s3";
    if (s3) addUsage("s3", "Standard storage", u.s3_storage_gb, "GB-months", p_.s3_gb_month, "S3 GB-months", u.loc);
    addUsage("data transfer", "Out to the internet", u.data_transfer_out_gb, "GB", p_.data_transfer_out_gb,
             "data transfer out GB", u.loc);
  }

  // Legacy plan allowances per month (AWS-FACTS 5): pooled over all
  // resources. The ALB's 15 LCUs are taken as 15 LCUs all month. 100 GB of
  // data transfer out is free for every account.
  void freeTier() {
    r_.total_after_free_tier = r_.total;
    if (s_.free_tier == FreeTierPlan::Credits) {
      credits();
      return;
    }
    if (s_.free_tier != FreeTierPlan::Legacy) return;
    std::map<std::string, double> allowance = {
        {freeTierInstanceType(s_.region) + " hours", 750}, {kIpv4Pool, 750}, {kEbsPool, 30}, {"ALB hours", 750},
        {"ALB LCU-hours", 15 * h_}, {"S3 GB-months", 5}, {"ECR GB-months", 0.5}, {"data transfer out GB", 100}};
    std::map<std::string, std::pair<double, double>> used;  // pool -> (quantity, cost)
    std::vector<std::string> order;
    for (const auto& i : r_.items) {
      if (i.free_tier.empty() || !allowance.count(i.free_tier)) continue;
      if (!used.count(i.free_tier)) order.push_back(i.free_tier);
      used[i.free_tier].first += i.quantity;
      used[i.free_tier].second += i.monthly;
    }
    for (const auto& pool : order) {
      auto [qty, cost] = used[pool];
      double allow = allowance[pool];
      double price = qty > 0 ? cost / qty : 0;
      FreeTierLine l;
      l.pool = pool;
      l.used = qty;
      l.allowance = allow;
      l.unit = pool.substr(pool.rfind(' ') + 1);
      l.covered = std::min(qty, allow) * price;
      l.over = std::max(0.0, qty - allow);
      l.over_cost = l.over * price;
      r_.free_tier_covered += l.covered;
      r_.free_tier.push_back(l);
    }
    r_.total_after_free_tier = r_.total - r_.free_tier_covered;
  }

  // Accounts created on or after 2025-07-15: USD 100 of credits at sign-up
  // and up to USD 100 more from onboarding activities; the free plan ends
  // after 6 months or when the credits run out (AWS-FACTS 5).
  void credits() {
    double m = r_.total;
    if (m <= 0) {
      r_.credits.push_back("nothing here costs money: the credits last the free plan's 6 months");
      return;
    }
    auto months = [&](double usd) { return usd / m; };
    r_.credits.push_back(fmt::format("at ${:.2f}/month the USD 100 sign-up credits last {:.1f} months", m, months(100)));
    r_.credits.push_back(fmt::format("with the further USD 100 from onboarding activities, {:.1f} months", months(200)));
    if (months(200) < 6)
      r_.credits.push_back(fmt::format("the free plan ends when the credits run out, before its 6 months; then "
                                       "${:.2f}/month is billed", m));
    else
      r_.credits.push_back("the free plan ends after 6 months, with credits left over; then it is billed in full");
  }

  double monthlyOf(const std::string& resource) const {
    double t = 0;
    for (const auto& i : r_.items)
      if (i.resource == resource) t += i.monthly;
    return t;
  }

  void alternatives() {
    const std::vector<std::string> awsNeeds = {"ecr.api", "ecr.dkr", "logs"};
    double natWithIp = h_ * (p_.nat_gateway_hour + p_.public_ipv4_hour);
    for (const auto& n : s_.nat_gateways) {
      // The zones the NAT serves: those of subnets that route through it.
      std::set<std::string> zones;
      for (const auto& sub : s_.subnets) {
        const RouteTable* rt = s_.routeTableOf(sub);
        if (!rt) continue;
        for (const auto& route : rt->routes)
          if (route.target == RouteTarget::NatGateway && route.via == n.name) zones.insert(sub.az);
      }
      size_t z = std::max<size_t>(zones.size(), 1);
      double eps = awsNeeds.size() * z * h_ * p_.interface_endpoint_az_hour;
      double fixed = h_ * (p_.nat_gateway_hour + (n.public_connectivity ? p_.public_ipv4_hour : 0));
      r_.alternatives.push_back(fmt::format(
          "nat gateway {} costs ${:.2f}/month (${:.2f} for the gateway{}) plus ${}/GB processed. If it carries only "
          "AWS-service traffic (image pulls, logs), interface endpoints for ecr.api, ecr.dkr and logs in the {} zone{} "
          "it serves cost ${:.2f}/month (plus ${}/GB), and an S3 gateway endpoint for image layers is free.",
          n.name, fixed, h_ * p_.nat_gateway_hour,
          n.public_connectivity ? fmt::format(", ${:.2f} for its public IPv4", h_ * p_.public_ipv4_hour) : "",
          p_.nat_gateway_gb, z, z == 1 ? "" : "s", eps, p_.interface_endpoint_gb));
    }
    double interfaceTotal = 0;
    size_t count = 0;
    for (const auto& e : s_.endpoints)
      if (e.type == EndpointType::Interface) {
        interfaceTotal += monthlyOf(fmt::format("endpoint {} ({})", e.name, e.service));
        ++count;
      }
    if (count > 0 && interfaceTotal > natWithIp)
      r_.alternatives.push_back(fmt::format(
          "the {} interface endpoints cost ${:.2f}/month; one NAT gateway with its public IPv4 costs ${:.2f}/month "
          "(plus ${}/GB) and reaches every AWS service and the internet from the private subnets of a zone",
          count, interfaceTotal, natWithIp, p_.nat_gateway_gb));
    for (const auto& e : s_.endpoints) {
      if (e.type != EndpointType::Interface || !publicWorkloadsOnly(e.vpc)) continue;
      r_.alternatives.push_back(fmt::format(
          "endpoint {} ({}) is not needed: every workload in vpc {} has a public IPv4 address and a route to an "
          "internet gateway, so it reaches {} without it; removing it saves ${:.2f}/month",
          e.name, e.service, e.vpc, e.service, monthlyOf(fmt::format("endpoint {} ({})", e.name, e.service))));
    }
  }

  /// Whether every workload interface of the VPC is public and routed to an
  /// internet gateway.
  bool publicWorkloadsOnly(const std::string& vpc) const {
    bool any = false;
    for (size_t i = 0; i < net_.enis().size(); ++i) {
      const NetEni& e = net_.enis()[i];
      if (e.kind != EniKind::Instance && e.kind != EniKind::EcsInstance && e.kind != EniKind::EcsTask &&
          e.kind != EniKind::Extra)
        continue;
      if (net_.vpc(net_.vpcOfEni(static_cast<int>(i))).name != vpc) continue;
      any = true;
      auto m = lookupRoute(net_, e.subnet, (8u << 24) | (8u << 16) | (8u << 8) | 8u);
      bool igw = m && !m->local && m->route && m->route->target == RouteTarget::InternetGateway;
      if (!e.public_ip || !igw) return false;
    }
    return any;
  }

  const Network& net_;
  const Stack& s_;
  const PriceTable& p_;
  double h_;
  CostReport r_;
};

}  // namespace

CostReport estimateCost(const Network& net, const PriceTable& prices, std::optional<double> budget) {
  return Estimator(net, prices).run(budget);
}

std::vector<CostDiffLine> diffCosts(const CostReport& before, const CostReport& after) {
  std::map<std::string, CostDiffLine> lines;
  for (const auto& i : before.items) {
    auto& l = lines[i.resource];
    l.resource = i.resource;
    l.before += i.monthly;
  }
  for (const auto& i : after.items) {
    auto& l = lines[i.resource];
    l.resource = i.resource;
    l.after += i.monthly;
  }
  std::vector<CostDiffLine> out;
  for (auto& [k, l] : lines)
    if (std::fabs(l.after - l.before) > 0.005) out.push_back(l);
  return out;
}

}  // namespace awssim::sim
