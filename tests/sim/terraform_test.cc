// Terraform plans and states as input: every file under
// ../shared/upstream/iac/terraform loads without errors, and answers
// derived by hand from the AWS provider's and AWS's semantics (the
// reasoning beside each) hold with the component that decides them.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "model/load/stack_loader.h"
#include "model/load/terraform.h"
#include "sim/network.h"
#include "sim_test_util.h"

namespace awssim::sim {
namespace {

const std::string kTf = std::string(AWSSIM_SHARED_DIR) + "/upstream/iac/terraform/";

using testing::Loaded;
using testing::warningsMentioning;

std::unique_ptr<Loaded> loadTf(const std::string& file, const load::InputOptions& o = {}) {
  return testing::loadPath(kTf + file, o);
}

// terraform-aws-modules/vpc with three zones, a NAT gateway per zone and
// every ID unknown until apply (format 0.1). Links come only from the
// configuration's references: private route table i routes 0.0.0.0/0 to
// NAT gateway i (`aws_nat_gateway.this` with `count.index`), which sits in
// public subnet i; the public table routes to the internet gateway.
TEST(Terraform, ModuleVpcWithNatPerZoneAndUnknownIds) {
  auto l = loadTf("tfc_issue158_vpc_3az_nat.plan.json");
  ASSERT_TRUE(l->net);
  EXPECT_EQ(l->res.stack.region, "eu-west-1");  // the provider configuration's region
  testing::expectAnswers(*l->net, {
      {"module.vpc.aws_subnet.private[0]", "8.8.8.8", 443, "EXITS_NETWORK", "module.vpc.aws_nat_gateway.this[0]"},
      {"module.vpc.aws_subnet.private[1]", "8.8.8.8", 443, "EXITS_NETWORK", "module.vpc.aws_nat_gateway.this[1]"},
      {"module.vpc.aws_subnet.private[2]", "8.8.8.8", 443, "EXITS_NETWORK", "module.vpc.aws_nat_gateway.this[2]"},
      // A public subnet routes to the internet gateway, but an address there
      // without a public IPv4 address cannot use it (the gateway drops it).
      {"module.vpc.aws_subnet.public[2]", "8.8.8.8", 443, "DENIED_IN", "module.vpc.aws_internet_gateway.this[0]"},
  });
  EXPECT_EQ(l->res.stack.nat_gateways.find("module.vpc.aws_nat_gateway.this[1]")->subnet, "module.vpc.aws_subnet.public[1]");
  // The module's VPN gateway, attached through vpc_id; no table propagates
  // it (propagating_vgws is computed, unknown and not in the configuration).
  ASSERT_EQ(l->res.stack.vpn_gateways.size(), 1u);
  EXPECT_EQ(l->res.stack.vpn_gateways[0].vpc, "module.vpc.aws_vpc.this[0]");
  for (const auto& rt : l->res.stack.route_tables) EXPECT_TRUE(rt.propagate.empty()) << rt.name;
  EXPECT_EQ(warningsMentioning(l->res, "vpn"), 0u);
}

// An internet-facing NLB in a VPC with an internet gateway (format 0.1).
// Its listeners answer with a fixed response, so reaching the load balancer
// is the answer. The group in front of it admits 80 and 443 only. The route
// table's gateway_id is unknown and the plan records no reference for it
// (an inline route block): the only internet gateway is taken, with a
// warning. The subnets name no zone: they are spread over the zones.
TEST(Terraform, NlbWithFixedResponsesBehindAGroup) {
  auto l = loadTf("tfc_issue171_vpc_igw_nlb_sg.plan.json");
  ASSERT_TRUE(l->net);
  testing::expectAnswers(*l->net, {
      {"internet", "aws_lb.nlb-noncompliant", 80, "ACCEPTED", "aws_internet_gateway.test-igw"},
      {"internet", "aws_lb.nlb-noncompliant", 8080, "DENIED_IN", "aws_security_group.sg-loadBalancer-noncompliant"},
      // Admitted by the group, but no listener: the load balancer drops it.
      {"internet", "aws_lb.nlb-noncompliant", 443, "DENIED_IN", "aws_lb.nlb-noncompliant"},
      // The private subnets use the VPC's main route table: local only.
      {"aws_subnet.test-subnet-privA", "8.8.8.8", 443, "NO_ROUTE", "(main of aws_vpc.test-vpc)"},
  });
  EXPECT_EQ(warningsMentioning(l->res, "taken as aws_internet_gateway.test-igw"), 1u);
  EXPECT_EQ(warningsMentioning(l->res, "availability_zone is known only after apply"), 4u);
}

// A network ACL with no rules on both subnets of a module's VPC (Terraform
// 1.0): `subnet_ids = aws_subnet.vpc_subnet[*].id` names both. A new ACL
// denies everything, so nothing crosses between the subnets, whatever the
// port. The VPC has no gateway: the internet is no route, decided by the
// route table before any ACL.
TEST(Terraform, NaclWithoutRulesOnEverySubnet) {
  auto l = loadTf("tfc_issue514_nacl_tf1.plan.json");
  ASSERT_TRUE(l->net);
  const std::string acl = "module.vpc_module.aws_network_acl.vpc_subnet_acl";
  for (const char* s : {"module.vpc_module.aws_subnet.vpc_subnet[0]", "module.vpc_module.aws_subnet.vpc_subnet[1]"})
    EXPECT_EQ(l->res.stack.subnets.find(s)->nacl, acl) << s;
  const std::string main = "(main of module.vpc_module.aws_vpc.vpc)";
  testing::expectAnswers(*l->net, {
      {"module.vpc_module.aws_subnet.vpc_subnet[0]", "172.16.0.10", 22, "DENIED_OUT", "nacl " + acl},
      {"module.vpc_module.aws_subnet.vpc_subnet[0]", "172.16.0.10", 443, "DENIED_OUT", "nacl " + acl},
      {"module.vpc_module.aws_subnet.vpc_subnet[1]", "172.16.0.200", 80, "DENIED_OUT", "nacl " + acl},
      {"module.vpc_module.aws_subnet.vpc_subnet[1]", "8.8.8.8", 443, "NO_ROUTE", main},
      {"module.vpc_module.aws_subnet.vpc_subnet[0]", "8.8.8.8", 53, "NO_ROUTE", main},
  });
}

// VPCs and security groups nested in modules (Terraform 1.0.8). The
// parent's group takes module.child1's output, which is grandchild1's
// output, which is the grandchild's VPC; child2's group takes the same
// through its variable. No group declares egress, and in a plan the absent
// block reads null with after_unknown true: the provider removes AWS's
// allow-all rule, so none has egress. There are no interfaces to send
// packets from, so the answers are the model's.
TEST(Terraform, GroupsFindTheirVpcThroughModuleOutputsAndVariables) {
  auto l = loadTf("regula_modules_vpc_sg_tf108.plan.json");
  const auto& sgs = l->res.stack.security_groups;
  const std::string grandchild = "module.child1.module.grandchild1.aws_vpc.grandchild";
  ASSERT_TRUE(sgs.find("aws_security_group.parent"));
  EXPECT_EQ(sgs.find("aws_security_group.parent")->vpc, grandchild);
  EXPECT_EQ(sgs.find("module.child2.aws_security_group.child")->vpc, grandchild);
  EXPECT_EQ(sgs.find("module.child1.module.grandchild1.aws_security_group.grandchild")->vpc, grandchild);
  for (const char* g : {"aws_security_group.parent", "module.child2.aws_security_group.child",
                        "module.child1.module.grandchild1.aws_security_group.grandchild"}) {
    EXPECT_TRUE(sgs.find(g)->egress.empty()) << g;
    EXPECT_TRUE(sgs.find(g)->ingress.empty()) << g;
  }
  EXPECT_EQ(l->res.stack.vpcs.size(), 4u);
}

// Security groups in for_each module instances (Terraform 1.9), in a VPC the
// plan reads as a data source (data.aws_vpc.sandbox, vpc-123456abc,
// 10.213.220.0/22): it stands for that VPC, with a warning that its routes
// are not in the plan. Each group admits everything from anywhere and, with
// egress null, sends nothing.
TEST(Terraform, ForEachModuleGroupsInADataSourceVpc) {
  auto l = loadTf("checkov_for_each_module_sg_tf195.plan.json");
  const auto& s = l->res.stack;
  ASSERT_TRUE(s.vpcs.find("data.aws_vpc.sandbox"));
  EXPECT_EQ(s.vpcs.find("data.aws_vpc.sandbox")->cidrs[0].str(), "10.213.220.0/22");
  EXPECT_EQ(warningsMentioning(l->res, "is an existing VPC the plan only reads"), 1u);
  for (const char* key : {"awful_example", "bad_example", "terrible_example"}) {
    std::string name = std::string("module.sg[\"") + key + "\"].aws_security_group.bad";
    const auto* g = s.security_groups.find(name);
    ASSERT_TRUE(g) << name;
    EXPECT_EQ(g->vpc, "data.aws_vpc.sandbox");
    ASSERT_EQ(g->ingress.size(), 1u);
    EXPECT_EQ(g->ingress[0].describe(false), "all traffic from 0.0.0.0/0");
    EXPECT_TRUE(g->egress.empty());
    EXPECT_GT(g->loc.line, 0);
  }
  // The for_each zones (no VPC blocks) are public zones named by their key.
  ASSERT_TRUE(s.hosted_zones.find("example.com"));
  EXPECT_FALSE(s.hosted_zones.find("example.com")->is_private);
  EXPECT_TRUE(s.hosted_zones.find("example2.eu"));
}

// Checkov's kitchen-sink plan (format 0.1, Terraform 0.12): two VPCs.
// web_subnet routes 0.0.0.0/0 to web_igw (a separate aws_route), and both
// instances there carry web-node, which admits 22 and 80 from anywhere and
// sends anything. The EKS subnets have no association: the main table,
// local only.
TEST(Terraform, CheckovPlanInstancesBehindWebNode) {
  auto l = loadTf("checkov_tfplan_vpc_sg_instance_eni.plan.json");
  ASSERT_TRUE(l->net);
  testing::expectAnswers(*l->net, {
      {"internet", "aws_instance.web_host", 22, "ACCEPTED", "aws_security_group.web-node"},
      {"internet", "aws_instance.web_host", 80, "ACCEPTED", "aws_internet_gateway.web_igw"},
      {"internet", "aws_instance.db_app", 3306, "DENIED_IN", "aws_security_group.web-node"},
      {"aws_instance.web_host", "8.8.8.8", 443, "EXITS_NETWORK", "aws_internet_gateway.web_igw"},
      {"aws_subnet.eks_subnet1", "8.8.8.8", 443, "NO_ROUTE", "(main of aws_vpc.eks_vpc)"},
  });
  EXPECT_EQ(l->res.stack.region, "us-west-2");
}

// Infracost's `show -json` of a state: instances (plain, count and for_each
// addresses, in the root and in a module) in subnet-286f234e, which the
// state does not hold, of the default VPC that two modules adopt (one VPC).
// At 172.31.x.y the subnet is a default subnet, the /20 holding them; the
// default VPC routes 0.0.0.0/0 to its internet gateway. Their group
// sg-5277e14a is not in the state either: they get the VPC's default group,
// which admits only its members.
TEST(Terraform, StateInstancesInTheDefaultVpc) {
  auto l = loadTf("infracost_show_json_state_v014.state.json");
  ASSERT_TRUE(l->net);
  EXPECT_EQ(l->res.stack.vpcs.size(), 1u);
  EXPECT_EQ(l->res.stack.subnets.find("subnet-286f234e")->cidr.str(), "172.31.0.0/20");
  testing::expectAnswers(*l->net, {
      {"internet", "aws_instance.instance_1", 22, "DENIED_IN", "default"},
      {"aws_instance.instance_1", "module.instances.aws_instance.module_instance_1", 22, "ACCEPTED", "default"},
      {"aws_instance.instance_counted[0]", "aws_instance.instance_named[\"test.1\"]", 5432, "ACCEPTED", "default"},
      {"aws_instance.instance_1", "8.8.8.8", 443, "EXITS_NETWORK", "module.db.aws_default_vpc.default-igw"},
      {"internet", "11.11.11.11", 80, "DENIED_IN", "default"},
  });
}

// A raw terraform.tfstate (version 4, Terraform 0.12) from inframap's test
// data, with flat attributes cut down to IDs: four groups (egress.# = 0:
// none) and nine rules that lack their type and ports (each one warning,
// left out), an ECS cluster, a service whose task definition the state
// lacks (left out), a load balancer without subnets (left out).
TEST(Terraform, RawStateWithFlatAttributes) {
  auto l = loadTf("inframap_raw_tfstate_ecs_lb_sg.tfstate.json");
  const auto& s = l->res.stack;
  for (const char* g : {"ecs_service", "generated_aws_lb_load-balancer", "generated_sg_aws_instance_front",
                        "generated_sg_aws_lb_load-balancer"}) {
    const auto* sg = s.security_groups.find(std::string("module.tf-8-wordpress-demo.aws_security_group.") + g);
    ASSERT_TRUE(sg) << g;
    EXPECT_TRUE(sg->egress.empty()) << g;
  }
  EXPECT_EQ(s.security_groups.find("module.tf-8-wordpress-demo.aws_security_group.ecs_service")->id,
            "sg-0547bedace3d64924");
  EXPECT_EQ(warningsMentioning(l->res, "has no type (ingress or egress)"), 9u);
  EXPECT_TRUE(s.ecs_clusters.find("module.tf-8-wordpress-demo.aws_ecs_cluster.ecs-cluster"));
  // The service's task definition is not in the state: one warning.
  EXPECT_EQ(warningsMentioning(l->res, "aws_ecs_service.wordpress: its cluster or task definition is not in the plan"), 1u);
  EXPECT_TRUE(s.load_balancers.empty());
}

// The state before the plan: --prior-state reads prior_state, where the
// for_each plan holds only the data sources it read.
TEST(Terraform, PriorStateInsteadOfThePlan) {
  load::InputOptions o;
  o.prior_state = true;
  auto l = loadTf("checkov_for_each_module_sg_tf195.plan.json", o);
  EXPECT_TRUE(l->res.stack.security_groups.find("module.sg[\"bad_example\"].aws_security_group.bad") == nullptr);
  EXPECT_TRUE(l->res.stack.vpcs.find("data.aws_vpc.sandbox"));
}

// Bad input: an unknown format version, a raw state of another version and
// JSON syntax errors are located errors (exit 2 from the CLI).
TEST(Terraform, BadInputIsALocatedError) {
  model::MemoryFileSource files;
  files.add("v9.json", R"({"format_version": "9.0", "planned_values": {"root_module": {}}})");
  files.add("raw3.json", R"({"version": 3, "terraform_version": "0.11.0", "resources": []})");
  files.add("broken.json", "{\"format_version\": \"1.2\", \"planned_values\": {\n  \"root_module\": [}\n");
  auto v9 = load::loadStack("v9.json", files);
  ASSERT_EQ(v9.diags.all().size(), 1u);
  EXPECT_EQ(v9.diags.all()[0].str(), "v9.json:1:20: error: Terraform JSON format_version '9.0' is not one awssim "
                                     "reads (0.x and 1.x)");
  auto raw3 = load::loadStack("raw3.json", files);
  ASSERT_EQ(raw3.diags.all().size(), 1u);
  EXPECT_EQ(raw3.diags.all()[0].str(), "raw3.json:1:2: error: terraform.tfstate version 3 is not one awssim reads (4)");
  auto broken = load::loadStack("broken.json", files);
  EXPECT_FALSE(broken.ok());
}

}  // namespace
}  // namespace awssim::sim

