// Access scopes: statements like "nothing in the private subnets reaches the
// internet except through the NAT gateway", checked by tracing every class
// of source to every matching destination on the ports in question.
#include <fmt/format.h>

#include <map>
#include <set>

#include "rules/catalog.h"
#include "sim/aws_services.h"
#include "sim/query.h"

namespace awssim::rules {

using namespace model;

namespace {

bool originates(sim::EniKind k) {
  return k == sim::EniKind::Instance || k == sim::EniKind::Extra || k == sim::EniKind::InstanceConnect ||
         k == sim::EniKind::EcsInstance || k == sim::EniKind::EcsTask;
}

/// Whether an interface matches a selector.
bool selects(const sim::Network& net, const std::string& sel, int eni) {
  const sim::NetEni& e = net.enis()[eni];
  if (sel == "*" || sel == "any") return true;
  if (sel.rfind("subnet:", 0) == 0) return net.subnets()[e.subnet].subnet->name == sel.substr(7);
  if (sel.rfind("sg:", 0) == 0) {
    int g = net.sgIndex(sel.substr(3));
    return g >= 0 && net.eniHasSg(eni, g);
  }
  if (sel.find('/') != std::string::npos)
    if (auto c = parseCidr(sel)) return c->contains(e.ip);
  return e.name == sel || e.owner == sel;
}

bool anySelects(const sim::Network& net, const std::vector<std::string>& sels, int eni) {
  for (const auto& s : sels)
    if (selects(net, s, eni)) return true;
  return false;
}

bool contains(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

/// One interface per class of what rules can tell apart, so that large
/// stacks are checked per class, not per interface.
std::vector<int> representatives(const sim::Network& net, const std::vector<std::string>& sels, bool sourcesOnly) {
  std::map<std::tuple<int, std::vector<int>, bool, int>, int> classes;
  for (size_t i = 0; i < net.enis().size(); ++i) {
    const auto& e = net.enis()[i];
    if (sourcesOnly && !originates(e.kind)) continue;
    if (!anySelects(net, sels, static_cast<int>(i))) continue;
    std::vector<int> sgs = e.sgs;
    std::sort(sgs.begin(), sgs.end());
    classes.emplace(std::make_tuple(e.subnet, sgs, e.public_ip.has_value(), static_cast<int>(e.kind)), static_cast<int>(i));
  }
  std::vector<int> out;
  for (const auto& [k, i] : classes) out.push_back(i);
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<int> portsToTry(const Stack& s, const ScopeMatch& m) {
  if (!hasPorts(m.protocol)) return {0};
  std::vector<int> out;
  for (int b : sim::portBoundaries(s, m.protocol))
    if (b >= m.ports.from && b <= m.ports.to) out.push_back(b);
  if (out.empty() || out.front() != m.ports.from) out.insert(out.begin(), m.ports.from);
  return out;
}

bool excluded(const sim::Network& net, const AccessScope& scope, int src, const std::string& dst, int dstEni, int port,
              const std::set<std::string>& components) {
  for (const auto& ex : scope.exclude) {
    bool from = ex.from.empty() || (src < 0 ? contains(ex.from, "internet") : anySelects(net, ex.from, src));
    bool to = ex.to.empty() || contains(ex.to, dst) || (dstEni >= 0 && anySelects(net, ex.to, dstEni));
    bool through = ex.through.empty() ||
                   std::any_of(ex.through.begin(), ex.through.end(), [&](const std::string& t) { return components.count(t); });
    bool ports = ex.ports.contains(port) && (ex.protocol == scope.match.protocol || ex.protocol == proto::kAll);
    if (from && to && through && ports) return true;
  }
  return false;
}

void checkScope(const RuleContext& ctx, const AccessScope& scope, std::vector<Finding>& out) {
  const sim::Network& net = ctx.net;
  const ScopeMatch& m = scope.match;
  std::vector<int> sources = representatives(net, m.from, true);
  if (contains(m.from, "internet")) sources.insert(sources.begin(), -1);
  // Destinations: named ones (internet, AWS services) and interfaces.
  std::vector<std::pair<std::string, int>> dests;
  for (const auto& t : m.to)
    if (t == "internet" || sim::isAwsService(t)) dests.push_back({t, -1});
  for (int e : representatives(net, m.to, false)) dests.push_back({net.enis()[e].name, e});
  std::vector<int> ports = portsToTry(net.stack(), m);
  Severity sev = scope.severity == "critical" ? Severity::Critical
                 : scope.severity == "medium" ? Severity::Medium
                 : scope.severity == "low"    ? Severity::Low
                                              : Severity::High;
  for (int src : sources)
    for (const auto& [dst, dstEni] : dests) {
      if (src >= 0 && src == dstEni) continue;
      for (int port : ports) {
        sim::Query q{src < 0 ? "internet" : net.enis()[src].name, dst, m.protocol,
                     hasPorts(m.protocol) ? std::optional(port) : std::nullopt, std::nullopt, std::nullopt};
        sim::QueryResult r = sim::runQuery(net, q);
        if (!r.error.empty() || !r.reachable) continue;
        std::set<std::string> components;
        for (const auto& p : r.parts)
          for (const auto& h : p.trace.forward) components.insert(h.component);
        if (!m.through.empty() &&
            std::none_of(m.through.begin(), m.through.end(), [&](const std::string& t) { return components.count(t); }))
          continue;
        if (excluded(net, scope, src, dst, dstEni, port, components)) continue;
        std::vector<std::string> via;
        for (const auto& p : r.parts)
          for (const auto& h : p.trace.forward)
            if (h.kind == "internet-gateway" || h.kind == "nat-gateway" || h.kind == "vpc-endpoint" ||
                h.kind == "peering" || h.kind == "transit-gateway")
              via.push_back(h.component);
        emitWithSeverity(
            out, "AWSSIM-SCOPE-001", sev, "scope " + scope.name,
            fmt::format("{}: {} reaches {} on {} {}{}", scope.description.empty() ? scope.name : scope.description,
                        src < 0 ? "the internet" : net.enis()[src].name, dst, protocolName(m.protocol), port,
                        via.empty() ? "" : fmt::format(" through {}", fmt::join(via, ", "))),
            scope.loc, "close the path, or add an exclude for it to the scope if it is intended");
        break;  // one finding per source and destination
      }
    }
}

}  // namespace

RuleFamily scopeRules() {
  return {"scopes",
          {{"AWSSIM-SCOPE-001",
            Severity::High,
            "Access scope violated",
            "An access scope of the stack (in the spirit of Network Access Analyzer) says a kind of path must not "
            "exist; the engine finds one that matches it and none of its excludes.",
            "Close the path, or exclude it in the scope if it is intended.",
            {},
            /*set_by_stack=*/true}},
          [](const RuleContext& ctx, std::vector<Finding>& out) {
            for (const auto& s : ctx.net.stack().scopes) checkScope(ctx, s, out);
          }};
}

}  // namespace awssim::rules
