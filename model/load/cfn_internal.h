// Internal to the CloudFormation importer (cfn_*.cc). One CfnStack is one
// template instance with its parameter values: it evaluates intrinsic
// functions offline (cfn_eval.cc) and maps its resources onto the model
// (cfn_build.cc); nested stacks are CfnStacks of their own, loaded when the
// parent names them. Values are JSON; scalars are kept as strings, as
// CloudFormation passes them.
#pragma once

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "model/diagnostics.h"
#include "model/file_source.h"
#include "model/load/cloudformation.h"
#include "model/stack.h"
#include "model/task_definition.h"

namespace awssim::load::cfn {

using Json = nlohmann::json;
using model::Location;

class CfnStack;

/// What every template of one load shares: the model being built, the
/// files, the placeholder IDs and what they stand for.
struct Session {
  Session(model::Stack& st, model::Diagnostics& d, const model::FileSource& f, const CfnOptions& o)
      : stack(st), diags(d), files(f), options(o) {}
  model::Stack& stack;
  model::Diagnostics& diags;
  const model::FileSource& files;
  const CfnOptions& options;
  /// A deploy-time value stands for the model element it names:
  /// placeholder ID (or ARN, or name) -> model name.
  std::map<std::string, std::string> owners;
  /// The kind of element each placeholder names (vpc, subnet, security_group ...).
  std::map<std::string, std::string> kinds;
  /// Template paths being loaded, to refuse a nested stack that includes itself.
  std::vector<std::string> loading;
  std::vector<std::unique_ptr<CfnStack>> stacks;  // top-level templates, in load order
  /// Every resource by model name: where it came from and its type.
  struct Source {
    CfnStack* stack;
    std::string id;
    std::string type;
  };
  std::map<std::string, Source> sources;
  std::map<std::string, model::TaskDefinition> task_definitions;  // by model name
  struct ListenerRef {
    std::string lb;
    int port = 0;
    std::string protocol;
  };
  std::map<std::string, ListenerRef> listeners;  // by placeholder ARN
  /// Per transit gateway: whether attachments join its default route table
  /// by association and by propagation.
  std::map<std::string, std::pair<bool, bool>> tgw_defaults;
  int resource_budget = 20000;                    // across all templates
  std::map<std::string, int> unplaced;            // per VPC: subnets whose zone EC2 picks
};

/// Thrown inside evaluation to abandon one value; the message is already a
/// diagnostic.
struct EvalError {};

class CfnStack {
 public:
  CfnStack(Session& s, std::string path, std::string prefix, std::string stackName)
      : s_(s), path_(std::move(path)), prefix_(std::move(prefix)), stack_name_(std::move(stackName)) {}

  /// Reads and checks the template; false when it cannot be used.
  bool load(const YAML::Node& root, const std::map<std::string, Json>& givenParams,
            const std::map<std::string, Location>& givenLocs);
  /// Registers every resource's placeholder ID with its model name.
  void registerIds();
  /// Phase 1 builds resources that stand alone, 2 what points at them,
  /// 3 what points at those (EIPs at instances, rules at listeners).
  void build(int phase);

  const std::string& path() const { return path_; }
  /// A resource's node by logical ID (undefined when absent), in O(log n).
  YAML::Node resourceNode(const std::string& id) const {
    auto it = resource_index_.find(id);
    return it == resource_index_.end() ? YAML::Node(YAML::NodeType::Undefined) : it->second;
  }
  const std::string& prefix() const { return prefix_; }
  /// An output's value (nested stacks' GetAtt Stack.Outputs.X).
  std::optional<Json> output(const std::string& name, const Location& at);

  // cfn_eval.cc
  /// `ignoreTag`: read a short-tagged node's own value (the function's
  /// argument) rather than call the function again.
  Json eval(const YAML::Node& n, int depth = 0, bool ignoreTag = false);
  bool condition(const std::string& name, const Location& at, int depth = 0);
  Location loc(const YAML::Node& n) const;
  void error(const YAML::Node& n, const std::string& msg);
  void warning(const YAML::Node& n, const std::string& msg);
  /// The model name of a resource of this template.
  std::string modelName(const std::string& logicalId) const { return prefix_ + logicalId; }
  /// The placeholder that stands for a resource's ID (what Ref returns).
  std::string placeholder(const std::string& logicalId, const std::string& type) const;

