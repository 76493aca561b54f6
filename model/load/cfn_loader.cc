// Entry points of the CloudFormation importer: recognising templates and
// cdk.out folders, parameter files, nested stacks (local paths, S3 URLs
// mapped to folders, CDK's asset paths), and the order of the passes: load
// every template, register every placeholder ID, then build the model.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>

#include "model/aws_ranges.h"
#include "model/load/aws_snapshot.h"
#include "model/load/cfn_internal.h"
#include "model/load/cloudformation.h"
#include "model/load/yaml_reader.h"
#include "model/validate.h"

namespace awssim::load {

namespace cfn {

namespace {

// Nested stacks deeper than this are refused (CloudFormation itself allows
// deep trees, but no real template needs more).
constexpr int kMaxNesting = 8;

std::string baseName(const std::string& p) {
  std::string s = p;
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  auto slash = s.rfind('/');
  return slash == std::string::npos ? s : s.substr(slash + 1);
}

/// A stack name from a file name: "vpc.template.json" -> "vpc".
std::string stackNameOf(const std::string& path) {
  std::string b = baseName(path);
  auto dot = b.find('.');
  std::string n = dot == std::string::npos ? b : b.substr(0, dot);
  for (char& c : n)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') c = '-';
  return n.empty() ? "stack" : n;
}

bool looksLikeJson(const std::string& text) {
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) continue;
    return c == '{';
  }
  return false;
}

/// Whether `path` stays inside `root` (both resolved through links).
bool inside(const model::FileSource& files, const std::string& root, const std::string& path) {
  std::string r = files.realPath(root.empty() ? "." : root);
  std::string p = files.realPath(path);
  if (r == "." || r.empty()) return p != ".." && p.rfind("../", 0) != 0 && (p.empty() || p[0] != '/');
  return p.size() > r.size() && p.compare(0, r.size(), r) == 0 && (p[r.size()] == '/' || r.back() == '/');
}

}  // namespace

std::optional<YAML::Node> readTemplate(const std::string& path, const model::FileSource& files,
                                       model::Diagnostics& diags) {
  auto text = files.read(path);
  if (!text) {
    diags.error({path, 0, 0}, "cannot read the template (missing or unreadable)");
    return std::nullopt;
  }
  return looksLikeJson(*text) ? parseJson(*text, path, diags) : parseYaml(*text, path, diags);
}

