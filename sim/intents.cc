#include "sim/intents.h"

#include "model/text.h"

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <re2/re2.h>
#include <set>
#include <tuple>

#include "sim/aws_services.h"

namespace awssim::sim {

using namespace model;

int wellKnownPort(const std::string& raw) {
  std::string n = raw;
  std::transform(n.begin(), n.end(), n.begin(), [](unsigned char c) { return std::tolower(c); });
  static const std::vector<std::pair<const char*, int>> ports = {
      {"https", 443},     {"http", 80},        {"redis", 6379},  {"rediss", 6379},    {"postgresql", 5432},
      {"postgres", 5432}, {"mysql", 3306},     {"mariadb", 3306}, {"mongodb", 27017}, {"mongo", 27017},
      {"eureka", 8761},   {"kafka", 9092},     {"amqp", 5672},   {"rabbitmq", 5672},  {"memcached", 11211},
      {"elasticsearch", 9200}, {"opensearch", 9200}, {"zookeeper", 2181}, {"consul", 8500}, {"smtp", 25}};
  for (const auto& [k, p] : ports)
    if (n == k) return p;
  for (const auto& [k, p] : ports)  // REDIS_MASTER, POSTGRES_PRIMARY ...
    if (n.rfind(k, 0) == 0) return p;
  return 0;
}

namespace {

std::string where(const Location& l) { return fmt::format("{}:{}", l.file, l.line); }

/// scheme://host[:port][/...], with ${VAR} already substituted.
struct Url {
  std::string scheme, host;
  int port = 0;
};
std::optional<Url> parseUrl(const std::string& s) {
  static const RE2 re(R"(^([a-zA-Z][a-zA-Z0-9+.-]*)://(?:[^@/]*@)?([^:/?#\s]+)(?::(\d{1,5}))?)");
  Url u;
  std::string port;
  if (!RE2::PartialMatch(s, re, &u.scheme, &u.host, &port)) return std::nullopt;
  u.port = port.empty() ? 0 : model::parseInt(port).value_or(0);
  if (u.port > 65535) return std::nullopt;
  if (!u.port) u.port = wellKnownPort(u.scheme);
  return u;
}

class Deriver {
 public:
  explicit Deriver(const Stack& s) : s_(s) {}

  Intents run() {
    for (const auto& i : s_.instances) instance(i);
    for (const auto& svc : s_.ecs_services) ecsService(svc);
    for (const auto& c : s_.ecs_clusters)
      if (c.capacity && c.capacity->desired > 0)
        out_.needs.push_back({fmt::format("{}-1", c.name), "ecs-agent", c.loc,
                              fmt::format("the ECS agent on cluster {}'s instances registers with ECS", c.name)});
    return out_;
  }

 private:
  /// Adds a flow unless the same target is already known; a flow stated
  /// with its port (a URL, X_PORT) replaces one whose port was guessed.
  void addFlow(DerivedFlow f, const std::set<std::string>& local, bool guessedPort = false) {
    std::string h = f.host;
    std::transform(h.begin(), h.end(), h.begin(), [](unsigned char c) { return std::tolower(c); });
    if (h.empty() || h == "localhost" || h.rfind("127.", 0) == 0 || h == "0.0.0.0" || local.count(h)) return;
    if (h.find("${") != std::string::npos || h.find('$') != std::string::npos) return;  // set at run time
    // Indexed: a manifest can name tens of thousands of hosts.
    auto key = std::make_tuple(f.source, f.host, f.port);
    if (auto it = flowIndex_.find(key); it != flowIndex_.end()) {
      size_t k = it->second;
      if (guessed_[k] && !guessedPort) {
        out_.flows[k] = std::move(f);
        guessed_[k] = false;
      }
      return;
    }
    flowIndex_.emplace(std::move(key), out_.flows.size());
    out_.flows.push_back(std::move(f));
    guessed_.push_back(guessedPort);
  }

  /// Environment variables: X_HOST(NAME)/X_ADDR(ESS)/X_SERVER with X_PORT
  /// (or a well-known port for X), and X_URL/X_URI/X_ENDPOINT URLs.
  void fromEnv(const std::string& source, const std::vector<EnvVar>& vars, const std::set<std::string>& local) {
    std::map<std::string, const EnvVar*> byName;
    for (const auto& v : vars) byName[v.name] = &v;
    static const RE2 hostVar(R"((.*?)_?(HOSTNAME|HOST|ADDRESS|ADDR|SERVER|SERVICE_HOST))");
    static const RE2 urlVar(R"((.*?)_?(URL|URI|ENDPOINT|DSN))");
    for (const auto& v : vars) {
      std::string prefix;
      if (RE2::FullMatch(v.name, hostVar, &prefix) && !prefix.empty()) {
        auto port = byName.find(prefix + "_PORT");
        int p = 0;
        std::string reason = fmt::format("{}={} ({})", v.name, v.value, where(v.loc));
        if (port != byName.end()) {
          p = model::parseInt(port->second->value).value_or(0);
          reason = fmt::format("{}={} and {}={} ({})", v.name, v.value, port->first, port->second->value, where(v.loc));
        } else {
          p = wellKnownPort(prefix);
          if (p) reason += fmt::format(", {}'s usual port {}", prefix, p);
        }
        if (p > 0 && p <= 65535) addFlow({source, v.value, p, proto::kTcp, v.loc, reason}, local, port == byName.end());
      } else if (RE2::FullMatch(v.name, urlVar)) {
        if (auto u = parseUrl(v.value); u && u->port)
          addFlow({source, u->host, u->port, proto::kTcp, v.loc, fmt::format("{}={} ({})", v.name, v.value, where(v.loc))},
                  local);
      }
    }
  }

