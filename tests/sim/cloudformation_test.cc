// CloudFormation and CDK templates as input: every template under
// ../shared/upstream/iac/cloudformation loads (unsupported types are one
// warning each), and for each, answers derived by hand from AWS semantics
// (the reasoning beside each) hold with the component that decides them.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include "model/load/cloudformation.h"
#include "model/load/stack_loader.h"
#include "rules/ecs_checks.h"
#include "sim/network.h"
#include "sim/query.h"
#include "sim_test_util.h"

namespace awssim::sim {
namespace {

namespace fs = std::filesystem;

const std::string kUpstream = std::string(AWSSIM_SHARED_DIR) + "/upstream/iac/cloudformation/";

using testing::Loaded;
using testing::diagText;
using testing::loadPath;
using testing::warningsMentioning;

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

void expectAnswers(const Loaded& l, const std::vector<testing::Answer>& answers) {
  ASSERT_TRUE(l.net);
  testing::expectAnswers(*l.net, answers);
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
      // A private address outside every VPC: the NAT gateway hands it to the
      // internet gateway, and the internet does not route RFC 1918 space.
      {privateSubnet, "10.255.0.1", 443, "NULL_ROUTED", "internet"},
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

/// Writes a template given inline into a fresh folder; returns its path.
std::string templateFile(const std::string& name, const std::string& text) {
  std::string dir = ::testing::TempDir() + "awssim-cfn-" + name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir + "/template.yaml") << text;
  return dir + "/template.yaml";
}

// A transit gateway with its own route table (default association and
// propagation off): both attachments associated with "Shared", VPC B
// propagated into it, VPC A by a static route. A -> B uses B's propagated
// CIDR and B -> A the static route; without the propagation (a condition)
// A -> B has no route at the gateway; a blackhole static route null-routes
// B -> A.
TEST(CloudFormation, TransitGatewayRouteTables) {
  std::string path = templateFile("tgw", R"(AWSTemplateFormatVersion: "2010-09-09"
Description: Two VPCs through a transit gateway with its own route table.
Parameters:
  PropagateB: {Type: String, Default: "true", AllowedValues: ["true", "false"]}
  Blackhole: {Type: String, Default: "false", AllowedValues: ["true", "false"]}
Conditions:
  DoPropagateB: !Equals [!Ref PropagateB, "true"]
  IsBlackhole: !Equals [!Ref Blackhole, "true"]
Resources:
  VpcA: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.1.0.0/16}}
  VpcB: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.2.0.0/16}}
  SubnetA: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref VpcA, CidrBlock: 10.1.0.0/24, AvailabilityZone: !Select [0, !GetAZs ""]}}
  SubnetB: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref VpcB, CidrBlock: 10.2.0.0/24, AvailabilityZone: !Select [0, !GetAZs ""]}}
  Tgw:
    Type: AWS::EC2::TransitGateway
    Properties: {DefaultRouteTableAssociation: disable, DefaultRouteTablePropagation: disable}
  AttA: {Type: AWS::EC2::TransitGatewayAttachment, Properties: {TransitGatewayId: !Ref Tgw, VpcId: !Ref VpcA, SubnetIds: [!Ref SubnetA]}}
  AttB: {Type: AWS::EC2::TransitGatewayAttachment, Properties: {TransitGatewayId: !Ref Tgw, VpcId: !Ref VpcB, SubnetIds: [!Ref SubnetB]}}
  Shared: {Type: AWS::EC2::TransitGatewayRouteTable, Properties: {TransitGatewayId: !Ref Tgw}}
  AssocA: {Type: AWS::EC2::TransitGatewayRouteTableAssociation, Properties: {TransitGatewayRouteTableId: !Ref Shared, TransitGatewayAttachmentId: !Ref AttA}}
  AssocB: {Type: AWS::EC2::TransitGatewayRouteTableAssociation, Properties: {TransitGatewayRouteTableId: !Ref Shared, TransitGatewayAttachmentId: !Ref AttB}}
  PropB:
    Type: AWS::EC2::TransitGatewayRouteTablePropagation
    Condition: DoPropagateB
    Properties: {TransitGatewayRouteTableId: !Ref Shared, TransitGatewayAttachmentId: !Ref AttB}
  RouteToA:
    Type: AWS::EC2::TransitGatewayRoute
    Properties:
      TransitGatewayRouteTableId: !Ref Shared
      DestinationCidrBlock: 10.1.0.0/16
      TransitGatewayAttachmentId: !If [IsBlackhole, !Ref "AWS::NoValue", !Ref AttA]
      Blackhole: !If [IsBlackhole, true, !Ref "AWS::NoValue"]
  RtA: {Type: AWS::EC2::RouteTable, Properties: {VpcId: !Ref VpcA}}
  RtB: {Type: AWS::EC2::RouteTable, Properties: {VpcId: !Ref VpcB}}
  RouteA: {Type: AWS::EC2::Route, DependsOn: AttA, Properties: {RouteTableId: !Ref RtA, DestinationCidrBlock: 10.0.0.0/8, TransitGatewayId: !Ref Tgw}}
  RouteB: {Type: AWS::EC2::Route, DependsOn: AttB, Properties: {RouteTableId: !Ref RtB, DestinationCidrBlock: 10.0.0.0/8, TransitGatewayId: !Ref Tgw}}
  AssocRtA: {Type: AWS::EC2::SubnetRouteTableAssociation, Properties: {SubnetId: !Ref SubnetA, RouteTableId: !Ref RtA}}
  AssocRtB: {Type: AWS::EC2::SubnetRouteTableAssociation, Properties: {SubnetId: !Ref SubnetB, RouteTableId: !Ref RtB}}
  SgA:
    Type: AWS::EC2::SecurityGroup
    Properties: {GroupDescription: a, VpcId: !Ref VpcA, SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 10.0.0.0/8}]}
  SgB:
    Type: AWS::EC2::SecurityGroup
    Properties: {GroupDescription: b, VpcId: !Ref VpcB, SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 10.0.0.0/8}]}
  HostA: {Type: AWS::EC2::Instance, Properties: {InstanceType: t3.micro, ImageId: ami-1, SubnetId: !Ref SubnetA, SecurityGroupIds: [!Ref SgA]}}
  HostB: {Type: AWS::EC2::Instance, Properties: {InstanceType: t3.micro, ImageId: ami-1, SubnetId: !Ref SubnetB, SecurityGroupIds: [!Ref SgB]}}
)");
  auto l = loadPath(path);
  expectAnswers(*l, {{"HostA", "HostB", 22, "ACCEPTED", "Tgw"}, {"HostB", "HostA", 22, "ACCEPTED", "Tgw"}});
  const auto* t = l->res.stack.transit_gateways.find("Tgw");
  ASSERT_TRUE(t);
  ASSERT_EQ(t->route_tables.size(), 1u);  // no default table: both defaults are off
  EXPECT_EQ(t->route_tables[0].name, "Shared");
  EXPECT_EQ(t->route_tables[0].propagations, std::vector<std::string>{"AttB"});
  EXPECT_EQ(t->attachments[0].route_table, "Shared");
  auto noProp = loadPath(path, {{{"PropagateB", "false"}}, "", "", {}, false});
  expectAnswers(*noProp, {{"HostA", "HostB", 22, "NO_ROUTE", "Tgw"}});
  auto hole = loadPath(path, {{{"Blackhole", "true"}}, "", "", {}, false});
  expectAnswers(*hole, {{"HostB", "HostA", 22, "NULL_ROUTED", "Tgw"}});
}

