#include "model/load/task_definition_loader.h"

#include <cmath>
#include <fmt/format.h>
#include <charconv>
#include <re2/re2.h>

#include "model/load/yaml_reader.h"

namespace awssim::load {

using namespace model;

namespace {

// Keys of RegisterTaskDefinition's input plus the read-only ones that
// describe-task-definition adds (AWS-FACTS 4: accept and ignore them).
const std::vector<std::string> kTaskKeys = {
    "family", "taskRoleArn", "executionRoleArn", "networkMode", "containerDefinitions", "volumes",
    "placementConstraints", "requiresCompatibilities", "cpu", "memory", "tags", "pidMode", "ipcMode",
    "proxyConfiguration", "inferenceAccelerators", "ephemeralStorage", "runtimePlatform",
    "enableFaultInjection",
    // read-only
    "taskDefinitionArn", "revision", "status", "requiresAttributes", "compatibilities", "registeredAt",
    "registeredBy", "deregisteredAt"};

const std::vector<std::string> kContainerKeys = {
    "name", "image", "repositoryCredentials", "cpu", "memory", "memoryReservation", "links", "portMappings",
    "essential", "restartPolicy", "entryPoint", "command", "environment", "environmentFiles", "mountPoints",
    "volumesFrom", "linuxParameters", "secrets", "dependsOn", "startTimeout", "stopTimeout",
    "versionConsistency", "hostname", "user", "workingDirectory", "disableNetworking", "privileged",
    "readonlyRootFilesystem", "dnsServers", "dnsSearchDomains", "extraHosts", "dockerSecurityOptions",
    "interactive", "pseudoTerminal", "dockerLabels", "ulimits", "logConfiguration", "healthCheck",
    "systemControls", "resourceRequirements", "firelensConfiguration", "credentialSpecs", "gpu"};

const std::vector<std::string> kPortMappingKeys = {"containerPort", "hostPort", "protocol", "name", "appProtocol",
                                                   "containerPortRange"};

const std::vector<std::string> kVolumeKeys = {"name", "host", "configuredAtLaunch", "dockerVolumeConfiguration",
                                              "efsVolumeConfiguration", "fsxWindowsFileServerVolumeConfiguration"};

// Task-level cpu is units ("2048") or vCPUs ("2 vCPU"); memory is MiB ("927")
// or GB ("2 GB"), as RegisterTaskDefinition documents.
std::optional<int> parseTaskSize(const std::string& s, const char* unit, int perUnit) {
  static const RE2 re(R"(\s*([0-9]{1,9}(?:\.[0-9]{1,9})?)\s*([A-Za-z]*)\s*)");
  std::string number, u;
  if (!RE2::FullMatch(s, re, &number, &u)) return std::nullopt;  // 400 digits are not a size
  double v = 0;
  if (std::from_chars(number.data(), number.data() + number.size(), v).ec != std::errc()) return std::nullopt;
  if (v * perUnit > 1e9) return std::nullopt;
  for (auto& c : u) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (u.empty()) {
    if (v != std::floor(v)) return std::nullopt;
    return static_cast<int>(v);
  }
  if (u != unit) return std::nullopt;
  return static_cast<int>(std::lround(v * perUnit));
}

class TaskParser {
 public:
  TaskParser(YamlReader& r) : r_(r) {}

