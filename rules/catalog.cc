#include "rules/catalog.h"

#include "rules/cost_checks.h"
#include "rules/ecs_checks.h"
#include "rules/intents.h"
#include "sim/cost.h"
#include "sim/intents.h"

namespace awssim::rules {

const std::vector<RuleFamily>& ruleFamilies() {
  static const std::vector<RuleFamily> families = {networkRules(), hygieneRules(), seedTrapRules(),
                                                   ecsRules(),     intentRules(),  costRules(),
                                                   suppressionRules(), scopeRules()};
  return families;
}

const RuleInfo* findRule(const std::string& id) {
  for (const auto& f : ruleFamilies())
    for (const auto& r : f.rules)
      if (r.id == id) return &r;
  return nullptr;
}

std::vector<const RuleInfo*> allRules() {
  std::vector<const RuleInfo*> out;
  for (const auto& f : ruleFamilies())
    for (const auto& r : f.rules) out.push_back(&r);
  return out;
}

std::vector<Finding> runRules(const RuleContext& ctx) {
  std::vector<Finding> out;
  for (const auto& f : ruleFamilies()) f.check(ctx, out);
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
            for (auto& f : checkEcs(ctx.net)) out.push_back(std::move(f));
          }};
}

RuleFamily intentRules() {
  return {"intents",
          {
              {"AWSSIM-INTENT-001", Severity::High, "A flow the manifests imply does not get through",
               "A host and port in .env, compose, task definitions or app configs is a connection the workload will "
               "make; the engine finds it blocked or going nowhere.",
               "Fix the address or the rules the explanation names.", {}},
              {"AWSSIM-INTENT-002", Severity::High, "An AWS service the manifests need is not reachable",
               "user-data (aws s3 cp, aws ssm get-parameter, aws ec2 describe-instances ...) and task definitions "
               "(ECR images, awslogs, secrets) need AWS services from where the workload runs; a private subnet "
               "without endpoints or NAT cannot reach them.",
               "Add the endpoint (gateway endpoint for S3/DynamoDB, interface endpoint otherwise) or a NAT gateway.", {}},
              {"AWSSIM-INTENT-003", Severity::High, "Instance metadata call that will fail",
               "A metadata call without an IMDSv2 token gets 401 when the instance requires tokens; none works with "
               "the endpoint disabled.", "Request a token first, or change the instance's metadata options.", {}},
          },
          [](const RuleContext& ctx, std::vector<Finding>& out) {
            auto results = checkIntents(ctx.net, sim::deriveIntents(ctx.net.stack()));
            for (auto& f : intentFindings(results)) out.push_back(std::move(f));
          }};
}

RuleFamily costRules() {
  return {"cost",
          {
              {"AWSSIM-COST-001", Severity::High, "Over budget",
               "The monthly cost (after the free tier on the legacy plan) is above the stack's budget.",
               "Cut the costliest items of `awssim cost` or raise the budget.", {}},
              {"AWSSIM-COST-002", Severity::Medium, "Beyond the free tier",
               "The legacy free tier pools 750 instance hours, 750 public IPv4 hours, 30 GB of EBS ... over all "
               "resources; usage beyond it is billed.", "Run fewer or smaller resources, or accept the cost.", {}},
          },
          [](const RuleContext& ctx, std::vector<Finding>& out) {
            if (!ctx.prices) return;
            auto report = sim::estimateCost(ctx.net, *ctx.prices, ctx.budget ? ctx.budget : ctx.net.stack().budget);
            for (auto& f : checkCost(report, ctx.net.stack())) out.push_back(std::move(f));
          }};
}

}  // namespace awssim::rules
