#include "sim/ecs.h"

#include <algorithm>
#include <fmt/format.h>
#include <re2/re2.h>
#include <sstream>

#include "sim/instance_types.h"
#include "sim/network.h"

namespace awssim::sim {

using namespace model;

const std::vector<int>& agentReservedPorts() {
  static const std::vector<int> ports = {22, 2375, 2376, 51678, 51679, 51680};
  return ports;
}

TaskNeeds taskNeeds(const EcsService& svc) {
  const TaskDefinition& td = svc.task_definition;
  TaskNeeds n;
  for (const auto& c : td.containers) {
    n.containers_cpu += c.cpu;
    n.containers_memory += c.memory_reservation ? *c.memory_reservation : c.memory.value_or(0);
    for (const auto& pm : c.port_mappings) {
      // host mode binds the container port on the instance; bridge binds a
      // static hostPort when one is given (0 or absent: dynamic).
      int host = td.network_mode == "host" ? pm.host_port.value_or(pm.container_port)
                                           : (td.network_mode == "bridge" ? pm.host_port.value_or(0) : 0);
      if (host > 0) n.static_ports.push_back({host, pm.protocol});
    }
  }
  if (svc.service_connect && svc.service_connect->enabled) {
    n.proxy_cpu = kProxyCpu;
    n.proxy_memory = kProxyMemory;
  }
  n.awsvpc = td.network_mode == "awsvpc";
  // Task-level sizes are what the scheduler reserves, proxy included; without
  // them the containers' sums plus the proxy.
  n.cpu = td.cpu.value_or(n.containers_cpu + n.proxy_cpu);
  n.memory = td.memory.value_or(n.containers_memory + n.proxy_memory);
  return n;
}

const PlacedTask* Placement::firstRunning(const std::string& service) const {
  for (const auto& t : tasks)
    if (t.service == service && t.running) return &t;
  return nullptr;
}

namespace {

std::string attribute(const InstanceUsage& u, const std::string& name) {
  if (name == "ecs.availability-zone") return u.az;
  if (name == "ecs.instance-type") return u.type;
  if (name == "ecs.os-type") return "linux";
  if (name == "ecs.cpu-architecture") return u.type.rfind("t4g", 0) == 0 ? "arm64" : "x86_64";
  return "";
}

// The ECS cluster query language's `=~` takes a wildcard pattern; RE2
// matches it in time linear in the input however many `*` it has.
bool globMatch(const std::string& pattern, const std::string& s) {
  std::string re;
  size_t start = 0;
  for (size_t star = pattern.find('*'); star != std::string::npos; star = pattern.find('*', start)) {
    re += RE2::QuoteMeta(pattern.substr(start, star - start)) + ".*";
    start = star + 1;
  }
  re += RE2::QuoteMeta(pattern.substr(start));
  RE2 compiled(re, RE2::Quiet);
  return compiled.ok() && RE2::FullMatch(s, compiled);
}

}  // namespace

bool memberOf(const std::string& expr, const InstanceUsage& u) {
  static const RE2 clause(R"(\s*attribute:([\w.-]+)\s*(==|!=|=~|not in|in)\s*(.+?)\s*)");
  size_t start = 0;
  while (start <= expr.size()) {
    size_t at = expr.find(" and ", start);
    std::string part = expr.substr(start, at == std::string::npos ? std::string::npos : at - start);
    std::string name, op, rhs;
    if (!RE2::FullMatch(part, clause, &name, &op, &rhs)) return false;
    std::string value = attribute(u, name);
    bool ok;
    if (op == "in" || op == "not in") {
      std::vector<std::string> items;
      std::string inner = rhs.substr(rhs.find('[') + 1, rhs.rfind(']') - rhs.find('[') - 1);
      std::stringstream ss(inner);
      std::string item;
      bool found = false;
      while (std::getline(ss, item, ',')) {
        item.erase(0, item.find_first_not_of(" '\""));
        item.erase(item.find_last_not_of(" '\"") + 1);
        found |= item == value;
      }
      ok = op == "in" ? found : !found;
    } else if (op == "=~") {
      ok = globMatch(rhs, value);
    } else {
      ok = (value == rhs) == (op == "==");
    }
    if (!ok) return false;
    if (at == std::string::npos) break;
    start = at + 5;
  }
  return true;
}

namespace {

/// Why a task cannot go on an instance, in ECS's words; empty if it fits.
std::vector<std::string> misfit(const InstanceUsage& u, const TaskNeeds& n, const EcsService& svc,
                                const std::vector<PlacedTask>& placed, bool trunking) {
  std::vector<std::string> why;
  if (u.cpu_used + n.cpu > u.cpu_total) why.push_back("RESOURCE:CPU");
  if (u.memory_used + n.memory > u.memory_total) why.push_back("RESOURCE:MEMORY");
  for (const auto& [port, protocol] : n.static_ports) {
    (void)protocol;
    const auto& reserved = agentReservedPorts();
    if (u.ports_used.count(port) || std::find(reserved.begin(), reserved.end(), port) != reserved.end()) {
      why.push_back("RESOURCE:PORTS");
      break;
    }
  }
  if (n.awsvpc && (trunking ? u.enis_used - 1 + 1 > u.trunk_enis : u.enis_used + 1 > u.enis_total))
    why.push_back("RESOURCE:ENI");
  for (const auto& pc : svc.placement_constraints) {
    if (pc.type == "distinctInstance") {
      bool already = std::any_of(placed.begin(), placed.end(), [&](const PlacedTask& t) {
        return t.running && t.service == svc.name && t.instance == u.name;
      });
      if (already) why.push_back("DistinctInstance placement constraint unsatisfied");
    } else if (pc.type == "memberOf" && !memberOf(pc.field, u)) {
      why.push_back("MemberOf placement constraint unsatisfied");
    }
  }
  for (const auto& expr : svc.task_definition.placement_constraints)
    if (!memberOf(expr, u)) why.push_back("MemberOf placement constraint unsatisfied");
  return why;
}

int tasksOf(const InstanceUsage& u, const std::string& service, const std::vector<PlacedTask>& placed) {
  return static_cast<int>(std::count_if(placed.begin(), placed.end(), [&](const PlacedTask& t) {
    return t.running && t.service == service && t.instance == u.name;
  }));
}

/// Picks among fitting instances by the service's strategy (ECS's default
/// for services: spread over zones, then over instances); "random" is a
/// fixed shuffle so results stay reproducible.
size_t choose(const std::vector<size_t>& fit, const std::vector<InstanceUsage>& inst, const EcsService& svc,
              const std::vector<PlacedTask>& placed, int taskIndex) {
  std::vector<PlacementItem> strategy = svc.placement_strategy;
  if (strategy.empty())
    strategy = {{{}, "spread", "attribute:ecs.availability-zone"}, {{}, "spread", "instanceId"}};
  std::vector<size_t> cand = fit;
  for (const auto& s : strategy) {
    if (cand.size() <= 1) break;
    std::vector<long> score(cand.size());
    for (size_t i = 0; i < cand.size(); ++i) {
      const InstanceUsage& u = inst[cand[i]];
      if (s.type == "binpack") {
        score[i] = s.field == "cpu" ? u.cpu_total - u.cpu_used : u.memory_total - u.memory_used;
      } else if (s.type == "spread") {
        if (s.field == "instanceId" || s.field.empty()) score[i] = tasksOf(u, svc.name, placed);
        else {
          std::string attr = s.field.rfind("attribute:", 0) == 0 ? s.field.substr(10) : s.field;
          long count = 0;
          for (const auto& other : inst)
            if (attribute(other, attr) == attribute(u, attr)) count += tasksOf(other, svc.name, placed);
          score[i] = count;
        }
      } else {  // random
        score[i] = static_cast<long>(std::hash<std::string>{}(fmt::format("{}/{}/{}", svc.name, taskIndex, u.name)) % 1000003);
      }
    }
    long best = *std::min_element(score.begin(), score.end());
    std::vector<size_t> next;
    for (size_t i = 0; i < cand.size(); ++i)
      if (score[i] == best) next.push_back(cand[i]);
    cand = next;
  }
  return cand.front();
}

}  // namespace

Placement placeTasks(const Network& net) {
  Placement p;
  const Stack& s = net.stack();
  for (const auto& e : net.enis()) {
    if (e.kind != EniKind::EcsInstance) continue;
    const EcsCluster* c = s.ecs_clusters.find(e.owner);
    InstanceUsage u;
    u.name = e.name;
    u.cluster = e.owner;
    u.az = net.subnets()[e.subnet].subnet->az;
    u.type = c->capacity->instance_type;
    if (auto t = instanceType(u.type)) {
      u.cpu_total = registeredCpu(*t);
      u.memory_total = registeredMemory(*t, c->capacity->reserved_memory);
      u.enis_total = t->max_enis;
      if (c->capacity->eni_trunking) u.trunk_enis = t->trunk_enis;
    }
    u.dynamic_ports = c->capacity->dynamic_host_ports;
    u.next_dynamic_port = u.dynamic_ports.from;
    p.instances.push_back(u);
  }
  for (const auto& svc : s.ecs_services) {
    TaskNeeds n = taskNeeds(svc);
    std::set<std::string> zones;  // awsvpc tasks can only go where the service has a subnet
    for (const auto& sub : svc.subnets)
      if (const Subnet* x = s.subnets.find(sub)) zones.insert(x->az);
    for (int i = 1; i <= svc.desired_count; ++i) {
      PlacedTask t;
      t.service = svc.name;
      t.index = i;
      t.id = fmt::format("{}/{}", svc.name, i);
      if (svc.launch_type == "FARGATE") {
        // AWS runs Fargate tasks on its own capacity: each gets an interface
        // in one of the service's subnets, spread across them in turn.
        if (svc.subnets.empty()) {
          t.reasons.push_back("a Fargate service needs subnets in its awsvpc network configuration");
        } else {
          t.running = true;
          t.eni = t.id;
          t.subnet = svc.subnets[static_cast<size_t>(i - 1) % svc.subnets.size()];
        }
        p.tasks.push_back(t);
        continue;
      }
      std::vector<size_t> fit;
      std::set<std::string> reasons;
      for (size_t k = 0; k < p.instances.size(); ++k) {
        const InstanceUsage& u = p.instances[k];
        if (u.cluster != svc.cluster) continue;
        auto why = misfit(u, n, svc, p.tasks, u.trunk_enis > 0);
        if (n.awsvpc && !zones.empty() && !zones.count(u.az)) why.push_back("no subnet of the service in " + u.az);
        if (why.empty()) fit.push_back(k);
        else {
          t.per_instance.push_back(fmt::format("{}: {}", u.name, fmt::join(why, ", ")));
          reasons.insert(why.begin(), why.end());
        }
      }
      if (fit.empty()) {
        t.reasons.assign(reasons.begin(), reasons.end());
        if (t.reasons.empty()) t.reasons.push_back(fmt::format("no container instances in cluster {}", svc.cluster));
        p.tasks.push_back(t);
        continue;
      }
      InstanceUsage& u = p.instances[choose(fit, p.instances, svc, p.tasks, i)];
      t.running = true;
      t.instance = u.name;
      u.cpu_used += n.cpu;
      u.memory_used += n.memory;
      for (const auto& c : svc.task_definition.containers)
        for (const auto& pm : c.port_mappings) {
          const std::string& mode = svc.task_definition.network_mode;
          if (mode == "awsvpc" || mode == "none") continue;
          int host = mode == "host" ? pm.host_port.value_or(pm.container_port) : pm.host_port.value_or(0);
          if (host == 0) {
            while (u.ports_used.count(u.next_dynamic_port) && u.next_dynamic_port <= u.dynamic_ports.to) ++u.next_dynamic_port;
            host = u.next_dynamic_port++;
          }
          u.ports_used.insert(host);
          t.host_ports[pm.container_port] = host;
        }
      if (n.awsvpc) {
        ++u.enis_used;
        t.eni = t.id;
      }
      u.tasks.push_back(t.id);
      p.tasks.push_back(t);
    }
  }
  return p;
}

std::string serviceConnectNamespace(const Stack& stack, const EcsService& svc) {
  if (svc.service_connect && !svc.service_connect->namespace_.empty()) return svc.service_connect->namespace_;
  if (const EcsCluster* c = stack.ecs_clusters.find(svc.cluster)) return c->namespace_;
  return "";
}

std::vector<ServiceConnectEndpoint> serviceConnectEndpoints(const Stack& stack) {
  std::vector<ServiceConnectEndpoint> out;
  for (const auto& svc : stack.ecs_services) {
    if (!svc.service_connect || !svc.service_connect->enabled) continue;
    for (const auto& scs : svc.service_connect->services) {
      int containerPort = 0;
      for (const auto& c : svc.task_definition.containers)
        for (const auto& pm : c.port_mappings)
          if (pm.name == scs.port_name) containerPort = pm.container_port;
      std::vector<ClientAlias> aliases = scs.client_aliases;
      if (aliases.empty()) aliases.push_back({scs.loc, containerPort, scs.discovery_name});
      for (const auto& a : aliases)
        out.push_back({svc.name, serviceConnectNamespace(stack, svc), scs.port_name, scs.discovery_name,
                       a.dns_name.empty() ? scs.discovery_name : a.dns_name, a.port, containerPort, a.loc});
    }
  }
  return out;
}

std::optional<ServiceConnectEndpoint> resolveServiceConnect(const Stack& stack, const EcsService& client,
                                                            const std::string& name, int port) {
  if (!client.service_connect || !client.service_connect->enabled) return std::nullopt;
  std::string ns = serviceConnectNamespace(stack, client);
  for (const auto& e : serviceConnectEndpoints(stack)) {
    if (e.namespace_ != ns) continue;
    if (port && e.port != port) continue;
    if (e.dns_name == name || e.discovery_name == name || e.service == name) return e;
  }
  return std::nullopt;
}

}  // namespace awssim::sim
