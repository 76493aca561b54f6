// The subcommands of awssim, one function each, sharing how input is read
// and how exit codes are chosen (0 clean, 1 findings or not reachable, 2
// unusable input or usage error). main.cc parses arguments and dispatches.
#pragma once


#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/load/stack_loader.h"
#include "model/price_table.h"
#include "rules/finding.h"

namespace awssim::cli {

constexpr int kExitOk = 0;
constexpr int kExitFindings = 1;
constexpr int kExitBadInput = 2;

struct QueryArgs {
  std::string from, to, protocol, srcIp;
  int srcPort = -1;
  bool json = false;
  std::string batch;  // a file (or "-") of queries, one per line, answered as JSON lines
};

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
  bool quiet = false;    // text: only what fails
  bool compact = false;  // text: one line per finding, no explanations or fixes
  std::vector<std::string> skip_checks;  // rule IDs whose findings are left out
  std::vector<std::string> only_checks;  // when given, only these rules' findings
};

struct DiffArgs {
  std::vector<std::string> stacks;  // OLD NEW, or the one STACK with --base
  std::string base;                 // a git revision: OLD is STACK as committed there
  std::string prices;
  std::string fail_on;              // "" = the project config's, else high
  std::string max_increase;         // USD ("25", "$25") or percent ("10%")
  bool soft_fail = false;
  std::string format = "text";
  std::vector<std::string> reports;  // FORMAT=PATH
};

struct CostArgs {
  std::vector<std::string> stacks;
  std::string prices;
  std::string usage;
  double budget = -1;
  bool json = false;
};

bool endsWith(const std::string& s, const std::string& suffix);
/// Template parameters and region given on the command line, for every load.
load::InputOptions& inputOptions();
/// A .json file that is neither a describe-* snapshot nor a template.
bool isTaskDefinitionFile(const std::string& path);
/// Loads a stack (or a describe-* snapshot), printing its diagnostics;
/// nullopt when it has errors.
std::optional<load::LoadResult> loadOrReport(const std::string& path);
/// The price table for the stack's region, or the one in `pricesFile`.
std::optional<model::PriceTable> pricesFor(const model::Stack& stack, const std::string& pricesFile);
/// Writes a file through a temporary one and a rename.
bool writeAtomically(const std::string& path, const std::string& content, std::string* why = nullptr);

int validateTaskDefinition(const std::string& path);
int runQueryCommand(const std::string& stackPath, const QueryArgs& a, bool explain);
int runCheck(const std::string& stackPath, const CheckArgs& flags);
int runEcs(const std::string& stackPath, bool json);
int runCost(const CostArgs& a);
int runDiff(const DiffArgs& a);
/// Parses "high", "HIGH", ...; nullopt for anything else.
std::optional<rules::Severity> parseSeverity(const std::string& s);
int runIntents(const std::string& stackPath, bool json);
int runRulesCommand(const std::vector<std::string>& args, bool markdown);
int runGraph(const std::string& stackPath, const std::string& format);
int runMatrix(const std::string& stackPath, const std::string& ports, bool json, const std::string& view);
int runImport(const std::string& snapshot, const std::string& output);
int runFuzz(const std::string& stackPath, uint64_t seed, size_t maxMutations, bool json);

}  // namespace awssim::cli
