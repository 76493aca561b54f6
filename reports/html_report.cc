#include "reports/html_report.h"

#include "reports/matrix_report.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <map>

#include "reports/cost_report.h"
#include "reports/topology_svg.h"
#include "reports/trace_report.h"
#include "rules/catalog.h"

namespace awssim::reports {

using nlohmann::ordered_json;

namespace {

const char* kStyle = R"css(
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#222;background:#fafafa}
header{background:#1f2d3d;color:#fff;padding:14px 24px}
header h1{margin:0;font-size:20px}
header p{margin:4px 0 0;color:#cdd}
nav{padding:6px 24px;background:#e8edf2;position:sticky;top:0;z-index:2}
nav a{margin-right:14px;color:#234}
section{padding:8px 24px}
h2{font-size:17px;border-bottom:1px solid #ccd;padding-bottom:3px}
table{border-collapse:collapse;margin:6px 0 12px;background:#fff}
th,td{border:1px solid #d5d9de;padding:3px 7px;text-align:left;vertical-align:top}
th{background:#eef1f4}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.ok{color:#176b2c;font-weight:bold}.fail{color:#b3261e;font-weight:bold}
.sev-critical,.sev-high{color:#b3261e;font-weight:bold}.sev-medium{color:#9a5b00}.sev-low{color:#555}
.cards{display:flex;gap:12px;flex-wrap:wrap}
.card{background:#fff;border:1px solid #d5d9de;border-radius:6px;padding:8px 14px;min-width:150px}
.card b{display:block;font-size:20px}
pre{background:#f3f3f3;padding:8px;overflow:auto;font-size:12px}
table.matrix td{text-align:center;min-width:44px}
table.matrix td.self{background:#eee}
table.matrix button{border:1px solid #bbb;background:#f7f7f7;cursor:pointer;font:12px monospace;padding:1px 4px;margin:1px}
table.matrix button.open{background:#dff3e3;border-color:#5a5}
table.matrix button.selected,.node.selected rect,.node.selected ellipse{outline:3px solid #f5a623}
#path-view table{width:100%}
.decision-denied,.decision-dropped{background:#fde7e7}
.decision-allowed,.decision-delivered,.decision-reached{background:#eef9ef}
svg.topology .node{cursor:pointer}
.topology-wrap{overflow:auto;background:#fff;border:1px solid #d5d9de}
)css";

}  // namespace

const char* htmlStyle() { return kStyle; }

namespace {

// Reads the page's data block and wires the matrix, the pickers and the
// diagram to the path view. No network, no external script.
const char* kScript = R"js(
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('awssim-data').textContent);
  var src = document.getElementById('path-src');
  var dst = document.getElementById('path-dst');
  var port = document.getElementById('path-port');
  var view = document.getElementById('path-view');
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function hopTable(title, ids) {
    var t = el('table');
    t.appendChild(el('caption', title));
    var head = el('tr');
    ['#', 'component', 'kind', 'decision', 'why'].forEach(function (h) { head.appendChild(el('th', h)); });
    t.appendChild(head);
    ids.forEach(function (id, n) {
      var h = data.hops[id];
      var tr = el('tr', undefined, 'hop decision-' + h[2]);
      [String(n + 1), h[0], h[1], h[2], h[3]].forEach(function (c) { tr.appendChild(el('td', c)); });
      t.appendChild(tr);
    });
    return t;
  }
  function show(s, d, p) {
    src.value = String(s); dst.value = String(d); port.value = String(p);
    document.querySelectorAll('table.matrix button.selected, .node.selected').forEach(function (b) { b.classList.remove('selected'); });
    var b = document.querySelector('table.matrix button[data-src="' + s + '"][data-dst="' + d + '"][data-port="' + p + '"]');
    if (b) b.classList.add('selected');
    view.textContent = '';
    var path = data.paths[s + ',' + d + ',' + p];
    var q = data.endpoints[s] + ' -> ' + data.endpoints[d] + ':' + p + '/tcp';
    if (!path) {
      view.appendChild(el('p', q + ': not traced (' + data.endpoints[s] + ' does not start connections, or the stack is too large for per-pair paths)'));
      return;
    }
    var verdict = el('p', undefined, 'verdict');
    verdict.appendChild(el('span', q + ': '));
    verdict.appendChild(el('span', path.reachable ? 'reachable' : 'not reachable', path.reachable ? 'ok' : 'fail'));
    verdict.appendChild(el('span', ' (' + path.disposition + ')'));
    view.appendChild(verdict);
    path.parts.forEach(function (part) {
      var box = el('div', undefined, 'part');
      if (part.label) box.appendChild(el('h3', part.label + ': ' + (part.reachable ? 'reachable' : 'not reachable')));
      box.appendChild(hopTable('forward', part.forward));
      if (part['return'].length) box.appendChild(hopTable('return', part['return']));
      part.explanations.forEach(function (x) {
        var e = data.explanations[x];
        box.appendChild(el('p', e[0] + ' (' + e[2] + '): ' + e[1] + ': ' + e[3] + (e[4] ? ' [' + e[4] + ']' : ''), 'fail explanation'));
      });
      part.suggestions.forEach(function (s) { box.appendChild(el('p', 'fix: ' + s, 'suggestion')); });
      view.appendChild(box);
    });
    path.notes.forEach(function (n) { view.appendChild(el('p', 'note: ' + n, 'note')); });
  }
  function fromPickers() { show(src.value, dst.value, port.value); }
  [src, dst, port].forEach(function (s) { s.addEventListener('change', fromPickers); });
  document.querySelectorAll('table.matrix button').forEach(function (b) {
    b.addEventListener('click', function () {
      show(b.getAttribute('data-src'), b.getAttribute('data-dst'), b.getAttribute('data-port'));
      view.scrollIntoView({block: 'nearest'});
    });
  });
  // In the diagram: the first click picks the source, the second the destination.
  var picking = 'src';
  document.querySelectorAll('svg.topology .node[data-endpoint]').forEach(function (n) {
    n.addEventListener('click', function () {
      var i = data.endpoints.indexOf(n.getAttribute('data-endpoint'));
      if (i < 0) return;
      if (picking === 'src') { src.value = String(i); picking = 'dst'; n.classList.add('selected'); return; }
      dst.value = String(i); picking = 'src';
      fromPickers();
    });
  });
  if (data.first) show(data.first[0], data.first[1], data.first[2]);
})();
)js";

std::string esc(const std::string& s) { return xmlEscape(s); }

std::string statusCell(bool holds) {
  return holds ? "<td class=\"ok\">ok</td>" : "<td class=\"fail\">FAIL</td>";
}

// Hops, explanations and strings repeat across hundreds of paths; the data
// block stores each once and paths refer to them by index.
class PathData {
 public:
  ordered_json pathJson(const sim::QueryResult& q) {
    ordered_json parts = ordered_json::array();
    for (const auto& p : q.parts) {
      ordered_json fwd = ordered_json::array(), ret = ordered_json::array(), ex = ordered_json::array();
      for (const auto& h : p.trace.forward) fwd.push_back(hop(h));
      for (const auto& h : p.trace.ret) ret.push_back(hop(h));
      for (const auto& e : p.trace.explanations) ex.push_back(explanation(e));
      parts.push_back({{"label", p.label}, {"reachable", p.trace.reachable}, {"forward", fwd}, {"return", ret},
                       {"explanations", ex}, {"suggestions", p.trace.suggestions}});
    }
    return {{"reachable", q.reachable}, {"disposition", sim::dispositionName(q.disposition)}, {"parts", parts},
            {"notes", q.notes}};
  }
  ordered_json hops() const { return hops_; }
  ordered_json explanations() const { return explanations_; }

 private:
  size_t hop(const sim::Hop& h) {
    ordered_json v = {h.component, h.kind, h.action, h.detail};
    return intern(v, hops_, hopIndex_);
  }
  size_t explanation(const sim::Explanation& e) {
    ordered_json v = {e.code, e.component, e.direction, e.detail, e.loc.file.empty() ? "" : e.loc.str()};
    return intern(v, explanations_, explanationIndex_);
  }
  static size_t intern(const ordered_json& v, ordered_json& table, std::map<std::string, size_t>& index) {
    auto [it, fresh] = index.emplace(v.dump(-1, ' ', false, ordered_json::error_handler_t::replace), table.size());
    if (fresh) table.push_back(v);
    return it->second;
  }
  ordered_json hops_ = ordered_json::array(), explanations_ = ordered_json::array();
  std::map<std::string, size_t> hopIndex_, explanationIndex_;
};

std::string summary(const rules::CheckResult& r) {
  size_t failedIntents = 0, active = 0, high = 0;
  for (const auto& i : r.intents) failedIntents += !i.holds;
  for (const auto& f : r.findings)
    if (f.active()) ++active, high += f.severity >= rules::Severity::High;
  auto card = [](const std::string& id, const std::string& value, const std::string& label, bool bad) {
    return fmt::format("<div class=\"card\" id=\"{}\"><b class=\"{}\">{}</b>{}</div>", id, bad ? "fail" : "ok", value, label);
  };
  std::string out = "<section id=\"summary\"><h2>Summary</h2><div class=\"cards\">";
  out += card("card-expectations", fmt::format("{} / {}", r.expectations.size() - r.failedExpectations(), r.expectations.size()),
              "expectations hold", r.failedExpectations() > 0);
  out += card("card-intents", fmt::format("{} / {}", r.intents.size() - failedIntents, r.intents.size()), "intents hold",
              failedIntents > 0);
  out += card("card-findings", std::to_string(active), fmt::format("findings ({} high or critical)", high), high > 0);
  if (r.cost) {
    out += card("card-cost", money(r.cost->total_after_free_tier),
                r.cost->plan == "legacy" ? "per month in the free-tier year" : "per month", r.cost->over_budget());
    if (r.cost_before)
      out += card("card-cost-delta", (r.cost->total >= r.cost_before->total ? "+" : "-") +
                                         money(std::abs(r.cost->total - r.cost_before->total)),
                  "per month on-demand against the compared stack", r.cost->total > r.cost_before->total);
  }
  out += "</div>";
  if (!r.load_diagnostics.empty()) {
    out += "<ul class=\"diagnostics\">";
    for (const auto& d : r.load_diagnostics) out += "<li>" + esc(d.str()) + "</li>";
    out += "</ul>";
  }
  return out + "</section>\n";
}

std::string expectations(const rules::CheckResult& r) {
  std::string out = "<section id=\"expectations\"><h2>Expectations</h2>";
  if (r.expectations.empty()) return out + "<p>The stack states no expectations.</p></section>\n";
  out += "<table><tr><th>status</th><th>expectation</th><th>where</th><th>answer</th></tr>\n";
  for (const auto& e : r.expectations) {
    std::string answer = !e.error.empty() ? e.error
                         : e.traffic    ? (e.traffic->empty() ? "nothing gets through" : e.traffic->str() + " gets through")
                                        : (e.reachable ? "reachable" : "not reachable") + std::string(" (") +
                                              sim::dispositionName(e.result.disposition) + ")";
    out += fmt::format("<tr>{}<td>{}</td><td>{}</td><td>{}", statusCell(e.holds), esc(e.expectation->text),
                       esc(e.expectation->loc.str()), esc(answer));
    if (!e.holds && !e.traffic && e.error.empty())
      out += "<details><summary>explanation</summary><pre>" + esc(formatQueryExplain(e.result, e.question)) + "</pre></details>";
    out += "</td></tr>\n";
  }
  return out + "</table></section>\n";
}

std::string intents(const rules::CheckResult& r) {
  std::string out = "<section id=\"intents\"><h2>Intents (derived from the manifests)</h2>";
  if (r.intents.empty()) return out + "<p>No manifests name a flow or a need.</p></section>\n";
  out += "<table><tr><th>status</th><th>kind</th><th>from</th><th>to</th><th>because</th><th>where</th><th>detail</th></tr>\n";
  for (const auto& i : r.intents)
    out += fmt::format("<tr>{}<td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n", statusCell(i.holds),
                       i.is_flow ? "flow" : "need", esc(i.source), esc(i.target), esc(i.reason), esc(i.loc.str()),
                       esc(i.holds ? i.resolved : i.detail));
  return out + "</table></section>\n";
}

std::string findingRow(const rules::Finding& f, const std::string& extra) {
  std::string sev = rules::severityName(f.severity);
  return fmt::format(
      "<tr class=\"finding\" data-rule=\"{}\"><td class=\"sev-{}\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
      "<td>{}</td>{}</tr>\n",
      esc(f.rule_id), sev, sev, esc(f.rule_id), esc(f.resource), esc(f.message), esc(f.loc.str()), esc(f.fix), extra);
}

std::string findings(const rules::CheckResult& r) {
  std::string out = "<section id=\"findings\"><h2>Findings</h2>";
  std::string head = "<tr><th>severity</th><th>rule</th><th>resource</th><th>finding</th><th>where</th><th>fix</th>";
  std::string active, accepted;
  size_t nActive = 0, nAccepted = 0;
  for (const auto& f : r.findings) {
    if (f.active()) active += findingRow(f, ""), ++nActive;
    else accepted += findingRow(f, "<td>" + esc(f.suppressed ? "suppressed: " + f.suppression : "in the baseline") + "</td>"), ++nAccepted;
  }
  out += nActive ? "<table id=\"findings-active\">" + head + "</tr>\n" + active + "</table>" : "<p>No findings.</p>";
  if (nAccepted)
    out += fmt::format("<details><summary>{} suppressed or in the baseline</summary><table>{}<th>why</th></tr>\n{}</table></details>",
                       nAccepted, head, accepted);
  return out + "</section>\n";
}

std::string cost(const rules::CheckResult& r) {
  if (!r.cost) return "";
  const auto& c = *r.cost;
  std::string out = fmt::format("<section id=\"cost\"><h2>Cost</h2><p>Prices: {} ({}), plan: {}.</p>", esc(c.prices.region),
                                esc(c.prices.date), esc(c.plan));
  out += "<table><tr><th>resource</th><th>component</th><th>quantity</th><th>unit price</th><th>monthly</th></tr>\n";
  for (const auto& i : c.items)
    out += fmt::format("<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
                       esc(i.resource), esc(i.component), i.has_usage ? fmt::format("{:g} {}", i.quantity, esc(i.unit)) : "by usage",
                       fmt::format("${:g}", i.unit_price), i.has_usage ? money(i.monthly) : "-");
  out += fmt::format("<tr><th colspan=\"4\">on-demand total</th><td class=\"num\">{}</td></tr>", money(c.total));
  if (c.plan == "legacy")
    out += fmt::format("<tr><th colspan=\"4\">to pay in the free-tier year</th><td class=\"num\">{}</td></tr>",
                       money(c.total_after_free_tier));
  out += "</table>\n";
  if (!c.free_tier.empty()) {
    out += "<table><tr><th>free-tier pool</th><th>used</th><th>allowance</th><th>over</th><th>cost over</th></tr>\n";
    for (const auto& f : c.free_tier)
      out += fmt::format("<tr><td>{}</td><td class=\"num\">{:g} {}</td><td class=\"num\">{:g}</td><td class=\"num\">{:g}</td>"
                         "<td class=\"num\">{}</td></tr>\n",
                         esc(f.pool), f.used, esc(f.unit), f.allowance, f.over, money(f.over_cost));
    out += "</table>\n";
  }
  if (r.cost_before) {
    out += "<table id=\"cost-delta\"><tr><th>resource</th><th>before</th><th>after</th><th>change</th></tr>\n";
    for (const auto& d : sim::diffCosts(*r.cost_before, c))
      out += fmt::format("<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}{}</td></tr>\n",
                         esc(d.resource), money(d.before), money(d.after), d.after >= d.before ? "+" : "-",
                         money(std::abs(d.after - d.before)));
    out += "</table>\n";
  }
  for (const auto& a : c.alternatives) out += "<p class=\"alternative\">" + esc(a) + "</p>";
  for (const auto& w : c.warnings) out += "<p class=\"warning\">" + esc(w) + "</p>";
  return out + "</section>\n";
}

std::string placement(const sim::Network& net) {
  const auto& p = net.placement();
  if (net.stack().ecs_services.empty()) return "";
  std::string out = "<section id=\"placement\"><h2>ECS placement</h2><table id=\"placement-tasks\"><tr><th>task</th>"
                    "<th>state</th><th>instance</th><th>host ports</th><th>why pending</th></tr>\n";
  for (const auto& t : p.tasks) {
    std::string ports;
    for (const auto& [c, h] : t.host_ports) ports += (ports.empty() ? "" : ", ") + fmt::format("{}->{}", h, c);
    std::string reasons;
    for (const auto& s : t.per_instance.empty() ? t.reasons : t.per_instance) reasons += (reasons.empty() ? "" : "; ") + s;
    out += fmt::format("<tr><td>{}</td><td class=\"{}\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n", esc(t.id),
                       t.running ? "ok" : "fail", t.running ? "RUNNING" : "PENDING", esc(t.running ? t.instance : t.eni),
                       esc(ports), esc(reasons));
  }
  out += "</table><table id=\"placement-instances\"><tr><th>instance</th><th>type</th><th>zone</th><th>CPU units</th>"
         "<th>memory MiB</th><th>tasks</th></tr>\n";
  for (const auto& i : p.instances) {
    std::string tasks;
    for (const auto& t : i.tasks) tasks += (tasks.empty() ? "" : ", ") + t;
    out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{} / {}</td><td class=\"num\">{} / {}</td>"
                       "<td>{}</td></tr>\n",
                       esc(i.name), esc(i.type), esc(i.az), i.cpu_used, i.cpu_total, i.memory_used, i.memory_total, esc(tasks));
  }
  return out + "</table></section>\n";
}

// Past this many endpoints the page shows classes: a table of interfaces
// grows with their square, and nobody reads a thousand columns.
constexpr size_t kMaxMatrixEndpoints = 60;

std::string classMatrix(const sim::Matrix& m) {
  std::string out = fmt::format("<section id=\"matrix\"><h2>Reachability matrix</h2><p>TCP ports {}; {} endpoints in {} "
                                "equivalence classes, shown by class: the members of a class are interfaces that no rule "
                                "tells apart. A green port gets through.</p>",
                                fmt::join(m.ports, ", "), m.endpoints.size(), m.members.size());
  out += "<table class=\"matrix classes\"><tr><th>from \\ to</th>";
  for (size_t b = 0; b < m.members.size(); ++b) out += fmt::format("<th>class {}</th>", b);
  out += "</tr>\n";
  for (size_t a = 0; a < m.members.size(); ++a) {
    out += fmt::format("<tr><th title=\"{}\">class {}: {} ({} member{}: {})</th>", esc(m.class_labels[a]), a,
                       esc(m.class_labels[a]), m.members[a].size(), m.members[a].size() == 1 ? "" : "s",
                       esc(reports::classMembers(m, a)));
    for (size_t b = 0; b < m.members.size(); ++b) {
      out += "<td>";
      for (size_t p = 0; p < m.ports.size(); ++p)
        out += fmt::format("<button type=\"button\" class=\"{}\" data-src=\"{}\" data-dst=\"{}\" data-port=\"{}\">{}</button>",
                           m.opens(a, b, p) ? "open" : "closed", m.members[a].front(), m.members[b].front(), m.ports[p],
                           m.ports[p]);
      out += "</td>";
    }
    out += "</tr>\n";
  }
  return out + "</table></section>\n";
}

// Past this many classes a table of classes is as unreadable (and as large:
// 2,500 classes made a 3 GB page): the page lists source sets instead.
constexpr size_t kMaxMatrixClasses = 60;

std::string setsMatrix(const sim::Matrix& m) {
  return fmt::format("<section id=\"matrix\"><h2>Reachability</h2><p>TCP ports {}; {} endpoints in {} equivalence "
                     "classes, too many for a table. For each port, each set of sources once, with the destinations "
                     "it reaches (<code>awssim matrix --view sets</code>; <code>awssim explain</code> for one "
                     "path).</p><pre class=\"sets\">{}</pre></section>\n",
                     fmt::join(m.ports, ", "), m.endpoints.size(), m.members.size(),
                     esc(reports::formatMatrix(m, reports::MatrixView::Sets)));
}

std::string matrix(const rules::CheckResult& r) {
  if (!r.matrix) return "";
  const auto& m = *r.matrix;
  if (m.members.size() > kMaxMatrixClasses) return setsMatrix(m);
  if (m.endpoints.size() > kMaxMatrixEndpoints) return classMatrix(m);
  std::string out = fmt::format("<section id=\"matrix\"><h2>Reachability matrix</h2><p>TCP ports {}; {} endpoints in {} "
                                "equivalence classes. A green port gets through; click any port to see its path.</p>",
                                fmt::join(m.ports, ", "), m.endpoints.size(), m.members.size());
  out += "<table class=\"matrix\"><tr><th>from \\ to</th>";
  for (const auto& e : m.endpoints) out += "<th>" + esc(e) + "</th>";
  out += "</tr>\n";
  for (size_t i = 0; i < m.endpoints.size(); ++i) {
    out += "<tr><th>" + esc(m.endpoints[i]) + "</th>";
    for (size_t j = 0; j < m.endpoints.size(); ++j) {
      if (i == j) {
        out += "<td class=\"self\"></td>";
        continue;
      }
      out += "<td>";
      for (size_t p = 0; p < m.ports.size(); ++p)
        out += fmt::format("<button type=\"button\" class=\"{}\" data-src=\"{}\" data-dst=\"{}\" data-port=\"{}\">{}</button>",
                           m.opens(m.class_of[i], m.class_of[j], p) ? "open" : "closed", i, j, m.ports[p], m.ports[p]);
      out += "</td>";
    }
    out += "</tr>\n";
  }
  return out + "</table></section>\n";
}

std::string pathExplorer(const rules::CheckResult& r) {
  if (!r.matrix) return "";
  const auto& m = *r.matrix;
  // Without traced paths (a large stack) pickers over every interface would
  // only weigh the page down.
  if (r.paths.empty() && m.endpoints.size() > kMaxMatrixEndpoints) return "";
  auto options = [&]() {
    std::string o;
    for (size_t i = 0; i < m.endpoints.size(); ++i) o += fmt::format("<option value=\"{}\">{}</option>", i, esc(m.endpoints[i]));
    return o;
  };
  std::string ports;
  for (int p : m.ports) ports += fmt::format("<option value=\"{0}\">{0}</option>", p);
  return fmt::format(
      "<section id=\"path\"><h2>Path</h2><p>Pick a source and a destination here or in the diagram (click two "
      "interfaces), or click a port in the matrix.</p><label>from <select id=\"path-src\">{}</select></label> "
      "<label>to <select id=\"path-dst\">{}</select></label> <label>port <select id=\"path-port\">{}</select></label>"
      "<div id=\"path-view\"></div></section>\n",
      options(), options(), ports);
}

std::string data(const rules::CheckResult& r) {
  ordered_json j;
  PathData pd;
  ordered_json paths = ordered_json::object();
  if (r.matrix && !r.paths.empty()) j["endpoints"] = r.matrix->endpoints;
  else j["endpoints"] = ordered_json::array();
  for (const auto& p : r.paths) paths[fmt::format("{},{},{}", p.src, p.dst, p.port)] = pd.pathJson(p.result);
  j["hops"] = pd.hops();
  j["explanations"] = pd.explanations();
  j["paths"] = paths;
  // Open on the first path that gets through, so the page starts with a
  // worked example.
  if (!r.paths.empty()) {
    const sim::MatrixPath* first = &r.paths.front();
    for (const auto& p : r.paths)
      if (p.result.reachable) {
        first = &p;
        break;
      }
    j["first"] = {first->src, first->dst, first->port};
  }
  std::string s = j.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
  // "</" would end the script element early.
  for (size_t at = 0; (at = s.find("</", at)) != std::string::npos; at += 3) s.replace(at, 2, "<\\/");
  return s;
}

}  // namespace

std::string checkHtml(const sim::Network& net, const rules::CheckResult& r) {
  const model::Stack& stack = net.stack();
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
         "script-src 'unsafe-inline'; img-src data:\">\n";
  out += fmt::format("<title>awssim check: {}</title>\n<style>{}</style>\n</head>\n<body>\n", esc(stack.file), kStyle);
  out += fmt::format("<header><h1>awssim check: {}</h1><p>{}region {} · awssim {}</p></header>\n", esc(stack.file),
                     r.verdict.empty() ? std::string() : "<b>" + esc(r.verdict) + "</b> · ",
                     esc(stack.region), AWSSIM_VERSION);
  out += "<nav><a href=\"#summary\">summary</a><a href=\"#expectations\">expectations</a><a href=\"#intents\">intents</a>"
         "<a href=\"#findings\">findings</a>";
  if (r.cost) out += "<a href=\"#cost\">cost</a>";
  if (!stack.ecs_services.empty()) out += "<a href=\"#placement\">placement</a>";
  if (r.matrix) out += "<a href=\"#matrix\">matrix</a><a href=\"#path\">path</a>";
  out += "<a href=\"#topology\">topology</a></nav>\n<main>\n";
  out += summary(r) + expectations(r) + intents(r) + findings(r) + cost(r) + placement(net) + matrix(r) + pathExplorer(r);
  out += "<section id=\"topology\"><h2>Topology</h2><p>Blue arrows: a security group admits the other interface's group; "
         "red: admits the internet to a public interface; grey: routes to gateways.</p><div class=\"topology-wrap\">\n";
  out += topologyFigure(net) + "</div></section>\n</main>\n";
  out += "<script type=\"application/json\" id=\"awssim-data\">" + data(r) + "</script>\n";
  out += std::string("<script>") + kScript + "</script>\n</body>\n</html>\n";
  return out;
}

}  // namespace awssim::reports
