#include "reports/ci_reports.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include <filesystem>
#include <sstream>

#include "reports/ci_format.h"
#include "reports/cost_report.h"
#include "reports/topology_svg.h"
#include "reports/trace_report.h"
#include "rules/catalog.h"
#include "rules/suppressions.h"

namespace awssim::reports {

using nlohmann::ordered_json;
using rules::Finding;
using namespace ci;

namespace {
const std::string kExpectationRule = "AWSSIM-EXPECT-001";
}

namespace {

/// The explanation of a query result as plain text, for failure bodies.
std::string explanation(const sim::QueryResult& q, const std::string& question) {
  return formatQueryExplain(q, question);
}

}  // namespace

std::string checkJson(const model::Stack& stack, const rules::CheckResult& r) {
  ordered_json j;
  j["schema_version"] = kCheckJsonSchemaVersion;
  j["stack"] = stack.file;
  j["region"] = stack.region;
  j["verdict"] = {{"failed", r.failed}, {"exit_code", r.exit_code}, {"text", r.verdict}};
  auto ex = ordered_json::array();
  for (const auto& e : r.expectations) {
    ordered_json x = {{"expectation", e.expectation->text}, {"location", locationJson(e.expectation->loc)},
                      {"expected_reachable", e.expectation->reachable}, {"reachable", e.reachable}, {"holds", e.holds}};
    if (!e.error.empty()) x["error"] = e.error;
    if (e.traffic) x["traffic"] = e.traffic->str();
    else x["result"] = queryJson(e.result, e.question);
    ex.push_back(x);
  }
  j["expectations"] = ex;
  auto in = ordered_json::array();
  for (const auto& i : r.intents) {
    ordered_json x = {{"kind", i.is_flow ? "flow" : "need"}, {"source", i.source}, {"target", i.target},
                      {"location", locationJson(i.loc)}, {"reason", i.reason}, {"holds", i.holds}};
    if (!i.holds) x["detail"] = i.detail;
    in.push_back(x);
  }
  j["intents"] = in;
  auto fs = ordered_json::array();
  for (const auto& f : r.findings) {
    ordered_json x = {{"rule", f.rule_id}, {"severity", rules::severityName(f.severity)}, {"resource", f.resource},
                      {"message", f.message}, {"location", locationJson(f.loc)}, {"fix", f.fix},
                      {"fingerprint", rules::fingerprint(f, r.project_root)}, {"suppressed", f.suppressed}, {"baselined", f.baselined}};
    if (f.suppressed) x["suppression"] = f.suppression;
    fs.push_back(x);
  }
  j["findings"] = fs;
  if (r.cost) j["cost"] = costJson(*r.cost);
  if (r.cost && r.cost_before) {
    auto lines = ordered_json::array();
    for (const auto& d : sim::diffCosts(*r.cost_before, *r.cost))
      lines.push_back({{"resource", d.resource}, {"before", d.before}, {"after", d.after}, {"change", d.after - d.before}});
    j["cost_delta"] = {{"before", r.cost_before->total}, {"after", r.cost->total},
                       {"change", r.cost->total - r.cost_before->total}, {"resources", lines}};
  }
  auto diags = ordered_json::array();
  for (const auto& d : r.load_diagnostics)
    diags.push_back({{"severity", d.level == model::Level::Warning ? "warning" : "note"}, {"message", d.message},
                     {"location", locationJson(d.loc)}});
  j["diagnostics"] = diags;
  size_t active = 0;
  for (const auto& f : r.findings) active += f.active();
  j["summary"] = {{"expectations", r.expectations.size()}, {"expectations_failed", r.failedExpectations()},
                  {"intents", r.intents.size()},
                  {"intents_failed", std::count_if(r.intents.begin(), r.intents.end(), [](const auto& i) { return !i.holds; })},
                  {"findings", active}};
  return j.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}


std::string checkJunit(const model::Stack& stack, const rules::CheckResult& r, const std::string& timestamp) {
  pugi::xml_document doc;
  pugi::xml_node root = junitRoot(doc);
  int id = 0;
  Suite ex = openSuite(root, id++, "expectations", timestamp);
  for (const auto& e : r.expectations) {
    auto c = testcase(ex, stack.file, e.expectation->text);
    if (e.holds) continue;
    std::string got = !e.error.empty() ? e.error : e.reachable ? "reachable" : "not reachable";
    std::string body = e.traffic ? fmt::format("gets through: {}", e.traffic->str()) : explanation(e.result, e.question);
    fail(ex, c, "expectation", fmt::format("{} ({}): expected {}, got {}", e.expectation->text, e.expectation->loc.str(),
                                           e.expectation->reachable ? "reachable" : "unreachable", got), body);
  }
  closeSuite(ex);
  Suite in = openSuite(root, id++, "intents", timestamp);
  for (const auto& i : r.intents) {
    auto c = testcase(in, i.loc.str(), fmt::format("{} -> {}", i.source, i.target));
    if (!i.holds) fail(in, c, i.is_flow ? "flow" : "need", i.detail, fmt::format("from {}\n{}", i.reason, i.detail));
  }
  closeSuite(in);
  // Rules by family: ECS and cost rules go with placement and the budget in
  // their own suites, the rest in "rules". A passing case for each rule
  // without findings, one case per finding otherwise (skipped when
  // suppressed or in the baseline).
  auto ruleCases = [&](Suite& suite, auto inFamily) {
    for (const auto* info : rules::allRules()) {
      if (!inFamily(info->id)) continue;
      bool any = false;
      for (const auto& f : r.findings) {
        if (f.rule_id != info->id) continue;
        any = true;
        auto c = testcase(suite, info->id, fmt::format("{} {}", info->id, f.resource));
        if (!f.active()) {
          pugi::xml_node sk = c.append_child("skipped");
          sk.append_attribute("message") = (f.suppressed ? "suppressed: " + f.suppression : std::string("in the baseline")).c_str();
          ++suite.skipped;
          continue;
        }
        fail(suite, c, rules::severityName(f.severity), f.message,
             fmt::format("{}\nat {}\nfix: {}", f.message, f.loc.str(), f.fix));
      }
      if (!any) testcase(suite, info->id, info->id + " " + info->title);
    }
  };
  auto family = [](const std::string& id, const std::string& prefix) { return id.rfind(prefix, 0) == 0; };
  Suite ru = openSuite(root, id++, "rules", timestamp);
  ruleCases(ru, [&](const std::string& rid) { return !family(rid, "AWSSIM-ECS-") && !family(rid, "AWSSIM-COST-"); });
  closeSuite(ru);
  Suite ecs = openSuite(root, id++, "ecs", timestamp);
  for (const auto& t : r.placement.tasks) {
    auto c = testcase(ecs, "placement", "task " + t.id + " is placed");
    if (!t.running) {
      std::string why;
      for (const auto& s : t.per_instance.empty() ? t.reasons : t.per_instance) why += (why.empty() ? "" : "; ") + s;
      fail(ecs, c, "placement", fmt::format("task {} stays PENDING: {}", t.id, why), why);
    }
  }
  ruleCases(ecs, [&](const std::string& rid) { return family(rid, "AWSSIM-ECS-"); });
  closeSuite(ecs);
  Suite co = openSuite(root, id++, "cost", timestamp);
  if (r.cost && r.cost->budget) {
    auto c = testcase(co, "budget", fmt::format("monthly cost within the budget of {}", money(*r.cost->budget)));
    if (r.cost->over_budget())
      fail(co, c, "budget", fmt::format("{}/month is over the budget of {}", money(r.cost->total_after_free_tier), money(*r.cost->budget)),
           fmt::format("on-demand {}, to pay {}", money(r.cost->total), money(r.cost->total_after_free_tier)));
  }
  ruleCases(co, [&](const std::string& rid) { return family(rid, "AWSSIM-COST-"); });
  closeSuite(co);
  // The gate itself, so a CI view shows why the step failed.
  if (!r.verdict.empty()) {
    Suite ve = openSuite(root, id++, "verdict", timestamp);
    auto c = testcase(ve, "awssim", "awssim check");
    if (r.exit_code != 0) fail(ve, c, "verdict", r.verdict, r.verdict);
    closeSuite(ve);
  }
  return xmlText(doc);
}


std::string checkSarif(const model::Stack& stack, const rules::CheckResult& r) {
  (void)stack;
  ordered_json driverRules = ordered_json::array();
  std::map<std::string, int> index;
  for (const auto* info : rules::allRules()) {
    index[info->id] = static_cast<int>(driverRules.size());
    ordered_json props = {{"security-severity", securitySeverity(info->severity)},
                          {"tags", {"security", "aws"}}};
    if (!info->equivalents.empty()) props["equivalents"] = info->equivalents;
    driverRules.push_back({{"id", info->id},
                           {"name", info->title},
                           {"shortDescription", {{"text", info->title}}},
                           {"fullDescription", {{"text", info->rationale}}},
                           {"help", {{"text", info->rationale + "\nFix: " + info->remediation}}},
                           {"defaultConfiguration", {{"level", sarifLevel(info->severity)}}},
                           {"properties", props}});
  }
  ordered_json results = ordered_json::array();
  for (const auto& f : r.findings) {
    if (f.baselined) continue;
    ordered_json phys = sarifLocation(f.loc);
    ordered_json res = {{"ruleId", f.rule_id},
                        {"ruleIndex", index.count(f.rule_id) ? index[f.rule_id] : 0},
                        {"level", sarifLevel(f.severity)},
                        {"message", {{"text", fmt::format("{}: {}", f.resource, f.message)}}},
                        {"locations", {{{"physicalLocation", phys}}}},
                        {"partialFingerprints", {{"awssimFingerprint/v1", rules::fingerprint(f, r.project_root)}}}};
    if (!f.fix.empty()) res["properties"] = {{"fix", f.fix}};
    if (f.suppressed)
      res["suppressions"] = {{{"kind", f.suppressed_in_source ? "inSource" : "external"},
                              {"justification", f.suppression}}};
    results.push_back(res);
  }
  // Failed expectations are results too, at the line that states them.
  bool anyFailed = false;
  for (const auto& e : r.expectations) {
    if (e.holds) continue;
    if (!anyFailed) {
      index[kExpectationRule] = static_cast<int>(driverRules.size());
      driverRules.push_back({{"id", kExpectationRule},
                             {"name", "Expectation fails"},
                             {"shortDescription", {{"text", "An expectation of the stack does not hold"}}},
                             {"fullDescription", {{"text", "A flow the stack's expect: list says must (or must not) get "
                                                           "through is answered otherwise."}}},
                             {"defaultConfiguration", {{"level", "error"}}},
                             {"properties", {{"security-severity", securitySeverity(rules::Severity::High)},
                                             {"tags", {"reachability", "aws"}}}}});
      anyFailed = true;
    }
    std::string got = !e.error.empty() ? e.error : e.reachable ? "reachable" : "not reachable";
    results.push_back({{"ruleId", kExpectationRule},
                       {"ruleIndex", index[kExpectationRule]},
                       {"level", "error"},
                       {"message", {{"text", fmt::format("expectation fails: {} (got {})", e.expectation->text, got)}}},
                       {"locations", {{{"physicalLocation", sarifLocation(e.expectation->loc)}}}},
                       {"partialFingerprints", {{"awssimFingerprint/v1", kExpectationRule + "|" + e.expectation->text}}}});
  }
  ordered_json run = {{"tool", {{"driver", {{"name", "awssim"}, {"version", AWSSIM_VERSION}, {"rules", driverRules}}}}},
                      {"invocations", {{{"executionSuccessful", true}, {"exitCode", r.exit_code}}}},
                      {"results", results}};
  if (!r.verdict.empty()) run["properties"] = {{"verdict", r.verdict}};
  ordered_json sarif = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"}, {"version", "2.1.0"}, {"runs", {run}}};
  return sarif.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}


std::string checkMarkdown(const model::Stack& stack, const rules::CheckResult& r) {
  size_t failedIntents = std::count_if(r.intents.begin(), r.intents.end(), [](const auto& i) { return !i.holds; });
  std::vector<const Finding*> active;
  for (const auto& f : r.findings)
    if (f.active()) active.push_back(&f);
  size_t high = std::count_if(active.begin(), active.end(), [](const Finding* f) { return f->severity >= rules::Severity::High; });
  std::string out = fmt::format("## awssim check: `{}`\n\n", stack.file);
  if (!r.verdict.empty()) out += fmt::format("**{}**\n\n", r.verdict);
  out += fmt::format("**{} of {} expectations hold** · {} of {} intents hold · {} findings ({} high or critical)",
                     r.expectations.size() - r.failedExpectations(), r.expectations.size(), r.intents.size() - failedIntents,
                     r.intents.size(), active.size(), high);
  if (r.cost)
    out += fmt::format(" · {}/month{}", money(r.cost->total_after_free_tier),
                       r.cost->plan == "legacy" ? " in the free-tier year" : "");
  out += "\n";
  if (r.failedExpectations()) {
    out += "\n### Expectations that fail\n\n| expectation | where | why |\n|---|---|---|\n";
    for (const auto& e : r.expectations) {
      if (e.holds) continue;
      std::string why = !e.error.empty() ? e.error
                        : e.traffic    ? "gets through: " + e.traffic->str()
                                       : (e.result.deciding() && !e.result.deciding()->trace.explanations.empty()
                                              ? e.result.deciding()->trace.explanations[0].code + ": " +
                                                    e.result.deciding()->trace.explanations[0].detail
                                              : sim::dispositionName(e.result.disposition));
      out += fmt::format("| {} | {} | {} |\n", cell(e.expectation->text), cell(e.expectation->loc.str()), cell(why));
    }
  }
  if (failedIntents) {
    out += "\n### Intents that fail\n\n| flow or need | where | why |\n|---|---|---|\n";
    for (const auto& i : r.intents)
      if (!i.holds) out += fmt::format("| {} -> {} | {} | {} |\n", cell(i.source), cell(i.target), cell(i.loc.str()), cell(i.detail));
  }
  if (r.cost && r.cost_before) {
    double change = r.cost->total - r.cost_before->total;
    out += fmt::format("\n### Cost: {}{}/month on-demand\n\n| resource | before | after | change |\n|---|--:|--:|--:|\n",
                       change >= 0 ? "+" : "-", money(std::abs(change)));
    for (const auto& d : sim::diffCosts(*r.cost_before, *r.cost))
      out += fmt::format("| {} | {} | {} | {}{} |\n", cell(d.resource), money(d.before), money(d.after),
                         d.after >= d.before ? "+" : "-", money(std::abs(d.after - d.before)));
    out += fmt::format("| **total** | {} | {} | **{}{}** |\n", money(r.cost_before->total),
                       money(r.cost->total), change >= 0 ? "+" : "-", money(std::abs(change)));
  }
  if (!active.empty()) {
    out += "\n### Findings\n\n| severity | rule | resource | finding | where |\n|---|---|---|---|---|\n";
    for (const Finding* f : active)
      out += fmt::format("| {} | {} | {} | {} | {} |\n", rules::severityName(f->severity), f->rule_id, cell(f->resource),
                         cell(f->message), cell(f->loc.str()));
  }
  return out;
}

std::optional<std::string> inputErrorReport(const std::string& format, const std::string& stack,
                                            const model::Diagnostics& diags, const std::string& timestamp) {
  std::vector<const model::Diagnostic*> errors;
  for (const auto& d : diags.all())
    if (d.level == model::Level::Error) errors.push_back(&d);
  std::string verdict = fmt::format("ERROR: the input cannot be used ({} error{}), exit 2", errors.size(),
                                    errors.size() == 1 ? "" : "s");
  auto where = [&](const model::Diagnostic& d) { return d.loc.file.empty() ? stack : d.loc.str(); };
  if (format == "text") {
    std::string out;
    for (const auto* d : errors) out += d->str() + "\n";
    return out + verdict + "\n";
  }
  if (format == "json") {
    auto list = ordered_json::array();
    for (const auto* d : errors)
      list.push_back({{"severity", "error"}, {"message", d->message}, {"location", locationJson(d->loc)}});
    ordered_json j = {{"schema_version", kCheckJsonSchemaVersion},
                      {"stack", stack},
                      {"verdict", {{"failed", true}, {"exit_code", 2}, {"text", verdict}}},
                      {"diagnostics", list},
                      {"expectations", ordered_json::array()},
                      {"intents", ordered_json::array()},
                      {"findings", ordered_json::array()}};
    return j.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
  }
  if (format == "sarif") {
    auto notes = ordered_json::array();
    for (const auto* d : errors) {
      model::Location l = d->loc;
      if (l.file.empty()) l.file = stack;
      notes.push_back({{"level", "error"}, {"message", {{"text", d->message}}}, {"locations", {{{"physicalLocation", sarifLocation(l)}}}}});
    }
    ordered_json run = {{"tool", {{"driver", {{"name", "awssim"}, {"version", AWSSIM_VERSION}, {"rules", ordered_json::array()}}}}},
                        {"invocations", {{{"executionSuccessful", false}, {"exitCode", 2}, {"toolExecutionNotifications", notes}}}},
                        {"results", ordered_json::array()},
                        {"properties", {{"verdict", verdict}}}};
    ordered_json sarif = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"}, {"version", "2.1.0"}, {"runs", {run}}};
    return sarif.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
  }
  if (format == "junit") {
    pugi::xml_document doc;
    pugi::xml_node root = junitRoot(doc);
    Suite in = openSuite(root, 0, "input", timestamp);
    auto c = testcase(in, stack, "the input loads");
    std::string body;
    for (const auto* d : errors) body += d->str() + "\n";
    fail(in, c, "input", verdict, body);
    closeSuite(in);
    return xmlText(doc);
  }
  if (format == "markdown") {
    std::string out = fmt::format("## awssim check: `{}`\n\n**{}**\n\n| where | error |\n|---|---|\n", cell(stack), verdict);
    for (const auto* d : errors) out += fmt::format("| {} | {} |\n", cell(where(*d)), cell(d->message));
    return out;
  }
  if (format == "html") {
    std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
    out += fmt::format("<title>awssim check: {}</title>\n</head>\n<body>\n<h1>awssim check: {}</h1>\n<p><b>{}</b></p>\n<ul>\n",
                       xmlEscape(stack), xmlEscape(stack), xmlEscape(verdict));
    for (const auto* d : errors) out += fmt::format("<li>{}: {}</li>\n", xmlEscape(where(*d)), xmlEscape(d->message));
    return out + "</ul>\n</body>\n</html>\n";
  }
  return std::nullopt;
}

}  // namespace awssim::reports
