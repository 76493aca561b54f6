// Reachability questions as users ask them: "can X reach Y:PORT/PROTO?"
// with X and Y written as resource names, AWS IDs, addresses, `internet`,
// DNS names or AWS service names. Resolves both ends, picks the right
// address (public when coming from the internet, an interface endpoint's when
// private DNS applies), splits composite services ("ecr" is three services)
// and load balancers (client -> load balancer -> target), and traces each
// flow. Also answers the set question: every protocol and port range that
// gets through between two endpoints.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "sim/acl.h"
#include "sim/network.h"
#include "sim/trace.h"

namespace awssim::sim {

struct Query {
  std::string from;
  std::string to;
  int protocol = model::proto::kTcp;
  std::optional<int> port;       // required for tcp/udp traces; absent: the set answer decides
  std::optional<Ipv4> src_ip;    // source address for `internet` or a subnet
  std::optional<int> src_port;
};

/// One leg or part of the answer, e.g. "ecr.dkr" of "ecr", or "load
/// balancer -> target".
struct QueryPart {
  std::string label;
  Trace trace;
};

struct QueryResult {
  std::string error;         // the question cannot be answered (unknown endpoint, ...): bad input
  bool reachable = false;
  Disposition disposition = Disposition::NoRoute;
  std::string source;        // what `from` resolved to, in words
  std::string destination;   // what `to` resolved to
  std::vector<QueryPart> parts;  // every flow that must get through
  std::vector<std::string> notes;
  /// The part that decides the answer: the first that fails, else the first.
  const QueryPart* deciding() const;
};

QueryResult runQuery(const Network& net, const Query& q);

/// One Service Connect wire: a client service to an endpoint another service
/// publishes in its namespace, and the answer to "can the client's tasks
/// reach it through the alias".
struct ServiceConnectWire {
  std::string client;
  ServiceConnectEndpoint endpoint;
  QueryResult result;
};

/// Every wire of the stack, by endpoint then client (as the stack lists them).
std::vector<ServiceConnectWire> serviceConnectWires(const Network& net);

/// The traffic that gets through between two endpoints, by protocol.
struct TrafficAnswer {
  std::map<std::string, PortSet> ports;  // "tcp", "udp", "icmp" (types)
  std::vector<int> other_protocols;      // other IP protocols that pass
  bool all_other_protocols = false;      // every protocol not listed above passes
  bool empty() const;
  std::string str() const;
};

/// Evaluates every distinct protocol/port class between from and to (one
/// trace per class, the classes being the intervals that the rules of the
/// stack cut the port space into).
TrafficAnswer reachableTraffic(const Network& net, const std::string& from, const std::string& to, std::string* error);

/// The port boundaries the stack's rules draw for a protocol (0 and the
/// top of the range included): inside two consecutive ones all rules agree.
std::set<int> portBoundaries(const model::Stack& stack, int protocol);
/// The ports of `range` that get through for the flow (its dst_port is
/// ignored), one trace per interval the rules draw.
PortSet reachablePorts(const Network& net, Flow flow, model::PortRange range);

/// ECS services as endpoints ("redis", "service:redis"): rewrites the query
/// onto the tasks' interfaces and host ports, and follows Service Connect
/// aliases through the proxies. nullopt when neither end is an ECS service.
std::optional<QueryResult> ecsQuery(const Network& net, const Query& q);

/// Public internet space: everything but private, shared, loopback,
/// link-local, multicast and reserved ranges, and the stack's own VPCs.
AddressSet internetSpace(const Network& net);
/// "The internet" as a destination: its hosts, without AWS services'
/// public addresses (services have names of their own).
AddressSet internetHosts(const Network& net);
/// The host that stands for the internet when no address is given.
constexpr Ipv4 kDefaultInternetHost = (8u << 24) | (8u << 16) | (8u << 8) | 8u;
/// The internet addresses an interface's NACL and security groups admit for
/// one port (whether a path exists is for the tracer to say).
AddressSet internetSourcesAdmitted(const Network& net, int eni, int protocol, int port);
/// Where internet space is cut for one interface's way in (or out): every
/// boundary of the CIDRs its groups' inbound (outbound) rules, its subnet's
/// NACL and route table, and outward the NAT gateways' subnets it routes
/// through, name. Between two cuts every host is answered alike.
std::set<uint64_t> internetCuts(const Network& net, int eni, bool outward);
/// The pieces of `space` between `cuts` whose first address `reaches`.
AddressSet piecesThatReach(const AddressSet& space, const std::set<uint64_t>& cuts,
                           const std::function<bool(Ipv4)>& reaches);
/// The internet hosts that reach an interface on one port, by full trace:
/// internet space cut wherever a CIDR on the way in (its groups' rules, its
/// NACL, its routes) starts or ends, one trace per piece its NACL and groups
/// admit.
AddressSet internetHostsReaching(const Network& net, int eni, int protocol, int port);
/// Prefixes covering an address set ("203.0.113.24/32, ..."), or "any
/// internet address" when it is all of `whole`.
std::string describeAddresses(const AddressSet& set, const AddressSet& whole);

/// Parses "redis:6379/tcp", "s3", "10.0.0.4:22": the endpoint, port and protocol.

}  // namespace awssim::sim
