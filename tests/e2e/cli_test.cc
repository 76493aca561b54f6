// End-to-end: runs the awssim binary on the fixtures and the seed's real
// exported task definitions, asserting exit codes and output.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "run.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

using awssim::e2e::run;

const std::string kFixtures = std::string(AWSSIM_SOURCE_DIR) + "/fixtures";
const std::string kUpstream = std::string(AWSSIM_SHARED_DIR) + "/upstream/aws-deployment-example";

// Health checks come from the load balancer's nodes on the health-check
// port; targets that admit the traffic port but not that one are all
// unhealthy (AWSSIM-NET-008), and admitting it clears the finding.
TEST(Cli, BlockedHealthChecksAreAFinding) {
  std::string stack = std::string(AWSSIM_SOURCE_DIR) + "/tests/e2e/data/health-check-blocked.yaml";
  auto j = nlohmann::json::parse(run("check " + stack + " --format json", false).out);
  std::vector<std::string> found;
  for (const auto& f : j["findings"])
    if (f["rule"] == "AWSSIM-NET-008") {
      found.push_back(f["message"]);
      EXPECT_EQ(f["resource"], "target group web");
      EXPECT_EQ(f["location"]["line"], 32);
      EXPECT_EQ(f["severity"], "high");
    }
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0], "health checks of load balancer front cannot reach w1, w2 on tcp 8081 (security group web: no "
                      "ingress rule of web allows tcp 8081 from 10.0.1.4); the targets will be marked unhealthy and get "
                      "no traffic");
  std::filesystem::path ok = std::filesystem::path(::testing::TempDir()) / "awssim-health-ok.yaml";
  std::ifstream in(stack);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  text.replace(text.find("health_check_port: 8081"), 23, "health_check_port: 8080");
  std::ofstream(ok) << text;
  EXPECT_EQ(run("check " + ok.string() + " --format json", false).out.find("AWSSIM-NET-008"), std::string::npos);
}

TEST(Cli, VersionAndHelp) {
  auto v = run("--version");
  EXPECT_EQ(v.code, 0);
  EXPECT_NE(v.out.find("awssim 0."), std::string::npos) << v.out;
  auto h = run("check --help");
  EXPECT_EQ(h.code, 0);
  EXPECT_NE(h.out.find("STACK"), std::string::npos) << h.out;
}

TEST(Cli, UsageErrorExitsTwo) {
  EXPECT_EQ(run("").code, 2);
  EXPECT_EQ(run("frobnicate").code, 2);
  EXPECT_EQ(run("validate").code, 2);
}

// Every stack file under fixtures/ (bases and broken variants) loads: the
// variants are broken for the checks, not for the loader.
TEST(Cli, ValidatesEveryFixture) {
  int count = 0;
  for (const auto& dir : std::filesystem::directory_iterator(kFixtures)) {
    for (const auto& f : std::filesystem::directory_iterator(dir.path())) {
      if (f.path().extension() != ".yaml") continue;
      auto r = run("validate " + f.path().string());
      EXPECT_EQ(r.code, 0) << f.path() << ": " << r.out;
      EXPECT_NE(r.out.find(": ok"), std::string::npos) << r.out;
      ++count;
    }
  }
  EXPECT_GE(count, 15);
}

