// The ECS task-definition loader: the seed's exported files load unchanged,
// and JSON problems are reported with their own file:line:col.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "model/load/task_definition_loader.h"

namespace awssim::load {
namespace {

std::string readFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const std::string kUpstream = std::string(AWSSIM_SHARED_DIR) + "/upstream/aws-deployment-example";

std::vector<std::string> messages(const model::Diagnostics& d) {
  std::vector<std::string> out;
  for (const auto& x : d.all()) out.push_back(x.str());
  return out;
}

TEST(TaskDefinitionLoader, LoadsTheSeedsRedisDefinitionUnchanged) {
  model::Diagnostics d;
  std::string path = kUpstream + "/redis/redis-task-definition.json";
  auto td = loadTaskDefinition(readFile(path), path, d);
  ASSERT_TRUE(td) << ::testing::PrintToString(messages(d));
  EXPECT_TRUE(d.all().empty()) << ::testing::PrintToString(messages(d));
  EXPECT_EQ(td->family, "cred-redis-task");
  EXPECT_EQ(td->network_mode, "bridge");
  EXPECT_EQ(td->cpu, 2048);
  EXPECT_EQ(td->memory, 927);
  ASSERT_EQ(td->containers.size(), 1u);
  const auto& c = td->containers[0];
  EXPECT_EQ(c.name, "cred-redis");
  EXPECT_EQ(c.cpu, 1792);
  EXPECT_EQ(c.memory, 862);
  EXPECT_EQ(c.memory_reservation, 819);
  ASSERT_EQ(c.port_mappings.size(), 1u);
  EXPECT_EQ(c.port_mappings[0].name, "redis-port");
  EXPECT_EQ(c.port_mappings[0].host_port, 6379);
  EXPECT_EQ(c.port_mappings[0].loc.line, 11);
  ASSERT_TRUE(c.log_configuration);
  EXPECT_EQ(c.log_configuration->driver, "awslogs");
  EXPECT_EQ(c.log_configuration->options.at("awslogs-create-group"), "true");
  ASSERT_EQ(td->volumes.size(), 1u);
  ASSERT_TRUE(td->volumes[0].docker);
  EXPECT_EQ(td->volumes[0].docker->scope, "shared");
  EXPECT_EQ(td->volumes[0].docker->autoprovision, true);
  EXPECT_EQ(td->volumes[0].docker->driver, "local");
  EXPECT_EQ(td->volumes[0].docker->driver_loc.line, 55);
}

TEST(TaskDefinitionLoader, LoadsTheEbsVariantAndMessages) {
  model::Diagnostics d;
  std::string ebs = kUpstream + "/redis/redis-task-definition-EBS.json";
  auto td = loadTaskDefinition(readFile(ebs), ebs, d);
  ASSERT_TRUE(td);
  EXPECT_TRUE(td->volumes.at(0).configured_at_launch);
  std::string msg = kUpstream + "/messages/messages-task-definition.json";
  auto m = loadTaskDefinition(readFile(msg), msg, d);
  ASSERT_TRUE(m);
  EXPECT_TRUE(d.all().empty()) << ::testing::PrintToString(messages(d));
  const auto& env = m->containers.at(0).environment;
  ASSERT_EQ(env.size(), 6u);
  EXPECT_EQ(env[3].name, "REDIS_PASSWORD");
  EXPECT_EQ(env[3].value, "pass");
  EXPECT_EQ(env[3].loc.line, 33);
  EXPECT_EQ(m->containers.at(0).port_mappings.at(0).app_protocol, "http");
}

TEST(TaskDefinitionLoader, AcceptsTheDescribeWrapperAndGbMemory) {
  model::Diagnostics d;
  auto td = loadTaskDefinition(R"({"taskDefinition": {"family": "f", "memory": "0.5 GB", "cpu": "1 vCPU",
    "containerDefinitions": [{"name": "c", "image": "nginx"}]}, "tags": []})", "td.json", d);
  ASSERT_TRUE(td) << ::testing::PrintToString(messages(d));
  EXPECT_EQ(td->memory, 512);
  EXPECT_EQ(td->cpu, 1024);
  EXPECT_TRUE(td->containers[0].essential);
}

