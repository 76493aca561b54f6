// The manifest parsers: .env, docker-compose, user-data shell scripts and
// application configs.
#include <gtest/gtest.h>

#include <fstream>

#include "model/load/manifest_loaders.h"

namespace awssim::load {
namespace {

using namespace model;

std::vector<std::string> messages(const Diagnostics& d) {
  std::vector<std::string> out;
  for (const auto& x : d.all()) out.push_back(x.str());
  return out;
}

TEST(EnvFile, QuotingCommentsAndExport) {
  Diagnostics d;
  EnvFile e = parseEnvFile("# a comment\n"
                           "\n"
                           "export A=1\n"
                           "B = two words  # trailing comment\n"
                           "C=\"quoted # not a comment\\n\"\n"
                           "D='single $NOT_EXPANDED'\n"
                           "E=\n"
                           "not a line\n"
                           "F=\"unclosed\n",
                           ".env", d);
  ASSERT_EQ(e.vars.size(), 6u);
  EXPECT_EQ(e.vars[0].name, "A");
  EXPECT_EQ(e.vars[0].value, "1");
  EXPECT_EQ(e.vars[0].loc.line, 3);
  EXPECT_EQ(e.vars[0].loc.col, 8);
  EXPECT_EQ(e.vars[1].value, "two words");
  EXPECT_EQ(e.vars[2].value, "quoted # not a comment\n");
  EXPECT_EQ(e.vars[3].value, "single $NOT_EXPANDED");
  EXPECT_EQ(e.vars[4].value, "");
  EXPECT_EQ(messages(d), (std::vector<std::string>{".env:8:1: error: this line is not KEY=value (a name of letters, digits, '_' and '.', then '=')",
                                                   ".env:9:1: error: F: the quoted value is not closed"}));
}

TEST(Compose, PortsEnvironmentVolumesAndDependencies) {
  Diagnostics d;
  auto c = parseComposeFile("services:\n"
                            "  web:\n"
                            "    image: nginx\n"
                            "    ports: [\"8081:8080\", \"6379\", \"127.0.0.1:8000-8010:8000-8010/udp\",\n"
                            "            {target: 80, published: \"8080\", protocol: tcp}, \"x:y\"]\n"
                            "    environment: [A=1, B]\n"
                            "    env_file: [.env, {path: other.env}]\n"
                            "    volumes: [data:/data, ./conf:/etc/conf:ro, /mnt/ebs/pg:/var/lib/postgresql/data]\n"
                            "    depends_on: {db: {condition: service_healthy}}\n"
                            "  db:\n"
                            "    network_mode: host\n"
                            "    environment: {POSTGRES_PASSWORD: pass}\n",
                            "docker-compose.yaml", d, 10);
  ASSERT_TRUE(c);
  ASSERT_EQ(c->services.size(), 2u);
  const auto& web = c->services[0];
  ASSERT_EQ(web.ports.size(), 4u);
  EXPECT_EQ(web.ports[0].host_from, 8081);
  EXPECT_EQ(web.ports[0].container_from, 8080);
  EXPECT_EQ(web.ports[1].host_from, 0);
  EXPECT_EQ(web.ports[1].container_from, 6379);
  EXPECT_EQ(web.ports[2].host_ip, "127.0.0.1");
  EXPECT_EQ(web.ports[2].host_to, 8010);
  EXPECT_EQ(web.ports[2].protocol, "udp");
  EXPECT_EQ(web.ports[3].host_from, 8080);
  EXPECT_EQ(web.environment[0].name, "A");
  EXPECT_EQ(web.environment[0].value, "1");
  EXPECT_EQ(web.env_files, (std::vector<std::string>{".env", "other.env"}));
  EXPECT_FALSE(web.volumes[0].bind);
  EXPECT_TRUE(web.volumes[1].bind);
  EXPECT_EQ(web.volumes[2].source, "/mnt/ebs/pg");
  EXPECT_EQ(web.depends_on, std::vector<std::string>{"db"});
  EXPECT_EQ(c->services[1].network_mode, "host");
  EXPECT_EQ(c->services[1].environment[0].loc.line, 21);  // line 12 of the body, which starts at line 10
  EXPECT_EQ(messages(d), std::vector<std::string>{
      "docker-compose.yaml:14:61: error: compose service 'web' port 'x:y' must read [HOST_IP:][HOST:]CONTAINER[/PROTOCOL]"});
}

TEST(UserData, ContinuationsHeredocsCommentsAndUnknownLines) {
  UserData u = parseUserData("#!/bin/bash\n"                                              // 1
                             "# fetch the image\n"                                        // 2
                             "aws s3 cp \\\n"                                             // 3
                             "  s3://bucket/app.tar /tmp/app.tar && docker load -i /tmp/app.tar\n"  // 4
                             "cat > /home/ec2-user/docker-compose.yaml <<'EOF'\n"          // 5
                             "services:\n"                                               // 6
                             "  app: {image: app}\n"                                     // 7
                             "EOF\n"                                                     // 8
                             "cat <<-ENV > .env\n"                                       // 9
                             "\tA=1\n"                                                   // 10
                             "\tENV\n"                                                   // 11
                             "TOKEN=$(curl -s -X PUT \"http://169.254.169.254/latest/api/token\")\n"  // 12
                             "curl http://169.254.169.254/latest/meta-data/local-ipv4\n"  // 13
                             "aws ec2 describe-instances --filters Name=tag:Name,Values=redis-EC2\n"  // 14
                             "aws ssm get-parameter --name /app/password --with-decryption; echo done\n"  // 15
                             "aws secretsmanager get-secret-value --secret-id prod/db\n"  // 16
                             "docker pull 123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1\n"  // 17
                             "systemctl enable --now docker_boot.service\n"               // 18
                             "frobnicate --all\n",                                        // 19
                             "user-data.sh");
  std::vector<std::string> kinds;
  for (const auto& c : u.commands) kinds.push_back(std::to_string(c.loc.line) + " " + c.kind + " " + c.arg);
  EXPECT_EQ(kinds, (std::vector<std::string>{
                       "3 s3-copy s3://bucket/app.tar", "3 other ", "12 imds api/token",
                       "13 imds meta-data/local-ipv4", "14 ec2-api describe-instances", "15 ssm-get /app/password",
                       "15 other ", "16 secrets-get prod/db", "17 docker-pull 123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1",
                       "18 systemctl docker_boot.service", "19 other "}));
  EXPECT_TRUE(u.commands[2].imds_token);
  EXPECT_FALSE(u.commands[3].imds_token);
  ASSERT_EQ(u.files.size(), 2u);
  EXPECT_EQ(u.files[0].path, "/home/ec2-user/docker-compose.yaml");
  EXPECT_EQ(u.files[0].loc.line, 6);
  EXPECT_EQ(u.files[0].content, "services:\n  app: {image: app}\n");
  EXPECT_EQ(u.files[1].path, ".env");
  EXPECT_EQ(u.files[1].content, "A=1\n");  // <<- strips leading tabs
}

TEST(AppConfig, PlaceholdersWithTheirKeys) {
  Diagnostics d;
  auto c = parseAppConfig("server:\n  port: ${PORT:8080}\nredis:\n  host: ${REDIS_HOSTNAME}\n  timeout: 5\n"
                          "eureka: {client: {serviceUrl: {defaultZone: 'http://${EUREKA_HOSTNAME}:8761/eureka'}}}\n",
                          "application.yaml", d);
  ASSERT_TRUE(c);
  ASSERT_EQ(c->values.size(), 3u);
  EXPECT_EQ(c->values[0].key, "server.port");
  EXPECT_EQ(c->values[1].key, "redis.host");
  EXPECT_EQ(c->values[1].loc.line, 4);
  EXPECT_EQ(c->values[2].key, "eureka.client.serviceUrl.defaultZone");
}

}  // namespace
}  // namespace awssim::load