CfnStack* CfnStack::child(const std::string& id, const YAML::Node& /*at*/) {
  if (auto it = children_.find(id); it != children_.end()) return it->second.get();
  if (children_failed_.count(id)) return nullptr;
  children_failed_.insert(id);  // until it loads
  YAML::Node res = resourceNode(id);
  if (std::count(prefix_.begin(), prefix_.end(), '/') >= kMaxNesting) {
    error(res, fmt::format("nested stack '{}' is more than {} levels deep", id, kMaxNesting));
    return nullptr;
  }
  const Json* p = props(id);
  if (!p) return nullptr;
  // CDK writes the nested template's file name in the resource's metadata.
  std::string local;
  YAML::Node assetPath = YamlReader::get(YamlReader::get(res, "Metadata"), "aws:asset:path");
  if (assetPath.IsScalar()) local = model::joinPath(dir_, assetPath.Scalar());
  std::string url = p->contains("TemplateURL") && (*p)["TemplateURL"].is_string() ? (*p)["TemplateURL"].get<std::string>() : "";
  if (local.empty()) {
    if (url.empty()) {
      error(res, fmt::format("nested stack '{}' has no TemplateURL", id));
      return nullptr;
    }
    if (url.find("://") == std::string::npos) {
      local = model::joinPath(dir_, url);
    } else {
      for (const auto& [prefix, folder] : s_.options.template_urls)
        if (url.rfind(prefix, 0) == 0) local = model::joinPath(folder, url.substr(prefix.size()));
      if (local.empty()) {
        // https://s3.amazonaws.com/BUCKET/KEY, https://BUCKET.s3[.REGION].amazonaws.com/KEY:
        // the key is looked up beside the parent template.
        std::string rest = url.substr(url.find("://") + 3);
        auto slash = rest.find('/');
        std::string host = slash == std::string::npos ? rest : rest.substr(0, slash);
        std::string key = slash == std::string::npos ? "" : rest.substr(slash + 1);
        if (host.rfind("s3.", 0) == 0 || host.rfind("s3-", 0) == 0) key = key.substr(std::min(key.size(), key.find('/') + 1));
        local = model::joinPath(dir_, key);
      }
    }
  }
  const std::string& root = model::dirName(s_.loading.empty() ? path_ : s_.loading.front());
  if (!inside(s_.files, root, local)) {
    error(res, fmt::format("nested stack '{}' template {} is outside the folder of the top template", id, local));
    return nullptr;
  }
  std::string real = s_.files.realPath(local);
  for (const auto& l : s_.loading)
    if (s_.files.realPath(l) == real) {
      error(res, fmt::format("nested stack '{}' includes {}, which is already being loaded (a stack cannot contain "
                             "itself)", id, local));
      return nullptr;
    }
  if (!s_.files.read(local)) {
    error(res, fmt::format("nested stack '{}': template {} not found (from {}; map S3 URLs to folders with "
                           "cloudformation: template_urls)", id, local, url.empty() ? "its asset path" : url));
    return nullptr;
  }
  auto doc = readTemplate(local, s_.files, s_.diags);
  if (!doc) return nullptr;
  std::map<std::string, Json> given;
  std::map<std::string, Location> locs;
  if (p->contains("Parameters") && (*p)["Parameters"].is_object())
    for (const auto& [k, v] : (*p)["Parameters"].items()) {
      given[k] = v;
      locs[k] = loc(YamlReader::get(YamlReader::get(YamlReader::get(res, "Properties"), "Parameters"), k.c_str()));
    }
  auto c = std::make_unique<CfnStack>(s_, local, prefix_ + id + "/",
                                      fmt::format("{}-{}-{}", stack_name_, id, hexId(path_ + id).substr(0, 12)));
  s_.loading.push_back(local);
  bool ok = c->load(*doc, given, locs);
  s_.loading.pop_back();
  if (!ok) return nullptr;
  children_failed_.erase(id);
  return (children_[id] = std::move(c)).get();
}

void CfnStack::registerIds() {
  s_.loading.push_back(path_);
  for (const auto& kv : resources_) {
    std::string id = kv.first.Scalar();
    std::string type = YamlReader::get(kv.second, "Type").IsScalar() ? YamlReader::get(kv.second, "Type").Scalar() : "";
    try {
      if (!resourceExists(id)) continue;
      if (--s_.resource_budget < 0) {
        if (s_.resource_budget == -1) error(kv.first, "more than 20000 resources across the templates; the rest are not read");
        break;
      }
      std::string ph = type == "AWS::ECS::Cluster" ? ref(id, kv.first).get<std::string>() : placeholder(id, type);
      s_.owners[ph] = modelName(id);
      s_.kinds[ph] = type;
      s_.sources[modelName(id)] = {this, id, type};
      if (type == "AWS::EC2::VPC") {
        s_.owners["sg-" + hexId(ph + "#default")] = "#default-sg:" + modelName(id);
        s_.kinds["sg-" + hexId(ph + "#default")] = "AWS::EC2::SecurityGroup";
      }
      if (type == "AWS::CloudFormation::Stack")
        if (CfnStack* c = child(id, kv.first)) c->registerIds();
    } catch (const EvalError&) {
    }
  }
  s_.loading.pop_back();
}

}  // namespace cfn

