// Network: the stack turned into what packets see. Every network interface
// (instances' primary ENIs, extra ENIs, interface-endpoint, NAT-gateway,
// Instance Connect Endpoint and load-balancer ENIs, ECS capacity instances)
// gets a private address (static ones kept, the rest assigned
// deterministically) and, where it has one, a public address. Lookups by
// address and by name are indexed for large stacks.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <tuple>
#include <string>
#include <unordered_map>
#include <vector>

#include "model/stack.h"
#include "sim/ecs.h"

namespace awssim::sim {

using model::Ipv4;

enum class EniKind { Instance, Extra, InterfaceEndpoint, NatGateway, InstanceConnect, LoadBalancer, EcsInstance, EcsTask };
std::string eniKindName(EniKind k);

struct NetEni {
  std::string name;   // instance name, ENI name, or "<owner>/<subnet>" for per-subnet ENIs
  EniKind kind = EniKind::Instance;
  std::string owner;  // the resource it belongs to (instance, endpoint, NAT, LB, cluster)
  int subnet = -1;
  Ipv4 ip = 0;
  std::optional<Ipv4> public_ip;
  std::vector<int> sgs;  // indices into Stack::security_groups
  bool source_dest_check = true;
  bool windows = false;  // picks the client's ephemeral port range
  model::Location loc;
};

/// A NACL's entries in the order AWS evaluates them (ascending rule number),
/// sorted once per network rather than at every evaluation.
struct NaclOrder {
  std::vector<const model::NaclEntry*> ingress, egress;
  /// For a large NACL, which entry decides each port for one direction,
  /// protocol, ICMP code and remote address: disjoint pieces sorted by port,
  /// built on first use (sim/acl.cc), so that asking thousands of ports costs
  /// a lookup each instead of a walk over every entry.
  struct Piece {
    int from = 0, to = 0;
    const model::NaclEntry* entry = nullptr;
  };
  mutable std::map<std::tuple<bool, int, int, Ipv4>, std::vector<Piece>> decisions;
};

struct NetSubnet {
  const model::Subnet* subnet = nullptr;
  int vpc = -1;
  const model::RouteTable* route_table = nullptr;  // nullptr: only the local route
  const model::Nacl* nacl = nullptr;               // nullptr: the default NACL (allows all)
  std::shared_ptr<const NaclOrder> nacl_order;     // the entries of nacl in order; shared by its subnets
};

class Network {
 public:
  explicit Network(const model::Stack& stack);

  const model::Stack& stack() const { return stack_; }
  const std::vector<NetEni>& enis() const { return enis_; }
  const std::vector<NetSubnet>& subnets() const { return subnets_; }
  const model::SecurityGroup& sg(int i) const { return stack_.security_groups[i]; }
  const model::Vpc& vpc(int i) const { return stack_.vpcs[i]; }
  int vpcIndex(const std::string& name) const;
  int subnetIndex(const std::string& name) const;
  int sgIndex(const std::string& name) const;

  /// The ENI whose private address (primary or secondary) is ip, or -1.
  int eniByPrivateIp(Ipv4 ip) const;
  int eniByPublicIp(Ipv4 ip) const;
  /// The ENIs of a named resource (an instance has one; an endpoint or load
  /// balancer one per subnet).
  std::vector<int> enisOf(const std::string& owner) const;
  int eniByName(const std::string& name) const;
  /// The subnet (of the VPC) whose CIDR holds ip, or -1.
  int subnetContaining(int vpc, Ipv4 ip) const;
  /// Whether ip lies in one of the VPC's CIDRs.
  bool inVpc(int vpc, Ipv4 ip) const;
  int vpcOfEni(int eni) const { return subnets_[enis_[eni].subnet].vpc; }
  const std::string& azOfEni(int eni) const { return subnets_[enis_[eni].subnet].subnet->az; }
  bool eniHasSg(int eni, int sg) const;
  /// Where the ECS scheduler put each service's tasks.
  const Placement& placement() const { return placement_; }

 private:
  void addEni(NetEni e, std::optional<Ipv4> staticIp);
  void assignAddresses();

  void addTaskEnis();

  const model::Stack& stack_;
  Placement placement_;
  std::vector<NetEni> enis_;
  std::vector<std::optional<Ipv4>> wanted_;  // static private IPs, by ENI
  std::vector<NetSubnet> subnets_;
  std::unordered_map<Ipv4, int> by_private_;
  std::unordered_map<Ipv4, int> by_public_;
  std::map<std::string, std::vector<int>> by_owner_;
  std::map<std::string, int> by_name_;
  std::map<std::string, int> subnet_index_, vpc_index_, sg_index_;
};

/// Public addresses awssim hands out where the stack does not give one: the
/// benchmarking range 198.18.0.0/15 (RFC 2544), which no real rule names.
constexpr Ipv4 kStandInPublicBase = (198u << 24) | (18u << 16);

}  // namespace awssim::sim
