#include "sim/aws_services.h"

#include <algorithm>
#include <fmt/format.h>

#include "model/aws_ranges.h"

namespace awssim::sim {

using namespace model;

bool isAwsService(const std::string& name) {
  return name == "ecr" || isKnownEndpointService(name);
}

std::vector<std::string> serviceParts(const std::string& name) {
  // ECR pulls need the API (auth, manifests), the registry endpoint and S3
  // for layers; the ECS agent needs ecs, ecs-agent and ecs-telemetry
  // (AWS-FACTS 3).
  if (name == "ecr") return {"ecr.api", "ecr.dkr", "s3"};
  if (name == "ecs-agent") return {"ecs", "ecs-agent", "ecs-telemetry"};
  return {name};
}

std::vector<Cidr> servicePublicCidrs(const Stack& stack, const std::string& service) {
  if (service == "s3" || service == "dynamodb") {
    if (const PrefixList* pl = stack.prefix_lists.find(service)) return pl->cidrs;
  }
  const auto& all = knownEndpointServices();
  auto it = std::find(all.begin(), all.end(), service);
  if (it == all.end()) return {};
  Ipv4 base = (99u << 24) | (77u << 16) | (static_cast<Ipv4>(it - all.begin()) << 8);
  return {Cidr{base, 24}};
}

std::string serviceOwning(const Stack& stack, Ipv4 ip) {
  for (const auto& s : knownEndpointServices())
    for (const auto& c : servicePublicCidrs(stack, s))
      if (c.contains(ip)) return s;
  return "";
}

std::string serviceHostname(const std::string& service, const std::string& region) {
  if (service == "ecr.api") return fmt::format("api.ecr.{}.amazonaws.com", region);
  if (service == "ecr.dkr") return fmt::format("dkr.ecr.{}.amazonaws.com", region);
  return fmt::format("{}.{}.amazonaws.com", service, region);
}

std::optional<std::string> serviceForHostname(const std::string& host, const std::string& region) {
  std::string suffix = "." + region + ".amazonaws.com";
  if (host.size() <= suffix.size() || host.compare(host.size() - suffix.size(), suffix.size(), suffix) != 0)
    return std::nullopt;
  std::string head = host.substr(0, host.size() - suffix.size());
  if (head == "api.ecr") return "ecr.api";
  // <account>.dkr.ecr.<region>.amazonaws.com, the registry of an image URI
  if (head == "dkr.ecr" || (head.size() > 8 && head.compare(head.size() - 8, 8, ".dkr.ecr") == 0)) return "ecr.dkr";
  if (head.rfind("s3", 0) == 0 || head.find(".s3") != std::string::npos) return "s3";
  if (isKnownEndpointService(head)) return head;
  return std::nullopt;
}

}  // namespace awssim::sim
