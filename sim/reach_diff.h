// What a change does to reachability: every flow (source, destination,
// protocol, port range) whose answer differs between two versions of a
// stack, computed over sets. Both versions' matrices are built for every
// interval the rules of either version cut the port space into (per
// protocol, and for each other IP protocol a rule names plus one standing
// for the rest), interfaces are matched by name (then by AWS ID), and the
// cells are compared class by class: interfaces that fall in the same class
// in both versions share every answer. Only one flow per change is traced,
// in both versions, to say which settings make the difference.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/acl.h"
#include "sim/network.h"
#include "sim/trace.h"

namespace awssim::sim {

/// An interface (or the internet) in either version.
struct DiffEndpoint {
  std::string name;      // the newer version's name (the older one's when removed)
  std::string old_name;  // when it was renamed (same AWS ID): the older name
  std::string owner;     // the resource it belongs to
  std::string kind;      // eniKindName, or "internet"
  int before = -1, after = -1;        // interface index in each network (-1: absent, or the internet)
  bool internet = false;
  std::string label_before, label_after;  // its matrix class in each version
  bool inBefore() const { return internet || before >= 0; }
  bool inAfter() const { return internet || after >= 0; }
};

/// One setting that makes the difference for a change's example flow.
struct DiffCause {
  bool in_after = false;   // written in the newer version (else the older)
  std::string effect;      // "blocks", "allows", "added", "removed"
  std::string component;   // "security group redis", "nacl private", ...
  std::string detail;
  model::Location loc;
};

struct ReachChange {
  bool opened = false;     // closed before, open after (else the reverse)
  int protocol = model::proto::kTcp;  // kAll: every protocol no rule names on its own
  PortSet ports;           // tcp/udp ports or ICMP types; empty for other protocols
  std::vector<int> sources, destinations;  // indices into ReachDiff::endpoints, ascending
  /// From the internet (sources is the internet alone) or to it
  /// (destinations is): the hosts whose answer changed, e.g. "any internet
  /// address except 203.0.113.24/32".
  std::string internet_addresses;
  AddressSet internet;
  /// One flow of the change, traced in both versions.
  int example_src = 0, example_dst = 0, example_port = 0;
  std::string example_ip;  // the internet host traced, when one end is the internet
  std::optional<Disposition> before, after;  // nullopt: an end does not exist in that version
  std::vector<DiffCause> causes;
  bool fromInternet() const;
  bool toInternet() const;
};

struct ReachDiff {
  std::vector<DiffEndpoint> endpoints;  // the internet first, then by name
  std::vector<ReachChange> changes;     // by protocol, ports, then destinations
  size_t port_intervals = 0;            // intervals compared, all protocols
  size_t traces = 0;                    // flows traced, both versions
};

ReachDiff diffReachability(const Network& before, const Network& after);

/// "tcp 6379", "udp 53-54", "icmp type 8", "protocol 50", "every other protocol".
std::string describeTraffic(int protocol, const PortSet& ports);

}  // namespace awssim::sim
