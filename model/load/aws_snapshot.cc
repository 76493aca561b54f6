#include "model/load/aws_snapshot.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <re2/re2.h>
#include <set>

#include "model/load/aws_snapshot_internal.h"
#include "model/aws_ranges.h"
#include "model/validate.h"

namespace awssim::load {

namespace snapshot {

namespace {

// The describe-* keys awssim turns into the model.
const std::set<std::string> kModelled = {
    "Vpcs", "Subnets", "RouteTables", "SecurityGroups", "NetworkAcls", "NetworkInterfaces", "Reservations", "Instances",
    "InternetGateways", "NatGateways", "VpcEndpoints", "PrefixLists", "Addresses", "VpcPeeringConnections",
    "TransitGateways", "TransitGatewayAttachments", "TransitGatewayVpcAttachments", "TransitGatewayRouteTables",
    "TransitGatewayStaticRoutes", "TransitGatewayPropagations", "LoadBalancers", "TargetGroups", "LoadBalancerListeners",
    "LoadBalancerTargetHealth", "VpnGateways", "VpnConnections"};

// Keys that describe things with no bearing on reachability in awssim's
// model (zones, endpoint service catalogues, attributes, statuses): read past
// without a word.
const std::set<std::string> kInformational = {
    "AvailabilityZones", "ServiceNames", "ServiceDetails", "LoadBalancerAttributes", "InstanceStatuses",
    "PlacementGroups", "MovingAddressStatuses", "DhcpOptions", "Tags", "Hosts", "ClassicLinkInstances"};

// Keys awssim recognises but does not model; each is skipped with a warning
// saying why, so nobody mistakes silence for a check.
const std::map<std::string, std::string> kNotModelled = {
    {"CustomerGateways", "customer gateways are on premises: their VPN connections stand for them"},
    {"DBInstances", "RDS instances are not modelled (their interfaces are not in the snapshot's instances)"},
    {"DomainStatusList", "OpenSearch domains are not modelled"},
    {"taskDefinition", "ECS task definitions are read from a stack.yaml (ecs_services: task_definition)"},
    {"services", "ECS services are read from a stack.yaml (ecs_services: service_file)"}};

// Each kind's ID field, for naming and for merging the dumps of several
// accounts (a peering between two accounts appears in both).
struct Kind {
  const char* key;
  const char* id;
};
const std::vector<Kind> kKinds = {
    {"Vpcs", "VpcId"}, {"Subnets", "SubnetId"}, {"RouteTables", "RouteTableId"}, {"NetworkAcls", "NetworkAclId"},
    {"SecurityGroups", "GroupId"}, {"PrefixLists", "PrefixListId"}, {"NetworkInterfaces", "NetworkInterfaceId"},
    {"InternetGateways", "InternetGatewayId"}, {"NatGateways", "NatGatewayId"}, {"VpcEndpoints", "VpcEndpointId"},
    {"VpcPeeringConnections", "VpcPeeringConnectionId"}, {"TransitGateways", "TransitGatewayId"},
    {"TransitGatewayAttachments", "TransitGatewayAttachmentId"}, {"TransitGatewayRouteTables", "TransitGatewayRouteTableId"},
    {"LoadBalancers", "LoadBalancerArn"}, {"TargetGroups", "TargetGroupArn"}, {"VpnGateways", "VpnGatewayId"},
    {"VpnConnections", "VpnConnectionId"}};

const RE2 kRegion("[a-z]{2}(-gov)?-[a-z]+-[0-9]+");

bool endsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string baseName(const std::string& path) {
  std::string p = path;
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  auto slash = p.rfind('/');
  return slash == std::string::npos ? p : p.substr(slash + 1);
}

std::string join(const std::string& dir, const std::string& name) {
  return dir.empty() ? name : (dir.back() == '/' ? dir + name : dir + "/" + name);
}

}  // namespace

std::string str(const YAML::Node& n, const char* key) {
  YAML::Node v = YamlReader::get(n, key);
  return v.IsDefined() && v.IsScalar() ? v.Scalar() : "";
}

bool flag(const YAML::Node& n, const char* key, bool otherwise) {
  std::string v = str(n, key);
  return v.empty() ? otherwise : v == "true";
}

YAML::Node child(const YAML::Node& n, const char* key) { return YamlReader::get(n, key); }

std::string tag(const YAML::Node& n, const std::string& key) {
  YAML::Node tags = child(n, "Tags");
  if (!tags.IsSequence()) return "";
  for (const auto& t : tags)
    if (str(t, "Key") == key) return str(t, "Value");
  return "";
}

Location locOf(const YAML::Node& n, const Location& fallback) {
  if (!n.IsDefined() || n.Mark().is_null()) return fallback;
  return {fallback.file, n.Mark().line + 1, n.Mark().column + 1};
}

void Importer::read(const std::string& path, const model::FileSource& files) {
  origin_ = {path, 0, 0};
  if (!files.isDirectory(path)) {
    readFile(path, "", files);
  } else {
    std::string cfg = baseName(path) == "aws_configs" ? path : join(path, "aws_configs");
    if (!files.isDirectory(cfg)) {
      diags_.error(origin_, "is a folder without aws_configs/; give a stack.yaml, a snapshot folder or a describe-* JSON file");
      return;
    }
    readFolder(cfg, "", 0, files);
  }
  settleRegions();
  for (const auto& k : kKinds) {
    auto& list = byKey_[k.key];
    std::set<std::string> seen;
    list.erase(std::remove_if(list.begin(), list.end(),
                              [&](const Item& it) { return !seen.insert(str(it.node, k.id)).second; }),
               list.end());
  }
  std::sort(regions_.begin(), regions_.end());
  regions_.erase(std::unique(regions_.begin(), regions_.end()), regions_.end());
  if (regions_.size() > 1)
    diags_.warning(origin_, fmt::format("the snapshot spans regions {}; they are checked as one network in {}",
                                        fmt::join(regions_, ", "), regions_[0]));
  nameAll();
}

// aws_configs/ holds region folders, account folders holding region folders,
// and files (region us-west-2, as Batfish reads them).
void Importer::readFolder(const std::string& dir, const std::string& region, int depth, const model::FileSource& files) {
  for (const auto& entry : files.list(dir)) {
    std::string full = join(dir, entry);
    if (files.isDirectory(full)) {
      if (RE2::FullMatch(entry, kRegion) && region.empty()) readFolder(full, entry, depth + 1, files);
      else if (depth < 2 && region.empty()) readFolder(full, "", depth + 1, files);  // accounts/, an account
      else diags_.warning({full, 0, 0}, "not a region or account folder; skipped");
    } else if (endsWith(entry, ".json")) {
      readFile(full, region, files);
    }
  }
}

// Files outside a region folder are us-west-2 to Batfish, which does not
// price anything; awssim prices and checks zones, so it takes the region the
// subnets' zones name when they agree.
void Importer::settleRegions() {
  std::set<std::string> zoneRegions;
  for (const auto& it : items("Subnets"))
    if (it.region.empty()) {
      std::string az = str(it.node, "AvailabilityZone");
      if (!az.empty()) zoneRegions.insert(az.substr(0, az.size() - 1));
    }
  std::string fallback = zoneRegions.size() == 1 ? *zoneRegions.begin() : "us-west-2";
  for (auto& [key, list] : byKey_)
    for (auto& it : list)
      if (it.region.empty()) it.region = fallback;
  for (auto& r : regions_)
    if (r.empty()) r = fallback;
}

namespace {

// The shapes of the fields the importer reads (EC2 and ELBv2 API reference,
// "Data Types"): a field of the wrong shape is a located error rather than
// a field read as absent, which would change answers in silence.
const std::set<std::string, std::less<>> kListFields = {
    "Associations", "Attachments", "AvailabilityZones", "CidrBlockAssociationSet", "Cidrs", "DefaultActions",
    "Entries", "Groups", "Instances", "IpPermissions", "IpPermissionsEgress", "IpRanges", "Listeners",
    "NatGatewayAddresses", "NetworkInterfaces", "PrefixListIds", "PrivateIpAddresses", "RouteTableIds", "Routes",
    "SecurityGroups", "SubnetIds", "Tags", "TargetHealthDescriptions", "TransitGatewayAttachments",
    "TransitGatewayRouteTablePropagations", "UserIdGroupPairs"};
const std::set<std::string, std::less<>> kMapFields = {"AccepterVpcInfo", "RequesterVpcInfo", "Association",
                                                       "Attachment", "Target", "CidrBlockState"};
const std::set<std::string, std::less<>> kNumberFields = {"FromPort", "ToPort", "RuleNumber", "Port"};
const std::set<std::string, std::less<>> kScalarFields = {
    "AvailabilityZone", "CidrBlock", "CidrIp", "ConnectivityType", "DestinationCidrBlock", "DestinationPrefixListId",
    "Egress", "GatewayId", "GroupId", "GroupName", "InstanceId", "InstanceType", "InterfaceType",
    "InternetGatewayId", "IpProtocol", "IsDefault", "LoadBalancerArn", "Main", "MapPublicIpOnLaunch",
    "NatGatewayId", "NetworkAclId", "NetworkInterfaceId", "PrefixListId", "PrivateDnsEnabled", "Protocol",
    "PublicIp", "PublicIpAddress", "RequesterManaged", "RouteTableId", "RuleAction", "Scheme", "ServiceName",
    "SourceDestCheck", "SubnetId", "TargetGroupArn", "TargetType", "TransitGatewayAttachmentId",
    "TransitGatewayId", "TransitGatewayRouteTableId", "VpcEndpointId", "VpcEndpointType", "VpcId",
    "VpcPeeringConnectionId"};

void checkShape(const YAML::Node& n, YamlReader& r, int depth) {
  if (depth > 64) return;  // parseJson bounds nesting; this only guards the walk
  if (n.IsSequence()) {
    for (const auto& x : n) checkShape(x, r, depth + 1);
    return;
  }
  if (!n.IsMap()) return;
  for (const auto& kv : n) {
    if (!kv.first.IsScalar()) continue;
    const std::string& key = kv.first.Scalar();
    const YAML::Node& v = kv.second;
    if (kListFields.count(key)) {
      if (!v.IsSequence()) r.error(v, fmt::format("'{}' must be a list, got {}", key, nodeKindName(v)));
    } else if (kMapFields.count(key)) {
      if (!v.IsMap()) r.error(v, fmt::format("'{}' must be an object, got {}", key, nodeKindName(v)));
    } else if (kNumberFields.count(key)) {
      r.toNumber(v, key, -1e18, 1e18);
    } else if (kScalarFields.count(key)) {
      if (!v.IsScalar() || v.IsNull()) r.error(v, fmt::format("'{}' must be a string, got {}", key, nodeKindName(v)));
    }
    checkShape(v, r, depth + 1);
  }
}

}  // namespace

void Importer::readFile(const std::string& path, const std::string& region, const model::FileSource& files) {
  auto text = files.read(path);
  if (!text) {
    diags_.error({path, 0, 0}, "cannot read the snapshot file (missing or unreadable)");
    return;
  }
  auto doc = parseJson(*text, path, diags_);
  if (!doc) return;
  YamlReader r(path, diags_, true);
  if (!r.isMap(*doc, "a describe-* snapshot file")) return;
  regions_.push_back(region);
  for (const auto& kv : *doc) {
    std::string key = kv.first.Scalar();
    if (kInformational.count(key)) continue;
    if (auto it = kNotModelled.find(key); it != kNotModelled.end()) {
      if (kv.second.IsSequence() && kv.second.size() == 0) continue;
      r.warning(kv.first, fmt::format("{}: {}; skipped", key, it->second));
      continue;
    }
    if (!kModelled.count(key)) {
      r.warning(kv.first, fmt::format("'{}' is not a describe-* key awssim reads; skipped", key));
      continue;
    }
    if (!r.isSeq(kv.second, key)) continue;
    for (const auto& item : kv.second) {
      if (!r.isMap(item, key + " entry")) continue;
      checkShape(item, r, 0);
      byKey_[key].push_back({item, r.loc(item), region});
    }
  }
}

const std::vector<Item>& Importer::items(const std::string& key) const {
  static const std::vector<Item> none;
  auto it = byKey_.find(key);
  return it == byKey_.end() ? none : it->second;
}

std::vector<Item> Importer::instances() const {
  std::vector<Item> out;
  auto take = [&](const Item& holder, const YAML::Node& list) {
    if (!list.IsSequence()) return;
    for (const auto& i : list) {
      // Only running instances take part in traffic.
      if (str(child(i, "State"), "Name") != "running") continue;
      out.push_back({i, locOf(i, holder.loc), holder.region});
    }
  };
  for (const auto& r : items("Reservations")) take(r, child(r.node, "Instances"));
  for (const auto& i : items("Instances")) {
    if (str(child(i.node, "State"), "Name") == "running") out.push_back(i);
  }
  return out;
}

// A resource is called by its Name tag where that is unique among resources
// of its kind and usable as a name, else by its ID.
void Importer::nameAll() {
  auto assign = [&](const std::vector<std::pair<std::string, std::string>>& idTags) {
    std::map<std::string, int> count;
    for (const auto& [id, t] : idTags) ++count[t];
    for (const auto& [id, t] : idTags) {
      bool usable = !t.empty() && count[t] == 1 && t.find(':') == std::string::npos && t.size() <= 80 &&
                    t.find_first_of("\n\t") == std::string::npos && !names_.count(t);
      names_.emplace(id, usable ? t : id);
    }
  };
  for (const auto& k : kKinds) {
    std::vector<std::pair<std::string, std::string>> idTags;
    std::string kindKey = k.key;
    for (const auto& it : items(k.key)) {
      std::string id = str(it.node, k.id);
      if (id.empty()) continue;
      // Security groups carry their own name; load balancers and target
      // groups a name field.
      std::string t = kindKey == "SecurityGroups" ? str(it.node, "GroupName")
                      : kindKey == "LoadBalancers" ? str(it.node, "LoadBalancerName")
                      : kindKey == "TargetGroups"  ? str(it.node, "TargetGroupName")
                      : kindKey == "PrefixLists"   ? ""
                                                   : tag(it.node, "Name");
      // AWS-managed lists keep the stack's names for them, s3 and dynamodb.
      if (kindKey == "PrefixLists")
        for (const char* service : {"s3", "dynamodb"})
          if (str(it.node, "PrefixListName") == "com.amazonaws." + it.region + "." + service) names_[id] = service;
      // Security group names are unique per VPC only, and "default" in each.
      if (kindKey == "SecurityGroups" && t == "default") t = "default-" + str(it.node, "VpcId");
      idTags.push_back({id, t});
    }
    assign(idTags);
  }
  std::vector<std::pair<std::string, std::string>> idTags;
  for (const auto& i : instances()) idTags.push_back({str(i.node, "InstanceId"), tag(i.node, "Name")});
  assign(idTags);
}

std::string Importer::ref(const std::string& id, const Location& at, const std::string& what) {
  auto it = names_.find(id);
  if (it != names_.end()) return it->second;
  diags_.warning(at, fmt::format("{} refers to {}, which the snapshot does not hold; left out", what, id));
  return "";
}

model::Stack Importer::build() {
  stack_.region = regions_.empty() ? "us-west-2" : regions_[0];
  model::addManagedPrefixLists(stack_);
  // Rules name the region's AWS-managed lists (S3, DynamoDB) by ID whether
  // or not the snapshot holds describe-managed-prefix-lists output.
  for (const auto& pl : stack_.prefix_lists)
    if (!pl.aws_service.empty()) names_.emplace(pl.id, pl.name);
  buildVpcs();
  buildPrefixLists();
  buildSubnets();
  buildRouteTables();
  buildNacls();
  buildSecurityGroups();
  buildInstancesAndEnis();
  buildGateways();
  buildEndpoints();
  buildLoadBalancers();
  buildPeerings();
  buildTransitGateways();
  buildVpn();
  return std::move(stack_);
}

}  // namespace snapshot

bool isAwsSnapshot(const std::string& path, const model::FileSource& files) {
  if (files.isDirectory(path))
    return snapshot::baseName(path) == "aws_configs" || files.isDirectory(snapshot::join(path, "aws_configs"));
  if (!snapshot::endsWith(path, ".json")) return false;
  auto text = files.read(path);
  if (!text) return false;
  auto j = nlohmann::json::parse(*text, nullptr, false);
  if (!j.is_object()) return false;
  for (const auto& [k, v] : j.items())
    if (snapshot::kModelled.count(k)) return true;
  return false;
}

void importAwsSnapshot(const std::string& path, const model::FileSource& files, model::Stack& stack,
                       model::Diagnostics& diags, bool adoptRegion) {
  if (!isAwsSnapshot(path, files)) {
    diags.error({path, 0, 0}, "is not a describe-* snapshot (a folder holding aws_configs/, or a JSON file of "
                              "describe-* output)");
    return;
  }
  int before = diags.errorCount();
  snapshot::Importer imp(diags);
  imp.read(path, files);
  if (diags.errorCount() > before) return;
  model::Stack net = imp.build();
  if (adoptRegion) {
    stack.region = net.region;
    stack.prefix_lists.eraseIf([](const model::PrefixList& pl) { return !pl.aws_service.empty(); });
  } else if (net.region != stack.region) {
    diags.error({path, 0, 0}, fmt::format("the snapshot is of region {}, the stack of {}", net.region, stack.region));
  }
  model::mergeStack(stack, std::move(net), diags);
}

LoadResult loadAwsSnapshot(const std::string& path, const model::FileSource& files) {
  LoadResult res;
  snapshot::Importer imp(res.diags);
  imp.read(path, files);
  if (!res.diags.hasErrors()) {
    res.stack = imp.build();
    if (!res.diags.hasErrors()) model::validateStack(res.stack, res.diags);
  }
  res.stack.file = path;
  res.stack.dir = model::dirName(path);
  res.diags.sort();
  return res;
}

}  // namespace awssim::load