  /// ${VAR} and ${VAR:default} in application configs, filled from the
  /// workload's environment; the values that are URLs are flows.
  void fromConfigs(const std::string& source, const std::vector<AppConfig>& configs, const std::vector<EnvVar>& vars,
                   const std::set<std::string>& local) {
    std::map<std::string, const EnvVar*> byName;
    for (const auto& v : vars) byName[v.name] = &v;
    static const RE2 placeholder(R"(\$\{([A-Za-z_][A-Za-z0-9_.]*)(?::([^}]*))?\})");
    for (const auto& cfg : configs)
      for (const auto& cv : cfg.values) {
        std::string value;
        std::vector<std::string> used;
        bool unresolved = false;
        re2::StringPiece text(cv.value), m[3];
        size_t last = 0;
        // An unmatched group (no ":default") is a null piece.
        while (last <= cv.value.size() &&
               placeholder.Match(text, last, cv.value.size(), RE2::UNANCHORED, m, 3)) {
          size_t start = static_cast<size_t>(m[0].data() - cv.value.data());
          value += cv.value.substr(last, start - last);
          auto found = byName.find(std::string(m[1]));
          if (found != byName.end()) {
            value += found->second->value;
            used.push_back(fmt::format("{}={} ({})", found->first, found->second->value, where(found->second->loc)));
          } else if (m[2].data() != nullptr) {
            value += std::string(m[2]);
          } else {
            unresolved = true;
          }
          last = start + m[0].size();
        }
        value += cv.value.substr(last);
        if (unresolved) continue;
        auto u = parseUrl(value);
        if (!u || !u->port || u->scheme == "lb") continue;  // lb:// is resolved by the client through Eureka
        addFlow({source, u->host, u->port, proto::kTcp, cv.loc,
                 fmt::format("{} = {} with {}", cv.key, cv.value, fmt::join(used, ", "))},
                local);
      }
  }

  void instance(const Instance& i) {
    const Manifests& m = i.manifests;
    std::vector<EnvVar> vars;
    for (const auto& f : m.env_files) vars.insert(vars.end(), f.vars.begin(), f.vars.end());
    std::set<std::string> local = {i.name};
    if (i.private_ip) local.insert(formatIpv4(*i.private_ip));
    for (const auto& c : m.compose)
      for (const auto& svc : c.services) {
        local.insert(svc.name);  // compose service names resolve on the instance's own network
        vars.insert(vars.end(), svc.environment.begin(), svc.environment.end());
        if (svc.image.find(".dkr.ecr.") != std::string::npos)
          out_.needs.push_back({i.name, "ecr", svc.loc, fmt::format("compose service {} runs image {}", svc.name, svc.image)});
      }
    fromEnv(i.name, vars, local);
    fromConfigs(i.name, m.app_configs, vars, local);
    if (!m.user_data) return;
    for (const auto& c : m.user_data->commands) {
      std::string why = model::shorten(c.text, 100);
      if (c.kind == "s3-copy") out_.needs.push_back({i.name, "s3", c.loc, why});
      else if (c.kind == "ecr-login") out_.needs.push_back({i.name, "ecr", c.loc, why});
      else if (c.kind == "docker-pull")
        out_.needs.push_back({i.name, c.arg.find(".dkr.ecr.") != std::string::npos ? "ecr" : "internet", c.loc, why});
      else if (c.kind == "ec2-api") out_.needs.push_back({i.name, "ec2", c.loc, why});
      else if (c.kind == "ssm-get") out_.needs.push_back({i.name, "ssm", c.loc, why});
      else if (c.kind == "secrets-get") out_.needs.push_back({i.name, "secretsmanager", c.loc, why});
      else if (c.kind == "imds") {
        DerivedNeed n{i.name, "imds", c.loc, why};
        n.imds_v1 = !c.imds_token && c.text.find("X-aws-ec2-metadata-token:") == std::string::npos &&
                    c.text.find("x-aws-ec2-metadata-token:") == std::string::npos;
        out_.needs.push_back(n);
      }
    }
  }

  void ecsService(const EcsService& svc) {
    std::string source = "service:" + svc.name;
    std::set<std::string> local = {svc.name};
    for (const auto& c : svc.task_definition.containers) {
      fromEnv(source, c.environment, local);
      if (serviceForHostname(c.image.substr(0, c.image.find('/')), s_.region) == std::string("ecr.dkr"))
        out_.needs.push_back({source, "ecr", c.image_loc, fmt::format("container {} runs image {}", c.name, c.image)});
      if (c.log_configuration && c.log_configuration->driver == "awslogs")
        out_.needs.push_back({source, "logs", c.log_configuration->loc, fmt::format("container {} logs with awslogs", c.name)});
      for (const auto& sec : c.secrets)
        out_.needs.push_back({source, sec.value_from.find(":ssm:") != std::string::npos ? "ssm" : "secretsmanager", sec.loc,
                              fmt::format("container {} reads secret {} from {}", c.name, sec.name, sec.value_from)});
    }
  }

  const Stack& s_;
  Intents out_;
  std::vector<bool> guessed_;  // by flow: its port is a well-known default
  std::map<std::tuple<std::string, std::string, int>, size_t> flowIndex_;  // (source, host, port) -> flow
};

}  // namespace

Intents deriveIntents(const Stack& stack) { return Deriver(stack).run(); }

}  // namespace awssim::sim
