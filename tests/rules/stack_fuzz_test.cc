// awssim fuzz on the seed: the redis group's 6379 rule is load-bearing, the
// ICE's SSH rules to hosts nobody expects to reach are not, and zone
// eu-north-1a (redis, discovery, gateway) is a single point of failure.
#include <gtest/gtest.h>

#include <algorithm>

#include "rules/stack_fuzz.h"
#include "sim_test_util.h"

namespace awssim::rules {
namespace {

const std::string kSeed = std::string(AWSSIM_SOURCE_DIR) + "/fixtures/seed-ec2/stack.yaml";

const MutationResult* find(const FuzzReport& r, MutationKind k, const std::string& target) {
  for (const auto& m : r.results)
    if (m.kind == k && m.target == target) return &m;
  return nullptr;
}

bool breaksStarting(const MutationResult& m, const std::string& prefix) {
  return std::any_of(m.breaks.begin(), m.breaks.end(), [&](const std::string& b) { return b.rfind(prefix, 0) == 0; });
}

// Losing the zone of postgresql does not "break" the expectation that the
// internet cannot reach it: with postgresql gone that holds trivially
// (regression: it was listed beside the SSH expectation that does break).
TEST(StackFuzz, LostZoneDoesNotBreakAnUnreachableExpectation) {
  std::string stack = std::string(AWSSIM_SOURCE_DIR) + "/fixtures/seed-ec2-postgres/stack.yaml";
  auto f = sim::testing::stackFile(stack);
  FuzzReport r = fuzzStack(f->loaded.stack, {});
  const auto* a = find(r, MutationKind::LoseZone, "zone eu-north-1a");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->breaks, (std::vector<std::string>{"expectation ice -> postgresql:22 reachable [" + stack + ":58:5]"}));
}

TEST(StackFuzz, SeedLoadBearingRulesAndZones) {
  auto f = sim::testing::stackFile(kSeed);
  FuzzReport r = fuzzStack(f->loaded.stack, {});
  EXPECT_EQ(r.candidates, r.results.size());
  EXPECT_EQ(r.baseline_holding, 23u);  // 10 expectations + 13 intents
  const auto* redis = find(r, MutationKind::RemoveRule, "tcp 6379 from sg:messages of security group redis");
  ASSERT_TRUE(redis);
  EXPECT_EQ(redis->breaks, (std::vector<std::string>{
                               "expectation messages -> redis:6379 reachable [" + kSeed + ":132:5]",
                               "intent messages -> 10.0.0.4:6379/tcp [" + std::string(AWSSIM_SOURCE_DIR) +
                                   "/fixtures/seed-ec2/messages/.env:3:1]"}));
  EXPECT_EQ(redis->loc.line, 50);
  // Shifting the port breaks the same; SSH from the ICE to discovery is
  // needed by no expectation.
  EXPECT_EQ(find(r, MutationKind::ShiftPort, "tcp 6379 from sg:messages of security group redis")->breaks, redis->breaks);
  const auto* ssh = find(r, MutationKind::RemoveRule, "tcp 22 from sg:ice of security group discovery");
  ASSERT_TRUE(ssh);
  EXPECT_TRUE(ssh->breaks.empty());
  // The S3 endpoint route carries every S3 need of the private subnets.
  const auto* s3 = find(r, MutationKind::RemoveRoute, "route pl:s3 -> s3-endpoint (gateway endpoint) of route table private");
  ASSERT_TRUE(s3);
  EXPECT_EQ(s3->breaks.size(), 7u);
  // Zones: 1a holds redis, discovery, gateway and the ICE; 1c nothing.
  const auto* a = find(r, MutationKind::LoseZone, "zone eu-north-1a");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->lost, (std::vector<std::string>{"redis", "discovery", "gateway", "ice"}));
  EXPECT_TRUE(breaksStarting(*a, "expectation messages -> redis:6379 reachable"));
  EXPECT_EQ(find(r, MutationKind::LoseZone, "zone eu-north-1b")->lost, (std::vector<std::string>{"messages"}));
  const auto* c = find(r, MutationKind::LoseZone, "zone eu-north-1c");
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->breaks.empty());
  // redis's address is written into messages' .env: moving redis breaks it.
  const auto* move = find(r, MutationKind::MoveInstance, "instance redis");
  ASSERT_TRUE(move);
  EXPECT_EQ(move->breaks, (std::vector<std::string>{"intent messages -> 10.0.0.4:6379/tcp [" +
                                                    std::string(AWSSIM_SOURCE_DIR) + "/fixtures/seed-ec2/messages/.env:3:1]"}));
}

