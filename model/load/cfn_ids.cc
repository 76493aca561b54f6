// Values that exist only after deployment: a resource's ID (what Ref
// returns) and its attributes (Fn::GetAtt), as deterministic placeholders
// derived from the template's path and the logical ID, so the same template
// gives the same model every time. Attributes the template itself states
// (a VPC's CidrBlock, an instance's PrivateIpAddress) are returned as given.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "model/load/cfn_internal.h"
#include "model/load/yaml_reader.h"
#include "model/net.h"

namespace awssim::load::cfn {

namespace {

// Ref's placeholder by resource type: the prefix of the real ID.
const std::map<std::string, std::string>& idPrefixes() {
  static const std::map<std::string, std::string> m = {
      {"AWS::EC2::VPC", "vpc-"}, {"AWS::EC2::Subnet", "subnet-"}, {"AWS::EC2::SecurityGroup", "sg-"},
      {"AWS::EC2::RouteTable", "rtb-"}, {"AWS::EC2::InternetGateway", "igw-"}, {"AWS::EC2::NatGateway", "nat-"},
      {"AWS::EC2::NetworkAcl", "acl-"}, {"AWS::EC2::VPCEndpoint", "vpce-"}, {"AWS::EC2::Instance", "i-"},
      {"AWS::EC2::NetworkInterface", "eni-"}, {"AWS::EC2::VPCPeeringConnection", "pcx-"},
      {"AWS::EC2::TransitGateway", "tgw-"}, {"AWS::EC2::TransitGatewayAttachment", "tgw-attach-"},
      {"AWS::EC2::TransitGatewayVpcAttachment", "tgw-attach-"}, {"AWS::EC2::TransitGatewayRouteTable", "tgw-rtb-"},
      {"AWS::EC2::PrefixList", "pl-"}, {"AWS::EC2::LaunchTemplate", "lt-"},
      {"AWS::EC2::InstanceConnectEndpoint", "eice-"}, {"AWS::EC2::SubnetRouteTableAssociation", "rtbassoc-"},
      {"AWS::EC2::VPCGatewayAttachment", "igw-attach-"}, {"AWS::ServiceDiscovery::PrivateDnsNamespace", "ns-"},
      {"AWS::ServiceDiscovery::PublicDnsNamespace", "ns-"}, {"AWS::ServiceDiscovery::HttpNamespace", "ns-"},
      {"AWS::ServiceDiscovery::Service", "srv-"}, {"AWS::EC2::VPCCidrBlock", "vpc-cidr-assoc-"},
      {"AWS::EC2::VPNGateway", "vgw-"}, {"AWS::EC2::VPNConnection", "vpn-"}};
  return m;
}

std::string scalarText(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_number()) return v.dump();
  return "";
}

}  // namespace

std::string hexId(const std::string& seed) {
  // FNV-1a, twice with different offsets, for 17 hex digits like EC2's IDs.
  uint64_t a = 14695981039346656037ull, b = 1099511628211ull * 31;
  for (unsigned char c : seed) {
    a = (a ^ c) * 1099511628211ull;
    b = (b ^ c) * 1099511628211ull + 7;
  }
  return fmt::format("{:016x}{:x}", a, b & 0xf);
}

std::string CfnStack::placeholder(const std::string& id, const std::string& type) const {
  std::string h = hexId(path_ + "#" + prefix_ + id);
  auto it = idPrefixes().find(type);
  if (it != idPrefixes().end()) return it->second + h;
  const std::string& region = s_.stack.region;
  const std::string& acct = s_.options.account_id;
  if (type == "AWS::EC2::EIP") {
    // An EIP's Ref is its address: one from 198.18.0.0/15 (RFC 2544,
    // benchmarking), which no real deployment uses.
    uint32_t n = 0;
    for (char c : h.substr(0, 5)) n = n * 16 + static_cast<uint32_t>(c <= '9' ? c - '0' : c - 'a' + 10);
    return model::formatIpv4(0xc6120000u + (n & 0x1ffff));
  }
  if (type == "AWS::ElasticLoadBalancingV2::LoadBalancer")
    return fmt::format("arn:aws:elasticloadbalancing:{}:{}:loadbalancer/app/{}/{}", region, acct, id, h.substr(0, 16));
  if (type == "AWS::ElasticLoadBalancingV2::TargetGroup")
    return fmt::format("arn:aws:elasticloadbalancing:{}:{}:targetgroup/{}/{}", region, acct, id, h.substr(0, 16));
  if (type == "AWS::ElasticLoadBalancingV2::Listener")
    return fmt::format("arn:aws:elasticloadbalancing:{}:{}:listener/app/{}/{}", region, acct, id, h.substr(0, 16));
  if (type == "AWS::ECS::TaskDefinition")
    return fmt::format("arn:aws:ecs:{}:{}:task-definition/{}:1", region, acct, prefix_ + id);
  if (type == "AWS::ECS::Service") return fmt::format("arn:aws:ecs:{}:{}:service/{}", region, acct, prefix_ + id);
  if (type == "AWS::Route53::HostedZone") {
    std::string z = "Z" + h.substr(0, 13);
    std::transform(z.begin(), z.end(), z.begin(), ::toupper);
    return z;
  }
  if (type == "AWS::CloudFormation::Stack")
    return fmt::format("arn:aws:cloudformation:{}:{}:stack/{}-{}/{}", region, acct, stack_name_, id, h);
  // ECS clusters, capacity providers, log groups, roles ...: a name.
  return fmt::format("{}-{}-{}", stack_name_, id, h.substr(0, 12));
}