namespace awssim::load {
namespace {

std::string upstream(const std::string& rel) {
  std::ifstream in(std::string(AWSSIM_SHARED_DIR) + "/upstream/aws-deployment-example/" + rel);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// The seed's own compose files: the local bridge-network one and the EC2 one
// from before the switch to host networking.
TEST(Compose, ReadsTheSeedsComposeFiles) {
  for (const char* f : {"docker-compose.yaml", "before-host-networking/docker-compose.yaml"}) {
    model::Diagnostics d;
    auto c = parseComposeFile(upstream(f), f, d);
    ASSERT_TRUE(c) << f;
    EXPECT_TRUE(d.all().empty()) << f;
    ASSERT_EQ(c->services.size(), 4u);
    EXPECT_EQ(c->services[0].name, "messages");
    EXPECT_EQ(c->services[0].ports[0].host_from, 8081);
    EXPECT_EQ(c->services[0].ports[0].container_from, 8080);
    EXPECT_EQ(c->services[0].env_files, std::vector<std::string>{"messages/.env"});
    EXPECT_EQ(c->services[1].volumes.size(), 3u);
    EXPECT_FALSE(c->services[1].volumes[0].bind);  // the named volume redis-data
    EXPECT_TRUE(c->services[1].volumes[1].bind);   // ./redis/redis.conf
  }
}

}  // namespace
}  // namespace awssim::load
