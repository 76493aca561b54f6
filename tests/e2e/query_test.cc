// End-to-end: query, explain, matrix and check on the seed fixtures, through
// the binary, asserting exit codes, JSON fields and text.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "run.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

#include <cstdio>
#include <string>

namespace {

using awssim::e2e::run;

namespace fs = std::filesystem;
const std::string kEc2 = std::string(AWSSIM_SOURCE_DIR) + "/fixtures/seed-ec2/";

TEST(QueryCli, ReachableJsonHasTheContractFields) {
  auto r = run("query " + kEc2 + "stack.yaml --from messages --to redis:6379 --json", false);
  ASSERT_EQ(r.code, 0) << r.out;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["reachable"], true);
  EXPECT_EQ(j["disposition"], "ACCEPTED");
  ASSERT_EQ(j["forward"].size(), 7u);
  EXPECT_EQ(j["forward"][0]["component"], "messages");
  EXPECT_EQ(j["forward"][0]["kind"], "instance");
  EXPECT_EQ(j["forward"][0]["action"], "sent");
  EXPECT_EQ(j["forward"][5]["detail"], "security group redis: tcp 6379 from sg:messages");
  EXPECT_EQ(j["return"].size(), 4u);  // redis's group, two NACLs, messages's group
  EXPECT_TRUE(j["explanations"].empty());
  EXPECT_TRUE(j["suggestions"].empty());
}

TEST(QueryCli, NotReachableExitsOneWithExplanationsAndFixes) {
  auto r = run("query " + kEc2 + "broken-redis-ingress-missing.yaml --from messages --to redis:6379 --json", false);
  ASSERT_EQ(r.code, 1) << r.out;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["reachable"], false);
  EXPECT_EQ(j["disposition"], "DENIED_IN");
  ASSERT_EQ(j["explanations"].size(), 1u);
  EXPECT_EQ(j["explanations"][0]["code"], "ENI_SG_RULES_MISMATCH");
  EXPECT_EQ(j["explanations"][0]["component"], "security group redis");
  EXPECT_EQ(j["explanations"][0]["direction"], "forward");
  EXPECT_EQ(j["explanations"][0]["location"]["line"], 43);
  EXPECT_EQ(j["suggestions"][0], "add ingress tcp 6379 from sg:messages to security group 'redis'");
}

// A name that is not in the stack is an error on stderr with the closest
// name the stack has (regression: it went to stdout, without a hint).
TEST(QueryCli, UnknownNamesSuggestTheClosest) {
  auto out = run("query " + kEc2 + "stack.yaml --from mesages --to redis:6379", false);
  EXPECT_EQ(out.code, 2);
  EXPECT_EQ(out.out, "");
  auto err = run("query " + kEc2 + "stack.yaml --from mesages --to redis:6379");
  EXPECT_NE(err.out.find("awssim: unknown source 'mesages': not a resource of the stack, an address or 'internet'; "
                         "did you mean 'messages'?"),
            std::string::npos)
      << err.out;
  auto to = run("query " + kEc2 + "stack.yaml --from messages --to rediss:6379");
  EXPECT_EQ(to.code, 2);
  EXPECT_NE(to.out.find("did you mean 'redis'?"), std::string::npos) << to.out;
  // The JSON document still says it, and stderr too.
  auto j = run("query " + kEc2 + "stack.yaml --from mesages --to redis:6379 --json", false);
  EXPECT_NE(j.out.find("did you mean 'messages'?"), std::string::npos) << j.out;
}

