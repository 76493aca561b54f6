// awssim: the command line. Parses arguments and runs one subcommand
// (cli/commands.h).
#include <CLI/CLI.hpp>

#include <charconv>
#include <cmath>
#include <iostream>

#include "cli/commands.h"
#include "cli/safe_output.h"
#include "reports/summary.h"

using namespace awssim;
using namespace awssim::cli;

namespace {

void addQueryOptions(CLI::App* cmd, std::string& stack, QueryArgs& a, bool json) {
  cmd->add_option("STACK", stack, "stack.yaml")->required();
  // Required unless a batch file gives the queries (checked when run).
  cmd->add_option("--from", a.from, "source: a resource name, AWS ID, IP address, subnet or 'internet'");
  cmd->add_option("--to", a.to,
                  "destination[:PORT][/PROTO]: a resource, address, DNS name, AWS service (s3, ecr, logs, ...) or "
                  "'internet'");
  cmd->add_option("--protocol", a.protocol, "tcp, udp, icmp, all or an IP protocol number (0-255); default tcp");
  cmd->add_option("--src-ip", a.srcIp, "source address when --from is 'internet' or a subnet");
  cmd->add_option("--src-port", a.srcPort, "source port (default: the client's whole ephemeral range)")
      ->check(CLI::Range(0, 65535));
  if (json) cmd->add_flag("--json", a.json, "print one JSON object");
}

}  // namespace

/// A budget in US dollars: a finite number, not negative ("nan" and "inf"
/// parse as numbers and would make every comparison false).
const CLI::Validator kDollars(
    [](std::string& v) -> std::string {
      double d = 0;
      const char* end = v.data() + v.size();
      auto [p, ec] = std::from_chars(v.data(), end, d);
      if (ec != std::errc() || p != end || !std::isfinite(d) || d < 0)
        return "must be an amount in US dollars, 0 or more, got '" + v + "'";
      return "";
    },
    "USD");