// A standalone Auto Scaling group (not ECS capacity) becomes a model group:
// its desired instances over its subnets, registered with its target group,
// and a launch template that fixes an address is AWSSIM-TRAP-001's case.
TEST(CloudFormation, AutoScalingGroupOfEc2Instances) {
  std::string path = templateFile("asg", R"(AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
  SubA: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.0.0/24, AvailabilityZone: us-east-1a}}
  SubB: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24, AvailabilityZone: us-east-1b}}
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties: {GroupDescription: web, VpcId: !Ref Vpc, SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 8080, ToPort: 8080, CidrIp: 10.0.0.0/16}]}
  Tg: {Type: AWS::ElasticLoadBalancingV2::TargetGroup, Properties: {VpcId: !Ref Vpc, Port: 8080, Protocol: HTTP}}
  Lt:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateData:
        InstanceType: t3.micro
        SecurityGroupIds: [!Ref Sg]
        MetadataOptions: {HttpTokens: required}
  Group:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties:
      MinSize: "1"
      MaxSize: "4"
      DesiredCapacity: "3"
      VPCZoneIdentifier: [!Ref SubA, !Ref SubB]
      LaunchTemplate: {LaunchTemplateId: !Ref Lt, Version: !GetAtt Lt.LatestVersionNumber}
      TargetGroupARNs: [!Ref Tg]
)");
  auto l = loadPath(path);
  ASSERT_TRUE(l->net);
  std::vector<std::string> got;
  for (const auto& i : l->res.stack.instances) got.push_back(i.name + " " + i.subnet + " " + i.type);
  EXPECT_EQ(got, (std::vector<std::string>{"Group-1 SubA t3.micro", "Group-2 SubB t3.micro", "Group-3 SubA t3.micro"}));
  EXPECT_EQ(l->res.stack.target_groups.find("Tg")->targets.size(), 3u);
  EXPECT_EQ(l->res.stack.launch_templates.find("Lt")->loc.line, 11);
  // The group's members answer like instances; SubB's member is reached from SubA's.
  expectAnswers(*l, {{"Group-1", "Group-2", 8080, "ACCEPTED", "Sg"}, {"Group-1", "Group-2", 22, "DENIED_IN", "Sg"}});
}

