// Each network, hygiene and seed-trap rule: a stack that raises it (id,
// resource and location asserted) and the fixed stack that does not.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <filesystem>
#include <set>

#include "model/file_source.h"
#include "model/load/stack_loader.h"

#include "model/load/price_table_loader.h"
#include "rules/catalog.h"
#include "sim_test_util.h"

namespace awssim::rules {
namespace {

using namespace sim::testing;
using V = std::vector<std::string>;

/// "ID resource @line:col" for the findings of one rule.
V findings(const std::string& yaml, const std::string& id, const model::MemoryFileSource& files = {}) {
  auto f = stackOf(yaml, files);
  V out;
  for (const auto& x : runRules({*f->net, nullptr, std::nullopt, "2026-01-01"}))
    if (x.rule_id == id) out.push_back(fmt::format("{} {} @{}:{}", x.rule_id, x.resource, x.loc.line, x.loc.col));
  return out;
}

// A public subnet with one instance; `ingress` are the web group's rules.
std::string publicBox(const std::string& ingress, const std::string& extra = "", const std::string& instance = "") {
  return "region: us-east-1\n"                                                        // 1
         "vpc: {name: main, cidr: 10.0.0.0/16}\n"                                     // 2
         "subnets: {pub: {cidr: 10.0.0.0/24, az: a, route_table: pub}}\n"             // 3
         "internet_gateways: {igw: {}}\n"                                             // 4
         "route_tables: {pub: {routes: [{to: 0.0.0.0/0, via: igw}]}}\n"               // 5
         "security_groups:\n"                                                         // 6
         "  web:\n"                                                                   // 7
         "    ingress: [" + ingress + "]\n"                                           // 8
         "    egress: [{tcp: 443, to: 0.0.0.0/0}]\n"                                  // 9
         "instances: {box: {type: t3.micro, subnet: pub, public_ip: true, sgs: [web], metadata: {tokens: required}" +
         instance + "}}\n" + extra;                                                   // 10
}

TEST(NetworkRules, SshFromTheInternet) {
  EXPECT_EQ(findings(publicBox("{tcp: 22, from: 0.0.0.0/0}"), "AWSSIM-NET-001"), V{"AWSSIM-NET-001 instance box @8:15"});
  EXPECT_EQ(findings(publicBox("{tcp: 22, from: 203.0.113.24/32}"), "AWSSIM-NET-001"), V{});
  // The same rule behind a NACL that refuses SSH is not an exposure.
  std::string nacl = "nacls: {n: {ingress: [{rule: 100, action: allow, tcp: 80, cidr: 0.0.0.0/0}], "
                     "egress: [{rule: 100, action: allow, proto: all, cidr: 0.0.0.0/0}]}}\n";
  std::string y = sub(publicBox("{tcp: 22, from: 0.0.0.0/0}", nacl), "route_table: pub}", "route_table: pub, nacl: n}");
  EXPECT_EQ(findings(y, "AWSSIM-NET-001"), V{});
}

TEST(NetworkRules, RdpDatabaseAndCachePorts) {
  EXPECT_EQ(findings(publicBox("{tcp: 3389, from: 0.0.0.0/0}"), "AWSSIM-NET-002"), V{"AWSSIM-NET-002 instance box @8:15"});
  EXPECT_EQ(findings(publicBox("{tcp: 5432, from: 0.0.0.0/0}"), "AWSSIM-NET-003"), V{"AWSSIM-NET-003 instance box @8:15"});
  EXPECT_EQ(findings(publicBox("{proto: all, from: 0.0.0.0/0}"), "AWSSIM-NET-004"), V{"AWSSIM-NET-004 instance box @8:15"});
  EXPECT_EQ(findings(publicBox("{tcp: 6379, from: 10.0.0.0/16}"), "AWSSIM-NET-004"), V{});
}

TEST(NetworkRules, UselessPublicIp) {
  std::string y = sub(publicBox("{tcp: 80, from: 0.0.0.0/0}"), "route_tables: {pub: {routes: [{to: 0.0.0.0/0, via: igw}]}}",
                      "route_tables: {pub: {routes: []}}");
  EXPECT_EQ(findings(y, "AWSSIM-NET-005"), V{"AWSSIM-NET-005 instance box @10:13"});
  EXPECT_EQ(findings(publicBox("{tcp: 80, from: 0.0.0.0/0}"), "AWSSIM-NET-005"), V{});
}

TEST(NetworkRules, UnrestrictedEgress) {
  std::string y = sub(publicBox("{tcp: 80, from: 0.0.0.0/0}"), "    egress: [{tcp: 443, to: 0.0.0.0/0}]\n", "");
  EXPECT_EQ(findings(y, "AWSSIM-NET-006"), V{"AWSSIM-NET-006 security group web @7:3"});
  EXPECT_EQ(findings(publicBox("{tcp: 80, from: 0.0.0.0/0}"), "AWSSIM-NET-006"), V{});
}

TEST(NetworkRules, PathNobodyNeeds) {
  std::string y =
      "region: us-east-1\nvpc: {name: main, cidr: 10.0.0.0/16}\nsubnets: {a: {cidr: 10.0.0.0/24, az: a}}\n"
      "security_groups:\n"
      "  app: {}\n"
      "  db: {ingress: [{tcp: 5432, from: sg:app}, {tcp: 9187, from: sg:app}]}\n"   // 6
      "instances:\n"
      "  app: {type: t3.micro, subnet: a, sgs: [app], metadata: {tokens: required}}\n"
      "  db: {type: t3.micro, subnet: a, sgs: [db], metadata: {tokens: required}}\n"
      "expect:\n  - app -> db:5432 reachable\n";
  EXPECT_EQ(findings(y, "AWSSIM-NET-007"), V{"AWSSIM-NET-007 security group db @6:45"});
  EXPECT_EQ(findings(y + "  - app -> db:9187 reachable\n", "AWSSIM-NET-007"), V{});
}

// One finding per rule, however many pairs it opens, with the counts and a
// few examples; the pairs the stack needs are not counted.
TEST(NetworkRules, PathNobodyNeedsCountsPairsPerRule) {
  std::string y =
      "region: us-east-1\nvpc: {name: main, cidr: 10.0.0.0/16}\n"
      "subnets: {a: {cidr: 10.0.0.0/24, az: a}, b: {cidr: 10.0.1.0/24, az: b}}\n"
      "security_groups:\n"
      "  app: {}\n"
      "  db: {ingress: [{tcp: 5432, from: sg:app}, {tcp: 9187, from: 10.0.0.0/24}]}\n"
      "instances:\n"
      "  app1: {type: t3.micro, subnet: a, sgs: [app], metadata: {tokens: required}}\n"
      "  app2: {type: t3.micro, subnet: a, sgs: [app], metadata: {tokens: required}}\n"
      "  app3: {type: t3.micro, subnet: b, sgs: [app], metadata: {tokens: required}}\n"
      "  db1: {type: t3.micro, subnet: b, sgs: [db], metadata: {tokens: required}}\n"
      "  db2: {type: t3.micro, subnet: b, sgs: [db], metadata: {tokens: required}}\n"
      "expect:\n  - app1 -> db1:5432 reachable\n";
  auto f = stackOf(y);
  std::vector<std::string> messages;
  for (const auto& x : runRules({*f->net, nullptr, std::nullopt, "2026-01-01"}))
    if (x.rule_id == "AWSSIM-NET-007") messages.push_back(x.message);
  EXPECT_EQ(messages,
            (V{"ingress tcp 5432 from sg:app lets 3 sources reach 2 destinations on tcp 5432 (5 pairs) that no "
               "expectation or manifest uses, e.g. app1 -> db2, app2 -> db1, app2 -> db2",
               // 10.0.0.0/24 holds app1 and app2 only (subnet a).
               "ingress tcp 9187 from 10.0.0.0/24 lets 2 sources reach 2 destinations on tcp 9187 (4 pairs) "
               "that no expectation or manifest uses, e.g. app1 -> db1, app1 -> db2, app2 -> db1"}));
}

TEST(HygieneRules, UnusedGroup) {
  std::string y = publicBox("{tcp: 80, from: 0.0.0.0/0}", "", "") + "";
  y = sub(y, "  web:\n", "  spare: {}\n  web:\n");
  EXPECT_EQ(findings(y, "AWSSIM-HYG-001"), V{"AWSSIM-HYG-001 security group spare @7:3"});
  EXPECT_EQ(findings(publicBox("{tcp: 80, from: 0.0.0.0/0}"), "AWSSIM-HYG-001"), V{});
}

TEST(HygieneRules, RedundantGroupRule) {
  EXPECT_EQ(findings(publicBox("{tcp: 80, from: 0.0.0.0/0}, {tcp: 80, from: 203.0.113.0/24}"), "AWSSIM-HYG-002"),
            V{"AWSSIM-HYG-002 security group web @8:43"});
  EXPECT_EQ(findings(publicBox("{tcp: 80, from: 0.0.0.0/0}, {tcp: 443, from: 203.0.113.0/24}"), "AWSSIM-HYG-002"), V{});
}

TEST(HygieneRules, UnreachableNaclRule) {
  auto nacl = [](const char* second) {
    return fmt::format("nacls: {{n: {{ingress: [{{rule: 100, action: deny, proto: all, cidr: 0.0.0.0/0}}, {}]}}}}\n", second);
  };
  std::string y = sub(publicBox("{tcp: 80, from: 0.0.0.0/0}", nacl("{rule: 200, action: allow, tcp: 80, cidr: 10.0.0.0/8}")),
                      "route_table: pub}", "route_table: pub, nacl: n}");
  EXPECT_EQ(findings(y, "AWSSIM-HYG-003"), V{"AWSSIM-HYG-003 nacl n @11:79"});
  std::string ok = sub(publicBox("{tcp: 80, from: 0.0.0.0/0}", nacl("{rule: 50, action: allow, tcp: 80, cidr: 10.0.0.0/8}")),
                       "route_table: pub}", "route_table: pub, nacl: n}");
  EXPECT_EQ(findings(ok, "AWSSIM-HYG-003"), V{});
}

TEST(HygieneRules, OversizedPrivateCidr) {
  EXPECT_EQ(findings(publicBox("{tcp: 80, from: 10.0.0.0/8}"), "AWSSIM-HYG-004"), V{"AWSSIM-HYG-004 security group web @8:15"});
  EXPECT_EQ(findings(publicBox("{tcp: 80, from: 10.0.0.0/16}"), "AWSSIM-HYG-004"), V{});
}

TEST(HygieneRules, DefaultGroupNotClosed) {
  EXPECT_EQ(findings(publicBox("{tcp: 80, from: 0.0.0.0/0}"), "AWSSIM-HYG-005"), V{"AWSSIM-HYG-005 security group default @2:6"});
  std::string closed = sub(publicBox("{tcp: 80, from: 0.0.0.0/0}"), "  web:\n", "  default: {ingress: [], egress: []}\n  web:\n");
  EXPECT_EQ(findings(closed, "AWSSIM-HYG-005"), V{});
}

TEST(HygieneRules, TierInOneZone) {
  EXPECT_EQ(findings(publicBox("{tcp: 80, from: 0.0.0.0/0}"), "AWSSIM-HYG-006"), V{"AWSSIM-HYG-006 zone us-east-1a @10:13"});
  std::string two = sub(publicBox("{tcp: 80, from: 0.0.0.0/0}"), "subnets: {pub: {cidr: 10.0.0.0/24, az: a, route_table: pub}}",
                        "subnets: {pub: {cidr: 10.0.0.0/24, az: a, route_table: pub}, pub-b: {cidr: 10.0.1.0/24, az: b, route_table: pub}}");
  two = sub(two, "instances: {", "instances: {box2: {type: t3.micro, subnet: pub-b, sgs: [web]}, ");
  EXPECT_EQ(findings(two, "AWSSIM-HYG-006"), V{});
}

// An account's single-zone tiers are thousands of instances: the message
// names eight, sorted, and counts the rest (it once listed every name, 30 KB
// for 10k interfaces).
TEST(HygieneRules, TierInOneZoneNamesAFew) {
  std::string y = "region: us-east-1\nvpc: {name: main, cidr: 10.0.0.0/16}\nsubnets: {a: {cidr: 10.0.0.0/24, az: a}}\n"
                  "security_groups:\n";
  for (int i = 0; i < 11; ++i) y += fmt::format("  g{}: {{}}\n", i);
  y += "instances:\n";
  for (int i = 0; i < 11; ++i) y += fmt::format("  i{}: {{type: t3.micro, subnet: a, sgs: [g{}]}}\n", i, i);
  auto f = stackOf(y);
  std::vector<std::string> messages;
  for (const auto& x : runRules({*f->net, nullptr, std::nullopt, "2026-01-01"}))
    if (x.rule_id == "AWSSIM-HYG-006") messages.push_back(x.message);
  EXPECT_EQ(messages, (V{"i0, i1, i10, i2, i3, i4, i5, i6 and 3 more instances run only in us-east-1a: an outage of "
                         "that zone takes them down"}));
}

TEST(SeedTrapRules, StaticIpInAutoScalingGroup) {
  std::string y = publicBox("{tcp: 80, from: 0.0.0.0/0}",
                            "ecs_clusters: {c: {capacity: {instance_type: t3.micro, subnets: [pub], ip: 10.0.0.10}}}\n");
  EXPECT_EQ(findings(y, "AWSSIM-TRAP-001"), V{"AWSSIM-TRAP-001 ecs cluster c @11:30"});
  EXPECT_EQ(findings(sub(y, ", ip: 10.0.0.10", ""), "AWSSIM-TRAP-001"), V{});
}

// The seed's "EC2 templates": a launch template with a static address used
// by a group of EC2 instances (not ECS capacity) is the same trap, at the
// address.
TEST(SeedTrapRules, StaticIpInAnEc2AutoScalingGroup) {
  std::string y = publicBox("{tcp: 80, from: 0.0.0.0/0}",
                            "launch_templates: {lt: {type: t3.micro, sgs: [web], ip: 10.0.0.10}}\n"        // 11
                            "auto_scaling_groups: {g: {launch_template: lt, subnets: [pub], desired: 3}}\n");  // 12
  EXPECT_EQ(findings(y, "AWSSIM-TRAP-001"), V{"AWSSIM-TRAP-001 auto scaling group g @11:57"});
  auto f = stackOf(y);
  // Only the first launch holds the address; the two after it fail.
  ASSERT_TRUE(f->loaded.stack.instances.find("g-1"));
  EXPECT_EQ(model::formatIpv4(*f->loaded.stack.instances.find("g-1")->private_ip), "10.0.0.10");
  EXPECT_FALSE(f->loaded.stack.instances.find("g-2"));
  for (const auto& x : runRules({*f->net, nullptr, std::nullopt, "2026-01-01"})) {
    if (x.rule_id != "AWSSIM-TRAP-001") continue;
    EXPECT_NE(x.message.find("2 of its 3 desired launches fail"), std::string::npos) << x.message;
  }
  EXPECT_EQ(findings(sub(y, ", ip: 10.0.0.10", ""), "AWSSIM-TRAP-001"), V{});
}

TEST(SeedTrapRules, PrivateZoneWithoutDnsHostnames) {
  std::string zone = "hosted_zones: {corp.internal: {records: [{name: db, value: 10.0.0.9}]}}\n";
  EXPECT_EQ(findings(publicBox("{tcp: 80, from: 0.0.0.0/0}", zone), "AWSSIM-TRAP-002"), V{"AWSSIM-TRAP-002 vpc main @2:6"});
  std::string on = sub(publicBox("{tcp: 80, from: 0.0.0.0/0}", zone), "cidr: 10.0.0.0/16}", "cidr: 10.0.0.0/16, dns: {hostnames: true}}");
  EXPECT_EQ(findings(on, "AWSSIM-TRAP-002"), V{});
}

TEST(SeedTrapRules, EndpointsWithoutRoutesOrPrivateDns) {
  std::string y = publicBox("{tcp: 80, from: 0.0.0.0/0}",
                            "endpoints:\n  s3e: {service: s3}\n  ssm: {service: ssm, subnets: [pub], private_dns: false}\n");
  EXPECT_EQ(findings(y, "AWSSIM-TRAP-003"), V{"AWSSIM-TRAP-003 endpoint s3e @12:3"});
  EXPECT_EQ(findings(y, "AWSSIM-TRAP-005"), V{"AWSSIM-TRAP-005 endpoint ssm @13:3"});
  std::string ok = sub(sub(y, "{service: s3}", "{service: s3, route_tables: [pub]}"), ", private_dns: false", "");
  EXPECT_EQ(findings(ok, "AWSSIM-TRAP-003"), V{});
  EXPECT_EQ(findings(ok, "AWSSIM-TRAP-005"), V{});
}

TEST(SeedTrapRules, NoEgressToTheS3PrefixList) {
  std::string y = publicBox("{tcp: 80, from: 0.0.0.0/0}", "endpoints: {s3e: {service: s3, route_tables: [pub]}}\n");
  y = sub(y, "    egress: [{tcp: 443, to: 0.0.0.0/0}]\n", "    egress: [{tcp: 80, to: 0.0.0.0/0}]\n");
  EXPECT_EQ(findings(y, "AWSSIM-TRAP-004"), V{"AWSSIM-TRAP-004 box @7:3"});
  EXPECT_EQ(findings(sub(y, "{tcp: 80, to: 0.0.0.0/0}", "{tcp: 443, to: pl:s3}"), "AWSSIM-TRAP-004"), V{});
}

TEST(SeedTrapRules, ImdsV2NotRequired) {
  std::string y = sub(publicBox("{tcp: 80, from: 0.0.0.0/0}"), ", metadata: {tokens: required}", "");
  EXPECT_EQ(findings(y, "AWSSIM-TRAP-006"), V{"AWSSIM-TRAP-006 instance box @10:13"});
  EXPECT_EQ(findings(publicBox("{tcp: 80, from: 0.0.0.0/0}"), "AWSSIM-TRAP-006"), V{});
}

TEST(SeedTrapRules, CorsWildcardAndPlainSecrets) {
  model::MemoryFileSource files;
  files.add("app.env", "ALLOWED_ORIGINS=*\nDB_PASSWORD=hunter2\nAPI_TOKEN=${TOKEN}\nSITE=https://example.com\n");
  std::string y = publicBox("{tcp: 80, from: 0.0.0.0/0}", "", ", env_files: [app.env]");
  EXPECT_EQ(findings(y, "AWSSIM-TRAP-007", files), V{"AWSSIM-TRAP-007 box @1:1"});
  EXPECT_EQ(findings(y, "AWSSIM-TRAP-008", files), V{"AWSSIM-TRAP-008 box @2:1"});
  model::MemoryFileSource clean;
  clean.add("app.env", "ALLOWED_ORIGINS=https://app.example.com\nDB_PASSWORD_PARAM=/app/db\n");
  EXPECT_EQ(findings(y, "AWSSIM-TRAP-007", clean), V{});
  EXPECT_EQ(findings(y, "AWSSIM-TRAP-008", clean), V{});
}

TEST(ScopeRules, PrivateTiersReachTheInternetOnlyThroughTheNat) {
  std::string y =
      "region: us-east-1\n"
      "vpc: {name: main, cidr: 10.0.0.0/16}\n"
      "subnets:\n"
      "  pub: {cidr: 10.0.0.0/24, az: a, route_table: pub}\n"
      "  priv: {cidr: 10.0.1.0/24, az: a, route_table: priv}\n"
      "  data: {cidr: 10.0.2.0/24, az: a, route_table: pub}\n"
      "internet_gateways: {igw: {}}\n"
      "nat_gateways: {nat: {subnet: pub}}\n"
      "route_tables:\n"
      "  pub: {routes: [{to: 0.0.0.0/0, via: igw}]}\n"
      "  priv: {routes: [{to: 0.0.0.0/0, via: nat}]}\n"
      "security_groups: {app: {}, db: {}}\n"
      "instances:\n"
      "  app: {type: t3.micro, subnet: priv, sgs: [app]}\n"
      "  db: {type: t3.micro, subnet: data, sgs: [db], public_ip: true}\n"
      "scopes:\n"
      "  private-egress:\n"                                                      // 17
      "    match: {from: [subnet:priv, subnet:data], to: internet, ports: 443}\n"
      "    exclude: [{through: nat}]\n";
  EXPECT_EQ(findings(y, "AWSSIM-SCOPE-001"), V{"AWSSIM-SCOPE-001 scope private-egress @17:3"});
  // With the data subnet behind the NAT as well, the scope holds.
  EXPECT_EQ(findings(sub(sub(y, "route_table: pub}\ninternet", "route_table: priv}\ninternet"), ", public_ip: true", ""),
                     "AWSSIM-SCOPE-001"),
            V{});
}

TEST(IntentRules, AwsNeedFromAPrivateSubnet) {
  model::MemoryFileSource files;
  files.add("ud.sh", "#!/bin/bash\naws ssm get-parameter --name /app/db-password\n");
  std::string y = "region: us-east-1\nvpc: {name: m, cidr: 10.0.0.0/16, dns: {support: true, hostnames: true}}\n"
                  "subnets: {a: {cidr: 10.0.0.0/24, az: a}}\n"
                  "security_groups: {app: {}, ep: {ingress: [{tcp: 443, from: sg:app}]}}\n"
                  "instances: {x: {type: t3.micro, subnet: a, sgs: [app], user_data: ud.sh, metadata: {tokens: required}}}\n";
  EXPECT_EQ(findings(y, "AWSSIM-INTENT-002", files), V{"AWSSIM-INTENT-002 x @2:1"});
  EXPECT_EQ(findings(y + "endpoints: {ssm: {service: ssm, subnets: [a], sgs: [ep]}}\n", "AWSSIM-INTENT-002", files), V{});
}

TEST(CostRules, BudgetAndFreeTier) {
  auto f = stackFile(std::string(AWSSIM_SOURCE_DIR) + "/fixtures/seed-ec2/stack.yaml");
  auto prices = load::builtinPriceTable("eu-north-1");
  V ids;
  for (const auto& x : runRules({*f->net, &*prices, 20.0, "2026-01-01"}))
    if (x.rule_id.rfind("AWSSIM-COST", 0) == 0) ids.push_back(x.rule_id + " " + x.resource);
  EXPECT_EQ(ids, (V{"AWSSIM-COST-001 stack", "AWSSIM-COST-002 free tier: EBS GB-months",
                    "AWSSIM-COST-002 free tier: t3.micro hours"}));
  V none;
  for (const auto& x : runRules({*f->net, &*prices, 100.0, "2026-01-01"}))
    if (x.rule_id == "AWSSIM-COST-001") none.push_back(x.rule_id);
  EXPECT_EQ(none, V{});
}

TEST(Catalog, EveryRuleIsDocumentedOnce) {
  std::set<std::string> ids;
  for (const auto* r : allRules()) {
    EXPECT_TRUE(ids.insert(r->id).second) << r->id;
    EXPECT_FALSE(r->title.empty()) << r->id;
    EXPECT_FALSE(r->rationale.empty()) << r->id;
    EXPECT_FALSE(r->remediation.empty()) << r->id;
  }
  EXPECT_GE(ids.size(), 40u);
  EXPECT_EQ(findRule("AWSSIM-NET-001")->equivalents, (V{"CKV_AWS_24", "AVD-AWS-0107", "cfn-nag W2"}));
}

// Every finding raised on every fixture (and on the stacks of the tests
// above that raise each family) carries its catalog entry's severity: emit()
// is the only way to raise one, and it reads the catalog.
TEST(Catalog, EveryFindingRaisedMatchesItsCatalogEntry) {
  namespace fs = std::filesystem;
  auto prices = load::builtinPriceTable("eu-north-1");
  ASSERT_TRUE(prices);
  std::set<std::string> seen;
  size_t count = 0;
  for (const auto& dir : {"seed-ec2", "seed-ecs", "seed-ec2-postgres"})
    for (const auto& entry : fs::directory_iterator(std::string(AWSSIM_SOURCE_DIR) + "/fixtures/" + dir)) {
      if (entry.path().extension() != ".yaml") continue;
      model::DiskFileSource disk;
      auto res = load::loadStack(entry.path().string(), disk);
      if (!res.ok()) continue;
      sim::Network net(res.stack);
      for (const auto& f : runRules({net, &*prices, 1.0, "2026-01-01"})) {
        const RuleInfo* info = findRule(f.rule_id);
        ASSERT_TRUE(info) << f.rule_id;
        if (!info->set_by_stack) {
          EXPECT_EQ(f.severity, info->severity) << f.rule_id << " at " << f.loc.str();
        }
        EXPECT_FALSE(f.fix.empty()) << f.rule_id;
        seen.insert(f.rule_id);
        ++count;
      }
    }
  // The fixtures raise rules of every family but scopes and suppressions.
  EXPECT_GE(seen.size(), 15u) << ::testing::PrintToString(seen);
  EXPECT_GE(count, 60u);
}

TEST(Catalog, EmitTakesSeverityAndFixFromTheCatalog) {
  std::vector<Finding> out;
  emit(out, "AWSSIM-HYG-005", "security group default", "m", {"s.yaml", 3, 4});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].severity, Severity::Low);
  EXPECT_EQ(out[0].fix, "Remove its rules.");
  emitWithSeverity(out, "AWSSIM-SCOPE-001", Severity::Critical, "scope x", "m", {"s.yaml", 1, 1});
  EXPECT_EQ(out[1].severity, Severity::Critical);
  EXPECT_THROW(emit(out, "AWSSIM-NOPE-001", "x", "m", {}), std::logic_error);
  EXPECT_THROW(emitWithSeverity(out, "AWSSIM-NET-001", Severity::Low, "x", "m", {}), std::logic_error);
}

}  // namespace
}  // namespace awssim::rules
