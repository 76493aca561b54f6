// ECS on EC2: task sizes, placement with ECS's reasons, Service Connect and
// its port range, ECS services as query endpoints.
#include <gtest/gtest.h>

#include "rules/ecs_checks.h"
#include "sim/ecs.h"
#include "sim/instance_types.h"
#include "sim_test_util.h"

namespace awssim::sim {
namespace {

using namespace testing;
using V = std::vector<std::string>;

const std::string kEcs = std::string(AWSSIM_SOURCE_DIR) + "/fixtures/seed-ecs/";

TEST(InstanceTypes, RegisteredCapacityMatchesTheSeed) {
  auto t3 = instanceType("t3.micro");
  ASSERT_TRUE(t3);
  EXPECT_EQ(registeredCpu(*t3), 2048);
  EXPECT_EQ(registeredMemory(*t3, 0), 927);  // the seed: "2 vCPU and 0.905 GB"
  EXPECT_EQ(registeredCpu(*instanceType("t2.micro")), 1024);
  EXPECT_EQ(instanceType("t3.small")->max_enis, 3);
  EXPECT_EQ(instanceType("t3.medium")->ipv4_per_eni, 6);
  EXPECT_EQ(instanceType("t3.micro")->trunk_enis, 0);
  EXPECT_GT(instanceType("m5.large")->trunk_enis, 0);
  EXPECT_FALSE(instanceType("t9.huge"));
}

// The seed's tasks: 2048 CPU / 927 MiB each, the Service Connect proxy
// (256 / 64) inside the task-level size.
TEST(EcsPlacement, SeedTasksTakeAWholeT3MicroEach) {
  auto f = stackFile(kEcs + "stack.yaml");
  const auto& svc = *f->loaded.stack.ecs_services.find("redis");
  TaskNeeds n = taskNeeds(svc);
  EXPECT_EQ(n.cpu, 2048);
  EXPECT_EQ(n.memory, 927);
  EXPECT_EQ(n.containers_cpu, 1792);
  EXPECT_EQ(n.containers_memory, 819);
  EXPECT_EQ(n.proxy_cpu, 256);
  EXPECT_EQ(n.proxy_memory, 64);
  const Placement& p = f->net->placement();
  ASSERT_EQ(p.tasks.size(), 2u);
  EXPECT_TRUE(p.tasks[0].running);
  EXPECT_EQ(p.tasks[0].instance, "public-cluster-1");
  EXPECT_TRUE(p.tasks[1].running);
  EXPECT_EQ(p.tasks[1].instance, "public-cluster-2");  // spread over zones
  EXPECT_EQ(p.tasks[0].host_ports.at(6379), 6379);
  EXPECT_EQ(p.instances[0].cpu_used, 2048);
  EXPECT_EQ(p.instances[0].memory_used, 927);
}

TEST(EcsPlacement, OneInstanceLeavesATaskPending) {
  auto f = stackFile(kEcs + "broken-one-instance.yaml");
  const Placement& p = f->net->placement();
  ASSERT_EQ(p.tasks.size(), 2u);
  EXPECT_TRUE(p.tasks[0].running);
  EXPECT_FALSE(p.tasks[1].running);
  EXPECT_EQ(p.tasks[1].reasons, (V{"RESOURCE:CPU", "RESOURCE:MEMORY"}));
  EXPECT_EQ(p.tasks[1].per_instance, V{"public-cluster-1: RESOURCE:CPU, RESOURCE:MEMORY"});
}

std::string clusterStack(const std::string& services, const std::string& type = "t3.large", int desired = 2) {
  return "region: eu-north-1\n"
         "vpc: {name: main, cidr: 10.0.0.0/16}\n"
         "subnets:\n"
         "  a: {cidr: 10.0.0.0/24, az: a}\n"
         "  b: {cidr: 10.0.1.0/24, az: b}\n"
         "security_groups: {hosts: {ingress: [{proto: all, from: 10.0.0.0/16}]}, tasks: {}}\n"
         "ecs_clusters:\n"
         "  c: {capacity: {instance_type: " + type + ", desired: " + std::to_string(desired) +
         ", subnets: [a, b], sgs: [hosts]}}\n"
         "ecs_services:\n" + services;
}

model::MemoryFileSource taskFiles() {
  model::MemoryFileSource files;
  files.add("web.json", R"({"family": "web", "networkMode": "bridge", "containerDefinitions": [
    {"name": "web", "image": "nginx", "cpu": 512, "memoryReservation": 256,
     "portMappings": [{"containerPort": 80, "hostPort": 8080}, {"containerPort": 9000}]}]})");
  files.add("vpc.json", R"({"family": "vpc", "networkMode": "awsvpc", "containerDefinitions": [
    {"name": "app", "image": "nginx", "cpu": 256, "memory": 256, "portMappings": [{"containerPort": 8080}]}]})");
  return files;
}

