// Security-group and network-ACL evaluation (AWS-FACTS 1.1, 1.3, 1.5).
// Security groups: the union of all rules of all groups on an interface,
// stateful; a group reference matches the private addresses of interfaces
// that carry the group. NACLs: rules by ascending number, first match wins,
// everything else denied; stateless. Both answer for a port *range* as well
// as one port, which is how return traffic to a client's whole ephemeral
// range is judged.
#pragma once

#include <boost/icl/interval_set.hpp>

#include <optional>
#include <string>
#include <vector>

#include "model/stack.h"
#include "sim/network.h"

namespace awssim::sim {

using PortSet = boost::icl::interval_set<int>;
using AddressSet = boost::icl::interval_set<Ipv4>;

PortSet portSet(model::PortRange r);
std::string describePorts(const PortSet& s);
AddressSet addressSet(const model::Cidr& c);

/// What a rule is matched against: protocol, destination port (or ICMP type)
/// range and ICMP code.
struct TrafficQuery {
  int protocol = model::proto::kTcp;
  model::PortRange ports = model::PortRange::single(0);
  int icmp_code = 0;
};

/// The other end of a flow as a security group sees it.
struct Peer {
  Ipv4 ip = 0;
  int eni = -1;  // the interface whose *private* address is ip, or -1
};

struct SgVerdict {
  PortSet allowed;  // of the queried ports
  int sg = -1;      // the group and rule that allowed the first queried port
  const model::SgRule* rule = nullptr;
  bool allowsAll(const TrafficQuery& q) const;
};

/// Evaluates the groups of an interface for traffic to (egress) or from
/// (ingress) a peer.
SgVerdict evalSecurityGroups(const Network& net, const std::vector<int>& sgs, bool egress, const TrafficQuery& q,
                             const Peer& peer);

/// Addresses of the internet a set of groups admits for the traffic (CIDR and
/// prefix-list rules only: group references never match public addresses).
AddressSet sgAllowedAddresses(const Network& net, const std::vector<int>& sgs, bool egress, const TrafficQuery& q);

struct NaclVerdict {
  PortSet allowed;
  const model::NaclEntry* entry = nullptr;  // rule deciding the first queried port; nullptr = default/implicit
  bool is_default = false;                  // the VPC's default NACL (allows all)
  bool allowsAll(const TrafficQuery& q) const;
};

/// Evaluates a NACL (nullptr = the default NACL) for traffic leaving
/// (egress) or entering (ingress) the subnet, remote being the address on the
/// far side.
/// `order` is the NACL's entries in rule order when the caller has them
/// (NetSubnet::nacl_order); without it they are sorted here.
NaclVerdict evalNacl(const model::Nacl* nacl, bool egress, const TrafficQuery& q, Ipv4 remote,
                     const NaclOrder* order = nullptr);

/// Remote addresses a NACL lets through for fixed traffic.
AddressSet naclAllowedAddresses(const model::Nacl* nacl, bool egress, const TrafficQuery& q,
                                const NaclOrder* order = nullptr);

/// Whether a rule's protocol/ports/ICMP part matches the protocol and ICMP
/// code of q (ports are intersected separately).
bool trafficMatchesProtocol(const model::Traffic& t, const TrafficQuery& q);
PortSet trafficPorts(const model::Traffic& t, const TrafficQuery& q);
/// The same as one range: the query's ports the rule matches (nullopt: none).
std::optional<model::PortRange> trafficRange(const model::Traffic& t, const TrafficQuery& q);

}  // namespace awssim::sim