// Fixes for the internet name 0.0.0.0/0, never the stand-in host awssim
// traced (regression: "add ingress tcp 443 from 8.8.8.8/32"), unless the
// user gave the address; and no fix opens a database or cache to it.
TEST(QueryCli, InternetFixesNameTheInternetAndKeepStoresPrivate) {
  auto in = run("explain " + kEc2 + "stack.yaml --from internet --to gateway:443", false);
  EXPECT_NE(in.out.find("  - add ingress tcp 443 from 0.0.0.0/0 to security group 'gateway'\n"), std::string::npos) << in.out;
  EXPECT_EQ(in.out.find("8.8.8.8/32"), std::string::npos) << in.out;
  auto given = run("explain " + kEc2 + "stack.yaml --from internet --src-ip 203.0.113.7 --to gateway:443", false);
  EXPECT_NE(given.out.find("  - add ingress tcp 443 from 203.0.113.7/32 to security group 'gateway'\n"), std::string::npos)
      << given.out;
  auto out = run("explain " + kEc2 + "stack.yaml --from gateway --to internet:25", false);
  EXPECT_NE(out.out.find("  - add egress tcp 25 to 0.0.0.0/0 on security group 'gateway'\n"), std::string::npos) << out.out;
  auto db = run("query " + kEc2 + "stack.yaml --from internet --to redis:6379 --json", false);
  auto j = nlohmann::json::parse(db.out);
  std::string fixes = j.dump();
  EXPECT_NE(fixes.find("keep redis private: reach tcp 6379 from inside the VPC"), std::string::npos) << fixes;
  EXPECT_EQ(fixes.find("give redis a public"), std::string::npos) << fixes;
  EXPECT_EQ(fixes.find("from 0.0.0.0/0 to security group 'redis'"), std::string::npos) << fixes;
}