// The classic sample shape: a security group without VpcId and an instance
// without SubnetId land in the region's default VPC, modelled as AWS
// documents it (172.31.0.0/16, a public /20 per zone, main route table to an
// internet gateway), with one warning saying so. The instance gets a public
// address from its default subnet, so SSH from the internet reaches it
// through the group, and port 80 is denied by it.
TEST(CloudFormation, DefaultVpcWhenNothingIsNamed) {
  std::string path = templateFile("default-vpc", R"(AWSTemplateFormatVersion: "2010-09-09"
Resources:
  InstanceSecurityGroup:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: Enable SSH access via port 22
      SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0}]
  EC2Instance:
    Type: AWS::EC2::Instance
    Properties:
      InstanceType: t3.micro
      ImageId: ami-0123456789abcdef0
      AvailabilityZone: us-east-1b
      SecurityGroups: [!Ref InstanceSecurityGroup]
)");
  auto l = loadPath(path);
  ASSERT_TRUE(l->net);
  EXPECT_EQ(warningsMentioning(l->res, "lands in the region's default VPC"), 1u);
  const auto* v = l->res.stack.vpcs.find("default-vpc");
  ASSERT_TRUE(v);
  EXPECT_TRUE(v->is_default);
  EXPECT_EQ(v->cidrs[0].str(), "172.31.0.0/16");
  const auto* i = l->res.stack.instances.find("EC2Instance");
  ASSERT_TRUE(i);
  EXPECT_EQ(i->subnet, "default-vpc-us-east-1b");
  EXPECT_EQ(l->res.stack.subnets.find(i->subnet)->cidr.str(), "172.31.16.0/20");
  EXPECT_TRUE(i->public_ip);
  EXPECT_EQ(l->res.stack.security_groups.find("InstanceSecurityGroup")->vpc, "default-vpc");
  expectAnswers(*l, {{"internet", "EC2Instance", 22, "ACCEPTED", "default-vpc-igw"},
                     {"internet", "EC2Instance", 80, "DENIED_IN", "InstanceSecurityGroup"}});
}

