// Issue 16's hostile-input classes through the binary: each input that
// once crashed, leaked or was accepted in silence, with the exact answer it
// gets now.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

#include "run.h"

namespace {

using awssim::e2e::run;
namespace fs = std::filesystem;

fs::path freshDir(const std::string& name) {
  fs::path dir = fs::path(::testing::TempDir()) / ("awssim-hostile-" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void write(const fs::path& file, const std::string& text) { std::ofstream(file, std::ios::trunc) << text; }

std::string slurp(const fs::path& path) {
  std::ifstream in(path);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

const char* kStack =
    "region: eu-north-1\n"
    "vpc: {name: main, cidr: 10.0.0.0/16}\n"
    "subnets: {a: {cidr: 10.0.0.0/24, az: a}}\n"
    "security_groups:\n"
    "  \"web\\e[31m\\e]0;pwned\\a\": {ingress: [{tcp: 22, from: 0.0.0.0/0}]}\n"
    "instances: {\"x\\u009b2J\": {type: t3.micro, subnet: a, sgs: [\"web\\e[31m\\e]0;pwned\\a\"]}}\n";

// Class 8: control characters in names (ESC, BEL, the C1 CSI) reach no
// output raw, in any format; they are written as \uXXXX.
TEST(Hostile, ControlCharactersAreEscapedInEveryOutput) {
  fs::path dir = freshDir("controls");
  write(dir / "stack.yaml", kStack);
  std::string stack = (dir / "stack.yaml").string();
  std::string reports;
  for (const char* f : {"json", "junit", "sarif", "markdown", "html"})
    reports += std::string(" --report ") + f + "=" + (dir / f).string();
  std::vector<std::string> outs = {run("check " + stack + reports).out, run("check " + stack + " --format markdown").out,
                                   run("graph " + stack).out, run("matrix " + stack).out,
                                   run("explain " + stack + " --from internet --to 10.0.0.4:22").out};
  for (const char* f : {"json", "junit", "sarif", "markdown", "html"}) outs.push_back(slurp(dir / f));
  for (const auto& out : outs) {
    EXPECT_EQ(out.find('\x1b'), std::string::npos) << out.substr(0, 400);
    EXPECT_EQ(out.find('\a'), std::string::npos);
    EXPECT_EQ(out.find("\xc2\x9b"), std::string::npos);
  }
  EXPECT_NE(outs[0].find("web\\u001b[31m\\u001b]0;pwned\\u0007"), std::string::npos) << outs[0];
  EXPECT_NE(outs[0].find("x\\u009b2J"), std::string::npos) << outs[0];
  // JUnit stays well-formed XML: the escapes are plain text.
  EXPECT_EQ(awssim::e2e::shell("xmllint --noout " + (dir / "junit").string() + " && echo fine").out, "fine\n");
}

// Class 7: --budget takes an amount in dollars; nan and inf are refused.
TEST(Hostile, BudgetMustBeFinite) {
  std::string seed = std::string(AWSSIM_SOURCE_DIR) + "/fixtures/seed-ec2/stack.yaml";
  for (const char* v : {"nan", "inf", "-1", "1e999", "12abc"}) {
    auto r = run("check " + seed + " --budget " + v);
    EXPECT_EQ(r.code, 2) << v;
    EXPECT_NE(r.out.find(std::string("--budget: must be an amount in US dollars, 0 or more, got '") + v + "'"),
              std::string::npos) << r.out;
  }
  EXPECT_EQ(run("cost " + seed + " --budget nan").code, 2);
  EXPECT_EQ(run("cost " + seed + " --budget 12.5").code, 1);
}

// Class 7: ECS service JSON with values ECS refuses.
TEST(Hostile, ServiceJsonValuesAreChecked) {
  fs::path dir = freshDir("service");
  fs::copy(std::string(AWSSIM_SOURCE_DIR) + "/fixtures/seed-ecs", dir / "ecs", fs::copy_options::recursive);
  auto j = nlohmann::json::parse(slurp(dir / "ecs/redis/redis-service-awsvpc.json"));
  j["services"][0]["launchType"] = "MOON";
  j["services"][0]["networkConfiguration"]["awsvpcConfiguration"]["assignPublicIp"] = "MAYBE";
  write(dir / "ecs/redis/redis-service-awsvpc.json", j.dump(4));
  std::string stack = (dir / "ecs/broken-awsvpc-private.yaml").string();
  std::string file = (dir / "ecs/redis/redis-service-awsvpc.json").string();
  auto r = run("validate " + stack);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find(file + ":30:27: error: service 'launchType' must be one of EC2, FARGATE, EXTERNAL, got 'MOON'"),
            std::string::npos) << r.out;
  EXPECT_NE(r.out.find("error: awsvpcConfiguration 'assignPublicIp' must be one of ENABLED, DISABLED, got 'MAYBE'"),
            std::string::npos) << r.out;
  j["services"][0]["networkConfiguration"] = "x";
  j["services"][0]["launchType"] = "EC2";
  write(dir / "ecs/redis/redis-service-awsvpc.json", j.dump(4));
  r = run("validate " + stack);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("error: networkConfiguration must be a mapping, got 'x'"), std::string::npos) << r.out;
}

// Class 9: a usage entry without its figure is located at its key.
TEST(Hostile, UsageWithoutFigureIsLocated) {
  fs::path dir = freshDir("usage");
  write(dir / "usage.yaml", "data_transfer_out_gb:\nnat_gateways:\n  nat-a:\n");
  std::string seed = std::string(AWSSIM_SOURCE_DIR) + "/fixtures/seed-ec2/with-nat-gateway.yaml";
  auto r = run("cost " + seed + " --usage " + (dir / "usage.yaml").string());
  EXPECT_EQ(r.code, 2);
  std::string f = (dir / "usage.yaml").string();
  EXPECT_NE(r.out.find(f + ":1:1: error: usage data_transfer_out_gb needs its figure"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(f + ":3:3: error: usage of nat_gateway 'nat-a' needs its figure (gb_processed: N)"),
            std::string::npos) << r.out;
}

// Class 4: a bad .env line is not echoed (it may be a bare secret).
TEST(Hostile, BadEnvLineIsNotEchoed) {
  fs::path dir = freshDir("env");
  fs::copy(std::string(AWSSIM_SOURCE_DIR) + "/fixtures/seed-ec2", dir / "ec2", fs::copy_options::recursive);
  std::ofstream(dir / "ec2/messages/.env", std::ios::app) << "hunter2-the-password\n";
  auto r = run("validate " + (dir / "ec2/stack.yaml").string());
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out.find("hunter2"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("messages/.env:7:1: error: this line is not KEY=value"), std::string::npos) << r.out;
}

}  // namespace

namespace {

std::string oneGroupStack(int n) {
  std::string s =
      "region: eu-north-1\n"
      "vpc: {name: main, cidr: 10.0.0.0/16}\n"
      "subnets: {a: {cidr: 10.0.0.0/20, az: a}}\n"
      "security_groups:\n"
      "  g: {ingress: [{tcp: 22, from: sg:g}], egress: [{proto: all, to: 0.0.0.0/0}]}\n"
      "instances:\n";
  for (int i = 0; i < n; ++i) s += "  i" + std::to_string(i) + ": {type: t3.micro, subnet: a, sgs: [g]}\n";
  return s;
}

size_t count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

// Class 10: 2,000 instances in one group that admits itself drew an arrow
// for every ordered pair (4 million, 275 MB of DOT, 69 s). Past 150
// interfaces the drawing, the matrix and the HTML report go by class.
TEST(Hostile, LargeGroupsAreDrawnAndListedByClass) {
  fs::path dir = freshDir("one-group");
  write(dir / "stack.yaml", oneGroupStack(2000));
  std::string stack = (dir / "stack.yaml").string();
  auto dot = run("graph " + stack, false);
  EXPECT_EQ(dot.code, 0);
  EXPECT_NE(dot.out.find("\"class:0\" [label=\"2000 instances\\nsg g\\ni0, i1, i10, ...\", shape=folder"),
            std::string::npos) << dot.out;
  EXPECT_EQ(count(dot.out, "->"), 2u) << dot.out;  // subnet -> class, class -> itself
  EXPECT_NE(dot.out.find("\"class:0\"->\"class:0\"  [color=blue, label=\"tcp 22\""), std::string::npos);

  auto m = run("matrix " + stack, false);
  EXPECT_EQ(m.out,
            "reachability over tcp 22: 2001 endpoints in 2 classes, 2 flows traced\n"
            "class 0: internet (1 member: internet)\n"
            "class 1: subnet a · sg g · instance (2000 members: i0, i1, i10 and 1997 more)\n"
            "  -> class 1    22\n");
  EXPECT_EQ(count(run("matrix " + stack + " --view interfaces", false).out, "  -> "), 2000u * 1999u);

  std::string html = (dir / "r.html").string();
  EXPECT_EQ(run("check " + stack + " --report html=" + html).code, 0);
  std::string page = slurp(html);
  EXPECT_NE(page.find("<table class=\"matrix classes\">"), std::string::npos);
  EXPECT_NE(page.find("class 1: subnet a · sg g · instance (2000 members: i0, i1, i10 and 1997 more)"), std::string::npos);
  EXPECT_LT(page.size(), 2'000'000u);
}

// Issue 14: 2,541 classes made the HTML report a 3 GB table of classes
// (189 s, 9 GB). Past 60 classes the page lists source sets, and drops the
// path pickers that have no traced paths behind them.
TEST(Hostile, ManyClassesAreListedAsSourceSets) {
  fs::path dir = freshDir("many-classes");
  std::string s =
      "region: eu-north-1\n"
      "vpc: {name: main, cidr: 10.0.0.0/16}\n"
      "subnets: {a: {cidr: 10.0.0.0/20, az: a}}\n"
      "security_groups:\n"
      "  front: {ingress: [{tcp: 22, from: 10.0.0.0/16}], egress: [{proto: all, to: 0.0.0.0/0}]}\n";
  for (int i = 0; i < 80; ++i) s += fmt::format("  g{}: {{ingress: [{{tcp: 22, from: sg:front}}]}}\n", i);
  s += "instances:\n  front: {type: t3.micro, subnet: a, sgs: [front]}\n";
  for (int i = 0; i < 80; ++i) s += fmt::format("  i{}: {{type: t3.micro, subnet: a, sgs: [g{}]}}\n", i, i);
  write(dir / "stack.yaml", s);
  std::string html = (dir / "r.html").string();
  ASSERT_EQ(run("check " + (dir / "stack.yaml").string() + " --report html=" + html).code, 0);
  std::string page = slurp(html);
  EXPECT_EQ(page.find("<table class=\"matrix"), std::string::npos);
  EXPECT_EQ(page.find("id=\"path-src\""), std::string::npos);
  EXPECT_NE(page.find("<pre class=\"sets\">"), std::string::npos);
  EXPECT_NE(page.find("  to 80 classes (80 interfaces: i0, i1, i10 and 77 more) [class 2, 3, 4, 5, 6, 7, 8, 9 +72]\n"
                      "    from 1 class (1 interface: front)\n"),
            std::string::npos);
  EXPECT_LT(page.size(), 200'000u);
}

// Small stacks keep one box, row and column per interface.
TEST(Hostile, SmallStacksKeepInterfaces) {
  fs::path dir = freshDir("small-group");
  write(dir / "stack.yaml", oneGroupStack(3));
  auto m = run("matrix " + (dir / "stack.yaml").string(), false);
  EXPECT_NE(m.out.find("i0\n  -> i1                           22\n  -> i2                           22\n"), std::string::npos)
      << m.out;
  EXPECT_NE(run("graph " + (dir / "stack.yaml").string(), false).out.find("\"eni:i0\"->\"eni:i1\""), std::string::npos);
}

}  // namespace

namespace {

// Issue 17: `--to service:NAME:PORT`, the selector the README lists, works
// like `NAME:PORT` (the prefix once made the port unreadable).
TEST(Selectors, ServicePrefixTakesAPort) {
  std::string ecs = std::string(AWSSIM_SOURCE_DIR) + "/fixtures/seed-ecs/stack.yaml";
  auto r = run("query " + ecs + " --from service:messages --to service:redis:6379", false);
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.out.substr(0, r.out.find('\n')), "service:messages -> service:redis:6379/tcp: reachable (ACCEPTED)");
}

}  // namespace

namespace {

// Issue 17: a type the price table lacks is costed at $0, and check says so
// beside the total; a malformed type does not load.
TEST(Selectors, UnpricedTypesAreWarnedInCheckAndTyposRefused) {
  fs::path dir = freshDir("types");
  fs::copy(std::string(AWSSIM_SOURCE_DIR) + "/fixtures/seed-ec2", dir / "ec2", fs::copy_options::recursive);
  std::string yaml = slurp(dir / "ec2/stack.yaml");
  size_t at = yaml.find("type: t3.micro");
  write(dir / "ec2/stack.yaml", yaml.substr(0, at) + "type: x9.large" + yaml.substr(at + 14));
  auto r = run("check " + (dir / "ec2/stack.yaml").string(), false);
  EXPECT_NE(r.out.find("  warning: no price for instance type x9.large in the eu-north-1 price table;"), std::string::npos)
      << r.out;
  write(dir / "ec2/stack.yaml", yaml.substr(0, at) + "type: t3.smal" + yaml.substr(at + 14));
  auto bad = run("check " + (dir / "ec2/stack.yaml").string());
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.out.find("stack.yaml:81:3: error: instance 'redis': 't3.smal' is not an EC2 instance type: no size "
                         "'smal'; did you mean 't3.small'?"),
            std::string::npos)
      << bad.out;
}

}  // namespace
