// Cost: the arithmetic against the price table (730 hours a month), the
// legacy free tier pooled over resources, credits, budget, alternatives, the
// price-table loader and the difference between two stacks.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "model/load/price_table_loader.h"
#include "sim/cost.h"
#include "sim_test_util.h"

namespace awssim::sim {
namespace {

using namespace testing;

const std::string kFixtures = std::string(AWSSIM_SOURCE_DIR) + "/fixtures/";

const CostItem* item(const CostReport& r, const std::string& resource, const std::string& componentPrefix) {
  for (const auto& i : r.items)
    if (i.resource == resource && i.component.rfind(componentPrefix, 0) == 0) return &i;
  return nullptr;
}

const FreeTierLine* pool(const CostReport& r, const std::string& name) {
  for (const auto& l : r.free_tier)
    if (l.pool == name) return &l;
  return nullptr;
}

model::PriceTable usEast1() { return *load::builtinPriceTable("us-east-1"); }

TEST(Cost, BuiltInTablesLoad) {
  auto t = usEast1();
  EXPECT_EQ(t.hours_per_month, 730);
  EXPECT_DOUBLE_EQ(t.nat_gateway_hour, 0.045);
  EXPECT_DOUBLE_EQ(t.ec2_instance_hour.at("t3.micro"), 0.0104);
  EXPECT_EQ(t.file, "built-in (data/prices/us-east-1.json)");
  auto eu = load::builtinPriceTable("eu-north-1");
  ASSERT_TRUE(eu);
  EXPECT_FALSE(eu->ec2_instance_hour.count("t2.micro"));  // Stockholm has no t2
  EXPECT_FALSE(load::builtinPriceTable("ap-south-2"));
}

// AWS-FACTS 5: NAT gateway 0.045/hour = 32.85/month; public IPv4
// 0.005/hour = 3.65/month; interface endpoint 7.30 per zone-month.
TEST(Cost, ArithmeticAt730HoursAMonth) {
  std::string y =
      "region: us-east-1\n"
      "vpc: {name: main, cidr: 10.0.0.0/16}\n"
      "subnets:\n  pub: {cidr: 10.0.0.0/24, az: a, route_table: pub}\n  priv-a: {cidr: 10.0.1.0/24, az: a, route_table: priv}\n"
      "  priv-b: {cidr: 10.0.2.0/24, az: b, route_table: priv}\n"
      "internet_gateways: {igw: {}}\n"
      "nat_gateways: {nat: {subnet: pub}}\n"
      "route_tables:\n  pub: {routes: [{to: 0.0.0.0/0, via: igw}]}\n  priv: {routes: [{to: 0.0.0.0/0, via: nat}]}\n"
      "security_groups: {ep: {}}\n"
      "endpoints: {logs: {service: logs, subnets: [priv-a, priv-b], sgs: [ep]}}\n"
      "volumes: {data: {az: a, size: 100, type: gp2}}\n"
      "instances: {app: {type: t3.small, subnet: priv-a, volumes: [data]}}\n"
      "hosted_zones: {corp.internal: {records: []}}\n"
      "usage: {nat_gateways: {nat: {gb_processed: 200}}, data_transfer_out_gb: 10}\n";
  auto f = stackOf(y);
  CostReport r = estimateCost(*f->net, usEast1(), std::nullopt);
  EXPECT_NEAR(item(r, "nat gateway nat", "NAT gateway")->monthly, 32.85, 1e-9);
  EXPECT_NEAR(item(r, "nat gateway nat", "Data processed")->monthly, 9.00, 1e-9);
  EXPECT_NEAR(item(r, "nat gateway nat", "Elastic IP")->monthly, 3.65, 1e-9);
  EXPECT_NEAR(item(r, "endpoint logs (logs)", "Endpoint (2 zones)")->monthly, 14.60, 1e-9);
  EXPECT_FALSE(item(r, "endpoint logs (logs)", "Data processed")->has_usage);
  EXPECT_NEAR(item(r, "instance app", "Instance usage")->monthly, 730 * 0.0208, 1e-9);
  EXPECT_NEAR(item(r, "instance app", "Root volume (gp3, 8 GB)")->monthly, 0.64, 1e-9);
  EXPECT_NEAR(item(r, "volume data", "Storage (gp2, 100 GB)")->monthly, 10.00, 1e-9);
  EXPECT_NEAR(item(r, "hosted zone corp.internal", "Private hosted zone")->monthly, 0.50, 1e-9);
  EXPECT_NEAR(item(r, "data transfer", "Out to the internet")->monthly, 0.90, 1e-9);
  EXPECT_NEAR(r.total, 32.85 + 9.00 + 3.65 + 14.60 + 730 * 0.0208 + 0.64 + 10.00 + 0.50 + 0.90, 1e-9);
  // The endpoints cost less than a NAT here, so only the NAT's alternative is offered.
  ASSERT_EQ(r.alternatives.size(), 1u);
  EXPECT_EQ(r.alternatives[0],
            "nat gateway nat costs $36.50/month ($32.85 for the gateway, $3.65 for its public IPv4) plus $0.045/GB "
            "processed. If it carries only AWS-service traffic (image pulls, logs), interface endpoints for ecr.api, "
            "ecr.dkr and logs in the 2 zones it serves cost $43.80/month (plus $0.01/GB), and an S3 gateway endpoint for "
            "image layers is free.");
}

// The seed on the legacy plan in eu-north-1 (no t2 there, so t3.micro is the
// free type): four instances run 2,920 hours against the pooled 750.
TEST(Cost, SeedEc2ExceedsThePooledFreeTier) {
  auto f = stackFile(kFixtures + "seed-ec2/stack.yaml");
  CostReport r = estimateCost(*f->net, *load::builtinPriceTable("eu-north-1"), std::nullopt);
  const FreeTierLine* hours = pool(r, "t3.micro hours");
  ASSERT_TRUE(hours);
  EXPECT_EQ(hours->used, 2920);
  EXPECT_EQ(hours->allowance, 750);
  EXPECT_EQ(hours->over, 2170);
  EXPECT_NEAR(hours->over_cost, 2170 * 0.0108, 1e-9);
  const FreeTierLine* ebs = pool(r, "EBS GB-months");
  EXPECT_EQ(ebs->used, 32);  // four 8 GB root volumes
  EXPECT_EQ(ebs->over, 2);
  EXPECT_EQ(pool(r, "public IPv4 hours")->over, 0);  // only the gateway has one
  EXPECT_NEAR(r.total_after_free_tier, r.total - r.free_tier_covered, 1e-9);
}

TEST(Cost, SeedEcsTwoInstancesLikewise) {
  auto f = stackFile(kFixtures + "seed-ecs/stack.yaml");
  CostReport r = estimateCost(*f->net, *load::builtinPriceTable("eu-north-1"), std::nullopt);
  EXPECT_EQ(pool(r, "t3.micro hours")->used, 1460);
  EXPECT_EQ(pool(r, "t3.micro hours")->over, 710);
  EXPECT_EQ(pool(r, "public IPv4 hours")->over, 710);
  EXPECT_EQ(pool(r, "EBS GB-months")->used, 60);  // two 30 GB ECS-optimized roots
}

TEST(Cost, NatVariantShowsTheNatItsEipAndTheAlternative) {
  auto f = stackFile(kFixtures + "seed-ec2/with-nat-gateway.yaml");
  CostReport r = estimateCost(*f->net, usEast1(), std::nullopt);
  EXPECT_NEAR(item(r, "nat gateway nat-a", "NAT gateway")->monthly, 32.85, 1e-9);
  EXPECT_NEAR(item(r, "nat gateway nat-a", "Elastic IP")->monthly, 3.65, 1e-9);
  ASSERT_FALSE(r.alternatives.empty());
  EXPECT_NE(r.alternatives[0].find("interface endpoints for ecr.api, ecr.dkr and logs in the 3 zones it serves cost "
                                   "$65.70/month"), std::string::npos) << r.alternatives[0];
  // us-east-1 has t2: t3.micro hours are not free there.
  EXPECT_FALSE(pool(r, "t3.micro hours"));
  EXPECT_EQ(freeTierInstanceType("us-east-1"), "t2.micro");
}

TEST(Cost, CreditsPlanSaysHowLongTheyLast) {
  auto f = stackFile(kFixtures + "seed-ec2/with-nat-gateway.yaml");
  f->loaded.stack.free_tier = model::FreeTierPlan::Credits;
  CostReport r = estimateCost(*f->net, usEast1(), std::nullopt);
  ASSERT_EQ(r.credits.size(), 3u);
  EXPECT_EQ(r.credits[0], fmt::format("at ${:.2f}/month the USD 100 sign-up credits last {:.1f} months", r.total, 100 / r.total));
  EXPECT_EQ(r.total_after_free_tier, r.total);
}

TEST(Cost, BudgetGate) {
  auto f = stackFile(kFixtures + "seed-ec2/stack.yaml");
  auto prices = *load::builtinPriceTable("eu-north-1");
  EXPECT_TRUE(estimateCost(*f->net, prices, 20.0).over_budget());
  EXPECT_FALSE(estimateCost(*f->net, prices, 30.0).over_budget());
}

// An interface endpoint that only public-subnet workloads could use is not needed.
TEST(Cost, NeedlessInterfaceEndpoint) {
  std::string y =
      "region: us-east-1\n"
      "vpc: {name: main, cidr: 10.0.0.0/16, dns: {support: true, hostnames: true}}\n"
      "subnets: {pub: {cidr: 10.0.0.0/24, az: a, route_table: pub}}\n"
      "internet_gateways: {igw: {}}\n"
      "route_tables: {pub: {routes: [{to: 0.0.0.0/0, via: igw}]}}\n"
      "security_groups: {ep: {}}\n"
      "endpoints: {ssm: {service: ssm, subnets: [pub], sgs: [ep]}}\n"
      "instances: {web: {type: t3.micro, subnet: pub, public_ip: true}}\n";
  CostReport r = estimateCost(*stackOf(y)->net, usEast1(), std::nullopt);
  ASSERT_EQ(r.alternatives.size(), 1u);
  EXPECT_EQ(r.alternatives[0], "endpoint ssm (ssm) is not needed: every workload in vpc main has a public IPv4 address "
                               "and a route to an internet gateway, so it reaches ssm without it; removing it saves "
                               "$7.30/month");
}

// A well-formed type the price table lacks (a new family) is counted as $0
// with a warning; a malformed one is a load error (StackLoader tests).
TEST(Cost, MissingPricesAreWarnedNotGuessed) {
  auto f = stackOf("region: us-east-1\nvpc: {name: m, cidr: 10.0.0.0/16}\nsubnets: {a: {cidr: 10.0.0.0/24, az: a}}\n"
                   "instances: {x: {type: x9.large, subnet: a}}\n");
  CostReport r = estimateCost(*f->net, usEast1(), std::nullopt);
  EXPECT_EQ(r.warnings, std::vector<std::string>{"no price for instance type x9.large in the us-east-1 price table; counted as $0"});
}

TEST(Cost, PriceTableLoaderReportsLocatedErrors) {
  model::Diagnostics d;
  auto t = load::loadPriceTable("{\n  \"region\": \"x\",\n  \"nat_gateway_hour\": \"0.045\",\n  \"natgateway_gb\": 1\n}\n",
                                "p.json", d);
  EXPECT_FALSE(t);
  std::vector<std::string> msgs;
  for (const auto& x : d.all()) msgs.push_back(x.str());
  ASSERT_GE(msgs.size(), 3u);
  EXPECT_EQ(msgs[0], "p.json:1:1: error: price table: missing required key 'currency'");
  bool type = false, unknown = false;
  for (const auto& m : msgs) {
    type |= m == "p.json:3:23: error: nat_gateway_hour must be a number, got '0.045'";
    unknown |= m == "p.json:4:3: error: price table: unknown key 'natgateway_gb'; did you mean 'nat_gateway_gb'?";
  }
  EXPECT_TRUE(type) << ::testing::PrintToString(msgs);
  EXPECT_TRUE(unknown) << ::testing::PrintToString(msgs);
}

TEST(Cost, DiffByResource) {
  auto a = stackFile(kFixtures + "seed-ec2/stack.yaml");
  auto b = stackFile(kFixtures + "seed-ec2/with-nat-gateway.yaml");
  auto ca = estimateCost(*a->net, usEast1(), std::nullopt);
  auto cb = estimateCost(*b->net, usEast1(), std::nullopt);
  auto diff = diffCosts(ca, cb);
  ASSERT_EQ(diff.size(), 1u);
  EXPECT_EQ(diff[0].resource, "nat gateway nat-a");
  EXPECT_NEAR(diff[0].after, 32.85 + 3.65 + 20 * 0.045, 1e-9);
}

}  // namespace
}  // namespace awssim::sim