namespace awssim::sim {
namespace {

// Queries take a unique suffix of an address after a "."; an ambiguous one
// is an error listing the candidates.
TEST(Terraform, QueriesTakeAUniqueSuffixOfAnAddress) {
  auto l = testing::loadPath(kTf + "tfc_issue158_vpc_3az_nat.plan.json");
  ASSERT_TRUE(l->net);
  Query q;
  q.from = "aws_subnet.private[1]";
  q.to = "8.8.8.8";
  q.port = 443;
  QueryResult r = runQuery(*l->net, q);
  EXPECT_EQ(r.error, "");
  EXPECT_EQ(dispositionName(r.disposition), "EXITS_NETWORK");
  EXPECT_EQ(r.source, "subnet module.vpc.aws_subnet.private[1] (10.0.2.254)");
  q.from = "this[0]";
  r = runQuery(*l->net, q);
  EXPECT_EQ(r.error, "'this[0]' is ambiguous: module.vpc.aws_nat_gateway.this[0], module.vpc.aws_vpc.this[0]");
}

}  // namespace
}  // namespace awssim::sim

namespace awssim::sim {
namespace {

// A stack.yaml beside a plan names it under terraform: and says what the
// plan cannot: expectations (here by address suffix) and region facts.
TEST(Terraform, SidecarNamesThePlan) {
  namespace fs = std::filesystem;
  std::string dir = ::testing::TempDir() + "awssim-tf-sidecar";
  fs::remove_all(dir);
  fs::create_directories(dir);
  fs::copy_file(kTf + "tfc_issue171_vpc_igw_nlb_sg.plan.json", dir + "/plan.json");
  std::ofstream(dir + "/stack.yaml") << "region: eu-west-1\n"
                                        "terraform:\n"
                                        "  plans: [plan.json]\n"
                                        "expect:\n"
                                        "  - internet -> aws_lb.nlb-noncompliant:80 reachable\n";
  auto l = testing::loadPath(dir + "/stack.yaml");
  ASSERT_TRUE(l->net);
  ASSERT_EQ(l->res.stack.expectations.size(), 1u);
  EXPECT_TRUE(l->res.stack.load_balancers.find("aws_lb.nlb-noncompliant"));
  testing::expectAnswers(*l->net, {{"internet", "nlb-noncompliant", 80, "ACCEPTED", "aws_internet_gateway.test-igw"}});
  std::ofstream(dir + "/bad.yaml") << "region: eu-west-1\nterraform: {plans: [stack.yaml]}\n";
  model::DiskFileSource disk;
  auto bad = load::loadStack(dir + "/bad.yaml", disk);
  ASSERT_EQ(bad.diags.errorCount(), 1);
  EXPECT_NE(bad.diags.all()[0].str().find("bad.yaml:2:20: error: terraform plans: "), std::string::npos)
      << bad.diags.all()[0].str();
}

}  // namespace
}  // namespace awssim::sim

