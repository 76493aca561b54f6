// The deployer's own manifests as awssim reads them: .env files,
// docker-compose files, user-data shell scripts and application configs.
// Plain values with locations; what they imply (flows, AWS needs) is derived
// in sim/intents.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/diagnostics.h"
#include "model/task_definition.h"

namespace awssim::model {

struct EnvFile {
  std::string file;
  std::vector<EnvVar> vars;  // in order; a later duplicate overrides
};

struct ComposePort {
  Location loc;
  std::string host_ip;
  int host_from = 0, host_to = 0;            // 0: not published on the host
  int container_from = 0, container_to = 0;
  std::string protocol = "tcp";
};

struct ComposeVolume {
  Location loc;
  std::string source;  // named volume or host path
  std::string target;
  bool bind = false;
};

struct ComposeService {
  std::string name;
  Location loc;
  std::string image;
  std::string network_mode;  // "" (bridge network), host, none, ...
  std::vector<ComposePort> ports;
  std::vector<EnvVar> environment;
  std::vector<std::string> env_files;  // as written
  std::vector<ComposeVolume> volumes;
  std::vector<std::string> depends_on;
};

struct ComposeFile {
  std::string file;
  std::vector<ComposeService> services;
};

/// One command of a user-data script that awssim understands.
struct ShellCommand {
  Location loc;
  std::string kind;  // s3-copy, docker-pull, ecr-login, ec2-describe, ssm-get, secrets-get, imds, systemctl, other
  std::string text;  // the whole command, continuation lines joined
  std::string arg;   // the S3 URI, image, parameter name, IMDS path, unit ...
  bool imds_token = false;  // an IMDSv2 token request (PUT .../api/token)
};

/// A file a user-data script writes with a heredoc (cat > f <<EOF ... EOF).
struct WrittenFile {
  Location loc;       // the heredoc's first body line
  std::string path;   // as written in the script
  std::string content;
};

struct UserData {
  std::string file;
  std::vector<ShellCommand> commands;
  std::vector<WrittenFile> files;
};

/// A line of an application config that uses ${VAR} placeholders.
struct ConfigValue {
  Location loc;
  std::string key;    // dotted path, e.g. eureka.client.serviceUrl.defaultZone
  std::string value;  // as written, e.g. http://${EUREKA_HOSTNAME}:8761/eureka
};

struct AppConfig {
  std::string file;
  std::vector<ConfigValue> values;
};

/// Everything the manifests of one workload (an instance) say.
struct Manifests {
  std::vector<EnvFile> env_files;
  std::vector<ComposeFile> compose;
  std::optional<UserData> user_data;
  std::vector<AppConfig> app_configs;
};

}  // namespace awssim::model