// Two tasks mapping the same static host port never share an instance.
TEST(EcsPlacement, StaticHostPortsConflict) {
  auto f = stackOf(clusterStack("  web: {cluster: c, task_definition: web.json, desired_count: 3}\n"), taskFiles());
  const Placement& p = f->net->placement();
  EXPECT_TRUE(p.tasks[0].running);
  EXPECT_TRUE(p.tasks[1].running);
  EXPECT_NE(p.tasks[0].instance, p.tasks[1].instance);
  EXPECT_FALSE(p.tasks[2].running);
  EXPECT_EQ(p.tasks[2].reasons, V{"RESOURCE:PORTS"});
  // The unmapped container port got a dynamic host port from 32768.
  EXPECT_EQ(p.tasks[0].host_ports.at(9000), 32768);
}

// awsvpc tasks take an ENI each: a t3.micro has two, one of them its own.
TEST(EcsPlacement, AwsvpcTasksNeedFreeEnis) {
  std::string svc = "  app: {cluster: c, task_definition: vpc.json, desired_count: 3, subnets: [a, b], sgs: [tasks]}\n";
  auto f = stackOf(clusterStack(svc, "t3.micro", 2), taskFiles());
  const Placement& p = f->net->placement();
  EXPECT_TRUE(p.tasks[0].running);
  EXPECT_TRUE(p.tasks[1].running);
  EXPECT_FALSE(p.tasks[2].running);
  EXPECT_EQ(p.tasks[2].reasons, V{"RESOURCE:ENI"});
  // Each running task has its own interface in its instance's zone, no public IP.
  int e = f->net->eniByName("app/1");
  ASSERT_GE(e, 0);
  EXPECT_EQ(f->net->enis()[e].kind, EniKind::EcsTask);
  EXPECT_FALSE(f->net->enis()[e].public_ip);
  auto findings = rules::checkEcs(*f->net);
  bool eniNote = false;
  for (const auto& x : findings) eniNote |= x.rule_id == "AWSSIM-ECS-007";
  EXPECT_TRUE(eniNote);
}

// Regression (issue 16, class 1): an awsvpc service without subnets was
// accepted and crashed the Service Connect wiring. ECS refuses it
// (CreateService requires networkConfiguration for awsvpc): a located error.
TEST(EcsPlacement, AwsvpcServiceWithoutSubnetsIsAnError) {
  std::string svc = "  app: {cluster: c, task_definition: vpc.json, desired_count: 2}\n";
  auto r = load::loadStackText(clusterStack(svc, "t3.micro", 2), "stack.yaml", taskFiles());
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.diags.all().size(), 1u) << testing::diagText(r);
  const auto& d = r.diags.all()[0];
  EXPECT_EQ(d.loc.file, "stack.yaml");
  EXPECT_EQ(d.loc.line, 10);  // the service's line
  EXPECT_EQ(d.loc.col, 3);
  EXPECT_NE(d.message.find("ecs service 'app' runs an awsvpc task definition but names no subnets"), std::string::npos);
}

// Issue 16, class 1: the same stack with Service Connect between the
// interface-less tasks and a client on the other instance crashed check and
// ecs (an interface index of -1). The model the validator refuses still
// answers: the wire says why it cannot be traced.
TEST(EcsPlacement, ServiceConnectToATaskWithoutAnInterfaceIsAnswered) {
  auto files = taskFiles();
  files.add("sc.json", R"({"family": "sc", "networkMode": "awsvpc", "memory": "512", "containerDefinitions": [
    {"name": "app", "image": "nginx", "cpu": 256, "memory": 256,
     "portMappings": [{"name": "api", "containerPort": 8080}]}]})");
  std::string svc =
      "  app: {cluster: c, task_definition: sc.json, desired_count: 1,\n"
      "        service_connect: {enabled: true, namespace: ns, services: [{portName: api, clientAliases: [{port: 8080, "
      "dnsName: app}]}]}}\n"
      "  web: {cluster: c, task_definition: web.json, desired_count: 2, service_connect: {enabled: true, namespace: "
      "ns}}\n";
  auto r = load::loadStackText(clusterStack(svc, "t3.micro", 2) + "namespaces: {ns: {type: http}}\n", "stack.yaml", files);
  ASSERT_FALSE(r.ok());
  sim::Network net(r.stack);
  auto wires = sim::serviceConnectWires(net);
  ASSERT_FALSE(wires.empty());
  for (const auto& w : wires) {
    EXPECT_EQ(w.client, "web");
    EXPECT_FALSE(w.result.reachable);
    EXPECT_NE(w.result.error.find("has no network interface"), std::string::npos) << w.result.error;
  }
}

