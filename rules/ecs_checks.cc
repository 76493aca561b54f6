#include "rules/ecs_checks.h"

#include <fmt/format.h>
#include <re2/re2.h>

#include "rules/catalog.h"
#include "sim/aws_services.h"
#include "sim/ecs.h"
#include "sim/instance_types.h"
#include "sim/query.h"

namespace awssim::rules {

using namespace model;

namespace {

void containerChecks(const TaskDefinition& td, std::vector<Finding>& out) {
  bool anyEssential = false;
  for (const auto& c : td.containers) {
    std::string res = fmt::format("container {} ({})", c.name, td.family);
    anyEssential |= c.essential;
    // RegisterTaskDefinition: memory must exceed memoryReservation, and
    // without task-level memory each container needs one of them.
    if (c.memory && c.memory_reservation && *c.memory <= *c.memory_reservation)
      emit(out, "AWSSIM-ECS-001", res,
           fmt::format("memory ({} MiB) must be greater than memoryReservation ({} MiB)", *c.memory,
                       *c.memory_reservation),
           c.memory_loc, "raise memory above memoryReservation, or drop one of them");
    if (!td.memory && !c.memory && !c.memory_reservation)
      emit(out, "AWSSIM-ECS-002", res,
           "no task-level memory and the container sets neither memory nor memoryReservation; ECS rejects the "
           "task definition",
           c.loc, "set memoryReservation on the container or memory on the task");
    for (const auto& pm : c.port_mappings) {
      static const RE2 name(R"([a-z0-9][a-z0-9_-]{0,63})");
      if (!pm.name.empty() && !RE2::FullMatch(pm.name, name))
        emit(out, "AWSSIM-ECS-004", res,
             fmt::format("portMappings name '{}' must be up to 64 lowercase letters, digits, '_' and '-', not "
                         "starting with '-'",
                         pm.name),
             pm.loc, "rename the port mapping");
      if (!pm.app_protocol.empty() && pm.app_protocol != "http" && pm.app_protocol != "http2" && pm.app_protocol != "grpc")
        emit(out, "AWSSIM-ECS-005", res, fmt::format("appProtocol '{}' must be http, http2 or grpc", pm.app_protocol),
             pm.loc, "use http, http2 or grpc, or leave appProtocol out");
      if ((td.network_mode == "awsvpc" || td.network_mode == "host") && pm.host_port && *pm.host_port != 0 &&
          *pm.host_port != pm.container_port)
        emit(out, "AWSSIM-ECS-006", res,
             fmt::format("in {} mode hostPort ({}) must equal containerPort ({})", td.network_mode, *pm.host_port,
                         pm.container_port),
             pm.loc, "set hostPort to the containerPort or leave it out");
      if (td.network_mode == "none")
        emit(out, "AWSSIM-ECS-006", res, "network mode none allows no port mappings", pm.loc,
             "remove the port mappings or choose another network mode");
    }
    if (c.log_configuration && c.log_configuration->driver == "awslogs") {
      auto it = c.log_configuration->options.find("awslogs-create-group");
      // The managed AmazonECSTaskExecutionRolePolicy grants CreateLogStream
      // and PutLogEvents but not CreateLogGroup.
      if (it != c.log_configuration->options.end() && it->second == "true")
        emit(out, "AWSSIM-ECS-013", res,
             fmt::format("awslogs-create-group is true: the execution role ({}) needs logs:CreateLogGroup, which "
                         "AmazonECSTaskExecutionRolePolicy does not grant; without it the task fails to start",
                         td.execution_role_arn.empty() ? "none set" : td.execution_role_arn),
             c.log_configuration->loc,
             "add logs:CreateLogGroup to the execution role, or create the log group beforehand");
    }
  }
  if (!td.containers.empty() && !anyEssential)
    emit(out, "AWSSIM-ECS-003", "task definition " + td.family, "no container is essential; ECS requires at least one",
         td.loc, "mark the main container essential");
}

void volumeChecks(const TaskDefinition& td, std::vector<Finding>& out) {
  for (const auto& v : td.volumes) {
    std::string res = fmt::format("volume {} ({})", v.name, td.family);
    if (v.docker) {
      const auto& d = *v.docker;
      if (!d.driver.empty() && d.driver != "local" && (d.driver == "Local" || d.driver == "LOCAL"))
        emit(out, "AWSSIM-ECS-008", res,
             fmt::format("docker volume driver '{}' must be lowercase 'local'; the task fails to start without logs",
                         d.driver),
             d.driver_loc.known() ? d.driver_loc : v.loc, "write driver: local");
      if (d.scope != "shared")
        emit(out, "AWSSIM-ECS-009", res,
             "scope task: the volume is created with each task and deleted when it stops, so data does not survive "
             "a restart",
             v.loc, "use scope shared with autoprovision true for data that must survive restarts");
      else if (!d.autoprovision.value_or(false))
        emit(out, "AWSSIM-ECS-009", res,
             "scope shared without autoprovision: the task fails on an instance where the volume does not exist yet",
             v.loc, "set autoprovision: true");
      if (d.driver.empty() || d.driver == "local" || d.driver == "Local")
        emit(out, "AWSSIM-ECS-010", res,
             "a local docker volume lives under /var/lib/docker/volumes on one instance and dies with it", v.loc,
             "keep data that matters on EBS (configuredAtLaunch) or EFS, or back it up");
    }
    if (v.host_path)
      emit(out, "AWSSIM-ECS-010", res, fmt::format("host path {} lives on one instance and dies with it", *v.host_path),
           v.loc, "keep data that matters on EBS or EFS");
  }
}

void serviceConnectChecks(const sim::Network& net, const EcsService& svc, std::vector<Finding>& out) {
  if (!svc.service_connect || !svc.service_connect->enabled) return;
  const TaskDefinition& td = svc.task_definition;
  std::string res = "ecs service " + svc.name;
  if (!td.memory)
    emit(out, "AWSSIM-ECS-014", res, "Service Connect needs task-level memory in the task definition",
         td.loc.known() ? td.loc : svc.loc, "set the task definition's memory");
  sim::TaskNeeds n = sim::taskNeeds(svc);
  if (td.cpu && n.containers_cpu + n.proxy_cpu > *td.cpu)
    emit(out, "AWSSIM-ECS-015", res,
         fmt::format("containers ({} CPU units) and the Service Connect proxy ({}) exceed the task's {} CPU units",
                     n.containers_cpu, n.proxy_cpu, *td.cpu),
         td.loc, "leave 256 CPU units of the task for the proxy");
  if (td.memory && n.containers_memory + n.proxy_memory > *td.memory)
    emit(out, "AWSSIM-ECS-015", res,
         fmt::format("containers ({} MiB reserved) and the Service Connect proxy ({} MiB) exceed the task's {} MiB",
                     n.containers_memory, n.proxy_memory, *td.memory),
         td.memory_loc.known() ? td.memory_loc : td.loc, "leave 64 MiB of the task's memory for the proxy");
  for (const auto& s : svc.service_connect->services) {
    bool found = false;
    std::vector<std::string> names;
    for (const auto& c : td.containers)
      for (const auto& pm : c.port_mappings) {
        if (!pm.name.empty()) names.push_back(pm.name);
        found |= pm.name == s.port_name;
      }
    if (!found)
      emit(out, "AWSSIM-ECS-016", res,
           fmt::format("Service Connect portName '{}' matches no portMappings name of {} (names: {}){}", s.port_name,
                       td.family, joinNames(names), didYouMean(s.port_name, names)),
           s.loc, "use the name of one of the task definition's port mappings");
    if (s.client_aliases.size() > 1)
      emit(out, "AWSSIM-ECS-017", res,
           fmt::format("Service Connect service '{}' has {} client aliases; ECS takes at most one per port mapping",
                       s.port_name, s.client_aliases.size()),
           s.loc, "keep one client alias");
  }
  if (net.stack().namespaces.find(sim::serviceConnectNamespace(net.stack(), svc)) == nullptr)
    emit(out, "AWSSIM-ECS-014", res,
         "Service Connect is enabled but no namespace is set (on the "
         "service or its cluster)",
         svc.service_connect->loc, "set service_connect.namespace or the cluster's namespace");
}

/// The card's question: is the dynamic range open for Service Connect? For
/// each bridge-mode server and each client of its namespace.
void serviceConnectRanges(const std::vector<sim::ServiceConnectWire>& wires, std::vector<Finding>& out) {
  for (const auto& w : wires) {
    const sim::ServiceConnectEndpoint& ep = w.endpoint;
    const sim::QueryResult& r = w.result;
    if (r.reachable || !r.error.empty()) continue;
    bool notRunning = false;
    for (const auto& p : r.parts)
      for (const auto& e : p.trace.explanations) notRunning |= e.code == "ECS_TASK_NOT_RUNNING";
    if (notRunning) continue;  // reported as a placement finding
    const sim::QueryPart* d = r.deciding();
    std::string why = r.notes.empty() ? (d && !d->trace.explanations.empty() ? d->trace.explanations[0].detail : "")
                                      : r.notes.back();
    emit(out, "AWSSIM-ECS-018", "ecs service " + w.client,
         fmt::format("{} cannot reach {} through Service Connect alias {}:{}: {}", w.client, ep.service,
                     ep.dns_name, ep.port, why),
         d && !d->trace.explanations.empty() && d->trace.explanations[0].loc.known() ? d->trace.explanations[0].loc
                                                                                     : ep.loc,
         d && !d->trace.suggestions.empty() ? d->trace.suggestions[0] : "");
  }
}

void placementChecks(const sim::Network& net, std::vector<Finding>& out) {
  for (const auto& t : net.placement().tasks) {
    if (t.running) continue;
    const EcsService* svc = net.stack().ecs_services.find(t.service);
    emit(out, "AWSSIM-ECS-019", "ecs service " + t.service,
         fmt::format("task {} stays PENDING: {}{}", t.id, fmt::join(t.reasons, ", "),
                     t.per_instance.empty() ? "" : fmt::format(" ({})", fmt::join(t.per_instance, "; "))),
         svc->loc,
         "add container instances (raise the Auto Scaling group's desired count), use a larger type, or "
         "shrink the task");
  }
  for (const auto& svc : net.stack().ecs_services) {
    const EcsCluster* c = net.stack().ecs_clusters.find(svc.cluster);
    if (svc.task_definition.network_mode != "awsvpc" || !c || !c->capacity) continue;
    auto type = sim::instanceType(c->capacity->instance_type);
    if (type && type->trunk_enis == 0)
      emit(out, "AWSSIM-ECS-007", "ecs service " + svc.name,
           fmt::format("awsvpc tasks need an ENI each; a {} has {} ENIs (one is the instance's own) and no ENI "
                       "trunking, so at most {} awsvpc task{} fit per instance",
                       type->name, type->max_enis, type->max_enis - 1, type->max_enis - 1 == 1 ? "" : "s"),
           svc.loc, "use bridge mode, or an instance type with more ENIs or trunking");
  }
}

/// What every task needs from AWS, checked from where it runs: ECR for ECR
/// images, CloudWatch Logs for awslogs, Secrets Manager / SSM for secrets,
/// and the ECS endpoints for the agent on its instance.
void taskNeeds(const sim::Network& net, std::vector<Finding>& out) {
  const Stack& s = net.stack();
  for (const auto& svc : s.ecs_services) {
    const sim::PlacedTask* t = net.placement().firstRunning(svc.name);
    if (!t) continue;
    std::string from = t->eni.empty() ? t->instance : t->eni;
    auto need = [&](const std::string& service, const std::string& why, const Location& loc) {
      sim::QueryResult r = sim::runQuery(net, sim::Query{from, service, proto::kTcp, 443, std::nullopt, std::nullopt});
      if (r.reachable || !r.error.empty()) return;
      std::vector<std::string> blocked, fixes;
      for (const auto& p : r.parts) {
        if (p.trace.reachable) continue;
        blocked.push_back(p.trace.explanations.empty() ? p.label
                                                       : fmt::format("{}: {}", p.label, p.trace.explanations[0].detail));
        if (!p.trace.suggestions.empty()) fixes.push_back(p.trace.suggestions.back());
      }
      emit(out, "AWSSIM-ECS-020", "ecs service " + svc.name,
           fmt::format("{}, but {} cannot reach {} from {} ({})", why, svc.name, service, from,
                       fmt::join(blocked, "; ")),
           loc, fmt::format("{}", fmt::join(fixes, "; ")));
    };
    for (const auto& c : svc.task_definition.containers) {
      if (sim::serviceForHostname(c.image.substr(0, c.image.find('/')), s.region) == std::string("ecr.dkr"))
        need("ecr", fmt::format("container {} pulls its image from ECR", c.name), c.image_loc);
      if (c.log_configuration && c.log_configuration->driver == "awslogs")
        need("logs", fmt::format("container {} logs to CloudWatch Logs (awslogs)", c.name), c.log_configuration->loc);
      for (const auto& sec : c.secrets)
        need(sec.value_from.find(":ssm:") != std::string::npos ? "ssm" : "secretsmanager",
             fmt::format("container {} reads secret {}", c.name, sec.name), sec.loc);
    }
  }
}

}  // namespace

std::vector<Finding> checkTaskDefinition(const TaskDefinition& td) {
  std::vector<Finding> out;
  containerChecks(td, out);
  volumeChecks(td, out);
  return out;
}

std::vector<Finding> checkEcs(const sim::Network& net) { return checkEcs(net, sim::serviceConnectWires(net)); }

std::vector<Finding> checkEcs(const sim::Network& net, const std::vector<sim::ServiceConnectWire>& wires) {
  std::vector<Finding> out;
  const Stack& s = net.stack();
  for (const auto& svc : s.ecs_services) {
    for (auto& f : checkTaskDefinition(svc.task_definition)) out.push_back(f);
    serviceConnectChecks(net, svc, out);
    bool ebsAtLaunch = false;
    for (const auto& v : svc.task_definition.volumes) ebsAtLaunch |= v.configured_at_launch;
    if (ebsAtLaunch && svc.infrastructure_role.empty())
      emit(out, "AWSSIM-ECS-011", "ecs service " + svc.name,
           "the task definition has a volume configured at launch (EBS), but the service names no infrastructure "
           "role; ECS needs a role trusted by ecs.amazonaws.com with AmazonECSInfrastructureRolePolicyForVolumes",
           svc.loc, "set infrastructure_role on the service");
  }
  // An EBS volume attaches only to an instance in its own zone.
  for (const auto& i : s.instances)
    for (const auto& vname : i.volumes) {
      const EbsVolume* v = s.volumes.find(vname);
      const Subnet* sub = s.subnets.find(i.subnet);
      if (v && sub && v->az != sub->az)
        emit(out, "AWSSIM-ECS-012", "volume " + v->name,
             fmt::format("EBS volume {} is in {} but instance {} runs in {}; a volume attaches only in its own zone",
                         v->name, v->az, i.name, sub->az),
             v->loc, fmt::format("create the volume in {} (from a snapshot of this one)", sub->az));
    }
  placementChecks(net, out);
  serviceConnectRanges(wires, out);
  taskNeeds(net, out);
  sortFindings(out);
  return out;
}

RuleFamily ecsRules() {
  using S = Severity;
  return {"ecs",
          {
              {"AWSSIM-ECS-001", S::High, "Container memory not above its reservation",
               "RegisterTaskDefinition rejects a container whose memory is not greater than its memoryReservation.",
               "Raise memory above memoryReservation, or set only one of them.", {}},
              {"AWSSIM-ECS-002", S::High, "No memory for a container",
               "Without task-level memory every container needs memory or memoryReservation; ECS rejects the definition.",
               "Set memoryReservation on the container or memory on the task.", {}},
              {"AWSSIM-ECS-003", S::High, "No essential container", "A task needs at least one essential container.",
               "Mark the main container essential.", {}},
              {"AWSSIM-ECS-004", S::High, "Invalid portMappings name",
               "Service Connect port names are 1-64 lowercase letters, digits, '_' and '-', not starting with '-'.",
               "Rename the port mapping.", {}},
              {"AWSSIM-ECS-005", S::High, "Invalid appProtocol", "appProtocol takes http, http2 or grpc.",
               "Use one of them or leave appProtocol out.", {}},
              {"AWSSIM-ECS-006", S::High, "hostPort not allowed by the network mode",
               "In awsvpc and host mode hostPort must equal containerPort; network mode none takes no port mappings.",
               "Set hostPort to the containerPort or leave it out.", {}},
              {"AWSSIM-ECS-007", S::Medium, "awsvpc on an instance type with few ENIs",
               "Each awsvpc task takes an ENI; without trunking a small instance holds one or two tasks.",
               "Use bridge mode, or a type with more ENIs or ENI trunking.", {}},
              {"AWSSIM-ECS-008", S::High, "Docker volume driver not lowercase",
               "The driver must be 'local'; 'Local' makes the task fail to start without logs.", "Write driver: local.", {}},
              {"AWSSIM-ECS-009", S::Medium, "Data volume lost on restart",
               "scope task deletes the volume with the task; shared without autoprovision fails on a new instance.",
               "Use scope shared with autoprovision true.", {}},
              {"AWSSIM-ECS-010", S::Low, "Data on one instance only",
               "A local docker volume or host path lives under /var/lib/docker on one instance and dies with it.",
               "Keep data on EBS (configuredAtLaunch) or EFS, or back it up.", {}},
              {"AWSSIM-ECS-011", S::High, "EBS volume without the infrastructure role",
               "Volumes configured at launch need a role trusted by ecs.amazonaws.com with "
               "AmazonECSInfrastructureRolePolicyForVolumes.", "Set the service's infrastructure_role.", {}},
              {"AWSSIM-ECS-012", S::High, "EBS volume in another zone",
               "An EBS volume attaches only to an instance in its own availability zone.",
               "Create the volume in the instance's zone (from a snapshot).", {}},
              {"AWSSIM-ECS-013", S::Medium, "awslogs-create-group needs logs:CreateLogGroup",
               "AmazonECSTaskExecutionRolePolicy does not grant logs:CreateLogGroup; the task fails to start without it.",
               "Grant it to the execution role or create the log group beforehand.", {}},
              {"AWSSIM-ECS-014", S::High, "Service Connect without task memory or namespace",
               "Service Connect needs task-level memory and a namespace.", "Set them.", {}},
              {"AWSSIM-ECS-015", S::High, "No room for the Service Connect proxy",
               "The proxy needs 256 CPU units and 64 MiB inside the task's size.", "Leave room in the task size.", {}},
              {"AWSSIM-ECS-016", S::High, "Service Connect portName matches no port mapping",
               "portName must name one of the task definition's port mappings.", "Use an existing port mapping name.", {}},
              {"AWSSIM-ECS-017", S::High, "Several client aliases for one port mapping",
               "ECS takes at most one client alias per Service Connect service entry.", "Keep one alias.", {}},
              {"AWSSIM-ECS-018", S::High, "Service Connect client cannot reach its server",
               "In bridge mode the server's proxy listens on an ephemeral host port; the instance security group must "
               "admit 32768-65535 from the clients.", "Add the missing range to the security group.", {}},
              {"AWSSIM-ECS-019", S::High, "Task stays PENDING",
               "The scheduler finds no instance with the CPU, memory, ports, ENIs or attributes the task needs.",
               "Add capacity, use a larger type, or shrink the task.", {}},
              {"AWSSIM-ECS-020", S::High, "Task cannot reach the AWS services it needs",
               "ECR images, awslogs and secrets need their services from where the task runs.",
               "Add the endpoints (or a NAT gateway), or run the task where it has internet access.", {}},
          },
          [](const RuleContext& ctx, std::vector<Finding>& out) {
            auto found = ctx.service_connect ? checkEcs(ctx.net, *ctx.service_connect) : checkEcs(ctx.net);
            for (auto& f : found) out.push_back(std::move(f));
          }};
}

}  // namespace awssim::rules
