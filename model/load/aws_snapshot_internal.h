// Internal to the snapshot importer (aws_snapshot*.cc): the snapshot's
// records by describe-* key, the names given to AWS IDs, and the builder of
// the model from them.
#pragma once

#include <fmt/format.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/load/aws_snapshot.h"
#include "model/load/yaml_reader.h"

namespace awssim::load::snapshot {

using model::Location;

/// One record: an element of a top-level list (a VPC, a reservation ...).
struct Item {
  YAML::Node node;
  Location loc;
  std::string region;  // "" until settled: outside a region folder
};

/// Field access for JSON nodes; absent or non-scalar gives "" / the default.
std::string str(const YAML::Node& n, const char* key);
bool flag(const YAML::Node& n, const char* key, bool otherwise);
YAML::Node child(const YAML::Node& n, const char* key);
/// The value of the tag `key` in a Tags list, or "".
std::string tag(const YAML::Node& n, const std::string& key);
/// Where a node sits in the file `fallback` names (fallback if unknown).
Location locOf(const YAML::Node& n, const Location& fallback);

class Importer {
 public:
  Importer(model::Diagnostics& diags) : diags_(diags) {}

  void read(const std::string& path, const model::FileSource& files);
  /// The model of what was read; problems go to the diagnostics.
  model::Stack build();

 private:
  // aws_snapshot.cc: reading and naming
  void readFolder(const std::string& dir, const std::string& region, int depth, const model::FileSource& files);
  void readFile(const std::string& path, const std::string& region, const model::FileSource& files);
  void settleRegions();
  void nameAll();
  /// The stack name of an AWS ID, or "" (with a warning at `at`) when the
  /// snapshot does not hold it.
  std::string ref(const std::string& id, const Location& at, const std::string& what);
  const std::vector<Item>& items(const std::string& key) const;
  std::vector<Item> instances() const;  // running ones, from Reservations and Instances

  // aws_snapshot_build.cc: one part of the model each
  void buildVpcs();
  void buildSubnets();
  void buildRouteTables();
  void buildNacls();
  void buildSecurityGroups();
  void buildSgRules(const YAML::Node& perms, const Location& loc, std::vector<model::SgRule>& out);
  void buildPrefixLists();
  void buildInstancesAndEnis();
  void buildGateways();
  void buildEndpoints();
  void buildLoadBalancers();
  void buildPeerings();
  void buildTransitGateways();
  void pinManaged(const std::string& description, std::map<std::string, model::Ipv4>& out);
  void buildVpn();
  std::optional<model::Cidr> cidrAt(const YAML::Node& holder, const char* key, const Location& fallback,
                                    const std::string& what);
  std::optional<model::Ipv4> ipAt(const YAML::Node& holder, const char* key, const Location& fallback,
                                  const std::string& what);
  /// Adds an element, reporting a second one of the same name.
  template <typename T>
  void add(model::Table<T>& table, T item, const char* kind) {
    std::string name = item.name;
    Location at = item.loc;
    if (!table.add(std::move(item))) diags_.error(at, fmt::format("{} '{}' appears twice", kind, name));
  }

  model::Diagnostics& diags_;
  std::map<std::string, std::vector<Item>> byKey_;
  std::map<std::string, std::string> names_;  // AWS ID (or ARN) -> stack name
  std::vector<std::string> regions_;
  Location origin_;
  model::Stack stack_;
};

}  // namespace awssim::load::snapshot
