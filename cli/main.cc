// awssim: the command line. Parses arguments, calls the library and chooses
// the exit code (0 clean, 1 findings or not reachable, 2 unusable input or
// usage error).
#include <CLI/CLI.hpp>

#include <fmt/format.h>

#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "model/file_source.h"
#include "model/load/stack_loader.h"
#include "model/load/task_definition_loader.h"
#include "model/load/price_table_loader.h"
#include "model/load/project_config.h"
#include "reports/cost_report.h"
#include "reports/ecs_report.h"
#include "reports/graph.h"
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
#include "rules/intents.h"
#include "rules/suppressions.h"
#include "sim/aws_services.h"
#include "sim/cost.h"
#include "sim/intents.h"
#include "sim/matrix.h"
#include "sim/network.h"
#include "sim/query.h"

namespace {

using namespace awssim;

constexpr int kExitOk = 0;
constexpr int kExitFindings = 1;
constexpr int kExitBadInput = 2;

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
  auto td = loadFile(path, "file", load::loadTaskDefinition);
  if (!td) return kExitBadInput;
  // The definition loads; what ECS would reject or what fails at run time
  // is reported as findings.
  auto findings = rules::checkTaskDefinition(*td);
  std::cout << path << ": ok" << (findings.empty() ? "" : ", with findings:") << "\n" << reports::formatFindings(findings);
  return kExitOk;
}

/// Loads the stack and prints its diagnostics to stderr; nullopt on errors.
std::optional<load::LoadResult> loadOrReport(const std::string& path) {
  model::DiskFileSource disk;
  load::LoadResult res = load::loadStack(path, disk);
  std::cerr << reports::formatDiagnostics(res.diags);
  if (!res.ok()) return std::nullopt;
  return res;
}

struct QueryArgs {
  std::string from, to, protocol, srcIp;
  int srcPort = -1;
  bool json = false;
};

void addQueryOptions(CLI::App* cmd, std::string& stack, QueryArgs& a, bool json) {
  cmd->add_option("STACK", stack, "stack.yaml")->required();
  cmd->add_option("--from", a.from, "source: a resource name, AWS ID, IP address, subnet or 'internet'")->required();
  cmd->add_option("--to", a.to,
                  "destination[:PORT][/PROTO]: a resource, address, DNS name, AWS service (s3, ecr, logs, ...) or "
                  "'internet'")->required();
  cmd->add_option("--protocol", a.protocol, "tcp, udp, icmp, all or an IP protocol number (0-255); default tcp");
  cmd->add_option("--src-ip", a.srcIp, "source address when --from is 'internet' or a subnet");
  cmd->add_option("--src-port", a.srcPort, "source port (default: the client's whole ephemeral range)")
      ->check(CLI::Range(0, 65535));
  if (json) cmd->add_flag("--json", a.json, "print one JSON object");
}

