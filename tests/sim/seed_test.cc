// The seed's own questions on fixtures/seed-ec2, answered with exact paths,
// and each broken variant failing with the right code at the right component.
#include <gtest/gtest.h>

#include "sim_test_util.h"

namespace awssim::sim {
namespace {

using namespace testing;
using V = std::vector<std::string>;

const std::string kSeed = std::string(AWSSIM_SOURCE_DIR) + "/fixtures/seed-ec2/";

class SeedEc2 : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { f_ = stackFile(kSeed + "stack.yaml").release(); }
  static void TearDownTestSuite() { delete f_; }
  static Fixture* f_;
};
Fixture* SeedEc2::f_ = nullptr;

TEST_F(SeedEc2, MessagesReachesRedis) {
  auto r = ask(*f_, "messages", "redis", 6379);
  EXPECT_TRUE(r.reachable);
  EXPECT_EQ(dispo(r), "ACCEPTED");
  const Trace& t = r.parts.at(0).trace;
  EXPECT_EQ(hops(t.forward),
            (V{"messages/instance/sent", "messages/security-group/allowed", "private/route-table/routed",
               "nacl default/network-acl/allowed", "nacl default/network-acl/allowed", "redis/security-group/allowed",
               "redis/instance/delivered"}));
  EXPECT_EQ(t.forward[1].detail, "security group messages: tcp 6379 to sg:redis");
  EXPECT_EQ(t.forward[2].detail, "10.0.0.0/16 -> local");
  EXPECT_EQ(t.forward[5].detail, "security group redis: tcp 6379 from sg:messages");
  // In the order the reply takes (regression: the NACLs were listed source
  // side first), with the stateful groups at both ends.
  EXPECT_EQ(hops(t.ret), (V{"redis/security-group/allowed", "nacl default/network-acl/allowed",
                            "nacl default/network-acl/allowed", "messages/security-group/allowed"}));
  EXPECT_EQ(t.ret[1].detail, "egress of subnet private-a: the default network ACL allows all traffic");
  EXPECT_EQ(t.ret[2].detail, "ingress of subnet private-b: the default network ACL allows all traffic");
  EXPECT_EQ(t.ret[0].detail, "stateful: the reply to a request the group let in leaves, whatever its egress rules say");
  EXPECT_EQ(r.destination, "instance redis (10.0.0.4)");
}

TEST_F(SeedEc2, EurekaClientsReachDiscovery) {
  EXPECT_TRUE(ask(*f_, "messages", "discovery", 8761).reachable);
  auto g = ask(*f_, "gateway", "discovery", 8761);
  EXPECT_TRUE(g.reachable);
  EXPECT_EQ(g.parts[0].trace.forward[2].detail, "10.0.0.0/16 -> local");
  // Through the Route 53 name as well.
  auto byName = ask(*f_, "gateway", "discovery.messages.com", 8761);
  EXPECT_TRUE(byName.reachable);
  EXPECT_EQ(byName.destination, "discovery.messages.com (10.0.0.5, A record in hosted zone messages.com)");
}

TEST_F(SeedEc2, GatewayReachesMessages) {
  auto r = ask(*f_, "gateway", "messages", 80);
  EXPECT_TRUE(r.reachable);
  EXPECT_EQ(hops(r.parts[0].trace.forward),
            (V{"gateway/instance/sent", "gateway/security-group/allowed", "public/route-table/routed",
               "nacl default/network-acl/allowed", "nacl default/network-acl/allowed", "messages/security-group/allowed",
               "messages/instance/delivered"}));
}

TEST_F(SeedEc2, InternetReachesGatewayOnly) {
  auto g = ask(*f_, "internet", "gateway", 80);
  EXPECT_TRUE(g.reachable);
  EXPECT_EQ(dispo(g), "ACCEPTED");
  EXPECT_EQ(hops(g.parts[0].trace.forward),
            (V{"internet/internet/sent", "igw/internet-gateway/translated", "nacl default/network-acl/allowed",
               "gateway/security-group/allowed", "gateway/instance/delivered"}));
  EXPECT_EQ(g.parts[0].trace.forward[1].detail, "198.18.0.1 -> 10.0.128.4 (gateway)");
  auto r = ask(*f_, "internet", "redis", 6379);
  EXPECT_FALSE(r.reachable);
  EXPECT_EQ(dispo(r), "NULL_ROUTED");
  EXPECT_EQ(blocks(r), V{"NO_ROUTE_TO_DESTINATION@internet(forward)"});
  EXPECT_EQ(r.parts[0].trace.explanations[0].detail,
            "redis (10.0.0.4) has no public IPv4 address, and its private address is not routable from the internet");
}

TEST_F(SeedEc2, PrivateInstancesReachS3ThroughTheGatewayEndpoint) {
  for (const char* who : {"redis", "discovery", "messages"}) {
    auto r = ask(*f_, who, "s3", 443);
    EXPECT_TRUE(r.reachable) << who;
    EXPECT_EQ(hops(r.parts[0].trace.forward).at(4), "s3-endpoint/vpc-endpoint/routed") << who;
  }
  // The gateway is in a public subnet without the endpoint route: it uses
  // the internet gateway and its public address.
  auto g = ask(*f_, "gateway", "s3", 443);
  EXPECT_TRUE(g.reachable);
  EXPECT_EQ(hops(g.parts[0].trace.forward).at(4), "igw/internet-gateway/translated");
}

TEST_F(SeedEc2, EcrIsNotReachableFromThePrivateSubnet) {
  auto r = ask(*f_, "redis", "ecr", 443);
  EXPECT_FALSE(r.reachable);
  EXPECT_EQ(blocks(r), (V{"ENI_SG_RULES_MISMATCH@security group redis(forward)",
                          "NO_ROUTE_TO_DESTINATION@route table private(forward)",
                          "ENI_SG_RULES_MISMATCH@security group redis(forward)",
                          "NO_ROUTE_TO_DESTINATION@route table private(forward)"}));
  EXPECT_EQ(r.notes, (V{"ecr.api: no interface endpoint in the VPC and no working internet path",
                        "ecr.dkr: no interface endpoint in the VPC and no working internet path"}));
  EXPECT_TRUE(r.parts.at(2).trace.reachable);  // the S3 part, for layers, works
}

TEST_F(SeedEc2, SshThroughInstanceConnectEndpoint) {
  for (const char* who : {"redis", "discovery", "messages", "gateway"}) {
    auto r = ask(*f_, "ice", who, 22);
    EXPECT_TRUE(r.reachable) << who;
    EXPECT_EQ(r.parts[0].trace.forward[0].kind, "instance-connect-endpoint");
  }
  EXPECT_FALSE(ask(*f_, "internet", "messages", 22).reachable);
}

struct Broken {
  const char* file;
  const char* from;
  const char* to;
  int port;
  const char* disposition;
  V blocks;
};

class SeedEc2Broken : public ::testing::TestWithParam<Broken> {};

TEST_P(SeedEc2Broken, FailsWithTheRightCodeAndComponent) {
  const Broken& b = GetParam();
  auto f = stackFile(kSeed + b.file);
  auto r = ask(*f, b.from, b.to, b.port);
  EXPECT_FALSE(r.reachable);
  EXPECT_EQ(dispo(r), b.disposition);
  EXPECT_EQ(blocks(r), b.blocks);
}

INSTANTIATE_TEST_SUITE_P(
    Variants, SeedEc2Broken,
    ::testing::Values(
        Broken{"broken-redis-ingress-missing.yaml", "messages", "redis", 6379, "DENIED_IN",
               {"ENI_SG_RULES_MISMATCH@security group redis(forward)"}},
        Broken{"broken-messages-egress-missing.yaml", "messages", "redis", 6379, "DENIED_OUT",
               {"ENI_SG_RULES_MISMATCH@security group messages(forward)"}},
        Broken{"broken-no-s3-route.yaml", "redis", "s3", 443, "NO_ROUTE",
               {"NO_ROUTE_TO_DESTINATION@route table private(forward)"}},
        Broken{"broken-gateway-no-public-ip.yaml", "internet", "gateway", 80, "NULL_ROUTED",
               {"NO_ROUTE_TO_DESTINATION@internet(forward)"}},
        Broken{"broken-nacl-blocks-return.yaml", "messages", "redis", 6379, "DENIED_OUT",
               {"SUBNET_ACL_RESTRICTION@nacl private-a(return)"}}),
    [](const auto& info) {
      std::string n = info.param.file;
      n = n.substr(7, n.size() - 12);
      for (auto& c : n)
        if (c == '-') c = '_';
      return n;
    });

}  // namespace
}  // namespace awssim::sim