TEST(EcsPlacement, ConstraintsAndStrategies) {
  std::string svc =
      "  web: {cluster: c, task_definition: vpc.json, desired_count: 3, subnets: [a, b], sgs: [tasks],\n"
      "        placement_constraints: [{type: memberOf, expression: 'attribute:ecs.availability-zone in [eu-north-1b]'}],\n"
      "        placement_strategy: [{type: binpack, field: memory}]}\n";
  // Without trunking an m5.large holds two awsvpc tasks (3 ENIs, one its own).
  auto f = stackOf(clusterStack(svc, "m5.large", 2), taskFiles());
  const Placement& p = f->net->placement();
  EXPECT_EQ(p.tasks[2].reasons, (V{"MemberOf placement constraint unsatisfied", "RESOURCE:ENI"}));
  auto trunked = stackOf(sub(clusterStack(svc, "m5.large", 2), "sgs: [hosts]}", "sgs: [hosts], eni_trunking: true}"), taskFiles());
  const Placement& pt = trunked->net->placement();
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(pt.tasks[i].running) << i;
    EXPECT_EQ(pt.tasks[i].instance, "c-2") << i;  // the one in zone b, packed
  }
  std::string distinct =
      "  web: {cluster: c, task_definition: vpc.json, desired_count: 3, subnets: [a, b], sgs: [tasks],\n"
      "        placement_constraints: [{type: distinctInstance}]}\n";
  auto g = stackOf(clusterStack(distinct, "m5.large", 2), taskFiles());
  EXPECT_EQ(g->net->placement().tasks[2].reasons, V{"DistinctInstance placement constraint unsatisfied"});
}

// `=~` takes a wildcard pattern (the ECS cluster query language). Regression
// (issue 16, class 3): a pattern of many `*` took exponential time in a
// backtracking regex (32 stars: over two minutes); it is now linear.
TEST(EcsPlacement, WildcardConstraintsMatchInLinearTime) {
  auto placed = [](const std::string& pattern) {
    std::string svc = "  web: {cluster: c, task_definition: web.json, desired_count: 1,\n"
                      "        placement_constraints: [{type: memberOf, expression: 'attribute:ecs.instance-type =~ " +
                      pattern + "'}]}\n";
    auto f = stackOf(clusterStack(svc, "m5.large", 1), taskFiles());
    return f->net->placement().tasks[0].running;
  };
  EXPECT_TRUE(placed("m5.*"));
  EXPECT_TRUE(placed("*.large"));
  EXPECT_FALSE(placed("t3.*"));
  EXPECT_FALSE(placed("m5?large"));  // only `*` is a wildcard; `?` and `.` are themselves
  std::string stars;
  for (int i = 0; i < 40; ++i) stars += "*m";
  EXPECT_FALSE(placed(stars + "x"));
}

// The card's question: "is 32768-65535 open for Service Connect?" With the
// seed's SG, yes; without the rule, no, naming the range and the rule to add;
// with half a range, the missing half.
TEST(ServiceConnect, DynamicRangeIsChecked) {
  auto ok = stackFile(kEcs + "stack.yaml");
  auto r = ask(*ok, "messages", "redis", 6379);
  EXPECT_TRUE(r.reachable);
  EXPECT_EQ(r.parts[0].label, "Service Connect redis:6379 -> proxy on public-cluster-1 tcp 32768-65535");
  auto none = stackFile(kEcs + "broken-no-dynamic-ports.yaml");
  auto n = ask(*none, "messages", "redis", 6379);
  EXPECT_FALSE(n.reachable);
  EXPECT_EQ(n.parts[0].trace.suggestions.at(0),
            "add ingress tcp 32768-65535 from sg:ecs-instances to security group 'ecs-instances'");
  model::DiskFileSource disk;
  std::string text = *disk.read(kEcs + "stack.yaml");
  text = sub(text, "{tcp: 32768-65535, from: 10.0.128.0/17", "{tcp: 32768-60999, from: 10.0.128.0/17");
  auto partial = load::loadStackText(text, kEcs + "half.yaml", disk);
  ASSERT_TRUE(partial.ok());
  Network net(partial.stack);
  auto h = runQuery(net, Query{"messages", "redis", model::proto::kTcp, 6379, std::nullopt, std::nullopt});
  EXPECT_FALSE(h.reachable);
  EXPECT_EQ(h.notes.back(),
            "Service Connect in bridge mode: redis's proxy listens on an ephemeral host port of public-cluster-1 (tcp "
            "32768-65535); from public-cluster-2 only tcp 32768-60999 gets through; tcp 61000-65535 is missing");
  EXPECT_EQ(h.parts[0].trace.suggestions.at(0),
            "add ingress tcp 61000-65535 from sg:ecs-instances to security group 'ecs-instances'");
}

