// Internal to the Terraform importer (tf_*.cc): the resource instances of a
// plan or state with their values, what is unknown until apply, where each
// is written, and the configuration that says what unknown values refer to.
#pragma once

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "model/diagnostics.h"
#include "model/file_source.h"
#include "model/load/terraform.h"
#include "model/net.h"
#include "model/stack.h"
#include "model/task_definition.h"

namespace awssim::load::tf {

using Json = nlohmann::json;
using model::Location;

/// One resource instance (or data source instance).
struct Resource {
  std::string address;  // module.vpc.aws_subnet.private[0]
  std::string module;   // module.vpc ("" = root)
  std::string mode;     // managed or data
  std::string type;
  std::string name;
  Json index;  // null, a number (count) or a string (for_each)
  Json values;
  Json unknown;  // after_unknown: true where the value is known only after apply
  Location loc;
  const Json* config = nullptr;  // the configuration block (expressions)
  /// "type.name" within its module: what references in that module say.
  std::string local() const { return (mode == "data" ? "data." : "") + type + "." + name; }
};

/// A module's configuration: its resources, calls and outputs.
struct ModuleConfig {
  const Json* node = nullptr;
  const ModuleConfig* parent = nullptr;
  const Json* call = nullptr;  // the module_calls entry in the parent
};

class Importer {
 public:
  Importer(const std::string& path, const model::FileSource& files, const TfOptions& options, model::Stack& stack,
           model::Diagnostics& diags)
      : path_(path), files_(files), options_(options), stack_(stack), diags_(diags) {}

  /// Reads the file; false when it cannot be used (the reason is a diagnostic).
  bool read();
  /// The region the provider configuration or the zones name ("" = unknown).
  std::string region() const;
  /// Builds every resource into the model.
  void build();

 private:
  // tf_loader.cc
  void readPlanModule(const Json& m, const std::map<std::string, const Json*>& unknowns, bool prior);
  void readRawState(const Json& doc);
  void indexConfig(const Json& module, const std::string& path, const ModuleConfig* parent, const Json* call);
  Location locate(const std::string& address);

  // Reference resolution.
  /// The model names an attribute of `r` stands for (IDs known or not):
  /// known values are matched by ID, unknown ones followed through the
  /// configuration's references. `type` is what the attribute names
  /// (aws_vpc, aws_subnet ...; several separated by '|').
  std::vector<std::string> refs(const Resource& r, const std::string& attr, const std::string& type,
                                const Json* exprs = nullptr);
  std::string ref(const Resource& r, const std::string& attr, const std::string& type);
  /// The same for an attribute of a nested block (`values`, its
  /// after_unknown, and its configuration expressions).
  std::vector<std::string> resolve(const Resource& r, const Json& values, const Json& unknowns, const Json* exprs,
                                   const std::string& attr, const std::string& type);
  /// Follows reference strings in module `module` (instance address).
  void follow(const std::vector<std::string>& references, const std::string& module, const Resource& from,
              const std::string& type, std::vector<std::string>& out, int depth);
  /// A known ID (or name) -> the model name holding it.
  std::string byId(const std::string& id, const std::string& type, const Resource& from, const std::string& attr);

  // tf_build.cc
  void buildOne(Resource& r);
  void routeTarget(const Resource& r, const Json& values, const Json& unknowns, const Json* exprs, model::Route& ro);
  void indexNetwork();
  void buildNetwork(Resource& r);
  void buildRules(Resource& r);
  /// The VPC of a security group (the default VPC when it names none).
  std::string groupVpc(const Resource& r);
  void buildCompute(Resource& r);
  void readInstanceUserData(const Resource& r, model::Manifests& m, bool launchTemplate);
  void buildEcs(Resource& r);
  void adoptDefaultSubnet(const Resource& r);
  void addSgRules(const Resource& r, const std::string& group, const Json& blocks, bool egress, const Json* exprs);

