// ECS on EC2: what each task needs, where the scheduler puts it, and how
// Service Connect wires services together (AWS-FACTS 4). Placement follows
// the ECS scheduler: CPU, memory (memoryReservation else memory, or the
// task-level values), static host ports (plus the ports the agent reserves),
// ENIs for awsvpc tasks, placement constraints, then the strategy; a task
// that fits nowhere stays PENDING with ECS's own reasons.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "model/stack.h"

namespace awssim::sim {

class Network;

/// Ports the ECS agent reserves on every container instance.
const std::vector<int>& agentReservedPorts();

/// Service Connect's proxy: 256 CPU units and 64 MiB per task, more above
/// 500 requests/s (512 CPU) or 100 services / 2,000 tasks (128 MiB).
constexpr int kProxyCpu = 256;
constexpr int kProxyMemory = 64;

struct TaskNeeds {
  int cpu = 0;                 // what placement reserves on the instance
  int memory = 0;
  int containers_cpu = 0;      // sum over containers
  int containers_memory = 0;   // sum of memoryReservation else memory
  int proxy_cpu = 0;           // Service Connect proxy, when enabled
  int proxy_memory = 0;
  std::vector<std::pair<int, std::string>> static_ports;  // host port, protocol
  bool awsvpc = false;
};

TaskNeeds taskNeeds(const model::EcsService& svc);

struct PlacedTask {
  std::string service;
  int index = 0;            // 1-based within the service
  std::string id;           // "redis/1"
  bool running = false;
  std::string instance;     // container instance (interface name) when running
  std::vector<std::string> reasons;  // PENDING: RESOURCE:CPU, RESOURCE:MEMORY, ...
  std::vector<std::string> per_instance;  // "public-cluster-1: RESOURCE:CPU"
  std::map<int, int> host_ports;     // container port -> host port (bridge, host)
  std::string eni;                   // awsvpc: the task's interface name
  std::string subnet;                // Fargate: the subnet its interface is in
};

struct InstanceUsage {
  std::string name;   // interface name of the container instance, e.g. "public-cluster-1"
  std::string cluster;
  std::string az;
  std::string type;
  int cpu_total = 0, memory_total = 0, cpu_used = 0, memory_used = 0;
  int enis_total = 0, enis_used = 1;  // the primary interface counts
  int trunk_enis = 0;                 // with ENI trunking on: awsvpc tasks it holds
  std::set<int> ports_used;
  std::vector<std::string> tasks;
  model::PortRange dynamic_ports{32768, 60999};
  int next_dynamic_port = 32768;
};

struct Placement {
  std::vector<PlacedTask> tasks;
  std::vector<InstanceUsage> instances;
  const PlacedTask* firstRunning(const std::string& service) const;
};

/// Whether an instance satisfies a memberOf expression in ECS's cluster
/// query language, the forms placement constraints use: attribute:NAME
/// ==|!=|=~ VALUE and attribute:NAME [not] in [a, b], joined by "and".
/// Linear in the expression (`=~` wildcards go through RE2).
bool memberOf(const std::string& expr, const InstanceUsage& u);

/// Places every service's desired tasks on the cluster instances of `net`
/// (which must not have task interfaces yet).
Placement placeTasks(const Network& net);

/// One Service Connect endpoint a server service publishes.
struct ServiceConnectEndpoint {
  std::string service;
  std::string namespace_;
  std::string port_name;
  std::string discovery_name;
  std::string dns_name;   // client alias (defaults to the discovery name)
  int port = 0;           // client alias port
  int container_port = 0;
  model::Location loc;
};

std::vector<ServiceConnectEndpoint> serviceConnectEndpoints(const model::Stack& stack);
/// The namespace a service's Service Connect uses: its own, else its cluster's.
std::string serviceConnectNamespace(const model::Stack& stack, const model::EcsService& svc);
/// The endpoint a client service reaches as `name` (alias, discovery name or
/// service name) on `port` (0: any), or nullopt.
std::optional<ServiceConnectEndpoint> resolveServiceConnect(const model::Stack& stack, const model::EcsService& client,
                                                            const std::string& name, int port);

/// Service Connect's proxy listens on an ephemeral host port in bridge mode;
/// clients must reach this whole range (AWS-FACTS 4).
constexpr model::PortRange kServiceConnectBridgeRange{32768, 65535};

}  // namespace awssim::sim
