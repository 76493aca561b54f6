// End-to-end: `awssim diff` on every broken fixture against its base (the
// exact list of changes), the gate and its options, every report format
// (SARIF and JUnit validated against their schemas), a git repository made
// here (--base HEAD~1 against the working tree), bad input, and check
// --compare-to showing the same result.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

#include "run.h"

namespace {

using awssim::e2e::run;
using awssim::e2e::shell;
namespace fs = std::filesystem;

const std::string kFixtures = std::string(AWSSIM_SOURCE_DIR) + "/fixtures/";
const std::string kSchemas = std::string(AWSSIM_SHARED_DIR) + "/schemas/";

std::string slurp(const fs::path& path) {
  std::ifstream in(path);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

nlohmann::json diffJson(const std::string& args, int* code = nullptr) {
  auto r = run("diff " + args + " --format json", false);
  if (code) *code = r.code;
  return nlohmann::json::parse(r.out);
}

// "closed tcp 6379: messages -> redis", the internet with its addresses.
std::vector<std::string> changes(const nlohmann::json& j) {
  std::vector<std::string> out;
  for (const auto& c : j["reachability"]["changes"]) {
    auto ends = [&](const nlohmann::json& list) {
      std::string out;
      for (const auto& e : list["endpoints"]) out += (out.empty() ? "" : ",") + e.get<std::string>();
      if (out == "internet" && !c["internet_addresses"].get<std::string>().empty())
        out += " (" + c["internet_addresses"].get<std::string>() + ")";
      return out;
    };
    std::string from = ends(c["sources"]), to = ends(c["destinations"]);
    out.push_back(c["change"].get<std::string>() + " " + c["traffic"].get<std::string>() + ": " + from + " -> " + to);
  }
  return out;
}

std::vector<std::string> resources(const nlohmann::json& j) {
  std::vector<std::string> out;
  for (const auto& r : j["resources"])
    out.push_back(r["change"].get<std::string>() + " " + r["kind"].get<std::string>() + " " + r["name"].get<std::string>());
  return out;
}

std::vector<std::string> rules(const nlohmann::json& list) {
  std::vector<std::string> out;
  for (const auto& f : list) out.push_back(f["rule"]);
  std::sort(out.begin(), out.end());
  return out;
}

size_t brokenVerdicts(const nlohmann::json& j) {
  size_t n = 0;
  for (const auto& v : j["verdicts"]) n += v["broken"].get<bool>();
  return n;
}

struct Case {
  std::string dir, file;
  std::vector<std::string> changes, resources, added, fixed;
  size_t broken;
  int code;
};

// Each broken fixture against its base: what opens and closes is what the
// fixture's comment says it breaks, by AWS semantics (e.g. a NACL of its own
// on private-a denies the replies private-a's servers send, so every flow
// into private-a closes, and only those).
TEST(Diff, EachBrokenFixtureAgainstItsBase) {
  const std::vector<Case> cases = {
      {"seed-ec2", "broken-dns-hostnames-off.yaml", {}, {"changed vpc aws-deployment-example"}, {"AWSSIM-TRAP-002"}, {}, 0, 1},
      {"seed-ec2", "broken-gateway-no-public-ip.yaml",
       {"closed tcp 80: internet (any internet address) -> gateway"},
       {"changed instance gateway"},
       {"AWSSIM-INTENT-002", "AWSSIM-INTENT-002"}, {}, 3, 1},
      {"seed-ec2", "broken-messages-egress-missing.yaml", {"closed tcp 6379: messages -> redis"},
       {"changed security group messages"}, {"AWSSIM-INTENT-001"}, {}, 2, 1},
      {"seed-ec2", "broken-nacl-blocks-return.yaml",
       {"closed tcp 22: ice -> gateway,messages", "closed tcp 6379: messages -> redis",
        "closed tcp 8761: gateway,messages -> discovery"},
       {"changed subnet private-a", "added nacl private-a"},
       {"AWSSIM-INTENT-001", "AWSSIM-INTENT-001", "AWSSIM-INTENT-001"}, {}, 6, 1},
      {"seed-ec2", "broken-no-s3-route.yaml", {}, {"changed route table private", "changed vpc endpoint s3-endpoint"},
       {"AWSSIM-INTENT-002", "AWSSIM-INTENT-002", "AWSSIM-INTENT-002", "AWSSIM-INTENT-002", "AWSSIM-INTENT-002",
        "AWSSIM-TRAP-003"}, {}, 7, 1},
      // The .env it points to is another file: its plain-text password is
      // the same finding, moved (neither new nor fixed).
      {"seed-ec2", "broken-redis-host-unowned.yaml", {}, {}, {"AWSSIM-INTENT-001"}, {}, 1, 1},
      {"seed-ec2", "broken-redis-ingress-missing.yaml", {"closed tcp 6379: messages -> redis"},
       {"changed security group redis"}, {"AWSSIM-INTENT-001"}, {}, 2, 1},
      {"seed-ecs", "broken-awsvpc-private.yaml", {"opened tcp 6379: public-cluster-1,public-cluster-2 -> redis/1"},
       {"added security group redis-task", "changed ecs service redis"},
       {"AWSSIM-ECS-007", "AWSSIM-ECS-010", "AWSSIM-ECS-013", "AWSSIM-ECS-018", "AWSSIM-ECS-020", "AWSSIM-ECS-020",
        "AWSSIM-INTENT-002", "AWSSIM-INTENT-002"},
       {"AWSSIM-ECS-010", "AWSSIM-ECS-013"}, 2, 1},
      {"seed-ecs", "broken-no-dynamic-ports.yaml",
       {"closed tcp 32768-65535: public-cluster-1,public-cluster-2 -> public-cluster-1,public-cluster-2"},
       {"changed security group ecs-instances"}, {"AWSSIM-ECS-018", "AWSSIM-ECS-018", "AWSSIM-INTENT-001"}, {}, 2, 1},
      // One instance fewer: every flow to and from public-cluster-2 closes.
      {"seed-ecs", "broken-one-instance.yaml",
       {"closed tcp all ports: public-cluster-2 -> internet (any internet address)",
        "closed tcp 22: internet (203.0.113.24/32) -> public-cluster-2",
        "closed tcp 80,6379,32768-65535: public-cluster-2 -> public-cluster-1",
        "closed tcp 80: internet (any internet address) -> public-cluster-2",
        "closed tcp 80,6379,32768-65535: public-cluster-1 -> public-cluster-2",
        "closed udp all ports: public-cluster-2 -> internet (any internet address)",
        "closed icmp (all types): public-cluster-2 -> internet (any internet address)",
        "closed every other protocol: public-cluster-2 -> internet (any internet address)"},
       {"changed ecs cluster public-cluster"},
       {"AWSSIM-ECS-019", "AWSSIM-HYG-006", "AWSSIM-INTENT-001", "AWSSIM-INTENT-002", "AWSSIM-INTENT-002"},
       {"AWSSIM-COST-002", "AWSSIM-COST-002", "AWSSIM-COST-002", "AWSSIM-NET-007"}, 5, 1},
      // SSH from anywhere: the internet gains every address but the office's,
      // and the cluster instances (inside 0.0.0.0/0) reach each other.
      {"seed-ecs", "broken-ssh-open-to-world.yaml",
       {"opened tcp 22: internet (any internet address except 203.0.113.24/32) -> public-cluster-1,public-cluster-2",
        "opened tcp 22: public-cluster-1,public-cluster-2 -> public-cluster-1,public-cluster-2"},
       {"changed security group ecs-instances"}, {"AWSSIM-NET-001", "AWSSIM-NET-001"}, {}, 0, 1},
      {"seed-ec2-postgres", "broken-postgres-open-to-world.yaml",
       {"opened tcp 5432: internet (any internet address) -> postgresql"}, {"changed security group postgresql"},
       {"AWSSIM-NET-003"}, {}, 1, 1},
      {"seed-ec2-postgres", "broken-volume-other-az.yaml", {}, {"changed ebs volume postgresql-data"}, {"AWSSIM-ECS-012"}, {}, 0, 1},
  };
  for (const auto& c : cases) {
    std::string dir = kFixtures + c.dir + "/";
    int code = -1;
    auto j = diffJson(dir + "stack.yaml " + dir + c.file, &code);
    EXPECT_EQ(j["awssim_diff"], 1);
    EXPECT_EQ(changes(j), c.changes) << c.file;
    EXPECT_EQ(resources(j), c.resources) << c.file;
    EXPECT_EQ(rules(j["findings"]["new"]), c.added) << c.file;
    EXPECT_EQ(rules(j["findings"]["fixed"]), c.fixed) << c.file;
    EXPECT_EQ(brokenVerdicts(j), c.broken) << c.file;
    EXPECT_EQ(code, c.code) << c.file;
    EXPECT_EQ(j["verdict"]["failed"], c.code == 1) << c.file;
  }
}

// What a person reads: the example flow traced in both versions and the
// settings that tell them apart, each at its file:line.
TEST(Diff, TextNamesTheRuleThatMakesTheDifference) {
  std::string dir = kFixtures + "seed-ec2-postgres/";
  auto r = run("diff " + dir + "stack.yaml " + dir + "broken-postgres-open-to-world.yaml", false);
  EXPECT_EQ(r.code, 1);
  for (const char* line :
       {"FAILED: 3 reasons (exposes postgresql to the internet on tcp 5432; ...), exit 1\n",
        "  + opened tcp 5432: internet (any internet address) -> postgresql\n",
        "      internet 8.8.8.8 -> postgresql tcp 5432: before DENIED_IN, after ACCEPTED\n",
        "broken-postgres-open-to-world.yaml:36:9)\n", "      - ingress tcp 5432 from 10.0.0.0/16 (",
        "      + ingress tcp 5432 from 0.0.0.0/0 (", "  + critical AWSSIM-NET-003 instance postgresql: "})
    EXPECT_NE(r.out.find(line), std::string::npos) << line << "\n" << r.out;
  EXPECT_NE(r.out.find("was blocked by security group postgresql: no ingress rule of postgresql allows tcp 5432 from 8.8.8.8 ("
                       + dir + "stack.yaml:35:3)"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("now allowed by security group postgresql: tcp 5432 from 0.0.0.0/0 (" + dir +
                       "broken-postgres-open-to-world.yaml:36:9)"),
            std::string::npos)
      << r.out;
}

TEST(Diff, AStackAgainstItselfPasses) {
  std::string s = kFixtures + "seed-ecs/stack.yaml";
  auto r = run("diff " + s + " " + s);
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("PASSED: the change opens nothing to the internet, breaks nothing and stays within the limits, exit 0"),
            std::string::npos);
  EXPECT_NE(r.out.find("No changes: every flow, finding, verdict, placement and price is the same."), std::string::npos);
  EXPECT_EQ(run("diff " + s + " " + s + " --format json", false).out, run("diff " + s + " " + s + " --format json", false).out);
}

// Swapping the versions swaps every change: opened becomes closed, new
// findings fixed ones.
TEST(Diff, SwappedVersionsSwapEveryChange) {
  std::string dir = kFixtures + "seed-ecs/";
  auto ab = diffJson(dir + "stack.yaml " + dir + "broken-ssh-open-to-world.yaml");
  auto ba = diffJson(dir + "broken-ssh-open-to-world.yaml " + dir + "stack.yaml");
  std::vector<std::string> flipped;
  for (auto c : changes(ab)) flipped.push_back("closed" + c.substr(6));
  EXPECT_EQ(changes(ba), flipped);
  EXPECT_EQ(rules(ba["findings"]["fixed"]), rules(ab["findings"]["new"]));
  EXPECT_TRUE(ba["findings"]["new"].empty());
}

TEST(Diff, GateOptions) {
  std::string ec2 = kFixtures + "seed-ec2/";
  // The NAT gateway variant adds $32.85 of NAT gateway and its address.
  auto over = run("diff " + ec2 + "stack.yaml " + ec2 + "with-nat-gateway.yaml --max-increase 10");
  EXPECT_EQ(over.code, 1) << over.out;
  EXPECT_NE(over.out.find("  - raises the monthly cost by $"), std::string::npos) << over.out;
  EXPECT_NE(over.out.find("(limit $10.00)"), std::string::npos) << over.out;
  EXPECT_EQ(run("diff " + ec2 + "stack.yaml " + ec2 + "with-nat-gateway.yaml --max-increase 1000").code, 0);
  auto pct = run("diff " + ec2 + "stack.yaml " + ec2 + "with-nat-gateway.yaml --max-increase 5%");
  EXPECT_EQ(pct.code, 1);
  EXPECT_NE(pct.out.find("(limit 5%)"), std::string::npos) << pct.out;
  auto nat = diffJson(ec2 + "stack.yaml " + ec2 + "with-nat-gateway.yaml");
  bool natLine = false;
  for (const auto& l : nat["cost"]["lines"])
    natLine |= l["resource"] == "nat gateway nat-a" && l["before"] == 0.0 && l["after"].get<double>() > 30;
  EXPECT_TRUE(natLine) << nat["cost"].dump(1);
  auto bad = run("diff " + ec2 + "stack.yaml " + ec2 + "with-nat-gateway.yaml --max-increase lots");
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.out.find("--max-increase takes USD (25, $25.50) or a percentage (10%), got 'lots'"), std::string::npos);
  // A new high finding fails at the default threshold, not at critical.
  std::string dns = ec2 + "stack.yaml " + ec2 + "broken-dns-hostnames-off.yaml";
  EXPECT_EQ(run("diff " + dns).code, 1);
  EXPECT_EQ(run("diff " + dns + " --fail-on CRITICAL").code, 0);
  EXPECT_EQ(run("diff " + dns + " --soft-fail").code, 0);
  // A new exposure fails whatever the threshold.
  std::string ecs = kFixtures + "seed-ecs/";
  auto ssh = run("diff " + ecs + "stack.yaml " + ecs + "broken-ssh-open-to-world.yaml --fail-on critical");
  EXPECT_EQ(ssh.code, 1);
  EXPECT_NE(ssh.out.find("  - exposes public-cluster-1, public-cluster-2 to the internet (any internet address except "
                         "203.0.113.24/32) on tcp 22\n"),
            std::string::npos)
      << ssh.out;
}

TEST(Diff, EveryReportFormat) {
  fs::path dir = fs::path(::testing::TempDir()) / "awssim-diff-reports";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::string ecs = kFixtures + "seed-ecs/";
  std::string args = "diff " + ecs + "stack.yaml " + ecs + "broken-ssh-open-to-world.yaml";
  for (const char* f : {"json", "markdown", "sarif", "junit", "html", "text"})
    args += std::string(" --report ") + f + "=" + (dir / (std::string("r.") + f)).string();
  setenv("AWSSIM_TODAY", "2026-12-07", 1);
  EXPECT_EQ(run(args).code, 1);
  std::string sarifCheck = "/usr/bin/python3 -c \"import json,jsonschema; jsonschema.Draft4Validator(json.load(open('" +
                           kSchemas + "sarif-schema-2.1.0.json'))).validate(json.load(open('" + (dir / "r.sarif").string() +
                           "')))\"";
  EXPECT_EQ(std::system(sarifCheck.c_str()), 0);
  auto sarif = nlohmann::json::parse(slurp(dir / "r.sarif"));
  std::vector<std::string> ids;
  for (const auto& r : sarif["runs"][0]["results"]) ids.push_back(r["ruleId"]);
  // Only what the change introduces: two new findings and the exposure.
  EXPECT_EQ(ids, (std::vector<std::string>{"AWSSIM-NET-001", "AWSSIM-NET-001", "AWSSIM-DIFF-001"}));
  EXPECT_EQ(sarif["runs"][0]["results"][2]["locations"][0]["physicalLocation"]["region"]["startLine"], 42);
  for (const char* xsd : {"junit-10.xsd", "JUnit.xsd"}) {
    std::string cmd = "xmllint --noout --schema " + kSchemas + xsd + " " + (dir / "r.junit").string() + " 2>&1";
    EXPECT_EQ(std::system(cmd.c_str()), 0) << xsd;
  }
  std::string junit = slurp(dir / "r.junit");
  EXPECT_NE(junit.find("<testcase name=\"no new exposure to the internet\" classname=\"diff\" time=\"0\">\n      <failure "
                       "type=\"diff\" message=\"exposes public-cluster-1, public-cluster-2 to the internet"),
            std::string::npos)
      << junit;
  EXPECT_NE(junit.find("<testcase name=\"no broken expectation or intent\" classname=\"diff\" time=\"0\" />"), std::string::npos);
  std::string md = slurp(dir / "r.markdown");
  EXPECT_EQ(md.rfind("## awssim diff: ❌ FAILED\n", 0), 0u) << md;
  EXPECT_NE(md.find("**2 opened** · 0 closed · 2 new findings · 0 fixed · 0 broken expectations or intents"), std::string::npos) << md;
  EXPECT_NE(md.find("<details><summary>Reachability: 2 changes</summary>"), std::string::npos);
  std::string html = slurp(dir / "r.html");
  EXPECT_EQ(std::count(html.begin(), html.end(), '\0'), 0);
  size_t svgs = 0;
  for (size_t p = html.find("<svg"); p != std::string::npos; p = html.find("<svg", p + 1)) ++svgs;
  EXPECT_EQ(svgs, 2u);  // before and after, side by side
  EXPECT_EQ(nlohmann::json::parse(slurp(dir / "r.json"))["summary"]["opened"], 2);
  EXPECT_EQ(slurp(dir / "r.text"), run(args.substr(0, args.find(" --report")), false).out);
}

TEST(Diff, GitBaseAgainstTheWorkingTree) {
  fs::path repo = fs::path(::testing::TempDir()) / "awssim-diff-git";
  fs::remove_all(repo);
  fs::create_directories(repo);
  fs::copy(kFixtures + "seed-ec2-postgres", repo / "infra", fs::copy_options::recursive);
  std::string git = "git -C '" + repo.string() + "' -c user.name=t -c user.email=t@example.com ";
  ASSERT_EQ(shell(git + "init -q && " + git + "add -A && " + git + "commit -qm one").code, 0);
  std::ofstream(repo / "infra" / "notes.txt") << "second commit\n";
  ASSERT_EQ(shell(git + "add -A && " + git + "commit -qm two").code, 0);
  // The working tree opens the database to the world (not committed).
  fs::copy_file(repo / "infra" / "broken-postgres-open-to-world.yaml", repo / "infra" / "stack.yaml",
                fs::copy_options::overwrite_existing);
  auto r = run("diff --base HEAD~1 stack.yaml --format json", false, (repo / "infra").string());
  EXPECT_EQ(r.code, 1) << r.out;
  auto d = nlohmann::json::parse(r.out);
  EXPECT_EQ(changes(d), (std::vector<std::string>{"opened tcp 5432: internet (any internet address) -> postgresql"}));
  EXPECT_EQ(d["before"], "stack.yaml at HEAD~1");
  EXPECT_EQ(d["after"], "stack.yaml");
  // The working tree is untouched, and HEAD against itself is clean.
  EXPECT_NE(slurp(repo / "infra" / "stack.yaml").find("0.0.0.0/0"), std::string::npos);
  fs::copy_file(kFixtures + "seed-ec2-postgres/stack.yaml", repo / "infra" / "stack.yaml", fs::copy_options::overwrite_existing);
  EXPECT_EQ(run("diff --base HEAD " + (repo / "infra" / "stack.yaml").string()).code, 0);
  // A folder names the stack as well.
  EXPECT_EQ(run("diff --base HEAD~1 " + (repo / "infra").string()).code, 0);
  auto bad = run("diff --base no-such-ref " + (repo / "infra" / "stack.yaml").string());
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.out.find("awssim: --base no-such-ref: 'no-such-ref' names no commit of the repository at "), std::string::npos)
      << bad.out;
  auto opt = run("diff --base=--output=/tmp/x " + (repo / "infra" / "stack.yaml").string());
  EXPECT_EQ(opt.code, 2);
  EXPECT_NE(opt.out.find("is not a revision"), std::string::npos) << opt.out;
  fs::path plain = fs::path(::testing::TempDir()) / "awssim-diff-nogit";
  fs::remove_all(plain);
  fs::copy(kFixtures + "seed-ec2-postgres", plain, fs::copy_options::recursive);
  auto nogit = run("diff --base HEAD " + (plain / "stack.yaml").string(), true, "/");
  EXPECT_EQ(nogit.code, 2);
  EXPECT_NE(nogit.out.find("is not inside a git work tree"), std::string::npos) << nogit.out;
}

