// Every subcommand but check (check_command.cc).
#include "cli/commands.h"


#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <array>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "model/file_source.h"
#include "model/text.h"
#include "model/load/aws_snapshot.h"
#include "model/load/cloudformation.h"
#include "model/load/terraform.h"
#include "model/load/stack_loader.h"
#include "model/stack_writer.h"
#include "model/load/task_definition_loader.h"
#include "model/load/price_table_loader.h"
#include "model/load/project_config.h"
#include "reports/cost_report.h"
#include "reports/ecs_report.h"
#include "reports/fuzz_report.h"
#include "reports/graph.h"
#include "reports/topology_layout.h"
#include "reports/topology_svg.h"
#include "reports/html_report.h"
#include "reports/intents_report.h"
#include "reports/matrix_report.h"
#include "reports/summary.h"
#include "reports/trace_report.h"
#include "reports/check_text.h"
#include "reports/ci_reports.h"
#include "reports/redact.h"
#include "rules/catalog.h"
#include "rules/check.h"
#include "rules/cost_checks.h"
#include "rules/ecs_checks.h"
#include "rules/expectations.h"
#include "rules/stack_fuzz.h"
#include "rules/intents.h"
#include "rules/suppressions.h"
#include "sim/aws_services.h"
#include "sim/cost.h"
#include "sim/intents.h"
#include "sim/matrix.h"
#include "sim/network.h"
#include "sim/query.h"