/// Builds the engine's query from the flags; "" or an error message.
std::string makeQuery(const QueryArgs& a, sim::Query& q, std::string& question) {
  auto t = sim::parseTarget(a.to);
  if (!t) return fmt::format("--to '{}' must read NAME[:PORT][/PROTO]", a.to);
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

int runQueryCommand(const std::string& stackPath, const QueryArgs& a, bool explain) {
  sim::Query q;
  std::string question;
  if (std::string err = makeQuery(a, q, question); !err.empty()) {
    std::cerr << "awssim: " << err << "\n";
    return kExitBadInput;
  }
  auto res = loadOrReport(stackPath);
  if (!res) return kExitBadInput;
  sim::Network net(res->stack);
  // Without a port (and no protocol asked for), the question is what gets
  // through at all: the set answer over every protocol and port.
  if (!q.port && a.protocol.empty() && a.to.find('/') == std::string::npos && !sim::isAwsService(q.to) &&
      !res->stack.load_balancers.find(q.to)) {
    std::string err;
    sim::TrafficAnswer t = sim::reachableTraffic(net, q.from, q.to, &err);
    if (!err.empty()) {
      std::cerr << "awssim: " << err << "\n";
      return kExitBadInput;
    }
    std::string question2 = fmt::format("{} -> {}", q.from, q.to);
    if (a.json) {
      nlohmann::ordered_json j = {{"query", question2}, {"reachable", !t.empty()}};
      nlohmann::ordered_json traffic = nlohmann::ordered_json::object();
      for (const auto& [p, ports] : t.ports) traffic[p] = sim::describePorts(ports);
      traffic["other_protocols"] = t.all_other_protocols ? nlohmann::ordered_json("all") : nlohmann::ordered_json(t.other_protocols);
      j["traffic"] = traffic;
      std::cout << j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
    } else {
      std::cout << fmt::format("{}: {}\n", question2, t.empty() ? "nothing gets through" : t.str() + " get through");
    }
    return t.empty() ? kExitFindings : kExitOk;
  }
  sim::QueryResult r = sim::runQuery(net, q);
  if (a.json) std::cout << reports::queryJson(r, question).dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
  else if (explain) std::cout << reports::formatQueryExplain(r, question);
  else std::cout << reports::formatQueryShort(r, question);
  if (!r.error.empty()) return kExitBadInput;
  return r.reachable ? kExitOk : kExitFindings;
}

std::optional<model::PriceTable> pricesFor(const model::Stack& stack, const std::string& pricesFile);

struct CheckArgs {
  std::string prices;
  double budget = -1;
  std::string fail_on;  // "" = the project config's, else high
  bool soft_fail = false;
  std::string baseline;
  std::string write_baseline;
  std::string format = "text";
  std::vector<std::string> reports;  // FORMAT=PATH
  std::string compare_to;            // a stack whose cost this one is compared with
  std::string color = "auto";
};

/// Colour only on a terminal, and never when NO_COLOR is set (no-color.org).
bool wantColor(const std::string& mode) {
  if (mode != "auto") return mode == "always";
  const char* noColor = std::getenv("NO_COLOR");
  const char* term = std::getenv("TERM");
  return ::isatty(STDOUT_FILENO) && !(noColor && *noColor) && !(term && std::string(term) == "dumb");
}

/// Writes a file through a temporary one and a rename, so that a CI step
/// never reads half a report.
bool writeAtomically(const std::string& path, const std::string& content) {
  std::string tmp = path + ".awssim-tmp";
  {
    std::ofstream out(tmp, std::ios::binary);
    if (!out) return false;
    out << content;
    if (!out.flush()) return false;
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  return !ec;
}

std::optional<rules::Severity> parseSeverity(const std::string& s) {
  for (auto sev : {rules::Severity::Low, rules::Severity::Medium, rules::Severity::High, rules::Severity::Critical})
    if (rules::severityName(sev) == s) return sev;
  return std::nullopt;
}

int runCheck(const std::string& stackPath, const CheckArgs& flags) {
  auto res = loadOrReport(stackPath);
  if (!res) return kExitBadInput;
  // .awssim.yaml gives defaults; flags win.
  model::DiskFileSource disk;
  model::Diagnostics configDiags;
  load::ProjectConfig config = load::loadProjectConfig(stackPath, disk, configDiags);
  std::cerr << reports::formatDiagnostics(configDiags);
  if (configDiags.hasErrors()) return kExitBadInput;
  CheckArgs ca = flags;
  if (ca.fail_on.empty()) ca.fail_on = config.fail_on.value_or("high");
  if (!ca.soft_fail) ca.soft_fail = config.soft_fail.value_or(false);
  if (ca.baseline.empty() && config.baseline) ca.baseline = *config.baseline;
  if (ca.budget < 0 && config.budget) ca.budget = *config.budget;
  if (ca.prices.empty() && config.prices) ca.prices = *config.prices;
  sim::Network net(res->stack);
  std::optional<model::PriceTable> prices;
  if (!ca.prices.empty() || load::builtinPriceTable(res->stack.region)) {
    prices = pricesFor(res->stack, ca.prices);
    if (!prices) return kExitBadInput;
  }
  rules::CheckOptions options;
  options.prices = prices ? &*prices : nullptr;
  if (ca.budget >= 0) options.budget = ca.budget;
  options.today = rules::todayDate();
  if (!ca.baseline.empty()) {
    model::Diagnostics bd;
    options.baseline = rules::readBaseline(ca.baseline, bd);
    std::cerr << reports::formatDiagnostics(bd);
    if (!options.baseline) return kExitBadInput;
  }
  std::optional<load::LoadResult> before;
  std::optional<sim::Network> beforeNet;
  if (!ca.compare_to.empty()) {
    before = loadOrReport(ca.compare_to);
    if (!before) return kExitBadInput;
    beforeNet.emplace(before->stack);
    options.compare_to = &*beforeNet;
  }
  auto wants = [&](const std::string& format) {
    return ca.format == format || std::any_of(ca.reports.begin(), ca.reports.end(),
                                              [&](const std::string& r) { return r.rfind(format + "=", 0) == 0; });
  };
  options.with_matrix = wants("html");
  rules::CheckResult result = rules::runCheck(net, options);
  for (const auto& d : res->diags.all())
    if (d.severity != model::Severity::Error) result.load_diagnostics.push_back(d);
  auto render = [&](const std::string& format) -> std::optional<std::string> {
    if (format == "html") return reports::redact(reports::checkHtml(net, result));
    if (format == "json") return reports::redact(reports::checkJson(res->stack, result));
    if (format == "junit") return reports::redact(reports::checkJunit(res->stack, result, options.today));
    if (format == "sarif") return reports::redact(reports::checkSarif(res->stack, result));
    if (format == "markdown") return reports::redact(reports::checkMarkdown(res->stack, result));
    return std::nullopt;
  };
  for (const auto& spec : ca.reports) {
    size_t eq = spec.find('=');
    auto content = eq == std::string::npos ? std::nullopt : render(spec.substr(0, eq));
    if (!content) {
      std::cerr << "awssim: --report takes FORMAT=PATH with FORMAT json, junit, sarif, markdown or html, got '" << spec << "'\n";
      return kExitBadInput;
    }
    if (!writeAtomically(spec.substr(eq + 1), *content)) {
      std::cerr << "awssim: cannot write " << spec.substr(eq + 1) << "\n";
      return kExitBadInput;
    }
  }
  if (!ca.write_baseline.empty() && !rules::writeBaseline(ca.write_baseline, result.findings)) {
    std::cerr << "awssim: cannot write the baseline " << ca.write_baseline << "\n";
    return kExitBadInput;
  }
  std::vector<rules::Finding> findings;
  for (const auto& f : result.findings)
    if (f.active()) findings.push_back(f);
  bool failed = result.failedExpectations() > 0;
  if (ca.format != "text") {
    std::cout << *render(ca.format);
  } else {
    // Text goes through the same redaction as the files.
    std::string text = reports::redact(reports::formatCheckText(res->stack, net, result, ca.write_baseline));
    std::cout << (wantColor(ca.color) ? reports::colorize(text) : text);
  }
  rules::Severity threshold = parseSeverity(ca.fail_on).value_or(rules::Severity::High);
  bool gate = std::any_of(findings.begin(), findings.end(), [&](const rules::Finding& f) { return f.severity >= threshold; });
  if (ca.soft_fail) return kExitOk;
  return failed || gate ? kExitFindings : kExitOk;
}

int runEcs(const std::string& stackPath, bool json) {
  auto res = loadOrReport(stackPath);
  if (!res) return kExitBadInput;
  sim::Network net(res->stack);
  auto findings = rules::checkEcs(net);
  if (json) std::cout << reports::ecsJson(net, findings).dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
  else std::cout << reports::formatEcs(net, findings);
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

struct CostArgs {
  std::vector<std::string> stacks;
  std::string prices;
  std::string usage;
  double budget = -1;
  bool json = false;
};

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
    std::cout << reports::redact(reports::intentsJson(results).dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace)) << "\n";
  else std::cout << reports::redact(reports::formatIntents(results));
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
  std::string dot = reports::topologyDot(net);
  if (format == "dot") {
    std::cout << dot;
    return kExitOk;
  }
  std::string error;
  auto svg = reports::dotToSvg(dot, error);
  if (!svg) {
    std::cerr << "awssim: " << error << "\n";
    return kExitBadInput;
  }
  std::cout << *svg;
  return kExitOk;
}

int runMatrix(const std::string& stackPath, const std::string& ports, bool json) {
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
      opts.ports.push_back(r->from);
    }
  }
  auto res = loadOrReport(stackPath);
  if (!res) return kExitBadInput;
  sim::Network net(res->stack);
  sim::Matrix m = sim::computeMatrix(net, opts);
  if (json) std::cout << reports::matrixJson(m).dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
  else std::cout << reports::formatMatrix(m);
  return kExitOk;
}

}  // namespace

