#include "reports/ecs_report.h"

#include <fmt/format.h>

#include "reports/trace_report.h"
#include "sim/ecs.h"
#include "sim/query.h"

namespace awssim::reports {

using namespace sim;

namespace {

std::string ports(const InstanceUsage& u) {
  if (u.ports_used.empty()) return "-";
  return fmt::format("{}", fmt::join(u.ports_used, ","));
}

/// A Service Connect wire's answer, in words.
std::string scStatus(const ServiceConnectWire& w) {
  const QueryResult& r = w.result;
  if (!r.error.empty()) return "error: " + r.error;
  std::string how = r.parts.empty() ? "" : r.parts.back().label;
  if (r.reachable) return "ok (" + how + ")";
  for (const auto& n : r.notes)
    if (n.rfind("Service Connect", 0) == 0) return "BLOCKED: " + n;
  const QueryPart* d = r.deciding();
  return "BLOCKED: " + (d && !d->trace.explanations.empty() ? d->trace.explanations[0].detail : dispositionName(r.disposition));
}

}  // namespace

std::string formatFindings(const std::vector<rules::Finding>& findings) {
  std::string out;
  for (const auto& f : findings) {
    out += hanging(fmt::format("{} [{}] {}: {}", f.rule_id, rules::severityName(f.severity), f.resource, f.message), 80, 2, 4);
    if (f.loc.known()) out += fmt::format("    at {}\n", f.loc.str());
    if (!f.fix.empty()) out += wrap("fix: " + f.fix, 80, 4);
  }
  return out;
}

std::string formatEcs(const Network& net, const std::vector<ServiceConnectWire>& wires,
                      const std::vector<rules::Finding>& findings) {
  const auto& p = net.placement();
  const auto& s = net.stack();
  std::string out;
  for (const auto& c : s.ecs_clusters) {
    out += fmt::format("cluster {}", c.name);
    if (c.capacity) out += fmt::format(": {} x {}", c.capacity->desired, c.capacity->instance_type);
    out += "\n";
    out += fmt::format("  {:<18} {:<12} {:>9} {:>13} {:>4}  {:<11} {}\n", "instance", "zone", "cpu", "memory MiB",
                       "enis", "host ports", "tasks");
    for (const auto& u : p.instances) {
      if (u.cluster != c.name) continue;
      out += fmt::format("  {:<18} {:<12} {:>9} {:>13} {:>4}  {:<11} {}\n", u.name, u.az,
                         fmt::format("{}/{}", u.cpu_used, u.cpu_total), fmt::format("{}/{}", u.memory_used, u.memory_total),
                         fmt::format("{}/{}", u.enis_used, u.enis_total), ports(u),
                         u.tasks.empty() ? "-" : fmt::format("{}", fmt::join(u.tasks, ", ")));
    }
  }
  bool pending = false;
  for (const auto& t : p.tasks) {
    if (t.running) continue;
    if (!pending) out += "pending tasks:\n";
    pending = true;
    out += wrap(fmt::format("{} PENDING: {}", t.id, fmt::join(t.reasons, ", ")), 80, 2);
    for (const auto& why : t.per_instance) out += wrap(why, 80, 6);
  }
  if (!s.ecs_services.empty()) out += "task sizes (reserved per task):\n";
  for (const auto& svc : s.ecs_services) {
    TaskNeeds n = taskNeeds(svc);
    std::string proxy = n.proxy_cpu ? fmt::format(" + Service Connect proxy {}/{}", n.proxy_cpu, n.proxy_memory) : "";
    out += hanging(fmt::format("{}: {} CPU units / {} MiB ({} mode; containers {}/{}{}{})", svc.name, n.cpu, n.memory,
                               svc.task_definition.network_mode, n.containers_cpu, n.containers_memory, proxy,
                               svc.task_definition.cpu ? ", task-level size" : ""), 80, 2, 4);
  }
  auto eps = serviceConnectEndpoints(s);
  if (!eps.empty()) out += "service connect:\n";
  for (const auto& ep : eps) {
    const PlacedTask* t = p.firstRunning(ep.service);
    out += hanging(fmt::format("{}:{} -> {} (portName {}, container port {}, namespace {}){}", ep.dns_name, ep.port,
                               ep.service, ep.port_name, ep.container_port, ep.namespace_,
                               t ? " on " + t->instance : " (no running task)"), 80, 2, 4);
    for (const auto& w : wires)
      if (w.endpoint.service == ep.service && w.endpoint.dns_name == ep.dns_name && w.endpoint.port == ep.port)
        out += hanging(fmt::format("from {}: {}", w.client, scStatus(w)), 80, 4, 6);
  }
  if (!findings.empty()) out += "findings:\n" + formatFindings(findings);
  return out;
}

nlohmann::ordered_json findingsJson(const std::vector<rules::Finding>& findings) {
  auto a = nlohmann::ordered_json::array();
  for (const auto& f : findings) {
    nlohmann::ordered_json j = {{"rule", f.rule_id}, {"severity", rules::severityName(f.severity)},
                                {"resource", f.resource}, {"message", f.message}};
    if (f.loc.known()) j["location"] = {{"file", f.loc.file}, {"line", f.loc.line}, {"column", f.loc.col}};
    j["fix"] = f.fix;
    a.push_back(j);
  }
  return a;
}

nlohmann::ordered_json ecsJson(const Network& net, const std::vector<ServiceConnectWire>& wires,
                               const std::vector<rules::Finding>& findings) {
  const auto& p = net.placement();
  nlohmann::ordered_json j;
  auto inst = nlohmann::ordered_json::array();
  for (const auto& u : p.instances)
    inst.push_back({{"name", u.name}, {"cluster", u.cluster}, {"zone", u.az}, {"type", u.type},
                    {"cpu", {{"used", u.cpu_used}, {"registered", u.cpu_total}}},
                    {"memory_mib", {{"used", u.memory_used}, {"registered", u.memory_total}}},
                    {"enis", {{"used", u.enis_used}, {"max", u.enis_total}}},
                    {"host_ports", u.ports_used}, {"tasks", u.tasks}});
  j["instances"] = inst;
  auto tasks = nlohmann::ordered_json::array();
  for (const auto& t : p.tasks) {
    nlohmann::ordered_json tj = {{"id", t.id}, {"service", t.service}, {"status", t.running ? "RUNNING" : "PENDING"}};
    if (t.running) tj["instance"] = t.instance;
    else tj["reasons"] = t.reasons;
    auto hp = nlohmann::ordered_json::object();
    for (const auto& [c, h] : t.host_ports) hp[std::to_string(c)] = h;
    tj["host_ports"] = hp;
    if (!t.eni.empty()) tj["eni"] = t.eni;
    tasks.push_back(tj);
  }
  j["tasks"] = tasks;
  auto sizes = nlohmann::ordered_json::array();
  for (const auto& svc : net.stack().ecs_services) {
    TaskNeeds n = taskNeeds(svc);
    sizes.push_back({{"service", svc.name}, {"cpu", n.cpu}, {"memory_mib", n.memory}, {"containers_cpu", n.containers_cpu},
                     {"containers_memory_mib", n.containers_memory}, {"proxy_cpu", n.proxy_cpu},
                     {"proxy_memory_mib", n.proxy_memory}, {"network_mode", svc.task_definition.network_mode}});
  }
  j["task_sizes"] = sizes;
  auto sc = nlohmann::ordered_json::array();
  for (const auto& ep : serviceConnectEndpoints(net.stack())) {
    auto clients = nlohmann::ordered_json::array();
    for (const auto& w : wires)
      if (w.endpoint.service == ep.service && w.endpoint.dns_name == ep.dns_name && w.endpoint.port == ep.port)
        clients.push_back({{"client", w.client}, {"status", scStatus(w)}});
    sc.push_back({{"alias", fmt::format("{}:{}", ep.dns_name, ep.port)}, {"service", ep.service},
                  {"port_name", ep.port_name}, {"container_port", ep.container_port}, {"namespace", ep.namespace_},
                  {"clients", clients}});
  }
  j["service_connect"] = sc;
  j["findings"] = findingsJson(findings);
  return j;
}

}  // namespace awssim::reports
