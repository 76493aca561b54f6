// Intents from the seed's manifests: flows and AWS needs with their lines,
// checked by the engine.
#include <gtest/gtest.h>

#include "rules/intents.h"
#include "sim/intents.h"
#include <fmt/format.h>

#include "sim_test_util.h"

namespace awssim::rules {
namespace {

using namespace sim::testing;
using V = std::vector<std::string>;

const std::string kFixtures = std::string(AWSSIM_SOURCE_DIR) + "/fixtures/";

std::string rel(const model::Location& l) {
  std::string f = l.file.substr(l.file.find("fixtures/") + 9);
  return fmt::format("{}:{}", f, l.line);
}

TEST(Intents, SeedEc2FlowsAndNeeds) {
  auto f = stackFile(kFixtures + "seed-ec2/stack.yaml");
  auto intents = sim::deriveIntents(f->loaded.stack);
  V flows;
  for (const auto& x : intents.flows) flows.push_back(fmt::format("{} -> {}:{} @{}", x.source, x.host, x.port, rel(x.loc)));
  EXPECT_EQ(flows, (V{"messages -> 10.0.0.5:8761 @seed-ec2/messages/application.yaml:9",
                      "messages -> 10.0.0.4:6379 @seed-ec2/messages/.env:3",
                      "gateway -> 10.0.0.5:8761 @seed-ec2/gateway/application.yaml:25"}));
  V s3;
  for (const auto& n : intents.needs)
    if (n.service == "s3") s3.push_back(fmt::format("{} @{}", n.source, rel(n.loc)));
  EXPECT_EQ(s3, (V{"redis @seed-ec2/redis/user-data.sh:7", "redis @seed-ec2/redis/user-data.sh:11",
                   "discovery @seed-ec2/discovery/user-data.sh:7", "messages @seed-ec2/messages/user-data.sh:7",
                   "messages @seed-ec2/messages/user-data.sh:11", "gateway @seed-ec2/gateway/user-data.sh:7",
                   "gateway @seed-ec2/gateway/user-data.sh:11"}));
  auto results = checkIntents(*f->net, intents);
  for (const auto& r : results) EXPECT_TRUE(r.holds) << r.source << " -> " << r.target << ": " << r.detail;
  EXPECT_TRUE(intentFindings(results).empty());
  EXPECT_EQ(results[1].resolved, "redis (10.0.0.4)");
}

TEST(Intents, UnownedRedisAddressIsAClearFinding) {
  auto f = stackFile(kFixtures + "seed-ec2/broken-redis-host-unowned.yaml");
  auto findings = intentFindings(checkIntents(*f->net, sim::deriveIntents(f->loaded.stack)));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule_id, "AWSSIM-INTENT-001");
  EXPECT_EQ(rel(findings[0].loc), "seed-ec2/messages/broken-unowned.env:3");
  EXPECT_NE(findings[0].message.find("messages is configured to reach 10.0.0.9:6379/tcp (REDIS_HOSTNAME=10.0.0.9 and "
                                     "REDIS_PORT=6379"), std::string::npos) << findings[0].message;
  EXPECT_NE(findings[0].message.find("but cannot: UNKNOWN_DESTINATION at subnet private-a: no network interface owns "
                                     "10.0.0.9 in subnet private-a"), std::string::npos) << findings[0].message;
}

TEST(Intents, SeedEcsThroughServiceConnectAndTaskNeeds) {
  auto f = stackFile(kFixtures + "seed-ecs/stack.yaml");
  auto intents = sim::deriveIntents(f->loaded.stack);
  ASSERT_EQ(intents.flows.size(), 1u);
  EXPECT_EQ(intents.flows[0].source, "service:messages");
  EXPECT_EQ(intents.flows[0].host, "redis");
  EXPECT_EQ(intents.flows[0].port, 6379);
  EXPECT_EQ(rel(intents.flows[0].loc), "seed-ecs/messages/messages-task-definition.json:29");
  V needs;
  for (const auto& n : intents.needs) needs.push_back(n.source + " " + n.service);
  EXPECT_EQ(needs, (V{"service:redis ecr", "service:redis logs", "service:messages ecr", "service:messages logs",
                      "public-cluster-1 ecs-agent"}));
  auto results = checkIntents(*f->net, intents);
  ASSERT_TRUE(results[0].holds) << results[0].detail;
  EXPECT_EQ(results[0].result.parts[0].label,
            "Service Connect redis:6379 -> proxy on public-cluster-1 tcp 32768-65535");
  for (const auto& r : results) EXPECT_TRUE(r.holds) << r.source << " -> " << r.target << ": " << r.detail;
}

TEST(Intents, ImdsV1CallWhenTokensAreRequired) {
  model::MemoryFileSource files;
  files.add("ud.sh", "#!/bin/bash\nIP=$(curl -s http://169.254.169.254/latest/meta-data/local-ipv4)\n");
  auto f = stackOf("region: us-east-1\nvpc: {name: m, cidr: 10.0.0.0/16}\nsubnets: {a: {cidr: 10.0.0.0/24, az: a}}\n"
                   "instances: {x: {type: t3.micro, subnet: a, user_data: ud.sh, metadata: {tokens: required}}}\n",
                   files);
  auto findings = intentFindings(checkIntents(*f->net, sim::deriveIntents(f->loaded.stack)));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule_id, "AWSSIM-INTENT-003");
  EXPECT_EQ(findings[0].loc.str(), "ud.sh:2:1");
}

// A compose file in the stack's folder brings its env_file with it, and a
// database URL is a flow; a name nothing resolves is reported as such.
TEST(Intents, ComposeEnvFileAndUrls) {
  model::MemoryFileSource files;
  files.add("app/docker-compose.yaml", "services:\n  app:\n    image: app\n    env_file: app.env\n");
  files.add("app/app.env", "DB_HOST=10.0.0.50\nDB_PORT=5432\nCACHE_URL=redis://cache.internal:6380/0\n");
  auto f = stackOf("region: us-east-1\nvpc: {name: m, cidr: 10.0.0.0/16}\nsubnets: {a: {cidr: 10.0.0.0/24, az: a}}\n"
                   "security_groups: {db: {ingress: [{tcp: 5432, from: 10.0.0.0/24}]}}\n"
                   "enis: {db: {subnet: a, ip: 10.0.0.50, sgs: [db]}}\n"
                   "instances: {app: {type: t3.micro, subnet: a, compose: app/docker-compose.yaml}}\n",
                   files);
  auto results = checkIntents(*f->net, sim::deriveIntents(f->loaded.stack));
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].target, "10.0.0.50:5432/tcp");
  EXPECT_EQ(results[0].loc.str(), "app/app.env:1:1");
  EXPECT_TRUE(results[0].holds) << results[0].detail;
  EXPECT_EQ(results[1].target, "cache.internal:6380/tcp");
  EXPECT_FALSE(results[1].holds);
  EXPECT_EQ(results[1].detail, "UNKNOWN_DESTINATION at dns cache.internal: no hosted zone, Cloud Map namespace or "
                               "instance answers for cache.internal");
}

TEST(Intents, WellKnownPorts) {
  EXPECT_EQ(sim::wellKnownPort("REDIS"), 6379);
  EXPECT_EQ(sim::wellKnownPort("postgresql"), 5432);
  EXPECT_EQ(sim::wellKnownPort("REDIS_PRIMARY"), 6379);
  EXPECT_EQ(sim::wellKnownPort("FOO"), 0);
}

}  // namespace
}  // namespace awssim::rules
