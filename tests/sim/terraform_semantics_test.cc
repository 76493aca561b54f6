// The AWS provider's semantics, one test each, on small plans written in
// the real `terraform show -json` format (tf_plan_builder.h). Each test
// cites the provider documentation page that states the behaviour
// (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/...).
#include <gtest/gtest.h>

#include "sim/dns.h"
#include "sim/network.h"
#include "sim_test_util.h"
#include "tf_plan_builder.h"

namespace awssim::sim {
namespace {

using testing::expectAnswers;
using testing::TfPlan;
using testing::vpcPlan;
using testing::warningsMentioning;
using Json = nlohmann::json;

// A public route table on subnet a, and instances with the given groups.
TfPlan publicPlan() {
  TfPlan p = vpcPlan();
  p.add("aws_route_table.public", {{"id", "rtb-pub"}, {"vpc_id", "vpc-1"},
                                   {"route", {{{"cidr_block", "0.0.0.0/0"}, {"gateway_id", "igw-1"}}}}});
  p.add("aws_route_table_association.a", {{"id", "rtbassoc-a"}, {"subnet_id", "subnet-a"}, {"route_table_id", "rtb-pub"}});
  return p;
}

Json instance(const std::string& id, const std::vector<std::string>& sgs, const std::string& subnet = "subnet-a") {
  return {{"id", id}, {"instance_type", "t3.micro"}, {"ami", "ami-1"}, {"subnet_id", subnet},
          {"vpc_security_group_ids", sgs}, {"associate_public_ip_address", true}};
}

Json tcp(int port, const std::vector<std::string>& cidrs) {
  return {{"from_port", port}, {"to_port", port}, {"protocol", "tcp"}, {"cidr_blocks", cidrs},
          {"ipv6_cidr_blocks", Json::array()}, {"prefix_list_ids", Json::array()},
          {"security_groups", Json::array()}, {"self", false}, {"description", ""}};
}

Json allOut() {
  Json r = tcp(0, {"0.0.0.0/0"});
  r["protocol"] = "-1";
  return r;
}

// resources/security_group: "By default, AWS creates an ALLOW ALL egress
// rule when creating a new Security Group inside of a VPC. When creating a
// new Security Group inside a VPC, Terraform will remove this default rule,
// and require you specifically re-create it if you desire that rule." In a
// plan an egress block left out is computed: null, unknown until apply.
TEST(TerraformSemantics, SecurityGroupWithoutEgressSendsNothing) {
  TfPlan p = publicPlan();
  p.add("aws_security_group.quiet", {{"id", "sg-q"}, {"vpc_id", "vpc-1"}, {"ingress", {tcp(22, {"0.0.0.0/0"})}}},
        {}, {{"egress", true}});
  p.add("aws_security_group.open", {{"id", "sg-o"}, {"vpc_id", "vpc-1"}, {"ingress", Json::array()}, {"egress", {allOut()}}});
  p.add("aws_instance.q", instance("i-q", {"sg-q"}));
  p.add("aws_instance.o", instance("i-o", {"sg-o"}));
  auto l = p.load();
  ASSERT_TRUE(l->net);
  EXPECT_TRUE(l->res.stack.security_groups.find("aws_security_group.quiet")->egress.empty());
  expectAnswers(*l->net, {
      {"aws_instance.q", "8.8.8.8", 443, "DENIED_OUT", "aws_security_group.quiet"},
      {"aws_instance.o", "8.8.8.8", 443, "EXITS_NETWORK", "aws_internet_gateway.igw"},
      // Stateful: the reply to an admitted connection needs no egress rule.
      {"internet", "aws_instance.q", 22, "ACCEPTED", "aws_security_group.quiet"},
  });
}

// resources/security_group_rule, resources/vpc_security_group_ingress_rule
// and vpc_security_group_egress_rule: each adds one rule to the group named
// by security_group_id; ip_protocol "-1" is every protocol and port. A state
// records rules added this way in the group's ingress too (the page's
// warning against mixing both): one rule, not two, since AWS holds no
// duplicate permissions.
TEST(TerraformSemantics, SeparateRuleResourcesAddToTheirGroup) {
  TfPlan p = publicPlan();
  Json fromApp = tcp(5432, {});
  fromApp["security_groups"] = {"sg-app"};
  p.add("aws_security_group.app", {{"id", "sg-app"}, {"vpc_id", "vpc-1"}, {"ingress", Json::array()},
                                   {"egress", Json::array()}});
  p.add("aws_security_group.db", {{"id", "sg-db"}, {"vpc_id", "vpc-1"}, {"ingress", {fromApp}}, {"egress", Json::array()}});
  p.add("aws_security_group_rule.db_from_app", {{"id", "sgrule-1"}, {"type", "ingress"}, {"security_group_id", "sg-db"},
                                                {"source_security_group_id", "sg-app"}, {"from_port", 5432},
                                                {"to_port", 5432}, {"protocol", "tcp"}});
  p.add("aws_vpc_security_group_ingress_rule.db_ssh", {{"id", "sgr-2"}, {"security_group_id", "sg-db"},
                                                       {"cidr_ipv4", "10.0.0.0/16"}, {"from_port", 22},
                                                       {"to_port", 22}, {"ip_protocol", "tcp"}});
  p.add("aws_vpc_security_group_egress_rule.app_out", {{"id", "sgr-3"}, {"security_group_id", "sg-app"},
                                                        {"cidr_ipv4", "0.0.0.0/0"}, {"ip_protocol", "-1"}});
  p.add("aws_instance.app", instance("i-app", {"sg-app"}));
  p.add("aws_instance.db", instance("i-db", {"sg-db"}));
  auto l = p.load();
  ASSERT_TRUE(l->net);
  const auto* db = l->res.stack.security_groups.find("aws_security_group.db");
  ASSERT_TRUE(db);
  EXPECT_EQ(db->ingress.size(), 2u);  // 5432 from app once, 22 from the VPC
  EXPECT_EQ(l->res.stack.security_groups.find("aws_security_group.app")->egress.size(), 1u);
  expectAnswers(*l->net, {
      {"aws_instance.app", "aws_instance.db", 5432, "ACCEPTED", "aws_security_group.db"},
      {"aws_instance.app", "aws_instance.db", 22, "ACCEPTED", "aws_security_group.db"},
      {"aws_instance.app", "aws_instance.db", 6379, "DENIED_IN", "aws_security_group.db"},
      {"aws_instance.app", "8.8.8.8", 53, "EXITS_NETWORK", "aws_internet_gateway.igw"},
  });
}

// resources/default_security_group: "When Terraform first adopts the
// default security group, it immediately removes all ingress and egress
// rules in the Security Group. It then creates any rules specified in the
// configuration." AWS's own default admits the group itself; adopted with
// no rules, members cannot reach each other. With `self = true` they can.
TEST(TerraformSemantics, DefaultSecurityGroupIsReplacedByItsRules) {
  for (bool self : {false, true}) {
    TfPlan p = publicPlan();
    Json values = {{"id", "sg-default"}, {"vpc_id", "vpc-1"}, {"ingress", Json::array()}, {"egress", Json::array()}};
    if (self) {
      Json in = tcp(0, {});
      in["protocol"] = "-1";
      in["self"] = true;
      values["ingress"] = {in};
      Json out = in;
      values["egress"] = {out};
    }
    p.add("aws_default_security_group.default", values);
    p.add("aws_instance.a", instance("i-a", {"sg-default"}));
    p.add("aws_instance.b", instance("i-b", {"sg-default"}));
    auto l = p.load();
    ASSERT_TRUE(l->net);
    expectAnswers(*l->net, {{"aws_instance.a", "aws_instance.b", 6379, self ? "ACCEPTED" : "DENIED_OUT", "default"}});
  }
}

// resources/default_network_acl: Terraform adopts the VPC's default network
// ACL, removes its rules and writes those configured; every subnet not
// associated with another ACL uses it. A network ACL is stateless, so the
// reply needs an egress rule of its own (the ephemeral ports).
TEST(TerraformSemantics, DefaultNetworkAclReplacesTheAllowAll) {
  TfPlan p = publicPlan();
  auto rule = [](int no, int from, int to) {
    return Json{{"rule_no", no}, {"action", "allow"}, {"protocol", "tcp"}, {"from_port", from}, {"to_port", to},
                {"cidr_block", "0.0.0.0/0"}, {"icmp_type", 0}, {"icmp_code", 0}, {"ipv6_cidr_block", ""}};
  };
  p.add("aws_default_network_acl.default", {{"id", "acl-default"}, {"default_network_acl_id", "acl-default"},
                                            {"ingress", {rule(100, 443, 443), rule(110, 1024, 65535)}},
                                            {"egress", {rule(100, 443, 443)}}});
  p.add("aws_security_group.web", {{"id", "sg-web"}, {"vpc_id", "vpc-1"}, {"ingress", {tcp(443, {"0.0.0.0/0"}), tcp(22, {"0.0.0.0/0"})}},
                                   {"egress", {allOut()}}});
  p.add("aws_instance.web", instance("i-web", {"sg-web"}));
  auto l = p.load();
  ASSERT_TRUE(l->net);
  EXPECT_EQ(l->res.stack.subnets.find("aws_subnet.a")->nacl, "aws_default_network_acl.default");
  expectAnswers(*l->net, {
      {"internet", "aws_instance.web", 22, "DENIED_IN", "nacl aws_default_network_acl.default"},
      // Out to 443 and the reply back in on 1024-65535: both allowed.
      {"aws_instance.web", "8.8.8.8", 443, "EXITS_NETWORK", "aws_internet_gateway.igw"},
  });
  // In on 443 is allowed; the reply leaves for an ephemeral port the egress
  // rules do not allow.
  Query q;
  q.from = "internet";
  q.to = "aws_instance.web";
  q.port = 443;
  QueryResult r = runQuery(*l->net, q);
  EXPECT_EQ(dispositionName(r.disposition), "DENIED_OUT");
  EXPECT_EQ(testing::blocks(r), std::vector<std::string>{"SUBNET_ACL_RESTRICTION@nacl aws_default_network_acl.default(return)"});
}

// resources/default_route_table: adopts the VPC's main route table
// (default_route_table_id) and replaces its routes; subnets with no
// association use it. resources/main_route_table_association makes another
// table the VPC's main one.
TEST(TerraformSemantics, DefaultAndMainRouteTables) {
  TfPlan p = vpcPlan();
  p.add("aws_default_route_table.main", {{"id", "rtb-main"}, {"default_route_table_id", "rtb-main"},
                                         {"route", {{{"cidr_block", "0.0.0.0/0"}, {"gateway_id", "igw-1"}}}}});
  p.add("aws_security_group.all", {{"id", "sg-all"}, {"vpc_id", "vpc-1"}, {"ingress", Json::array()}, {"egress", {allOut()}}});
  p.add("aws_instance.a", instance("i-a", {"sg-all"}));
  {
    auto l = p.load();
    ASSERT_TRUE(l->net);
    EXPECT_TRUE(l->res.stack.route_tables.find("aws_default_route_table.main")->main);
    expectAnswers(*l->net, {{"aws_instance.a", "8.8.8.8", 443, "EXITS_NETWORK", "aws_default_route_table.main"}});
  }
  p.add("aws_route_table.isolated", {{"id", "rtb-iso"}, {"vpc_id", "vpc-1"}, {"route", Json::array()}});
  p.add("aws_main_route_table_association.iso", {{"id", "rtbassoc-m"}, {"vpc_id", "vpc-1"}, {"route_table_id", "rtb-iso"}});
  auto l = p.load();
  ASSERT_TRUE(l->net);
  EXPECT_FALSE(l->res.stack.route_tables.find("aws_default_route_table.main")->main);
  expectAnswers(*l->net, {{"aws_instance.a", "8.8.8.8", 443, "NO_ROUTE", "aws_route_table.isolated"}});
}

// resources/route_table: routes may be written inline or as aws_route
// resources (resources/route); "you cannot use a Route Table with in-line
// routes in conjunction with any Route resources", so each table is one or
// the other: both give the same route. resources/route_table_association
// binds a subnet to a table.
TEST(TerraformSemantics, InlineRoutesAndRouteResourcesAreTheSameRoute) {
  TfPlan p = vpcPlan();
  p.add("aws_subnet.b", {{"id", "subnet-b"}, {"vpc_id", "vpc-1"}, {"cidr_block", "10.0.2.0/24"},
                         {"availability_zone", "eu-north-1b"}, {"map_public_ip_on_launch", true}});
  p.add("aws_route_table.inline", {{"id", "rtb-in"}, {"vpc_id", "vpc-1"},
                                   {"route", {{{"cidr_block", "0.0.0.0/0"}, {"gateway_id", "igw-1"}}}}});
  p.add("aws_route_table.separate", {{"id", "rtb-sep"}, {"vpc_id", "vpc-1"}}, {}, {{"route", true}});
  p.add("aws_route.separate_default", {{"id", "r-1"}, {"route_table_id", "rtb-sep"},
                                       {"destination_cidr_block", "0.0.0.0/0"}, {"gateway_id", "igw-1"}});
  p.add("aws_route_table_association.a", {{"subnet_id", "subnet-a"}, {"route_table_id", "rtb-in"}});
  p.add("aws_route_table_association.b", {{"subnet_id", "subnet-b"}, {"route_table_id", "rtb-sep"}});
  p.add("aws_security_group.all", {{"id", "sg-all"}, {"vpc_id", "vpc-1"}, {"ingress", Json::array()}, {"egress", {allOut()}}});
  p.add("aws_instance.a", instance("i-a", {"sg-all"}));
  p.add("aws_instance.b", instance("i-b", {"sg-all"}, "subnet-b"));
  auto l = p.load();
  ASSERT_TRUE(l->net);
  ASSERT_EQ(l->res.stack.route_tables.find("aws_route_table.separate")->routes.size(), 1u);
  expectAnswers(*l->net, {
      {"aws_instance.a", "8.8.8.8", 443, "EXITS_NETWORK", "aws_route_table.inline"},
      {"aws_instance.b", "8.8.8.8", 443, "EXITS_NETWORK", "aws_route_table.separate"},
  });
}

// resources/network_acl (inline ingress/egress, subnet_ids),
// resources/network_acl_rule (rule_number, rule_action, egress) and
// resources/network_acl_association. Rules are evaluated lowest number
// first: a deny at 90 wins over an allow at 100.
TEST(TerraformSemantics, NetworkAclsInlineSeparateAndAssociated) {
  TfPlan p = publicPlan();
  p.add("aws_subnet.b", {{"id", "subnet-b"}, {"vpc_id", "vpc-1"}, {"cidr_block", "10.0.2.0/24"},
                         {"availability_zone", "eu-north-1b"}, {"map_public_ip_on_launch", true}});
  p.add("aws_route_table_association.b", {{"subnet_id", "subnet-b"}, {"route_table_id", "rtb-pub"}});
  Json all = {{"rule_no", 100}, {"action", "allow"}, {"protocol", "-1"}, {"from_port", 0}, {"to_port", 0},
              {"cidr_block", "0.0.0.0/0"}, {"icmp_type", 0}, {"icmp_code", 0}};
  p.add("aws_network_acl.inline", {{"id", "acl-in"}, {"vpc_id", "vpc-1"}, {"subnet_ids", {"subnet-a"}},
                                   {"ingress", {all}}, {"egress", {all}}});
  p.add("aws_network_acl_rule.no_ssh", {{"id", "nacl-r1"}, {"network_acl_id", "acl-in"}, {"rule_number", 90},
                                        {"egress", false}, {"protocol", "tcp"}, {"rule_action", "deny"},
                                        {"cidr_block", "0.0.0.0/0"}, {"from_port", 22}, {"to_port", 22}});
  p.add("aws_network_acl.closed", {{"id", "acl-closed"}, {"vpc_id", "vpc-1"}, {"ingress", Json::array()},
                                   {"egress", Json::array()}});
  p.add("aws_network_acl_association.b", {{"id", "aclassoc-b"}, {"network_acl_id", "acl-closed"}, {"subnet_id", "subnet-b"}});
  p.add("aws_security_group.web", {{"id", "sg-web"}, {"vpc_id", "vpc-1"}, {"ingress", {tcp(443, {"0.0.0.0/0"}), tcp(22, {"0.0.0.0/0"})}},
                                   {"egress", {allOut()}}});
  p.add("aws_instance.a", instance("i-a", {"sg-web"}));
  p.add("aws_instance.b", instance("i-b", {"sg-web"}, "subnet-b"));
  auto l = p.load();
  ASSERT_TRUE(l->net);
  expectAnswers(*l->net, {
      {"internet", "aws_instance.a", 443, "ACCEPTED", "nacl aws_network_acl.inline"},
      {"internet", "aws_instance.a", 22, "DENIED_IN", "nacl aws_network_acl.inline"},
      // No rules: only the implicit deny.
      {"internet", "aws_instance.b", 443, "DENIED_IN", "nacl aws_network_acl.closed"},
  });
}

// resources/vpc_endpoint: a Gateway endpoint adds routes to the route
// tables in route_table_ids; an Interface endpoint places interfaces in
// subnet_ids behind security_group_ids and, with private_dns_enabled,
// answers the service's name inside the VPC (which needs DNS hostnames, off
// by default in resources/vpc). A private subnet without NAT reaches S3 and
// ECR through them.
TEST(TerraformSemantics, GatewayAndInterfaceEndpoints) {
  TfPlan p = vpcPlan(true);
  p.add("aws_route_table.private", {{"id", "rtb-priv"}, {"vpc_id", "vpc-1"}, {"route", Json::array()}});
  p.add("aws_route_table_association.a", {{"subnet_id", "subnet-a"}, {"route_table_id", "rtb-priv"}});
  p.add("aws_vpc_endpoint.s3", {{"id", "vpce-s3"}, {"vpc_id", "vpc-1"}, {"service_name", "com.amazonaws.eu-north-1.s3"},
                                {"vpc_endpoint_type", "Gateway"}, {"route_table_ids", {"rtb-priv"}}});
  p.add("aws_security_group.endpoints", {{"id", "sg-ep"}, {"vpc_id", "vpc-1"}, {"ingress", {tcp(443, {"10.0.0.0/16"})}},
                                         {"egress", Json::array()}});
  p.add("aws_vpc_endpoint.ecr_api", {{"id", "vpce-ecr"}, {"vpc_id", "vpc-1"},
                                     {"service_name", "com.amazonaws.eu-north-1.ecr.api"},
                                     {"vpc_endpoint_type", "Interface"}, {"subnet_ids", {"subnet-a"}},
                                     {"security_group_ids", {"sg-ep"}}, {"private_dns_enabled", true}});
  p.add("aws_security_group.all", {{"id", "sg-all"}, {"vpc_id", "vpc-1"}, {"ingress", Json::array()}, {"egress", {allOut()}}});
  Json i = instance("i-a", {"sg-all"});
  i["associate_public_ip_address"] = false;
  p.add("aws_instance.a", i);
  auto l = p.load();
  ASSERT_TRUE(l->net);
  expectAnswers(*l->net, {
      {"aws_instance.a", "s3", 443, "EXITS_NETWORK", "aws_vpc_endpoint.s3"},
      {"aws_instance.a", "ecr.api", 443, "ACCEPTED", "aws_vpc_endpoint.ecr_api/aws_subnet.a"},
      {"aws_instance.a", "8.8.8.8", 443, "NO_ROUTE", "aws_route_table.private"},
  });
}

// resources/ec2_instance_connect_endpoint: an endpoint in subnet_id with
// security_group_ids, from which SSH reaches instances whose groups admit it.
TEST(TerraformSemantics, InstanceConnectEndpointReachesSsh) {
  TfPlan p = vpcPlan();
  p.add("aws_security_group.eice", {{"id", "sg-eice"}, {"vpc_id", "vpc-1"}, {"ingress", Json::array()},
                                    {"egress", {tcp(22, {"10.0.0.0/16"})}}});
  Json fromEice = tcp(22, {});
  fromEice["security_groups"] = {"sg-eice"};
  p.add("aws_security_group.host", {{"id", "sg-host"}, {"vpc_id", "vpc-1"}, {"ingress", {fromEice}}, {"egress", Json::array()}});
  p.add("aws_ec2_instance_connect_endpoint.eice", {{"id", "eice-1"}, {"subnet_id", "subnet-a"},
                                                   {"security_group_ids", {"sg-eice"}}, {"preserve_client_ip", false}});
  p.add("aws_instance.host", instance("i-h", {"sg-host"}));
  auto l = p.load();
  ASSERT_TRUE(l->net);
  expectAnswers(*l->net, {
      {"aws_ec2_instance_connect_endpoint.eice", "aws_instance.host", 22, "ACCEPTED", "aws_security_group.host"},
      {"aws_ec2_instance_connect_endpoint.eice", "aws_instance.host", 3389, "DENIED_OUT", "aws_security_group.eice"},
  });
}

// resources/instance: user_data is stored as a hash (the text is only in
// the configuration, when written there as a constant), user_data_base64
// as written, base64. Either feeds what the instance runs.
TEST(TerraformSemantics, UserDataAndUserDataBase64FeedTheInstance) {
  TfPlan p = publicPlan();
  p.add("aws_security_group.all", {{"id", "sg-all"}, {"vpc_id", "vpc-1"}, {"ingress", Json::array()}, {"egress", {allOut()}}});
  std::string script = "#!/bin/bash\naws s3 cp s3://bucket/app.env /opt/app/.env\n";
  Json a = instance("i-a", {"sg-all"});
  a["user_data"] = "6f1ed002ab5595859014ebf0951522d9";  // the hash a plan shows
  p.add("aws_instance.a", a, {{"user_data", {{"constant_value", script}}}});
  Json b = instance("i-b", {"sg-all"});
  // base64 of the same script
  b["user_data_base64"] = "IyEvYmluL2Jhc2gKYXdzIHMzIGNwIHMzOi8vYnVja2V0L2FwcC5lbnYgL29wdC9hcHAvLmVudgo=";
  p.add("aws_instance.b", b);
  Json c = instance("i-c", {"sg-all"});
  c["user_data_base64"] = "not*base64";
  p.add("aws_instance.c", c);
  auto l = p.load();
  ASSERT_TRUE(l->net);
  for (const char* name : {"aws_instance.a", "aws_instance.b"}) {
    const auto* i = l->res.stack.instances.find(name);
    ASSERT_TRUE(i && i->manifests.user_data) << name;
    ASSERT_EQ(i->manifests.user_data->commands.size(), 1u) << name;
    EXPECT_EQ(i->manifests.user_data->commands[0].kind, "s3-copy") << name;
  }
  EXPECT_FALSE(l->res.stack.instances.find("aws_instance.c")->manifests.user_data);
  EXPECT_EQ(warningsMentioning(l->res, "aws_instance.c: user_data_base64 is not base64"), 1u);
}

// resources/network_interface (subnet_id, security_groups, private_ips,
// attachment blocks), resources/network_interface_sg_attachment (adds a
// group to an interface) and resources/network_interface_attachment.
TEST(TerraformSemantics, NetworkInterfacesWithGroupsAndAttachments) {
  TfPlan p = publicPlan();
  p.add("aws_security_group.none", {{"id", "sg-none"}, {"vpc_id", "vpc-1"}, {"ingress", Json::array()}, {"egress", {allOut()}}});
  p.add("aws_security_group.db", {{"id", "sg-db"}, {"vpc_id", "vpc-1"}, {"ingress", {tcp(5432, {"10.0.0.0/16"})}},
                                  {"egress", Json::array()}});
  p.add("aws_instance.host", instance("i-h", {"sg-none"}));
  p.add("aws_network_interface.data", {{"id", "eni-d"}, {"subnet_id", "subnet-a"}, {"private_ips", {"10.0.1.50"}},
                                       {"security_groups", {"sg-none"}}, {"source_dest_check", true}});
  p.add("aws_network_interface_sg_attachment.db", {{"id", "sg-db_eni-d"}, {"security_group_id", "sg-db"},
                                                   {"network_interface_id", "eni-d"}});
  p.add("aws_network_interface_attachment.data", {{"id", "eni-attach-1"}, {"instance_id", "i-h"},
                                                  {"network_interface_id", "eni-d"}, {"device_index", 1}});
  auto l = p.load();
  ASSERT_TRUE(l->net);
  const auto* e = l->res.stack.enis.find("aws_network_interface.data");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->instance, "aws_instance.host");
  EXPECT_EQ(e->sgs, (std::vector<std::string>{"aws_security_group.none", "aws_security_group.db"}));
  expectAnswers(*l->net, {
      {"aws_instance.host", "10.0.1.50", 5432, "ACCEPTED", "aws_network_interface.data"},
      {"aws_instance.host", "10.0.1.50", 6379, "DENIED_IN", "aws_security_group.none, aws_security_group.db"},
  });
}

// resources/lb_listener_rule: a rule on a listener forwards matching
// requests to its own target group (action type "forward",
// target_group_arn or a forward block); resources/lb_target_group_attachment
// registers an instance. The listener's port reaches both groups' targets.
TEST(TerraformSemantics, ListenerRulesForwardToTheirTargetGroups) {
  TfPlan p = publicPlan();
  p.add("aws_subnet.b", {{"id", "subnet-b"}, {"vpc_id", "vpc-1"}, {"cidr_block", "10.0.2.0/24"},
                         {"availability_zone", "eu-north-1b"}, {"map_public_ip_on_launch", false}});
  p.add("aws_security_group.lb", {{"id", "sg-lb"}, {"vpc_id", "vpc-1"}, {"ingress", {tcp(80, {"0.0.0.0/0"})}},
                                  {"egress", {allOut()}}});
  Json fromLb = tcp(8080, {});
  fromLb["security_groups"] = {"sg-lb"};
  Json apiFromLb = tcp(9000, {});
  apiFromLb["security_groups"] = {"sg-lb"};
  p.add("aws_security_group.app", {{"id", "sg-app"}, {"vpc_id", "vpc-1"}, {"ingress", {fromLb, apiFromLb}},
                                   {"egress", Json::array()}});
  p.add("aws_lb.web", {{"id", "arn:lb"}, {"arn", "arn:lb"}, {"load_balancer_type", "application"}, {"internal", false},
                       {"subnets", {"subnet-a", "subnet-b"}}, {"security_groups", {"sg-lb"}}});
  p.add("aws_lb_target_group.web", {{"id", "arn:tg-web"}, {"arn", "arn:tg-web"}, {"vpc_id", "vpc-1"}, {"port", 8080},
                                    {"protocol", "HTTP"}, {"target_type", "instance"}});
  p.add("aws_lb_target_group.api", {{"id", "arn:tg-api"}, {"arn", "arn:tg-api"}, {"vpc_id", "vpc-1"}, {"port", 9000},
                                    {"protocol", "HTTP"}, {"target_type", "instance"}});
  p.add("aws_lb_listener.http", {{"id", "arn:lst"}, {"arn", "arn:lst"}, {"load_balancer_arn", "arn:lb"}, {"port", 80},
                                 {"protocol", "HTTP"},
                                 {"default_action", {{{"type", "forward"}, {"target_group_arn", "arn:tg-web"}}}}});
  p.add("aws_lb_listener_rule.api", {{"id", "arn:rule"}, {"arn", "arn:rule"}, {"listener_arn", "arn:lst"}, {"priority", 10},
                                     {"action", {{{"type", "forward"}, {"target_group_arn", nullptr},
                                                  {"forward", {{{"target_group", {{{"arn", "arn:tg-api"}, {"weight", 1}}}}}}}}}},
                                     {"condition", {{{"path_pattern", {{{"values", {"/api/*"}}}}}}}}});
  Json web = instance("i-web", {"sg-app"}, "subnet-b");
  web["associate_public_ip_address"] = false;
  Json api = instance("i-api", {"sg-app"}, "subnet-b");
  api["associate_public_ip_address"] = false;
  p.add("aws_instance.web", web);
  p.add("aws_instance.api", api);
  p.add("aws_lb_target_group_attachment.web", {{"id", "att-1"}, {"target_group_arn", "arn:tg-web"}, {"target_id", "i-web"},
                                               {"port", 8080}});
  p.add("aws_lb_target_group_attachment.api", {{"id", "att-2"}, {"target_group_arn", "arn:tg-api"}, {"target_id", "i-api"},
                                               {"port", 9000}});
  auto l = p.load();
  ASSERT_TRUE(l->net);
  const auto* lb = l->res.stack.load_balancers.find("aws_lb.web");
  ASSERT_TRUE(lb);
  ASSERT_EQ(lb->listeners.size(), 2u);
  EXPECT_EQ(lb->listeners[1].port, 80);
  EXPECT_EQ(lb->listeners[1].target_group, "aws_lb_target_group.api");
  expectAnswers(*l->net, {
      {"internet", "aws_lb.web", 80, "ACCEPTED", "aws_security_group.app"},
      {"aws_lb.web", "aws_instance.api", 9000, "ACCEPTED", "aws_security_group.app"},
  });
}

// resources/service_discovery_service: a service in a private DNS
// namespace (dns_config.namespace_id); resources/ecs_service's
// service_registries registers its tasks, so `<service>.<namespace>`
// answers with the tasks' addresses inside the namespace's VPC.
// resources/route53_record: an A record in a private zone.
TEST(TerraformSemantics, CloudMapAndRoute53Names) {
  TfPlan p = vpcPlan(true);  // a private zone needs DNS hostnames and support
  p.add("aws_security_group.app", {{"id", "sg-app"}, {"vpc_id", "vpc-1"}, {"ingress", {tcp(8080, {"10.0.0.0/16"})}},
                                   {"egress", {allOut()}}});
  p.add("aws_service_discovery_private_dns_namespace.internal", {{"id", "ns-1"}, {"arn", "arn:ns-1"}, {"name", "internal"},
                                                                  {"vpc", "vpc-1"}});
  p.add("aws_service_discovery_service.api", {{"id", "srv-1"}, {"arn", "arn:srv-1"}, {"name", "api"},
                                              {"dns_config", {{{"namespace_id", "ns-1"}, {"routing_policy", "MULTIVALUE"},
                                                               {"dns_records", {{{"type", "A"}, {"ttl", 10}}}}}}}});
  p.add("aws_ecs_cluster.main", {{"id", "arn:cluster"}, {"arn", "arn:cluster"}, {"name", "main"}});
  std::string containers = R"([{"name":"api","image":"nginx","memory":256,"essential":true,
                               "portMappings":[{"containerPort":8080,"protocol":"tcp"}]}])";
  p.add("aws_ecs_task_definition.api", {{"id", "api"}, {"arn", "arn:td-api:1"}, {"family", "api"}, {"network_mode", "awsvpc"},
                                        {"requires_compatibilities", {"FARGATE"}}, {"cpu", "256"}, {"memory", "512"},
                                        {"container_definitions", containers}});
  p.add("aws_ecs_service.api", {{"id", "arn:svc"}, {"name", "api"}, {"cluster", "arn:cluster"}, {"desired_count", 2},
                                {"launch_type", "FARGATE"}, {"task_definition", "arn:td-api:1"},
                                {"network_configuration", {{{"subnets", {"subnet-a"}}, {"security_groups", {"sg-app"}},
                                                            {"assign_public_ip", false}}}},
                                {"service_registries", {{{"registry_arn", "arn:srv-1"}}}}});
  p.add("aws_route53_zone.corp", {{"id", "Z1"}, {"zone_id", "Z1"}, {"name", "corp.example"},
                                  {"vpc", {{{"vpc_id", "vpc-1"}, {"vpc_region", "eu-north-1"}}}}});
  p.add("aws_route53_record.db", {{"id", "Z1_db_A"}, {"zone_id", "Z1"}, {"name", "db.corp.example"}, {"type", "A"},
                                  {"ttl", 60}, {"records", {"10.0.1.200"}}});
  auto l = p.load();
  ASSERT_TRUE(l->net);
  const auto* ns = l->res.stack.namespaces.find("internal");
  ASSERT_TRUE(ns);
  ASSERT_EQ(ns->services.size(), 1u);
  EXPECT_EQ(ns->services[0].name, "api");
  int vpc = l->net->vpcIndex("aws_vpc.main");
  Resolution api = resolveName(*l->net, "api.internal", vpc);
  EXPECT_EQ(api.addresses.size(), 2u) << api.error;  // one per task
  Resolution db = resolveName(*l->net, "db.corp.example", vpc);
  EXPECT_EQ(db.addresses, std::vector<model::Ipv4>{*model::parseIpv4("10.0.1.200")}) << db.error;
  EXPECT_TRUE(resolveName(*l->net, "db.corp.example", -1).addresses.empty());  // a private zone
}

