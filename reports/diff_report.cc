#include "reports/diff_report.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include <cmath>
#include <map>
#include <sstream>

#include "reports/ci_format.h"
#include "reports/cost_report.h"
#include "reports/html_report.h"
#include "reports/topology_svg.h"
#include "rules/catalog.h"

namespace awssim::reports {

using nlohmann::ordered_json;
using rules::Finding;
using rules::StackDiff;
using sim::ReachChange;
using namespace ci;

namespace {

// Text output lists this many reachability changes in full; JSON has all.
constexpr size_t kTextChanges = 200;
constexpr size_t kMarkdownRows = 50;

std::string disposition(const std::optional<sim::Disposition>& d) { return d ? sim::dispositionName(*d) : "absent"; }

std::string signedMoney(double usd) { return (usd >= 0 ? "+" : "-") + money(std::fabs(usd)); }

std::string percent(double before, double after) {
  if (std::fabs(before) < 0.005) return after > 0.005 ? "new" : "";
  return fmt::format("{:+.1f}%", (after - before) / before * 100);
}

std::string causeText(const sim::DiffCause& c) {
  std::string when = c.effect == "blocks"    ? (c.in_after ? "now blocked by" : "was blocked by")
                     : c.effect == "allows"  ? (c.in_after ? "now allowed by" : "was allowed by")
                     : c.effect == "added"   ? "added"
                                             : "removed";
  // Rule descriptions may already name their group.
  std::string detail = c.detail.rfind(c.component + ": ", 0) == 0 ? c.detail.substr(c.component.size() + 2) : c.detail;
  return fmt::format("{} {}: {}{}", when, c.component, detail, c.loc.file.empty() ? "" : " (" + c.loc.str() + ")");
}

std::string sourcesText(const ReachChange& c, const sim::ReachDiff& r) {
  if (c.internet_addresses.empty() || !c.fromInternet()) return describeEnds(r, c.sources);
  return fmt::format("internet ({})", c.internet_addresses);
}

std::string destinationsText(const ReachChange& c, const sim::ReachDiff& r) {
  if (c.internet_addresses.empty() || !c.toInternet()) return describeEnds(r, c.destinations);
  return fmt::format("internet ({})", c.internet_addresses);
}

std::string changeHead(const ReachChange& c, const sim::ReachDiff& r) {
  return fmt::format("{} {}: {} -> {}", c.opened ? "opened" : "closed", sim::describeTraffic(c.protocol, c.ports),
                     sourcesText(c, r), destinationsText(c, r));
}

std::string verdictWord(const std::optional<bool>& v) { return !v ? "absent" : *v ? "holds" : "fails"; }

std::string verdictChange(const rules::VerdictChange& v) {
  std::string label = v.broken() ? "broken" : v.fixed() ? "fixed" : !v.before ? "new" : "changed";
  return fmt::format("{} {} {}: {} ({}) -> {} ({})", label, v.kind, v.what, verdictWord(v.before),
                     v.detail_before.empty() ? "-" : v.detail_before, verdictWord(v.after),
                     v.detail_after.empty() ? "-" : v.detail_after);
}

size_t opened(const StackDiff& d) {
  return std::count_if(d.reach.changes.begin(), d.reach.changes.end(), [](const ReachChange& c) { return c.opened; });
}
size_t broken(const StackDiff& d) {
  return std::count_if(d.verdicts.begin(), d.verdicts.end(), [](const rules::VerdictChange& v) { return v.broken(); });
}

ordered_json endsJson(const sim::ReachDiff& r, const std::vector<int>& ends) {
  ordered_json names = ordered_json::array();
  std::map<std::string, size_t> classes;
  for (int x : ends) {
    const auto& e = r.endpoints[x];
    names.push_back(e.name);
    ++classes[e.inAfter() ? e.label_after : e.label_before];
  }
  ordered_json cls = ordered_json::array();
  for (const auto& [label, n] : classes) cls.push_back({{"class", label}, {"count", n}});
  return {{"count", ends.size()}, {"endpoints", names}, {"classes", cls}};
}

ordered_json findingJson(const Finding& f) {
  return {{"rule", f.rule_id}, {"severity", rules::severityName(f.severity)}, {"resource", f.resource},
          {"message", f.message}, {"location", locationJson(f.loc)}, {"fix", f.fix}};
}

std::string esc(const std::string& s) { return xmlEscape(s); }

}  // namespace

std::string describeEnds(const sim::ReachDiff& r, const std::vector<int>& ends) {
  auto name = [&](int x) {
    const auto& e = r.endpoints[x];
    return e.old_name.empty() ? e.name : fmt::format("{} (was {})", e.name, e.old_name);
  };
  if (ends.size() <= 3) {
    std::vector<std::string> v;
    for (int x : ends) v.push_back(name(x));
    return fmt::format("{}", fmt::join(v, ", "));
  }
  std::map<std::string, size_t> classes;
  for (int x : ends) {
    const auto& e = r.endpoints[x];
    ++classes[e.inAfter() ? e.label_after : e.label_before];
  }
  return fmt::format("{} endpoints ({}, {}, {}, ...) in {} class{}", ends.size(), name(ends[0]), name(ends[1]),
                     name(ends[2]), classes.size(), classes.size() == 1 ? "" : "es");
}

std::string diffText(const StackDiff& d) {
  std::string out = fmt::format("awssim diff: {} -> {}\n{}\n", d.before_name, d.after_name, d.verdict());
  for (const auto& g : d.gate) out += "  - " + g + "\n";
  if (d.empty()) return out + "\nNo changes: every flow, finding, verdict, placement and price is the same.\n";
  const auto& r = d.reach;
  out += fmt::format("\nReachability: {} change{} ({} opened, {} closed; {} port intervals of every protocol compared)\n",
                     r.changes.size(), r.changes.size() == 1 ? "" : "s", opened(d), r.changes.size() - opened(d),
                     r.port_intervals);
  for (size_t i = 0; i < r.changes.size() && i < kTextChanges; ++i) {
    const auto& c = r.changes[i];
    out += fmt::format("  {} {}\n", c.opened ? "+" : "-", changeHead(c, r));
    sim::PortSet one;
    if (!c.ports.empty()) one += boost::icl::interval<int>::closed(c.example_port, c.example_port);
    std::string src = c.example_ip.empty() || !c.fromInternet() ? r.endpoints[c.example_src].name : "internet " + c.example_ip;
    std::string dst = c.example_ip.empty() || !c.toInternet() ? r.endpoints[c.example_dst].name : "internet " + c.example_ip;
    out += fmt::format("      {} -> {} {}: before {}, after {}\n", src, dst, sim::describeTraffic(c.protocol, one), disposition(c.before),
                       disposition(c.after));
    for (const auto& x : c.causes) out += "      " + causeText(x) + "\n";
  }
  if (r.changes.size() > kTextChanges)
    out += fmt::format("  ... and {} more (every change is in --format json)\n", r.changes.size() - kTextChanges);
  if (!d.resources.empty()) {
    out += fmt::format("\nResources: {} changed\n", d.resources.size());
    for (const auto& x : d.resources) {
      char mark = x.change == "added" ? '+' : x.change == "removed" ? '-' : '~';
      out += fmt::format("  {} {} {} {} ({})\n", mark, x.change, x.kind, x.name, x.loc.str());
      if (x.change != "changed" && x.change != "renamed") continue;
      for (const auto& f : x.removed) out += fmt::format("      - {} ({})\n", f.text, f.loc.str());
      for (const auto& f : x.added) out += fmt::format("      + {} ({})\n", f.text, f.loc.str());
    }
  }
  if (!d.new_findings.empty() || !d.fixed_findings.empty()) {
    out += fmt::format("\nFindings: {} new, {} fixed\n", d.new_findings.size(), d.fixed_findings.size());
    for (const auto& f : d.new_findings)
      out += fmt::format("  + {} {} {}: {} ({})\n", rules::severityName(f.severity), f.rule_id, f.resource, f.message, f.loc.str());
    for (const auto& f : d.fixed_findings)
      out += fmt::format("  - fixed {} {}: {} ({})\n", f.rule_id, f.resource, f.message, f.loc.str());
  }
  if (!d.verdicts.empty()) {
    out += "\nExpectations and intents:\n";
    for (const auto& v : d.verdicts) out += fmt::format("  {} ({})\n", verdictChange(v), v.loc.str());
  }
  if (!d.placement.empty()) {
    out += "\nECS placement:\n";
    for (const auto& p : d.placement)
      out += fmt::format("  {}: {} -> {}\n", p.task, p.before.empty() ? "no such task" : p.before,
                         p.after.empty() ? "no such task" : p.after);
  }
  if (d.cost_before && d.cost_after) {
    double was = d.cost_before->total_after_free_tier, is = d.cost_after->total_after_free_tier;
    out += fmt::format("\nCost per month: {} -> {} to pay ({}{}); on-demand {} -> {}\n", money(was), money(is),
                       signedMoney(is - was), percent(was, is).empty() ? "" : ", " + percent(was, is),
                       money(d.cost_before->total), money(d.cost_after->total));
    if (d.cost_before->plan == "legacy" || d.cost_after->plan == "legacy")
      out += fmt::format("  free tier covers {} -> {}\n", money(d.cost_before->free_tier_covered),
                         money(d.cost_after->free_tier_covered));
    for (const auto& l : d.cost_lines)
      out += fmt::format("  {:<34} {:<44} {:>10} {:>10} {:>10} {}\n", l.resource, l.component, money(l.before),
                         money(l.after), signedMoney(l.after - l.before), percent(l.before, l.after));
  }
  return out;
}

std::string diffJson(const StackDiff& d) {
  ordered_json j;
  j["awssim_diff"] = kDiffJsonSchemaVersion;
  j["before"] = d.before_name;
  j["after"] = d.after_name;
  j["verdict"] = {{"failed", d.failed()}, {"text", d.verdict()}, {"reasons", d.gate},
                  {"fail_on", rules::severityName(d.fail_on)}};
  auto changes = ordered_json::array();
  for (const auto& c : d.reach.changes) {
    auto ranges = ordered_json::array();
    for (const auto& iv : c.ports) ranges.push_back({iv.lower(), iv.upper()});
    auto causes = ordered_json::array();
    for (const auto& x : c.causes)
      causes.push_back({{"version", x.in_after ? "after" : "before"}, {"effect", x.effect}, {"component", x.component},
                        {"detail", x.detail}, {"location", locationJson(x.loc)}});
    changes.push_back({{"change", c.opened ? "opened" : "closed"},
                       {"protocol", c.protocol == model::proto::kAll ? std::string("other") : model::protocolName(c.protocol)},
                       {"ports", ranges},
                       {"traffic", sim::describeTraffic(c.protocol, c.ports)},
                       {"sources", endsJson(d.reach, c.sources)},
                       {"internet_addresses", c.internet_addresses},
                       {"destinations", endsJson(d.reach, c.destinations)},
                       {"example", {{"source", d.reach.endpoints[c.example_src].name},
                                    {"source_ip", c.example_ip},
                                    {"destination", d.reach.endpoints[c.example_dst].name},
                                    {"port", c.example_port},
                                    {"before", disposition(c.before)},
                                    {"after", disposition(c.after)}}},
                       {"causes", causes}});
  }
  j["reachability"] = {{"port_intervals", d.reach.port_intervals}, {"changes", changes}};
  auto res = ordered_json::array();
  for (const auto& x : d.resources) {
    auto facets = [](const std::vector<rules::Facet>& fs) {
      auto a = ordered_json::array();
      for (const auto& f : fs) a.push_back({{"setting", f.text}, {"location", locationJson(f.loc)}});
      return a;
    };
    res.push_back({{"kind", x.kind}, {"name", x.name}, {"change", x.change}, {"location", locationJson(x.loc)},
                   {"added", facets(x.added)}, {"removed", facets(x.removed)}});
  }
  j["resources"] = res;
  auto fnew = ordered_json::array(), ffixed = ordered_json::array();
  for (const auto& f : d.new_findings) fnew.push_back(findingJson(f));
  for (const auto& f : d.fixed_findings) ffixed.push_back(findingJson(f));
  j["findings"] = {{"new", fnew}, {"fixed", ffixed}};
  auto vs = ordered_json::array();
  for (const auto& v : d.verdicts) {
    ordered_json x = {{"kind", v.kind}, {"what", v.what}, {"location", locationJson(v.loc)}, {"broken", v.broken()},
                      {"before", v.before ? ordered_json(*v.before) : ordered_json()},
                      {"after", v.after ? ordered_json(*v.after) : ordered_json()},
                      {"detail_before", v.detail_before}, {"detail_after", v.detail_after}};
    vs.push_back(x);
  }
  j["verdicts"] = vs;
  auto pl = ordered_json::array();
  for (const auto& p : d.placement) pl.push_back({{"task", p.task}, {"before", p.before}, {"after", p.after}});
  j["placement"] = pl;
  if (d.cost_before && d.cost_after) {
    auto lines = ordered_json::array();
    for (const auto& l : d.cost_lines)
      lines.push_back({{"resource", l.resource}, {"component", l.component}, {"before", l.before}, {"after", l.after},
                       {"change", l.after - l.before}});
    j["cost"] = {{"before", d.cost_before->total_after_free_tier}, {"after", d.cost_after->total_after_free_tier},
                 {"change", d.cost_after->total_after_free_tier - d.cost_before->total_after_free_tier},
                 {"on_demand_before", d.cost_before->total}, {"on_demand_after", d.cost_after->total},
                 {"free_tier_covered_before", d.cost_before->free_tier_covered},
                 {"free_tier_covered_after", d.cost_after->free_tier_covered}, {"lines", lines}};
  } else {
    j["cost"] = nullptr;
  }
  j["summary"] = {{"opened", opened(d)}, {"closed", d.reach.changes.size() - opened(d)},
                  {"resources_changed", d.resources.size()}, {"findings_new", d.new_findings.size()},
                  {"findings_fixed", d.fixed_findings.size()}, {"verdicts_broken", broken(d)},
                  {"placement_changed", d.placement.size()}};
  return j.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

std::string diffMarkdown(const StackDiff& d) {
  std::string out = fmt::format("## awssim diff: {}\n\n`{}` → `{}`\n\n", d.failed() ? "❌ FAILED" : "✅ PASSED",
                                cell(d.before_name), cell(d.after_name));
  out += fmt::format("**{} opened** · {} closed · {} new findings · {} fixed · {} broken expectations or intents",
                     opened(d), d.reach.changes.size() - opened(d), d.new_findings.size(), d.fixed_findings.size(),
                     broken(d));
  if (d.cost_before && d.cost_after)
    out += fmt::format(" · cost {}/month", signedMoney(d.cost_after->total_after_free_tier - d.cost_before->total_after_free_tier));
  out += "\n";
  if (!d.gate.empty()) {
    out += "\n";
    for (const auto& g : d.gate) out += "- " + cell(g) + "\n";
  }
  auto fold = [&](const std::string& title, const std::string& body) {
    out += fmt::format("\n<details><summary>{}</summary>\n\n{}\n</details>\n", title, body);
  };
  if (!d.reach.changes.empty()) {
    std::string t = "| | traffic | from | to | before → after | because |\n|---|---|---|---|---|---|\n";
    size_t n = 0;
    for (const auto& c : d.reach.changes) {
      if (n++ == kMarkdownRows) {
        t += fmt::format("\n… and {} more (see the JSON report)\n", d.reach.changes.size() - kMarkdownRows);
        break;
      }
      std::string because;
      for (const auto& x : c.causes) because += (because.empty() ? "" : "<br>") + cell(causeText(x));
      t += fmt::format("| {} | {} | {} | {} | {} → {} | {} |\n", c.opened ? "opened" : "closed",
                       sim::describeTraffic(c.protocol, c.ports), cell(sourcesText(c, d.reach)),
                       cell(destinationsText(c, d.reach)), disposition(c.before), disposition(c.after), because);
    }
    fold(fmt::format("Reachability: {} changes", d.reach.changes.size()), t);
  }
  if (!d.new_findings.empty() || !d.fixed_findings.empty()) {
    std::string t = "| | severity | rule | resource | finding | where |\n|---|---|---|---|---|---|\n";
    for (const auto& f : d.new_findings)
      t += fmt::format("| new | {} | {} | {} | {} | {} |\n", rules::severityName(f.severity), f.rule_id, cell(f.resource),
                       cell(f.message), cell(f.loc.str()));
    for (const auto& f : d.fixed_findings)
      t += fmt::format("| fixed | {} | {} | {} | {} | {} |\n", rules::severityName(f.severity), f.rule_id,
                       cell(f.resource), cell(f.message), cell(f.loc.str()));
    fold(fmt::format("Findings: {} new, {} fixed", d.new_findings.size(), d.fixed_findings.size()), t);
  }
  if (!d.verdicts.empty()) {
    std::string t = "| change | what | where |\n|---|---|---|\n";
    for (const auto& v : d.verdicts) t += fmt::format("| {} | {} | {} |\n", v.broken() ? "broken" : v.fixed() ? "fixed" : "changed",
                                                      cell(verdictChange(v)), cell(v.loc.str()));
    fold(fmt::format("Expectations and intents: {} changed", d.verdicts.size()), t);
  }
  if (!d.resources.empty()) {
    std::string t = "| change | resource | settings | where |\n|---|---|---|---|\n";
    for (const auto& x : d.resources) {
      std::string s;
      for (const auto& f : x.removed) s += (s.empty() ? "" : "<br>") + cell("− " + f.text);
      for (const auto& f : x.added) s += (s.empty() ? "" : "<br>") + cell("+ " + f.text);
      t += fmt::format("| {} | {} {} | {} | {} |\n", x.change, x.kind, cell(x.name), x.change == "changed" || x.change == "renamed" ? s : "",
                       cell(x.loc.str()));
    }
    fold(fmt::format("Resources: {} changed", d.resources.size()), t);
  }
  if (!d.placement.empty()) {
    std::string t = "| task | before | after |\n|---|---|---|\n";
    for (const auto& p : d.placement) t += fmt::format("| {} | {} | {} |\n", p.task, cell(p.before), cell(p.after));
    fold(fmt::format("ECS placement: {} tasks moved", d.placement.size()), t);
  }
  if (d.cost_before && d.cost_after && !d.cost_lines.empty()) {
    std::string t = "| resource | component | before | after | change |\n|---|---|--:|--:|--:|\n";
    for (const auto& l : d.cost_lines)
      t += fmt::format("| {} | {} | {} | {} | {} {} |\n", cell(l.resource), cell(l.component), money(l.before),
                       money(l.after), signedMoney(l.after - l.before), percent(l.before, l.after));
    t += fmt::format("| **to pay** | after the free tier | {} | {} | **{}** |\n", money(d.cost_before->total_after_free_tier),
                     money(d.cost_after->total_after_free_tier),
                     signedMoney(d.cost_after->total_after_free_tier - d.cost_before->total_after_free_tier));
    fold("Cost per month", t);
  }
  return out;
}

std::string diffSarif(const StackDiff& d) {
  // Only what the change introduces: new findings, newly opened internet
  // flows, broken verdicts and the cost over its limit.
  ordered_json driverRules = ordered_json::array();
  std::map<std::string, int> index;
  auto rule = [&](const std::string& id, const std::string& title, const std::string& text, rules::Severity sev) {
    if (index.count(id)) return index[id];
    index[id] = static_cast<int>(driverRules.size());
    driverRules.push_back({{"id", id},
                           {"name", title},
                           {"shortDescription", {{"text", title}}},
                           {"fullDescription", {{"text", text}}},
                           {"defaultConfiguration", {{"level", sarifLevel(sev)}}},
                           {"properties", {{"security-severity", securitySeverity(sev)}, {"tags", {"security", "aws"}}}}});
    return index[id];
  };
  ordered_json results = ordered_json::array();
  auto add = [&](const std::string& id, int idx, rules::Severity sev, const std::string& text, const model::Location& loc,
                 const std::string& print) {
    results.push_back({{"ruleId", id},
                       {"ruleIndex", idx},
                       {"level", sarifLevel(sev)},
                       {"message", {{"text", text}}},
                       {"locations", {{{"physicalLocation", sarifLocation(loc)}}}},
                       {"partialFingerprints", {{"awssimDiff/v1", print}}}});
  };
  for (const auto& f : d.new_findings) {
    const auto* info = rules::findRule(f.rule_id);
    int idx = rule(f.rule_id, info ? info->title : f.rule_id, info ? info->rationale : f.message, info ? info->severity : f.severity);
    add(f.rule_id, idx, f.severity, fmt::format("new: {}: {}", f.resource, f.message), f.loc,
        fmt::format("{}|{}", f.rule_id, f.resource));
  }
  for (const auto& c : d.reach.changes) {
    if (!c.opened || !c.fromInternet()) continue;
    int idx = rule("AWSSIM-DIFF-001", "Change opens a flow from the internet",
                   "The change lets the internet reach an interface on ports it could not reach before.",
                   rules::Severity::High);
    model::Location loc;
    for (const auto& x : c.causes)
      if (x.in_after && !x.loc.file.empty()) {
        loc = x.loc;
        break;
      }
    if (loc.file.empty()) loc.file = d.after_name;
    add("AWSSIM-DIFF-001", idx, rules::Severity::High, changeHead(c, d.reach), loc,
        fmt::format("{}|{}", sim::describeTraffic(c.protocol, c.ports), describeEnds(d.reach, c.destinations)));
  }
  for (const auto& v : d.verdicts) {
    if (!v.broken()) continue;
    int idx = rule("AWSSIM-DIFF-002", "Change breaks an expectation or intent",
                   "An expectation or intent that held before the change fails after it.", rules::Severity::High);
    add("AWSSIM-DIFF-002", idx, rules::Severity::High, verdictChange(v), v.loc, v.kind + "|" + v.what);
  }
  for (const auto& g : d.gate) {
    if (g.rfind("raises the monthly cost", 0) != 0) continue;
    int idx = rule("AWSSIM-DIFF-003", "Change raises the monthly cost over the limit",
                   "The monthly cost after the change exceeds the increase allowed by --max-increase.", rules::Severity::Medium);
    model::Location loc;
    loc.file = d.after_name;
    add("AWSSIM-DIFF-003", idx, rules::Severity::Medium, g, loc, "cost");
  }
  ordered_json sarif = {
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs",
       {{{"tool", {{"driver", {{"name", "awssim"}, {"version", AWSSIM_VERSION}, {"rules", driverRules}}}}},
         {"results", results},
         {"properties", {{"verdict", d.verdict()}}}}}}};
  return sarif.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

std::string diffJunit(const StackDiff& d, const std::string& timestamp) {
  pugi::xml_document doc;
  pugi::xml_node root = junitRoot(doc);
  Suite s = openSuite(root, 0, "diff", timestamp);
  pugi::xml_node verdict = s.node.child("properties").append_child("property");
  verdict.append_attribute("name") = "verdict";
  verdict.append_attribute("value") = d.verdict().c_str();
  auto gateCase = [&](const std::string& name, const std::string& prefix) {
    auto c = testcase(s, "diff", name);
    std::string why;
    for (const auto& g : d.gate)
      if (g.rfind(prefix, 0) == 0) why += (why.empty() ? "" : "\n") + g;
    if (!why.empty()) fail(s, c, "diff", why.substr(0, why.find('\n')), why);
  };
  gateCase("no new exposure to the internet", "exposes ");
  gateCase("no new scope violation", "violates a scope");
  gateCase("no broken expectation or intent", "breaks ");
  gateCase("no new finding at or above " + rules::severityName(d.fail_on), "adds ");
  gateCase("monthly cost within the limit", "raises the monthly cost");
  closeSuite(s);
  return xmlText(doc);
}

std::string diffHtml(const StackDiff& d, const sim::Network& before, const sim::Network& after) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += fmt::format("<title>awssim diff: {} -&gt; {}</title>\n<style>{}\n.side{{display:flex;gap:12px}}.side>div{{flex:1;min-width:0}}</style>\n</head>\n<body>\n",
                     esc(d.before_name), esc(d.after_name), htmlStyle());
  out += fmt::format("<header><h1>awssim diff</h1><p>{} → {}</p></header>\n", esc(d.before_name), esc(d.after_name));
  out += fmt::format("<section><h2 class=\"{}\">{}</h2>\n<ul>", d.failed() ? "fail" : "ok", esc(d.verdict()));
  for (const auto& g : d.gate) out += "<li>" + esc(g) + "</li>";
  out += "</ul></section>\n";
  if (!d.reach.changes.empty()) {
    out += "<section><h2>Reachability</h2><table><tr><th></th><th>traffic</th><th>from</th><th>to</th><th>before → after</th><th>because</th></tr>\n";
    for (const auto& c : d.reach.changes) {
      std::string because;
      for (const auto& x : c.causes) because += (because.empty() ? "" : "<br>") + esc(causeText(x));
      out += fmt::format("<tr><td class=\"{}\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{} → {}</td><td>{}</td></tr>\n",
                         c.opened ? "fail" : "ok", c.opened ? "opened" : "closed", esc(sim::describeTraffic(c.protocol, c.ports)),
                         esc(sourcesText(c, d.reach)), esc(destinationsText(c, d.reach)),
                         disposition(c.before), disposition(c.after), because);
    }
    out += "</table></section>\n";
  }
  if (!d.new_findings.empty() || !d.fixed_findings.empty()) {
    out += "<section><h2>Findings</h2><table><tr><th></th><th>severity</th><th>rule</th><th>resource</th><th>finding</th><th>where</th></tr>\n";
    for (const auto* list : {&d.new_findings, &d.fixed_findings})
      for (const auto& f : *list)
        out += fmt::format("<tr><td>{}</td><td class=\"sev-{}\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                           list == &d.new_findings ? "new" : "fixed", rules::severityName(f.severity),
                           rules::severityName(f.severity), f.rule_id, esc(f.resource), esc(f.message), esc(f.loc.str()));
    out += "</table></section>\n";
  }
  if (!d.verdicts.empty()) {
    out += "<section><h2>Expectations and intents</h2><ul>";
    for (const auto& v : d.verdicts)
      out += fmt::format("<li class=\"{}\">{} ({})</li>", v.broken() ? "fail" : "", esc(verdictChange(v)), esc(v.loc.str()));
    out += "</ul></section>\n";
  }
  if (!d.resources.empty()) {
    out += "<section><h2>Resources</h2><table><tr><th>change</th><th>resource</th><th>settings</th><th>where</th></tr>\n";
    for (const auto& x : d.resources) {
      std::string s;
      for (const auto& f : x.removed) s += (s.empty() ? "" : "<br>") + esc("− " + f.text + " (" + f.loc.str() + ")");
      for (const auto& f : x.added) s += (s.empty() ? "" : "<br>") + esc("+ " + f.text + " (" + f.loc.str() + ")");
      out += fmt::format("<tr><td>{}</td><td>{} {}</td><td>{}</td><td>{}</td></tr>\n", x.change, esc(x.kind), esc(x.name),
                         x.change == "changed" || x.change == "renamed" ? s : "", esc(x.loc.str()));
    }
    out += "</table></section>\n";
  }
  if (!d.placement.empty()) {
    out += "<section><h2>ECS placement</h2><table><tr><th>task</th><th>before</th><th>after</th></tr>\n";
    for (const auto& p : d.placement)
      out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td></tr>\n", esc(p.task), esc(p.before), esc(p.after));
    out += "</table></section>\n";
  }
  if (d.cost_before && d.cost_after) {
    out += fmt::format("<section><h2>Cost per month: {} → {} ({})</h2>", money(d.cost_before->total_after_free_tier),
                       money(d.cost_after->total_after_free_tier),
                       signedMoney(d.cost_after->total_after_free_tier - d.cost_before->total_after_free_tier));
    out += "<table><tr><th>resource</th><th>component</th><th>before</th><th>after</th><th>change</th></tr>\n";
    for (const auto& l : d.cost_lines)
      out += fmt::format("<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{} {}</td></tr>\n",
                         esc(l.resource), esc(l.component), money(l.before), money(l.after), signedMoney(l.after - l.before),
                         percent(l.before, l.after));
    out += "</table></section>\n";
  }
  out += "<section><h2>Topology</h2><div class=\"side\">";
  out += fmt::format("<div><h3>before: {}</h3><div class=\"topology-wrap\">{}</div></div>", esc(d.before_name), topologyFigure(before, 150, "before"));
  out += fmt::format("<div><h3>after: {}</h3><div class=\"topology-wrap\">{}</div></div>", esc(d.after_name), topologyFigure(after, 150, "after"));
  out += "</div></section>\n</body>\n</html>\n";
  return out;
}

}  // namespace awssim::reports
