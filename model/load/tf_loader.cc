// Reading Terraform JSON: plans and `show -json` states (their module trees
// of resource instances), raw terraform.tfstate files, the configuration
// that links unknown values, and where each resource is written. Resolving
// what an attribute refers to: a known ID by the resource (or the loaded
// network's element) that has it; an unknown one through the references
// the configuration records, across module inputs and outputs, with the
// count/for_each index recovered.
#include <fmt/format.h>

#include <algorithm>

#include "model/aws_ranges.h"
#include "model/load/aws_snapshot.h"
#include "model/load/tf_internal.h"
#include "model/load/yaml_reader.h"
#include "model/validate.h"

namespace awssim::load {

namespace tf {

namespace {

// Module outputs that feed module inputs that feed outputs ... are followed
// this deep; real configurations need a handful.
constexpr int kMaxDepth = 16;
// A plan or state with more resource instances than this is cut short.
constexpr size_t kMaxResources = 20000;

bool startsWith(const std::string& s, const std::string& p) { return s.rfind(p, 0) == 0; }

/// The parent module instance of "module.a.module.b[0]": "module.a".
std::string parentModule(const std::string& m) {
  auto at = m.rfind(".module.");
  return at == std::string::npos ? "" : m.substr(0, at);
}

/// A raw state's flat attributes ("ingress.#": "1", "ingress.123.from_port":
/// "80") as nested values.
Json unflatten(const Json& flat) {
  Json out = Json::object();
  if (!flat.is_object()) return out;
  for (const auto& [key, v] : flat.items()) {
    if (key.find('.') == std::string::npos) {
      out[key] = v;
      continue;
    }
    std::string head = key.substr(0, key.find('.'));
    std::string rest = key.substr(key.find('.') + 1);
    if (rest == "#" || rest == "%") {
      if (!out.contains(head)) out[head] = rest == "#" ? Json::array() : Json::object();
      continue;
    }
    std::string item = rest.substr(0, rest.find('.'));
    std::string field = rest.find('.') == std::string::npos ? "" : rest.substr(rest.find('.') + 1);
    Json& coll = out[head];
    if (coll.is_null()) coll = Json::array();
    if (coll.is_object()) {
      coll[rest] = v;
      continue;
    }
    // Items of a list or set are keyed by position or hash; one object each.
    Json* found = nullptr;
    for (auto& x : coll)
      if (x.is_object() && sval(x, "#key") == item) found = &x;
    if (!found) {
      coll.push_back(Json{{"#key", item}});
      found = &coll.back();
    }
    if (field.empty()) (*found)["#value"] = v;
    else if (field.find('.') == std::string::npos) (*found)[field] = v;
  }
  // Lists of scalars ("cidr_blocks.0": "10.0.0.0/8") become plain lists.
  for (auto& [key, v] : out.items()) {
    if (!v.is_array()) continue;
    bool scalars = std::all_of(v.begin(), v.end(), [](const Json& x) { return x.contains("#value") && x.size() == 2; });
    for (auto& x : v) {
      if (scalars) x = x["#value"];
      else if (x.is_object()) x.erase("#key");
    }
  }
  return out;
}

}  // namespace

std::string configPath(const std::string& moduleAddress) {
  std::string out;
  size_t at = 0;
  while ((at = moduleAddress.find("module.", at)) != std::string::npos) {
    at += 7;
    size_t end = at;
    while (end < moduleAddress.size() && moduleAddress[end] != '.' && moduleAddress[end] != '[') ++end;
    out += (out.empty() ? "" : ".") + moduleAddress.substr(at, end - at);
    at = end;
  }
  return out;
}

std::pair<std::string, std::string> splitRef(const std::string& ref) {
  // data.TYPE.NAME[idx].attr or TYPE.NAME[idx].attr
  size_t start = startsWith(ref, "data.") ? 5 : 0;
  size_t dot = ref.find('.', start);
  if (dot == std::string::npos) return {"", ""};
  size_t end = dot + 1;
  while (end < ref.size() && ref[end] != '.' && ref[end] != '[') ++end;
  std::string base = ref.substr(0, end);
  std::string index;
  if (end < ref.size() && ref[end] == '[') {
    size_t close = ref.find(']', end);
    if (close == std::string::npos) return {"", ""};
    index = ref.substr(end, close - end + 1);
  }
  return {base, index};
}

Location Importer::locate(const std::string& needle) {
  // Resources come in file order: searching on from the last one found
  // keeps locating linear in the file's size.
  std::string quoted = Json(needle).dump();
  size_t at = text_.find(quoted, cursor_);
  if (at == std::string::npos) at = text_.find(quoted, values_at_);
  if (at == std::string::npos) at = text_.find(quoted);
  if (at != std::string::npos) cursor_ = at;
  if (at == std::string::npos) return {path_, 1, 1};
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), at);
  size_t line = static_cast<size_t>(it - line_starts_.begin());
  return {path_, static_cast<int>(line), static_cast<int>(at - line_starts_[line - 1] + 1)};
}