// Past the hop that stops a packet, explain says what would happen had it
// got through (regression: "redis [instance]: delivered" after the denial).
TEST(QueryCli, ExplainMarksWhatWouldHappenAfterADenial) {
  auto r = run("explain " + kEc2 + "broken-redis-ingress-missing.yaml --from messages --to redis:6379", false);
  EXPECT_NE(r.out.find("   6. redis [security-group]: denied\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("   7. redis [instance]: would be delivered\n"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find(": delivered\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("return path (had the request got through):\n   1. redis [security-group]: would be allowed\n"),
            std::string::npos)
      << r.out;
  auto ok = run("explain " + kEc2 + "stack.yaml --from messages --to redis:6379", false);
  EXPECT_NE(ok.out.find("   7. redis [instance]: delivered\n"), std::string::npos) << ok.out;
  EXPECT_NE(ok.out.find("return path:\n   1. redis [security-group]: allowed\n"), std::string::npos) << ok.out;
}

// A private subnet (its table sends 0.0.0.0/0 to a NAT gateway) is not told
// to route 0.0.0.0/0 to the internet gateway, which would be impossible
// beside the NAT route and would make it public.
TEST(QueryCli, NoImpossibleRouteFixForAPrivateSubnet) {
  fs::path dir = fs::path(::testing::TempDir()) / "awssim-private-fix";
  fs::create_directories(dir);
  std::ofstream(dir / "s.yaml")
      << "region: us-east-1\nvpc: {name: main, cidr: 10.0.0.0/16}\ninternet_gateways: {igw: {}}\n"
         "nat_gateways:\n  nat: {subnet: pub}\nroute_tables:\n  public:\n    routes:\n      - {to: 0.0.0.0/0, via: igw}\n"
         "  private:\n    routes:\n      - {to: 0.0.0.0/0, via: nat}\nsubnets:\n"
         "  pub: {cidr: 10.0.1.0/24, az: a, route_table: public}\n  priv: {cidr: 10.0.2.0/24, az: a, route_table: private}\n"
         "security_groups:\n  web:\n    ingress:\n      - {tcp: \"443\", from: \"0.0.0.0/0\"}\n"
         "instances:\n  app: {type: t3.micro, subnet: priv, ip: 10.0.2.10, public_ip: \"198.51.100.9\", sgs: [web]}\n";
  auto r = run("query " + (dir / "s.yaml").string() + " --from internet --to app:443 --json", false);
  EXPECT_EQ(r.code, 1);
  auto j = nlohmann::json::parse(r.out);
  std::string text = j.dump();
  EXPECT_EQ(text.find("add a route to 0.0.0.0/0 via igw in route table 'private'"), std::string::npos) << text;
  EXPECT_NE(text.find("subnet priv is private (route table 'private' sends the internet to nat): put a load balancer in a "
                      "public subnet in front of it"),
            std::string::npos)
      << text;
}

// Through a load balancer with one target out of reach: reachable with the
// working path's disposition, the other target named (regression:
// "reachable (DENIED_IN)"); blocked lines say which target they are for.
TEST(QueryCli, LoadBalancerWithSomeTargetsOutOfReach) {
  std::string stack = std::string(AWSSIM_SOURCE_DIR) + "/tests/e2e/data/lb-partial-targets.yaml";
  auto r = run("query " + stack + " --from internet --to front:80", false);
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("internet -> front:80/tcp: reachable (ACCEPTED)\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("front -> target w2:8080 is not reachable (DENIED_IN)"), std::string::npos) << r.out;
  fs::path none = fs::path(::testing::TempDir()) / "awssim-lb-none.yaml";
  std::ifstream in(stack);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  text.replace(text.find("sgs: [web]}"), 11, "sgs: [other]}");
  std::ofstream(none) << text;
  auto n = run("query " + none.string() + " --from internet --to front:80", false);
  EXPECT_EQ(n.code, 1);
  EXPECT_NE(n.out.find("  - front -> target w1:8080: SG_HAS_NO_RULES at security group other"), std::string::npos) << n.out;
  EXPECT_NE(n.out.find("  - front -> target w2:8080: SG_HAS_NO_RULES at security group other"), std::string::npos) << n.out;
}

// An internal load balancer is not told to get a public address.
TEST(QueryCli, InternalLoadBalancerFix) {
  std::string stack = std::string(AWSSIM_SOURCE_DIR) + "/tests/e2e/data/lb-partial-targets.yaml";
  std::ifstream in(stack);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  text.replace(text.find("scheme: internet-facing"), 23, "scheme: internal");
  fs::path internal = fs::path(::testing::TempDir()) / "awssim-lb-internal.yaml";
  std::ofstream(internal) << text;
  auto r = run("explain " + internal.string() + " --from internet --to front:80", false);
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("  - load balancer front is internal: only its VPC (and networks routed to it)\n    reach it; serve the "
                       "internet from an internet-facing load balancer\n"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("give it a public IPv4"), std::string::npos) << r.out;
}

// Set questions: who reaches a destination (--from any), what a source
// reaches (--to any), and selectors for sets of interfaces, answered as
// classes with counts.
TEST(QueryCli, SetQuestionsAndSelectors) {
  auto who = run("query " + kEc2 + "stack.yaml --from any --to redis:6379", false);
  EXPECT_EQ(who.code, 0);
  EXPECT_EQ(who.out, "any -> redis (tcp 6379):\n"
                     "  to class 5 (subnet private-a · sg redis · instance): 1 interface (redis)\n"
                     "    from class 4 (subnet private-b · sg messages · instance): 1 (messages)\n");
  auto what = run("query " + kEc2 + "stack.yaml --from gateway --to any:8761 --json", false);
  auto j = nlohmann::json::parse(what.out);
  ASSERT_EQ(j["reach"].size(), 1u);
  EXPECT_EQ(j["reach"][0]["members"][0], "discovery");
  EXPECT_EQ(j["pairs"], 1);
  auto sel = run("query " + kEc2 + "stack.yaml --from sg:ice --to subnet:private-a:22", false);
  EXPECT_NE(sel.out.find("  to class 1 (subnet private-a · sg discovery · instance): 1 interface (discovery)\n"
                         "    from class 3 (subnet private-a · sg ice · instance-connect-endpoint): 1 (ice)\n"),
            std::string::npos)
      << sel.out;
  EXPECT_NE(sel.out.find("(redis)"), std::string::npos);
  auto none = run("query " + kEc2 + "stack.yaml --from internet --to sg:redis:6379", false);
  EXPECT_EQ(none.code, 1);
  EXPECT_NE(none.out.find("  nothing gets through\n"), std::string::npos) << none.out;
  auto bad = run("query " + kEc2 + "stack.yaml --from any --to sg:rediss:6379");
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.out.find("awssim: no security group 'rediss'; did you mean 'redis'?"), std::string::npos) << bad.out;
  EXPECT_EQ(run("query " + kEc2 + "stack.yaml --from any --to redis").code, 2);  // a port is needed
  std::string lb = std::string(AWSSIM_SOURCE_DIR) + "/tests/e2e/data/lb-partial-targets.yaml";
  auto tg = run("query " + lb + " --from front --to tg:web:8080 --json", false);
  auto tj = nlohmann::json::parse(tg.out);
  ASSERT_EQ(tj["reach"].size(), 1u) << tg.out;  // w1 only: w2 admits nothing
  EXPECT_EQ(tj["reach"][0]["members"][0], "w1");
  EXPECT_EQ(tj["reach"][0]["from"][0]["count"], 2);  // both load balancer nodes
}

TEST(QueryCli, ProtocolAndSourceOptions) {
  // Protocol 0 (HOPOPT) is a protocol like any other: the redis group admits tcp only.
  auto p0 = run("query " + kEc2 + "stack.yaml --from messages --to redis --protocol 0");
  EXPECT_EQ(p0.code, 1) << p0.out;
  EXPECT_NE(p0.out.find("messages -> redis/0: NOT reachable (DENIED_OUT)"), std::string::npos) << p0.out;
  auto src = run("query " + kEc2 + "stack.yaml --from internet --src-ip 192.0.2.7 --to gateway:80 --json", false);
  EXPECT_EQ(src.code, 0);
  EXPECT_EQ(nlohmann::json::parse(src.out)["forward"][0]["detail"], "from 192.0.2.7 to 198.18.0.1 (tcp 80)");
}

TEST(QueryCli, WithoutAPortGivesTheSetAnswer) {
  auto r = run("query " + kEc2 + "stack.yaml --from messages --to redis");
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.out, "messages -> redis: tcp 6379 get through\n");
  auto j = nlohmann::json::parse(run("query " + kEc2 + "stack.yaml --from internet --to gateway --json", false).out);
  EXPECT_EQ(j["reachable"], true);
  EXPECT_EQ(j["traffic"]["tcp"], "80");
  EXPECT_EQ(j["traffic"]["udp"], "none");
  auto none = run("query " + kEc2 + "stack.yaml --from internet --to redis");
  EXPECT_EQ(none.code, 1);
  EXPECT_EQ(none.out, "internet -> redis: nothing gets through\n");
}

