// End-to-end: `awssim fuzz` on the seed, for people and as JSON.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "run.h"

namespace {

using awssim::e2e::run;

TEST(Fuzz, SeedNamesLoadBearingRulesAndSingleZoneWeaknesses) {
  auto r = run("fuzz fixtures/seed-ec2/stack.yaml", false, AWSSIM_SOURCE_DIR);
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("  tcp 6379 from sg:messages of security group redis\n      [fixtures/seed-ec2/stack.yaml:50:9]\n"
                       "    remove-rule, shift-port breaks:\n"
                       "      expectation messages -> redis:6379 reachable\n"),
            std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  zone eu-north-1a: single point of failure: redis, discovery, gateway, ice\n"
                       "      run only there; losing it breaks 18:\n"),  // not "internet -> redis unreachable": it holds trivially
            std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  zone eu-north-1c: losing it breaks nothing (nothing runs there)\n"), std::string::npos);
  EXPECT_NE(r.out.find("needed by no expectation or intent (candidates for removal):\n"
                       "  tcp 22 to sg:discovery of security group ice"), std::string::npos);
  EXPECT_EQ(r.out.find("zone eu-north-1c: single point"), std::string::npos);
}

// The issue's own invocation: the fixture folder stands for its stack.yaml.
TEST(Fuzz, TakesTheProjectFolder) {
  auto folder = run("fuzz fixtures/seed-ec2", false, AWSSIM_SOURCE_DIR);
  EXPECT_EQ(folder.code, 0);
  auto file = run("fuzz fixtures/seed-ec2/stack.yaml", false, AWSSIM_SOURCE_DIR);
  EXPECT_EQ(folder.out.substr(folder.out.find("\n\n")), file.out.substr(file.out.find("\n\n")));
  EXPECT_EQ(run("validate fixtures", true, AWSSIM_SOURCE_DIR).code, 2);  // no stack.yaml there
}

TEST(Fuzz, JsonWithSeedAndBudgetIsDeterministic) {
  auto a = run("fuzz fixtures/seed-ec2/stack.yaml --json --seed 3 --max-mutations 12", false, AWSSIM_SOURCE_DIR);
  auto b = run("fuzz fixtures/seed-ec2/stack.yaml --json --seed 3 --max-mutations 12", false, AWSSIM_SOURCE_DIR);
  EXPECT_EQ(a.code, 0);
  EXPECT_EQ(a.out, b.out);
  auto j = nlohmann::json::parse(a.out);
  EXPECT_EQ(j["seed"], 3);
  EXPECT_EQ(j["max_mutations"], 12);
  EXPECT_EQ(j["candidates"], 55);
  EXPECT_EQ(j["mutations"].size(), 12u);
  EXPECT_EQ(j["mutations"][0]["location"]["file"], "fixtures/seed-ec2/stack.yaml");
  EXPECT_EQ(run("fuzz fixtures/seed-ec2/missing.yaml", true, AWSSIM_SOURCE_DIR).code, 2);
  EXPECT_EQ(run("fuzz fixtures/seed-ec2/stack.yaml --max-mutations lots", true, AWSSIM_SOURCE_DIR).code, 2);
}

}  // namespace
