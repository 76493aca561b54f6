#include "model/aws_ranges.h"

#include <algorithm>

#include "model/stack.h"

namespace awssim::model {

const std::vector<std::string>& knownRegions() {
  static const std::vector<std::string> regions = {
      "af-south-1",     "ap-east-1",      "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
      "ap-south-1",     "ap-south-2",     "ap-southeast-1", "ap-southeast-2", "ap-southeast-3",
      "ap-southeast-4", "ca-central-1",   "ca-west-1",      "eu-central-1",   "eu-central-2",
      "eu-north-1",     "eu-south-1",     "eu-south-2",     "eu-west-1",      "eu-west-2",
      "eu-west-3",      "il-central-1",   "me-central-1",   "me-south-1",     "sa-east-1",
      "us-east-1",      "us-east-2",      "us-west-1",      "us-west-2"};
  return regions;
}

bool isKnownRegion(const std::string& region) {
  const auto& r = knownRegions();
  return std::find(r.begin(), r.end(), region) != r.end();
}

// Zone letters per region from AWS's "Regions and Zones" page (EC2 User
// Guide, Availability Zones); where accounts see different subsets (us-west-1,
// ap-northeast-1, ca-central-1) the letters new accounts get are listed.
std::vector<std::string> availabilityZones(const std::string& region) {
  static const std::vector<std::pair<const char*, const char*>> letters = {
      {"ap-northeast-1", "acd"}, {"ap-northeast-2", "abcd"}, {"ca-central-1", "abd"}, {"us-east-1", "abcdef"},
      {"us-west-1", "bc"},       {"us-west-2", "abcd"}};
  if (!isKnownRegion(region)) return {};
  std::string zs = "abc";
  for (const auto& [r, l] : letters)
    if (region == r) zs = l;
  std::vector<std::string> out;
  for (char c : zs) out.push_back(region + c);
  return out;
}

const std::vector<std::string>& knownEndpointServices() {
  // The services a small EC2/ECS deployment talks to (AWS-FACTS 3), plus the
  // common ones Systems Manager, monitoring and messaging need.
  static const std::vector<std::string> services = {
      "s3",        "dynamodb",    "ecr.api",  "ecr.dkr",       "logs",          "ssm",
      "ssmmessages", "ec2messages", "secretsmanager", "ecs",  "ecs-agent",     "ecs-telemetry",
      "ec2",       "sts",         "kms",      "sqs",           "sns",           "monitoring",
      "elasticloadbalancing", "autoscaling", "execute-api", "servicediscovery", "events",
      "ec2-instance-connect",
      // More of the services with interface endpoints ("AWS services that
      // integrate with AWS PrivateLink"), as real accounts' snapshots hold them.
      "cloudtrail", "cloudformation", "config", "lambda", "states", "kinesis-streams", "kinesis-firehose",
      "elasticfilesystem", "rds", "rds-data", "elasticache", "athena", "glue", "codebuild", "codecommit",
      "git-codecommit", "codepipeline", "codedeploy", "codeartifact.api", "codeartifact.repositories", "xray",
      "backup", "batch", "datasync", "ebs", "email-smtp", "transfer", "redshift", "redshift-data",
      "sagemaker.api", "sagemaker.runtime", "application-autoscaling", "appmesh-envoy-management", "acm-pca",
      "aps-workspaces", "securityhub", "servicecatalog", "storagegateway", "synthetics", "textract", "translate"};
  return services;
}

bool isKnownEndpointService(const std::string& shortName) {
  const auto& s = knownEndpointServices();
  return std::find(s.begin(), s.end(), shortName) != s.end();
}

std::string endpointServiceShortName(const std::string& name, const std::string& region) {
  std::string prefix = "com.amazonaws." + region + ".";
  if (name.rfind(prefix, 0) == 0) return name.substr(prefix.size());
  return name;
}

// Where a region is missing here the lists of us-east-1 are used with the
// region's name: the addresses are only needed to be public, disjoint from
// private ranges and consistent between routes, SG rules and the service's
// address set. Import a `describe-prefix-lists` snapshot for exact values.
//   us-west-2: Batfish's hybrid-cloud-aws snapshot (PrefixLists.json).
//   us-east-2: `aws ec2 describe-prefix-lists` output quoted in AWS re:Post
//              and Stack Overflow answers (2020).
//   us-east-1, eu-north-1: a subset of the S3 and DYNAMODB prefixes that
//              AWS's ip-ranges.json listed for those regions in 2024 (not
//              re-checked offline; the IDs are the lists' published IDs).
static const std::vector<ManagedPrefixList>& managedLists() {
  static const std::vector<ManagedPrefixList> lists = {
      {"us-west-2", "s3", "pl-68a54001", {"54.231.160.0/19", "52.218.128.0/17", "52.92.32.0/22"}},
      {"us-west-2", "dynamodb", "pl-00a54069", {"52.94.28.0/23"}},
      {"us-east-2", "s3", "pl-7ba54012",
       {"52.219.80.0/20", "3.5.128.0/22", "3.5.132.0/23", "52.219.96.0/20", "52.92.76.0/22"}},
      {"us-east-2", "dynamodb", "pl-4ca54025", {"52.94.4.0/24"}},
      {"us-east-1", "s3", "pl-63a5400a", {"54.231.0.0/16", "52.216.0.0/15", "3.5.0.0/19", "18.34.0.0/19"}},
      {"us-east-1", "dynamodb", "pl-02cd2c6b", {"52.94.0.0/22", "52.119.224.0/20", "3.218.180.0/23"}},
      {"eu-north-1", "s3", "pl-c3aa4faa", {"52.95.169.0/24", "52.95.170.0/23", "3.5.216.0/22"}},
      {"eu-north-1", "dynamodb", "pl-a3a144ca", {"52.94.21.0/24", "52.119.240.0/21"}},
  };
  return lists;
}

const ManagedPrefixList& managedPrefixList(const std::string& region, const std::string& service) {
  for (const auto& l : managedLists())
    if (l.region == region && l.service == service) return l;
  for (const auto& l : managedLists())
    if (l.region == "us-east-1" && l.service == service) return l;
  return managedLists().front();
}

void addManagedPrefixLists(Stack& stack) {
  for (const char* service : {"s3", "dynamodb"}) {
    const auto& m = managedPrefixList(stack.region, service);
    PrefixList pl;
    pl.name = service;
    pl.loc = {stack.file, 0, 0};
    pl.id = m.region == stack.region ? m.id : "pl-managed-" + std::string(service);
    pl.aws_service = service;
    for (const char* c : m.cidrs) pl.cidrs.push_back(*parseCidr(c));
    stack.prefix_lists.add(std::move(pl));
  }
}

std::string defaultVpc(Stack& stack, const Location& at, bool* built) {
  if (built) *built = false;
  for (const auto& v : stack.vpcs)
    if (v.is_default) return v.name;
  Vpc v;
  v.name = "default-vpc";
  for (int n = 2; stack.vpcs.find(v.name); ++n) v.name = "default-vpc-" + std::to_string(n);
  v.loc = at;
  v.cidrs.push_back(*parseCidr("172.31.0.0/16"));
  v.dns_support = true;
  v.dns_hostnames = true;
  v.is_default = true;
  std::string name = v.name;
  auto zones = availabilityZones(stack.region);
  if (zones.size() > 16) zones.resize(16);  // sixteen /20s fill the /16
  for (size_t i = 0; i < zones.size(); ++i) {
    Subnet sn;
    sn.name = name + "-" + zones[i];
    sn.loc = at;
    sn.vpc = name;
    sn.cidr = Cidr{(172u << 24) | (31u << 16) | (static_cast<uint32_t>(i) << 12), 20};
    sn.az = zones[i];
    sn.map_public_ip = true;
    stack.subnets.add(std::move(sn));
  }
  stack.vpcs.add(std::move(v));
  addDefaultVpcGateway(stack, name, at);
  if (built) *built = true;
  return name;
}

void addDefaultVpcGateway(Stack& stack, const std::string& vpc, const Location& at) {
  InternetGateway igw;
  igw.name = vpc + "-igw";
  igw.loc = at;
  igw.vpc = vpc;
  RouteTable main;
  main.name = vpc + "-main";
  main.loc = at;
  main.vpc = vpc;
  main.main = true;
  Route r;
  r.loc = at;
  r.cidr = *parseCidr("0.0.0.0/0");
  r.target = RouteTarget::InternetGateway;
  r.via = igw.name;
  main.routes.push_back(r);
  stack.internet_gateways.add(std::move(igw));
  stack.route_tables.add(std::move(main));
}

std::string defaultSubnet(const Stack& stack, const std::string& vpc, const std::string& zone) {
  std::string first;
  for (const auto& sn : stack.subnets) {
    if (sn.vpc != vpc || !sn.map_public_ip) continue;
    if (first.empty()) first = sn.name;
    if (!zone.empty() && sn.az == zone) return sn.name;
  }
  return first;
}

}  // namespace awssim::model