void Importer::indexConfig(const Json& module, const std::string& path, const ModuleConfig* parent, const Json* call) {
  if (modules_.size() > 1000 || !module.is_object()) return;
  ModuleConfig& mc = modules_[path];
  mc.node = &module;
  mc.parent = parent;
  mc.call = call;
  if (!module.contains("module_calls") || !module["module_calls"].is_object()) return;
  for (const auto& [name, c] : module["module_calls"].items())
    if (c.is_object() && c.contains("module"))
      indexConfig(c["module"], path.empty() ? name : path + "." + name, &mc, &c);
}

void Importer::readPlanModule(const Json& m, const std::map<std::string, const Json*>& unknowns, bool prior) {
  if (!m.is_object()) return;
  std::string module = sval(m, "address");
  if (m.contains("resources") && m["resources"].is_array())
    for (const auto& x : m["resources"]) {
      if (!x.is_object() || !x.contains("address") || !x["address"].is_string()) continue;
      if (resources_.size() >= kMaxResources) {
        diags_.error({path_, 1, 1}, fmt::format("more than {} resources; the rest are not read", kMaxResources));
        return;
      }
      Resource r;
      r.address = x["address"].get<std::string>();
      if (by_address_.count(r.address)) continue;  // planned values first, prior state fills the rest
      r.module = module;
      r.mode = sval(x, "mode", "managed");
      r.type = sval(x, "type");
      r.name = sval(x, "name");
      r.index = x.contains("index") ? x["index"] : Json();
      r.values = x.contains("values") && x["values"].is_object() ? x["values"] : Json::object();
      if (auto u = unknowns.find(r.address); u != unknowns.end() && !prior) r.unknown = *u->second;
      if (!r.unknown.is_object()) r.unknown = Json::object();
      r.loc = locate(r.address);
      if (!r.mode.empty() && r.type.empty()) {
        diags_.error(r.loc, fmt::format("resource {} has no type", r.address));
        continue;
      }
      by_address_[r.address] = resources_.size();
      resources_.push_back(std::move(r));
    }
  if (m.contains("child_modules") && m["child_modules"].is_array())
    for (const auto& c : m["child_modules"]) readPlanModule(c, unknowns, prior);
}

void Importer::readRawState(const Json& doc) {
  for (const auto& x : doc["resources"]) {
    if (!x.is_object()) continue;
    std::string module = sval(x, "module");
    std::string mode = sval(x, "mode", "managed");
    std::string type = sval(x, "type"), name = sval(x, "name");
    if (type.empty() || name.empty()) {
      diags_.error(locate(name.empty() ? type : name), "a state resource needs a type and a name");
      continue;
    }
    if (!x.contains("instances") || !x["instances"].is_array()) continue;
    std::string local = (mode == "data" ? "data." : "") + type + "." + name;
    for (const auto& i : x["instances"]) {
      if (!i.is_object() || resources_.size() >= kMaxResources) continue;
      Resource r;
      r.module = module;
      r.mode = mode;
      r.type = type;
      r.name = name;
      r.index = i.contains("index_key") ? i["index_key"] : Json();
      std::string idx = r.index.is_null() ? "" : "[" + r.index.dump() + "]";
      r.address = (module.empty() ? "" : module + ".") + local + idx;
      if (i.contains("attributes") && i["attributes"].is_object()) r.values = i["attributes"];
      else if (i.contains("attributes_flat")) r.values = unflatten(i["attributes_flat"]);
      else r.values = Json::object();
      r.unknown = Json::object();
      r.loc = locate(name);
      if (by_address_.count(r.address)) continue;
      by_address_[r.address] = resources_.size();
      resources_.push_back(std::move(r));
    }
  }
}