  std::optional<TaskDefinition> parse(const YAML::Node& doc) {
    YAML::Node root = doc;
    if (root.IsMap() && YamlReader::get(root, "taskDefinition").IsMap()) {
      r_.checkKeys(root, "describe-task-definition output", {"taskDefinition", "tags"});
      root = YamlReader::get(root, "taskDefinition");
    }
    if (!r_.isMap(root, "task definition")) return std::nullopt;
    TaskDefinition td;
    td.file = r_.file();
    td.loc = {r_.file(), 1, 1};
    const std::string what = "task definition";
    r_.checkKeys(root, what, kTaskKeys);
    r_.requireKeys(root, what, {"family", "containerDefinitions"});
    td.family = r_.str(root, "family", what).value_or("");
    if (auto m = r_.str(root, "networkMode", what)) {
      static const std::vector<std::string> modes = {"bridge", "host", "awsvpc", "none"};
      if (std::find(modes.begin(), modes.end(), *m) == modes.end())
        r_.error(YamlReader::get(root, "networkMode"),
                 fmt::format("networkMode must be one of bridge, host, awsvpc, none; got '{}'{}", *m,
                             didYouMean(*m, modes)));
      else
        td.network_mode = *m;
      td.network_mode_loc = r_.loc(YamlReader::get(root, "networkMode"));
    }
    if (auto c = r_.str(root, "cpu", what)) {
      td.cpu = parseTaskSize(*c, "vcpu", 1024);
      if (!td.cpu) r_.error(YamlReader::get(root, "cpu"), fmt::format("task cpu '{}' is neither CPU units (\"1024\") nor vCPUs (\"1 vCPU\")", *c));
    }
    if (auto m = r_.str(root, "memory", what)) {
      td.memory = parseTaskSize(*m, "gb", 1024);
      td.memory_loc = r_.loc(YamlReader::get(root, "memory"));
      if (!td.memory) r_.error(YamlReader::get(root, "memory"), fmt::format("task memory '{}' is neither MiB (\"512\") nor GB (\"0.5 GB\")", *m));
    }
    td.requires_compatibilities = r_.strList(root, "requiresCompatibilities", what);
    td.execution_role_arn = r_.str(root, "executionRoleArn", what).value_or("");
    td.task_role_arn = r_.str(root, "taskRoleArn", what).value_or("");
    YAML::Node containers = YamlReader::get(root, "containerDefinitions");
    if (containers.IsDefined() && r_.isSeq(containers, "containerDefinitions")) {
      if (containers.size() == 0) r_.error(containers, "containerDefinitions must hold at least one container");
      for (const auto& c : containers) parseContainer(c, td);
    }
    YAML::Node volumes = YamlReader::get(root, "volumes");
    if (volumes.IsDefined() && r_.isSeq(volumes, "volumes"))
      for (const auto& v : volumes) parseVolume(v, td);
    YAML::Node pcs = YamlReader::get(root, "placementConstraints");
    if (pcs.IsDefined() && r_.isSeq(pcs, "placementConstraints"))
      for (const auto& pc : pcs) {
        if (!r_.isMap(pc, "placement constraint")) continue;
        r_.checkKeys(pc, "placement constraint", {"type", "expression"});
        if (auto e = r_.str(pc, "expression", "placement constraint")) td.placement_constraints.push_back(*e);
      }
    return td;
  }

 private:
  void parseContainer(const YAML::Node& n, TaskDefinition& td) {
    if (!r_.isMap(n, "container definition")) return;
    ContainerDefinition c;
    c.loc = r_.loc(n);
    c.name = r_.str(n, "name", "container definition").value_or("");
    std::string what = fmt::format("container '{}'", c.name);
    r_.checkKeys(n, what, kContainerKeys);
    r_.requireKeys(n, what, {"name", "image"});
    c.image = r_.str(n, "image", what).value_or("");
    c.image_loc = r_.loc(YamlReader::get(n, "image"));
    c.cpu = static_cast<int>(r_.integer(n, "cpu", what, 0, 1 << 20).value_or(0));
    if (auto m = r_.integer(n, "memory", what, 0, 1 << 24)) c.memory = static_cast<int>(*m);
    if (auto m = r_.integer(n, "memoryReservation", what, 0, 1 << 24)) c.memory_reservation = static_cast<int>(*m);
    c.memory_loc = r_.keyLoc(n, YamlReader::get(n, "memory").IsDefined() ? "memory" : "memoryReservation");
    c.essential = r_.boolean(n, "essential", what).value_or(true);
    YAML::Node pms = YamlReader::get(n, "portMappings");
    if (pms.IsDefined() && r_.isSeq(pms, what + " portMappings"))
      for (const auto& pm : pms) parsePortMapping(pm, what, c);
    YAML::Node env = YamlReader::get(n, "environment");
    if (env.IsDefined() && r_.isSeq(env, what + " environment"))
      for (const auto& e : env) {
        if (!r_.isMap(e, what + " environment entry")) continue;
        r_.checkKeys(e, what + " environment entry", {"name", "value"});
        c.environment.push_back({r_.loc(e), r_.str(e, "name", "environment entry").value_or(""),
                                 r_.str(e, "value", "environment entry").value_or("")});
      }
    YAML::Node envFiles = YamlReader::get(n, "environmentFiles");
    if (envFiles.IsDefined() && r_.isSeq(envFiles, what + " environmentFiles"))
      for (const auto& f : envFiles) {
        if (!r_.isMap(f, "environment file")) continue;
        r_.checkKeys(f, "environment file", {"value", "type"});
        if (auto v = r_.str(f, "value", "environment file")) c.environment_files.push_back(*v);
      }
    YAML::Node secrets = YamlReader::get(n, "secrets");
    if (secrets.IsDefined() && r_.isSeq(secrets, what + " secrets"))
      for (const auto& s : secrets) {
        if (!r_.isMap(s, "secret")) continue;
        r_.checkKeys(s, "secret", {"name", "valueFrom"});
        c.secrets.push_back({r_.loc(s), r_.str(s, "name", "secret").value_or(""),
                             r_.str(s, "valueFrom", "secret").value_or("")});
      }
    YAML::Node mps = YamlReader::get(n, "mountPoints");
    if (mps.IsDefined() && r_.isSeq(mps, what + " mountPoints"))
      for (const auto& m : mps) {
        if (!r_.isMap(m, "mount point")) continue;
        r_.checkKeys(m, "mount point", {"sourceVolume", "containerPath", "readOnly"});
        c.mount_points.push_back({r_.loc(m), r_.str(m, "sourceVolume", "mount point").value_or(""),
                                  r_.str(m, "containerPath", "mount point").value_or(""),
                                  r_.boolean(m, "readOnly", "mount point").value_or(false)});
      }
    YAML::Node log = YamlReader::get(n, "logConfiguration");
    if (log.IsDefined() && r_.isMap(log, what + " logConfiguration")) {
      LogConfiguration lc;
      lc.loc = r_.loc(log);
      r_.checkKeys(log, "logConfiguration", {"logDriver", "options", "secretOptions"});
      lc.driver = r_.str(log, "logDriver", "logConfiguration").value_or("");
      YAML::Node opts = YamlReader::get(log, "options");
      if (opts.IsDefined() && r_.isMap(opts, "logConfiguration options"))
        for (auto it = opts.begin(); it != opts.end(); ++it)
          if (auto v = r_.toStr(it->second, "log option " + it->first.Scalar())) lc.options[it->first.Scalar()] = *v;
      c.log_configuration = lc;
    }
    td.containers.push_back(std::move(c));
  }