TEST(TaskDefinitionLoader, ReportsJsonTypesUnknownKeysAndMissingFields) {
  model::Diagnostics d;
  std::string text =
      "{\n"                                                    // 1
      "  \"family\": \"f\",\n"                                 // 2
      "  \"networkMode\": \"bridg\",\n"                        // 3
      "  \"cpu\": 2048,\n"                                     // 4
      "  \"containerDefinitions\": [\n"                        // 5
      "    {\"name\": \"c\", \"cpu\": \"256\", \"portMapings\": [], \"essential\": \"true\"}\n"  // 6
      "  ]\n"
      "}\n";
  loadTaskDefinition(text, "td.json", d);
  EXPECT_EQ(messages(d), (std::vector<std::string>{
      "td.json:3:18: error: networkMode must be one of bridge, host, awsvpc, none; got 'bridg'; did you mean 'bridge'?",
      "td.json:4:10: error: task definition 'cpu' must be a JSON string, got 2048",
      "td.json:6:5: error: container 'c': missing required key 'image'",
      "td.json:6:26: error: container 'c' 'cpu' must be a whole number, got a string",
      "td.json:6:33: error: container 'c': unknown key 'portMapings'; did you mean 'portMappings'?",
      "td.json:6:65: error: container 'c' 'essential' must be true or false, got 'true'"}));
}

TEST(TaskDefinitionLoader, SyntaxErrorsCarryLineAndColumn) {
  model::Diagnostics d;
  auto td = loadTaskDefinition("{\n  \"family\": \"f\",\n}\n", "bad.json", d);
  EXPECT_FALSE(td);
  EXPECT_EQ(messages(d), (std::vector<std::string>{
      "bad.json:3:1: error: JSON syntax error: syntax error while parsing object key - unexpected '}'; expected string literal"}));
}

// Found by libFuzzer: a syntax error deep inside 20,000 nested arrays made the
// parser quote the input at length, and reading that message with std::regex
// overflowed the stack. The message is now read by hand and cut short.
TEST(TaskDefinitionLoader, SyntaxErrorInDeepNestingIsADiagnostic) {
  std::string text = "{\"family\": " + std::string(20000, '[') + "-" + std::string(20000, ']') + "}";
  model::Diagnostics d;
  EXPECT_FALSE(loadTaskDefinition(text, "deep.json", d));
  auto m = messages(d);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].rfind("deep.json:1:20013: error: JSON syntax error: ", 0), 0u) << m[0];
  EXPECT_LE(m[0].size(), 300u);
}

}  // namespace
}  // namespace awssim::load

namespace awssim::load {
namespace {

// Regression (issue 16, class 6): a task size of 400 digits threw out of
// std::stod; it is now a located error.
TEST(TaskDefinitionLoader, HugeTaskSizesAreLocatedErrors) {
  std::string digits(400, '9');
  std::string text = "{\"family\": \"f\", \"cpu\": \"" + digits + "\",\n \"memory\": \"" + digits +
                     " GB\", \"containerDefinitions\": [{\"name\": \"a\", \"image\": \"nginx\", \"memory\": 128}]}";
  model::Diagnostics d;
  loadTaskDefinition(text, "big.json", d);
  auto m = messages(d);
  ASSERT_EQ(m.size(), 2u) << ::testing::PrintToString(m);
  EXPECT_EQ(m[0].substr(0, 40), "big.json:1:24: error: task cpu '99999999");
  EXPECT_EQ(m[1].substr(0, 43), "big.json:2:12: error: task memory '99999999");
}

}  // namespace
}  // namespace awssim::load
