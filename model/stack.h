// The Stack: awssim's one internal model of a deployment, whatever format it
// was read from (stack.yaml, describe-* snapshots, ...). Plain value types;
// references between resources are by name and are resolved and checked by
// the loader, so every name a Stack mentions exists in it. Sim and rules read
// a Stack and never change it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/diagnostics.h"
#include "model/manifests.h"
#include "model/net.h"
#include "model/task_definition.h"

namespace awssim::model {

/// Resources kept in declaration order and found by name.
template <typename T>
class Table {
 public:
  using value_type = T;

  const T* find(const std::string& name) const {
    auto it = index_.find(name);
    return it == index_.end() ? nullptr : &items_[it->second];
  }
  T* find(const std::string& name) {
    auto it = index_.find(name);
    return it == index_.end() ? nullptr : &items_[it->second];
  }
  /// Adds the item; false (and nothing added) when the name is taken.
  bool add(T item) {
    if (index_.count(item.name)) return false;
    index_[item.name] = items_.size();
    items_.push_back(std::move(item));
    return true;
  }
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& i : items_) out.push_back(i.name);
    return out;
  }
  size_t size() const { return items_.size(); }
  bool empty() const { return items_.empty(); }
  auto begin() const { return items_.begin(); }
  auto end() const { return items_.end(); }
  auto begin() { return items_.begin(); }
  auto end() { return items_.end(); }
  const T& operator[](size_t i) const { return items_[i]; }
  /// Removes the items `pred` holds for, keeping the others' order.
  template <typename Pred>
  void eraseIf(Pred pred) {
    std::erase_if(items_, pred);
    index_.clear();
    for (size_t i = 0; i < items_.size(); ++i) index_[items_[i].name] = i;
  }

 private:
  std::vector<T> items_;
  std::map<std::string, size_t> index_;
};

struct Vpc {
  std::string name;
  Location loc;
  std::string id;  // AWS ID when imported
  std::vector<Cidr> cidrs;  // primary first
  bool dns_support = true;    // AWS default for a new VPC
  bool dns_hostnames = false; // AWS default for a non-default VPC
  bool is_default = false;    // the region's default VPC
};

struct Subnet {
  std::string name;
  Location loc;
  std::string id;
  std::string vpc;
  Cidr cidr;
  std::string az;           // full zone name, e.g. eu-north-1a
  std::string route_table;  // "" = the VPC's main route table
  std::string nacl;         // "" = the VPC's default NACL (allows all)
  bool map_public_ip = false;
};

enum class RouteTarget {
  Local,
  InternetGateway,
  NatGateway,
  VpcEndpoint,
  Peering,
  TransitGateway,
  VpnGateway,
  Instance,
  Eni,
  Blackhole,
};
std::string routeTargetName(RouteTarget t);

struct Route {
  Location loc;
  std::optional<Cidr> cidr;  // destination prefix, or
  std::string prefix_list;   // destination prefix list (name in Stack::prefix_lists)
  RouteTarget target = RouteTarget::Local;
  std::string via;           // name of the target resource ("" for local/blackhole)
  // stack.yaml names a target without saying its kind (`via: igw`, or
  // `via: nat:a`); such a route keeps `via` as written until the validator
  // finds what it names. Importers that know the kind set `target` directly.
  bool target_pending = false;
  Location via_loc;
  bool propagated = false;  // added by the table's `propagate` (not written back)
  std::string describe() const;
};

struct RouteTable {
  std::string name;
  Location loc;
  std::string id;
  std::string vpc;
  bool main = false;
  std::vector<Route> routes;  // without the implicit local routes
  // VPN gateways whose routes propagate (route propagation on): their VPN
  // connections' on-premises prefixes become routes unless a static route
  // has the same destination.
  std::vector<std::string> propagate;
};