TEST(QueryCli, BadInputExitsTwo) {
  auto unknown = run("query " + kEc2 + "stack.yaml --from nobody --to redis:6379");
  EXPECT_EQ(unknown.code, 2);
  EXPECT_NE(unknown.out.find("unknown source 'nobody'"), std::string::npos) << unknown.out;
  EXPECT_EQ(run("query " + kEc2 + "stack.yaml --from messages --to redis:99999").code, 2);
  EXPECT_EQ(run("query " + kEc2 + "stack.yaml --from messages --to redis:6379 --protocol tcpp").code, 2);
  auto noPort = run("query " + kEc2 + "stack.yaml --from messages --to redis/tcp");
  EXPECT_EQ(noPort.code, 2);
  EXPECT_NE(noPort.out.find("give a port for tcp to redis"), std::string::npos) << noPort.out;
}

TEST(ExplainCli, HopByHopIn80Columns) {
  auto r = run("explain " + kEc2 + "stack.yaml --from redis --to ecr");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("== ecr.api at its public address 99.77.2.1: NOT reachable (DENIED_OUT)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("== s3 at its public address 52.95.169.1: reachable (EXITS_NETWORK)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("note: ecr.dkr: no interface endpoint in the VPC and no working internet path"), std::string::npos);
  size_t start = 0;
  while (start < r.out.size()) {
    size_t end = r.out.find('\n', start);
    if (end == std::string::npos) end = r.out.size();
    EXPECT_LE(end - start, 80u) << r.out.substr(start, end - start);
    start = end + 1;
  }
}