// resources/vpc_peering_connection and vpc_peering_connection_accepter:
// once accepted, each side routes the other's CIDR to the connection.
TEST(TerraformSemantics, PeeringAcrossAccepter) {
  TfPlan p = vpcPlan();
  p.add("aws_vpc.other", {{"id", "vpc-2"}, {"cidr_block", "10.1.0.0/16"}});
  p.add("aws_subnet.o", {{"id", "subnet-o"}, {"vpc_id", "vpc-2"}, {"cidr_block", "10.1.1.0/24"},
                         {"availability_zone", "eu-north-1a"}});
  p.add("aws_vpc_peering_connection.p", {{"id", "pcx-1"}, {"vpc_id", "vpc-1"}, {"peer_vpc_id", "vpc-2"}, {"auto_accept", false}});
  p.add("aws_vpc_peering_connection_accepter.p", {{"id", "pcx-1"}, {"vpc_peering_connection_id", "pcx-1"},
                                                  {"auto_accept", true}});
  p.add("aws_route_table.a", {{"id", "rtb-a"}, {"vpc_id", "vpc-1"},
                              {"route", {{{"cidr_block", "10.1.0.0/16"}, {"vpc_peering_connection_id", "pcx-1"}}}}});
  p.add("aws_route_table.o", {{"id", "rtb-o"}, {"vpc_id", "vpc-2"},
                              {"route", {{{"cidr_block", "10.0.0.0/16"}, {"vpc_peering_connection_id", "pcx-1"}}}}});
  p.add("aws_route_table_association.a", {{"subnet_id", "subnet-a"}, {"route_table_id", "rtb-a"}});
  p.add("aws_route_table_association.o", {{"subnet_id", "subnet-o"}, {"route_table_id", "rtb-o"}});
  p.add("aws_security_group.a", {{"id", "sg-a"}, {"vpc_id", "vpc-1"}, {"ingress", Json::array()}, {"egress", {allOut()}}});
  p.add("aws_security_group.o", {{"id", "sg-o"}, {"vpc_id", "vpc-2"}, {"ingress", {tcp(5432, {"10.0.0.0/16"})}},
                                 {"egress", Json::array()}});
  p.add("aws_instance.a", instance("i-a", {"sg-a"}));
  p.add("aws_instance.o", instance("i-o", {"sg-o"}, "subnet-o"));
  auto l = p.load();
  ASSERT_TRUE(l->net);
  expectAnswers(*l->net, {
      {"aws_instance.a", "aws_instance.o", 5432, "ACCEPTED", "aws_vpc_peering_connection.p"},
      {"aws_instance.a", "aws_instance.o", 22, "DENIED_IN", "aws_security_group.o"},
  });
}