TEST(Cli, CheckSummarisesSeedEc2) {
  // The seed keeps REDIS_PASSWORD in plain text: a high finding, so exit 1.
  auto r = run("check " + kFixtures + "/seed-ec2/stack.yaml");
  ASSERT_EQ(r.code, 1) << r.out;
  EXPECT_EQ(run("check " + kFixtures + "/seed-ec2/stack.yaml --soft-fail").code, 0);
  EXPECT_EQ(run("check " + kFixtures + "/seed-ec2/stack.yaml --fail-on critical").code, 0);
  EXPECT_NE(r.out.find("vpc aws-deployment-example 10.0.0.0/16 (dns support on, hostnames on)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("instance redis (t3.micro) 10.0.0.4 sgs: redis"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("instance gateway (t3.micro) auto +public-ip sgs: gateway"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("gateway endpoint s3-endpoint (s3) route tables: private"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("route table private: pl:s3 -> s3-endpoint (gateway endpoint)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("hosted zone messages.com (private), 2 records"), std::string::npos) << r.out;
}

// The seed's EC2 deployment as a template, and as a Terraform plan, with the
// instances' compose, .env and app config files attached by the sidecar,
// raises the same findings and the same intents (what the app configs say
// must reach what) as fixtures/seed-ec2. The check fails for all (the seed's
// known traps).
TEST(Cli, SeedTemplateRaisesTheSeedsFindingsAndIntents) {
  auto summary = [](const std::string& stack) {
    auto r = run("check " + stack + " --format json", false);
    auto j = nlohmann::json::parse(r.out);
    std::vector<std::string> out = {"exit " + std::to_string(r.code)};
    for (const auto& f : j["findings"]) out.push_back(f["rule"].get<std::string>() + " " + f["resource"].get<std::string>());
    for (const auto& i : j["intents"])
      out.push_back(i["kind"].get<std::string>() + " " + i["source"].get<std::string>() + " -> " +
                    i["target"].get<std::string>() + (i["holds"].get<bool>() ? " holds" : " fails"));
    std::sort(out.begin(), out.end());
    return out;
  };
  auto seed = summary(kFixtures + "/seed-ec2/stack.yaml");
  EXPECT_EQ(seed.size(), 21u);  // exit code, 7 findings, 13 intents
  EXPECT_EQ(summary(kFixtures + "/seed-ec2-cfn/stack.yaml"), seed);
  EXPECT_EQ(summary(kFixtures + "/seed-ec2-cfn/stack-json.yaml"), seed);
  // The Terraform plan names instances by address (aws_instance.redis).
  auto tf = summary(kFixtures + "/seed-ec2-tf/stack.yaml");
  for (auto& line : tf)
    for (size_t at; (at = line.find("aws_instance.")) != std::string::npos;) line.erase(at, 13);
  std::sort(tf.begin(), tf.end());
  EXPECT_EQ(tf, seed);
}

TEST(Cli, CheckSummarisesSeedEcs) {
  auto r = run("check " + kFixtures + "/seed-ecs/stack.yaml --fail-on critical");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("ecs cluster public-cluster: 2 x t3.micro in public-a, public-b, public-c"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ecs service redis (1 task, bridge mode, family cred-redis-task, 1 container)"), std::string::npos) << r.out;
}

TEST(Cli, ValidatesUpstreamTaskDefinitionsUnchanged) {
  for (const char* f : {"redis/redis-task-definition.json", "redis/redis-task-definition-EBS.json",
                        "messages/messages-task-definition.json"}) {
    auto r = run("validate " + kUpstream + "/" + f);
    EXPECT_EQ(r.code, 0) << f << ": " << r.out;
  }
}

TEST(Cli, BadStackReportsAllErrorsWithLocationsAndExitsTwo) {
  std::string dir = ::testing::TempDir() + "/awssim-e2e-bad";
  std::system(("mkdir -p " + dir).c_str());
  std::string path = dir + "/stack.yaml";
  FILE* f = fopen(path.c_str(), "w");
  fputs("region: eu-north-1\n"
        "vpc: {name: main, cidr: 10.0.0.0/16}\n"
        "subnets:\n"
        "  a: {cidr: 10.1.0.0/24, az: a}\n"
        "  b: {cidr: 10.0.0.0/24, az: a, route_tabel: x}\n",
        f);
  fclose(f);
  auto r = run("validate " + path);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find(path + ":4:3: error: subnet 'a' cidr 10.1.0.0/24 is not inside vpc 'main' (10.0.0.0/16)"),
            std::string::npos) << r.out;
  EXPECT_NE(r.out.find(path + ":5:33: error: subnet 'b': unknown key 'route_tabel'; did you mean 'route_table'?"),
            std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2 errors, 0 warnings"), std::string::npos) << r.out;
}

TEST(Cli, LinksCannotLeadOutOfTheStackFolder) {
  std::string dir = ::testing::TempDir() + "/awssim-e2e-link";
  std::system(("rm -rf " + dir + " && mkdir -p " + dir + " && ln -s /etc/passwd " + dir + "/user-data.sh").c_str());
  std::string path = dir + "/stack.yaml";
  FILE* f = fopen(path.c_str(), "w");
  fputs("region: eu-north-1\n"
        "vpc: {name: main, cidr: 10.0.0.0/16}\n"
        "subnets: {a: {cidr: 10.0.0.0/24, az: a}}\n"
        "instances: {x: {type: t3.micro, subnet: a, user_data: user-data.sh}}\n",
        f);
  fclose(f);
  auto r = run("validate " + path);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find(path + ":4:55: error: instance 'x' user_data 'user-data.sh' points outside the stack's folder"),
            std::string::npos) << r.out;
}

TEST(Cli, MissingFileExitsTwo) {
  auto r = run("validate /nonexistent/stack.yaml");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("/nonexistent/stack.yaml: error: cannot read the stack file"), std::string::npos) << r.out;
}

}  // namespace

namespace {

// docs/rules.md is the catalog as `awssim rules --markdown` prints it.
TEST(Cli, RulesDocIsCurrent) {
  auto r = run("rules --markdown", false);
  EXPECT_EQ(r.code, 0);
  std::ifstream in(std::string(AWSSIM_SOURCE_DIR) + "/docs/rules.md");
  std::string doc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(r.out, doc) << "regenerate with: build/awssim rules --markdown > docs/rules.md";
  auto show = run("rules show AWSSIM-TRAP-008");
  EXPECT_EQ(show.code, 0);
  EXPECT_NE(show.out.find("Equivalent checks: CKV_AWS_46, AVD-AWS-0029, AVD-AWS-0036"), std::string::npos) << show.out;
  auto typo = run("rules show AWSSIM-TRAP-08");
  EXPECT_EQ(typo.code, 2);
  EXPECT_NE(typo.out.find("did you mean 'AWSSIM-TRAP-008'"), std::string::npos) << typo.out;
}

// Service output is not a task definition: say what it is and where it goes.
TEST(Cli, ValidateExplainsServiceOutput) {
  auto r = run("validate " + std::string(AWSSIM_SOURCE_DIR) + "/fixtures/seed-ecs/redis/redis-service-awsvpc.json");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("this is ECS service output (describe-services or create-service); it is checked inside a stack: "
                       "reference it as ecs_services.NAME.service_file in stack.yaml"), std::string::npos) << r.out;
}

}  // namespace