// ECS services are endpoints: reached on their host ports through their
// instances (bridge), or on their own interface (awsvpc).
TEST(EcsQuery, ServicesAsEndpoints) {
  auto f = stackFile(kEcs + "stack.yaml");
  auto r = ask(*f, "internet", "messages", 80);
  EXPECT_TRUE(r.reachable);
  EXPECT_EQ(r.notes.at(0), "container port 80 is host port 80 on public-cluster-2");
  auto redis = ask(*f, "internet", "redis", 6379);
  EXPECT_FALSE(redis.reachable);
  EXPECT_EQ(blocks(redis), V{"ENI_SG_RULES_MISMATCH@security group ecs-instances(forward)"});
  auto unmapped = ask(*f, "internet", "redis", 7000);
  EXPECT_EQ(unmapped.error, "ecs service redis maps no container port 7000 (its tasks publish: 6379 on host port 6379)");
  auto pending = ask(*stackFile(kEcs + "broken-one-instance.yaml"), "messages", "redis", 6379);
  EXPECT_EQ(blocks(pending), V{"ECS_TASK_NOT_RUNNING@ecs service messages(forward)"});
}

// A service read from `aws ecs describe-services` output: AWS IDs map to the
// stack's resources; Service Connect comes from the current deployment. On
// EC2 its awsvpc task has no public IP, and without NAT or endpoints it
// cannot pull from ECR.
TEST(EcsQuery, AwsvpcTaskInAPrivateSubnetCannotPullFromEcr) {
  auto f = stackFile(kEcs + "broken-awsvpc-private.yaml");
  const auto& svc = *f->loaded.stack.ecs_services.find("redis");
  EXPECT_EQ(svc.cluster, "public-cluster");
  EXPECT_EQ(svc.subnets, (V{"private-a", "private-b"}));
  EXPECT_EQ(svc.sgs, V{"redis-task"});
  ASSERT_TRUE(svc.service_connect);
  EXPECT_EQ(svc.service_connect->namespace_, "public-cluster");
  ASSERT_EQ(svc.placement_strategy.size(), 1u);
  EXPECT_EQ(svc.placement_strategy[0].field, "attribute:ecs.availability-zone");
  auto r = ask(*f, "redis", "ecr", 443);
  EXPECT_FALSE(r.reachable);
  EXPECT_EQ(r.source, "ecs service redis (task redis/1 on public-cluster-1)");
  EXPECT_EQ(blocks(r), (V{"NO_ROUTE_TO_DESTINATION@route table private(forward)",
                          "NO_ROUTE_TO_DESTINATION@route table private(forward)"}));
  EXPECT_EQ(r.notes, (V{"ecr.api: no interface endpoint in the VPC and no working internet path",
                        "ecr.dkr: no interface endpoint in the VPC and no working internet path"}));
  bool finding = false;
  for (const auto& x : rules::checkEcs(*f->net))
    finding |= x.rule_id == "AWSSIM-ECS-020" && x.message.find("pulls its image from ECR") != std::string::npos;
  EXPECT_TRUE(finding);
}

// ECS_DYNAMIC_HOST_PORT_RANGE decides where dynamic host ports come from.
TEST(EcsPlacement, DynamicHostPortRangeSetting) {
  auto f = stackOf(sub(clusterStack("  web: {cluster: c, task_definition: web.json}\n"), "sgs: [hosts]}",
                       "sgs: [hosts], dynamic_host_ports: 49153-65535}"), taskFiles());
  EXPECT_EQ(f->net->placement().tasks[0].host_ports.at(9000), 49153);
}

}  // namespace
}  // namespace awssim::sim