// resources/ec2_managed_prefix_list (entry blocks) referenced by a group's
// prefix_list_ids; data-sources/prefix_list (the AWS-managed S3 list) in
// an egress rule, with a gateway endpoint carrying S3's routes.
TEST(TerraformSemantics, PrefixListsInGroupRules) {
  TfPlan p = publicPlan();
  p.add("aws_ec2_managed_prefix_list.office", {{"id", "pl-office"}, {"name", "office"}, {"address_family", "IPv4"},
                                               {"max_entries", 5},
                                               {"entry", {{{"cidr", "203.0.113.0/24"}, {"description", "HQ"}}}}});
  p.data("data.aws_prefix_list.s3", {{"id", "pl-c3aa4faa"}, {"name", "com.amazonaws.eu-north-1.s3"},
                                     {"cidr_blocks", {"52.218.0.0/17"}}});
  Json ssh = tcp(22, {});
  ssh["prefix_list_ids"] = {"pl-office"};
  Json toS3 = tcp(443, {});
  toS3["prefix_list_ids"] = {"pl-c3aa4faa"};
  p.add("aws_security_group.web", {{"id", "sg-web"}, {"vpc_id", "vpc-1"}, {"ingress", {ssh}}, {"egress", {toS3}}},
        {{"egress", {{{"prefix_list_ids", TfPlan::ref("data.aws_prefix_list.s3.id")}}}}});
  p.add("aws_vpc_endpoint.s3", {{"id", "vpce-s3"}, {"vpc_id", "vpc-1"}, {"service_name", "com.amazonaws.eu-north-1.s3"},
                                {"vpc_endpoint_type", "Gateway"}, {"route_table_ids", {"rtb-pub"}}});
  p.add("aws_instance.web", instance("i-web", {"sg-web"}));
  auto l = p.load();
  ASSERT_TRUE(l->net);
  expectAnswers(*l->net, {
      {"203.0.113.9", "aws_instance.web", 22, "ACCEPTED", "aws_security_group.web"},
      {"198.51.100.9", "aws_instance.web", 22, "DENIED_IN", "aws_security_group.web"},
      {"aws_instance.web", "s3", 443, "EXITS_NETWORK", "aws_vpc_endpoint.s3"},
      {"aws_instance.web", "8.8.8.8", 443, "DENIED_OUT", "aws_security_group.web"},
  });
}

