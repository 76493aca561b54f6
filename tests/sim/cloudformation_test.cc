// CloudFormation and CDK templates as input: every template under
// ../shared/upstream/iac/cloudformation loads (unsupported types are one
// warning each), and for each, answers derived by hand from AWS semantics
// (the reasoning beside each) hold with the component that decides them.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "model/load/cloudformation.h"
#include "model/load/stack_loader.h"
#include "sim/network.h"
#include "sim/query.h"

namespace awssim::sim {
namespace {

namespace fs = std::filesystem;

const std::string kUpstream = std::string(AWSSIM_SHARED_DIR) + "/upstream/iac/cloudformation/";

struct Loaded {
  load::LoadResult res;
  std::unique_ptr<Network> net;
};

std::string diagText(const load::LoadResult& r) {
  std::string out;
  for (const auto& d : r.diags.all()) out += d.str() + "\n";
  return out;
}

std::unique_ptr<Loaded> loadPath(const std::string& path, const load::InputOptions& o = {}) {
  auto l = std::make_unique<Loaded>();
  model::DiskFileSource disk;
  l->res = load::loadStack(path, disk, o);
  EXPECT_TRUE(l->res.ok()) << diagText(l->res);
  if (l->res.ok()) l->net = std::make_unique<Network>(l->res.stack);
  return l;
}

/// Copies upstream templates into a fresh folder with a sidecar stack.yaml.
std::string folderWith(const std::string& name, const std::vector<std::string>& files, const std::string& sidecar) {
  std::string dir = ::testing::TempDir() + "awssim-cfn-" + name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (const auto& f : files) {
    fs::create_directories(fs::path(dir + "/" + f).parent_path());
    fs::copy_file(kUpstream + f, dir + "/" + f);
  }
  std::ofstream(dir + "/stack.yaml") << sidecar;
  return dir;
}

struct Answer {
  std::string from, to;
  int port;
  std::string disposition;
  std::string through;  // a component on the forward path (the deciding one for blocks)
};

void expectAnswers(const Loaded& l, const std::vector<Answer>& answers) {
  ASSERT_TRUE(l.net);
  for (const auto& a : answers) {
    Query q;
    q.from = a.from;
    q.to = a.to;
    q.port = a.port;
    QueryResult r = runQuery(*l.net, q);
    EXPECT_EQ(dispositionName(r.disposition), a.disposition) << a.from << " -> " << a.to << ":" << a.port;
    bool seen = false;
    std::string path;
    for (const auto& part : r.parts)
      for (const auto& h : part.trace.forward) {
        path += h.component + "/" + h.action + " ";
        bool blocks = h.action == "denied" || h.action == "dropped" || h.action == "no route";
        bool isBlock = a.disposition != "ACCEPTED" && a.disposition != "EXITS_NETWORK";
        if (h.component == a.through && (!isBlock || blocks || a.disposition == "NULL_ROUTED")) seen = true;
      }
    EXPECT_TRUE(seen) << a.from << " -> " << a.to << ":" << a.port << " not decided/through " << a.through
                      << "; path: " << path;
  }
}

size_t warningsMentioning(const load::LoadResult& r, const std::string& text) {
  size_t n = 0;
  for (const auto& d : r.diags.all())
    if (d.message.find(text) != std::string::npos) ++n;
  return n;
}

// VPC with managed NAT: an IGW for the public route table, one NAT per zone,
// a public NACL built from separate NetworkAclEntry resources.
TEST(CloudFormation, VpcWithNatAndNacl) {
  auto l = loadPath(kUpstream + "acft_vpc_nat_private_nacl.yaml");
  const auto& s = l->res.stack;
  EXPECT_EQ(s.subnets.size(), 4u);
  // Both entries (100 ingress, 100 egress) land in the one NACL.
  ASSERT_TRUE(s.nacls.find("PublicNetworkAcl"));
  EXPECT_EQ(s.nacls.find("PublicNetworkAcl")->ingress.size(), 1u);
  EXPECT_EQ(s.nacls.find("PublicNetworkAcl")->egress.size(), 1u);
  EXPECT_EQ(s.subnets.find("PublicSubnet0")->nacl, "PublicNetworkAcl");
  expectAnswers(*l, {
      // PrivateRouteTable0 sends 0.0.0.0/0 to NATGateway0, whose public
      // subnet routes to the IGW: the flow leaves the VPC.
      {"PrivateSubnet0", "8.8.8.8", 443, "EXITS_NETWORK", "NATGateway0"},
      // Zone b's private table uses its own NAT.
      {"PrivateSubnet1", "8.8.8.8", 443, "EXITS_NETWORK", "NATGateway1"},
      // The public subnets' route goes through the NACL entries (allow all)
      // to the IGW.
      {"PrivateSubnet0", "8.8.8.8", 443, "EXITS_NETWORK", "nacl PublicNetworkAcl"},
      // Nothing in the VPC has a public address the internet could route to.
      {"internet", "10.0.2.10", 22, "NULL_ROUTED", "internet"},
      // Within the VPC the local route delivers to the subnet; no interface
      // owns the address.
      {"PrivateSubnet1", "10.0.0.10", 80, "NEIGHBOR_UNREACHABLE", "PublicSubnet0"},
  });
}

// ECS on EC2 in a private VPC: the cluster's capacity comes from the Auto
// Scaling group whose user data joins it; SecurityGroupIngress resources
// open the hosts to the load balancers; groups without SecurityGroupEgress
// keep EC2's allow-all egress; a DynamoDB gateway endpoint on the private
// tables. Loaded with the service template that imports its exports.
TEST(CloudFormation, EcsClusterAndServiceThroughExports) {
  std::string dir = folderWith("acft", {"acft_ecs_ec2_private_vpc_cluster.yaml", "acft_ecs_ec2_private_service.yaml"},
                               "region: us-east-1\n"
                               "cloudformation:\n"
                               "  templates:\n"
                               "    - template: acft_ecs_ec2_private_vpc_cluster.yaml\n"
                               "      stack_name: cluster\n"
                               "    - template: acft_ecs_ec2_private_service.yaml\n"
                               "      parameters: {StackName: cluster, ServiceName: api}\n");
  auto l = loadPath(dir + "/stack.yaml");
  const auto& s = l->res.stack;
  const std::string c = "cluster/";
  const std::string v = "acft-ecs-ec2-private-service/";
  ASSERT_TRUE(s.ecs_clusters.find(c + "ECSCluster"));
  ASSERT_TRUE(s.ecs_clusters.find(c + "ECSCluster")->capacity);
  EXPECT_EQ(s.ecs_clusters.find(c + "ECSCluster")->capacity->instance_type, "c4.xlarge");
  EXPECT_EQ(s.ecs_clusters.find(c + "ECSCluster")->capacity->desired, 3);
  // The service's cluster, target group and VPC come through Fn::ImportValue.
  ASSERT_TRUE(s.ecs_services.find(v + "Service"));
  EXPECT_EQ(s.ecs_services.find(v + "Service")->cluster, c + "ECSCluster");
  EXPECT_EQ(s.target_groups.find(v + "TargetGroup")->vpc, c + "VPC");
  // PublicLoadBalancerSG has no SecurityGroupEgress: all egress allowed.
  const auto* lbSg = s.security_groups.find(c + "PublicLoadBalancerSG");
  ASSERT_TRUE(lbSg);
  ASSERT_EQ(lbSg->egress.size(), 1u);
  EXPECT_EQ(lbSg->egress[0].cidr.str(), "0.0.0.0/0");
  expectAnswers(*l, {
      // The public ALB's group admits 0.0.0.0/0 and its subnets route to the IGW.
      {"internet", c + "PublicLoadBalancer", 80, "ACCEPTED", c + "PublicLoadBalancerSG"},
      // EcsSecurityGroupIngressFromPublicALB (a separate resource) admits
      // the ALB's group into the hosts' group.
      {c + "PublicLoadBalancer", c + "ECSCluster", 80, "ACCEPTED", c + "EcsHostSecurityGroup"},
      // The hosts are in private subnets without public addresses.
      {"internet", c + "ECSCluster", 22, "NULL_ROUTED", "internet"},
      // DynamoDB goes through the gateway endpoint on the private tables.
      {c + "PrivateSubnetOne", "dynamodb", 443, "EXITS_NETWORK", c + "DynamoDBEndpoint"},
      // Everything else leaves through zone a's NAT gateway.
      {c + "PrivateSubnetOne", "8.8.8.8", 443, "EXITS_NETWORK", c + "NatGatewayOne"},
  });
}

// cdk synth output: Fn::GetAZs "" with Fn::Select, CDK's explicit egress
// rules, separate SecurityGroupIngress resources between the services, an
// internet-facing ALB in front of a Fargate service, and CDK's Rules and
// BootstrapVersion parameter read past.
TEST(CloudFormation, CdkSynthFargateBehindAlb) {
  auto l = loadPath(kUpstream + "cdk_synth_ecs_alb_sg_ingress.template.json");
  const std::string lb = "greeterloadbalancer85256741";
  expectAnswers(*l, {
      // The ALB's group allows 0.0.0.0/0 on 80; public subnets route to the IGW.
      {"internet", lb, 80, "ACCEPTED", "greeterloadbalancerSecurityGroupEE1B20F3"},
      // greeterserviceSecurityGroupfrom...loadbalancer... admits the ALB's
      // group on 80 into the greeter service.
      {lb, "greeterserviceService8EDD3244", 80, "ACCEPTED", "greeterserviceSecurityGroupDB4AC3A9"},
      // nameserviceSecurityGroupfrom...greeterservice... admits the
      // greeter's group only; the greeting service is not admitted.
      {"greeterserviceService8EDD3244", "nameserviceService8015C8D6", 80, "ACCEPTED", "nameserviceSecurityGroup33F4662C"},
      {"greetingserviceService8DA58640", "nameserviceService8015C8D6", 80, "DENIED_IN", "nameserviceSecurityGroup33F4662C"},
      // Fargate tasks in private subnets have no public address.
      {"internet", "nameserviceService8015C8D6", 80, "NULL_ROUTED", "internet"},
  });
  EXPECT_EQ(l->res.stack.subnets.find("productionenvironmentvpcPublicSubnet1Subnet8D92C089")->az, "us-east-1a");
  EXPECT_EQ(l->res.stack.subnets.find("productionenvironmentvpcPublicSubnet2Subnet298E6C31")->az, "us-east-1b");
}

// A CDK parent and its nested stack: the parent's resources use the
// nested VPC, subnets and cluster through GetAtt Stack.Outputs.X. The S3
// asset URL is mapped to the local file with template_urls.
TEST(CloudFormation, CdkNestedStackOutputs) {
  std::string dir = folderWith(
      "cdknested", {"cdk_synth_parent_of_nested.template.json", "cdk_synth_nested_vpc_cluster.nested.template.json"},
      "region: us-east-1\n"
      "cloudformation:\n"
      "  templates:\n"
      "    - template: cdk_synth_parent_of_nested.template.json\n"
      "  template_urls:\n"
      "    \"https://s3.us-east-1.amazonaws.com/cdk-hnb659fds-assets-123456789012-us-east-1/"
      "68e34c759c6a6e13a84b4608c7aba93b4d15c81ff7de6cf4ee427d2b9339790e.json\": "
      "cdk_synth_nested_vpc_cluster.nested.template.json\n");
  auto l = loadPath(dir + "/stack.yaml");
  const auto& s = l->res.stack;
  const std::string n = "ResourcesNestedStackResourcesNestedStackResourceCDA26E60/";
  ASSERT_EQ(s.vpcs.size(), 1u);
  EXPECT_EQ(s.vpcs[0].name, n + "Environmentenvironmentvpc02635CAD");
  // The parent's load balancer group sits in the nested stack's VPC.
  ASSERT_TRUE(s.security_groups.find("ServiceloadbalancerSecurityGroup2DA3E8D6"));
  EXPECT_EQ(s.security_groups.find("ServiceloadbalancerSecurityGroup2DA3E8D6")->vpc, s.vpcs[0].name);
  std::string lbName, serviceName;
  for (const auto& lb : s.load_balancers) lbName = lb.name;
  for (const auto& svc : s.ecs_services) serviceName = svc.name;
  ASSERT_FALSE(lbName.empty());
  ASSERT_FALSE(serviceName.empty());
  std::string privateSubnet;
  for (const auto& sub : s.subnets)
    if (sub.name.find("Private") != std::string::npos && privateSubnet.empty()) privateSubnet = sub.name;
  expectAnswers(*l, {
      // The parent's ALB lives in the nested stack's public subnets.
      {"internet", lbName, 80, "ACCEPTED", lbName + "/" + n + "EnvironmentenvironmentvpcPublicSubnet1Subnet90FA3050"},
      // The service's tasks run in the nested private subnets, reached from the ALB.
      {lbName, serviceName, 80, "ACCEPTED", serviceName + "/1"},
      {"internet", serviceName, 80, "NULL_ROUTED", "internet"},
      // Private subnets of the nested VPC leave through its NAT gateway.
      {privateSubnet, "8.8.8.8", 443, "EXITS_NETWORK", "internet"},
      {privateSubnet, "10.255.0.1", 443, "EXITS_NETWORK", "internet"},
  });
}

// The ECS reference architecture: master.yaml wires six nested stacks
// through Fn::GetAtt Stack.Outputs.X; their S3 URLs are found by object key
// beside master.yaml.
TEST(CloudFormation, EcsRefarchNestedStacks) {
  auto l = loadPath(kUpstream + "ecs-refarch/master.yaml");
  const auto& s = l->res.stack;
  ASSERT_TRUE(s.vpcs.find("VPC/VPC"));
  ASSERT_TRUE(s.ecs_clusters.find("ECS/ECSCluster"));
  ASSERT_TRUE(s.ecs_clusters.find("ECS/ECSCluster")->capacity);
  EXPECT_EQ(s.ecs_clusters.find("ECS/ECSCluster")->capacity->instance_type, "t2.large");  // master's InstanceType
  EXPECT_EQ(s.ecs_clusters.find("ECS/ECSCluster")->capacity->desired, 4);              // master's ClusterSize
  // The services' target groups are in the VPC child's VPC (a parameter
  // passed through master).
  EXPECT_EQ(s.target_groups.find("ProductService/TargetGroup")->vpc, "VPC/VPC");
  EXPECT_EQ(s.security_groups.find("SecurityGroups/ECSHostSecurityGroup")->vpc, "VPC/VPC");
  // Listener rules add the services' target groups to the ALB's listener.
  size_t forwards = s.load_balancers.find("ALB/LoadBalancer")->listeners.size();
  EXPECT_EQ(forwards, 3u);
  expectAnswers(*l, {
      // LoadBalancerSecurityGroup admits 0.0.0.0/0 (all traffic).
      {"internet", "ALB/LoadBalancer", 80, "ACCEPTED", "SecurityGroups/LoadBalancerSecurityGroup"},
      // ECSHostSecurityGroup admits everything from the ALB's group.
      {"ALB/LoadBalancer", "ECS/ECSCluster", 8080, "ACCEPTED", "SecurityGroups/ECSHostSecurityGroup"},
      // The hosts are in private subnets.
      {"internet", "ECS/ECSCluster", 22, "NULL_ROUTED", "internet"},
      // Private subnets reach out through their zone's NAT gateway.
      {"VPC/PrivateSubnet1", "8.8.8.8", 443, "EXITS_NETWORK", "VPC/NatGateway1"},
      {"VPC/PrivateSubnet2", "8.8.8.8", 443, "EXITS_NETWORK", "VPC/NatGateway2"},
  });
}

// The AWS Quick Start VPC: 17 conditions decide which of its resources
// exist. With four zones and no additional private subnets, the B subnets
// and their NACLs are left out; every private A table gets the S3 endpoint.
TEST(CloudFormation, QuickstartConditions) {
  load::InputOptions o;
  o.parameters_file = kUpstream + "cfnlint_quickstart_vpc_4az_conditions.params.json";
  auto l = loadPath(kUpstream + "cfnlint_quickstart_vpc_4az_conditions.json", o);
  const auto& s = l->res.stack;
  EXPECT_EQ(s.subnets.size(), 8u);
  EXPECT_FALSE(s.subnets.find("PrivateSubnet1B"));
  EXPECT_TRUE(s.nacls.empty());
  EXPECT_EQ(s.subnets.find("PrivateSubnet4A")->az, "us-east-1d");
  EXPECT_EQ(s.endpoints.find("S3VPCEndpoint")->route_tables.size(), 4u);
  expectAnswers(*l, {
      {"PrivateSubnet4A", "8.8.8.8", 443, "EXITS_NETWORK", "NATGateway4"},
      {"PrivateSubnet1A", "s3", 443, "EXITS_NETWORK", "S3VPCEndpoint"},
      {"PublicSubnet3", "8.8.8.8", 443, "DENIED_IN", "InternetGateway"},
      {"internet", "10.0.0.10", 22, "NULL_ROUTED", "internet"},
      {"PublicSubnet3", "10.0.0.10", 22, "NEIGHBOR_UNREACHABLE", "PrivateSubnet1A"},
  });
  // With three zones the fourth zone's resources are left out.
  o.parameters["NumberOfAZs"] = "3";
  o.parameters["AvailabilityZones"] = "us-east-1a,us-east-1b,us-east-1c";
  auto three = loadPath(kUpstream + "cfnlint_quickstart_vpc_4az_conditions.json", o);
  EXPECT_EQ(three->res.stack.subnets.size(), 6u);
  EXPECT_FALSE(three->res.stack.nat_gateways.find("NATGateway4"));
}

// Unsupported types are one warning each, never an error.
TEST(CloudFormation, UnsupportedTypesAreOneWarningEach) {
  auto l = loadPath(kUpstream + "acft_ecs_ec2_private_vpc_cluster.yaml");
  EXPECT_EQ(warningsMentioning(l->res, "AWS::IAM::Role (3 resources) is not modelled"), 1u);
  EXPECT_EQ(warningsMentioning(l->res, "AWS::IAM::InstanceProfile (1 resource) is not modelled"), 1u);
  EXPECT_EQ(l->res.diags.errorCount(), 0);
}

}  // namespace
}  // namespace awssim::sim

