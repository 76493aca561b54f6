#include "rules/suppressions.h"

#include <algorithm>
#include <ctime>
#include <set>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "model/load/yaml_reader.h"
#include "rules/catalog.h"

namespace awssim::rules {

std::string todayDate() {
  if (const char* fixed = std::getenv("AWSSIM_TODAY")) return fixed;
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

static bool expired(const model::Suppression& s, const std::string& today) {
  return !s.expires.empty() && s.expires < today;  // ISO dates compare as strings
}

void applySuppressions(std::vector<Finding>& findings, const model::Stack& stack, const std::string& today) {
  for (auto& f : findings) {
    for (const auto& s : stack.suppressions) {
      if (expired(s, today) || s.rule != f.rule_id) continue;
      bool match = s.inline_comment ? (f.loc.file == stack.file && f.loc.line == s.line)
                                    : (s.resource.empty() || s.resource == f.resource);
      if (!match) continue;
      f.suppressed = true;
      f.suppressed_in_source = s.inline_comment;
      f.suppression = fmt::format("{} ({})", s.reason, s.loc.str());
      break;
    }
  }
}

std::vector<model::Diagnostic> suppressionWarnings(const model::Stack& stack, const std::vector<Finding>& findings,
                                                   const std::string& today) {
  std::vector<std::string> ids;
  for (const auto* info : allRules()) ids.push_back(info->id);
  std::set<std::string> resources;
  for (const auto& f : findings) resources.insert(f.resource);
  auto names = [&](const auto& table) {
    for (const auto& x : table) resources.insert(x.name);
  };
  names(stack.vpcs), names(stack.subnets), names(stack.route_tables), names(stack.nacls), names(stack.security_groups);
  names(stack.instances), names(stack.enis), names(stack.load_balancers), names(stack.target_groups);
  names(stack.endpoints), names(stack.nat_gateways), names(stack.ecs_services), names(stack.ecs_clusters);
  names(stack.volumes), names(stack.internet_gateways), names(stack.auto_scaling_groups);
  std::vector<model::Diagnostic> out;
  auto warn = [&](const model::Suppression& s, std::string message) {
    out.push_back({model::Level::Warning, s.loc, std::move(message)});
  };
  for (const auto& s : stack.suppressions) {
    if (expired(s, today)) continue;  // AWSSIM-SUP-001 says so
    if (!findRule(s.rule)) {
      warn(s, fmt::format("suppression names rule {}, which awssim does not have{}", s.rule, model::didYouMean(s.rule, ids)));
      continue;
    }
    if (!s.inline_comment && !s.resource.empty() && !resources.count(s.resource)) {
      warn(s, fmt::format("suppression of {} names resource '{}', which neither the stack nor any finding has{}", s.rule,
                          s.resource, model::didYouMean(s.resource, {resources.begin(), resources.end()})));
      continue;
    }
    bool used = std::any_of(findings.begin(), findings.end(), [&](const Finding& f) {
      return f.rule_id == s.rule && (s.inline_comment ? (f.loc.file == stack.file && f.loc.line == s.line)
                                                      : (s.resource.empty() || s.resource == f.resource));
    });
    if (!used)
      warn(s, fmt::format("suppression of {}{} matches no finding; remove it, or it will hide a future one unseen", s.rule,
                          s.inline_comment ? " on this line" : s.resource.empty() ? "" : " for " + s.resource));
  }
  return out;
}

std::string fingerprint(const Finding& f, const std::string& projectRoot) {
  namespace fs = std::filesystem;
  std::string file = fs::path(f.loc.file).filename().string();
  if (!projectRoot.empty() && !f.loc.file.empty()) {
    std::error_code ec;
    fs::path abs = fs::absolute(f.loc.file, ec).lexically_normal();
    fs::path rel = ec ? fs::path() : abs.lexically_relative(fs::path(projectRoot).lexically_normal());
    if (!rel.empty() && rel.begin()->string() != "..") file = rel.generic_string();
  }
  return fmt::format("{}|{}|{}", f.rule_id, f.resource, file);
}

std::string baselineText(const std::vector<Finding>& findings, const std::string& projectRoot) {
  std::set<std::string> prints;
  for (const auto& f : findings)
    if (!f.suppressed) prints.insert(fingerprint(f, projectRoot));
  nlohmann::ordered_json j = {{"awssim_baseline", 1}, {"findings", prints}};
  return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

std::optional<std::set<std::string>> parseBaseline(const std::string& text, const std::string& path,
                                                   model::Diagnostics& diags) {
  size_t before = diags.all().size();
  auto doc = load::parseJson(text, path, diags);
  if (!doc) return std::nullopt;
  load::YamlReader r(path, diags, true);
  // Exactly the shape --write-baseline writes: {"awssim_baseline": 1,
  // "findings": ["fingerprint", ...]}.
  if (!r.isMap(*doc, "baseline")) return std::nullopt;
  r.checkKeys(*doc, "baseline", {"awssim_baseline", "findings"});
  if (!r.requireKeys(*doc, "baseline", {"awssim_baseline", "findings"})) return std::nullopt;
  // A value of the wrong type is reported by integer(); another number here.
  if (auto v = r.integer(*doc, "awssim_baseline", "baseline", INT64_MIN, INT64_MAX); v && *v != 1)
    r.error(load::YamlReader::get(*doc, "awssim_baseline"),
            fmt::format("baseline awssim_baseline must be 1 (this awssim's format), got {}", *v));
  YAML::Node list = load::YamlReader::get(*doc, "findings");
  std::set<std::string> out;
  if (r.isSeq(list, "baseline findings"))
    for (const auto& x : list)
      if (auto s = r.toStr(x, "baseline finding"); s && x.IsScalar()) out.insert(*s);
  for (size_t k = before; k < diags.all().size(); ++k)
    if (diags.all()[k].level == model::Level::Error) return std::nullopt;
  return out;
}

void applyBaseline(std::vector<Finding>& findings, const std::set<std::string>& baseline, const std::string& projectRoot) {
  for (auto& f : findings)
    if (baseline.count(fingerprint(f, projectRoot)) || baseline.count(fingerprint(f))) f.baselined = true;
}

RuleFamily suppressionRules() {
  return {"suppressions",
          {{"AWSSIM-SUP-001", Severity::Medium, "Expired suppression",
            "A suppression past its expiry date no longer hides its finding; the accepted risk needs a new look.",
            "Fix the finding, or renew the suppression with a new date and reason.", {}}},
          [](const RuleContext& ctx, std::vector<Finding>& out) {
            std::string today = ctx.today.empty() ? todayDate() : ctx.today;
            for (const auto& s : ctx.net.stack().suppressions)
              if (expired(s, today))
                emit(out, "AWSSIM-SUP-001", "suppression of " + s.rule,
                     fmt::format("the suppression of {}{} expired on {} ({})", s.rule,
                                 s.resource.empty() ? "" : " for " + s.resource, s.expires, s.reason),
                     s.loc, "fix the finding or renew the suppression");
          }};
}

}  // namespace awssim::rules