bool Importer::read() {
  auto text = files_.read(path_);
  if (!text) {
    diags_.error({path_, 0, 0}, "cannot read the Terraform file");
    return false;
  }
  text_ = *text;
  line_starts_.push_back(0);
  for (size_t i = 0; i < text_.size(); ++i)
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
  doc_ = Json::parse(text_, nullptr, false);
  if (doc_.is_discarded() || !doc_.is_object()) {
    // Placed by the located JSON reader.
    model::Diagnostics d;
    parseJson(text_, path_, d);
    if (d.all().empty()) diags_.error({path_, 1, 1}, "not a JSON object");
    for (const auto& x : d.all()) diags_.error(x.loc, x.message);
    return false;
  }
  if (doc_.contains("format_version")) {
    std::string v = doc_["format_version"].is_string() ? doc_["format_version"].get<std::string>() : "";
    if (!startsWith(v, "0.") && !startsWith(v, "1.")) {
      diags_.error(locate(v.empty() ? "format_version" : v),
                   fmt::format("Terraform JSON format_version '{}' is not one awssim reads (0.x and 1.x)", v));
      return false;
    }
    std::map<std::string, const Json*> unknowns;
    if (doc_.contains("resource_changes") && doc_["resource_changes"].is_array())
      for (const auto& c : doc_["resource_changes"])
        if (c.is_object() && c.contains("address") && c["address"].is_string() && c.contains("change") &&
            c["change"].is_object() && c["change"].contains("after_unknown"))
          unknowns[c["address"].get<std::string>()] = &c["change"]["after_unknown"];
    bool prior = options_.prior && doc_.contains("prior_state");
    const char* key = prior ? "prior_state" : doc_.contains("planned_values") ? "planned_values" : "values";
    const Json& vals = prior ? field(field(doc_, "prior_state"), "values") : field(doc_, key);
    values_at_ = std::min(text_.find("\"" + std::string(key) + "\""), text_.size());
    cursor_ = values_at_;
    if (!vals.is_object() || !vals.contains("root_module")) {
      diags_.error({path_, 1, 1}, fmt::format("Terraform JSON without {}.root_module: nothing to read", key));
      return false;
    }
    readPlanModule(vals["root_module"], unknowns, prior);
    // Data sources read during the plan live in prior_state.
    if (!prior) readPlanModule(field(field(field(doc_, "prior_state"), "values"), "root_module"), unknowns, true);
    if (doc_.contains("configuration") && doc_["configuration"].is_object()) {
      const Json& cfg = doc_["configuration"];
      if (cfg.contains("root_module")) indexConfig(cfg["root_module"], "", nullptr, nullptr);
      if (cfg.contains("provider_config") && cfg["provider_config"].is_object())
        for (const auto& [k, p] : cfg["provider_config"].items())
          if (p.is_object() && sval(p, "name") == "aws" && p.contains("expressions") && p["expressions"].is_object() &&
              p["expressions"].contains("region") && p["expressions"]["region"].is_object() &&
              p["expressions"]["region"].contains("constant_value") &&
              p["expressions"]["region"]["constant_value"].is_string() && provider_region_.empty())
            provider_region_ = p["expressions"]["region"]["constant_value"].get<std::string>();
    }
  } else if (doc_.contains("version") && doc_.contains("resources") && doc_["resources"].is_array()) {
    if (!doc_["version"].is_number_integer() || doc_["version"].get<int>() != 4) {
      diags_.error(locate("version"), fmt::format("terraform.tfstate version {} is not one awssim reads (4)",
                                                  doc_["version"].dump()));
      return false;
    }
    readRawState(doc_);
  } else {
    diags_.error({path_, 1, 1}, "not Terraform JSON (a plan or state from `terraform show -json`, or terraform.tfstate)");
    return false;
  }
  // Configuration blocks, and IDs known now; resources by module and name.
  for (size_t i = 0; i < resources_.size(); ++i) {
    const Resource& r = resources_[i];
    by_local_[r.module + "|" + r.local()].push_back(i);
    by_type_[r.module + "|" + r.mode + "|" + r.type].push_back(i);
    module_instances_.insert(r.module);
  }
  std::map<std::string, const Json*> configs;  // "config path|address" -> block
  for (const auto& [path, mc] : modules_)
    if (mc.node->contains("resources") && (*mc.node)["resources"].is_array())
      for (const auto& c : (*mc.node)["resources"])
        if (c.is_object()) configs.emplace(path + "|" + sval(c, "address"), &c);
  for (auto& r : resources_) {
    if (auto c = configs.find(configPath(r.module) + "|" + r.local()); c != configs.end()) r.config = c->second;
    // Data sources the plan has read stand for existing VPCs and subnets.
    bool network = r.mode == "managed" || r.type == "aws_vpc" || r.type == "aws_subnet";
    if (r.values.contains("id") && r.values["id"].is_string() && network)
      ids_.emplace(r.values["id"].get<std::string>(), r.address);
    // Load balancers, listeners, target groups, clusters and Cloud Map
    // resources are referred to by ARN.
    if (r.mode == "managed" && r.values.contains("arn") && r.values["arn"].is_string())
      ids_.emplace(r.values["arn"].get<std::string>(), r.address);
    if (r.type == "aws_vpc" || r.type == "aws_default_vpc")
      for (const char* k : {"default_route_table_id", "main_route_table_id", "default_network_acl_id",
                            "default_security_group_id"})
        if (!sval(r.values, k).empty()) vpc_defaults_.emplace(sval(r.values, k), r.address);
  }
  return true;
}

