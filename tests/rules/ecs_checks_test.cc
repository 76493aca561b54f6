// Every ECS finding, from a task definition (or stack) that triggers it, with
// the rule id, resource and file:line:col asserted; and the fixed form that
// does not trigger it.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "model/load/stack_loader.h"
#include "rules/ecs_checks.h"
#include "sim/network.h"

namespace awssim::rules {
namespace {

std::string stackWith(const std::string& svcExtra = "", const std::string& extra = "", const std::string& type = "t3.large") {
  return "region: eu-north-1\n"
         "vpc: {name: main, cidr: 10.0.0.0/16}\n"
         "subnets:\n"
         "  pub: {cidr: 10.0.0.0/24, az: a, route_table: pub}\n"
         "  priv: {cidr: 10.0.1.0/24, az: a}\n"
         "internet_gateways: {igw: {}}\n"
         "route_tables: {pub: {routes: [{to: 0.0.0.0/0, via: igw}]}}\n"
         "security_groups: {hosts: {ingress: [{proto: all, from: 10.0.0.0/16}]}, tasks: {}}\n"
         "namespaces: {ns: {type: http}}\n"
         "ecs_clusters: {c: {namespace: ns, capacity: {instance_type: " + type + ", desired: 1, subnets: [pub], sgs: [hosts], public_ip: true}}}\n"
         "ecs_services:\n"
         "  svc: {cluster: c, task_definition: td.json" + svcExtra + "}\n" + extra;
}

/// "ID resource @line:col" for each finding of the stack.
std::vector<std::string> findingsOf(const std::string& td, const std::string& stack = stackWith()) {
  model::MemoryFileSource files;
  files.add("td.json", td);
  auto loaded = load::loadStackText(stack, "stack.yaml", files);
  std::string diags;
  for (const auto& d : loaded.diags.all()) diags += d.str() + "\n";
  EXPECT_TRUE(loaded.ok()) << diags;
  sim::Network net(loaded.stack);
  std::vector<std::string> out;
  for (const auto& f : checkEcs(net))
    out.push_back(fmt::format("{} {} @{}:{}:{}", f.rule_id, f.resource, f.loc.file, f.loc.line, f.loc.col));
  return out;
}

bool has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

// A clean definition: bridge mode, one essential container, sized.
const char* kClean = R"({
  "family": "app",
  "networkMode": "bridge",
  "containerDefinitions": [
    {"name": "app", "image": "nginx", "cpu": 256, "memory": 512, "memoryReservation": 256,
     "portMappings": [{"name": "web", "containerPort": 80, "hostPort": 8080, "appProtocol": "http"}]}
  ]
})";

TEST(EcsChecks, CleanDefinitionHasNoFindings) {
  EXPECT_EQ(findingsOf(kClean), std::vector<std::string>{});
}

TEST(EcsChecks, MemoryMustExceedReservation) {
  auto f = findingsOf(R"({"family": "app", "containerDefinitions": [
    {"name": "app", "image": "nginx", "memory": 256, "memoryReservation": 512}]})");
  EXPECT_TRUE(has(f, "AWSSIM-ECS-001 container app (app) @td.json:2:39")) << ::testing::PrintToString(f);
}

TEST(EcsChecks, MemoryIsRequiredSomewhere) {
  auto f = findingsOf(R"({"family": "app", "containerDefinitions": [
    {"name": "app", "image": "nginx", "cpu": 128}]})");
  EXPECT_TRUE(has(f, "AWSSIM-ECS-002 container app (app) @td.json:2:5")) << ::testing::PrintToString(f);
  auto ok = findingsOf(R"({"family": "app", "memory": "512", "containerDefinitions": [
    {"name": "app", "image": "nginx", "cpu": 128}]})");
  EXPECT_FALSE(has(ok, "AWSSIM-ECS-002 container app (app) @td.json:2:5"));
}

TEST(EcsChecks, OneContainerMustBeEssential) {
  auto f = findingsOf(R"({"family": "app", "containerDefinitions": [
    {"name": "app", "image": "nginx", "memory": 128, "essential": false}]})");
  EXPECT_TRUE(has(f, "AWSSIM-ECS-003 task definition app @td.json:1:1")) << ::testing::PrintToString(f);
}

TEST(EcsChecks, PortMappingNamesAndAppProtocol) {
  auto f = findingsOf(R"({"family": "app", "containerDefinitions": [
    {"name": "app", "image": "nginx", "memory": 128,
     "portMappings": [{"name": "Web_Port", "containerPort": 80, "appProtocol": "https"}]}]})");
  EXPECT_TRUE(has(f, "AWSSIM-ECS-004 container app (app) @td.json:3:23")) << ::testing::PrintToString(f);
  EXPECT_TRUE(has(f, "AWSSIM-ECS-005 container app (app) @td.json:3:23")) << ::testing::PrintToString(f);
}