// A template deploying into an existing network (parameters of type
// AWS::EC2::VPC::Id and AWS::EC2::Subnet::Id) is checked against a
// describe-* snapshot of it: one model. Batfish's public-subnet snapshot
// holds the instance i-06669a407b2ef3ae5 (10.0.0.91) in that subnet; the
// template's group admits 8080 from the VPC, so the snapshot's instance
// reaches the template's, and the snapshot's launch-wizard group (SSH only)
// still refuses 8080 the other way. Without the network, each piece that
// names it is one warning and left out, never an error.
TEST(CloudFormation, TemplateIntoASnapshotNetwork) {
  std::string tpl = R"(AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  VpcId: {Type: "AWS::EC2::VPC::Id"}
  SubnetId: {Type: "AWS::EC2::Subnet::Id"}
Resources:
  AppSg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: app
      VpcId: !Ref VpcId
      SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 8080, ToPort: 8080, CidrIp: 10.0.0.0/16}]
  App:
    Type: AWS::EC2::Instance
    Properties: {InstanceType: t3.micro, ImageId: ami-1, SubnetId: !Ref SubnetId, SecurityGroupIds: [!Ref AppSg]}
)";
  std::string dir = ::testing::TempDir() + "awssim-cfn-into-network";
  fs::remove_all(dir);
  fs::create_directories(dir + "/net");
  fs::copy(std::string(AWSSIM_SHARED_DIR) + "/upstream/batfish-aws/test-public-subnet/aws_configs", dir + "/net/aws_configs",
           fs::copy_options::recursive);
  std::ofstream(dir + "/app.yaml") << tpl;
  std::ofstream(dir + "/stack.yaml") << "region: us-east-2\n"
                                        "cloudformation:\n"
                                        "  network: net\n"
                                        "  templates:\n"
                                        "    - template: app.yaml\n"
                                        "      parameters: {VpcId: vpc-0672bce73895d7252, SubnetId: subnet-0bb82ae8b3ea5dc78}\n";
  auto l = loadPath(dir + "/stack.yaml");
  ASSERT_TRUE(l->net);
  EXPECT_EQ(l->res.stack.instances.find("App")->subnet, "Public subnet");
  expectAnswers(*l, {{"i-06669a407b2ef3ae5", "App", 8080, "ACCEPTED", "AppSg"},
                     {"App", "i-06669a407b2ef3ae5", 8080, "DENIED_IN", "launch-wizard-1"}});
  // The same from the command line's --network.
  auto cli = loadPath(dir + "/app.yaml", {{{"VpcId", "vpc-0672bce73895d7252"}, {"SubnetId", "subnet-0bb82ae8b3ea5dc78"}},
                                          "", "", {dir + "/net"}, false});
  EXPECT_EQ(cli->res.stack.region, "us-east-2");
  expectAnswers(*cli, {{"i-06669a407b2ef3ae5", "App", 8080, "ACCEPTED", "AppSg"}});
  // Without it: warnings, no error, nothing invented.
  model::DiskFileSource disk;
  auto bare = load::loadStack(dir + "/app.yaml", disk,
                              {{{"VpcId", "vpc-0672bce73895d7252"}, {"SubnetId", "subnet-0bb82ae8b3ea5dc78"}}, "", "", {}, false});
  EXPECT_EQ(bare.diags.errorCount(), 0) << diagText(bare);
  EXPECT_EQ(warningsMentioning(bare, "refers to vpc-0672bce73895d7252"), 1u);
  EXPECT_EQ(warningsMentioning(bare, "refers to subnet-0bb82ae8b3ea5dc78"), 1u);
  EXPECT_TRUE(bare.stack.instances.empty());
}