/// Which traffic a rule matches: protocol plus ports (tcp/udp) or ICMP type
/// and code; both ranges are ignored for other protocols.
struct Traffic {
  int protocol = proto::kAll;
  PortRange ports = PortRange::all();  // tcp/udp ports, or ICMP types
  PortRange icmp_codes = PortRange::all();
  std::string str() const;
};

struct NaclEntry {
  Location loc;
  int number = 0;
  bool allow = true;
  Traffic traffic;
  Cidr cidr;
};

struct Nacl {
  std::string name;
  Location loc;
  std::string id;
  std::string vpc;
  bool is_default = false;
  std::vector<NaclEntry> ingress;  // as written; evaluation sorts by number
  std::vector<NaclEntry> egress;
};

enum class PeerKind { Cidr, SecurityGroup, PrefixList };

struct SgRule {
  Location loc;
  Traffic traffic;
  PeerKind kind = PeerKind::Cidr;
  Cidr cidr;          // kind == Cidr
  std::string ref;    // SG or prefix-list name
  std::string description;
  std::string describe(bool egress) const;
};

struct SecurityGroup {
  std::string name;
  Location loc;
  std::string id;
  std::string vpc;
  std::string description;
  std::vector<SgRule> ingress;
  std::vector<SgRule> egress;
};

struct PrefixList {
  std::string name;
  Location loc;
  std::string id;
  std::vector<Cidr> cidrs;
  std::string aws_service;  // "s3" / "dynamodb" for AWS-managed lists
};

/// The root EBS volume an AMI gives an instance.
struct RootVolume {
  int size_gb = 8;           // Amazon Linux 2023's default
  std::string type = "gp3";
};

struct InstanceMetadata {
  bool enabled = true;
  bool tokens_required = false;  // IMDSv2 only
  int hop_limit = 1;
};

struct Instance {
  std::string name;
  Location loc;
  std::string id;
  std::string type;
  std::string subnet;
  std::optional<Ipv4> private_ip;
  Location private_ip_loc;
  bool public_ip = false;
  std::optional<Ipv4> public_ip_address;  // known address (EIP or imported)
  bool elastic_ip = false;
  std::vector<std::string> sgs;
  std::string iam_role;
  std::string os = "linux";
  std::string user_data;  // paths relative to the stack's folder
  std::string compose;
  std::vector<std::string> env_files;
  std::vector<std::string> app_configs;
  std::map<std::string, std::string> tags;
  InstanceMetadata metadata;
  std::vector<std::string> volumes;  // EBS volume names
  RootVolume root_volume;
  bool running = true;
  Manifests manifests;  // what the files above say, parsed
  std::string asg;      // launched by this Auto Scaling group (written back as the group)
};

/// What an Auto Scaling group launches (an EC2 launch template). `spec`
/// holds the instance fields; its name and subnet are unused.
struct LaunchTemplate {
  std::string name;
  Location loc;
  std::string id;
  Instance spec;  // spec.private_ip: a static address, a trap in a group
  /// AssociatePublicIpAddress; unset = the subnet's MapPublicIpOnLaunch.
  std::optional<bool> public_ip;
};

/// An Auto Scaling group of EC2 instances. The validator launches its
/// desired count as instances named `<group>-1` ..., spread over the
/// subnets' zones in turn, registered with its target groups.
struct AutoScalingGroup {
  std::string name;
  Location loc;
  std::string id;
  std::string launch_template;
  std::vector<std::string> subnets;
  int desired = 1;
  int min = 0;
  int max = 1;
  std::vector<std::string> target_groups;
};

/// An extra network interface (the instances' primary ones are implicit).
struct Eni {
  std::string name;
  Location loc;
  std::string id;
  std::string subnet;
  std::optional<Ipv4> private_ip;
  Location private_ip_loc;
  std::vector<Ipv4> secondary_ips;
  bool public_ip = false;
  std::optional<Ipv4> public_ip_address;
  std::vector<std::string> sgs;
  std::string instance;  // attached to; "" = unattached
  bool source_dest_check = true;
  std::string description;
};