namespace awssim::sim {
namespace {

// fixtures/seed-ec2-tf: the seed's EC2 deployment as a plan in format 1.2
// (every ID unknown; links only as configuration references through a
// network module) answers every expectation of fixtures/seed-ec2 the same
// way, through the same kinds of components, named by address suffix.
TEST(Terraform, SeedPlanAnswersWhatSeedEc2Answers) {
  std::string dir = std::string(AWSSIM_SOURCE_DIR) + "/fixtures/";
  auto seed = testing::loadPath(dir + "seed-ec2/stack.yaml");
  auto tf = testing::loadPath(dir + "seed-ec2-tf/stack.yaml");
  ASSERT_TRUE(seed->net && tf->net);
  ASSERT_EQ(tf->res.stack.expectations.size(), seed->res.stack.expectations.size() + 1);
  for (const auto& e : seed->res.stack.expectations) {
    Query q;
    q.from = e.from;
    q.to = e.to;
    q.port = e.port.value_or(0);
    QueryResult a = runQuery(*seed->net, q), b = runQuery(*tf->net, q);
    EXPECT_EQ(b.error, "") << e.text;
    EXPECT_EQ(dispositionName(b.disposition), dispositionName(a.disposition)) << e.text;
    ASSERT_FALSE(a.parts.empty());
    ASSERT_FALSE(b.parts.empty()) << e.text;
    std::vector<std::string> ka, kb;
    for (const auto& h : a.parts[0].trace.forward) ka.push_back(h.kind + "/" + h.action);
    for (const auto& h : b.parts[0].trace.forward) kb.push_back(h.kind + "/" + h.action);
    EXPECT_EQ(kb, ka) << e.text;
  }
  // What the plan links only by reference: instances in the module's
  // subnets, the endpoint on the private table, the zone on the VPC.
  const auto& s = tf->res.stack;
  EXPECT_EQ(s.instances.find("aws_instance.messages")->subnet, "module.network.aws_subnet.private[1]");
  EXPECT_EQ(s.endpoints.find("module.network.aws_vpc_endpoint.s3")->route_tables,
            std::vector<std::string>{"module.network.aws_route_table.private"});
  EXPECT_EQ(s.hosted_zones.find("messages.com")->vpcs, std::vector<std::string>{"module.network.aws_vpc.this"});
  EXPECT_EQ(s.instances.find("aws_instance.redis")->private_ip, model::parseIpv4("10.0.0.4"));
  EXPECT_TRUE(s.instances.find("aws_instance.redis")->metadata.tokens_required);
}

}  // namespace
}  // namespace awssim::sim

