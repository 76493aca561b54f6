// Endpoints, DNS, peering, transit gateways and load balancers; every
// blocking setting at once; internet witnesses; set answers.
#include <gtest/gtest.h>

#include "model/stack_writer.h"
#include "sim/dns.h"
#include "sim/matrix.h"
#include "sim_test_util.h"

namespace awssim::sim {
namespace {

using namespace testing;
using V = std::vector<std::string>;

std::string privateStack(const std::string& extra, bool dnsHostnames = true) {
  return std::string("region: eu-north-1\n") +
         "vpc: {name: main, cidr: 10.0.0.0/16, dns: {support: true, hostnames: " + (dnsHostnames ? "true" : "false") + "}}\n"
         "subnets:\n"
         "  priv-a: {cidr: 10.0.0.0/24, az: a, route_table: priv}\n"
         "  priv-b: {cidr: 10.0.1.0/24, az: b, route_table: priv}\n"
         "route_tables: {priv: {routes: []}}\n"
         "security_groups:\n"
         "  app: {egress: [{tcp: 443, to: 10.0.0.0/16}, {tcp: 443, to: pl:s3}]}\n"
         "  endpoints: {ingress: [{tcp: 443, from: sg:app}]}\n"
         "instances: {app: {type: t3.micro, subnet: priv-b, sgs: [app]}}\n" + extra;
}

// Gateway endpoints (VPC User Guide, "Gateway endpoints"): a route to the
// service's prefix list and a security group rule to it; TCP only.
TEST(GatewayEndpoint, S3ThroughThePrefixListRoute) {
  auto f = stackOf(privateStack("endpoints: {s3e: {service: s3, route_tables: [priv]}}\n"));
  auto r = ask(*f, "app", "s3", 443);
  EXPECT_TRUE(r.reachable);
  ASSERT_EQ(r.parts.size(), 1u);
  EXPECT_EQ(r.parts[0].label, "s3 at its public address 52.95.169.1");
  EXPECT_EQ(hops(r.parts[0].trace.forward),
            (V{"app/instance/sent", "app/security-group/allowed", "priv/route-table/routed",
               "nacl default/network-acl/allowed", "s3e/vpc-endpoint/routed", "s3/aws-service/reached"}));
  auto udp = ask(*f, "app", "52.95.169.1", 443, model::proto::kUdp);
  EXPECT_EQ(blocks(udp), (V{"ENI_SG_RULES_MISMATCH@security group app(forward)",
                            "VPCE_GATEWAY_PROTOCOL_RESTRICTION@vpc endpoint s3e(forward)"}));
}

// ECR needs ecr.api, ecr.dkr and S3 (AWS-FACTS 3): without a NAT gateway or
// the endpoints, the answer names what is missing.
TEST(InterfaceEndpoint, EcrNeedsThreeEndpoints) {
  auto none = ask(*stackOf(privateStack("endpoints: {s3e: {service: s3, route_tables: [priv]}}\n")), "app", "ecr", 443);
  EXPECT_FALSE(none.reachable);
  EXPECT_EQ(none.notes, (V{"ecr.api: no interface endpoint in the VPC and no working internet path",
                           "ecr.dkr: no interface endpoint in the VPC and no working internet path"}));
  ASSERT_EQ(none.parts.size(), 3u);
  EXPECT_TRUE(none.parts[2].trace.reachable);  // s3, through the gateway endpoint
  EXPECT_EQ(none.parts[0].trace.suggestions.back(),
            "add an interface endpoint com.amazonaws.eu-north-1.ecr.api with private DNS in vpc main (or a NAT "
            "gateway for internet access)");
  std::string all = privateStack(
      "endpoints:\n"
      "  s3e: {service: s3, route_tables: [priv]}\n"
      "  api: {service: ecr.api, subnets: [priv-a, priv-b], sgs: [endpoints]}\n"
      "  dkr: {service: ecr.dkr, subnets: [priv-a, priv-b], sgs: [endpoints]}\n");
  auto ok = ask(*stackOf(all), "app", "ecr", 443);
  EXPECT_TRUE(ok.reachable);
  EXPECT_EQ(ok.parts[0].label, "ecr.api through interface endpoint api");
  // The endpoint in the client's own zone is used.
  EXPECT_EQ(ok.parts[0].trace.forward.back().component, "api/priv-b");
}

// Private DNS for an interface endpoint needs enableDnsSupport and
// enableDnsHostnames; without them the public name resolves to public
// addresses, which a private subnet cannot reach.
TEST(InterfaceEndpoint, PrivateDnsNeedsDnsHostnames) {
  std::string y = privateStack("endpoints: {logs: {service: logs, subnets: [priv-a], sgs: [endpoints]}}\n", false);
  auto r = ask(*stackOf(y), "app", "logs", 443);
  EXPECT_FALSE(r.reachable);
  EXPECT_EQ(r.parts[0].label, "logs at its public address 99.77.4.1");
  EXPECT_EQ(blocks(r), (V{"ENI_SG_RULES_MISMATCH@security group app(forward)",
                          "NO_ROUTE_TO_DESTINATION@route table priv(forward)"}));
}

// The endpoint's own security group must admit 443 from the clients.
TEST(InterfaceEndpoint, EndpointGroupMustAdmitClients) {
  std::string y = privateStack("endpoints: {logs: {service: logs, subnets: [priv-a], sgs: [closed]}}\n");
  y.replace(y.find("  endpoints: {"), 2, "  closed: {}\n  ");
  auto r = ask(*stackOf(y), "app", "logs", 443);
  EXPECT_EQ(dispo(r), "DENIED_IN");
  EXPECT_EQ(blocks(r), V{"SG_HAS_NO_RULES@security group closed(forward)"});
}

// Route 53 private hosted zones answer only in associated VPCs with DNS
// support and DNS hostnames on (AWS-FACTS 2).
TEST(Dns, PrivateZonesNeedDnsSettings) {
  std::string zone =
      "hosted_zones: {corp.internal: {records: [{name: db, type: A, value: 10.0.0.50}, {name: www, type: CNAME, value: db.corp.internal}]}}\n"
      "enis: {db: {subnet: priv-a, ip: 10.0.0.50, sgs: [endpoints]}}\n";
  auto on = stackOf(privateStack(zone));
  Resolution r = resolveName(*on->net, "www.corp.internal", 0);
  ASSERT_EQ(r.addresses.size(), 1u);
  EXPECT_EQ(model::formatIpv4(r.addresses[0]), "10.0.0.50");
  EXPECT_EQ(r.via, "A record in hosted zone corp.internal");
  EXPECT_TRUE(ask(*on, "app", "db.corp.internal", 443).reachable);
  auto off = stackOf(privateStack(zone, false));
  auto q = ask(*off, "app", "db.corp.internal", 443);
  EXPECT_FALSE(q.reachable);
  EXPECT_EQ(q.parts[0].trace.explanations.at(0).detail,
            "db.corp.internal is in private hosted zone corp.internal, but vpc main has DNS hostnames off");
  EXPECT_EQ(resolveName(*on->net, "ip-10-0-0-50.eu-north-1.compute.internal", 0).via, "EC2 private DNS name");
}

std::string peeringStack(bool returnRoute) {
  return std::string("region: us-east-1\n") +
         "vpcs:\n  a: {cidr: 10.10.0.0/16}\n  b: {cidr: 192.168.0.0/16}\n"
         "subnets:\n"
         "  sa: {vpc: a, cidr: 10.10.10.0/24, az: a, route_table: ra}\n"
         "  sb: {vpc: b, cidr: 192.168.1.0/24, az: a, route_table: rb}\n"
         "peerings: {ab: {requester: a, accepter: b}}\n"
         "route_tables:\n"
         "  ra: {vpc: a, routes: [{to: 192.168.0.0/16, via: ab}]}\n"
         "  rb: {vpc: b, routes: [" + (returnRoute ? "{to: 10.10.0.0/16, via: ab}" : "") + "]}\n"
         "security_groups:\n"
         "  sga: {vpc: a}\n"
         "  sgb: {vpc: b, ingress: [{tcp: 22, from: 10.10.0.0/16}]}\n"
         "instances:\n"
         "  ia: {type: t3.micro, subnet: sa, sgs: [sga]}\n"
         "  ib: {type: t3.micro, subnet: sb, sgs: [sgb]}\n";
}

// VPC Peering Guide: both VPCs' route tables need a route to the other's
// CIDR through the peering; traffic for addresses outside the peer's CIDRs is
// not carried (PCX_REQUIRES_ADDRESS_IN_VPC_CIDR).
TEST(Peering, NeedsRoutesBothWays) {
  auto f = stackOf(peeringStack(true));
  auto r = ask(*f, "ia", "ib", 22);
  EXPECT_TRUE(r.reachable);
  EXPECT_EQ(hops(r.parts[0].trace.forward),
            (V{"ia/instance/sent", "sga/security-group/allowed", "ra/route-table/routed", "nacl default/network-acl/allowed",
               "ab/peering/routed", "nacl default/network-acl/allowed", "sgb/security-group/allowed", "ib/instance/delivered"}));
  auto oneWay = ask(*stackOf(peeringStack(false)), "ia", "ib", 22);
  EXPECT_FALSE(oneWay.reachable);
  EXPECT_EQ(blocks(oneWay), V{"NO_ROUTE_TO_DESTINATION@route table rb(return)"});
  auto unused = ask(*f, "ib", "10.10.100.1", 22);
  EXPECT_EQ(dispo(unused), "NULL_ROUTED");  // as Batfish's test-vpc-peering
}

// Transit gateway: the attachment's route table, propagated VPC CIDRs and
// blackhole routes.
TEST(TransitGateway, PropagationsAndBlackholes) {
  std::string y =
      "region: us-east-1\n"
      "vpcs:\n  a: {cidr: 10.1.0.0/16}\n  b: {cidr: 10.2.0.0/16}\n"
      "subnets:\n"
      "  sa: {vpc: a, cidr: 10.1.0.0/24, az: a, route_table: ra}\n"
      "  sb: {vpc: b, cidr: 10.2.0.0/24, az: a, route_table: rb}\n"
      "transit_gateways:\n"
      "  tgw:\n"
      "    attachments:\n"
      "      att-a: {vpc: a, subnets: [sa], route_table: rt}\n"
      "      att-b: {vpc: b, subnets: [sb], route_table: rt}\n"
      "    route_tables: {rt: {propagations: [att-a, att-b], routes: [{to: 10.2.9.0/24, blackhole: true}]}}\n"
      "route_tables:\n"
      "  ra: {vpc: a, routes: [{to: 10.0.0.0/8, via: tgw}]}\n"
      "  rb: {vpc: b, routes: [{to: 10.0.0.0/8, via: tgw}]}\n"
      "security_groups:\n  sga: {vpc: a}\n  sgb: {vpc: b, ingress: [{proto: all, from: 10.0.0.0/8}]}\n"
      "instances:\n  ia: {type: t3.micro, subnet: sa, sgs: [sga]}\n  ib: {type: t3.micro, subnet: sb, sgs: [sgb]}\n";
  auto f = stackOf(y);
  EXPECT_TRUE(ask(*f, "ia", "ib", 5432).reachable);
  auto bh = ask(*f, "ia", "10.2.9.9", 5432);
  EXPECT_EQ(dispo(bh), "NULL_ROUTED");
  EXPECT_EQ(blocks(bh), V{"BAD_STATE_ROUTE@transit gateway tgw(forward)"});
}

// The reply of a peered flow is listed in the order it travels: the far
// side's subnet and groups first, the source's subnet and groups last.
TEST(Peering, ReturnPathIsInReplyOrder) {
  auto r = ask(*stackOf(peeringStack(true)), "ia", "ib", 22);
  EXPECT_EQ(hops(r.parts[0].trace.ret),
            (V{"sgb/security-group/allowed", "nacl default/network-acl/allowed", "rb/route-table/routed",
               "nacl default/network-acl/allowed", "sga/security-group/allowed"}));
  EXPECT_NE(r.parts[0].trace.ret[1].detail.find("egress of subnet sb"), std::string::npos) << r.parts[0].trace.ret[1].detail;
  EXPECT_NE(r.parts[0].trace.ret[3].detail.find("ingress of subnet sa"), std::string::npos) << r.parts[0].trace.ret[3].detail;
}

// Two VPCs on a transit gateway, each with a workload subnet in zones a and
// b; `attA` and `attB` are the attachments' subnet lists, `naclA`/`naclB`
// the NACL of the first attachment subnet of each (sa-tgw, sb-tgw: their
// own subnets in zone a, unless the list names workload subnets).
std::string tgwZones(const std::string& attA, const std::string& attB, const std::string& naclA = "",
                     const std::string& naclB = "") {
  auto nacl = [](const std::string& n) { return n.empty() ? std::string() : ", nacl: " + n; };
  return std::string("region: us-east-1\n") +
         "vpcs:\n  a: {cidr: 10.1.0.0/16}\n  b: {cidr: 10.2.0.0/16}\n"
         "subnets:\n"
         "  sa: {vpc: a, cidr: 10.1.0.0/24, az: a, route_table: ra}\n"
         "  sa2: {vpc: a, cidr: 10.1.1.0/24, az: b, route_table: ra}\n"
         "  sa-tgw: {vpc: a, cidr: 10.1.9.0/28, az: a, route_table: ra" + nacl(naclA) + "}\n"
         "  sb: {vpc: b, cidr: 10.2.0.0/24, az: a, route_table: rb" + (attB == "[sb]" ? nacl(naclB) : "") + "}\n"
         "  sb2: {vpc: b, cidr: 10.2.1.0/24, az: b, route_table: rb}\n"
         "  sb-tgw: {vpc: b, cidr: 10.2.9.0/28, az: a, route_table: rb" + (attB == "[sb]" ? "" : nacl(naclB)) + "}\n"
         "nacls:\n"
         "  no-in-a: {vpc: a, egress: [{rule: 100, action: allow, proto: all, cidr: 0.0.0.0/0}]}\n"
         "  no-in-b: {vpc: b, egress: [{rule: 100, action: allow, proto: all, cidr: 0.0.0.0/0}]}\n"
         "  no-out-b: {vpc: b, ingress: [{rule: 100, action: allow, proto: all, cidr: 0.0.0.0/0}]}\n"
         "transit_gateways:\n"
         "  tgw:\n"
         "    attachments:\n"
         "      att-a: {vpc: a, subnets: " + attA + ", route_table: rt}\n"
         "      att-b: {vpc: b, subnets: " + attB + ", route_table: rt}\n"
         "    route_tables: {rt: {propagations: [att-a, att-b]}}\n"
         "route_tables:\n"
         "  ra: {vpc: a, routes: [{to: 10.2.0.0/16, via: tgw}]}\n"
         "  rb: {vpc: b, routes: [{to: 10.1.0.0/16, via: tgw}]}\n"
         "security_groups:\n  sga: {vpc: a}\n  sgb: {vpc: b, ingress: [{proto: all, from: 10.0.0.0/8}]}\n"
         "instances:\n"
         "  ia: {type: t3.micro, subnet: sa, sgs: [sga]}\n"
         "  ia2: {type: t3.micro, subnet: sa2, sgs: [sga]}\n"
         "  ib: {type: t3.micro, subnet: sb, sgs: [sgb]}\n"
         "  ib2: {type: t3.micro, subnet: sb2, sgs: [sgb]}\n";
}

// AWS Transit Gateway guide, "Amazon VPC attachments": resources in a zone
// where the VPC's attachment has no subnet cannot reach the gateway. Batfish
// drops such traffic at the source subnet (NULL_ROUTED). The replies of a
// flow into such a zone cannot get back either.
TEST(TransitGateway, OnlyZonesWithAnAttachmentSubnetReachIt) {
  auto f = stackOf(tgwZones("[sa-tgw]", "[sb-tgw]"));
  EXPECT_TRUE(ask(*f, "ia", "ib", 5432).reachable);
  auto fromB = ask(*f, "ia2", "ib", 5432);
  EXPECT_EQ(dispo(fromB), "NULL_ROUTED");
  EXPECT_EQ(blocks(fromB), V{"TGW_ATTACHMENT_NOT_IN_ZONE@transit gateway tgw(forward)"});
  EXPECT_EQ(hops(fromB.parts[0].trace.forward),
            (V{"ia2/instance/sent", "sga/security-group/allowed", "ra/route-table/routed", "nacl default/network-acl/allowed",
               "tgw/transit-gateway/dropped"}));
  ASSERT_FALSE(fromB.parts[0].trace.suggestions.empty());
  EXPECT_EQ(fromB.parts[0].trace.suggestions[0], "add a subnet in zone us-east-1b to attachment 'att-a' of transit gateway 'tgw'");
  auto toB = ask(*f, "ia", "ib2", 5432);
  EXPECT_EQ(dispo(toB), "NULL_ROUTED");
  EXPECT_EQ(blocks(toB), V{"TGW_ATTACHMENT_NOT_IN_ZONE@transit gateway tgw(return)"});
  // With a subnet in both zones, both zones get through.
  auto both = stackOf(tgwZones("[sa-tgw, sa2]", "[sb-tgw, sb2]"));
  EXPECT_TRUE(ask(*both, "ia2", "ib", 5432).reachable);
  EXPECT_TRUE(ask(*both, "ia", "ib2", 5432).reachable);
}

// AWS Transit Gateway guide, "Network ACLs for transit gateways", different
// subnets: into the gateway the attachment subnet's inbound rules judge the
// packet (by its source), out of it its outbound rules (by its
// destination).
TEST(TransitGateway, AttachmentSubnetNaclsJudgeBothWays) {
  auto noIn = ask(*stackOf(tgwZones("[sa-tgw]", "[sb-tgw]", "no-in-a")), "ia", "ib", 5432);
  EXPECT_EQ(dispo(noIn), "DENIED_IN");
  EXPECT_EQ(blocks(noIn), (V{"SUBNET_ACL_RESTRICTION@nacl no-in-a(forward)"}));
  EXPECT_EQ(hops(noIn.parts[0].trace.forward),
            (V{"ia/instance/sent", "sga/security-group/allowed", "ra/route-table/routed", "nacl default/network-acl/allowed",
               "nacl no-in-a/network-acl/denied", "tgw/transit-gateway/routed", "nacl default/network-acl/allowed",
               "nacl default/network-acl/allowed", "sgb/security-group/allowed", "ib/instance/delivered"}));
  EXPECT_NE(noIn.parts[0].trace.forward[4].detail.find("ingress of subnet sa-tgw"), std::string::npos);
  // The far attachment subnet lets nothing out: the packet never leaves it
  // toward ib.
  auto noOut = ask(*stackOf(tgwZones("[sa-tgw]", "[sb-tgw]", "", "no-out-b")), "ia", "ib", 5432);
  EXPECT_EQ(dispo(noOut), "DENIED_OUT");
  EXPECT_EQ(blocks(noOut), (V{"SUBNET_ACL_RESTRICTION@nacl no-out-b(forward)"}));
  EXPECT_NE(noOut.parts[0].trace.forward[6].detail.find("egress of subnet sb-tgw"), std::string::npos)
      << noOut.parts[0].trace.forward[6].detail;
}

// Same guide, same subnet: traffic from the gateway to instances in the
// attachment subnet itself is judged by no NACL, but their replies to the
// gateway are judged by its outbound and inbound rules.
TEST(TransitGateway, InTheAttachmentSubnetOnlyRepliesMeetItsNacl) {
  auto r = ask(*stackOf(tgwZones("[sa-tgw]", "[sb]", "", "no-in-b")), "ia", "ib", 5432);
  EXPECT_EQ(dispo(r), "DENIED_IN");
  EXPECT_EQ(blocks(r), (V{"SUBNET_ACL_RESTRICTION@nacl no-in-b(return)"}));
  EXPECT_EQ(hops(r.parts[0].trace.forward),
            (V{"ia/instance/sent", "sga/security-group/allowed", "ra/route-table/routed", "nacl default/network-acl/allowed",
               "nacl default/network-acl/allowed", "tgw/transit-gateway/routed", "sgb/security-group/allowed",
               "ib/instance/delivered"}));
  EXPECT_EQ(hops(r.parts[0].trace.ret),
            (V{"sgb/security-group/allowed", "nacl no-in-b/network-acl/allowed", "nacl no-in-b/network-acl/denied",
               "rb/route-table/routed", "nacl default/network-acl/allowed", "nacl default/network-acl/allowed",
               "sga/security-group/allowed"}));
}

// A VPC with a virtual private gateway and a site-to-site VPN connection to
// an office (192.168.0.0/16); `table` is the private table's extra keys.
std::string vpnStack(const std::string& table, const std::string& vgw = "{}") {
  return "region: us-east-1\n"
         "vpc: {name: main, cidr: 10.0.0.0/16}\n"
         "subnets:\n"
         "  priv: {cidr: 10.0.1.0/24, az: a, route_table: priv}\n"
         "  pub: {cidr: 10.0.2.0/24, az: a, route_table: pub}\n"
         "internet_gateways: {igw: {}}\n"
         "vpn_gateways: {vgw: " + vgw + "}\n"
         "vpn_connections: {office: {vpn_gateway: vgw, on_premises: [192.168.0.0/16]}}\n"
         "route_tables:\n"
         "  priv: {" + table + "}\n"
         "  pub: {routes: [{to: 0.0.0.0/0, via: igw}]}\n"
         "security_groups: {app: {ingress: [{tcp: 22, from: 192.168.0.0/16}]}}\n"
         "instances:\n"
         "  app: {type: t3.micro, subnet: priv, sgs: [app]}\n"
         "  web: {type: t3.micro, subnet: pub, sgs: [app], public_ip: true}\n";
}

// VPC User Guide, "Route propagation" and "Route priority": a table that
// propagates a virtual private gateway gets its VPN connections' prefixes
// as routes, and a static route to the same prefix wins. Traffic sent to
// the gateway leaves AWS toward on premises (EXITS_NETWORK, as Batfish).
TEST(VpnGateway, PropagatedRoutesLeadOnPremises) {
  auto f = stackOf(vpnStack("propagate: [vgw]"));
  auto r = ask(*f, "app", "192.168.7.7", 443);
  EXPECT_EQ(dispo(r), "EXITS_NETWORK");
  EXPECT_EQ(hops(r.parts[0].trace.forward),
            (V{"app/instance/sent", "app/security-group/allowed", "priv/route-table/routed", "nacl default/network-acl/allowed",
               "vgw/vpn-gateway/forwarded", "on-premises/on-premises/reached"}));
  EXPECT_EQ(r.parts[0].trace.forward[2].detail, "192.168.0.0/16 -> vgw (VPN gateway)");
  // Not on premises and no other route: nowhere to go.
  EXPECT_EQ(dispo(ask(*f, "app", "8.8.8.8", 443)), "NO_ROUTE");
  // A static route to the same prefix takes it (here to the internet
  // gateway, which drops a private instance's traffic).
  auto st = ask(*stackOf(vpnStack("propagate: [vgw], routes: [{to: 192.168.0.0/16, via: igw}]")), "app", "192.168.7.7", 443);
  EXPECT_EQ(dispo(st), "DENIED_IN");
  EXPECT_EQ(blocks(st), (V{"IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS@internet gateway igw(forward)",
                           "NO_ROUTE_TO_DESTINATION@internet gateway igw(forward)"}));
  EXPECT_EQ(st.parts[0].trace.forward[2].detail, "192.168.0.0/16 -> igw (internet gateway)");
}

// Written back, a propagating table keeps `propagate:` and not the routes
// it gave, so the stack loads again with the same answers and text.
TEST(VpnGateway, WrittenStackKeepsPropagationNotItsRoutes) {
  auto f = stackOf(vpnStack("propagate: [vgw]"));
  std::string yaml = model::writeStackYaml(f->loaded.stack);
  EXPECT_NE(yaml.find("    propagate: [\"vgw\"]\n"), std::string::npos) << yaml;
  EXPECT_EQ(yaml.find("via: \"vgw:vgw\""), std::string::npos) << yaml;
  EXPECT_NE(yaml.find("    on_premises: [\"192.168.0.0/16\"]\n"), std::string::npos) << yaml;
  auto again = stackOf(yaml);
  EXPECT_EQ(model::writeStackYaml(again->loaded.stack), yaml);
  EXPECT_EQ(dispo(ask(*again, "app", "192.168.7.7", 443)), "EXITS_NETWORK");
  EXPECT_EQ(dispo(ask(*again, "office", "app", 22)), "ACCEPTED");
}

// A detached gateway carries nothing.
TEST(VpnGateway, DetachedGatewayIsABlackhole) {
  auto r = ask(*stackOf(vpnStack("routes: [{to: 192.168.0.0/16, via: vgw}]", "{attached: false}")), "app", "192.168.7.7", 443);
  EXPECT_EQ(dispo(r), "NULL_ROUTED");
  EXPECT_EQ(blocks(r), V{"BAD_STATE_ROUTE@route table priv(forward)"});
}

// From on premises (`--from office`, from the first address of its first
// prefix unless --src-ip says): in through the gateway to addresses of its
// VPC only, and the destination subnet must route replies back to it.
TEST(VpnGateway, OnPremisesReachesTheVpcWhenRepliesRouteBack) {
  auto f = stackOf(vpnStack("propagate: [vgw]"));
  auto in = ask(*f, "office", "app", 22);
  EXPECT_EQ(dispo(in), "ACCEPTED");
  EXPECT_EQ(in.parts[0].trace.flow.src_ip, *model::parseIpv4("192.168.0.1"));
  EXPECT_EQ(hops(in.parts[0].trace.forward),
            (V{"office/vpn-connection/sent", "vgw/vpn-gateway/forwarded", "nacl default/network-acl/allowed",
               "app/security-group/allowed", "app/instance/delivered"}));
  EXPECT_EQ(hops(in.parts[0].trace.ret),
            (V{"app/security-group/allowed", "nacl default/network-acl/allowed", "priv/route-table/routed"}));
  // The public subnet sends replies to the internet gateway.
  auto pub = ask(*f, "office", "web", 22);
  EXPECT_EQ(dispo(pub), "NO_ROUTE");
  EXPECT_EQ(blocks(pub), V{"NO_ROUTE_TO_DESTINATION@route table pub(return)"});
  ASSERT_FALSE(pub.parts[0].trace.suggestions.empty());
  EXPECT_EQ(pub.parts[0].trace.suggestions[0], "add a route to 192.168.0.0/16 via vgw in route table 'pub'");
  // A virtual private gateway is no transit: nothing beyond its VPC.
  auto out = ask(*f, "office", "8.8.8.8", 443);
  EXPECT_EQ(dispo(out), "NULL_ROUTED");
  EXPECT_EQ(blocks(out), V{"NO_ROUTE_TO_DESTINATION@vpn gateway vgw(forward)"});
}

// `addresses:` pins where an interface endpoint's and a load balancer's
// interfaces sit; a load balancer node's address answers as the load
// balancer (its listeners, then its targets).
TEST(ServiceInterfaces, PinnedAddressesAnswerAsTheService) {
  std::string y =
      "region: us-east-1\n"
      "vpc: {name: main, cidr: 10.0.0.0/16}\n"
      "subnets:\n  a: {cidr: 10.0.1.0/24, az: a}\n  b: {cidr: 10.0.2.0/24, az: b}\n"
      "security_groups:\n"
      "  lb: {ingress: [{tcp: 80, from: 10.0.0.0/16}]}\n"
      "  app: {ingress: [{tcp: 8080, from: sg:lb}]}\n"
      "  ep: {ingress: [{tcp: 443, from: 10.0.0.0/16}]}\n"
      "endpoints:\n"
      "  logs: {service: logs, subnets: [a], sgs: [ep], addresses: {a: 10.0.1.200}}\n"
      "load_balancers:\n"
      "  web: {scheme: internal, subnets: [a, b], sgs: [lb], addresses: {a: 10.0.1.100, b: 10.0.2.100},\n"
      "        listeners: [{port: 80, protocol: HTTP, target_group: tg}]}\n"
      "target_groups: {tg: {port: 8080, targets: [app]}}\n"
      "instances:\n"
      "  app: {type: t3.micro, subnet: b, sgs: [app]}\n"
      "  client: {type: t3.micro, subnet: a, sgs: [app]}\n";
  auto f = stackOf(y);
  EXPECT_EQ(model::formatIpv4(f->net->enis()[f->net->eniByName("logs/a")].ip), "10.0.1.200");
  EXPECT_EQ(model::formatIpv4(f->net->enis()[f->net->eniByName("web/b")].ip), "10.0.2.100");
  EXPECT_TRUE(ask(*f, "client", "10.0.1.200", 443).reachable);
  auto viaNode = ask(*f, "client", "10.0.2.100", 80);
  EXPECT_TRUE(viaNode.reachable);
  ASSERT_EQ(viaNode.parts.size(), 2u);  // to the node, then the node to the target
  EXPECT_EQ(viaNode.parts[0].trace.forward.back().component, "web/b");
  auto noListener = ask(*f, "client", "10.0.2.100", 22);
  EXPECT_EQ(blocks(noListener), (V{"ENI_SG_RULES_MISMATCH@security group lb(forward)",
                                   "ELB_LISTENER_PORT_RESTRICTION@load balancer web(forward)"}));
  // An address outside the subnet, or in a subnet the service is not in.
  std::string badYaml = sub(sub(sub(y, "addresses: {a: 10.0.1.200}", "addresses: {a: 10.0.2.200}"),
                                "addresses: {a: 10.0.1.100, b: 10.0.2.100}", "addresses: {a: 10.0.1.100, c: 10.0.9.9}"),
                            "  b: {cidr: 10.0.2.0/24, az: b}\n", "  b: {cidr: 10.0.2.0/24, az: b}\n  c: {cidr: 10.0.9.0/24, az: a}\n");
  auto bad = load::loadStackText(badYaml, "stack.yaml", model::MemoryFileSource{});
  std::vector<std::string> errors;
  for (const auto& d : bad.diags.all()) errors.push_back(d.str());
  EXPECT_EQ(errors, (V{"stack.yaml:12:3: error: endpoint 'logs' address 10.0.2.200 is not inside subnet 'a' (10.0.1.0/24)",
                       "stack.yaml:14:3: error: load balancer 'web': an address in subnet 'c', which is not one of its "
                       "subnets (a, b)"}));
}

// Reachability Analyzer reports every blocking setting, not only the first.
TEST(BlockedPaths, EveryBlockingSettingIsReported) {
  std::string y =
      "region: us-east-1\n"
      "vpc: {name: main, cidr: 10.0.0.0/16}\n"
      "subnets:\n  a: {cidr: 10.0.1.0/24, az: a, nacl: closed}\n  b: {cidr: 10.0.2.0/24, az: b}\n"
      "nacls: {closed: {}}\n"
      "security_groups: {client: {egress: []}, server: {}}\n"
      "instances:\n"
      "  client: {type: t3.micro, subnet: a, sgs: [client]}\n"
      "  server: {type: t3.micro, subnet: b, sgs: [server]}\n";
  auto r = ask(*stackOf(y), "client", "server", 6379);
  EXPECT_EQ(dispo(r), "DENIED_OUT");
  EXPECT_EQ(blocks(r), (V{"SG_HAS_NO_RULES@security group client(forward)", "SUBNET_ACL_RESTRICTION@nacl closed(forward)",
                          "SG_HAS_NO_RULES@security group server(forward)", "SUBNET_ACL_RESTRICTION@nacl closed(return)"}));
}

// From `internet` without --src-ip, awssim finds the internet addresses that
// get in and says so.
TEST(Internet, WitnessAddressIsTheOneAllowed) {
  std::string y =
      "region: us-east-1\n"
      "vpc: {name: main, cidr: 10.0.0.0/16}\n"
      "subnets: {pub: {cidr: 10.0.0.0/24, az: a, route_table: pub}}\n"
      "internet_gateways: {igw: {}}\n"
      "route_tables: {pub: {routes: [{to: 0.0.0.0/0, via: igw}]}}\n"
      "security_groups: {ssh: {ingress: [{tcp: 22, from: 203.0.113.24/32}]}}\n"
      "instances: {box: {type: t3.micro, subnet: pub, public_ip: true, sgs: [ssh]}}\n";
  auto r = ask(*stackOf(y), "internet", "box", 22);
  EXPECT_TRUE(r.reachable);
  EXPECT_EQ(r.source, "the internet (203.0.113.24)");
  EXPECT_EQ(r.notes, V{"from the internet, box admits tcp 22 from 203.0.113.24/32 only"});
}

// The set answer: every port range that gets through, exactly.
TEST(SetAnswer, PortRangesThatGetThrough) {
  std::string y =
      "region: us-east-1\n"
      "vpc: {name: main, cidr: 10.0.0.0/16}\n"
      "subnets: {a: {cidr: 10.0.1.0/24, az: a}}\n"
      "security_groups:\n"
      "  client: {}\n"
      "  server: {ingress: [{tcp: 80, from: sg:client}, {tcp: 8000-8100, from: sg:client}, {udp: 53, from: 10.0.0.0/16},"
      " {icmp: 8, from: 10.0.0.0/16}]}\n"
      "instances:\n"
      "  client: {type: t3.micro, subnet: a, sgs: [client]}\n"
      "  server: {type: t3.micro, subnet: a, sgs: [server]}\n";
  auto f = stackOf(y);
  std::string err;
  TrafficAnswer a = reachableTraffic(*f->net, "client", "server", &err);
  EXPECT_EQ(err, "");
  EXPECT_EQ(a.str(), "icmp type 8; tcp 80,8000-8100; udp 53");
  EXPECT_FALSE(a.all_other_protocols);
}

// Load balancers: client -> load balancer node, then node -> target; the
// target's group must admit the load balancer's group.
TEST(LoadBalancer, TwoLegsThroughTheNode) {
  std::string y =
      "region: us-east-1\n"
      "vpc: {name: main, cidr: 10.0.0.0/16}\n"
      "subnets:\n"
      "  pub-a: {cidr: 10.0.0.0/24, az: a, route_table: pub}\n"
      "  pub-b: {cidr: 10.0.1.0/24, az: b, route_table: pub}\n"
      "  app: {cidr: 10.0.2.0/24, az: a}\n"
      "internet_gateways: {igw: {}}\n"
      "route_tables: {pub: {routes: [{to: 0.0.0.0/0, via: igw}]}}\n"
      "security_groups:\n"
      "  alb: {ingress: [{tcp: 80, from: 0.0.0.0/0}]}\n"
      "  web: {ingress: [{tcp: 8080, from: sg:alb}]}\n"
      "load_balancers: {front: {subnets: [pub-a, pub-b], sgs: [alb], listeners: [{port: 80, target_group: web}]}}\n"
      "target_groups: {web: {port: 8080, targets: [web]}}\n"
      "instances: {web: {type: t3.micro, subnet: app, sgs: [web]}}\n";
  auto f = stackOf(y);
  auto r = ask(*f, "internet", "front", 80);
  EXPECT_TRUE(r.reachable);
  ASSERT_EQ(r.parts.size(), 2u);
  EXPECT_EQ(r.parts[0].label, "client -> front:80");
  EXPECT_EQ(r.parts[1].label, "front -> target web:8080");
  EXPECT_EQ(r.parts[1].trace.forward.back().component, "web");
  auto wrongPort = ask(*f, "internet", "front", 443);
  EXPECT_FALSE(wrongPort.reachable);
  EXPECT_EQ(blocks(wrongPort), (V{"ENI_SG_RULES_MISMATCH@security group alb(forward)",
                                  "ELB_LISTENER_PORT_RESTRICTION@load balancer front(forward)"}));
}

}  // namespace
}  // namespace awssim::sim