// The sidecar attaches files to the templates' instances and launch
// templates by name; a name the templates lack is a located error.
TEST(CloudFormation, SidecarManifestsNameTemplateInstances) {
  std::string path = templateFile("manifests", R"(Resources:
  Sg: {Type: AWS::EC2::SecurityGroup, Properties: {GroupDescription: x}}
  Web: {Type: AWS::EC2::Instance, Properties: {InstanceType: t3.micro, SecurityGroupIds: [!Ref Sg]}}
)");
  std::string dir = fs::path(path).parent_path();
  std::ofstream(dir + "/app.env") << "REDIS_HOST=10.0.0.4\n";
  std::ofstream(dir + "/stack.yaml") << "region: us-east-1\n"
                                        "cloudformation:\n"
                                        "  templates: [{template: template.yaml}]\n"
                                        "  manifests:\n"
                                        "    Web: {env_files: [app.env]}\n"
                                        "    Wbe: {env_files: [app.env]}\n";
  model::DiskFileSource disk;
  auto r = load::loadStack(dir + "/stack.yaml", disk);
  std::vector<std::string> errors;
  for (const auto& d : r.diags.all())
    if (d.level == model::Level::Error) errors.push_back(d.str());
  EXPECT_EQ(errors, std::vector<std::string>{dir + "/stack.yaml:6:5: error: manifests of 'Wbe': no template or plan has "
                                             "an instance or launch template 'Wbe'; did you mean 'Web'? (have: Web)"});
  const auto* web = r.stack.instances.find("Web");
  ASSERT_TRUE(web);
  ASSERT_EQ(web->manifests.env_files.size(), 1u);
  EXPECT_EQ(web->manifests.env_files[0].file, dir + "/app.env");
}

// Regression: an empty SecurityGroupEgress (or one whose every entry a
// condition removes) adds no egress rule, so EC2 adds its allow-all rule;
// it was read as "no egress at all".
TEST(CloudFormation, EmptyEgressListKeepsTheDefaultEgress) {
  std::string path = templateFile("empty-egress", R"(Conditions:
  Never: !Equals [a, b]
Resources:
  Empty: {Type: AWS::EC2::SecurityGroup, Properties: {GroupDescription: x, SecurityGroupEgress: []}}
  Removed:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: x
      SecurityGroupEgress: [!If [Never, {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0}, !Ref AWS::NoValue]]
  Closed:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: x
      SecurityGroupEgress: [{IpProtocol: icmp, FromPort: 252, ToPort: 86, CidrIp: 255.255.255.255/32}]
)");
  auto l = loadPath(path);
  for (const char* name : {"Empty", "Removed"}) {
    const auto* g = l->res.stack.security_groups.find(name);
    ASSERT_TRUE(g) << name;
    ASSERT_EQ(g->egress.size(), 1u) << name;
    EXPECT_EQ(g->egress[0].describe(true), "all traffic to 0.0.0.0/0") << name;
  }
  ASSERT_EQ(l->res.stack.security_groups.find("Closed")->egress.size(), 1u);
  EXPECT_EQ(l->res.stack.security_groups.find("Closed")->egress[0].cidr.str(), "255.255.255.255/32");
}