bool isCloudFormation(const std::string& path, const model::FileSource& files) {
  if (files.isDirectory(path)) {
    if (!files.read(model::joinPath(path, "manifest.json"))) return false;
    auto entries = files.list(path);
    return std::any_of(entries.begin(), entries.end(),
                       [](const std::string& f) { return f.ends_with(".template.json"); });
  }
  auto text = files.read(path);
  if (!text) return false;
  if (cfn::looksLikeJson(*text)) {
    auto j = nlohmann::json::parse(*text, nullptr, false);
    if (!j.is_object()) return false;
    if (j.contains("AWSTemplateFormatVersion")) return true;
    if (!j.contains("Resources") || !j["Resources"].is_object()) return false;
    for (const auto& [k, v] : j["Resources"].items())
      if (v.is_object() && v.contains("Type") && v["Type"].is_string() && v["Type"].get<std::string>().rfind("AWS::", 0) == 0)
        return true;
    return false;
  }
  // YAML: a top-level AWSTemplateFormatVersion or Resources key whose
  // entries name AWS types, read line by line (no YAML parse for a guess).
  bool resources = false;
  size_t start = 0;
  while (start < text->size()) {
    size_t end = text->find('\n', start);
    std::string line = text->substr(start, end == std::string::npos ? std::string::npos : end - start);
    start = end == std::string::npos ? text->size() : end + 1;
    if (line.rfind("AWSTemplateFormatVersion", 0) == 0) return true;
    if (line.rfind("Resources:", 0) == 0) resources = true;
    if (resources && line.find("Type:") != std::string::npos && line.find("AWS::") != std::string::npos) return true;
  }
  return false;
}

namespace {

/// The AWS CLI's parameters file: [{"ParameterKey": K, "ParameterValue": V}].
void readParameterFile(const std::string& path, const model::FileSource& files, model::Diagnostics& diags,
                       std::map<std::string, cfn::Json>& out, std::map<std::string, model::Location>& locs) {
  auto text = files.read(path);
  if (!text) {
    diags.error({path, 0, 0}, "cannot read the parameters file");
    return;
  }
  auto doc = parseJson(*text, path, diags);
  if (!doc) return;
  YamlReader r(path, diags, true);
  if (!r.isSeq(*doc, "a parameters file (a list of {ParameterKey, ParameterValue})")) return;
  for (const auto& p : *doc) {
    if (!r.isMap(p, "parameter")) continue;
    r.checkKeys(p, "parameter", {"ParameterKey", "ParameterValue", "UsePreviousValue", "ResolvedValue"});
    auto k = r.str(p, "ParameterKey", "parameter");
    auto v = r.str(p, "ParameterValue", "parameter");
    if (!k || !v) {
      r.error(p, "parameter: needs ParameterKey and ParameterValue");
      continue;
    }
    out[*k] = *v;
    locs[*k] = r.loc(YamlReader::get(p, "ParameterValue"));
  }
}

/// cdk.out: manifest.json lists the stacks' templates; nested templates are
/// loaded through their parents.
std::vector<std::string> cdkTemplates(const std::string& dir, const model::FileSource& files, model::Diagnostics& diags) {
  std::vector<std::string> out;
  auto text = files.read(model::joinPath(dir, "manifest.json"));
  auto j = nlohmann::json::parse(text.value_or(""), nullptr, false);
  if (j.is_object() && j.contains("artifacts") && j["artifacts"].is_object())
    for (const auto& [name, a] : j["artifacts"].items())
      if (a.is_object() && a.value("type", "") == "aws:cloudformation:stack" && a.contains("properties") &&
          a["properties"].is_object() && a["properties"].contains("templateFile") && a["properties"]["templateFile"].is_string())
        out.push_back(model::joinPath(dir, a["properties"]["templateFile"].get<std::string>()));
  if (out.empty())
    for (const auto& f : files.list(dir))
      if (f.size() > 14 && f.compare(f.size() - 14, 14, ".template.json") == 0 && f.find(".nested.") == std::string::npos)
        out.push_back(model::joinPath(dir, f));
  if (out.empty()) diags.error({dir, 0, 0}, "cdk.out folder without stack templates");
  return out;
}

}  // namespace