namespace awssim::sim {
namespace {

// An internet gateway route does not reach another VPC's private address:
// the internet routes no RFC 1918 space (it once exited the network, and the
// matrix counted a VPC with a default route as reaching every other VPC).
TEST(InternetGateway, PrivateAddressesBeyondItAreNullRouted) {
  auto f = stackOf(
      "region: eu-north-1\n"
      "vpcs: {a: {cidr: 10.0.0.0/16}, b: {cidr: 10.1.0.0/16}}\n"
      "internet_gateways: {igw: {vpc: a}}\n"
      "subnets:\n"
      "  pub: {vpc: a, cidr: 10.0.0.0/24, az: a, route_table: pub}\n"
      "  other: {vpc: b, cidr: 10.1.0.0/24, az: a}\n"
      "route_tables: {pub: {vpc: a, routes: [{to: 0.0.0.0/0, via: igw}]}}\n"
      "security_groups:\n"
      "  a: {vpc: a, egress: [{proto: all, to: 0.0.0.0/0}]}\n"
      "  b: {vpc: b, ingress: [{tcp: 443, from: 0.0.0.0/0}]}\n"
      "instances:\n"
      "  web: {type: t3.micro, subnet: pub, public_ip: true, sgs: [a]}\n"
      "  far: {type: t3.micro, subnet: other, sgs: [b]}\n");
  auto r = ask(*f, "web", "far", 443);
  EXPECT_EQ(dispositionName(r.disposition), "NULL_ROUTED");
  EXPECT_EQ(blocks(r), (V{"NO_ROUTE_TO_DESTINATION@internet gateway igw(forward)"}));
  EXPECT_EQ(dispositionName(ask(*f, "web", "8.8.8.8", 443).disposition), "EXITS_NETWORK");
  // The matrix agrees, and numbers classes VPC by VPC (web's VPC first,
  // though "far" sorts first by name), so a VPC's classes are one range.
  MatrixOptions o;
  o.ports = {443};
  Matrix m = computeMatrix(*f->net, o);
  ASSERT_EQ(m.endpoints, (V{"internet", "far", "web"}));
  EXPECT_EQ(m.class_of, (std::vector<int>{0, 2, 1}));
  EXPECT_FALSE(m.opens(1, 2, 0));
  EXPECT_TRUE(m.opens(1, 0, 0));
}

}  // namespace
}  // namespace awssim::sim