std::string Importer::region() const {
  if (!provider_region_.empty() && model::isKnownRegion(provider_region_)) return provider_region_;
  for (const auto& r : resources_) {
    std::string az = sval(r.values, "availability_zone");
    if (az.size() > 1 && model::isKnownRegion(az.substr(0, az.size() - 1))) return az.substr(0, az.size() - 1);
  }
  return "";
}

// The network loaded alongside (before anything of the plan is built),
// indexed by kind and ID or name.
void Importer::indexNetwork() {
  auto index = [&](const char* kind, const auto& table) {
    for (const auto& x : table) {
      if (!x.id.empty()) network_.emplace(std::string(kind) + "|" + x.id, x.name);
      network_.emplace(std::string(kind) + "|" + x.name, x.name);
    }
  };
  index("aws_vpc", stack_.vpcs);
  index("aws_subnet", stack_.subnets);
  index("aws_security_group", stack_.security_groups);
  index("aws_route_table", stack_.route_tables);
  index("aws_instance", stack_.instances);
  index("prefix_list", stack_.prefix_lists);
  index("aws_internet_gateway", stack_.internet_gateways);
  index("aws_nat_gateway", stack_.nat_gateways);
}

std::string Importer::byId(const std::string& id, const std::string& type, const Resource& from, const std::string& attr) {
  if (id.empty()) return "";
  for (const char* kind : {"aws_vpc", "aws_subnet", "aws_security_group", "aws_route_table", "aws_instance",
                           "prefix_list", "aws_internet_gateway", "aws_nat_gateway"})
    if (type.find(kind) != std::string::npos)
      if (auto it = network_.find(std::string(kind) + "|" + id); it != network_.end()) return it->second;
  // aws_default_route_table and its kin name their VPC by the ID of the
  // default they adopt, which is also their own ID.
  if (typeIn("aws_vpc", type))
    if (auto it = vpc_defaults_.find(id); it != vpc_defaults_.end()) return it->second;
  if (auto it = ids_.find(id); it != ids_.end()) {
    // An ID is a resource of the plan, or a default subnet adopted by name.
    auto at = by_address_.find(it->second);
    if (at != by_address_.end() ? typeIn(resources_[at->second].type, type)
                                : typeIn("aws_subnet", type) && stack_.subnets.find(it->second))
      return named(it->second);
  }
  // One warning per missing ID, at its first referrer.
  if (warned_.insert("#missing#" + id).second)
    diags_.warning(from.loc, fmt::format("{} {} refers to {}, which neither the plan nor the network loaded with it "
                                         "holds; left out (load that network alongside to check it)",
                                         from.address, attr, id));
  return "";
}