  std::string path_;
  const model::FileSource& files_;
  const TfOptions& options_;
  model::Stack& stack_;
  model::Diagnostics& diags_;
  std::string text_;
  Json doc_;
  std::vector<size_t> line_starts_;
  size_t values_at_ = 0;  // where planned_values (or values) begins in the text
  std::vector<Resource> resources_;
  std::map<std::string, size_t> by_address_;
  std::map<std::string, std::vector<size_t>> by_local_;  // "module|type.name" -> instances
  std::map<std::string, std::vector<size_t>> by_type_;   // "module|mode|type" -> instances
  std::map<std::string, std::string> network_;  // "kind|ID or name" -> the loaded network's element
  std::set<std::string> module_instances_;               // module addresses that hold resources
  size_t cursor_ = 0;                                     // where the last resource was found
  std::map<std::string, ModuleConfig> modules_;  // config path ("" root, "vpc", "vpc.sub") -> config
  std::map<std::string, std::string> ids_;       // known ID -> address
  std::map<std::string, std::string> vpc_defaults_;  // ID of a VPC's default route table, ACL, group -> the VPC
  std::map<std::string, std::string> renamed_;       // address -> model name, where they differ
  /// The model name of the resource at `address`.
  const std::string& named(const std::string& address) const {
    auto it = renamed_.find(address);
    return it == renamed_.end() ? address : it->second;
  }
  struct ListenerAt {
    std::string lb;
    int port = 0;
    std::string protocol;
  };
  std::map<std::string, ListenerAt> listeners_;  // listener address -> where it listens
  std::map<std::string, std::pair<std::string, std::string>> discovery_;  // Cloud Map service -> namespace, name
  std::set<std::string> warned_;
  std::string provider_region_;
  std::map<std::string, std::string> zones_;
  std::map<std::string, model::TaskDefinition> task_definitions_;  // by address
  std::map<std::string, std::string> ecs_names_;        // cluster name -> address
  std::map<std::string, std::string> capacity_groups_;  // capacity provider name -> Auto Scaling group
  std::map<std::string, std::pair<bool, bool>> tgw_defaults_;  // gateway -> default association, propagation
  std::map<std::string, std::string> tgw_member_;              // route table or attachment -> its gateway  // hosted zone address -> its domain (the model's name)
  std::map<std::string, int> unplaced_;  // per VPC: subnets whose zone AWS picks
};

// Reading JSON of any shape without throwing: the wrong type reads as absent.
inline const Json& field(const Json& j, const char* key) {
  static const Json null;
  return j.is_object() && j.contains(key) ? j[key] : null;
}
inline std::string sval(const Json& j, const char* key, const std::string& otherwise = "") {
  const Json& v = field(j, key);
  return v.is_string() ? v.get<std::string>() : otherwise;
}
inline bool isTrue(const Json& j, const char* key) {
  const Json& v = field(j, key);
  return v.is_boolean() && v.get<bool>();
}

// What an attribute names, by resource type ('|' separates alternatives).
inline constexpr const char* kVpc = "aws_vpc|aws_default_vpc";
inline constexpr const char* kSubnet = "aws_subnet|aws_default_subnet";
inline constexpr const char* kSg = "aws_security_group|aws_default_security_group";
inline constexpr const char* kRouteTable = "aws_route_table|aws_default_route_table";
inline constexpr const char* kNacl = "aws_network_acl|aws_default_network_acl";
inline constexpr const char* kInstance = "aws_instance";
inline constexpr const char* kEni = "aws_network_interface";
inline constexpr const char* kLb = "aws_lb|aws_alb";
inline constexpr const char* kTg = "aws_lb_target_group|aws_alb_target_group";
inline constexpr const char* kPrefixList = "aws_ec2_managed_prefix_list|aws_prefix_list";

// Reading attribute values as the provider writes them (scalars of any
// spelling, lists), absent or mistyped as nothing.
inline std::string str(const Json& v, const char* key) {
  if (!v.is_object() || !v.contains(key)) return "";
  const Json& x = v[key];
  if (x.is_string()) return x.get<std::string>();
  if (x.is_boolean()) return x.get<bool>() ? "true" : "false";
  if (x.is_number_integer()) return std::to_string(x.get<long long>());
  return "";
}

inline std::optional<int> num(const Json& v, const char* key) {
  if (!v.is_object() || !v.contains(key)) return std::nullopt;
  const Json& x = v[key];
  if (x.is_number_integer()) {
    long long n = x.get<long long>();
    if (n < -1000000 || n > 1000000) return std::nullopt;
    return static_cast<int>(n);
  }
  if (x.is_string()) return model::parseInt(x.get<std::string>());
  return std::nullopt;
}

inline std::optional<bool> flag(const Json& v, const char* key) {
  if (!v.is_object() || !v.contains(key)) return std::nullopt;
  const Json& x = v[key];
  if (x.is_boolean()) return x.get<bool>();
  if (x.is_string()) return x.get<std::string>() == "true";
  return std::nullopt;
}

inline const Json& arr(const Json& v, const char* key) {
  static const Json empty = Json::array();
  return v.is_object() && v.contains(key) && v[key].is_array() ? v[key] : empty;
}

/// The configuration expressions of nested block `k` of `key` (blocks are
/// written as a list of objects of expressions), or nullptr.
inline const Json* blockExprs(const Resource& r, const char* key, size_t k) {
  if (!r.config) return nullptr;
  const Json& e = field(*r.config, "expressions");
  const Json& b = field(e, key);
  return b.is_array() && k < b.size() ? &b[k] : nullptr;
}

/// Whether `type` is one of `types` ('|' separated).
inline bool typeIn(const std::string& type, const std::string& types) {
  size_t at = 0;
  while (at <= types.size()) {
    size_t bar = std::min(types.find('|', at), types.size());
    if (types.compare(at, bar - at, type) == 0) return true;
    at = bar + 1;
  }
  return false;
}
/// "module.a[\"x\"].module.b[0]" -> "a.b": the configuration path of a module instance.
std::string configPath(const std::string& moduleAddress);
/// Splits "aws_subnet.private[0].id" -> {"aws_subnet.private", "[0]"}; "" when not a resource reference.
std::pair<std::string, std::string> splitRef(const std::string& ref);

}  // namespace awssim::load::tf
