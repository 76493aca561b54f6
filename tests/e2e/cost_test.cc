// End-to-end: awssim cost (table, JSON, two-stack difference, --prices,
// --budget) and the cost part of check.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <fstream>

#include "run.h"

namespace {

using awssim::e2e::run;

const std::string kEc2 = std::string(AWSSIM_SOURCE_DIR) + "/fixtures/seed-ec2/";

TEST(CostCli, TableFitsIn80ColumnsAndNamesTheFreeTierOverrun) {
  auto r = run("cost " + kEc2 + "stack.yaml");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("   |- Instance usage (Linux, on-demand, t3.micro)      730 hours          $7.88"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("  t3.micro hours              2,920 of 750    2,170 over: $23.44"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("   `- Out to the internet                          by usage: $0.09/GB"), std::string::npos) << r.out;
  size_t start = 0;
  while (start < r.out.size()) {
    size_t end = r.out.find('\n', start);
    EXPECT_LE(end - start, 80u) << r.out.substr(start, end - start);
    start = end + 1;
  }
}

TEST(CostCli, JsonAndBudgetGate) {
  auto j = nlohmann::json::parse(run("cost " + kEc2 + "with-nat-gateway.yaml --json", false).out);
  EXPECT_EQ(j["region"], "us-east-1");
  EXPECT_EQ(j["prices"]["hours_per_month"], 730);
  bool nat = false;
  for (const auto& i : j["items"])
    if (i["resource"] == "nat gateway nat-a" && i["component"] == "NAT gateway") nat = i["monthly_cost"] == 32.85;
  EXPECT_TRUE(nat);
  EXPECT_EQ(run("cost " + kEc2 + "stack.yaml --budget 20").code, 1);
  EXPECT_EQ(run("cost " + kEc2 + "stack.yaml --budget 30").code, 0);
  auto check = run("check " + kEc2 + "stack.yaml --budget 20");
  EXPECT_EQ(check.code, 1);
  EXPECT_NE(check.out.find("AWSSIM-COST-001 [high] stack: the stack costs $24.10/month after the free"), std::string::npos)
      << check.out;
}

TEST(CostCli, DifferenceBetweenTwoStacks) {
  auto r = run("cost " + kEc2 + "stack.yaml " + kEc2 + "with-nat-gateway.yaml");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find(" nat gateway nat-a                                  $0.00      $37.40     +$37.40"),
            std::string::npos) << r.out;
}

TEST(CostCli, UserPriceTable) {
  std::string path = ::testing::TempDir() + "/awssim-prices.json";
  std::ifstream in(std::string(AWSSIM_SOURCE_DIR) + "/data/prices/eu-north-1.json");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  text.replace(text.find("\"t3.micro\": 0.0108"), 18, "\"t3.micro\": 0.0200");
  std::ofstream(path) << text;
  auto r = run("cost " + kEc2 + "stack.yaml --prices " + path);
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("730 hours         $14.60"), std::string::npos) << r.out;
  std::ofstream(path) << "{\"region\": 1}";
  auto bad = run("cost " + kEc2 + "stack.yaml --prices " + path);
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.out.find(path + ":1:12: error: price table 'region' must be a JSON string, got 1"), std::string::npos)
      << bad.out;
}

TEST(CostCli, UsageFile) {
  std::string path = ::testing::TempDir() + "/awssim-usage.yaml";
  std::ofstream(path) << "nat_gateways: {nat-a: {gb_processed: 1000}}\ndata_transfer_out_gb: 500\n";
  auto r = run("cost " + kEc2 + "with-nat-gateway.yaml --usage " + path);
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("   |- Data processed                                 1,000 GB            $45.00"), std::string::npos)
      << r.out;
  std::ofstream(path) << "nat_gateways: {nat-b: {gb_processed: 1}}\n";
  auto bad = run("cost " + kEc2 + "with-nat-gateway.yaml --usage " + path);
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.out.find(path + ":1:16: error: unknown nat gateway 'nat-b'; did you mean 'nat-a'? (defined: nat-a)"),
            std::string::npos) << bad.out;
}

}  // namespace