// resources/eip (instance), resources/nat_gateway (subnet_id,
// allocation_id) and resources/internet_gateway_attachment (a gateway
// created detached, then attached to the VPC).
TEST(TerraformSemantics, ElasticIpNatAndAttachedGateway) {
  TfPlan p;
  p.add("aws_vpc.main", {{"id", "vpc-1"}, {"cidr_block", "10.0.0.0/16"}});
  p.add("aws_internet_gateway.igw", {{"id", "igw-1"}}, {}, {{"vpc_id", false}});
  p.add("aws_internet_gateway_attachment.igw", {{"id", "igw-1:vpc-1"}, {"internet_gateway_id", "igw-1"}, {"vpc_id", "vpc-1"}});
  p.add("aws_subnet.public", {{"id", "subnet-pub"}, {"vpc_id", "vpc-1"}, {"cidr_block", "10.0.0.0/24"},
                              {"availability_zone", "eu-north-1a"}});
  p.add("aws_subnet.private", {{"id", "subnet-priv"}, {"vpc_id", "vpc-1"}, {"cidr_block", "10.0.1.0/24"},
                               {"availability_zone", "eu-north-1a"}});
  p.add("aws_eip.nat", {{"id", "eipalloc-1"}, {"allocation_id", "eipalloc-1"}, {"domain", "vpc"}, {"public_ip", "198.51.100.7"}});
  p.add("aws_nat_gateway.nat", {{"id", "nat-1"}, {"subnet_id", "subnet-pub"}, {"allocation_id", "eipalloc-1"},
                                {"connectivity_type", "public"}});
  p.add("aws_route_table.public", {{"id", "rtb-pub"}, {"vpc_id", "vpc-1"},
                                   {"route", {{{"cidr_block", "0.0.0.0/0"}, {"gateway_id", "igw-1"}}}}});
  p.add("aws_route_table.private", {{"id", "rtb-priv"}, {"vpc_id", "vpc-1"},
                                    {"route", {{{"cidr_block", "0.0.0.0/0"}, {"nat_gateway_id", "nat-1"}}}}});
  p.add("aws_route_table_association.pub", {{"subnet_id", "subnet-pub"}, {"route_table_id", "rtb-pub"}});
  p.add("aws_route_table_association.priv", {{"subnet_id", "subnet-priv"}, {"route_table_id", "rtb-priv"}});
  p.add("aws_security_group.all", {{"id", "sg-all"}, {"vpc_id", "vpc-1"}, {"ingress", {tcp(443, {"0.0.0.0/0"})}},
                                   {"egress", {allOut()}}});
  Json web = instance("i-web", {"sg-all"}, "subnet-pub");
  web["associate_public_ip_address"] = false;
  p.add("aws_instance.web", web);
  p.add("aws_eip.web", {{"id", "eipalloc-2"}, {"instance", "i-web"}, {"domain", "vpc"}, {"public_ip", "198.51.100.8"}});
  Json app = instance("i-app", {"sg-all"}, "subnet-priv");
  app["associate_public_ip_address"] = false;
  p.add("aws_instance.app", app);
  auto l = p.load();
  ASSERT_TRUE(l->net);
  EXPECT_EQ(l->res.stack.internet_gateways.find("aws_internet_gateway.igw")->vpc, "aws_vpc.main");
  EXPECT_EQ(l->res.stack.instances.find("aws_instance.web")->public_ip_address, model::parseIpv4("198.51.100.8"));
  expectAnswers(*l->net, {
      {"internet", "aws_instance.web", 443, "ACCEPTED", "aws_internet_gateway.igw"},
      {"aws_instance.app", "8.8.8.8", 443, "EXITS_NETWORK", "aws_nat_gateway.nat"},
      // No public address: nothing on the internet can address it.
      {"internet", "aws_instance.app", 443, "NULL_ROUTED", "internet"},
  });
}

