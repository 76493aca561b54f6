// The stack.yaml loader: every class of diagnostic, with its exact message
// and line:column, on inline YAML and an in-memory file source.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "model/load/stack_loader.h"

namespace awssim::load {
namespace {

using model::MemoryFileSource;

// A small valid stack that tests extend; line numbers below count from here.
const char* kBase =
    "region: eu-north-1\n"                                   // 1
    "vpc: {name: main, cidr: 10.0.0.0/16}\n"                 // 2
    "subnets:\n"                                             // 3
    "  private-a: {cidr: 10.0.0.0/18, az: a}\n"              // 4
    "  public-a: {cidr: 10.0.128.0/18, az: a, route_table: public}\n"  // 5
    "internet_gateways: {igw: {}}\n"                         // 6
    "route_tables:\n"                                        // 7
    "  public: {routes: [{to: 0.0.0.0/0, via: igw}]}\n"      // 8
    "security_groups:\n"                                     // 9
    "  web: {ingress: [{tcp: 80, from: 0.0.0.0/0}]}\n";      // 10

LoadResult load(const std::string& text, MemoryFileSource files = {}) {
  return loadStackText(text, "stack.yaml", files);
}

std::vector<std::string> messages(const LoadResult& r) {
  std::vector<std::string> out;
  for (const auto& d : r.diags.all()) out.push_back(d.str());
  return out;
}

#define EXPECT_DIAGS(result, ...) EXPECT_EQ(messages(result), (std::vector<std::string>{__VA_ARGS__}))

TEST(StackLoader, BaseLoads) {
  auto r = load(kBase);
  EXPECT_TRUE(r.ok()) << ::testing::PrintToString(messages(r));
  EXPECT_EQ(r.stack.subnets.size(), 2u);
  EXPECT_EQ(r.stack.subnets.find("private-a")->az, "eu-north-1a");
  const auto* sg = r.stack.security_groups.find("web");
  ASSERT_TRUE(sg);
  // No egress key: AWS's default allow-all egress rule.
  ASSERT_EQ(sg->egress.size(), 1u);
  EXPECT_EQ(sg->egress[0].describe(true), "all traffic to 0.0.0.0/0");
  EXPECT_EQ(r.stack.route_tables.find("public")->routes[0].target, model::RouteTarget::InternetGateway);
}

TEST(StackLoader, YamlSyntaxError) {
  auto r = load("region: eu-north-1\nvpc: {name: main, cidr: 10.0.0.0/16\n");
  EXPECT_DIAGS(r, "stack.yaml:3:1: error: YAML syntax error: end of map flow not found");
}

// Hostile inputs give diagnostics, not crashes (regression tests).
TEST(StackLoader, HostileInputs) {
  auto utf = load("region: eu-north-1\nvpc: {name: a, cidr: \"10.0.0.0/16\xff\"}\n");
  EXPECT_DIAGS(utf, "stack.yaml:2:34: error: the file is not valid UTF-8 here");
  auto deep = load("region: eu-north-1\nvpc: " + std::string(100000, '[') + std::string(100000, ']') + "\n");
  ASSERT_EQ(deep.diags.all().size(), 1u);
  EXPECT_NE(deep.diags.all()[0].message.find("YAML syntax error: nesting is too deep"), std::string::npos);
  std::string bomb = "region: eu-north-1\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 8; ++i) bomb += fmt::format("a{0}: &a{0} [*a{1}, *a{1}, *a{1}, *a{1}, *a{1}, *a{1}, *a{1}, *a{1}, *a{1}, *a{1}]\n", i, i - 1);
  EXPECT_DIAGS(load(bomb), "stack.yaml:1:1: error: document is too large or too deeply nested once aliases are "
                           "expanded (more than 1000000 nodes or 200 levels)");
}

TEST(StackLoader, WrongTypes) {
  auto r = load(std::string(kBase) +
                "instances:\n"                                                   // 11
                "  a: {type: t3.micro, subnet: [private-a], public_ip: maybe}\n"  // 12
                "  b: [1, 2]\n");                                                 // 13
  EXPECT_DIAGS(r,
               "stack.yaml:12:31: error: instance 'a' 'subnet' must be a string, got a list",
               "stack.yaml:12:55: error: instance 'a' 'public_ip' must be true or false, got 'maybe'",
               "stack.yaml:13:6: error: instance 'b' must be a mapping, got a list");
}

TEST(StackLoader, UnknownKeysSuggestTheClosest) {
  auto r = load(std::string(kBase) + "instnces: {}\n");
  EXPECT_DIAGS(r, "stack.yaml:11:1: error: stack: unknown key 'instnces'; did you mean 'instances'?");
  auto r2 = load("region: eu-north-1\nvpc: {name: main, cidr: 10.0.0.0/16, dsn: {support: true}}\n");
  EXPECT_DIAGS(r2, "stack.yaml:2:38: error: vpc 'main': unknown key 'dsn'; did you mean 'dns'?");
  auto r3 = load(std::string(kBase) + "nat_gateways: {nat: {subnet: public-a, frobnicate: 1}}\n");
  EXPECT_DIAGS(r3, "stack.yaml:11:40: error: nat gateway 'nat': unknown key 'frobnicate'");
}

TEST(StackLoader, MissingRequiredKeys) {
  auto r = load("vpc: {name: main}\nsubnets:\n  a: {az: a}\n");
  EXPECT_DIAGS(r,
               "stack.yaml:1:1: error: stack: missing required key 'region'",
               "stack.yaml:1:6: error: vpc 'main': missing required key 'cidr'",
               "stack.yaml:3:6: error: subnet 'a': missing required key 'cidr'");
}

TEST(StackLoader, DanglingReferencesListWhatExists) {
  auto r = load(std::string(kBase) +
                "instances:\n"
                "  app: {type: t3.micro, subnet: privte-a, sgs: [webb]}\n");
  EXPECT_DIAGS(r,
               "stack.yaml:12:33: error: unknown subnet 'privte-a'; did you mean 'private-a'? (defined: private-a, public-a)",
               "stack.yaml:12:48: error: unknown security group 'webb'; did you mean 'web'? (defined: web, default)");
}

// Groups launch their desired count over their subnets in turn, with the
// template's settings, registered with their target groups.
TEST(StackLoader, AutoScalingGroupsLaunchInstances) {
  auto ok = load(std::string(kBase) +
                 "launch_templates:\n"                                                            // 11
                 "  lt: {type: t3.small, sgs: [web], metadata: {tokens: required}}\n"             // 12
                 "target_groups: {tg: {port: 8080}}\n"                                            // 13
                 "auto_scaling_groups:\n"                                                         // 14
                 "  g: {launch_template: lt, subnets: [public-a, private-a], desired: 3, min: 1, max: 4, "
                 "target_groups: [tg]}\n");                                                      // 15
  ASSERT_TRUE(ok.ok()) << ::testing::PrintToString(messages(ok));
  std::vector<std::string> got;
  for (const auto& i : ok.stack.instances)
    got.push_back(fmt::format("{} {} {} {} {}", i.name, i.subnet, i.type, i.sgs.at(0), i.metadata.tokens_required));
  EXPECT_EQ(got, (std::vector<std::string>{"g-1 public-a t3.small web true", "g-2 private-a t3.small web true",
                                           "g-3 public-a t3.small web true"}));
  EXPECT_EQ(ok.stack.instances.find("g-2")->loc.line, 15);
  EXPECT_EQ(ok.stack.instances.find("g-1")->tags.at("aws:autoscaling:groupName"), "g");
  ASSERT_EQ(ok.stack.target_groups.find("tg")->targets.size(), 3u);
  EXPECT_EQ(ok.stack.target_groups.find("tg")->targets[2].name, "g-3");
}

TEST(StackLoader, AutoScalingGroupErrors) {
  auto r = load(std::string(kBase) +
                "launch_templates:\n"                                                   // 11
                "  lt: {type: t3.small, sgs: [webb], subnet: private-a}\n"              // 12
                "auto_scaling_groups:\n"                                                // 13
                "  g: {launch_template: lt2, subnets: [public-a]}\n"                    // 14
                "  h: {launch_template: lt, subnets: [public-a], desired: 5, max: 2}\n"  // 15
                "instances:\n"                                                          // 16
                "  h-1: {type: t3.micro, subnet: public-a}\n");                          // 17
  EXPECT_DIAGS(r,
               "stack.yaml:12:29: error: unknown security group 'webb'; did you mean 'web'? (defined: web, default)",
               "stack.yaml:12:37: error: launch template 'lt': unknown key 'subnet'",
               "stack.yaml:14:24: error: unknown launch template 'lt2'; did you mean 'lt'? (defined: lt)",
               "stack.yaml:15:3: error: auto scaling group 'h': desired 5 must be between min 5 and max 2");
}

// A VPC attachment takes one subnet per zone, in the attached VPC.
TEST(StackLoader, TransitGatewayAttachmentSubnets) {
  auto r = load("region: eu-north-1\n"
                "vpcs: {main: {cidr: 10.0.0.0/16}, other: {cidr: 10.9.0.0/16}}\n"
                "subnets:\n"
                "  a1: {vpc: main, cidr: 10.0.1.0/24, az: a}\n"
                "  a2: {vpc: main, cidr: 10.0.2.0/24, az: a}\n"
                "  o1: {vpc: other, cidr: 10.9.1.0/24, az: b}\n"
                "transit_gateways:\n"
                "  tgw:\n"
                "    attachments:\n"
                "      att: {vpc: main, subnets: [a1, a2, o1]}\n");
  EXPECT_DIAGS(r,
               "stack.yaml:10:7: error: transit gateway 'tgw' attachment 'att': subnets 'a1' and 'a2' are both in zone "
               "eu-north-1a; an attachment takes one subnet per zone",
               "stack.yaml:10:7: error: transit gateway 'tgw' attachment 'att': subnet 'o1' is in vpc 'other', not in the "
               "attached vpc 'main'");
}

// A table propagates only a gateway attached to its own VPC; a connection
// names a gateway that exists.
TEST(StackLoader, VpnGatewaysAndConnections) {
  auto r = load("region: eu-north-1\n"
                "vpcs: {main: {cidr: 10.0.0.0/16}, other: {cidr: 10.9.0.0/16}}\n"
                "vpn_gateways: {vgw: {vpc: other}}\n"
                "vpn_connections:\n"
                "  office: {vpn_gateway: vgw, on_premises: [192.168.0.0/16]}\n"
                "  lab: {vpn_gateway: vgww}\n"
                "route_tables:\n"
                "  rt: {vpc: main, propagate: [vgw]}\n");
  EXPECT_DIAGS(r,
               "stack.yaml:6:22: error: unknown vpn gateway 'vgww'; did you mean 'vgw'? (defined: vgw)",
               "stack.yaml:8:3: error: route table 'rt' (vpc 'main') propagates VPN gateway 'vgw', which is attached to "
               "vpc 'other'");
}

TEST(StackLoader, UnknownRouteTarget) {
  auto r = load("region: eu-north-1\nvpc: {name: main, cidr: 10.0.0.0/16}\n"
                "internet_gateways: {igw: {}}\n"
                "route_tables:\n  rt: {routes: [{to: 0.0.0.0/0, via: iwg}]}\n");
  EXPECT_DIAGS(r, "stack.yaml:5:38: error: route in 'rt': unknown target 'iwg'; did you mean 'igw'? (gateways, "
                  "endpoints, peerings, instances and ENIs can be targets)");
}

TEST(StackLoader, DuplicateNames) {
  auto r = load(std::string(kBase) + "instances:\n  a: {type: t3.micro, subnet: public-a}\n  a: {type: t3.micro, subnet: public-a}\n");
  EXPECT_DIAGS(r, "stack.yaml:13:3: error: key 'a' is given twice in the same mapping");
  auto r2 = load("region: eu-north-1\nregion: us-east-1\nvpc: {name: main, cidr: 10.0.0.0/16}\n");
  EXPECT_DIAGS(r2, "stack.yaml:2:1: error: key 'region' is given twice in the same mapping");
}

// Issue 16, class 7: what YAML forbids or a loader would drop is an error at
// its place: a second document, a key given twice (also in flow mappings and
// in JSON), a mapping reached through an alias reported once.
TEST(StackLoader, SecondDocumentsAndDuplicateKeys) {
  EXPECT_DIAGS(load("region: eu-north-1\n---\nregion: us-east-1\n"),
               "stack.yaml:2:1: error: a second YAML document starts here; awssim reads one document per file");
  // Markers around one document are no second one.
  EXPECT_DIAGS(load("%YAML 1.2\n---\nregion: eu-north-1\n...\n# the end\n"),
               "stack.yaml:3:1: error: stack: missing required key 'vpc' (or 'vpcs', or templates under "
               "'cloudformation', or plans under 'terraform')");
  EXPECT_DIAGS(load("region: eu-north-1\n...\nregion: us-east-1\n"),
               "stack.yaml:2:1: error: a second YAML document starts here; awssim reads one document per file");
  EXPECT_DIAGS(load("region: eu-north-1\nvpc: {name: a, cidr: 10.0.0.0/16, name: b}\n"),
               "stack.yaml:2:35: error: key 'name' is given twice in the same mapping");
  EXPECT_DIAGS(load("x: &m {a: 1, a: 2}\ny: [*m, *m]\n"), "stack.yaml:1:14: error: key 'a' is given twice in the same mapping");
}

// Issue 16, class 9: an empty or comment-only stack is located.
TEST(StackLoader, EmptyStackIsLocated) {
  EXPECT_DIAGS(load(""), "stack.yaml:1:1: error: the stack file is empty: it needs at least a region and a vpc");
  EXPECT_DIAGS(load("# nothing yet\n"), "stack.yaml:1:1: error: the stack file is empty: it needs at least a region and a vpc");
}

// Issue 16, class 8: UTF-8 is checked strictly (RFC 3629): surrogates,
// overlong forms and code points above U+10FFFF are refused at their place.
TEST(StackLoader, MalformedUtf8IsRefused) {
  for (const char* bad : {"\xed\xa0\x80", "\xc0\xaf", "\xe0\x80\xaf", "\xf4\x90\x80\x80", "\xf8\x88\x80\x80\x80", "\x80"})
    EXPECT_DIAGS(load(std::string("region: eu-north-1\nvpc: {name: a") + bad + "}\n"),
                 "stack.yaml:2:14: error: the file is not valid UTF-8 here")
        << bad;
  EXPECT_DIAGS(load("region: eu-north-1\nvpc: {name: \xc3\xa9\xf0\x9f\x98\x80\xed\xa0\x80}\n"),
               "stack.yaml:2:15: error: the file is not valid UTF-8 here");
}

TEST(StackLoader, BadCidrs) {
  auto r = load("region: eu-north-1\nvpc: {name: main, cidr: 10.0.0.1/16}\n"
                "subnets:\n  a: {cidr: 10.0.0.0/33, az: a}\n  b: {cidr: 10.0.0.0/8, az: a}\n");
  EXPECT_DIAGS(r,
               "stack.yaml:2:25: error: vpc 'main' cidr '10.0.0.1/16' has host bits set; did you mean '10.0.0.0/16'?",
               "stack.yaml:4:13: error: subnet 'a' cidr '10.0.0.0/33' is not a valid IPv4 CIDR block",
               "stack.yaml:5:13: error: subnet 'b' cidr 10.0.0.0/8 must have a netmask from /16 to /28");
}

TEST(StackLoader, SubnetOutsideVpcAndOverlaps) {
  auto r = load("region: eu-north-1\nvpc: {name: main, cidr: 10.0.0.0/16}\n"
                "subnets:\n"
                "  a: {cidr: 10.0.0.0/18, az: a}\n"
                "  b: {cidr: 10.0.32.0/19, az: b}\n"
                "  c: {cidr: 10.1.0.0/24, az: c}\n");
  EXPECT_DIAGS(r,
               "stack.yaml:5:3: error: subnet 'b' cidr 10.0.32.0/19 overlaps subnet 'a' (10.0.0.0/18)",
               "stack.yaml:6:3: error: subnet 'c' cidr 10.1.0.0/24 is not inside vpc 'main' (10.0.0.0/16)");
}

TEST(StackLoader, StaticAddresses) {
  auto r = load(std::string(kBase) +
                "instances:\n"                                                      // 11
                "  a: {type: t3.micro, subnet: private-a, ip: 10.0.0.3}\n"          // 12
                "  b: {type: t3.micro, subnet: private-a, ip: 10.0.63.255}\n"       // 13
                "  c: {type: t3.micro, subnet: private-a, ip: 10.0.128.10}\n"       // 14
                "  d: {type: t3.micro, subnet: private-a, ip: 10.0.0.4}\n"          // 15
                "  e: {type: t3.micro, subnet: private-a, ip: 10.0.0.4}\n"          // 16
                "  f: {type: t3.micro, subnet: private-a, ip: 10.0.0.300}\n");      // 17
  EXPECT_DIAGS(r,
               "stack.yaml:12:46: error: instance 'a' address 10.0.0.3 is reserved by AWS in subnet 'private-a' "
               "(10.0.0.0/18: the first four addresses 10.0.0.0-10.0.0.3 and the last, 10.0.63.255, cannot be assigned)",
               "stack.yaml:13:46: error: instance 'b' address 10.0.63.255 is reserved by AWS in subnet 'private-a' "
               "(10.0.0.0/18: the first four addresses 10.0.0.0-10.0.0.3 and the last, 10.0.63.255, cannot be assigned)",
               "stack.yaml:14:46: error: instance 'c' address 10.0.128.10 is not inside subnet 'private-a' (10.0.0.0/18)",
               "stack.yaml:16:46: error: instance 'e' address 10.0.0.4 is already used by instance 'd'",
               "stack.yaml:17:46: error: instance 'f' ip '10.0.0.300' is not a valid IPv4 address");
}

TEST(StackLoader, ReferencedFilesMustExistInsideTheStackFolder) {
  MemoryFileSource files;
  files.add("deploy/app/user-data.sh", "#!/bin/bash\n");
  files.add("secret.txt", "x");
  std::string text = std::string(kBase) +
                     "instances:\n"
                     "  a: {type: t3.micro, subnet: public-a, user_data: app/user-data.sh}\n"   // 12
                     "  b: {type: t3.micro, subnet: public-a, user_data: app/missing.sh}\n"     // 13
                     "  c: {type: t3.micro, subnet: public-a, user_data: ../secret.txt}\n"      // 14
                     "  d: {type: t3.micro, subnet: public-a, user_data: /etc/passwd}\n";       // 15
  auto r = loadStackText(text, "deploy/stack.yaml", files);
  EXPECT_DIAGS(r,
               "deploy/stack.yaml:13:52: error: instance 'b' user_data 'app/missing.sh' does not exist (looked for deploy/app/missing.sh)",
               "deploy/stack.yaml:14:52: error: instance 'c' user_data '../secret.txt' points outside the stack's folder; manifests must live beside the stack",
               "deploy/stack.yaml:15:52: error: instance 'd' user_data '/etc/passwd' must be a path relative to the stack's folder");
  EXPECT_EQ(r.stack.instances.find("a")->user_data, "deploy/app/user-data.sh");
}

// Regression (issue 16, class 2): a compose file's env_file is a path too,
// held to the same folder as the stack's own: `..` out of the folder is a
// located error and the file is not read (its lines were echoed in
// diagnostics). One inside the folder is read; an absolute one is left to
// the instance.
TEST(StackLoader, ComposeEnvFilesStayInsideTheStackFolder) {
  MemoryFileSource files;
  files.add("deploy/app/compose.yaml",
            "services:\n"
            "  web:\n"
            "    image: nginx\n"
            "    env_file: [web.env, ../../outside.env, /etc/app.env]\n");
  files.add("deploy/app/web.env", "DB_HOST=db\n");
  files.add("outside.env", "root:x:0:0:root:/root:/bin/bash\n");
  std::string text = std::string(kBase) +
                     "instances:\n"
                     "  a: {type: t3.micro, subnet: public-a, compose: app/compose.yaml}\n";
  auto r = loadStackText(text, "deploy/stack.yaml", files);
  EXPECT_DIAGS(r, "deploy/app/compose.yaml:2:3: error: compose service 'web': env_file '../../outside.env' points outside "
                  "the stack's folder; not read");
  const auto& envs = r.stack.instances.find("a")->manifests.env_files;
  ASSERT_EQ(envs.size(), 1u);
  EXPECT_EQ(envs[0].file, "deploy/app/web.env");
}

// The same through a symbolic link inside the folder that leads out of it.
TEST(StackLoader, ComposeEnvFileLinksOutOfTheFolderAreNotFollowed) {
  namespace fs = std::filesystem;
  fs::path base = fs::path(::testing::TempDir()) / "awssim-envlink";
  fs::remove_all(base);
  fs::create_directories(base / "stack" / "app");
  std::ofstream(base / "outside.env") << "SECRET=leaked\n";
  fs::create_symlink(base / "outside.env", base / "stack" / "app" / "link.env");
  std::ofstream(base / "stack" / "app" / "compose.yaml") << "services:\n  web:\n    image: nginx\n    env_file: link.env\n";
  std::ofstream(base / "stack" / "stack.yaml") << kBase << "instances:\n"
                                                << "  a: {type: t3.micro, subnet: public-a, compose: app/compose.yaml}\n";
  model::DiskFileSource disk;
  auto r = loadStack((base / "stack" / "stack.yaml").string(), disk);
  ASSERT_EQ(messages(r).size(), 1u);
  EXPECT_NE(messages(r)[0].find("compose.yaml:2:3: error: compose service 'web': env_file 'link.env' points outside"),
            std::string::npos);
  EXPECT_TRUE(r.stack.instances.find("a")->manifests.env_files.empty());
  fs::remove_all(base);
}

TEST(StackLoader, MalformedTaskDefinitionIsReportedInItsOwnFile) {
  MemoryFileSource files;
  files.add("td.json", "{\n  \"family\": \"x\",\n  \"containerDefinitions\": [,]\n}\n");
  auto r = load(std::string(kBase) +
                "ecs_clusters: {c: {}}\n"
                "ecs_services: {s: {cluster: c, task_definition: td.json}}\n",
                files);
  EXPECT_DIAGS(r, "td.json:3:28: error: JSON syntax error: syntax error while parsing value - unexpected ','; "
                  "expected '[', '{', or a literal");
}

TEST(StackLoader, ReportsEveryErrorInOneRun) {
  auto r = load("region: eu-nort-1\n"
                "vpc: {name: main, cidr: 10.0.0.0/16}\n"
                "subnets:\n"
                "  a: {cidr: 10.0.0.0/24, az: a, nacl: strict}\n"
                "  b: {cidr: 10.0.0.0/25, az: a}\n");
  EXPECT_DIAGS(r,
               "stack.yaml:1:9: error: unknown region 'eu-nort-1'; did you mean 'eu-north-1'?",
               "stack.yaml:4:39: error: unknown nacl 'strict' (defined: none)",
               "stack.yaml:5:3: error: subnet 'b' cidr 10.0.0.0/25 overlaps subnet 'a' (10.0.0.0/24)");
  EXPECT_EQ(r.diags.errorCount(), 3);
}

TEST(StackLoader, SecurityGroupRuleForms) {
  auto r = load(std::string(kBase) +
                "prefix_lists: {office: {cidrs: [203.0.113.0/24]}}\n"   // 11
                "  \n"
                "instances: {}\n");
  ASSERT_TRUE(r.ok());
  auto r2 = load("region: eu-north-1\nvpc: {name: main, cidr: 10.0.0.0/16}\n"
                 "security_groups:\n"
                 "  a:\n"
                 "    ingress:\n"
                 "      - {tcp: 32768-65535, from: [10.0.128.0/17, sg:b, self]}\n"
                 "      - {icmp: 3/4, from: 0.0.0.0/0}\n"
                 "      - {proto: 50, from: 10.0.0.0/8}\n"
                 "      - {udp: 53, from: s3}\n"
                 "    egress: []\n"
                 "  b: {}\n");
  ASSERT_TRUE(r2.ok()) << ::testing::PrintToString(messages(r2));
  const auto* a = r2.stack.security_groups.find("a");
  ASSERT_EQ(a->ingress.size(), 6u);
  EXPECT_EQ(a->ingress[0].describe(false), "tcp 32768-65535 from 10.0.128.0/17");
  EXPECT_EQ(a->ingress[1].describe(false), "tcp 32768-65535 from sg:b");
  EXPECT_EQ(a->ingress[2].describe(false), "tcp 32768-65535 from sg:a");
  EXPECT_EQ(a->ingress[3].describe(false), "icmp type 3 from 0.0.0.0/0");
  EXPECT_EQ(a->ingress[4].describe(false), "protocol 50 from 10.0.0.0/8");
  EXPECT_EQ(a->ingress[5].describe(false), "udp 53 from pl:s3");
  EXPECT_TRUE(a->egress.empty());
  auto r3 = load("region: eu-north-1\nvpc: {name: main, cidr: 10.0.0.0/16}\n"
                 "security_groups:\n"
                 "  a: {ingress: [{tcp: 80, udp: 53, from: redis}, {tcp: 99999, from: 0.0.0.0/0}]}\n");
  EXPECT_DIAGS(r3,
               "stack.yaml:4:17: error: security group 'a' ingress rule needs exactly one of tcp, udp, icmp or proto (got tcp, udp)",
               "stack.yaml:4:42: error: security group 'a' ingress rule 'from' 'redis' is not a CIDR; write 'sg:redis' for a security group or 'pl:redis' for a prefix list",
               "stack.yaml:4:56: error: security group 'a' ingress rule 'tcp' must be a port (6379), a range (32768-65535) or 'all', got '99999'");
}

TEST(StackLoader, NaclRuleNumbersAreUnique) {
  auto r = load("region: eu-north-1\nvpc: {name: main, cidr: 10.0.0.0/16}\n"
                "nacls:\n"
                "  n:\n"
                "    ingress:\n"
                "      - {rule: 100, action: allow, tcp: 22, cidr: 0.0.0.0/0}\n"
                "      - {rule: 100, action: deny, proto: all, cidr: 0.0.0.0/0}\n"
                "      - {rule: 40000, action: allow, tcp: 22, cidr: 0.0.0.0/0}\n");
  EXPECT_DIAGS(r, "stack.yaml:7:16: error: nacl 'n' rule number 100 is already used at line 6",
               "stack.yaml:8:16: error: nacl 'n' ingress entry 'rule' must be between 1 and 32766, got 40000");
}

TEST(StackLoader, GatewayEndpointsAndRoutesAreLinkedBothWays) {
  auto r = load("region: eu-north-1\nvpc: {name: main, cidr: 10.0.0.0/16}\n"
                "route_tables: {a: {}, b: {routes: [{to: s3, via: s3e}]}}\n"
                "endpoints: {s3e: {service: com.amazonaws.eu-north-1.s3, route_tables: [a]}}\n");
  ASSERT_TRUE(r.ok()) << ::testing::PrintToString(messages(r));
  const auto* ep = r.stack.endpoints.find("s3e");
  EXPECT_EQ(ep->service, "s3");
  EXPECT_EQ(ep->type, model::EndpointType::Gateway);
  EXPECT_EQ(ep->route_tables, (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(r.stack.route_tables.find("a")->routes.size(), 1u);
  EXPECT_EQ(r.stack.route_tables.find("a")->routes[0].describe(), "pl:s3 -> s3e (gateway endpoint)");
}

TEST(StackLoader, ExpectationsParseBothForms) {
  auto r = load(std::string(kBase) +
                "expect:\n"
                "  - web -> 10.0.0.9:6379 reachable\n"
                "  - internet -> public-a:53/udp unreachable\n"
                "  - {from: internet, to: s3, port: 443, reachable: false}\n"
                "  - internet => nowhere\n"
                "  - internet -> nowhere:80 reachable\n");
  EXPECT_DIAGS(r,
               "stack.yaml:12:5: error: expectation names 'web', which is neither a resource of this stack, an address, 'internet', an AWS service nor a DNS name",
               "stack.yaml:15:5: error: expectation 'internet => nowhere' must read 'FROM -> TO[:PORT][/PROTO] reachable|unreachable'",
               "stack.yaml:16:5: error: expectation names 'nowhere', which is neither a resource of this stack, an address, 'internet', an AWS service nor a DNS name");
  ASSERT_EQ(r.stack.expectations.size(), 4u);
  const auto& e = r.stack.expectations[1];
  EXPECT_EQ(e.from, "internet");
  EXPECT_EQ(e.to, "public-a");
  EXPECT_EQ(e.port, 53);
  EXPECT_EQ(e.protocol, 17);
  EXPECT_FALSE(e.reachable);
  EXPECT_EQ(r.stack.expectations[2].text, "internet -> s3:443/tcp unreachable");
}

}  // namespace
}  // namespace awssim::load

namespace awssim::load {
namespace {

// Regression (issue 16, class 6): a port too large for an int threw out of
// std::stoi ("internal error"). Expectations and `query --to` share one
// reader (model::parseFlowTarget), which reports the bad part.
TEST(StackLoader, ExpectationPortsOutOfRangeAreLocatedErrors) {
  auto r = load(std::string(kBase) +
                "expect:\n"
                "  - internet -> public-a:99999999999 reachable\n"
                "  - internet -> public-a:70000 reachable\n"
                "  - internet -> public-a:80/carrier-pigeon reachable\n");
  EXPECT_DIAGS(r,
               "stack.yaml:12:5: error: expectation 'internet -> public-a:99999999999 reachable': port '99999999999' is not a number 0-65535",
               "stack.yaml:13:5: error: expectation 'internet -> public-a:70000 reachable': port '70000' is not a number 0-65535",
               "stack.yaml:14:5: error: expectation 'internet -> public-a:80/carrier-pigeon reachable': unknown protocol 'carrier-pigeon'");
}

// Issue 17: an instance type EC2 does not have was priced at $0 and given no
// capacity in silence; it is a located error, with the size it resembles.
TEST(StackLoader, UnknownInstanceTypesAreLocatedErrors) {
  auto with = [](const std::string& type) {
    return load(std::string(kBase) + "instances: {x: {type: " + type + ", subnet: public-a}}\n");
  };
  EXPECT_DIAGS(with("t3.smal"), "stack.yaml:11:13: error: instance 'x': 't3.smal' is not an EC2 instance type: no size "
                                "'smal'; did you mean 't3.small'?");
  EXPECT_DIAGS(with("db.t3.medium"),
               "stack.yaml:11:13: error: instance 'x': 'db.t3.medium' is an RDS instance class, not an EC2 instance type");
  EXPECT_DIAGS(with("cache.t3.micro"), "stack.yaml:11:13: error: instance 'x': 'cache.t3.micro' is an ElastiCache "
                                       "node type, not an EC2 instance type");
  EXPECT_DIAGS(with("micro"),
               "stack.yaml:11:13: error: instance 'x': 'micro' is not an EC2 instance type (FAMILY.SIZE, as t3.micro)");
  for (const char* real : {"t3.micro", "m5.24xlarge", "c6gn.metal", "m7i-flex.large", "u-6tb1.metal", "r7iz.metal-16xl"})
    EXPECT_TRUE(with(real).ok()) << real;
}

TEST(FlowTarget, OneReaderForNamePortAndProtocol) {
  auto t = model::parseFlowTarget("redis:6379/tcp");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->name, "redis");
  EXPECT_EQ(t->port, 6379);
  EXPECT_EQ(t->protocol, 6);
  EXPECT_FALSE(model::parseFlowTarget("redis")->port);
  std::string why;
  for (const char* bad : {"", "redis:", "redis:-1", "redis:+80", "redis: 80", "a b:80", ":80"})
    EXPECT_FALSE(model::parseFlowTarget(bad, &why)) << bad;
  EXPECT_FALSE(model::parseFlowTarget("redis:99999999999", &why));
  EXPECT_EQ(why, "port '99999999999' is not a number 0-65535");
}

// Issue 17: the service: selector the README lists works with a port too.
TEST(FlowTarget, ServiceSelectorTakesAPort) {
  auto t = model::parseFlowTarget("service:redis:6379/tcp");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->name, "service:redis");
  EXPECT_EQ(t->port, 6379);
  EXPECT_EQ(t->protocol, 6);
  EXPECT_EQ(model::parseFlowTarget("service:redis")->name, "service:redis");
  EXPECT_FALSE(model::parseFlowTarget("service:redis")->port);
  std::string why;
  EXPECT_FALSE(model::parseFlowTarget("service:redis:x", &why));
  EXPECT_EQ(why, "port 'x' is not a number 0-65535");
}

}  // namespace
}  // namespace awssim::load