void importCloudFormation(const CfnOptions& options, const model::FileSource& files, model::Stack& stack,
                          model::Diagnostics& diags) {
  for (size_t i = 0; i < options.networks.size(); ++i)
    importAwsSnapshot(options.networks[i], files, stack, diags, options.region_from_network && i == 0);
  cfn::Session s{stack, diags, files, options};
  struct Entry {
    std::string path;
    const CfnTemplate* t;
  };
  std::vector<Entry> entries;
  for (const auto& t : options.templates) {
    if (files.isDirectory(t.path)) {
      for (const auto& p : cdkTemplates(t.path, files, diags)) entries.push_back({p, &t});
    } else {
      entries.push_back({t.path, &t});
    }
  }
  for (const auto& e : entries) {
    auto doc = cfn::readTemplate(e.path, files, diags);
    if (!doc) continue;
    std::map<std::string, cfn::Json> given;
    std::map<std::string, model::Location> locs;
    if (!e.t->parameters_file.empty()) readParameterFile(e.t->parameters_file, files, diags, given, locs);
    for (const auto& [k, v] : e.t->parameters) {
      given[k] = v;
      locs[k] = e.t->loc;
    }
    std::string name = e.t->stack_name.empty() ? cfn::stackNameOf(e.path) : e.t->stack_name;
    std::string prefix = entries.size() > 1 ? name + "/" : "";
    auto st = std::make_unique<cfn::CfnStack>(s, e.path, prefix, name);
    s.loading.push_back(e.path);
    bool ok = st->load(*doc, given, locs);
    s.loading.pop_back();
    if (ok) s.stacks.push_back(std::move(st));
  }
  for (auto& st : s.stacks) st->registerIds();
  // Resources that name no VPC land in the default VPC. It is built before
  // anything else so that every reference sees the same set of VPCs.
  for (const auto& [name, src] : s.sources) {
    const cfn::Json* p = src.stack->props(src.id);
    bool noVpc = p && src.type == "AWS::EC2::SecurityGroup" && !p->contains("VpcId");
    if (p && src.type == "AWS::EC2::Instance" && !p->contains("SubnetId")) {
      noVpc = true;
      for (const auto& nic : cfn::list(*p, "NetworkInterfaces"))
        if (nic.is_object() && nic.contains("SubnetId")) noVpc = false;
    }
    if (!noVpc) continue;
    model::Location at = src.stack->loc(YamlReader::get(src.stack->resources_, src.id.c_str()));
    bool built = false;
    std::string vpc = model::defaultVpc(stack, at, &built);
    if (built)
      diags.warning(at, fmt::format("'{}' names no VPC or subnet, so it lands in the region's default VPC; no network "
                                    "loaded alongside has one, so it is modelled as AWS creates it ({}: 172.31.0.0/16, "
                                    "a public /20 per zone, internet gateway)", name, vpc));
    break;
  }
  for (int phase = 1; phase <= 3; ++phase)
    for (auto& st : s.stacks) st->build(phase);
}

LoadResult loadCloudFormation(const std::string& path, const model::FileSource& files, CfnOptions options,
                              const std::string& region) {
  LoadResult res;
  res.stack.file = path;
  res.stack.dir = files.isDirectory(path) ? path : model::dirName(path);
  res.stack.region = region.empty() ? "us-east-1" : region;
  model::addManagedPrefixLists(res.stack);
  if (options.templates.empty()) options.templates.push_back({path, "", {}, "", {path, 0, 0}});
  importCloudFormation(options, files, res.stack, res.diags);
  if (!res.diags.hasErrors()) model::validateStack(res.stack, res.diags);
  res.diags.sort();
  return res;
}

}  // namespace awssim::load