TEST(MatrixCli, SeedMatrix) {
  auto r = run("matrix " + kEc2 + "stack.yaml --ports 22,80,6379,8761 --json", false);
  ASSERT_EQ(r.code, 0);
  auto j = nlohmann::json::parse(r.out);
  std::vector<std::string> pairs;
  for (const auto& p : j["pairs"]) {
    std::string ports;
    for (const auto& x : p["ports"]) ports += (ports.empty() ? "" : ",") + std::to_string(x.get<int>());
    pairs.push_back(p["from"].get<std::string>() + "->" + p["to"].get<std::string>() + ":" + ports);
  }
  EXPECT_EQ(pairs, (std::vector<std::string>{"internet->gateway:80", "gateway->discovery:8761", "gateway->messages:80",
                                             "ice->discovery:22", "ice->gateway:22", "ice->messages:22", "ice->redis:22",
                                             "messages->discovery:8761", "messages->redis:6379"}));
  EXPECT_EQ(run("matrix " + kEc2 + "stack.yaml --ports 22,x").code, 2);
  // Without --ports: the ports the stack's own rules and expectations name.
  auto ecs = run("matrix " + std::string(AWSSIM_SOURCE_DIR) + "/fixtures/seed-ecs/stack.yaml", false);
  EXPECT_EQ(ecs.out.rfind("reachability over tcp 22,80,6379: ", 0), 0u) << ecs.out;
}

// The set view lists, per port, each distinct set of sources once with the
// destinations it reaches; JSON carries the same sets for every size.
// A cell open to only part of the internet says from where (the seed's ECS
// instances admit SSH from one office address), in text and JSON; load
// balancer nodes are sources, reaching their targets.
TEST(MatrixCli, InternetCellsSayWhichHostsAndLoadBalancersAreSources) {
  std::string ecs = std::string(AWSSIM_SOURCE_DIR) + "/fixtures/seed-ecs/stack.yaml";
  auto t = run("matrix " + ecs + " --view interfaces", false);
  EXPECT_NE(t.out.find("internet\n  -> public-cluster-1             22 (from 203.0.113.24/32 only), 80\n"), std::string::npos)
      << t.out;
  auto j = nlohmann::json::parse(run("matrix " + ecs + " --json", false).out);
  ASSERT_EQ(j["internet_only"].size(), 1u) << j.dump();
  EXPECT_EQ(j["internet_only"][0]["port"], 22);
  EXPECT_EQ(j["internet_only"][0]["from"], "203.0.113.24/32");
  auto lb = run("matrix " + std::string(AWSSIM_SOURCE_DIR) + "/tests/e2e/data/lb-partial-targets.yaml --ports 8080 --view interfaces", false);
  EXPECT_NE(lb.out.find("front/pub-a\n  -> internet                     8080\n  -> w1                           8080\n"),
            std::string::npos)
      << lb.out;
  EXPECT_EQ(lb.out.find("-> w2"), std::string::npos) << lb.out;  // w2 admits nothing
}

TEST(MatrixCli, SourceSetsView) {
  auto r = run("matrix " + kEc2 + "stack.yaml --ports 22,6379 --view sets", false);
  ASSERT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("tcp 6379:\n  to 1 class (1 interface: redis) [class 5]\n    from 1 class (1 interface: messages)\n"),
            std::string::npos) << r.out;
  EXPECT_NE(r.out.find("tcp 22:\n  to 4 classes (4 interfaces: discovery, gateway, messages and 1 more) [class 1, 2, 4, 5]\n"
                       "    from 1 class (1 interface: ice)\n"),
            std::string::npos) << r.out;
  auto j = nlohmann::json::parse(run("matrix " + kEc2 + "stack.yaml --ports 22,6379 --json", false).out);
  ASSERT_EQ(j["reach"].size(), 2u);
  const auto& redis = j["reach"][1];
  EXPECT_EQ(redis["port"], 6379);
  // Sets are ranges of class numbers.
  EXPECT_EQ(redis["source_sets"][redis["set_of_class"][5].get<int>()].dump(), "[[4,4]]");
  const auto& ssh = j["reach"][0];
  EXPECT_EQ(ssh["source_sets"][ssh["set_of_class"][1].get<int>()].dump(), "[[3,3]]");
  EXPECT_EQ(ssh["source_sets"][ssh["set_of_class"][0].get<int>()].dump(), "[]");  // no egress to the internet on 22
  std::string many;
  for (int p = 1; p <= 65; ++p) many += (p > 1 ? "," : "") + std::to_string(p);
  auto tooMany = run("matrix " + kEc2 + "stack.yaml --ports " + many);
  EXPECT_EQ(tooMany.code, 2);
  EXPECT_NE(tooMany.out.find("--ports takes at most 64 ports, got 65"), std::string::npos) << tooMany.out;
}