void Importer::follow(const std::vector<std::string>& references, const std::string& module, const Resource& from,
                      const std::string& type, std::vector<std::string>& out, int depth) {
  if (depth > kMaxDepth) {
    if (warned_.insert(from.address + "#depth").second)
      diags_.warning(from.loc, fmt::format("{}: references nest more than {} modules deep (a cycle?); not followed",
                                           from.address, kMaxDepth));
    return;
  }
  bool ownIndex = std::any_of(references.begin(), references.end(), [](const std::string& x) {
    return x == "count.index" || x == "each.key" || x == "each.value";
  });
  std::set<std::string> seenBases;
  for (const auto& ref : references) {
    if (startsWith(ref, "count.") || startsWith(ref, "each.") || startsWith(ref, "path.") ||
        startsWith(ref, "terraform.") || startsWith(ref, "local.") || startsWith(ref, "self."))
      continue;
    if (startsWith(ref, "var.")) {
      std::string var = ref.substr(4, ref.find('.', 4) == std::string::npos ? std::string::npos : ref.find('.', 4) - 4);
      auto mc = modules_.find(configPath(module));
      if (module.empty() || mc == modules_.end() || !mc->second.call) {
        // A root variable: its value in the plan.
        const Json& v = doc_.contains("variables") && doc_["variables"].is_object() && doc_["variables"].contains(var)
                            ? field(field(field(doc_, "variables"), var.c_str()), "value")
                            : Json();
        if (v.is_string()) {
          if (auto n = byId(v.get<std::string>(), type, from, ref); !n.empty()) out.push_back(n);
        } else if (v.is_array()) {
          for (const auto& x : v)
            if (x.is_string())
              if (auto n = byId(x.get<std::string>(), type, from, ref); !n.empty()) out.push_back(n);
        }
        continue;
      }
      const Json& call = *mc->second.call;
      const Json& e = call.contains("expressions") && call["expressions"].is_object() && call["expressions"].contains(var)
                          ? call["expressions"][var]
                          : Json();
      if (!e.is_object()) continue;
      if (e.contains("constant_value")) {
        const Json& v = e["constant_value"];
        if (v.is_string())
          if (auto n = byId(v.get<std::string>(), type, from, ref); !n.empty()) out.push_back(n);
        if (v.is_array())
          for (const auto& x : v)
            if (x.is_string())
              if (auto n = byId(x.get<std::string>(), type, from, ref); !n.empty()) out.push_back(n);
      } else if (e.contains("references") && e["references"].is_array()) {
        std::vector<std::string> rs;
        for (const auto& x : e["references"])
          if (x.is_string()) rs.push_back(x.get<std::string>());
        follow(rs, parentModule(module), from, type, out, depth + 1);
      }
      continue;
    }
    if (startsWith(ref, "module.")) {
      // module.NAME.OUTPUT: the output's references, in the child.
      size_t a = 7, b = ref.find('.', a);
      if (b == std::string::npos) continue;
      std::string callName = ref.substr(a, b - a);
      std::string key;
      if (auto br = callName.find('['); br != std::string::npos) {
        key = callName.substr(br);
        callName = callName.substr(0, br);
      }
      std::string output = ref.substr(b + 1);
      output = output.substr(0, output.find('.'));
      std::string childPath = configPath(module).empty() ? callName : configPath(module) + "." + callName;
      auto mc = modules_.find(childPath);
      if (mc == modules_.end() || !mc->second.node->contains("outputs")) continue;
      const Json& outs = (*mc->second.node)["outputs"];
      if (!outs.is_object() || !outs.contains(output) || !outs[output].is_object()) continue;
      const Json& expr = field(outs[output], "expression");
      std::vector<std::string> rs;
      if (expr.contains("references") && expr["references"].is_array())
        for (const auto& x : expr["references"])
          if (x.is_string()) rs.push_back(x.get<std::string>());
      // The child module instances: the one keyed as referenced, else all.
      std::string prefix = (module.empty() ? "" : module + ".") + "module." + callName;
      std::set<std::string> instances;
      for (auto it = module_instances_.lower_bound(prefix); it != module_instances_.end() && startsWith(*it, prefix); ++it)
        if (*it == prefix + key || (key.empty() && (startsWith(*it, prefix + "[") || *it == prefix)))
          instances.insert(*it);
      // A module's own child modules have longer addresses: "module.a.module.b".
      for (auto it = instances.begin(); it != instances.end();)
        it = it->find(".module.", prefix.size()) != std::string::npos ? instances.erase(it) : std::next(it);
      for (const auto& inst : instances) follow(rs, inst, from, type, out, depth + 1);
      continue;
    }
    auto [base, index] = splitRef(ref);
    if (base.empty() || seenBases.count(base + index)) continue;
    seenBases.insert(base + index);
    std::vector<const Resource*> cands;
    if (auto it = by_local_.find(module + "|" + base); it != by_local_.end())
      for (size_t i : it->second) cands.push_back(&resources_[i]);
    if (cands.empty() || !typeIn(cands[0]->type, type)) continue;
    std::vector<const Resource*> picked;
    if (!index.empty()) {
      for (const auto* c : cands)
        if ("[" + c->index.dump() + "]" == index) picked.push_back(c);
    } else if (ownIndex && !from.index.is_null()) {
      for (const auto* c : cands)
        if (c->index == from.index) picked.push_back(c);
    } else if (cands.size() == 1) {
      picked.push_back(cands[0]);
    } else if (!ownIndex) {
      // A whole list (subnet_ids = aws_subnet.private[*].id): every instance.
      picked = cands;
    } else if (warned_.insert(from.address + "#" + base).second) {
      diags_.warning(from.loc, fmt::format("{}: ambiguous reference to {} ({} instances, and no index says which); "
                                           "left out", from.address, base, cands.size()));
    }
    for (const auto* c : picked) {
      if (c->mode == "data") {
        std::string id = sval(c->values, "id");
        if (auto n = byId(id, type, from, ref); !n.empty()) out.push_back(n);
      } else {
        out.push_back(named(c->address));
      }
    }
  }
}