struct InternetGateway {
  std::string name;
  Location loc;
  std::string id;
  std::string vpc;  // "" = detached
};

/// A virtual private gateway: the VPC's side of site-to-site VPN.
struct VpnGateway {
  std::string name;
  Location loc;
  std::string id;
  std::string vpc;  // "" = detached
};

/// A site-to-site VPN connection from a VPN gateway to a customer gateway
/// on premises; `on_premises` are the prefixes it carries (its static
/// routes, or what the customer gateway advertises over BGP).
struct VpnConnection {
  std::string name;
  Location loc;
  std::string id;
  std::string vpn_gateway;
  std::vector<Cidr> on_premises;
};

struct NatGateway {
  std::string name;
  Location loc;
  std::string id;
  std::string subnet;
  bool public_connectivity = true;
  std::optional<Ipv4> private_ip;
  std::optional<Ipv4> public_ip_address;
};

enum class EndpointType { Gateway, Interface };

struct VpcEndpoint {
  std::string name;
  Location loc;
  std::string id;
  std::string vpc;
  std::string service;  // short name: s3, dynamodb, ecr.api, ecr.dkr, logs ...
  EndpointType type = EndpointType::Interface;
  std::vector<std::string> route_tables;  // gateway endpoints
  std::vector<std::string> subnets;       // interface endpoints, one per AZ
  std::vector<std::string> sgs;
  std::map<std::string, Ipv4> addresses;  // interface endpoints: the address in a subnet, when known
  bool private_dns = true;
  bool policy_allows_all = true;
};

struct InstanceConnectEndpoint {
  std::string name;
  Location loc;
  std::string id;
  std::string subnet;
  std::vector<std::string> sgs;
  bool preserve_client_ip = false;
};

struct Listener {
  Location loc;
  int port = 0;
  std::string protocol;  // HTTP, HTTPS, TCP, UDP, TLS
  std::string target_group;
};

struct Target {
  Location loc;
  std::string name;  // instance or ENI name, or "" with ip
  std::optional<Ipv4> ip;
  std::optional<int> port;
};

struct TargetGroup {
  std::string name;
  Location loc;
  std::string id;
  std::string vpc;
  std::string protocol = "HTTP";
  int port = 80;
  std::string target_type = "instance";  // instance, ip
  std::vector<Target> targets;
  std::optional<int> health_check_port;
};

struct LoadBalancer {
  std::string name;
  Location loc;
  std::string id;
  std::string type = "application";  // application, network
  bool internet_facing = true;
  std::vector<std::string> subnets;
  std::vector<std::string> sgs;
  std::vector<Listener> listeners;
  std::map<std::string, Ipv4> addresses;  // a node's address in a subnet, when known
};

struct DnsRecord {
  Location loc;
  std::string name;  // fully qualified, no trailing dot
  std::string type = "A";
  std::vector<std::string> values;
  int ttl = 300;
};

struct HostedZone {
  std::string name;  // the domain, e.g. messages.com
  Location loc;
  std::string id;
  bool is_private = true;
  std::vector<std::string> vpcs;
  std::vector<DnsRecord> records;
};

struct CloudMapInstance {
  Location loc;
  std::string target;  // instance name, or ""
  std::optional<Ipv4> ip;
  std::optional<int> port;
};

struct CloudMapService {
  std::string name;
  Location loc;
  std::vector<CloudMapInstance> instances;
};

struct CloudMapNamespace {
  std::string name;
  Location loc;
  std::string type = "dns_private";  // http, dns_private, dns_public
  std::string vpc;
  std::vector<CloudMapService> services;
};

struct EbsVolume {
  std::string name;
  Location loc;
  std::string id;
  std::string az;
  int size_gb = 8;
  std::string type = "gp3";
  std::string mount;  // where user-data mounts it, for compose bind checks
};