  void parsePortMapping(const YAML::Node& n, const std::string& what, ContainerDefinition& c) {
    std::string pwhat = what + " port mapping";
    if (!r_.isMap(n, pwhat)) return;
    r_.checkKeys(n, pwhat, kPortMappingKeys);
    PortMapping pm;
    pm.loc = r_.loc(n);
    pm.name = r_.str(n, "name", pwhat).value_or("");
    pm.container_port = static_cast<int>(r_.integer(n, "containerPort", pwhat, 0, 65535).value_or(0));
    if (auto h = r_.integer(n, "hostPort", pwhat, 0, 65535)) pm.host_port = static_cast<int>(*h);
    pm.protocol = r_.str(n, "protocol", pwhat).value_or("tcp");
    if (pm.protocol != "tcp" && pm.protocol != "udp")
      r_.error(YamlReader::get(n, "protocol"), fmt::format("{} protocol must be tcp or udp, got '{}'", pwhat, pm.protocol));
    pm.app_protocol = r_.str(n, "appProtocol", pwhat).value_or("");
    pm.container_port_range = r_.str(n, "containerPortRange", pwhat).value_or("");
    if (!YamlReader::get(n, "containerPort").IsDefined() && pm.container_port_range.empty())
      r_.error(n, fmt::format("{} needs containerPort or containerPortRange", pwhat));
    c.port_mappings.push_back(std::move(pm));
  }

  void parseVolume(const YAML::Node& n, TaskDefinition& td) {
    if (!r_.isMap(n, "volume")) return;
    TaskVolume v;
    v.loc = r_.loc(n);
    v.name = r_.str(n, "name", "volume").value_or("");
    std::string what = fmt::format("volume '{}'", v.name);
    r_.checkKeys(n, what, kVolumeKeys);
    r_.requireKeys(n, what, {"name"});
    v.configured_at_launch = r_.boolean(n, "configuredAtLaunch", what).value_or(false);
    YAML::Node host = YamlReader::get(n, "host");
    if (host.IsDefined() && r_.isMap(host, what + " host")) {
      r_.checkKeys(host, what + " host", {"sourcePath"});
      v.host_path = r_.str(host, "sourcePath", what + " host").value_or("");
    }
    YAML::Node dv = YamlReader::get(n, "dockerVolumeConfiguration");
    if (dv.IsDefined() && r_.isMap(dv, what + " dockerVolumeConfiguration")) {
      std::string dwhat = what + " dockerVolumeConfiguration";
      r_.checkKeys(dv, dwhat, {"scope", "autoprovision", "driver", "driverOpts", "labels"});
      DockerVolumeConfiguration d;
      d.scope = r_.str(dv, "scope", dwhat).value_or("task");
      if (d.scope != "task" && d.scope != "shared")
        r_.error(YamlReader::get(dv, "scope"), fmt::format("{} scope must be task or shared, got '{}'", dwhat, d.scope));
      d.autoprovision = r_.boolean(dv, "autoprovision", dwhat);
      d.driver = r_.str(dv, "driver", dwhat).value_or("");
      d.driver_loc = r_.loc(YamlReader::get(dv, "driver"));
      v.docker = d;
    }
    td.volumes.push_back(std::move(v));
  }

  YamlReader& r_;
};

}  // namespace

std::optional<TaskDefinition> loadTaskDefinition(const std::string& text, const std::string& file,
                                                 Diagnostics& diags) {
  auto doc = parseJson(text, file, diags);
  if (!doc) return std::nullopt;
  YamlReader r(file, diags, /*json=*/true);
  TaskParser p(r);
  auto td = p.parse(*doc);
  diags.sort();
  return td;
}

}  // namespace awssim::load