 private:
  Json evalFn(const std::string& fn, const YAML::Node& arg, const YAML::Node& at, int depth);
  Json ref(const std::string& name, const YAML::Node& at);
  Json getAtt(const std::string& res, const std::string& attr, const YAML::Node& at);
  Json sub(const YAML::Node& arg, const YAML::Node& at, int depth);
  Json parameterValue(const std::string& name, const YAML::Node& decl, const Json* given, const Location& givenLoc);
  bool resourceExists(const std::string& logicalId);
  CfnStack* child(const std::string& logicalId, const YAML::Node& at);

  // cfn_build.cc
  /// `at` is the logical ID's key: the place users look for.
  void buildResource(const std::string& id, const std::string& type, const Location& at, const Json& props,
                     const YAML::Node& propsNode);
  void buildNetwork(const std::string& id, const std::string& type, const Json& p, const YAML::Node& pn,
                    const Location& at);
  void buildRules(const std::string& id, const std::string& type, const Json& p, const YAML::Node& pn,
                  const Location& at);
  void buildCompute(const std::string& id, const std::string& type, const Json& p, const YAML::Node& pn,
                    const Location& at);
  void buildServices(const std::string& id, const std::string& type, const Json& p, const YAML::Node& pn,
                     const Location& at);
  void buildAutoScalingGroup(const std::string& id, const Json& p, const YAML::Node& pn, const Location& at);
  model::TaskDefinition taskDefinition(const std::string& id, const Json& p, const YAML::Node& pn, const Location& at);
  /// Inline user data (a template's UserData) as the instance's manifests.
  void readUserDataInto(const Json& p, const YAML::Node& pn, model::Manifests& m);
  /// The model name a deploy-time value (placeholder ID, ARN ...) stands
  /// for, or "" with a warning naming `what`.
  std::string owner(const Json& v, const char* kind, const Location& at, const std::string& what);
  std::vector<std::string> owners(const Json& v, const char* kind, const Location& at, const std::string& what);
  Location propLoc(const YAML::Node& pn, const char* key, const Location& fallback) const;

 public:
  Session& s_;
  std::string path_;
  std::string prefix_;
  std::string stack_name_;
  std::string dir_;
  YAML::Node resources_;
  std::map<std::string, YAML::Node> resource_index_;
  YAML::Node conditions_;
  YAML::Node mappings_;
  YAML::Node outputs_;
  std::map<std::string, Json> params_;
  std::map<std::string, bool> condition_memo_;
  std::set<std::string> condition_busy_;
  std::set<std::string> condition_failed_;  // reported once
  std::set<std::string> output_busy_;
  std::map<std::string, std::unique_ptr<CfnStack>> children_;
  std::set<std::string> children_failed_;
  std::map<std::string, Json> evaluated_props_;  // logical id -> Properties, evaluated once
  std::set<std::string> props_busy_;
  std::set<std::string> props_failed_;
  /// Logical ID -> evaluated Properties (for GetAtt of values given in them).
  const Json* props(const std::string& logicalId);
};

// Reading evaluated Properties: scalars as CloudFormation passes them
// (strings, numbers and booleans alike), absent keys as empty.
std::string text(const Json& p, const char* key);
bool truthy(const Json& p, const char* key, bool otherwise);
std::optional<int> integer(const Json& p, const char* key);
const Json& list(const Json& p, const char* key);
const Json& obj(const Json& p, const char* key);

int phaseOf(const std::string& type);

/// The loaded template's document: YAML (with CloudFormation's short tags)
/// or JSON, with positions. nullopt (and diagnostics) when it cannot be read.
std::optional<YAML::Node> readTemplate(const std::string& path, const model::FileSource& files,
                                       model::Diagnostics& diags);

/// A stable 17-hex-digit suffix for placeholder IDs.
std::string hexId(const std::string& seed);

}  // namespace awssim::load::cfn