struct Capacity {
  Location loc;
  std::string instance_type;
  int desired = 1;
  int min = 0;
  int max = 1;
  std::vector<std::string> subnets;
  std::vector<std::string> sgs;
  bool public_ip = false;
  std::string iam_role;
  int reserved_memory = 0;  // ECS_RESERVED_MEMORY, MiB
  bool eni_trunking = false; // awsvpcTrunking account setting (opt-in)
  // ECS_DYNAMIC_HOST_PORT_RANGE: where bridge-mode dynamic host ports come
  // from; the agent's default follows the kernel's ip_local_port_range
  // (32768-60999 on Amazon Linux), falling back to 49153-65535.
  PortRange dynamic_host_ports{32768, 60999};
  RootVolume root_volume{30, "gp3"};  // the ECS-optimized AMI's 30 GiB
  std::string user_data;
  std::optional<Ipv4> static_ip;  // a trap: ASGs cannot keep one (loader warns)
  InstanceMetadata metadata;
};

struct EcsCluster {
  std::string name;
  Location loc;
  std::string id;
  std::optional<Capacity> capacity;
  std::string namespace_;  // default Service Connect namespace
};

struct ClientAlias {
  Location loc;
  int port = 0;
  std::string dns_name;
};

struct ServiceConnectService {
  Location loc;
  std::string port_name;
  std::string discovery_name;
  std::vector<ClientAlias> client_aliases;
};

struct ServiceConnect {
  Location loc;
  bool enabled = false;
  std::string namespace_;
  std::vector<ServiceConnectService> services;  // empty = client mode only
};

struct EcsLoadBalancerRef {
  Location loc;
  std::string target_group;
  std::string container_name;
  int container_port = 0;
};

struct PlacementItem {
  Location loc;
  std::string type;   // distinctInstance / memberOf; binpack / spread / random
  std::string field;  // strategy field or constraint expression
};

struct EcsService {
  std::string name;
  Location loc;
  std::string cluster;
  std::string task_definition_file;
  TaskDefinition task_definition;
  int desired_count = 1;
  std::string launch_type = "EC2";
  // awsvpc network configuration
  std::vector<std::string> subnets;
  std::vector<std::string> sgs;
  bool assign_public_ip = false;
  std::optional<ServiceConnect> service_connect;
  std::vector<EcsLoadBalancerRef> load_balancers;
  std::vector<PlacementItem> placement_constraints;
  std::vector<PlacementItem> placement_strategy;
  std::string infrastructure_role;  // for configuredAtLaunch EBS volumes
};

struct VpcPeering {
  std::string name;
  Location loc;
  std::string id;
  std::string requester;
  std::string accepter;
  bool active = true;
};

struct TgwRoute {
  Location loc;
  Cidr cidr;
  std::string attachment;  // "" = blackhole
};

struct TgwRouteTable {
  std::string name;
  Location loc;
  std::vector<TgwRoute> routes;
  std::vector<std::string> propagations;  // attachments whose VPC CIDRs propagate
};

struct TgwAttachment {
  std::string name;
  Location loc;
  std::string vpc;
  std::vector<std::string> subnets;
  std::string route_table;  // association
};

struct TransitGateway {
  std::string name;
  Location loc;
  std::string id;
  std::vector<TgwAttachment> attachments;
  std::vector<TgwRouteTable> route_tables;
};

/// "messages -> redis:6379 reachable": a flow the deployer says must (or
/// must not) get through. Endpoints are kept as written and resolved by sim.
struct Expectation {
  Location loc;
  std::string text;  // the line as written, for reports
  std::string from;
  std::string to;
  std::optional<int> port;
  int protocol = proto::kTcp;
  bool reachable = true;
};

/// Usage figures for usage-priced items (Infracost's usage file idea).
struct Usage {
  Location loc;
  std::optional<double> data_transfer_out_gb;  // to the internet, per month
  std::optional<double> s3_storage_gb;
  std::optional<double> ecr_storage_gb;
  std::map<std::string, double> nat_gb_processed;       // by NAT gateway
  std::map<std::string, double> endpoint_gb_processed;  // by interface endpoint
  std::map<std::string, double> load_balancer_lcu;      // average LCUs, by load balancer
};