Json CfnStack::getAtt(const std::string& res, const std::string& attr, const YAML::Node& at) {
  YAML::Node r = resourceNode(res);
  if (!r.IsDefined()) {
    std::vector<std::string> names;
    if (resources_.IsMap())
      for (const auto& kv : resources_) names.push_back(kv.first.Scalar());
    error(at, fmt::format("Fn::GetAtt of '{}', which is not a resource of this template{}", res, model::didYouMean(res, names)));
    throw EvalError{};
  }
  if (!resourceExists(res)) {
    error(at, fmt::format("Fn::GetAtt of resource '{}', which its condition leaves out", res));
    throw EvalError{};
  }
  std::string type = YamlReader::get(r, "Type").IsScalar() ? YamlReader::get(r, "Type").Scalar() : "";
  if (type == "AWS::CloudFormation::Stack" && attr.rfind("Outputs.", 0) == 0) {
    CfnStack* c = child(res, at);
    if (!c) throw EvalError{};
    auto v = c->output(attr.substr(8), loc(at));
    if (!v) throw EvalError{};
    return *v;
  }
  auto fromProps = [&](const char* key) -> std::optional<Json> {
    const Json* p = props(res);
    if (p && p->contains(key)) return (*p)[key];
    return std::nullopt;
  };
  std::string id = placeholder(res, type);
  std::string h = hexId(path_ + "#" + prefix_ + res + "." + attr);
  static const std::set<std::string> idAttrs = {
      "GroupId", "SubnetId", "Id", "RouteTableId", "NetworkInterfaceId", "InstanceId", "NatGatewayId",
      "TransitGatewayId", "PrefixListId", "LaunchTemplateId", "LoadBalancerArn", "TargetGroupArn", "ListenerArn",
      "TaskDefinitionArn", "ServiceArn", "VpcEndpointId", "InternetGatewayId", "NetworkAclId"};
  if (idAttrs.count(attr) || (attr == "VpcId" && type == "AWS::EC2::VPC") ||
      (attr == "Arn" && type.rfind("AWS::ElasticLoadBalancingV2", 0) == 0))
    return id;
  if (type == "AWS::EC2::SecurityGroup" && attr == "VpcId") {
    if (auto v = fromProps("VpcId")) return *v;
  }
  if (attr == "CidrBlock" || attr == "AvailabilityZone" || attr == "VpcId") {
    if (auto v = fromProps(attr.c_str())) return *v;
  }
  if (type == "AWS::EC2::VPC") {
    if (attr == "CidrBlockAssociations") return Json::array({"vpc-cidr-assoc-" + h});
    if (attr == "DefaultSecurityGroup") return "sg-" + hexId(id + "#default");
    if (attr == "DefaultNetworkAcl") return "acl-" + hexId(id + "#default");
    if (attr == "Ipv6CidrBlocks") return Json::array();
  }
  if (type == "AWS::EC2::Instance" || type == "AWS::EC2::NetworkInterface") {
    if (attr == "PrivateIp" || attr == "PrimaryPrivateIpAddress") {
      if (auto v = fromProps("PrivateIpAddress")) return *v;
      return "unknown-private-ip-" + h.substr(0, 8);
    }
    if (attr == "PublicIp") return "unknown-public-ip-" + h.substr(0, 8);
    if (attr == "PrivateDnsName" || attr == "PublicDnsName") return fmt::format("ip-{}.ec2.internal", h.substr(0, 8));
  }
  if (type == "AWS::EC2::EIP") {
    if (attr == "AllocationId") return "eipalloc-" + hexId(id);
    if (attr == "PublicIp") return id;
  }
  if (type == "AWS::ElasticLoadBalancingV2::LoadBalancer") {
    if (attr == "DNSName")
      return fmt::format("{}-{}.{}.elb.amazonaws.com", res.substr(0, 20), h.substr(0, 10), s_.stack.region);
    if (attr == "LoadBalancerFullName") return "app/" + res + "/" + h.substr(0, 16);
    if (attr == "LoadBalancerName") return res;
    if (attr == "CanonicalHostedZoneID") return "Z35SXDOTRQ7X7K";
    if (attr == "SecurityGroups") {
      if (auto v = fromProps("SecurityGroups")) return *v;
      return Json::array();
    }
  }
  if (type == "AWS::ElasticLoadBalancingV2::TargetGroup") {
    if (attr == "TargetGroupFullName") return "targetgroup/" + res + "/" + h.substr(0, 16);
    if (attr == "TargetGroupName") return res;
    if (attr == "LoadBalancerArns") return Json::array();
  }
  if (type == "AWS::ECS::Cluster" && attr == "Arn")
    return fmt::format("arn:aws:ecs:{}:{}:cluster/{}", s_.stack.region, s_.options.account_id,
                       scalarText(ref(res, at)));
  if (type == "AWS::ECS::Service" && attr == "Name") return prefix_ + res;
  if (type == "AWS::ServiceDiscovery::Service" && attr == "Arn")
    return fmt::format("arn:aws:servicediscovery:{}:{}:service/{}", s_.stack.region, s_.options.account_id, id);
  if (type == "AWS::ServiceDiscovery::PrivateDnsNamespace" && attr == "Id") return id;
  if (attr == "Arn") return fmt::format("arn:aws:{}:{}:{}", type, s_.options.account_id, prefix_ + res);
  // Anything else is a value known only after deployment.
  return fmt::format("unknown-{}-{}", attr, h.substr(0, 8));
}

}  // namespace awssim::load::cfn