TEST(EcsChecks, HostPortRulesPerNetworkMode) {
  auto f = findingsOf(R"({"family": "app", "networkMode": "host", "containerDefinitions": [
    {"name": "app", "image": "nginx", "memory": 128,
     "portMappings": [{"containerPort": 80, "hostPort": 8080}]}]})");
  EXPECT_TRUE(has(f, "AWSSIM-ECS-006 container app (app) @td.json:3:23")) << ::testing::PrintToString(f);
}

TEST(EcsChecks, AwsvpcOnATypeWithoutFreeEnis) {
  std::string td = R"({"family": "app", "networkMode": "awsvpc", "containerDefinitions": [
    {"name": "app", "image": "nginx", "memory": 128, "portMappings": [{"containerPort": 80}]}]})";
  auto f = findingsOf(td, stackWith(", subnets: [pub], sgs: [tasks]", "", "t3.micro"));
  EXPECT_TRUE(has(f, "AWSSIM-ECS-007 ecs service svc @stack.yaml:12:3")) << ::testing::PrintToString(f);
}

TEST(EcsChecks, DockerVolumeDriverMustBeLowercase) {
  auto f = findingsOf(R"({"family": "app", "containerDefinitions": [{"name": "app", "image": "nginx", "memory": 128}],
    "volumes": [{"name": "data", "dockerVolumeConfiguration": {"scope": "shared", "autoprovision": true,
      "driver": "Local"}}]})");
  EXPECT_TRUE(has(f, "AWSSIM-ECS-008 volume data (app) @td.json:3:17")) << ::testing::PrintToString(f);
  EXPECT_TRUE(has(f, "AWSSIM-ECS-010 volume data (app) @td.json:2:17")) << ::testing::PrintToString(f);
}

TEST(EcsChecks, DataVolumesNeedSharedScopeAndAutoprovision) {
  auto task = findingsOf(R"({"family": "app", "containerDefinitions": [{"name": "app", "image": "nginx", "memory": 128}],
    "volumes": [{"name": "data", "dockerVolumeConfiguration": {"scope": "task", "driver": "local"}}]})");
  EXPECT_TRUE(has(task, "AWSSIM-ECS-009 volume data (app) @td.json:2:17")) << ::testing::PrintToString(task);
  auto noAuto = findingsOf(R"({"family": "app", "containerDefinitions": [{"name": "app", "image": "nginx", "memory": 128}],
    "volumes": [{"name": "data", "dockerVolumeConfiguration": {"scope": "shared", "driver": "local"}}]})");
  EXPECT_TRUE(has(noAuto, "AWSSIM-ECS-009 volume data (app) @td.json:2:17"));
  auto good = findingsOf(R"({"family": "app", "containerDefinitions": [{"name": "app", "image": "nginx", "memory": 128}],
    "volumes": [{"name": "data", "dockerVolumeConfiguration": {"scope": "shared", "autoprovision": true, "driver": "local"}}]})");
  EXPECT_FALSE(has(good, "AWSSIM-ECS-009 volume data (app) @td.json:2:17"));
}

TEST(EcsChecks, EbsAtLaunchNeedsTheInfrastructureRole) {
  std::string td = R"({"family": "app", "containerDefinitions": [{"name": "app", "image": "nginx", "memory": 128}],
    "volumes": [{"name": "data", "configuredAtLaunch": true}]})";
  EXPECT_TRUE(has(findingsOf(td), "AWSSIM-ECS-011 ecs service svc @stack.yaml:12:3"));
  EXPECT_FALSE(has(findingsOf(td, stackWith(", infrastructure_role: ecsInfrastructureRole")),
                   "AWSSIM-ECS-011 ecs service svc @stack.yaml:12:3"));
}

TEST(EcsChecks, EbsVolumeOnlyInTheInstancesZone) {
  std::string extra =
      "volumes: {data: {az: b, size: 20}}\n"
      "instances: {db: {type: t3.micro, subnet: priv, volumes: [data], sgs: [tasks]}}\n";
  auto f = findingsOf(kClean, stackWith("", extra));
  EXPECT_TRUE(has(f, "AWSSIM-ECS-012 volume data @stack.yaml:13:11")) << ::testing::PrintToString(f);
}