/// A finding the deployer accepts: in the stack's `suppress:` list (by rule
/// and resource) or as a `# awssim:ignore RULE reason` comment on the line
/// the finding points at.
struct Suppression {
  Location loc;
  std::string rule;
  std::string resource;  // "" = every resource (list form); the line (comment form)
  std::string reason;
  std::string expires;   // YYYY-MM-DD or ""
  bool inline_comment = false;
  int line = 0;          // comment form: the line it covers
};

/// Which flows a scope statement covers: sources and destinations as
/// selectors (`internet`, `subnet:NAME`, `sg:NAME`, a resource name, a CIDR,
/// an AWS service), the protocol and ports, and components the path must
/// pass through.
struct ScopeMatch {
  Location loc;
  std::vector<std::string> from;
  std::vector<std::string> to;
  int protocol = proto::kTcp;
  PortRange ports = PortRange::all();
  std::vector<std::string> through;  // component names on the forward path
};

/// An access scope in the spirit of Network Access Analyzer: every flow that
/// matches `match` and no `exclude` is a finding.
struct AccessScope {
  std::string name;
  Location loc;
  std::string description;
  std::string severity = "high";
  ScopeMatch match;
  std::vector<ScopeMatch> exclude;
};

/// Where a by-name reference was written, so that the validator can point at
/// the exact spot of a dangling one. The validator finds the references
/// themselves in the model; a reference without a site is reported at the
/// element that holds it.
struct RefSite {
  std::string kind;  // vpc, subnet, route_table, security_group, ...
  std::string name;
  Location loc;
};

enum class FreeTierPlan { None, Legacy, Credits };
std::string freeTierName(FreeTierPlan p);

struct Stack {
  std::string file;  // path of the stack file
  std::string dir;   // its folder; manifest paths are relative to it
  std::string region = "us-east-1";
  FreeTierPlan free_tier = FreeTierPlan::None;

  Table<Vpc> vpcs;
  Table<Subnet> subnets;
  Table<RouteTable> route_tables;
  Table<Nacl> nacls;
  Table<SecurityGroup> security_groups;
  Table<PrefixList> prefix_lists;
  Table<Instance> instances;
  Table<LaunchTemplate> launch_templates;
  Table<AutoScalingGroup> auto_scaling_groups;
  Table<Eni> enis;
  Table<InternetGateway> internet_gateways;
  Table<NatGateway> nat_gateways;
  Table<VpcEndpoint> endpoints;
  Table<InstanceConnectEndpoint> instance_connect_endpoints;
  Table<LoadBalancer> load_balancers;
  Table<TargetGroup> target_groups;
  Table<HostedZone> hosted_zones;
  Table<CloudMapNamespace> namespaces;
  Table<EbsVolume> volumes;
  Table<EcsCluster> ecs_clusters;
  Table<EcsService> ecs_services;
  Table<VpcPeering> peerings;
  Table<TransitGateway> transit_gateways;
  Table<VpnGateway> vpn_gateways;
  Table<VpnConnection> vpn_connections;
  std::vector<Expectation> expectations;
  Usage usage;
  std::optional<double> budget;  // USD per month
  std::vector<Suppression> suppressions;
  std::vector<AccessScope> scopes;
  std::vector<RefSite> ref_sites;

  /// The VPC's main route table, or nullptr.
  const RouteTable* mainRouteTable(const std::string& vpc) const;
  /// The route table a subnet uses: its own association, else the main one.
  const RouteTable* routeTableOf(const Subnet& s) const;
};

/// Adds `from`'s resources to `into` (one model of a network loaded from
/// two inputs). A name both use is an error at both places, unless both
/// name the same AWS resource (same ID), which is then kept once.
void mergeStack(Stack& into, Stack&& from, Diagnostics& diags);

}  // namespace awssim::model