// AWS::EC2::VPNGateway attached by a VPCGatewayAttachment's VpnGatewayId,
// a VPNConnection with a VPNConnectionRoute, a VPNGatewayRoutePropagation
// over the private table and a route whose GatewayId is the VPN gateway:
// on-premises traffic leaves through the VPN, and comes in from it.
TEST(CloudFormation, SiteToSiteVpn) {
  std::string path = templateFile("vpn", R"(Resources:
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
  Private: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24, AvailabilityZone: us-east-1a}}
  Table: {Type: AWS::EC2::RouteTable, Properties: {VpcId: !Ref Vpc}}
  Assoc: {Type: AWS::EC2::SubnetRouteTableAssociation, Properties: {SubnetId: !Ref Private, RouteTableId: !Ref Table}}
  Vgw: {Type: AWS::EC2::VPNGateway, Properties: {Type: ipsec.1}}
  Attach: {Type: AWS::EC2::VPCGatewayAttachment, Properties: {VpcId: !Ref Vpc, VpnGatewayId: !Ref Vgw}}
  Cgw: {Type: AWS::EC2::CustomerGateway, Properties: {Type: ipsec.1, IpAddress: 198.51.100.7, BgpAsn: 65000}}
  Office: {Type: AWS::EC2::VPNConnection, Properties: {Type: ipsec.1, CustomerGatewayId: !Ref Cgw, VpnGatewayId: !Ref Vgw, StaticRoutesOnly: true}}
  OfficeRoute: {Type: AWS::EC2::VPNConnectionRoute, Properties: {DestinationCidrBlock: 192.168.0.0/16, VpnConnectionId: !Ref Office}}
  Propagate: {Type: AWS::EC2::VPNGatewayRoutePropagation, DependsOn: Attach, Properties: {RouteTableIds: [!Ref Table], VpnGatewayId: !Ref Vgw}}
  Lab: {Type: AWS::EC2::Route, DependsOn: Attach, Properties: {RouteTableId: !Ref Table, DestinationCidrBlock: 172.16.0.0/12, GatewayId: !Ref Vgw}}
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: app
      VpcId: !Ref Vpc
      SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 192.168.0.0/16}]
  App: {Type: AWS::EC2::Instance, Properties: {InstanceType: t3.micro, ImageId: ami-1, SubnetId: !Ref Private, SecurityGroupIds: [!Ref Sg]}}
)");
  auto l = loadPath(path);
  ASSERT_EQ(l->res.stack.vpn_gateways.size(), 1u);
  EXPECT_EQ(l->res.stack.vpn_gateways[0].vpc, "Vpc");
  ASSERT_EQ(l->res.stack.vpn_connections.size(), 1u);
  ASSERT_EQ(l->res.stack.vpn_connections[0].on_premises.size(), 1u);
  EXPECT_EQ(l->res.stack.vpn_connections[0].on_premises[0].str(), "192.168.0.0/16");
  expectAnswers(*l, {
      {"App", "192.168.3.4", 443, "EXITS_NETWORK", "Vgw"},
      {"App", "172.16.0.9", 443, "EXITS_NETWORK", "Vgw"},
      {"App", "8.8.8.8", 443, "NO_ROUTE", "Table"},
      {"Office", "App", 22, "ACCEPTED", "Vgw"},
  });
}

// Regression (libFuzzer): an attachment naming no gateway read a missing
// property; it is left out with a warning.
TEST(CloudFormation, GatewayAttachmentWithoutAGateway) {
  std::string path = templateFile("attach-nothing", R"(Resources:
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
  Attach: {Type: AWS::EC2::VPCGatewayAttachment, Properties: {VpcId: !Ref Vpc}}
)");
  model::DiskFileSource disk;
  auto r = load::loadStack(path, disk);
  EXPECT_EQ(testing::warningsMentioning(r, "AWS::EC2::VPCGatewayAttachment 'Attach' names neither InternetGatewayId nor "
                                           "VpnGatewayId; left out"),
            1u);
}