// data-sources/vpc, data-sources/subnet and data-sources/availability_zones:
// a plan into an existing network reads them; resources placed by
// data.aws_availability_zones.available.names[i] land in that zone, and an
// existing subnet read as data is where the instance runs.
TEST(TerraformSemantics, DataSourcesStandForTheExistingNetwork) {
  TfPlan p;
  p.data("data.aws_vpc.existing", {{"id", "vpc-9"}, {"cidr_block", "10.9.0.0/16"}});
  p.data("data.aws_subnet.existing", {{"id", "subnet-9"}, {"vpc_id", "vpc-9"}, {"cidr_block", "10.9.1.0/24"},
                                      {"availability_zone", "eu-north-1c"}});
  p.data("data.aws_availability_zones.available", {{"id", "eu-north-1"}, {"names", {"eu-north-1a", "eu-north-1b"}}});
  p.add("aws_subnet.new", {{"vpc_id", "vpc-9"}, {"cidr_block", "10.9.2.0/24"}, {"availability_zone", "eu-north-1b"}},
        {{"availability_zone", TfPlan::ref("data.aws_availability_zones.available.names[1]")}}, {{"id", true}});
  p.add("aws_security_group.app", {{"vpc_id", "vpc-9"}, {"ingress", {tcp(22, {"10.9.0.0/16"})}}, {"egress", {allOut()}}},
        {}, {{"id", true}});
  p.add("aws_instance.old", {{"instance_type", "t3.micro"}, {"subnet_id", "subnet-9"}},
        {{"vpc_security_group_ids", TfPlan::ref("aws_security_group.app.id")}}, {{"id", true}, {"vpc_security_group_ids", true}});
  p.add("aws_instance.new", {{"instance_type", "t3.micro"}},
        {{"subnet_id", TfPlan::ref("aws_subnet.new.id")}, {"vpc_security_group_ids", TfPlan::ref("aws_security_group.app.id")}},
        {{"id", true}, {"subnet_id", true}, {"vpc_security_group_ids", true}});
  auto l = p.load();
  ASSERT_TRUE(l->net);
  EXPECT_EQ(l->res.stack.subnets.find("aws_subnet.new")->az, "eu-north-1b");
  EXPECT_EQ(l->res.stack.instances.find("aws_instance.old")->subnet, "data.aws_subnet.existing");
  EXPECT_EQ(warningsMentioning(l->res, "data.aws_vpc.existing is an existing VPC the plan only reads"), 1u);
  expectAnswers(*l->net, {{"aws_instance.new", "aws_instance.old", 22, "ACCEPTED", "aws_security_group.app"}});
}

