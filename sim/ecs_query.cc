// ECS services as query endpoints. A task in bridge or host mode sits behind
// its container instance's interface and security groups and is reached on
// its host port; an awsvpc task has an interface of its own. Service Connect
// clients reach a server through the proxies: in bridge mode the server's
// proxy listens on an ephemeral host port, so the whole range must be open.
#include <fmt/format.h>

#include "sim/ecs.h"
#include "sim/query.h"

namespace awssim::sim {

using namespace model;
namespace icl = boost::icl;

namespace {

/// The ECS service a query endpoint names: "service:NAME", or NAME when no
/// interface (instance, ENI, ...) has that name.
const EcsService* ecsService(const Network& net, const std::string& name) {
  if (name.rfind("service:", 0) == 0) return net.stack().ecs_services.find(name.substr(8));
  if (net.eniByName(name) >= 0) return nullptr;
  // awsvpc task interfaces belong to their service; anything else owned by
  // the name (an instance, an endpoint) takes precedence over the service.
  for (int e : net.enisOf(name))
    if (net.enis()[e].kind != EniKind::EcsTask) return nullptr;
  return net.stack().ecs_services.find(name);
}

/// The interface a running task is reached through.
std::string taskInterface(const PlacedTask& t) { return t.eni.empty() ? t.instance : t.eni; }

QueryResult notRunning(const Network& net, const EcsService& svc, const std::string& what) {
  QueryResult r;
  Trace t;
  t.disposition = Disposition::NoRoute;
  std::string why;
  for (const auto& task : net.placement().tasks)
    if (task.service == svc.name && !task.running) why = fmt::format(" (PENDING: {})", fmt::join(task.reasons, ", "));
  std::string detail = fmt::format("ecs service {} has no running task{}", svc.name, why);
  t.forward.push_back({svc.name, "ecs-service", "not running", detail, svc.loc});
  t.explanations.push_back({"ECS_TASK_NOT_RUNNING", "ecs service " + svc.name, "forward", detail, svc.loc});
  t.suggestions.push_back(fmt::format("make room for {}'s tasks (see `awssim ecs`)", svc.name));
  r.parts.push_back({what, std::move(t)});
  r.disposition = Disposition::NoRoute;
  r.source = what;
  return r;
}

QueryResult serviceConnect(const Network& net, const Query& q, const EcsService& client, const PlacedTask& ct,
                           const ServiceConnectEndpoint& ep) {
  const EcsService& server = *net.stack().ecs_services.find(ep.service);
  const PlacedTask* st = net.placement().firstRunning(server.name);
  if (!st) return notRunning(net, server, fmt::format("{} -> {}", client.name, server.name));
  QueryResult r;
  std::string alias = fmt::format("{}:{}", ep.dns_name, ep.port);
  r.source = fmt::format("ecs service {} (task {} on {})", client.name, ct.id, ct.instance);
  r.destination = fmt::format("ecs service {} through Service Connect alias {} (task {} on {})", server.name, alias,
                              st->id, st->instance);
  int src = net.eniByName(taskInterface(ct));
  int dst = net.eniByName(taskInterface(*st));
  // A task placed without an interface (an awsvpc task whose service names
  // no subnet, which the validator refuses) has no address to trace from.
  if (src < 0 || dst < 0) {
    r.error = fmt::format("task {} has no network interface to send or receive from",
                          src < 0 ? ct.id : st->id);
    return r;
  }
  Flow f;
  f.src_eni = src;
  f.src_ip = net.enis()[src].ip;
  f.dst_ip = net.enis()[dst].ip;
  f.protocol = proto::kTcp;
  f.src_port = q.src_port;
  bool bridge = server.task_definition.network_mode == "bridge";
  if (src == dst) {
    Trace t;
    t.reachable = true;
    t.disposition = Disposition::Accepted;
    t.forward.push_back({net.enis()[src].name, "ecs-instance", "delivered",
                         "both tasks run on this instance; the proxies talk over the instance's own network", {}});
    r.parts.push_back({"Service Connect " + alias, std::move(t)});
    r.reachable = true;
    r.disposition = Disposition::Accepted;
    return r;
  }
  if (!bridge) {
    f.dst_port = ep.container_port;
    Trace t = traceFlow(net, f);
    r.reachable = t.reachable;
    r.disposition = t.disposition;
    r.parts.push_back({fmt::format("Service Connect {} -> {} port {}", alias, st->eni, ep.container_port), std::move(t)});
    return r;
  }
  // Bridge mode: the server's proxy listens on an ephemeral host port.
  PortRange range = kServiceConnectBridgeRange;
  PortSet open = reachablePorts(net, f, range);
  PortSet missing = portSet(range) - open;
  f.dst_port = missing.empty() ? range.from : icl::first(*missing.begin());
  Trace t = traceFlow(net, f);
  r.reachable = missing.empty() && t.reachable;
  r.disposition = t.disposition;
  if (!missing.empty()) {
    const NetEni& s = net.enis()[src];
    const NetEni& d = net.enis()[dst];
    std::string from = s.sgs.empty() ? formatIpv4(s.ip) + "/32" : "sg:" + net.sg(s.sgs[0]).name;
    std::string to = d.sgs.empty() ? d.name : net.sg(d.sgs[0]).name;
    r.notes.push_back(fmt::format("Service Connect in bridge mode: {}'s proxy listens on an ephemeral host port of "
                                  "{} (tcp {}); from {} {}", server.name, d.name, range.str(), s.name,
                                  open.empty() ? "none of it gets through"
                                               : fmt::format("only tcp {} gets through; tcp {} is missing",
                                                             describePorts(open), describePorts(missing))));
    // The representative port's own fix would open one port; the proxy needs the range.
    std::string onePort = fmt::format("add ingress tcp {} ", f.dst_port);
    std::erase_if(t.suggestions, [&](const std::string& x) { return x.rfind(onePort, 0) == 0; });
    t.suggestions.insert(t.suggestions.begin(),
                         fmt::format("add ingress tcp {} from {} to security group '{}'", describePorts(missing), from, to));
    t.reachable = false;
    if (t.explanations.empty()) t.disposition = Disposition::DeniedIn;
    r.disposition = t.disposition;
  }
  r.parts.push_back({fmt::format("Service Connect {} -> proxy on {} tcp {}", alias, st->instance, range.str()), std::move(t)});
  return r;
}

}  // namespace

std::optional<QueryResult> ecsQuery(const Network& net, const Query& q) {
  const EcsService* from = ecsService(net, q.from);
  const EcsService* to = ecsService(net, q.to);
  if (!from && !to) return std::nullopt;
  Query q2 = q;
  const PlacedTask* ft = nullptr;
  if (from) {
    ft = net.placement().firstRunning(from->name);
    if (!ft) return notRunning(net, *from, q.from + " -> " + q.to);
    q2.from = taskInterface(*ft);
    if (auto ep = resolveServiceConnect(net.stack(), *from, to ? to->name : q.to, q.port.value_or(0)))
      return serviceConnect(net, q, *from, *ft, *ep);
  }
  std::string mapped;
  if (to) {
    const PlacedTask* tt = net.placement().firstRunning(to->name);
    if (!tt) return notRunning(net, *to, q.from + " -> " + q.to);
    q2.to = taskInterface(*tt);
    if (q.port && to->task_definition.network_mode != "awsvpc") {
      auto it = tt->host_ports.find(*q.port);
      if (it == tt->host_ports.end()) {
        QueryResult r;
        r.error = fmt::format("ecs service {} maps no container port {} (its tasks publish: {})", to->name, *q.port,
                              [&] {
                                std::vector<std::string> v;
                                for (const auto& [c, h] : tt->host_ports) v.push_back(fmt::format("{} on host port {}", c, h));
                                return v.empty() ? std::string("nothing") : fmt::format("{}", fmt::join(v, ", "));
                              }());
        return r;
      }
      q2.port = it->second;
      mapped = fmt::format("container port {} is host port {} on {}", *q.port, it->second, tt->instance);
    }
  }
  QueryResult r = runQuery(net, q2);
  if (from) r.source = fmt::format("ecs service {} (task {} on {})", from->name, ft->id, ft->instance);
  if (to && r.error.empty()) r.destination = fmt::format("ecs service {} ({})", to->name, r.destination);
  if (!mapped.empty()) r.notes.insert(r.notes.begin(), mapped);
  return r;
}

std::vector<ServiceConnectWire> serviceConnectWires(const Network& net) {
  const model::Stack& s = net.stack();
  std::vector<ServiceConnectWire> out;
  for (const auto& ep : serviceConnectEndpoints(s))
    for (const auto& client : s.ecs_services) {
      if (client.name == ep.service || !client.service_connect || !client.service_connect->enabled) continue;
      if (serviceConnectNamespace(s, client) != ep.namespace_) continue;
      Query q{"service:" + client.name, "service:" + ep.service, model::proto::kTcp, ep.port, std::nullopt, std::nullopt};
      out.push_back({client.name, ep, runQuery(net, q)});
    }
  return out;
}

}  // namespace awssim::sim