// A template's task definition keeps each field's place: findings point
// at the container's Memory, the port mapping and the volume's Driver.
TEST(CloudFormation, TaskDefinitionFieldsKeepTheirLines) {
  std::string path = templateFile("taskdef", R"(Resources:
  Cluster: {Type: AWS::ECS::Cluster}
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: web
      NetworkMode: bridge
      ContainerDefinitions:
        - Name: web
          Image: nginx
          MemoryReservation: 512
          Memory: 256
          PortMappings:
            - {ContainerPort: 80, HostPort: 8080}
            - {ContainerPort: 81, AppProtocol: ftp}
      Volumes:
        - Name: data
          DockerVolumeConfiguration: {Scope: shared, Autoprovision: true, Driver: Local}
  Service: {Type: AWS::ECS::Service, Properties: {Cluster: !Ref Cluster, TaskDefinition: !Ref Task, DesiredCount: 1}}
)");
  auto l = loadPath(path);
  const auto* svc = l->res.stack.ecs_services.find("Service");
  ASSERT_TRUE(svc);
  std::vector<std::string> got;
  for (const auto& f : rules::checkTaskDefinition(svc->task_definition))
    got.push_back(fmt::format("{} {}:{}", f.rule_id, f.loc.line, f.loc.col));
  std::sort(got.begin(), got.end());
  // ECS-001 at Memory (line 12), ECS-005 at the second mapping (line 15),
  // ECS-008 at the volume's Driver (line 18), ECS-010 at the volume. Regression: Autoprovision
  // was not read, so a shared volume raised ECS-009 as well.
  EXPECT_EQ(got, (std::vector<std::string>{"AWSSIM-ECS-001 12:19", "AWSSIM-ECS-005 15:15", "AWSSIM-ECS-008 18:83", "AWSSIM-ECS-010 17:11"}));
}

// Transit gateway pieces that point at the wrong things, and a zone of no
// region, are located errors; a piece naming one already left out (with
// its warning) adds nothing.
TEST(CloudFormation, TangledTransitGatewayPiecesAreLocatedErrors) {
  std::string path = std::string(AWSSIM_SOURCE_DIR) + "/tests/fuzz/hostile/template/tgw-tangled.yaml";
  model::DiskFileSource disk;
  auto r = load::loadStack(path, disk);
  std::vector<std::string> errors;
  for (const auto& d : r.diags.all())
    if (d.level == model::Level::Error) errors.push_back(d.str().substr(path.size() + 1));
  EXPECT_EQ(errors, (std::vector<std::string>{
                        "12:165: error: AWS::EC2::TransitGatewayRoute 'Cross': attachment 'AttB' belongs to transit "
                        "gateway 'B', the route table 'TableA' to 'A'",
                        "13:122: error: AWS::EC2::TransitGatewayRoute 'Bad': DestinationCidrBlock '10.0.0.0/99' is not "
                        "an IPv4 CIDR",
                        "14:105: error: AWS::EC2::TransitGatewayRouteTableAssociation 'Wrong': TransitGatewayRouteTableId "
                        "names 'Sub', which is not a transit gateway route table",
                        "18:64: error: AWS::EC2::Instance 'I': AvailabilityZone 'mars-1a' is not a zone of us-east-1 "
                        "(us-east-1a, us-east-1b, us-east-1c, us-east-1d, us-east-1e, us-east-1f)"}));
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

namespace awssim::sim {
namespace {

// A parameter's AllowedPattern is the template's own regular expression,
// run on the value given. Regression (issue 16, class 3): a backtracking
// engine took exponential time on a pattern like (a+)+$; RE2 answers at
// once. A pattern RE2 cannot read (a lookahead) is a located warning.
TEST(CloudFormation, AllowedPatternRunsInLinearTime) {
  std::string path = templateFile("pattern", R"(AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Name: {Type: String, AllowedPattern: "(a+)+$"}
  Env: {Type: String, Default: prod, AllowedPattern: "(?=p)[a-z]+"}
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
)");
  load::InputOptions o;
  o.parameters["Name"] = std::string(40, 'a') + "!";
  model::DiskFileSource disk;
  auto r = load::loadStack(path, disk, o);
  EXPECT_EQ(testing::warningsMentioning(r, "parameter 'Name' value '" + o.parameters["Name"] +
                                               "' does not match its AllowedPattern (a+)+$"), 1u)
      << testing::diagText(r);
  EXPECT_EQ(testing::warningsMentioning(r, "parameter 'Env' AllowedPattern is not a regular expression awssim reads"),
            1u);
  o.parameters["Name"] = "aaa";
  EXPECT_EQ(testing::warningsMentioning(load::loadStack(path, disk, o), "does not match"), 0u);
}

}  // namespace
}  // namespace awssim::sim