// A plan into a network it neither creates nor reads (hard-coded IDs) is
// checked as far as it goes: each missing piece is one warning naming the
// ID, never an error.
TEST(TerraformSemantics, UnknownNetworkIdsAreWarningsNotErrors) {
  TfPlan p;
  p.add("aws_security_group.app", {{"id", "sg-1"}, {"vpc_id", "vpc-0abc"}, {"ingress", Json::array()}, {"egress", {allOut()}}});
  p.add("aws_instance.a", {{"id", "i-1"}, {"instance_type", "t3.micro"}, {"subnet_id", "subnet-0abc"},
                           {"vpc_security_group_ids", {"sg-1"}}});
  p.add("aws_instance.b", {{"id", "i-2"}, {"instance_type", "t3.micro"}, {"subnet_id", "subnet-0abc"},
                           {"vpc_security_group_ids", {"sg-1"}}});
  auto l = p.load();
  ASSERT_TRUE(l->res.ok());
  EXPECT_EQ(warningsMentioning(l->res, "vpc-0abc"), 1u) << testing::diagText(l->res);
  EXPECT_EQ(warningsMentioning(l->res, "subnet-0abc"), 1u) << testing::diagText(l->res);
}

// resources/vpn_gateway, vpn_gateway_attachment, vpn_connection,
// vpn_connection_route and vpn_gateway_route_propagation (and route_table's
// propagating_vgws): a gateway attached to the VPC, a connection with a
// static route, and a table that propagates it; a route with gateway_id
// naming the VPN gateway goes to it, not to an internet gateway.
TEST(TerraformSemantics, SiteToSiteVpn) {
  TfPlan p = vpcPlan();
  p.add("aws_vpn_gateway.vgw", {{"id", "vgw-1"}});
  p.add("aws_vpn_gateway_attachment.a", {{"vpn_gateway_id", "vgw-1"}, {"vpc_id", "vpc-1"}});
  p.add("aws_vpn_connection.office", {{"id", "vpn-1"}, {"vpn_gateway_id", "vgw-1"}, {"static_routes_only", true}});
  p.add("aws_vpn_connection_route.office", {{"vpn_connection_id", "vpn-1"}, {"destination_cidr_block", "192.168.0.0/16"}});
  p.add("aws_route_table.private", {{"id", "rtb-priv"}, {"vpc_id", "vpc-1"},
                                    {"route", {{{"cidr_block", "172.16.0.0/12"}, {"gateway_id", "vgw-1"}}}}});
  p.add("aws_vpn_gateway_route_propagation.p", {{"vpn_gateway_id", "vgw-1"}, {"route_table_id", "rtb-priv"}});
  p.add("aws_route_table_association.a", {{"id", "rtbassoc-a"}, {"subnet_id", "subnet-a"}, {"route_table_id", "rtb-priv"}});
  p.add("aws_security_group.app", {{"id", "sg-app"}, {"vpc_id", "vpc-1"},
                                   {"ingress", {tcp(22, {"192.168.0.0/16"})}}, {"egress", {allOut()}}});
  p.add("aws_instance.app", instance("i-app", {"sg-app"}));
  auto l = p.load();
  ASSERT_EQ(l->res.stack.vpn_gateways.size(), 1u);
  EXPECT_EQ(l->res.stack.vpn_gateways[0].vpc, "aws_vpc.main");
  ASSERT_EQ(l->res.stack.vpn_connections.size(), 1u);
  ASSERT_EQ(l->res.stack.vpn_connections[0].on_premises.size(), 1u);
  EXPECT_EQ(l->res.stack.vpn_connections[0].on_premises[0].str(), "192.168.0.0/16");
  expectAnswers(*l->net, {
      {"aws_instance.app", "192.168.3.4", 443, "EXITS_NETWORK", "aws_vpn_gateway.vgw"},
      {"aws_instance.app", "172.16.0.9", 443, "EXITS_NETWORK", "aws_vpn_gateway.vgw"},
      {"aws_instance.app", "8.8.8.8", 443, "NO_ROUTE", "aws_route_table.private"},
      {"aws_vpn_connection.office", "aws_instance.app", 22, "ACCEPTED", "aws_vpn_gateway.vgw"},
  });
}

}  // namespace
}  // namespace awssim::sim