TEST(EcsChecks, AwslogsCreateGroupNeedsThePermission) {
  auto f = findingsOf(R"({"family": "app", "executionRoleArn": "arn:aws:iam::1:role/ecsTaskExecutionRole",
    "containerDefinitions": [{"name": "app", "image": "nginx", "memory": 128,
      "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-create-group": "true", "awslogs-group": "/ecs/app"}}}]})");
  EXPECT_TRUE(has(f, "AWSSIM-ECS-013 container app (app) @td.json:3:27")) << ::testing::PrintToString(f);
}

TEST(EcsChecks, ServiceConnectSizing) {
  std::string sc = ", service_connect: {namespace: ns, services: [{portName: web}]}";
  // No task-level memory.
  auto noMem = findingsOf(kClean, stackWith(sc));
  EXPECT_TRUE(has(noMem, "AWSSIM-ECS-014 ecs service svc @td.json:1:1")) << ::testing::PrintToString(noMem);
  // Containers fill the task: no room for the proxy.
  auto full = findingsOf(R"({"family": "app", "cpu": "1024", "memory": "512", "containerDefinitions": [
    {"name": "app", "image": "nginx", "cpu": 1024, "memoryReservation": 480,
     "portMappings": [{"name": "web", "containerPort": 80}]}]})", stackWith(sc));
  EXPECT_TRUE(has(full, "AWSSIM-ECS-015 ecs service svc @td.json:1:1")) << ::testing::PrintToString(full);
  EXPECT_TRUE(has(full, "AWSSIM-ECS-015 ecs service svc @td.json:1:44")) << ::testing::PrintToString(full);
}

TEST(EcsChecks, ServiceConnectPortNameMustExist) {
  auto f = findingsOf(kClean, stackWith(", service_connect: {namespace: ns, services: [{portName: wbe}]}"));
  EXPECT_TRUE(has(f, "AWSSIM-ECS-016 ecs service svc @stack.yaml:12:91")) << ::testing::PrintToString(f);
}

TEST(EcsChecks, OneClientAliasPerPortMapping) {
  auto f = findingsOf(kClean, stackWith(", service_connect: {namespace: ns, services: [{portName: web, clientAliases: "
                                        "[{port: 80}, {port: 8080}]}]}"));
  EXPECT_TRUE(has(f, "AWSSIM-ECS-017 ecs service svc @stack.yaml:12:91")) << ::testing::PrintToString(f);
}

TEST(EcsChecks, PendingTasksAreFindings) {
  auto f = findingsOf(R"({"family": "app", "cpu": "4096", "memory": "512", "containerDefinitions": [
    {"name": "app", "image": "nginx", "cpu": 256, "memory": 128}]})");
  EXPECT_TRUE(has(f, "AWSSIM-ECS-019 ecs service svc @stack.yaml:12:3")) << ::testing::PrintToString(f);
}

TEST(EcsChecks, TaskNeedsEcrFromWhereItRuns) {
  std::string td = R"({"family": "app", "networkMode": "awsvpc", "containerDefinitions": [
    {"name": "app", "image": "123456789012.dkr.ecr.eu-north-1.amazonaws.com/app:1", "memory": 128}]})";
  // An awsvpc task in the private subnet has no public IP and no NAT.
  auto f = findingsOf(td, stackWith(", subnets: [priv], sgs: [tasks]", "", "m5.large"));
  EXPECT_TRUE(has(f, "AWSSIM-ECS-020 ecs service svc @td.json:2:30")) << ::testing::PrintToString(f);
  // In bridge mode the task uses its instance, which has a public IP.
  std::string bridge = R"({"family": "app", "containerDefinitions": [
    {"name": "app", "image": "123456789012.dkr.ecr.eu-north-1.amazonaws.com/app:1", "memory": 128}]})";
  EXPECT_FALSE(has(findingsOf(bridge), "AWSSIM-ECS-020 ecs service svc @td.json:2:30"));
}

TEST(EcsChecks, SeedEcsFindings) {
  model::DiskFileSource disk;
  auto loaded = load::loadStack(std::string(AWSSIM_SOURCE_DIR) + "/fixtures/seed-ecs/broken-no-dynamic-ports.yaml", disk);
  ASSERT_TRUE(loaded.ok());
  sim::Network net(loaded.stack);
  std::vector<std::string> ids;
  for (const auto& f : checkEcs(net)) ids.push_back(f.rule_id + " " + f.resource);
  EXPECT_EQ(ids, (std::vector<std::string>{"AWSSIM-ECS-018 ecs service messages", "AWSSIM-ECS-018 ecs service redis",
                                           "AWSSIM-ECS-013 container simp-messages (simp-messages-task)",
                                           "AWSSIM-ECS-013 container cred-redis (cred-redis-task)",
                                           "AWSSIM-ECS-010 volume redis-data (cred-redis-task)"}));
}

}  // namespace
}  // namespace awssim::rules
