// stack.yaml: the sections about judging the stack rather than describing
// it: usage figures and root volumes for cost, suppressions and access
// scopes.
#include <fmt/format.h>

#include <re2/re2.h>

#include "model/load/cloudformation.h"
#include "model/load/aws_snapshot.h"
#include "model/load/terraform.h"
#include "model/load/stack_parser.h"

namespace awssim::load {

void StackParser::parseSuppressions(const YAML::Node& n) {
  if (!n.IsDefined() || !r_.isSeq(n, "suppress")) return;
  static const RE2 date(R"(\d{4}-\d{2}-\d{2})");
  for (const auto& item : n) {
    const std::string what = "suppression";
    if (!r_.isMap(item, what)) continue;
    r_.checkKeys(item, what, {"rule", "resource", "reason", "expires"});
    r_.requireKeys(item, what, {"rule"});
    Suppression s;
    s.loc = r_.loc(item);
    s.rule = r_.str(item, "rule", what).value_or("");
    s.resource = r_.str(item, "resource", what).value_or("");
    s.reason = r_.str(item, "reason", what).value_or("");
    // An accepted risk says why; an unexplained suppression is refused.
    if (s.reason.empty()) r_.error(item, fmt::format("suppression of {}: give a reason", s.rule));
    if (auto e = r_.str(item, "expires", what)) {
      if (!RE2::FullMatch(*e, date)) r_.error(YamlReader::get(item, "expires"), fmt::format("suppression expires '{}' must be a date YYYY-MM-DD", *e));
      s.expires = *e;
    }
    s_.suppressions.push_back(s);
  }
}

std::optional<ScopeMatch> StackParser::parseScopeMatch(const YAML::Node& n, const std::string& what, bool needsEnds) {
  if (!r_.isMap(n, what)) return std::nullopt;
  r_.checkKeys(n, what, {"from", "to", "protocol", "ports", "through"});
  if (needsEnds) r_.requireKeys(n, what, {"from", "to"});
  ScopeMatch m;
  m.loc = r_.loc(n);
  m.from = r_.strList(n, "from", what);
  m.to = r_.strList(n, "to", what);
  m.through = r_.strList(n, "through", what);
  if (auto p = r_.str(n, "protocol", what)) {
    if (auto pr = parseProtocol(*p)) m.protocol = *pr;
    else r_.error(YamlReader::get(n, "protocol"), fmt::format("{} protocol '{}' is not a protocol name or number", what, *p));
  }
  if (auto p = r_.str(n, "ports", what)) {
    if (auto pr = parsePortRange(*p)) m.ports = *pr;
    else r_.error(YamlReader::get(n, "ports"), fmt::format("{} ports '{}' must be a port, a range or 'all'", what, *p));
  }
  return m;
}

void StackParser::parseScopes(const YAML::Node& n) {
  r_.forEachNamed(n, "scopes", [&](const std::string& name, const YAML::Node& key, const YAML::Node& v) {
    std::string what = fmt::format("scope '{}'", name);
    if (!r_.isMap(v, what)) return;
    r_.checkKeys(v, what, {"description", "severity", "match", "exclude"});
    r_.requireKeys(v, what, {"match"});
    AccessScope s;
    s.name = name;
    s.loc = r_.loc(key);
    s.description = r_.str(v, "description", what).value_or("");
    if (auto sev = r_.str(v, "severity", what)) {
      if (*sev != "low" && *sev != "medium" && *sev != "high" && *sev != "critical")
        r_.error(YamlReader::get(v, "severity"), fmt::format("{} severity must be low, medium, high or critical", what));
      else
        s.severity = *sev;
    }
    if (YAML::Node m = YamlReader::get(v, "match"); m.IsDefined())
      if (auto sm = parseScopeMatch(m, what + " match", true)) s.match = *sm;
    YAML::Node ex = YamlReader::get(v, "exclude");
    if (ex.IsDefined() && r_.isSeq(ex, what + " exclude"))
      for (const auto& e : ex)
        if (auto sm = parseScopeMatch(e, what + " exclude", false)) s.exclude.push_back(*sm);
    s_.scopes.push_back(std::move(s));
  });
}

void StackParser::parseRootVolume(const YAML::Node& n, const std::string& what, RootVolume& rv) {
  if (!n.IsDefined() || !r_.isMap(n, what)) return;
  r_.checkKeys(n, what, {"size", "type"});
  if (auto s = r_.integer(n, "size", what, 1, 16384)) rv.size_gb = static_cast<int>(*s);
  if (auto t = r_.str(n, "type", what)) rv.type = *t;
}

void StackParser::parseUsage(const YAML::Node& n) {
  if (!n.IsDefined() || !r_.isMap(n, "usage")) return;
  const std::string what = "usage";
  r_.checkKeys(n, what, {"data_transfer_out_gb", "s3_storage_gb", "ecr_storage_gb", "nat_gateways", "endpoints",
                         "load_balancers"});
  Usage& u = s_.usage;
  u.loc = r_.loc(n);
  for (auto [key, dst] : {std::pair{"data_transfer_out_gb", &u.data_transfer_out_gb},
                          std::pair{"s3_storage_gb", &u.s3_storage_gb}, std::pair{"ecr_storage_gb", &u.ecr_storage_gb}})
    if (YAML::Node v = YamlReader::get(n, key); v.IsDefined()) *dst = r_.toNumber(v, std::string("usage ") + key, 0, 1e12);
    else if (YamlReader::hasKey(n, key)) r_.diags().error(r_.keyLoc(n, key), fmt::format("usage {} needs its figure", key));
  struct PerResource {
    const char* key;
    const char* field;
    const char* kind;
    std::map<std::string, double>* out;
  };
  for (const auto& pr : {PerResource{"nat_gateways", "gb_processed", "nat_gateway", &u.nat_gb_processed},
                         PerResource{"endpoints", "gb_processed", "endpoint", &u.endpoint_gb_processed},
                         PerResource{"load_balancers", "lcu", "load_balancer", &u.load_balancer_lcu}}) {
    r_.forEachNamed(YamlReader::get(n, pr.key), fmt::format("usage {}", pr.key),
                    [&](const std::string& name, const YAML::Node& key, const YAML::Node& v) {
      std::string w = fmt::format("usage of {} '{}'", pr.kind, name);
      ref(pr.kind, name, r_.loc(key));
      if (!v.IsDefined() || v.IsNull()) {
        r_.diags().error(r_.loc(key), fmt::format("{} needs its figure ({}: N)", w, pr.field));
        return;
      }
      if (!r_.isMap(v, w)) return;
      r_.checkKeys(v, w, {pr.field});
      if (!r_.requireKeys(v, w, {pr.field})) return;
      if (auto x = r_.toNumber(YamlReader::get(v, pr.field), w + " " + pr.field, 0, 1e12)) (*pr.out)[name] = *x;
    });
  }
}

void StackParser::parseCloudFormation(const YAML::Node& n) {
  if (!n.IsDefined() || !r_.isMap(n, "cloudformation")) return;
  const std::string what = "cloudformation";
  r_.checkKeys(n, what, {"templates", "exports", "template_urls", "network", "manifests"});
  r_.requireKeys(n, what, {"templates"});
  CfnOptions opts;
  YAML::Node list = YamlReader::get(n, "templates");
  if (list.IsDefined() && r_.isSeq(list, "cloudformation templates"))
    for (const auto& t : list) {
      const std::string twhat = "cloudformation template";
      if (!r_.isMap(t, twhat)) continue;
      r_.checkKeys(t, twhat, {"template", "stack_name", "parameters", "parameters_file"});
      if (!r_.requireKeys(t, twhat, {"template"})) continue;
      CfnTemplate ct;
      ct.loc = r_.loc(t);
      YAML::Node path = YamlReader::get(t, "template");
      // A cdk.out folder, or a template file (checked like any manifest).
      ct.path = manifest(path, twhat + " 'template'", true);
      if (ct.path.empty()) continue;
      ct.stack_name = r_.str(t, "stack_name", twhat).value_or("");
      YAML::Node params = YamlReader::get(t, "parameters");
      if (params.IsDefined() && r_.isMap(params, twhat + " parameters"))
        for (const auto& kv : params)
          if (auto v = r_.toStr(kv.second, fmt::format("parameter '{}'", kv.first.Scalar()))) ct.parameters[kv.first.Scalar()] = *v;
      if (YAML::Node pf = YamlReader::get(t, "parameters_file"); pf.IsDefined())
        ct.parameters_file = manifest(pf, twhat + " parameters_file");
      opts.templates.push_back(ct);
    }
  YAML::Node exports = YamlReader::get(n, "exports");
  if (exports.IsDefined() && r_.isMap(exports, "cloudformation exports"))
    for (const auto& kv : exports)
      if (auto v = r_.toStr(kv.second, fmt::format("export '{}'", kv.first.Scalar()))) opts.exports[kv.first.Scalar()] = *v;
  YAML::Node urls = YamlReader::get(n, "template_urls");
  if (urls.IsDefined() && r_.isMap(urls, "cloudformation template_urls"))
    for (const auto& kv : urls)
      if (auto v = r_.toStr(kv.second, fmt::format("template_urls '{}'", kv.first.Scalar()))) {
        std::string folder = joinPath(s_.dir, *v);
        if (!v->empty() && ((*v)[0] == '/' || folder.rfind("..", 0) == 0))
          r_.error(kv.second, fmt::format("template_urls '{}': '{}' must be a folder inside the stack's folder", kv.first.Scalar(), *v));
        else
          opts.template_urls[kv.first.Scalar()] = folder;
      }
  // The existing network as describe-* snapshots (a folder or a JSON file).
  YAML::Node net = YamlReader::get(n, "network");
  std::vector<YAML::Node> nets;
  if (net.IsSequence()) for (const auto& x : net) nets.push_back(x);
  else if (net.IsDefined()) nets.push_back(net);
  for (const auto& x : nets)
    if (std::string f = manifest(x, "cloudformation network", true); !f.empty()) opts.networks.push_back(f);
  importCloudFormation(opts, files_, s_, r_.diags());
  attachManifests(YamlReader::get(n, "manifests"));
}

// Terraform plans or states whose resources join this stack, as templates
// do (terraform.h).
void StackParser::parseTerraform(const YAML::Node& n) {
  if (!n.IsDefined() || !r_.isMap(n, "terraform")) return;
  const std::string what = "terraform";
  r_.checkKeys(n, what, {"plans", "network", "prior_state", "manifests"});
  r_.requireKeys(n, what, {"plans"});
  TfOptions opts;
  opts.prior = r_.boolean(n, "prior_state", what).value_or(false);
  auto paths = [&](const char* key, bool folders) {
    std::vector<std::string> out;
    YAML::Node list = YamlReader::get(n, key);
    std::vector<YAML::Node> items;
    if (list.IsSequence()) for (const auto& x : list) items.push_back(x);
    else if (list.IsDefined()) items.push_back(list);
    for (const auto& x : items)
      if (std::string f = manifest(x, fmt::format("terraform {}", key), folders); !f.empty()) out.push_back(f);
    return out;
  };
  std::vector<std::string> networks = paths("network", true);
  for (const auto& f : networks) importAwsSnapshot(f, files_, s_, r_.diags());
  for (const auto& f : paths("plans", false)) {
    if (!isTerraform(f, files_)) {
      r_.error(YamlReader::get(n, "plans"), fmt::format("terraform plans: {} is not Terraform JSON (a plan or state "
                                                        "from `terraform show -json`, or terraform.tfstate)", f));
      continue;
    }
    importTerraform(f, files_, opts, s_, r_.diags());
  }
  attachManifests(YamlReader::get(n, "manifests"));
}

// What the templates' instances run, which a template cannot hold: compose
// files, .env files, app configs (and user data kept outside the template),
// by instance or launch template name; a group's instances get its
// template's.
void StackParser::attachManifests(const YAML::Node& n) {
  r_.forEachNamed(n, "cloudformation manifests", [&](const std::string& name, const YAML::Node& key, const YAML::Node& v) {
    std::string what = fmt::format("manifests of '{}'", name);
    if (!r_.isMap(v, what)) return;
    r_.checkKeys(v, what, {"user_data", "compose", "env_files", "app_configs"});
    Instance* target = s_.instances.find(name);
    if (LaunchTemplate* lt = target ? nullptr : s_.launch_templates.find(name)) target = &lt->spec;
    if (!target) {
      std::vector<std::string> names = s_.instances.names();
      for (const auto& lt : s_.launch_templates) names.push_back(lt.name);
      r_.error(key, fmt::format("{}: no template or plan has an instance or launch template '{}'{} (have: {})", what, name,
                                didYouMean(name, names), names.empty() ? "none" : joinNames(names)));
      return;
    }
    Instance files;
    if (YAML::Node f = YamlReader::get(v, "user_data"); f.IsDefined()) files.user_data = manifest(f, what + " user_data");
    if (YAML::Node f = YamlReader::get(v, "compose"); f.IsDefined()) files.compose = manifest(f, what + " compose");
    for (const char* key2 : {"env_files", "app_configs"}) {
      YAML::Node list = YamlReader::get(v, key2);
      std::vector<YAML::Node> items;
      if (list.IsSequence()) for (const auto& x : list) items.push_back(x);
      else if (list.IsDefined()) items.push_back(list);
      for (const auto& x : items)
        if (std::string path = manifest(x, fmt::format("{} {}", what, key2)); !path.empty())
          (std::string(key2) == "env_files" ? files.env_files : files.app_configs).push_back(path);
    }
    loadManifests(files);
    // The template's inline user data stays unless the sidecar gives one.
    if (!files.user_data.empty()) {
      target->user_data = files.user_data;
      target->manifests.user_data = files.manifests.user_data;
    }
    if (!files.compose.empty()) target->compose = files.compose;
    for (const auto& f : files.env_files) target->env_files.push_back(f);
    for (const auto& f : files.app_configs) target->app_configs.push_back(f);
    Manifests& m = target->manifests;
    for (auto& x : files.manifests.env_files) m.env_files.push_back(std::move(x));
    for (auto& x : files.manifests.compose) m.compose.push_back(std::move(x));
    for (auto& x : files.manifests.app_configs) m.app_configs.push_back(std::move(x));
  });
}

}  // namespace awssim::load