// query --batch: one JSON line per query, in the file's order, each naming
// its line; the stack is loaded once. Exit 1 when any is not reachable, 2
// when any cannot be answered; a file with bad lines answers nothing and
// names every bad line.
TEST(QueryCli, BatchAnswersEveryLine) {
  std::string file = ::testing::TempDir() + "/awssim-batch.txt";
  std::ofstream(file, std::ios::trunc) << "# questions\n--from gateway --to redis:6379\n\n--from=ice --to discovery:22\n"
                                          "--from messages --to redis\n";
  auto r = run("query " + kEc2 + "stack.yaml --batch " + file, false);
  EXPECT_EQ(r.code, 1);
  std::vector<std::string> got;
  std::istringstream lines(r.out);
  for (std::string l; std::getline(lines, l);) {
    auto j = nlohmann::json::parse(l);
    got.push_back(std::to_string(j["line"].get<int>()) + " " + j["query"].get<std::string>() + " " +
                  (j.contains("disposition") ? j["disposition"].get<std::string>() : j["traffic"]["tcp"].get<std::string>()));
  }
  EXPECT_EQ(got, (std::vector<std::string>{"2 gateway -> redis:6379/tcp DENIED_OUT", "4 ice -> discovery:22/tcp ACCEPTED",
                                           "5 messages -> redis 6379"}));
  auto piped = [&](const std::string& line) {
    return awssim::e2e::shell("echo '" + line + "' | " + std::string(AWSSIM_BINARY) + " query " + kEc2 + "stack.yaml --batch - 2>/dev/null");
  };
  auto ok = piped("--from ice --to discovery:22");
  EXPECT_EQ(ok.code, 0);
  auto unknown = piped("--from nosuch --to discovery:22");
  EXPECT_EQ(unknown.code, 2);
  EXPECT_NE(unknown.out.find("\"line\":1,\"query\":\"nosuch -> discovery:22/tcp\",\"error\":\"unknown source 'nosuch'"),
            std::string::npos) << unknown.out;
  std::ofstream(file, std::ios::trunc) << "--from a\n--bogus x --to y\n  --from a --to b:99999\n";
  auto bad = run("query " + kEc2 + "stack.yaml --batch " + file);
  EXPECT_EQ(bad.code, 2);
  EXPECT_EQ(bad.out, file + ":1:1: error: a query needs --from and --to\n" + file +
                         ":2:1: error: unknown option '--bogus' (a line takes --from, --to, --protocol, --src-ip and "
                         "--src-port)\n" + file + ":3:3: error: --to 'b:99999': port '99999' is not a number 0-65535\n");
  EXPECT_EQ(run("query " + kEc2 + "stack.yaml --batch " + file + " --from a").code, 2);
  EXPECT_EQ(run("query " + kEc2 + "stack.yaml --to a").code, 2);
}

