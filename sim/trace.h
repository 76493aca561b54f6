// Path tracing: one flow through the network, hop by hop, in both
// directions, with every setting that blocks it (not only the first) and a
// minimal fix for each. Dispositions use Batfish's names so results compare
// one to one with Batfish; explanation codes use Reachability Analyzer's.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/stack.h"
#include "sim/network.h"

namespace awssim::sim {

enum class Disposition { Accepted, ExitsNetwork, DeniedIn, DeniedOut, NoRoute, NullRouted, NeighborUnreachable };
std::string dispositionName(Disposition d);

/// One component on the path and what it did.
struct Hop {
  std::string component;  // name, e.g. "redis", "private", "igw"
  std::string kind;       // eni, security-group, network-acl, route-table, internet-gateway, ...
  std::string action;     // sent, allowed, denied, routed, translated, delivered, dropped, reached
  std::string detail;     // the rule or route that decided, in words
  model::Location loc;    // where that rule, entry or route is written, when one decided
};

/// One setting that blocks the flow.
struct Explanation {
  std::string code;       // Reachability Analyzer's, e.g. ENI_SG_RULES_MISMATCH
  std::string component;  // e.g. "security group redis"
  std::string direction;  // forward or return
  std::string detail;
  model::Location loc;    // where the setting is written, when known
};

struct Flow {
  int src_eni = -1;     // the sending interface, or -1 for
  int src_subnet = -1;  // a bare address in a subnet (no security group), or
  int src_vpc = -1;     // a packet entering at a VPC's router (as Batfish
                        // injects flows at a VPC node), or
  int src_vpn = -1;     // a host on premises behind this VPN connection, or
                        // none of these: a host on the internet
  model::Ipv4 src_ip = 0;
  model::Ipv4 dst_ip = 0;
  int protocol = model::proto::kTcp;
  int dst_port = 0;                 // or ICMP type
  int icmp_code = 0;
  std::optional<int> src_port;      // none: the client's whole ephemeral range
  // An internet end awssim picked to stand for the whole internet (no
  // --src-ip; "the internet" as destination): fixes then name 0.0.0.0/0,
  // never the stand-in address.
  bool src_witness = false;
  bool dst_witness = false;
};

struct Trace {
  Flow flow;
  bool reachable = false;
  Disposition disposition = Disposition::NoRoute;
  std::vector<Hop> forward;
  std::vector<Hop> ret;  // the reply's path, from the destination back
  std::vector<Explanation> explanations;
  std::vector<std::string> suggestions;
};

Trace traceFlow(const Network& net, const Flow& flow);

/// The source ports a client uses: Linux 32768-60999, Windows 49152-65535,
/// internet clients (possibly behind NAT) 1024-65535 (AWS-FACTS 1.5).
model::PortRange clientEphemeralRange(const Network& net, const Flow& flow);

/// Addresses the internet does not route: RFC 1918 space and every VPC's
/// CIDRs. An internet gateway drops traffic to them.
bool unroutableOnInternet(const Network& net, Ipv4 ip);

}  // namespace awssim::sim