// Versions of different input kinds compare as well: a describe-* snapshot
// against the stack.yaml `awssim import` writes from it changes nothing, and
// the seed's CloudFormation template answers every flow as the seed does
// (its resources carry logical IDs as names, so they are added and removed).
TEST(Diff, AcrossInputKinds) {
  fs::path dir = fs::path(::testing::TempDir()) / "awssim-diff-kinds";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::string snap = std::string(AWSSIM_SHARED_DIR) + "/upstream/batfish-aws/test-public-private-subnet";
  ASSERT_EQ(run("import " + snap + " -o " + (dir / "imported.yaml").string()).code, 0);
  auto same = run("diff " + snap + " " + (dir / "imported.yaml").string(), false);
  EXPECT_EQ(same.code, 0) << same.out;
  EXPECT_NE(same.out.find("No changes"), std::string::npos) << same.out;
  auto cfn = diffJson(kFixtures + "seed-ec2/stack.yaml " + kFixtures + "seed-ec2-cfn/template.yaml");
  EXPECT_TRUE(cfn["reachability"]["changes"].empty()) << cfn["reachability"].dump(1);
  EXPECT_FALSE(cfn["verdict"]["failed"]);
}

// A resource under a new name with the same AWS ID is renamed, not removed
// and added.
TEST(Diff, SameAwsIdIsARename) {
  fs::path dir = fs::path(::testing::TempDir()) / "awssim-diff-rename";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::string a =
      "region: us-east-1\nvpc: {name: main, cidr: 10.0.0.0/16}\nsubnets:\n  s0: {cidr: 10.0.0.0/24, az: a}\n"
      "security_groups:\n  web:\n    id: sg-0123456789abcdef0\n    ingress:\n      - {tcp: \"443\", from: \"10.0.0.0/16\"}\n"
      "instances:\n  i0: {type: t3.micro, subnet: s0, ip: 10.0.0.10, sgs: [web]}\n";
  std::string b = a;
  b.replace(b.find("  web:"), 6, "  frontend:");
  b.replace(b.find("sgs: [web]"), 10, "sgs: [frontend]");
  std::ofstream(dir / "a.yaml") << a;
  std::ofstream(dir / "b.yaml") << b;
  auto j = diffJson((dir / "a.yaml").string() + " " + (dir / "b.yaml").string());
  EXPECT_EQ(resources(j), (std::vector<std::string>{"renamed security group frontend", "changed instance i0"}));
  EXPECT_EQ(j["resources"][0]["removed"][0]["setting"], "name web");
  EXPECT_TRUE(j["reachability"]["changes"].empty());
}

