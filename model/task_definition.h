// An ECS task definition as `aws ecs describe-task-definition` prints it (or
// as `register-task-definition` takes it). Only the fields awssim reasons
// about are kept; each keeps the location of its key in the JSON file so
// findings can point at the exact line.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/diagnostics.h"

namespace awssim::model {

struct PortMapping {
  Location loc;
  std::string name;          // Service Connect portName; "" when absent
  int container_port = 0;    // 0 when a containerPortRange is used instead
  std::optional<int> host_port;  // absent or 0 = dynamic in bridge mode
  std::string protocol = "tcp";
  std::string app_protocol;  // http, http2, grpc or ""
  std::string container_port_range;  // "a-b" or ""
};

struct EnvVar {
  Location loc;
  std::string name;
  std::string value;
};

struct Secret {
  Location loc;
  std::string name;
  std::string value_from;
};

struct MountPoint {
  Location loc;
  std::string source_volume;
  std::string container_path;
  bool read_only = false;
};

struct LogConfiguration {
  Location loc;
  std::string driver;
  std::map<std::string, std::string> options;
};

struct ContainerDefinition {
  Location loc;
  std::string name;
  std::string image;
  Location image_loc;
  int cpu = 0;
  std::optional<int> memory;              // hard limit, MiB
  std::optional<int> memory_reservation;  // soft limit, MiB
  Location memory_loc;
  bool essential = true;
  std::vector<PortMapping> port_mappings;
  std::vector<EnvVar> environment;
  std::vector<std::string> environment_files;  // S3 ARNs
  std::vector<Secret> secrets;
  std::vector<MountPoint> mount_points;
  std::optional<LogConfiguration> log_configuration;
};

struct DockerVolumeConfiguration {
  std::string scope;  // task or shared
  std::optional<bool> autoprovision;
  std::string driver;
  Location driver_loc;
};

struct TaskVolume {
  Location loc;
  std::string name;
  std::optional<std::string> host_path;
  std::optional<DockerVolumeConfiguration> docker;
  bool configured_at_launch = false;
};

struct TaskDefinition {
  Location loc;               // the file, line 1
  std::string file;
  std::string family;
  std::string network_mode = "bridge";
  Location network_mode_loc;
  std::optional<int> cpu;     // task-level CPU units
  std::optional<int> memory;  // task-level MiB
  Location memory_loc;
  std::vector<std::string> requires_compatibilities;
  std::string execution_role_arn;
  std::string task_role_arn;
  std::vector<ContainerDefinition> containers;
  std::vector<TaskVolume> volumes;
  std::vector<std::string> placement_constraints;  // memberOf expressions
};

}  // namespace awssim::model