namespace awssim::sim {
namespace {

// tests/sim/data/tgw_asg.plan.json: two VPCs through a transit gateway with
// its defaults off and one table ("shared") both attachments are associated
// with; B propagates, A has a static route. An Auto Scaling group of two in
// A from a launch template (IDs unknown: every link is a reference).
// B -> A uses the static route; A -> B the propagated one.
TEST(Terraform, TransitGatewayTablesAndAnAutoScalingGroup) {
  auto l = testing::loadPath(std::string(AWSSIM_SOURCE_DIR) + "/tests/sim/data/tgw_asg.plan.json");
  ASSERT_TRUE(l->net);
  const auto* t = l->res.stack.transit_gateways.find("aws_ec2_transit_gateway.hub");
  ASSERT_TRUE(t);
  ASSERT_EQ(t->route_tables.size(), 1u);  // both defaults off: no default table
  EXPECT_EQ(t->route_tables[0].propagations,
            std::vector<std::string>{"aws_ec2_transit_gateway_vpc_attachment.b"});
  ASSERT_EQ(t->route_tables[0].routes.size(), 1u);
  EXPECT_EQ(t->route_tables[0].routes[0].attachment, "aws_ec2_transit_gateway_vpc_attachment.a");
  for (const auto& a : t->attachments) EXPECT_EQ(a.route_table, "aws_ec2_transit_gateway_route_table.shared");
  ASSERT_TRUE(l->res.stack.instances.find("aws_autoscaling_group.web-2"));
  EXPECT_EQ(l->res.stack.instances.find("aws_autoscaling_group.web-2")->type, "t3.small");
  EXPECT_TRUE(l->res.stack.instances.find("aws_autoscaling_group.web-1")->metadata.tokens_required);
  testing::expectAnswers(*l->net, {
      {"aws_instance.b", "web-1", 22, "ACCEPTED", "aws_ec2_transit_gateway.hub"},
      {"web-2", "aws_instance.b", 22, "ACCEPTED", "aws_ec2_transit_gateway.hub"},
      // Only 10.0.0.0/8 leaves A, to the gateway: nothing reaches the internet.
      {"web-1", "8.8.8.8", 443, "NO_ROUTE", "aws_route_table.a"},
  });
}

}  // namespace
}  // namespace awssim::sim