// A VPN gateway and its connection added, and the private table made to
// propagate it: the resources say so, settings included.
TEST(Diff, VpnGatewaysAndPropagationAreResources) {
  fs::path dir = fs::path(::testing::TempDir()) / "awssim-diff-vpn";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::string a =
      "region: us-east-1\nvpc: {name: main, cidr: 10.0.0.0/16}\nsubnets:\n  s0: {cidr: 10.0.0.0/24, az: a, route_table: rt}\n"
      "route_tables:\n  rt: {}\n"
      "security_groups:\n  app: {ingress: [{tcp: 22, from: 192.168.0.0/16}]}\n"
      "instances:\n  i0: {type: t3.micro, subnet: s0, ip: 10.0.0.10, sgs: [app]}\n";
  std::string b = a;
  b.replace(b.find("  rt: {}"), 8, "  rt: {propagate: [vgw]}");
  b += "vpn_gateways: {vgw: {}}\nvpn_connections: {office: {vpn_gateway: vgw, on_premises: [192.168.0.0/16]}}\n";
  std::ofstream(dir / "a.yaml") << a;
  std::ofstream(dir / "b.yaml") << b;
  auto j = diffJson((dir / "a.yaml").string() + " " + (dir / "b.yaml").string());
  EXPECT_EQ(resources(j), (std::vector<std::string>{"changed route table rt", "added vpn gateway vgw",
                                                    "added vpn connection office"}));
  std::vector<std::string> added;
  for (const auto& x : j["resources"][0]["added"]) added.push_back(x["setting"]);
  EXPECT_EQ(added, (std::vector<std::string>{"route 192.168.0.0/16 -> vgw (VPN gateway) (propagated)",
                                             "propagates vpn gateway vgw"}));
}

