// Internal to the stack loader: the parser that turns stack.yaml's sections
// into model values (stack_parser*.cc). What needs the whole stack is
// checked afterwards by model/validate.h, as for every importer. Not part of
// the library's interface.
#pragma once

#include <set>

#include "model/file_source.h"
#include "model/load/yaml_reader.h"
#include "model/stack.h"

namespace awssim::load {

using namespace model;

/// Top-level keys of stack.yaml, in the order docs/stack-format.md lists them.
extern const std::vector<std::string> kStackKeys;

class StackParser {
 public:
  StackParser(YamlReader& r, Stack& s, const FileSource& files) : r_(r), s_(s), files_(files) {}

  void parse(const YAML::Node& root);
  /// A usage file on its own; references are checked against the stack.
  void parseUsageOnly(const YAML::Node& root) { parseUsage(root); }

 private:
  // stack_parser_net.cc
  void parseVpcs(const YAML::Node& root);
  void parseVpc(const std::string& name, const YAML::Node& key, const YAML::Node& n);
  void parseSubnets(const YAML::Node& n);
  void parseRouteTables(const YAML::Node& n);
  void parseRoute(const YAML::Node& n, RouteTable& rt);
  void parseNacls(const YAML::Node& n);
  void parseSecurityGroups(const YAML::Node& n);
  void parseSgRules(const YAML::Node& n, const std::string& what, bool egress, const std::string& self,
                    std::vector<SgRule>& out);
  void parsePrefixLists(const YAML::Node& n);
  void parseGateways(const YAML::Node& root);
  void parseEndpoints(const YAML::Node& n);
  std::optional<Traffic> parseTraffic(const YAML::Node& rule, const std::string& what);

  // stack_parser_compute.cc
  void parseInstances(const YAML::Node& n);
  void parseInstanceSpec(const YAML::Node& v, const std::string& what, Instance& i);
  void parseLaunchTemplates(const YAML::Node& n);
  void parseAutoScalingGroups(const YAML::Node& n);
  void loadManifests(Instance& i);
  void parseMetadata(const YAML::Node& n, const std::string& what, InstanceMetadata& md);
  void parseEnis(const YAML::Node& n);
  void parseVolumes(const YAML::Node& n);
  void parseLoadBalancers(const YAML::Node& n);
  void parseTargetGroups(const YAML::Node& n);
  void parseHostedZones(const YAML::Node& n);
  void parseNamespaces(const YAML::Node& n);
  void parseEcsClusters(const YAML::Node& n);
  void parseEcsServices(const YAML::Node& n);
  void parseServiceConnect(const YAML::Node& n, const std::string& what, EcsService& svc);
  void parseServiceConnectWith(YamlReader& reader, const YAML::Node& n, const std::string& what, EcsService& svc);
  void parseServiceFile(const std::string& path, const std::string& name, EcsService& svc);
  void parsePlacementItems(const YAML::Node& list, const std::string& what, bool constraints,
                           std::vector<PlacementItem>& out);
  void parsePlacementItemsWith(YamlReader& reader, const YAML::Node& list, const std::string& what, bool constraints,
                               std::vector<PlacementItem>& out);
  void parsePeerings(const YAML::Node& n);
  void parseTransitGateways(const YAML::Node& n);
  void parseExpectations(const YAML::Node& n);
  void parseUsage(const YAML::Node& n);
  void parseSuppressions(const YAML::Node& n);
  void parseScopes(const YAML::Node& n);
  std::optional<ScopeMatch> parseScopeMatch(const YAML::Node& n, const std::string& what, bool needsEnds);
  void parseRootVolume(const YAML::Node& n, const std::string& what, RootVolume& rv);
  /// Templates whose resources join this stack (cloudformation.h).
  void parseCloudFormation(const YAML::Node& n);
  void attachManifests(const YAML::Node& n);
  /// Terraform plans and states whose resources join this stack (terraform.h).
  void parseTerraform(const YAML::Node& n);

  // Shared helpers.
  /// The VPC a resource belongs to: the `vpc` key, else the only VPC.
  std::string vpcOf(const YAML::Node& n, const std::string& what);
  /// "a" -> "eu-north-1a"; full zone names are kept.
  std::string zoneName(const YAML::Node& n, const std::string& what);
  std::optional<Cidr> cidr(const YAML::Node& n, const std::string& what);
  std::optional<Ipv4> ipv4(const YAML::Node& n, const std::string& what);
  /// `addresses: {SUBNET: IP}`: where a service places its interfaces.
  std::map<std::string, Ipv4> addressesBySubnet(const YAML::Node& v, const std::string& what);
  /// A manifest path relative to the stack's folder; checks it exists and
  /// stays inside the folder (through links too). Returns the joined path
  /// or "". `folderOk`: a folder inside is accepted as well.
  /// Whether `path` (joined to the stack's folder), links resolved, stays
  /// inside the stack's folder.
  bool insideStackFolder(const std::string& path) const;
  std::string manifest(const YAML::Node& n, const std::string& what, bool folderOk = false);
  /// Records where a by-name reference was written (the validator checks it).
  void ref(const char* kind, const std::string& name, const Location& loc);

  YamlReader& r_;
  Stack& s_;
  const FileSource& files_;
};

}  // namespace awssim::load