namespace awssim::sim {
namespace {

// tests/sim/data/ecs_fargate.plan.json: a Fargate service (awsvpc) from a
// task definition whose container_definitions is the JSON ECS takes, in a
// cluster whose Service Connect namespace is a Cloud Map HTTP namespace.
// Its tasks sit in the app subnet behind the web group, which admits 8080
// from the VPC; the client's group sends anything inside the VPC.
TEST(Terraform, FargateServiceWithServiceConnect) {
  auto l = testing::loadPath(std::string(AWSSIM_SOURCE_DIR) + "/tests/sim/data/ecs_fargate.plan.json");
  ASSERT_TRUE(l->net);
  const auto* svc = l->res.stack.ecs_services.find("aws_ecs_service.web");
  ASSERT_TRUE(svc);
  EXPECT_EQ(svc->cluster, "aws_ecs_cluster.main");
  EXPECT_EQ(svc->launch_type, "FARGATE");
  EXPECT_EQ(svc->desired_count, 2);
  EXPECT_EQ(svc->subnets, std::vector<std::string>{"aws_subnet.app"});
  EXPECT_EQ(svc->task_definition.network_mode, "awsvpc");
  ASSERT_EQ(svc->task_definition.containers.size(), 1u);
  EXPECT_EQ(svc->task_definition.containers[0].port_mappings[0].container_port, 8080);
  ASSERT_TRUE(svc->service_connect);
  // A namespace is known by its name (the domain its names end in).
  EXPECT_EQ(svc->service_connect->namespace_, "apps");
  EXPECT_EQ(l->res.stack.ecs_clusters.find("aws_ecs_cluster.main")->namespace_, "apps");
  Query q;
  q.from = "client";
  q.to = "aws_ecs_service.web";
  q.port = 8080;
  EXPECT_EQ(dispositionName(runQuery(*l->net, q).disposition), "ACCEPTED");
  q.port = 22;
  EXPECT_EQ(dispositionName(runQuery(*l->net, q).disposition), "DENIED_IN");
}

}  // namespace
}  // namespace awssim::sim