// Bad input in either version: located errors, exit 2, nothing else.
TEST(Diff, BadInputIsLocatedAndExitsTwo) {
  fs::path dir = fs::path(::testing::TempDir()) / "awssim-diff-bad";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "old.yaml") << "region: eu-north-1\nvpcs:\n  main: {cidr: 10.0.0.0/33}\n";
  std::ofstream(dir / "new.yaml") << "region: eu-north-1\nsubnets:\n  a: {vpc: nowhere, cidr: 10.0.0.0/24, az: eu-north-1a}\n";
  auto r = run("diff " + (dir / "old.yaml").string() + " " + (dir / "new.yaml").string());
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find((dir / "old.yaml").string() + ":3:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find((dir / "new.yaml").string() + ":3:"), std::string::npos) << r.out;
  EXPECT_EQ(run("diff " + (dir / "old.yaml").string()).code, 2);
  auto three = run("diff a b c");
  EXPECT_EQ(three.code, 2);
}

// check --compare-to shows the diff engine's result after the check.
TEST(Diff, CheckCompareToUsesTheSameEngine) {
  std::string dir = kFixtures + "seed-ec2-postgres/";
  auto r = run("check " + dir + "broken-postgres-open-to-world.yaml --compare-to " + dir + "stack.yaml", false);
  EXPECT_NE(r.out.find("awssim diff: " + dir + "stack.yaml -> " + dir + "broken-postgres-open-to-world.yaml\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("  + opened tcp 5432: internet (any internet address) -> postgresql\n"), std::string::npos) << r.out;
  auto j = nlohmann::json::parse(run("check " + dir + "broken-postgres-open-to-world.yaml --compare-to " + dir +
                                     "stack.yaml --format json", false).out);
  EXPECT_EQ(j["diff"]["summary"]["opened"], 1);
}

}  // namespace