int run(int argc, char** argv) {
  CLI::App app{"awssim: check an AWS deployment offline before any AWS call"};
  app.set_version_flag("--version", std::string("awssim ") + AWSSIM_VERSION);
  app.require_subcommand(1);

  std::string stackPath;
  auto* validate = app.add_subcommand("validate", "Load and validate a stack (or an ECS task definition .json); print diagnostics (exit 0 or 2)");
  validate->add_option("STACK", stackPath, "stack.yaml to load")->required();
  bool summary = false;
  validate->add_flag("--summary", summary, "Also print what was understood");

  auto* check = app.add_subcommand("check", "Validate a stack, check its expectations, ECS, cost and budget (exit 1 "
                                            "when an expectation fails or a high finding is raised)");
  check->add_option("STACK", stackPath, "stack.yaml to check")->required();
  CheckArgs checkArgs;
  check->add_option("--prices", checkArgs.prices, "a price table (JSON) instead of the built-in one");
  check->add_option("--budget", checkArgs.budget, "monthly budget in USD (overrides the stack's budget)")
      ->check(CLI::NonNegativeNumber);
  check->add_option("--fail-on", checkArgs.fail_on, "lowest finding severity that fails the check (default high)")
      ->check(CLI::IsMember({"low", "medium", "high", "critical"}));  // default: .awssim.yaml's, else high
  check->add_flag("--soft-fail", checkArgs.soft_fail, "report everything but exit 0 unless the input is unusable");
  check->add_option("--baseline", checkArgs.baseline, "report only findings not in this baseline file");
  check->add_option("--write-baseline", checkArgs.write_baseline, "write the current findings as a baseline file");
  check->add_option("--format", checkArgs.format, "output on stdout: text (default), json, junit, sarif, markdown or html")
      ->check(CLI::IsMember({"text", "json", "junit", "sarif", "markdown", "html"}));
  check->add_option("--report", checkArgs.reports, "also write FORMAT=PATH (json, junit, sarif, markdown, html); repeatable");
  check->add_option("--compare-to", checkArgs.compare_to, "another stack (e.g. main's): show the monthly cost difference");
  check->add_option("--color", checkArgs.color, "colour the text output: auto (default: on a terminal, unless NO_COLOR), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));

  QueryArgs qa;
  auto* query = app.add_subcommand("query", "Can FROM reach TO? Exit 0 reachable, 1 not reachable, 2 bad input");
  addQueryOptions(query, stackPath, qa, true);
  auto* explain = app.add_subcommand("explain", "Like query, explained hop by hop for people");
  addQueryOptions(explain, stackPath, qa, false);

  std::vector<std::string> rulesArgs;
  auto* rulesCmd = app.add_subcommand("rules", "List the rules catalog; `rules show ID` prints one rule's documentation");
  rulesCmd->add_option("ARGS", rulesArgs, "show ID");
  bool rulesMarkdown = false;
  rulesCmd->add_flag("--markdown", rulesMarkdown, "print the catalog as Markdown (docs/rules.md)");

  bool intentsJsonFlag = false;
  auto* intents = app.add_subcommand("intents", "Flows and AWS-service needs read from .env, compose, user-data, app "
                                                "configs and task definitions, each checked (exit 1 when one fails)");
  intents->add_option("STACK", stackPath, "stack.yaml")->required();
  intents->add_flag("--json", intentsJsonFlag, "print JSON");

  CostArgs costArgs;
  auto* cost = app.add_subcommand("cost", "Monthly cost by resource, free tier, budget and alternatives; with two "
                                          "stacks, the monthly difference (exit 1 over budget)");
  cost->add_option("STACK", costArgs.stacks, "stack.yaml, or OLD NEW to compare")->required()->expected(1, 2);
  cost->add_option("--prices", costArgs.prices, "a price table (JSON, the shape of data/prices/*.json)");
  cost->add_option("--usage", costArgs.usage, "a usage file (YAML, the shape of stack.yaml's usage: section)");
  cost->add_option("--budget", costArgs.budget, "monthly budget in USD (overrides the stack's budget)")
      ->check(CLI::NonNegativeNumber);
  cost->add_flag("--json", costArgs.json, "print JSON");

  bool ecsJsonFlag = false;
  auto* ecs = app.add_subcommand("ecs", "ECS placement, task sizes, Service Connect wiring and ECS findings "
                                        "(exit 1 on high findings)");
  ecs->add_option("STACK", stackPath, "stack.yaml")->required();
  ecs->add_flag("--json", ecsJsonFlag, "print JSON");

  std::string graphFormat = "dot";
  auto* graph = app.add_subcommand("graph", "The topology (subnets, interfaces, gateways, SG edges) as DOT or SVG");
  graph->add_option("STACK", stackPath, "stack.yaml")->required();
  graph->add_option("--format", graphFormat, "dot (default) or svg (needs Graphviz's dot)")
      ->check(CLI::IsMember({"dot", "svg"}));

  std::string matrixPorts;
  bool matrixJson = false;
  auto* matrix = app.add_subcommand("matrix", "Which endpoints reach which, on a list of TCP ports");
  matrix->add_option("STACK", stackPath, "stack.yaml")->required();
  matrix->add_option("--ports", matrixPorts, "comma-separated TCP ports (default 22,80,443,6379,8761)");
  matrix->add_flag("--json", matrixJson, "print JSON");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitBadInput;
  }

  if (*validate) {
    if (endsWith(stackPath, ".json")) return validateTaskDefinition(stackPath);
    auto res = loadOrReport(stackPath);
    if (!res) return kExitBadInput;
    if (summary) std::cout << reports::formatSummary(res->stack);
    else std::cout << stackPath << ": ok\n";
    return kExitOk;
  }
  if (*check) return runCheck(stackPath, checkArgs);
  if (*query) return runQueryCommand(stackPath, qa, false);
  if (*explain) return runQueryCommand(stackPath, qa, true);
  if (*matrix) return runMatrix(stackPath, matrixPorts, matrixJson);
  if (*graph) return runGraph(stackPath, graphFormat);
  if (*ecs) return runEcs(stackPath, ecsJsonFlag);
  if (*cost) return runCost(costArgs);
  if (*intents) return runIntents(stackPath, intentsJsonFlag);
  if (*rulesCmd) return runRulesCommand(rulesArgs, rulesMarkdown);
  return kExitOk;
}

int main(int argc, char** argv) {
  // Input problems are diagnostics; an exception reaching here is a bug, and
  // it must still end with a message and a defined exit code, not an abort.
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "awssim: internal error: " << e.what() << "\n";
    return kExitBadInput;
  }
}