int run(int argc, char** argv) {
  CLI::App app{"awssim: check an AWS deployment offline before any AWS call"};
  app.set_version_flag("--version", std::string("awssim ") + AWSSIM_VERSION);
  app.require_subcommand(1);
  // Options for templates, accepted after any subcommand.
  app.fallthrough();
  std::vector<std::string> params;
  app.add_option("--param", params, "a CloudFormation parameter value, NAME=VALUE (repeatable)");
  app.add_option("--parameters", inputOptions().parameters_file,
                 "a CloudFormation parameters file ([{ParameterKey, ParameterValue}], as the AWS CLI takes)");
  app.add_option("--region", inputOptions().region, "the region a CloudFormation template deploys in (default us-east-1)");
  app.add_option("--network", inputOptions().networks,
                 "a describe-* snapshot of the existing network a template or plan deploys into (repeatable)");
  app.add_flag("--prior-state", inputOptions().prior_state,
               "read a Terraform plan's prior_state (the state before it) rather than its planned values");

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
      ->check(kDollars);
  check->add_option("--fail-on", checkArgs.fail_on, "lowest finding severity that fails the check (default high)")
      ->transform(CLI::IsMember({"low", "medium", "high", "critical"}, CLI::ignore_case));  // default: .awssim.yaml's, else high
  check->add_flag("--soft-fail", checkArgs.soft_fail, "report everything but exit 0 unless the input is unusable");
  check->add_option("--baseline", checkArgs.baseline, "report only findings not in this baseline file");
  check->add_option("--write-baseline", checkArgs.write_baseline,
                    "write the current findings as a baseline file (and exit 0 unless the input is unusable)");
  check->add_option("--format", checkArgs.format, "output on stdout: text (default), json, junit, sarif, markdown or html")
      ->check(CLI::IsMember({"text", "json", "junit", "sarif", "markdown", "html"}));
  check->add_option("--report", checkArgs.reports,
                    "also write FORMAT=PATH (text, json, junit, sarif, markdown, html); repeatable; written on bad input "
                    "too, holding the errors");
  check->add_flag("--quiet", checkArgs.quiet, "text: only what fails (failing expectations, findings, the verdict)");
  check->add_flag("--compact", checkArgs.compact, "text: one line per finding and failing expectation, no explanations");
  check->add_option("--skip-check", checkArgs.skip_checks, "leave out these rules' findings (IDs, comma-separated)")
      ->delimiter(',');
  check->add_option("--check", checkArgs.only_checks, "report only these rules' findings (IDs, comma-separated)")
      ->delimiter(',');
  check->add_option("--compare-to", checkArgs.compare_to, "another stack (e.g. main's): show the monthly cost difference");
  check->add_option("--color", checkArgs.color, "colour the text output: auto (default: on a terminal, unless NO_COLOR), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));

  DiffArgs diffArgs;
  auto* diff = app.add_subcommand("diff", "What a change does: flows it opens and closes (every protocol and port), "
                                          "findings it adds and fixes, verdicts it breaks, placement and cost (exit 1 "
                                          "when it newly exposes something to the internet, violates a scope, breaks "
                                          "an expectation, adds findings at --fail-on or costs more than --max-increase)");
  diff->add_option("STACKS", diffArgs.stacks, "OLD NEW (two stacks, snapshots, templates or plans), or STACK with --base")
      ->required()
      ->expected(1, 2);
  diff->add_option("--base", diffArgs.base, "a git revision (HEAD~1, main, a tag): compare STACK as committed there "
                                            "with the working tree, without a checkout");
  diff->add_option("--prices", diffArgs.prices, "a price table (JSON) instead of the built-in one");
  diff->add_option("--fail-on", diffArgs.fail_on, "lowest severity of a new finding that fails the gate (default high)")
      ->transform(CLI::IsMember({"low", "medium", "high", "critical"}, CLI::ignore_case));
  diff->add_option("--max-increase", diffArgs.max_increase,
                   "fail when the monthly cost rises by more than this: USD (25, $25.50) or percent (10%)");
  diff->add_flag("--soft-fail", diffArgs.soft_fail, "report everything but exit 0 unless the input is unusable");
  diff->add_option("--format", diffArgs.format, "output on stdout: text (default), json, markdown, sarif, junit or html")
      ->check(CLI::IsMember({"text", "json", "markdown", "sarif", "junit", "html"}));
  diff->add_option("--report", diffArgs.reports, "also write FORMAT=PATH; repeatable");

  QueryArgs qa;
  auto* query = app.add_subcommand("query", "Can FROM reach TO? Exit 0 reachable, 1 not reachable, 2 bad input");
  addQueryOptions(query, stackPath, qa, true);
  query->add_option("--batch", qa.batch,
                    "FILE (or - for stdin): one query per line in the --from/--to/--protocol/--src-ip/--src-port syntax; "
                    "loads the stack once and prints one JSON line per query (exit 0 when all are reachable)");
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
      ->check(kDollars);
  cost->add_flag("--json", costArgs.json, "print JSON");

  bool ecsJsonFlag = false;
  auto* ecs = app.add_subcommand("ecs", "ECS placement, task sizes, Service Connect wiring and ECS findings "
                                        "(exit 1 on high findings)");
  ecs->add_option("STACK", stackPath, "stack.yaml")->required();
  ecs->add_flag("--json", ecsJsonFlag, "print JSON");

  std::string graphFormat = "dot";
  uint64_t fuzzSeed = 1;
  size_t maxMutations = 0;
  bool fuzzJsonFlag = false;
  auto* fuzz = app.add_subcommand("fuzz", "Mutate the stack one change at a time: what is load-bearing, what nothing "
                                          "needs, which zones are single points of failure");
  fuzz->add_option("STACK", stackPath, "stack.yaml or a describe-* snapshot")->required();
  fuzz->add_option("--seed", fuzzSeed, "picks the mutations when --max-mutations is smaller than their number (default 1)");
  fuzz->add_option("--max-mutations", maxMutations, "at most this many mutations (default: all)");
  fuzz->add_flag("--json", fuzzJsonFlag, "print JSON");

  std::string importOutput;
  auto* importCmd = app.add_subcommand("import", "Write any input (a describe-* snapshot, a CloudFormation template or cdk.out, a stack.yaml) as stack.yaml");
  importCmd->add_option("INPUT", stackPath, "a snapshot (aws_configs/ or a JSON file), a template, a cdk.out folder or a stack.yaml")->required();
  importCmd->add_option("-o,--output", importOutput, "the stack.yaml to write ('-' for standard output)")->required();

  auto* graph = app.add_subcommand("graph", "The topology (subnets, interfaces, gateways, SG edges) as DOT or SVG");
  graph->add_option("STACK", stackPath, "stack.yaml")->required();
  graph->add_option("--format", graphFormat, "dot (default) or svg (needs Graphviz's dot)")
      ->check(CLI::IsMember({"dot", "svg"}));

  std::string matrixPorts;
  bool matrixJson = false;
  auto* matrix = app.add_subcommand("matrix", "Which endpoints reach which, on a list of TCP ports");
  matrix->add_option("STACK", stackPath, "stack.yaml")->required();
  matrix->add_option("--ports", matrixPorts, "comma-separated TCP ports (default: the single ports the stack's security groups open, its expectations "
                                        "ask about and its load balancers listen on)");
  matrix->add_flag("--json", matrixJson, "print JSON");
  std::string matrixView = "auto";
  matrix->add_option("--view", matrixView, "interfaces, classes, sets, or auto (default: interfaces up to 500 "
                                           "endpoints, classes up to 300 classes, source sets beyond)")
      ->check(CLI::IsMember({"auto", "interfaces", "classes", "sets"}));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitBadInput;
  }

  for (const auto& p : params) {
    auto eq = p.find('=');
    if (eq == std::string::npos || eq == 0) {
      std::cerr << "awssim: --param takes NAME=VALUE, got '" << p << "'\n";
      return kExitBadInput;
    }
    inputOptions().parameters[p.substr(0, eq)] = p.substr(eq + 1);
  }
  if (*validate) {
    if (endsWith(stackPath, ".json") && isTaskDefinitionFile(stackPath)) return validateTaskDefinition(stackPath);
    auto res = loadOrReport(stackPath);
    if (!res) return kExitBadInput;
    if (summary) std::cout << reports::formatSummary(res->stack);
    else std::cout << stackPath << ": ok\n";
    return kExitOk;
  }
  if (*check) return runCheck(stackPath, checkArgs);
  if (*diff) return runDiff(diffArgs);
  if (*query) return runQueryCommand(stackPath, qa, false);
  if (*explain) return runQueryCommand(stackPath, qa, true);
  if (*matrix) return runMatrix(stackPath, matrixPorts, matrixJson, matrixView);
  if (*graph) return runGraph(stackPath, graphFormat);
  if (*importCmd) return runImport(stackPath, importOutput);
  if (*fuzz) return runFuzz(stackPath, fuzzSeed, maxMutations, fuzzJsonFlag);
  if (*ecs) return runEcs(stackPath, ecsJsonFlag);
  if (*cost) return runCost(costArgs);
  if (*intents) return runIntents(stackPath, intentsJsonFlag);
  if (*rulesCmd) return runRulesCommand(rulesArgs, rulesMarkdown);
  return kExitOk;
}

int main(int argc, char** argv) {
  // Input problems are diagnostics; an exception reaching here is a bug, and
  // it must still end with a message and a defined exit code, not an abort.
  SafeOutput filter;
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "awssim: internal error: " << e.what() << "\n";
    return kExitBadInput;
  }
}