TEST(CheckCli, FailingExpectationExitsOneAndExplains) {
  auto ok = run("check " + kEc2 + "stack.yaml --fail-on critical");
  EXPECT_EQ(ok.code, 0) << ok.out;
  EXPECT_NE(ok.out.find("10 of 10 expectations hold"), std::string::npos);
  auto bad = run("check " + kEc2 + "broken-no-s3-route.yaml");
  EXPECT_EQ(bad.code, 1);
  EXPECT_NE(bad.out.find("FAIL redis -> s3:443 reachable  [" + kEc2 + "broken-no-s3-route.yaml:134:5]"),
            std::string::npos) << bad.out;
  EXPECT_NE(bad.out.find("NO_ROUTE_TO_DESTINATION at route table private (forward)"), std::string::npos) << bad.out;
  EXPECT_NE(bad.out.find("8 of 10 expectations hold"), std::string::npos);
}

TEST(CheckCli, SameInputSameOutput) {
  auto a = run("check " + kEc2 + "broken-nacl-blocks-return.yaml");
  auto b = run("check " + kEc2 + "broken-nacl-blocks-return.yaml");
  EXPECT_EQ(a.out, b.out);
  auto m1 = run("matrix " + kEc2 + "stack.yaml --json");
  auto m2 = run("matrix " + kEc2 + "stack.yaml --json");
  EXPECT_EQ(m1.out, m2.out);
}

const std::string kEcs = std::string(AWSSIM_SOURCE_DIR) + "/fixtures/seed-ecs/";

TEST(EcsCli, PlacementAndServiceConnect) {
  auto r = run("ecs " + kEcs + "stack.yaml");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("  public-cluster-1   eu-north-1a  2048/2048       927/927  1/2  6379        redis/1"),
            std::string::npos) << r.out;
  EXPECT_NE(r.out.find("from messages: ok (Service Connect redis:6379 -> proxy on public-cluster-1"), std::string::npos);
  auto j = nlohmann::json::parse(run("ecs " + kEcs + "broken-one-instance.yaml --json", false).out);
  ASSERT_EQ(j["tasks"].size(), 2u);
  EXPECT_EQ(j["tasks"][1]["status"], "PENDING");
  EXPECT_EQ(j["tasks"][1]["reasons"], (std::vector<std::string>{"RESOURCE:CPU", "RESOURCE:MEMORY"}));
  EXPECT_EQ(j["task_sizes"][0]["proxy_cpu"], 256);
  EXPECT_EQ(j["task_sizes"][0]["memory_mib"], 927);
  auto bad = run("ecs " + kEcs + "broken-no-dynamic-ports.yaml");
  EXPECT_EQ(bad.code, 1);
  EXPECT_NE(bad.out.find("fix: add ingress tcp 32768-65535 from sg:ecs-instances to security group"), std::string::npos)
      << bad.out;
}

TEST(CheckCli, SeedEcsExpectationsHold) {
  auto r = run("check " + kEcs + "stack.yaml --fail-on critical");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("3 of 3 expectations hold"), std::string::npos);
  auto one = run("check " + kEcs + "broken-one-instance.yaml");
  EXPECT_EQ(one.code, 1);
  EXPECT_NE(one.out.find("AWSSIM-ECS-019 [high] ecs service messages: task messages/1 stays PENDING:"), std::string::npos)
      << one.out;
}

}  // namespace

namespace {

TEST(IntentsCli, JsonAndCheck) {
  const std::string ec2 = std::string(AWSSIM_SOURCE_DIR) + "/fixtures/seed-ec2/";
  auto r = run("intents " + ec2 + "stack.yaml --json", false);
  EXPECT_EQ(r.code, 0);
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["flows"].size(), 3u);
  EXPECT_EQ(j["flows"][1]["target"], "10.0.0.4:6379/tcp");
  EXPECT_EQ(j["flows"][1]["location"]["line"], 3);
  EXPECT_EQ(j["needs"].size(), 10u);
  auto bad = run("check " + ec2 + "broken-redis-host-unowned.yaml");
  EXPECT_EQ(bad.code, 1);
  EXPECT_NE(bad.out.find("intents (derived from the manifests):"), std::string::npos);
  EXPECT_NE(bad.out.find("AWSSIM-INTENT-001 [high] messages: messages is configured to reach\n    10.0.0.9:6379/tcp"),
            std::string::npos) << bad.out;
}

}  // namespace