namespace awssim::cli {

bool endsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/// Reads a file and runs a loader on it, printing its diagnostics; nullopt
/// when the file cannot be read or has errors.
template <typename Loader>
auto loadFile(const std::string& path, const char* what, Loader load) -> decltype(load(std::string(), path, std::declval<model::Diagnostics&>())) {
  model::DiskFileSource disk;
  model::Diagnostics diags;
  auto text = disk.read(path);
  decltype(load(std::string(), path, diags)) result;
  if (!text) diags.error({path, 0, 0}, fmt::format("cannot read the {} (missing or unreadable)", what));
  else result = load(*text, path, diags);
  std::cerr << reports::formatDiagnostics(diags);
  if (diags.hasErrors()) return std::nullopt;
  return result;
}

/// Validates a task-definition JSON file on its own.
int validateTaskDefinition(const std::string& path) {
  // describe-services / create-service output names subnets and groups by
  // ID, so it only means something inside a stack.
  model::DiskFileSource disk;
  if (auto text = disk.read(path)) {
    auto j = nlohmann::json::parse(*text, nullptr, false);
    if (j.is_object() && (j.contains("services") || j.contains("service")) && !j.contains("containerDefinitions")) {
      std::cerr << path << ": this is ECS service output (describe-services or create-service); it is checked inside a "
                           "stack: reference it as ecs_services.NAME.service_file in stack.yaml\n";
      return kExitBadInput;
    }
  }
  auto td = loadFile(path, "file", load::loadTaskDefinition);
  if (!td) return kExitBadInput;
  // The definition loads; what ECS would reject or what fails at run time
  // is reported as findings.
  auto findings = rules::checkTaskDefinition(*td);
  std::cout << path << ": ok" << (findings.empty() ? "" : ", with findings:") << "\n" << reports::formatFindings(findings);
  return kExitOk;
}

load::InputOptions& inputOptions() {
  static load::InputOptions options;
  return options;
}

bool isTaskDefinitionFile(const std::string& path) {
  model::DiskFileSource disk;
  return !load::isAwsSnapshot(path, disk) && !load::isCloudFormation(path, disk) && !load::isTerraform(path, disk);
}

/// Loads the stack and prints its diagnostics to stderr; nullopt on errors.
std::optional<load::LoadResult> loadOrReport(const std::string& path) {
  model::DiskFileSource disk;
  load::LoadResult res = load::loadStack(path, disk, inputOptions());
  std::cerr << reports::formatDiagnostics(res.diags);
  if (!res.ok()) return std::nullopt;
  return res;
}


/// Builds the engine's query from the flags; "" or an error message.
std::string makeQuery(const QueryArgs& a, sim::Query& q, std::string& question) {
  std::string why;
  auto t = model::parseFlowTarget(a.to, &why);
  if (!t) return fmt::format("--to '{}': {}", a.to, why);
  q.from = a.from;
  q.to = t->name;
  q.port = t->port;
  q.protocol = t->protocol.value_or(model::proto::kTcp);
  if (!a.protocol.empty()) {
    auto p = model::parseProtocol(a.protocol);
    if (!p) return fmt::format("--protocol '{}' is not a protocol name or number 0-255", a.protocol);
    if (t->protocol && *t->protocol != *p) return "--protocol and the /PROTO of --to disagree";
    q.protocol = *p;
  }
  if (!a.srcIp.empty()) {
    auto ip = model::parseIpv4(a.srcIp);
    if (!ip) return fmt::format("--src-ip '{}' is not an IPv4 address", a.srcIp);
    q.src_ip = ip;
  }
  if (a.srcPort >= 0) q.src_port = a.srcPort;
  question = fmt::format("{} -> {}{}/{}", q.from, q.to, q.port ? ":" + std::to_string(*q.port) : "",
                         model::protocolName(q.protocol));
  return "";
}

namespace {

/// The set answer (no port, no protocol): whether the question asks it.
bool asksForTraffic(const model::Stack& stack, const QueryArgs& a, const sim::Query& q) {
  return !q.port && a.protocol.empty() && a.to.find('/') == std::string::npos && !sim::isAwsService(q.to) &&
         !stack.load_balancers.find(q.to);
}

/// One question answered: its JSON, the text a person reads, and the exit
/// code it stands for. `err` is set when it cannot be answered.
struct Answer {
  nlohmann::ordered_json json;
  std::string text;
  int code = kExitOk;
  std::string err;
};

Answer answer(const sim::Network& net, const QueryArgs& a, const sim::Query& q, const std::string& question,
              bool explain) {
  Answer out;
  if (asksForTraffic(net.stack(), a, q)) {
    // Without a port the question is what gets through at all: the set
    // answer over every protocol and port.
    sim::TrafficAnswer t = sim::reachableTraffic(net, q.from, q.to, &out.err);
    if (!out.err.empty()) {
      out.code = kExitBadInput;
      return out;
    }
    std::string question2 = fmt::format("{} -> {}", q.from, q.to);
    out.json = {{"query", question2}, {"reachable", !t.empty()}};
    nlohmann::ordered_json traffic = nlohmann::ordered_json::object();
    for (const auto& [p, ports] : t.ports) traffic[p] = sim::describePorts(ports);
    traffic["other_protocols"] = t.all_other_protocols ? nlohmann::ordered_json("all") : nlohmann::ordered_json(t.other_protocols);
    out.json["traffic"] = traffic;
    out.text = fmt::format("{}: {}\n", question2, t.empty() ? "nothing gets through" : t.str() + " get through");
    out.code = t.empty() ? kExitFindings : kExitOk;
    return out;
  }
  sim::QueryResult r = sim::runQuery(net, q);
  out.json = reports::queryJson(r, question);
  out.text = explain ? reports::formatQueryExplain(r, question) : reports::formatQueryShort(r, question);
  out.err = r.error;
  out.code = !r.error.empty() ? kExitBadInput : r.reachable ? kExitOk : kExitFindings;
  return out;
}

std::string dumpJson(const nlohmann::ordered_json& j, int indent) {
  return j.dump(indent, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

/// A batch line's words: options and their values, split at blanks
/// ("--from=a" as well as "--from a").
std::vector<std::string> words(std::string_view line) {
  std::vector<std::string> out;
  size_t at = 0;
  while (at < line.size()) {
    while (at < line.size() && (line[at] == ' ' || line[at] == '\t')) ++at;
    size_t end = at;
    while (end < line.size() && line[end] != ' ' && line[end] != '\t') ++end;
    if (end > at) {
      std::string w(line.substr(at, end - at));
      if (size_t eq = w.find('='); w.rfind("--", 0) == 0 && eq != std::string::npos) {
        out.push_back(w.substr(0, eq));
        out.push_back(w.substr(eq + 1));
      } else {
        out.push_back(std::move(w));
      }
    }
    at = end;
  }
  return out;
}

/// Reads one batch line into query flags; "" or what is wrong.
std::string parseBatchLine(std::string_view line, QueryArgs& a) {
  auto w = words(line);
  for (size_t i = 0; i < w.size(); i += 2) {
    if (i + 1 >= w.size()) return fmt::format("'{}' needs a value", model::shorten(w[i], 40));
    const std::string& v = w[i + 1];
    if (w[i] == "--from") a.from = v;
    else if (w[i] == "--to") a.to = v;
    else if (w[i] == "--protocol") a.protocol = v;
    else if (w[i] == "--src-ip") a.srcIp = v;
    else if (w[i] == "--src-port") {
      auto port = model::parsePortRange(v);
      if (!port || port->from != port->to) return fmt::format("--src-port '{}' is not a port 0-65535", model::shorten(v, 40));
      a.srcPort = port->from;
    } else {
      return fmt::format("unknown option '{}' (a line takes --from, --to, --protocol, --src-ip and --src-port)",
                         model::shorten(w[i], 40));
    }
  }
  if (a.from.empty() || a.to.empty()) return "a query needs --from and --to";
  return "";
}

int runBatch(const std::string& stackPath, const QueryArgs& flags) {
  std::string text;
  std::string name = flags.batch == "-" ? "<stdin>" : flags.batch;
  if (flags.batch == "-") {
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    text = ss.str();
  } else {
    model::DiskFileSource disk;
    auto t = disk.read(flags.batch);
    if (!t) {
      std::cerr << "awssim: cannot read batch file " << flags.batch << "\n";
      return kExitBadInput;
    }
    text = *t;
  }
  if (auto bad = model::invalidUtf8At(text, name)) {
    std::cerr << bad->str() << ": error: the file is not valid UTF-8 here\n";
    return kExitBadInput;
  }
  // Every line is read before any is answered, so that all mistakes are
  // reported at once and nothing is answered from a file with errors.
  struct Line {
    int number;
    sim::Query q;
    QueryArgs args;
    std::string question;
  };
  std::vector<Line> lines;
  int errors = 0, number = 0;
  for (size_t at = 0; at < text.size();) {
    size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    std::string_view l(text.data() + at, end - at);
    at = end + 1;
    ++number;
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    size_t first = l.find_first_not_of(" \t");
    if (first == std::string_view::npos || l[first] == '#') continue;
    Line x{number, {}, {}, {}};
    std::string err = parseBatchLine(l, x.args);
    if (err.empty()) err = makeQuery(x.args, x.q, x.question);
    if (!err.empty()) {
      std::cerr << fmt::format("{}:{}:{}: error: {}\n", name, number, first + 1, err);
      ++errors;
      continue;
    }
    lines.push_back(std::move(x));
  }
  if (errors) return kExitBadInput;
  auto res = loadOrReport(stackPath);
  if (!res) return kExitBadInput;
  sim::Network net(res->stack);
  int code = kExitOk;
  for (const auto& x : lines) {
    Answer ans = answer(net, x.args, x.q, x.question, false);
    nlohmann::ordered_json j = {{"line", x.number}};
    if (!ans.err.empty()) {
      j["query"] = x.question;
      j["error"] = ans.err;
    } else {
      j.update(ans.json);
    }
    std::cout << dumpJson(j, -1) << "\n";
    code = std::max(code, ans.code);
  }
  return code;
}

// ---- set questions: "who can reach db:5432?", "what can web reach?" ----

bool isSelector(const std::string& name) {
  return name == "any" || name.rfind("sg:", 0) == 0 || name.rfind("subnet:", 0) == 0 || name.rfind("tg:", 0) == 0;
}

// The matrix endpoints (0: the internet) a selector or name stands for; ""
// or an error.
std::string selectEndpoints(const sim::Network& net, const sim::Matrix& m, const std::string& name, std::vector<int>& out) {
  std::map<std::string, int> at;
  for (size_t i = 1; i < m.endpoints.size(); ++i) at[m.endpoints[i]] = static_cast<int>(i);
  auto addEni = [&](int e) {
    if (auto it = at.find(net.enis()[e].name); it != at.end()) out.push_back(it->second);
  };
  const auto& s = net.stack();
  if (name == "any") {
    for (size_t i = 0; i < m.endpoints.size(); ++i) out.push_back(static_cast<int>(i));
  } else if (name == "internet") {
    out.push_back(0);
  } else if (name.rfind("sg:", 0) == 0) {
    int g = net.sgIndex(name.substr(3));
    if (g < 0) return fmt::format("no security group '{}'{}", name.substr(3), model::didYouMean(name.substr(3), s.security_groups.names()));
    for (size_t e = 0; e < net.enis().size(); ++e)
      if (net.eniHasSg(static_cast<int>(e), g)) addEni(static_cast<int>(e));
  } else if (name.rfind("subnet:", 0) == 0) {
    int sub = net.subnetIndex(name.substr(7));
    if (sub < 0) return fmt::format("no subnet '{}'{}", name.substr(7), model::didYouMean(name.substr(7), s.subnets.names()));
    for (size_t e = 0; e < net.enis().size(); ++e)
      if (net.enis()[e].subnet == sub) addEni(static_cast<int>(e));
  } else if (name.rfind("tg:", 0) == 0) {
    const auto* tg = s.target_groups.find(name.substr(3));
    if (!tg) return fmt::format("no target group '{}'{}", name.substr(3), model::didYouMean(name.substr(3), s.target_groups.names()));
    for (const auto& t : tg->targets) {
      int e = t.ip ? net.eniByPrivateIp(*t.ip) : (net.enisOf(t.name).empty() ? net.eniByName(t.name) : net.enisOf(t.name).front());
      if (e >= 0) addEni(e);
    }
  } else {
    std::vector<int> enis = net.enisOf(name);
    if (enis.empty() && net.eniByName(name) >= 0) enis.push_back(net.eniByName(name));
    if (enis.empty()) {
      std::vector<std::string> names = {"any", "internet"};
      for (const auto& e : net.enis()) names.push_back(e.name);
      return fmt::format("'{}' is not an interface, a resource with interfaces or a selector (any, sg:NAME, subnet:NAME, "
                         "tg:NAME){}", name, model::didYouMean(name, names));
    }
    for (int e : enis) addEni(e);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return "";
}

// --to for a set question: a selector's own colon comes before the port
// ("sg:web:443/tcp"), so the port is read after the last one.
std::optional<model::FlowTarget> parseSetTarget(const std::string& text, std::string* why) {
  for (const char* prefix : {"sg:", "subnet:", "tg:"}) {
    if (text.rfind(prefix, 0) != 0) continue;
    size_t colon = text.find(':', std::string(prefix).size());
    std::string name = text.substr(0, std::min(colon, text.find('/')));
    auto rest = model::parseFlowTarget("x" + text.substr(name.size()), why);
    if (!rest) return std::nullopt;
    rest->name = name;
    return rest;
  }
  return model::parseFlowTarget(text, why);
}

int runSetQuery(const std::string& stackPath, const QueryArgs& a) {
  std::string why;
  auto t = parseSetTarget(a.to, &why);
  if (!t) {
    std::cerr << fmt::format("awssim: --to '{}': {}\n", a.to, why);
    return kExitBadInput;
  }
  int protocol = t->protocol.value_or(model::proto::kTcp);
  if (!a.protocol.empty()) {
    auto p = model::parseProtocol(a.protocol);
    if (!p) {
      std::cerr << fmt::format("awssim: --protocol '{}' is not a protocol name or number 0-255\n", a.protocol);
      return kExitBadInput;
    }
    protocol = *p;
  }
  bool ported = model::hasPorts(protocol) || protocol == model::proto::kIcmp;
  if (ported && !t->port) {
    std::cerr << "awssim: a question about sets of interfaces needs a port: --to " << t->name << ":PORT\n";
    return kExitBadInput;
  }
  auto res = loadOrReport(stackPath);
  if (!res) return kExitBadInput;
  sim::Network net(res->stack);
  sim::MatrixOptions o;
  o.protocol = protocol;
  o.ports = {ported ? *t->port : 0};
  sim::Matrix m = sim::computeMatrix(net, o);
  std::vector<int> from, to;
  for (auto [sel, list] : {std::pair{a.from, &from}, std::pair{t->name, &to}})
    if (std::string err = selectEndpoints(net, m, sel, *list); !err.empty()) {
      std::cerr << "awssim: " << err << "\n";
      return kExitBadInput;
    }
  // Per destination class (of the selected), the selected sources whose
  // class reaches it, grouped by their class.
  std::string traffic = ported ? fmt::format("{} {}", model::protocolName(protocol), *t->port) : model::protocolName(protocol);
  std::set<int> fromSet(from.begin(), from.end());
  std::map<int, std::vector<int>> dstByClass;
  for (int e : to) dstByClass[m.class_of[e]].push_back(e);
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  std::string text = fmt::format("{} -> {} ({}):\n", a.from, t->name, traffic);
  size_t pairs = 0;
  for (const auto& [dc, dsts] : dstByClass) {
    std::map<int, std::vector<int>> srcByClass;
    for (int c : m.source_sets[0][m.set_of[0][dc]])
      for (int e : m.members[c])
        if (fromSet.count(e) && !(m.members[dc].size() == 1 && e == dsts.front())) srcByClass[c].push_back(e);
    if (srcByClass.empty()) continue;
    auto names = [&](const std::vector<int>& es) {
      std::vector<std::string> v;
      for (size_t k = 0; k < es.size() && k < 3; ++k) v.push_back(m.endpoints[es[k]]);
      return fmt::format("{}{}", fmt::join(v, ", "), es.size() > 3 ? fmt::format(", ... ({} in all)", es.size()) : "");
    };
    text += fmt::format("  to class {} ({}): {} interface{} ({})\n", dc, m.class_labels[dc], dsts.size(),
                        dsts.size() == 1 ? "" : "s", names(dsts));
    nlohmann::ordered_json sources = nlohmann::ordered_json::array();
    for (const auto& [sc, srcs] : srcByClass) {
      text += fmt::format("    from class {} ({}): {} ({})\n", sc, m.class_labels[sc], srcs.size(), names(srcs));
      nlohmann::ordered_json members = nlohmann::ordered_json::array();
      for (int e : srcs) members.push_back(m.endpoints[e]);
      sources.push_back({{"class", sc}, {"label", m.class_labels[sc]}, {"count", srcs.size()}, {"members", members}});
      pairs += srcs.size() * dsts.size();
    }
    nlohmann::ordered_json dmembers = nlohmann::ordered_json::array();
    for (int e : dsts) dmembers.push_back(m.endpoints[e]);
    rows.push_back({{"to_class", dc}, {"label", m.class_labels[dc]}, {"count", dsts.size()}, {"members", dmembers},
                    {"from", sources}});
  }
  if (rows.empty()) text += "  nothing gets through\n";
  if (a.json) {
    nlohmann::ordered_json j = {{"from", a.from}, {"to", t->name}, {"traffic", traffic}, {"pairs", pairs}, {"reach", rows}};
    std::cout << dumpJson(j, 2) << "\n";
  } else {
    std::cout << text;
  }
  return rows.empty() ? kExitFindings : kExitOk;
}

}  // namespace

int runQueryCommand(const std::string& stackPath, const QueryArgs& a, bool explain) {
  if (!a.batch.empty()) {
    if (!a.from.empty() || !a.to.empty()) {
      std::cerr << "awssim: --batch takes the queries from its file; drop --from and --to\n";
      return kExitBadInput;
    }
    return runBatch(stackPath, a);
  }
  if (a.from.empty() || a.to.empty()) {
    std::cerr << "awssim: " << (a.from.empty() ? "--from" : "--to") << " is required\n";
    return kExitBadInput;
  }
  if (auto target = parseSetTarget(a.to, nullptr); isSelector(a.from) || (target && isSelector(target->name)))
    return runSetQuery(stackPath, a);
  sim::Query q;
  std::string question;
  if (std::string err = makeQuery(a, q, question); !err.empty()) {
    std::cerr << "awssim: " << err << "\n";
    return kExitBadInput;
  }
  auto res = loadOrReport(stackPath);
  if (!res) return kExitBadInput;
  sim::Network net(res->stack);
  Answer ans = answer(net, a, q, question, explain);
  if (!ans.err.empty() && asksForTraffic(res->stack, a, q)) {
    std::cerr << "awssim: " << ans.err << "\n";
    return kExitBadInput;
  }
  // An unanswerable question is an error: on stderr (JSON still gets its document).
  if (!ans.err.empty()) {
    if (a.json) std::cout << dumpJson(ans.json, 2) << "\n";
    std::cerr << "awssim: " << ans.err << "\n";
    return ans.code;
  }
  std::cout << (a.json ? dumpJson(ans.json, 2) + "\n" : ans.text);
  return ans.code;
}


int runEcs(const std::string& stackPath, bool json) {
  auto res = loadOrReport(stackPath);
  if (!res) return kExitBadInput;
  sim::Network net(res->stack);
  auto wires = sim::serviceConnectWires(net);
  auto findings = rules::checkEcs(net, wires);
  if (json) std::cout << reports::ecsJson(net, wires, findings).dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
  else std::cout << reports::formatEcs(net, wires, findings);
  bool high = std::any_of(findings.begin(), findings.end(), [](const rules::Finding& f) {
    return f.severity >= rules::Severity::High;
  });
  return high ? kExitFindings : kExitOk;
}

/// The price table for a stack: --prices FILE, else the built-in table of
/// the stack's region.
std::optional<model::PriceTable> pricesFor(const model::Stack& stack, const std::string& pricesFile) {
  if (!pricesFile.empty()) return loadFile(pricesFile, "price table", load::loadPriceTable);
  auto t = load::builtinPriceTable(stack.region);
  if (!t)
    std::cerr << fmt::format("awssim: no built-in price table for {} (built in: {}); pass one with --prices FILE\n",
                             stack.region, fmt::join(load::builtinPriceRegions(), ", "));
  return t;
}


int runCost(const CostArgs& a) {
  if (a.stacks.size() == 2) {
    auto before = loadOrReport(a.stacks[0]);
    auto after = loadOrReport(a.stacks[1]);
    if (!before || !after) return kExitBadInput;
    auto pb = pricesFor(before->stack, a.prices);
    auto pa = pricesFor(after->stack, a.prices);
    if (!pb || !pa) return kExitBadInput;
    sim::Network nb(before->stack), na(after->stack);
    auto cb = sim::estimateCost(nb, *pb, std::nullopt);
    auto ca = sim::estimateCost(na, *pa, std::nullopt);
    if (a.json) {
      nlohmann::ordered_json j = {{"before", reports::costJson(cb)}, {"after", reports::costJson(ca)}};
      auto lines = nlohmann::ordered_json::array();
      for (const auto& l : sim::diffCosts(cb, ca))
        lines.push_back({{"resource", l.resource}, {"before", std::round(l.before * 100) / 100},
                         {"after", std::round(l.after * 100) / 100}, {"change", std::round((l.after - l.before) * 100) / 100}});
      j["changes"] = lines;
      j["total_change"] = std::round((ca.total - cb.total) * 100) / 100;
      std::cout << j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
    } else {
      std::cout << reports::formatCostDiff(cb, ca, a.stacks[0], a.stacks[1]);
    }
    return kExitOk;
  }
  auto res = loadOrReport(a.stacks[0]);
  if (!res) return kExitBadInput;
  if (!a.usage.empty()) {
    model::DiskFileSource disk;
    model::Diagnostics diags;
    load::loadUsageFile(a.usage, disk, res->stack, diags);
    std::cerr << reports::formatDiagnostics(diags);
    if (diags.hasErrors()) return kExitBadInput;
  }
  auto prices = pricesFor(res->stack, a.prices);
  if (!prices) return kExitBadInput;
  sim::Network net(res->stack);
  std::optional<double> budget = a.budget >= 0 ? std::optional(a.budget) : res->stack.budget;
  auto report = sim::estimateCost(net, *prices, budget);
  if (a.json) std::cout << reports::costJson(report).dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
  else std::cout << reports::formatCost(report, a.stacks[0]);
  return report.over_budget() ? kExitFindings : kExitOk;
}

int runIntents(const std::string& stackPath, bool json) {
  auto res = loadOrReport(stackPath);
  if (!res) return kExitBadInput;
  sim::Network net(res->stack);
  auto results = rules::checkIntents(net, sim::deriveIntents(res->stack));
  if (json)
    std::cout << reports::intentsJson(results).dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
  else std::cout << reports::formatIntents(results);
  bool failed = std::any_of(results.begin(), results.end(), [](const rules::IntentResult& r) { return !r.holds; });
  return failed ? kExitFindings : kExitOk;
}

int runRulesCommand(const std::vector<std::string>& args, bool markdown) {
  if (markdown) {
    std::cout << "# The awssim rules catalog\n\nGenerated by `awssim rules --markdown`; `awssim rules show ID` prints "
                 "one rule.\n\n| id | severity | title | equivalents |\n|---|---|---|---|\n";
    for (const auto* r : rules::allRules())
      std::cout << fmt::format("| {} | {} | {} | {} |\n", r->id, rules::severityName(r->severity), r->title,
                               r->equivalents.empty() ? "-" : fmt::format("{}", fmt::join(r->equivalents, ", ")));
    for (const auto* r : rules::allRules())
      std::cout << fmt::format("\n## {}: {}\n\nSeverity: {}.\n\n{}\n\nFix: {}\n", r->id, r->title,
                               rules::severityName(r->severity), r->rationale, r->remediation);
    return kExitOk;
  }
  if (args.empty()) {
    for (const auto* r : rules::allRules())
      std::cout << fmt::format("{:<18} {:<8} {}\n", r->id, rules::severityName(r->severity), r->title);
    std::cout << fmt::format("{} rules; `awssim rules show ID` for one\n", rules::allRules().size());
    return kExitOk;
  }
  if (args.size() != 2 || args[0] != "show") {
    std::cerr << "awssim: usage: awssim rules [show ID]\n";
    return kExitBadInput;
  }
  const rules::RuleInfo* r = rules::findRule(args[1]);
  if (!r) {
    std::vector<std::string> ids;
    for (const auto* x : rules::allRules()) ids.push_back(x->id);
    std::cerr << fmt::format("awssim: no rule {}{}\n", args[1], model::didYouMean(args[1], ids));
    return kExitBadInput;
  }
  std::cout << fmt::format("{} ({})\n{}\n\n", r->id, rules::severityName(r->severity), r->title);
  std::cout << reports::wrap(r->rationale, 80, 0) << "\n" << reports::wrap("Fix: " + r->remediation, 80, 0);
  if (!r->equivalents.empty()) std::cout << reports::wrap(fmt::format("Equivalent checks: {}", fmt::join(r->equivalents, ", ")), 80, 0);
  return kExitOk;
}

int runGraph(const std::string& stackPath, const std::string& format) {
  auto res = loadOrReport(stackPath);
  if (!res) return kExitBadInput;
  sim::Network net(res->stack);
  // DOT is the graph for other tools; SVG is the same drawing as the HTML report's.
  if (format == "dot") {
    std::cout << reports::topologyDot(net);
    return kExitOk;
  }
  try {
    std::cout << reports::topologySvg(net);
  } catch (const reports::LayoutError& e) {
    std::cerr << "awssim graph: " << e.what() << "\n";
    return kExitBadInput;
  }
  return kExitOk;
}

int runMatrix(const std::string& stackPath, const std::string& ports, bool json, const std::string& view) {
  sim::MatrixOptions opts;
  if (!ports.empty()) {
    opts.ports.clear();
    std::stringstream ss(ports);
    std::string item;
    while (std::getline(ss, item, ',')) {
      auto r = model::parsePortRange(item);
      if (!r || r->from != r->to) {
        std::cerr << "awssim: --ports takes a comma-separated list of ports, got '" << item << "'\n";
        return kExitBadInput;
      }
      if (std::find(opts.ports.begin(), opts.ports.end(), r->from) == opts.ports.end()) opts.ports.push_back(r->from);
    }
    if (opts.ports.size() > 64) {
      std::cerr << "awssim: --ports takes at most 64 ports, got " << opts.ports.size() << "\n";
      return kExitBadInput;
    }
  }
  auto res = loadOrReport(stackPath);
  if (!res) return kExitBadInput;
  if (ports.empty()) opts.ports = sim::stackPorts(res->stack);
  sim::Network net(res->stack);
  sim::Matrix m = sim::computeMatrix(net, opts);
  // Which part of the internet gets through, where a person reads the cells.
  if (m.members.size() <= 300) sim::noteInternetSources(net, m);
  if (json) reports::writeMatrixJson(std::cout, m);
  else
    std::cout << reports::formatMatrix(m, view == "classes"      ? reports::MatrixView::Classes
                                          : view == "sets"       ? reports::MatrixView::Sets
                                          : view == "interfaces" ? reports::MatrixView::Interfaces
                                                                 : reports::MatrixView::Auto);
  return kExitOk;
}

int runImport(const std::string& input, const std::string& output) {
  auto res = loadOrReport(input);
  if (!res) return kExitBadInput;
  std::string yaml = model::writeStackYaml(res->stack);
  // What is written must load as it is; the check keeps import honest.
  model::DiskFileSource disk;
  std::string at = output == "-" ? res->stack.dir + "/stack.yaml" : output;
  load::LoadResult check = load::loadStackText(yaml, at, disk);
  if (!check.ok()) {
    std::cerr << "awssim: the written stack does not load; this is a bug in awssim:\n"
              << reports::formatDiagnostics(check.diags);
    return kExitBadInput;
  }
  if (output == "-") {
    std::cout << yaml;
  } else if (std::string why; !writeAtomically(output, yaml, &why)) {
    std::cerr << "awssim: cannot write " << output << ": " << why << "\n";
    return kExitBadInput;
  }
  const auto& st = check.stack;
  std::cerr << fmt::format("imported {} VPCs, {} subnets, {} security groups, {} instances{}\n", st.vpcs.size(),
                           st.subnets.size(), st.security_groups.size(), st.instances.size(),
                           output == "-" ? "" : " into " + output);
  return kExitOk;
}

int runFuzz(const std::string& stackPath, uint64_t seed, size_t maxMutations, bool json) {
  auto res = loadOrReport(stackPath);
  if (!res) return kExitBadInput;
  rules::FuzzOptions o;
  o.seed = seed;
  o.max_mutations = maxMutations;
  rules::FuzzReport report = rules::fuzzStack(res->stack, o);
  if (json) std::cout << reports::fuzzJson(report, stackPath, o).dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
  else std::cout << reports::formatFuzz(report, stackPath, o);
  return kExitOk;
}

}  // namespace awssim::cli