TEST(StackFuzz, BudgetSamplesDeterministicallyBySeed) {
  auto f = sim::testing::stackFile(kSeed);
  FuzzOptions o;
  o.max_mutations = 10;
  o.seed = 7;
  FuzzReport a = fuzzStack(f->loaded.stack, o), b = fuzzStack(f->loaded.stack, o);
  ASSERT_EQ(a.results.size(), 10u);
  EXPECT_EQ(a.candidates, 55u);
  std::vector<std::string> ta, tb, tc;
  for (const auto& m : a.results) ta.push_back(mutationKindName(m.kind) + " " + m.target);
  for (const auto& m : b.results) tb.push_back(mutationKindName(m.kind) + " " + m.target);
  EXPECT_EQ(ta, tb);
  o.seed = 8;
  for (const auto& m : fuzzStack(f->loaded.stack, o).results) tc.push_back(mutationKindName(m.kind) + " " + m.target);
  EXPECT_NE(ta, tc);
}

// A NACL allow entry is load-bearing when the only path needs it; a deny is
// never mutated (removing it cannot break a flow).
TEST(StackFuzz, NaclEntriesAndNarrowing) {
  auto f = sim::testing::stackOf(
      "region: us-east-1\n"
      "vpc: {name: main, cidr: 10.0.0.0/16}\n"
      "subnets:\n"
      "  a: {cidr: 10.0.1.0/24, az: a, nacl: strict}\n"
      "  b: {cidr: 10.0.2.0/24, az: b}\n"
      "nacls:\n"
      "  strict:\n"
      "    ingress: [{rule: 100, action: allow, proto: all, cidr: 10.0.0.0/16},\n"
      "              {rule: 200, action: deny, proto: all, cidr: 0.0.0.0/0}]\n"
      "    egress: [{rule: 100, action: allow, proto: all, cidr: 10.0.0.0/16}]\n"
      "security_groups:\n"
      "  client: {}\n"
      "  server: {ingress: [{tcp: 8000-8010, from: 10.0.2.0/24}]}\n"
      "instances:\n"
      "  server: {type: t3.micro, subnet: a, ip: 10.0.1.10, sgs: [server]}\n"
      "  client: {type: t3.micro, subnet: b, ip: 10.0.2.10, sgs: [client]}\n"
      "expect:\n"
      "  - client -> server:8000 reachable\n");
  FuzzReport r = fuzzStack(f->loaded.stack, {});
  const auto* in = find(r, MutationKind::RemoveRule, "ingress rule 100 (allow all traffic 10.0.0.0/16) of network ACL strict");
  ASSERT_TRUE(in);
  EXPECT_EQ(in->breaks.size(), 1u);
  EXPECT_FALSE(find(r, MutationKind::RemoveRule, "ingress rule 200 (deny all traffic 0.0.0.0/0) of network ACL strict"));
  // Narrowing 10.0.0.0/16 to 10.0.0.0/17 keeps 10.0.2.10: nothing breaks.
  const auto* narrowed = find(r, MutationKind::NarrowRule, "ingress rule 100 (allow all traffic 10.0.0.0/16) of network ACL strict");
  ASSERT_TRUE(narrowed);
  EXPECT_TRUE(narrowed->breaks.empty());
  // The SG rule's CIDR narrows to 10.0.2.0/25, which still holds the client.
  const auto* sg = find(r, MutationKind::NarrowRule, "tcp 8000-8010 from 10.0.2.0/24 of security group server");
  ASSERT_TRUE(sg);
  EXPECT_EQ(sg->description, "narrow tcp 8000-8010 from 10.0.2.0/24 of security group server to tcp 8000-8010 from "
                             "10.0.2.0/25");
  EXPECT_TRUE(sg->breaks.empty());
  // Moving the client to the server's subnet gives it an address the
  // server's group does not admit.
  EXPECT_EQ(find(r, MutationKind::MoveInstance, "instance client")->breaks.size(), 1u);
  EXPECT_TRUE(find(r, MutationKind::MoveInstance, "instance server")->breaks.empty());
}

}  // namespace
}  // namespace awssim::rules
