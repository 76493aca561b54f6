#include "reports/trace_report.h"

#include <fmt/format.h>

#include <sstream>

namespace awssim::reports {

using namespace sim;

std::string wrap(const std::string& text, size_t width, size_t indent) {
  std::istringstream words(text);
  std::string word, out, line(indent, ' ');
  size_t start = indent;
  while (words >> word) {
    if (line.size() > start && line.size() + 1 + word.size() > width) {
      out += line + "\n";
      line = std::string(indent, ' ');
    }
    if (line.size() > start) line += ' ';
    line += word;
  }
  if (line.size() > start) out += line + "\n";
  return out;
}

/// "  - text", wrapped with continuation lines under the text.
static std::string bullet(const std::string& text) { return hanging("- " + text, 80, 2, 4); }

std::string hanging(const std::string& text, size_t width, size_t first, size_t rest) {
  std::string out = wrap(text, width - (first > rest ? first - rest : 0), rest);
  if (first > rest) {
    // Continuation lines already start at `rest`; give the first line more.
    std::string pad(first - rest, ' ');
    out.insert(0, pad);
    size_t nl = out.find('\n');
    std::string head = out.substr(0, nl), tail = nl == std::string::npos ? "" : out.substr(nl + 1);
    return head + "\n" + wrap(tail, width, rest);
  }
  return out.replace(0, rest - first, "");
}

static std::string verdict(const QueryResult& r) {
  return fmt::format("{} ({})", r.reachable ? "reachable" : "NOT reachable", dispositionName(r.disposition));
}

static void appendBlocks(const QueryResult& r, std::string& out) {
  bool any = false;
  for (const auto& p : r.parts)
    for (const auto& e : p.trace.explanations) {
      if (!any) out += "blocked by:\n";
      any = true;
      std::string where = e.loc.known() ? fmt::format(" [{}]", e.loc.str()) : "";
      // With several flows (targets, services' parts), each line names its flow.
      std::string flow = r.parts.size() > 1 && !p.label.empty() ? p.label + ": " : "";
      out += bullet(fmt::format("{}{} at {} ({}): {}{}", flow, e.code, e.component, e.direction, e.detail, where));
    }
  std::vector<std::string> fixes;
  for (const auto& p : r.parts)
    for (const auto& s : p.trace.suggestions)
      if (std::find(fixes.begin(), fixes.end(), s) == fixes.end()) fixes.push_back(s);
  if (!fixes.empty()) {
    out += "fix:\n";
    for (const auto& f : fixes) out += bullet(f);
  }
  for (const auto& n : r.notes) out += wrap("note: " + n, 80, 2);
}

std::string formatQueryShort(const QueryResult& r, const std::string& question) {
  if (!r.error.empty()) return fmt::format("{}: error: {}\n", question, r.error);
  std::string out = fmt::format("{}: {}\n", question, verdict(r));
  if (!r.reachable) appendBlocks(r, out);
  else
    for (const auto& n : r.notes) out += wrap("note: " + n, 80, 2);
  return out;
}

static bool stops(const Hop& h) {
  return h.action == "denied" || h.action == "dropped" || h.action == "no route" || h.action == "not running";
}

// After the first hop that stops the packet, the rest is what would happen
// had it got through: said so, never "delivered".
static void appendHops(const std::vector<Hop>& hops, std::string& out, bool stopped) {
  int n = 0;
  for (const auto& h : hops) {
    out += fmt::format("  {:>2}. {} [{}]: {}{}\n", ++n, h.component, h.kind, stopped ? "would be " : "", h.action);
    if (!h.detail.empty()) out += wrap(h.detail, 80, 6);
    stopped |= stops(h);
  }
}

std::string formatQueryExplain(const QueryResult& r, const std::string& question) {
  if (!r.error.empty()) return fmt::format("{}: error: {}\n", question, r.error);
  std::string out = fmt::format("{}: {}\n", question, verdict(r));
  out += wrap("from " + r.source, 80, 2);
  out += wrap("to " + r.destination, 80, 2);
  for (const auto& p : r.parts) {
    out += "\n";
    if (r.parts.size() > 1)
      out += wrap(fmt::format("== {}: {} ({})", p.label, p.trace.reachable ? "reachable" : "NOT reachable",
                              dispositionName(p.trace.disposition)), 80, 0);
    out += "forward path:\n";
    appendHops(p.trace.forward, out, false);
    bool forwardStopped = std::any_of(p.trace.forward.begin(), p.trace.forward.end(), stops);
    if (!p.trace.ret.empty()) {
      out += forwardStopped ? "return path (had the request got through):\n" : "return path:\n";
      appendHops(p.trace.ret, out, forwardStopped);
    }
  }
  out += "\n";
  appendBlocks(r, out);
  return out;
}

static nlohmann::ordered_json hopsJson(const std::vector<Hop>& hops) {
  auto a = nlohmann::ordered_json::array();
  for (const auto& h : hops)
    a.push_back({{"component", h.component}, {"kind", h.kind}, {"action", h.action}, {"detail", h.detail}});
  return a;
}

static nlohmann::ordered_json explanationsJson(const std::vector<Explanation>& ex) {
  auto a = nlohmann::ordered_json::array();
  for (const auto& e : ex) {
    nlohmann::ordered_json j = {{"code", e.code}, {"component", e.component}, {"direction", e.direction}, {"detail", e.detail}};
    if (e.loc.known()) j["location"] = {{"file", e.loc.file}, {"line", e.loc.line}, {"column", e.loc.col}};
    a.push_back(j);
  }
  return a;
}

nlohmann::ordered_json traceJson(const Trace& t) {
  nlohmann::ordered_json j;
  j["reachable"] = t.reachable;
  j["disposition"] = dispositionName(t.disposition);
  j["forward"] = hopsJson(t.forward);
  j["return"] = hopsJson(t.ret);
  j["explanations"] = explanationsJson(t.explanations);
  j["suggestions"] = t.suggestions;
  return j;
}

nlohmann::ordered_json queryJson(const QueryResult& r, const std::string& question) {
  nlohmann::ordered_json j;
  j["query"] = question;
  if (!r.error.empty()) {
    j["error"] = r.error;
    return j;
  }
  j["reachable"] = r.reachable;
  j["disposition"] = dispositionName(r.disposition);
  j["source"] = r.source;
  j["destination"] = r.destination;
  const QueryPart* d = r.deciding();
  j["forward"] = d ? hopsJson(d->trace.forward) : nlohmann::ordered_json::array();
  j["return"] = d ? hopsJson(d->trace.ret) : nlohmann::ordered_json::array();
  std::vector<Explanation> all;
  std::vector<std::string> fixes;
  for (const auto& p : r.parts) {
    all.insert(all.end(), p.trace.explanations.begin(), p.trace.explanations.end());
    for (const auto& s : p.trace.suggestions)
      if (std::find(fixes.begin(), fixes.end(), s) == fixes.end()) fixes.push_back(s);
  }
  j["explanations"] = explanationsJson(all);
  j["suggestions"] = fixes;
  j["notes"] = r.notes;
  auto parts = nlohmann::ordered_json::array();
  for (const auto& p : r.parts) {
    nlohmann::ordered_json pj = {{"label", p.label}};
    pj.update(traceJson(p.trace));
    parts.push_back(pj);
  }
  j["parts"] = parts;
  return j;
}

}  // namespace awssim::reports
