// The engine's VPC semantics, one behaviour per test, each pinned to the AWS
// documentation (or Batfish's model where AWS is silent).
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "sim/acl.h"
#include "sim_test_util.h"

namespace awssim::sim {
namespace {

using namespace testing;
using V = std::vector<std::string>;

// Two subnets in one VPC, one instance in each; tests add what they need.
std::string twoSubnets(const std::string& sgs, const std::string& extra = "", const std::string& subnetExtra = "") {
  return "region: us-east-1\n"
         "vpc: {name: main, cidr: 10.0.0.0/16}\n"
         "subnets:\n"
         "  a: {cidr: 10.0.1.0/24, az: a" + subnetExtra + "}\n"
         "  b: {cidr: 10.0.2.0/24, az: b}\n"
         "security_groups:\n" + sgs +
         "instances:\n"
         "  client: {type: t3.micro, subnet: a, ip: 10.0.1.10, sgs: [client]}\n"
         "  server: {type: t3.micro, subnet: b, ip: 10.0.2.10, sgs: [server]}\n" + extra;
}

const std::string kOpenSgs =
    "  client: {}\n"
    "  server: {ingress: [{tcp: 6379, from: sg:client}]}\n";

// VPC User Guide, "Security group rules": the rules of all groups associated
// with an interface are aggregated; a group reference matches the private
// addresses of interfaces that carry the group.
TEST(SecurityGroups, RulesOfAllGroupsAreUnited) {
  auto f = stackOf(sub(twoSubnets("  client: {}\n  server: {ingress: [{tcp: 80, from: sg:client}]}\n"
                                  "  extra: {ingress: [{tcp: 443, from: 10.0.1.0/24}]}\n"),
                       "sgs: [server]", "sgs: [server, extra]"));
  EXPECT_TRUE(ask(*f, "client", "server", 80).reachable);
  EXPECT_TRUE(ask(*f, "client", "server", 443).reachable);
  auto r = ask(*f, "client", "server", 22);
  EXPECT_FALSE(r.reachable);
  EXPECT_EQ(dispo(r), "DENIED_IN");
  EXPECT_EQ(blocks(r), V{"ENI_SG_RULES_MISMATCH@security group server, extra(forward)"});
}

// Security groups are stateful: "responses to allowed inbound traffic are
// allowed to leave, regardless of outbound rules".
TEST(SecurityGroups, AreStatefulRepliesNeedNoRule) {
  auto f = stackOf(twoSubnets("  client: {}\n  server: {ingress: [{tcp: 6379, from: sg:client}], egress: []}\n"));
  auto r = ask(*f, "client", "server", 6379);
  EXPECT_TRUE(r.reachable);
  EXPECT_EQ(dispo(r), "ACCEPTED");
}

// "If there are no outbound rules, no outbound traffic is allowed"; a group
// created without rules is reported as SG_HAS_NO_RULES by Reachability Analyzer.
TEST(SecurityGroups, NoEgressRulesDenyEgress) {
  auto f = stackOf(twoSubnets("  client: {egress: []}\n  server: {ingress: [{tcp: 6379, from: sg:client}]}\n"));
  auto r = ask(*f, "client", "server", 6379);
  EXPECT_EQ(dispo(r), "DENIED_OUT");
  EXPECT_EQ(blocks(r), V{"SG_HAS_NO_RULES@security group client(forward)"});
  EXPECT_EQ(r.parts[0].trace.suggestions, V{"add egress tcp 6379 to sg:server on security group 'client'"});
}

// A group reference admits members only: an interface without the group is
// refused, and the fix names the group.
TEST(SecurityGroups, ReferenceMatchesMembersOnly) {
  auto f = stackOf(twoSubnets("  client: {}\n  other: {}\n  server: {ingress: [{tcp: 6379, from: sg:other}]}\n"));
  auto r = ask(*f, "client", "server", 6379);
  EXPECT_EQ(blocks(r), V{"ENI_SG_RULES_MISMATCH@security group server(forward)"});
  EXPECT_EQ(r.parts[0].trace.suggestions, V{"add ingress tcp 6379 from sg:client to security group 'server'"});
}

// A group reference never matches public addresses: traffic from the
// internet is judged by CIDR rules only.
TEST(SecurityGroups, ReferenceNeverMatchesTheInternet) {
  std::string yaml = twoSubnets("  client: {}\n  server: {ingress: [{tcp: 80, from: sg:client}]}\n",
                                "internet_gateways: {igw: {}}\nroute_tables: {pub: {routes: [{to: 0.0.0.0/0, via: igw}]}}\n",
                                "");
  yaml = sub(yaml, "  b: {cidr: 10.0.2.0/24, az: b}", "  b: {cidr: 10.0.2.0/24, az: b, route_table: pub}");
  yaml = sub(yaml, "sgs: [server]}", "sgs: [server], public_ip: true}");
  auto f = stackOf(yaml);
  auto r = ask(*f, "internet", "server", 80);
  EXPECT_FALSE(r.reachable);
  EXPECT_EQ(blocks(r), V{"ENI_SG_RULES_MISMATCH@security group server(forward)"});
}

// Prefix-list references match the list's CIDRs.
TEST(SecurityGroups, PrefixListRulesMatchTheirCidrs) {
  auto f = stackOf(twoSubnets("  client: {}\n  server: {ingress: [{tcp: 22, from: pl:office}]}\n",
                              "prefix_lists: {office: {cidrs: [10.0.1.0/25]}}\n"));
  EXPECT_TRUE(ask(*f, "client", "server", 22).reachable);
}

// VPC User Guide, "Network ACL rules": rules are evaluated "starting with the
// lowest numbered rule"; the first match applies; the final "*" rule denies.
TEST(Nacls, LowestNumberedMatchWins) {
  auto nacl = [](int denyNo, int allowNo) {
    return fmt::format("nacls:\n  n:\n    ingress:\n"
                       "      - {{rule: {}, action: deny, tcp: 6379, cidr: 10.0.1.0/24}}\n"
                       "      - {{rule: {}, action: allow, proto: all, cidr: 0.0.0.0/0}}\n"
                       "    egress: [{{rule: 100, action: allow, proto: all, cidr: 0.0.0.0/0}}]\n",
                       denyNo, allowNo);
  };
  std::string base = twoSubnets(kOpenSgs, nacl(100, 200));
  base = sub(base, "b: {cidr: 10.0.2.0/24, az: b}", "b: {cidr: 10.0.2.0/24, az: b, nacl: n}");
  auto denied = stackOf(base);
  auto r = ask(*denied, "client", "server", 6379);
  EXPECT_EQ(dispo(r), "DENIED_IN");
  EXPECT_EQ(blocks(r), V{"SUBNET_ACL_RESTRICTION@nacl n(forward)"});
  EXPECT_EQ(r.parts[0].trace.forward[4].detail,
            "ingress of subnet b: tcp 6379 from client (10.0.1.10) is denied by rule 100 deny tcp 6379 from 10.0.1.0/24");
  std::string swapped = twoSubnets(kOpenSgs, nacl(200, 100));
  swapped = sub(swapped, "b: {cidr: 10.0.2.0/24, az: b}", "b: {cidr: 10.0.2.0/24, az: b, nacl: n}");
  EXPECT_TRUE(ask(*stackOf(swapped), "client", "server", 6379).reachable);
}

// A custom NACL with no rules denies everything (only the "*" deny remains).
TEST(Nacls, EmptyCustomNaclDeniesAll) {
  std::string y = twoSubnets(kOpenSgs, "nacls: {closed: {}}\n");
  y = sub(y, "b: {cidr: 10.0.2.0/24, az: b}", "b: {cidr: 10.0.2.0/24, az: b, nacl: closed}");
  auto r = ask(*stackOf(y), "client", "server", 6379);
  EXPECT_EQ(blocks(r), (V{"SUBNET_ACL_RESTRICTION@nacl closed(forward)", "SUBNET_ACL_RESTRICTION@nacl closed(return)"}));
  EXPECT_EQ(dispo(r), "DENIED_IN");
}

// NACLs are stateless: the reply to the client's ephemeral port must pass the
// server subnet's egress rules. Linux clients use 32768-60999; a rule for
// 49152-65535 leaves part of that range broken, and awssim says which.
TEST(Nacls, ReturnTrafficNeedsTheWholeEphemeralRange) {
  std::string y = twoSubnets(kOpenSgs,
                             "nacls:\n  n:\n"
                             "    ingress: [{rule: 100, action: allow, tcp: 6379, cidr: 10.0.0.0/16}]\n"
                             "    egress: [{rule: 100, action: allow, tcp: 49152-65535, cidr: 10.0.0.0/16}]\n");
  y = sub(y, "b: {cidr: 10.0.2.0/24, az: b}", "b: {cidr: 10.0.2.0/24, az: b, nacl: n}");
  auto f = stackOf(y);
  auto r = ask(*f, "client", "server", 6379);
  EXPECT_FALSE(r.reachable);
  EXPECT_EQ(dispo(r), "DENIED_OUT");
  EXPECT_EQ(blocks(r), V{"SUBNET_ACL_RESTRICTION@nacl n(return)"});
  EXPECT_EQ(r.parts[0].trace.suggestions, V{"add an egress rule to nacl 'n': allow tcp 32768-49151 to 10.0.1.0/24"});
  // A Windows client (49152-65535) is fine with the same NACL.
  std::string w = y;
  w = sub(w, "sgs: [client]}", "sgs: [client], os: windows}");
  EXPECT_TRUE(ask(*stackOf(w), "client", "server", 6379).reachable);
  // So is a given source port inside the allowed range.
  Query q{"client", "server", model::proto::kTcp, 6379, std::nullopt, 50000};
  EXPECT_TRUE(runQuery(*f->net, q).reachable);
}

// Inside one subnet traffic does not cross the NACL (Batfish models it so:
// "intra-subnet traffic is direct").
TEST(Nacls, NotAppliedInsideOneSubnet) {
  std::string y = twoSubnets(kOpenSgs, "nacls: {closed: {}}\n", ", nacl: closed");
  y = sub(y, "subnet: b, ip: 10.0.2.10", "subnet: a, ip: 10.0.1.20");
  auto r = ask(*stackOf(y), "client", "server", 6379);
  EXPECT_TRUE(r.reachable);
  EXPECT_EQ(hops(r.parts[0].trace.forward),
            (V{"client/instance/sent", "client/security-group/allowed", "(main of main)/route-table/routed",
               "server/security-group/allowed", "server/instance/delivered"}));
}

// VPC User Guide, "Route priority": the most specific route wins; prefix-list
// routes take part in longest prefix match with each of their CIDRs.
TEST(Routing, LongestPrefixMatchIncludingPrefixLists) {
  std::string y =
      "region: us-west-2\n"
      "vpc: {name: main, cidr: 10.1.0.0/16}\n"
      "subnets: {pub: {cidr: 10.1.1.0/24, az: a, route_table: pub}}\n"
      "internet_gateways: {igw: {}}\n"
      "route_tables: {pub: {routes: [{to: 0.0.0.0/0, via: igw}, {to: s3, via: s3e}]}}\n"
      "endpoints: {s3e: {service: s3}}\n"
      "security_groups: {web: {}}\n"
      "instances: {web: {type: t3.micro, subnet: pub, public_ip: true, sgs: [web]}}\n";
  auto f = stackOf(y);
  // 52.218.128.0/17 is in us-west-2's S3 list (Batfish's snapshot): the
  // endpoint route beats 0.0.0.0/0, as in Batfish's test-vpc-endpoint-gateway.
  auto r = ask(*f, "web", "52.218.130.1", 443);
  EXPECT_TRUE(r.reachable);
  EXPECT_EQ(dispo(r), "EXITS_NETWORK");
  EXPECT_EQ(hops(r.parts[0].trace.forward),
            (V{"web/instance/sent", "web/security-group/allowed", "pub/route-table/routed",
               "nacl default/network-acl/allowed", "s3e/vpc-endpoint/routed", "s3/aws-service/reached"}));
  EXPECT_EQ(r.parts[0].trace.forward[2].detail, "pl:s3 (52.218.128.0/17) -> s3e");
  auto other = ask(*f, "web", "54.222.57.1", 443);
  EXPECT_EQ(other.parts[0].trace.forward[2].detail, "0.0.0.0/0 -> igw (internet gateway)");
  EXPECT_EQ(dispo(other), "EXITS_NETWORK");
}

// No matching route: NO_ROUTE (Batfish) / NO_ROUTE_TO_DESTINATION (RA); a
// blackhole route: NULL_ROUTED / BAD_STATE_ROUTE.
TEST(Routing, NoRouteAndBlackhole) {
  auto f = stackOf(twoSubnets(kOpenSgs, "route_tables: {rt: {main: true, routes: [{to: 192.168.0.0/16, via: blackhole}]}}\n"));
  auto r = ask(*f, "client", "8.8.8.8", 443);
  EXPECT_EQ(dispo(r), "NO_ROUTE");
  EXPECT_EQ(blocks(r), V{"NO_ROUTE_TO_DESTINATION@route table rt(forward)"});
  auto b = ask(*f, "client", "192.168.1.1", 443);
  EXPECT_EQ(dispo(b), "NULL_ROUTED");
  EXPECT_EQ(blocks(b), V{"BAD_STATE_ROUTE@route table rt(forward)"});
}

// Addresses with no owner: inside a subnet NEIGHBOR_UNREACHABLE; inside the
// VPC but in no subnet NULL_ROUTED at the VPC router (Batfish's test-subnet).
TEST(Routing, UnownedAddresses) {
  auto f = stackOf(twoSubnets(kOpenSgs));
  auto r = ask(*f, "client", "10.0.2.99", 80);
  EXPECT_EQ(dispo(r), "NEIGHBOR_UNREACHABLE");
  EXPECT_EQ(blocks(r), V{"UNKNOWN_DESTINATION@subnet b(forward)"});
  auto n = ask(*f, "client", "10.0.9.1", 80);
  EXPECT_EQ(dispo(n), "NULL_ROUTED");
  EXPECT_EQ(blocks(n), V{"UNKNOWN_DESTINATION@vpc main(forward)"});
}

std::string publicStack(const std::string& instance, const std::string& extra = "") {
  return "region: us-east-1\n"
         "vpc: {name: main, cidr: 10.0.0.0/16}\n"
         "subnets:\n"
         "  pub: {cidr: 10.0.0.0/24, az: a, route_table: pub}\n"
         "  priv: {cidr: 10.0.1.0/24, az: a, route_table: priv}\n"
         "internet_gateways: {igw: {}}\n"
         "route_tables:\n"
         "  pub: {routes: [{to: 0.0.0.0/0, via: igw}]}\n"
         "  priv: {routes: []}\n"
         "security_groups: {web: {ingress: [{tcp: 80, from: 0.0.0.0/0}]}}\n"
         "instances:\n" + instance + extra;
}

// Internet access through an internet gateway needs a public IPv4 address on
// the interface (RA: IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS; Batfish drops it at
// the IGW, DENIED_IN).
TEST(InternetGateway, EgressNeedsAPublicAddress) {
  auto f = stackOf(publicStack("  web: {type: t3.micro, subnet: pub, sgs: [web]}\n"));
  auto r = ask(*f, "web", "8.8.8.8", 443);
  EXPECT_EQ(dispo(r), "DENIED_IN");
  EXPECT_EQ(blocks(r), V{"IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS@internet gateway igw(forward)"});
  auto ok = ask(*stackOf(publicStack("  web: {type: t3.micro, subnet: pub, sgs: [web], public_ip: true}\n")), "web", "8.8.8.8", 443);
  EXPECT_TRUE(ok.reachable);
  EXPECT_EQ(dispo(ok), "EXITS_NETWORK");
}

// Inbound from the internet: the IGW translates the public address, and the
// subnet must route replies back to the IGW.
TEST(InternetGateway, InboundNeedsAPublicAddressAndAReturnRoute) {
  auto f = stackOf(publicStack("  web: {type: t3.micro, subnet: pub, sgs: [web], public_ip: true}\n"
                               "  hidden: {type: t3.micro, subnet: priv, sgs: [web], public_ip: true}\n"
                               "  private: {type: t3.micro, subnet: pub, sgs: [web]}\n"));
  auto r = ask(*f, "internet", "web", 80);
  EXPECT_TRUE(r.reachable);
  EXPECT_EQ(hops(r.parts[0].trace.forward),
            (V{"internet/internet/sent", "igw/internet-gateway/translated", "nacl default/network-acl/allowed",
               "web/security-group/allowed", "web/instance/delivered"}));
  EXPECT_EQ(hops(r.parts[0].trace.ret),
            (V{"web/security-group/allowed", "nacl default/network-acl/allowed", "pub/route-table/routed"}));
  auto h = ask(*f, "internet", "hidden", 80);
  EXPECT_FALSE(h.reachable);
  EXPECT_EQ(blocks(h), V{"NO_ROUTE_TO_DESTINATION@route table priv(return)"});
  auto p = ask(*f, "internet", "private", 80);
  EXPECT_EQ(dispo(p), "NULL_ROUTED");
  EXPECT_EQ(blocks(p), V{"NO_ROUTE_TO_DESTINATION@internet(forward)"});
}

// An IGW that is not attached makes its routes blackholes.
TEST(InternetGateway, DetachedGatewayIsABlackhole) {
  std::string y = publicStack("  web: {type: t3.micro, subnet: pub, sgs: [web], public_ip: true}\n");
  y = sub(y, "igw: {}", "igw: {attached: false}");
  auto r = ask(*stackOf(y), "web", "8.8.8.8", 443);
  EXPECT_EQ(dispo(r), "NULL_ROUTED");
  EXPECT_EQ(blocks(r), V{"BAD_STATE_ROUTE@route table pub(forward)"});
}

std::string natStack(const std::string& natSubnet) {
  return "region: us-east-1\n"
         "vpc: {name: main, cidr: 10.0.0.0/16}\n"
         "subnets:\n"
         "  pub: {cidr: 10.0.0.0/24, az: a, route_table: pub}\n"
         "  priv: {cidr: 10.0.1.0/24, az: a, route_table: priv}\n"
         "internet_gateways: {igw: {}}\n"
         "nat_gateways: {nat: {subnet: " + natSubnet + "}}\n"
         "route_tables:\n"
         "  pub: {routes: [{to: 0.0.0.0/0, via: igw}]}\n"
         "  priv: {routes: [{to: 0.0.0.0/0, via: nat}]}\n"
         "security_groups: {app: {}}\n"
         "instances: {app: {type: t3.micro, subnet: priv, sgs: [app]}}\n";
}

// VPC User Guide, "NAT gateways": a public NAT gateway in a public subnet
// gives private instances internet access; it carries TCP, UDP and ICMP only.
TEST(NatGateway, PrivateInstanceReachesTheInternet) {
  auto f = stackOf(natStack("pub"));
  auto r = ask(*f, "app", "8.8.8.8", 80);
  EXPECT_TRUE(r.reachable);
  EXPECT_EQ(dispo(r), "EXITS_NETWORK");
  EXPECT_EQ(hops(r.parts[0].trace.forward),
            (V{"app/instance/sent", "app/security-group/allowed", "priv/route-table/routed",
               "nacl default/network-acl/allowed", "nacl default/network-acl/allowed", "nat/nat-gateway/translated",
               "pub/route-table/routed", "nacl default/network-acl/allowed", "igw/internet-gateway/translated",
               "internet/internet/reached"}));
  // The reply, in the order it travels: into the NAT's subnet from the
  // internet, out of it, into the instance's subnet.
  std::vector<std::string> back;
  for (const auto& h : r.parts[0].trace.ret) back.push_back(h.component + ": " + h.detail.substr(0, h.detail.find(':')));
  EXPECT_EQ(back, (V{"nacl default: ingress of subnet pub", "nacl default: egress of subnet pub",
                     "nacl default: ingress of subnet priv", "app: stateful"}));
  auto esp = ask(*f, "app", "8.8.8.8", 0, 50);
  EXPECT_EQ(dispo(esp), "DENIED_IN");
  EXPECT_EQ(blocks(esp), V{"PROTOCOL_RESTRICTION@nat gateway nat(forward)"});
}

// A NAT gateway in a subnet without a route to an internet gateway cannot
// reach the internet.
TEST(NatGateway, MustSitInAPublicSubnet) {
  auto r = ask(*stackOf(natStack("priv")), "app", "8.8.8.8", 80);
  EXPECT_FALSE(r.reachable);
  EXPECT_EQ(dispo(r), "NO_ROUTE");
  EXPECT_EQ(blocks(r), V{"NO_ROUTE_TO_DESTINATION@route table priv(forward)"});
  EXPECT_EQ(r.parts[0].trace.suggestions,
            V{"route 0.0.0.0/0 to an internet gateway in route table 'priv' (the NAT gateway's subnet must be public)"});
}

// Batfish's test-nat-gateway: a connection to the NAT's own address is dropped.
TEST(NatGateway, DropsConnectionsToItself) {
  auto f = stackOf(natStack("pub"));
  auto r = ask(*f, "app", "nat", 80);
  EXPECT_EQ(dispo(r), "DENIED_IN");
  EXPECT_EQ(blocks(r), V{"NGW_NO_INBOUND_CONNECTIONS@nat gateway nat(forward)"});
}

}  // namespace
}  // namespace awssim::sim