namespace awssim::sim {
namespace {

// The seed's EC2 deployment written as a template (YAML with short tags, and
// the CDK-style JSON variant) answers every expectation of fixtures/seed-ec2
// the same way, decided by the same kind of component.
class SeedTemplate : public ::testing::TestWithParam<std::string> {};

TEST_P(SeedTemplate, AnswersWhatSeedEc2Answers) {
  std::string dir = std::string(AWSSIM_SOURCE_DIR) + "/fixtures/";
  auto seed = loadPath(dir + "seed-ec2/stack.yaml");
  auto cfn = loadPath(dir + "seed-ec2-cfn/" + GetParam());
  ASSERT_TRUE(seed->net && cfn->net);
  ASSERT_EQ(cfn->res.stack.expectations.size(), seed->res.stack.expectations.size() + 1);
  for (const auto& e : seed->res.stack.expectations) {
    Query q;
    q.from = e.from;
    q.to = e.to;
    q.port = e.port.value_or(0);
    QueryResult a = runQuery(*seed->net, q), b = runQuery(*cfn->net, q);
    EXPECT_EQ(dispositionName(b.disposition), dispositionName(a.disposition)) << e.text;
    ASSERT_FALSE(a.parts.empty());
    ASSERT_FALSE(b.parts.empty());
    std::vector<std::string> ka, kb;
    for (const auto& h : a.parts[0].trace.forward) ka.push_back(h.kind + "/" + h.action);
    for (const auto& h : b.parts[0].trace.forward) kb.push_back(h.kind + "/" + h.action);
    EXPECT_EQ(kb, ka) << e.text;
  }
  // User data inline in the template feeds the intents at the template's lines.
  const auto* redis = cfn->res.stack.instances.find("redis");
  ASSERT_TRUE(redis && redis->manifests.user_data);
  bool s3 = false;
  for (const auto& c : redis->manifests.user_data->commands)
    if (c.kind == "s3-copy" && c.loc.file.ends_with(GetParam() == "stack.yaml" ? "template.yaml" : "template.json")) s3 = true;
  EXPECT_TRUE(s3);
  EXPECT_EQ(redis->private_ip, model::parseIpv4("10.0.0.4"));
  EXPECT_TRUE(redis->metadata.tokens_required);
}

INSTANTIATE_TEST_SUITE_P(Fixtures, SeedTemplate, ::testing::Values("stack.yaml", "stack-json.yaml"),
                         [](const auto& i) { return i.param == "stack.yaml" ? std::string("yaml") : std::string("json"); });

}  // namespace
}  // namespace awssim::sim
