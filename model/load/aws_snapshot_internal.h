// Internal to the snapshot importer (aws_snapshot*.cc): the snapshot's
// records by describe-* key, the names given to AWS IDs, and the writer of
// stack.yaml lines that remembers where each line came from.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "model/load/aws_snapshot.h"
#include "model/load/yaml_reader.h"
#include "model/stack_writer.h"

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
inline std::string q(const std::string& s) { return model::yamlString(s); }
inline std::string list(const std::vector<std::string>& items) { return model::yamlList(items); }
/// Where a node sits in the file `fallback` names (fallback if unknown).
Location locOf(const YAML::Node& n, const Location& fallback);

class Writer {
 public:
  void line(int indent, const std::string& text, const Location& from) {
    yaml.append(static_cast<size_t>(indent) * 2, ' ').append(text).append("\n");
    sources.push_back(from);
  }
  std::string yaml;
  std::vector<Location> sources;
};

class Importer {
 public:
  Importer(model::Diagnostics& diags) : diags_(diags) {}

  void read(const std::string& path, const model::FileSource& files);
  SnapshotStack write();

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

  // aws_snapshot_write.cc: one section of stack.yaml each
  void writeVpcs(Writer& w);
  void writeSubnets(Writer& w);
  void writeRouteTables(Writer& w);
  void writeNacls(Writer& w);
  void writeSecurityGroups(Writer& w);
  void writeSgRules(Writer& w, const YAML::Node& perms, const Location& loc, bool egress);
  void writePrefixLists(Writer& w);
  void writeInstancesAndEnis(Writer& w);
  void writeGateways(Writer& w);
  void writeEndpoints(Writer& w);
  void writeLoadBalancers(Writer& w);
  void writePeerings(Writer& w);
  void writeTransitGateways(Writer& w);

  model::Diagnostics& diags_;
  std::map<std::string, std::vector<Item>> byKey_;
  std::map<std::string, std::string> names_;  // AWS ID (or ARN) -> stack name
  std::vector<std::string> regions_;
  Location origin_;
};

}  // namespace awssim::load::snapshot