std::vector<std::string> Importer::refs(const Resource& r, const std::string& attr, const std::string& type,
                                        const Json* exprs) {
  const Json* e = exprs ? exprs : r.config && r.config->contains("expressions") ? &(*r.config)["expressions"] : nullptr;
  return resolve(r, r.values, r.unknown, e, attr, type);
}

std::vector<std::string> Importer::resolve(const Resource& r, const Json& values, const Json& unknowns, const Json* e,
                                           const std::string& attr, const std::string& type) {
  std::vector<std::string> out;
  const Json& v = values.is_object() && values.contains(attr) ? values[attr] : Json();
  const Json& u = unknowns.is_object() && unknowns.contains(attr) ? unknowns[attr] : Json();
  bool unknown = u.is_boolean() ? u.get<bool>() : u.is_array() && std::any_of(u.begin(), u.end(), [](const Json& x) {
    return x.is_boolean() && x.get<bool>();
  });
  if (v.is_string() && !v.get<std::string>().empty()) {
    if (auto n = byId(v.get<std::string>(), type, r, attr); !n.empty()) out.push_back(n);
  } else if (v.is_array()) {
    for (const auto& x : v)
      if (x.is_string() && !x.get<std::string>().empty())
        if (auto n = byId(x.get<std::string>(), type, r, attr); !n.empty()) out.push_back(n);
  }
  if (!unknown && !out.empty()) return out;
  if (!unknown && v.is_string()) return out;
  // Unknown until apply: what the configuration says it is.
  if (e && e->is_object() && e->contains(attr) && (*e)[attr].is_object() && (*e)[attr].contains("references")) {
    std::vector<std::string> rs;
    for (const auto& x : (*e)[attr]["references"])
      if (x.is_string()) rs.push_back(x.get<std::string>());
    follow(rs, r.module, r, type, out, 0);
  }
  // A reference through a local value the plan does not record: the one
  // resource of that type in the module, if there is exactly one.
  bool configured = e && e->is_object() && e->contains(attr);
  if (out.empty() && (((unknown || v.is_null()) && configured) || (unknown && !configured))) {
    std::vector<std::string> one;
    size_t at = 0;
    while (at <= type.size()) {
      size_t bar = std::min(type.find('|', at), type.size());
      if (auto it = by_type_.find(r.module + "|managed|" + type.substr(at, bar - at)); it != by_type_.end())
        for (size_t i : it->second) one.push_back(named(resources_[i].address));
      at = bar + 1;
    }
    if (one.size() == 1) {
      out = one;
      if (!configured && warned_.insert(r.address + "#" + attr + "#only").second)
        diags_.warning(r.loc, fmt::format("{} {} is known only after apply and the plan records no reference; taken "
                                          "as {}, the only {} in its module", r.address, attr, one[0], type));
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string Importer::ref(const Resource& r, const std::string& attr, const std::string& type) {
  auto all = refs(r, attr, type);
  if (all.size() > 1 && warned_.insert(r.address + "#" + attr + "#many").second)
    diags_.warning(r.loc, fmt::format("{} {}: the configuration names {} candidates ({}); the first is used",
                                      r.address, attr, all.size(), model::joinNames(all)));
  return all.empty() ? "" : all[0];
}

}  // namespace tf

bool isTerraform(const std::string& path, const model::FileSource& files) {
  if (files.isDirectory(path)) return false;
  auto text = files.read(path);
  if (!text) return false;
  size_t i = text->find_first_not_of(" \t\r\n");
  if (i == std::string::npos || (*text)[i] != '{') return false;
  auto j = nlohmann::json::parse(*text, nullptr, false);
  if (!j.is_object()) return false;
  if (j.contains("format_version") &&
      (j.contains("planned_values") || j.contains("values") || j.contains("resource_changes") || j.contains("prior_state")))
    return true;
  return j.contains("version") && j.contains("terraform_version") && j.contains("resources");
}

void importTerraform(const std::string& path, const model::FileSource& files, const TfOptions& options,
                     model::Stack& stack, model::Diagnostics& diags) {
  tf::Importer imp(path, files, options, stack, diags);
  try {
    if (imp.read()) imp.build();
  } catch (const nlohmann::json::exception& e) {
    diags.error({path, 1, 1}, fmt::format("Terraform JSON of an unexpected shape: {}", e.what()));
  }
}

LoadResult loadTerraform(const std::string& path, const model::FileSource& files, const TfOptions& options,
                         const std::string& region) {
  LoadResult res;
  res.stack.file = path;
  res.stack.dir = model::dirName(path);
  tf::Importer imp(path, files, options, res.stack, res.diags);
  bool read = false;
  try {
    read = imp.read();
  } catch (const nlohmann::json::exception& e) {
    res.diags.error({path, 1, 1}, fmt::format("Terraform JSON of an unexpected shape: {}", e.what()));
  }
  if (read) {
    std::string r = !region.empty() ? region : imp.region();
    res.stack.region = r.empty() ? "us-east-1" : r;
    model::addManagedPrefixLists(res.stack);
    for (size_t i = 0; i < options.networks.size(); ++i)
      importAwsSnapshot(options.networks[i], files, res.stack, res.diags, region.empty() && r.empty() && i == 0);
    imp.build();
  }
  if (!res.diags.hasErrors()) model::validateStack(res.stack, res.diags);
  res.diags.sort();
  return res;
}

}  // namespace awssim::load
