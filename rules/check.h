// One `awssim check`: expectations, intents and every rule's findings (with
// suppressions and the baseline applied) and the cost, computed once so
// that each report format only formats it.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "model/price_table.h"
#include "rules/expectations.h"
#include "rules/finding.h"
#include "rules/intents.h"
#include "sim/cost.h"
#include "sim/matrix.h"
#include "sim/network.h"

namespace awssim::rules {

struct CheckOptions {
  const model::PriceTable* prices = nullptr;
  std::optional<double> budget;
  std::string today;
  std::optional<std::set<std::string>> baseline;
  /// Fingerprints name files relative to it (rules::fingerprint).
  std::string project_root;
  /// The stack this one replaces (e.g. main's), for the cost difference.
  const sim::Network* compare_to = nullptr;
  /// Also compute the reachability matrix and, up to this many endpoints,
  /// the path behind every cell (the HTML report shows them).
  bool with_matrix = false;
  size_t max_path_endpoints = 40;
};

struct CheckResult {
  std::vector<ExpectationResult> expectations;
  std::vector<IntentResult> intents;
  std::vector<Finding> findings;  // all, with suppressed / baselined marked
  sim::Placement placement;                    // where ECS put each task
  std::vector<sim::ServiceConnectWire> service_connect;  // every client -> endpoint, answered
  std::optional<sim::CostReport> cost;
  std::optional<sim::CostReport> cost_before;  // of CheckOptions::compare_to
  std::optional<sim::Matrix> matrix;
  std::vector<sim::MatrixPath> paths;          // empty past max_path_endpoints
  std::vector<model::Diagnostic> load_diagnostics;  // warnings and notes from loading
  std::vector<model::Diagnostic> warnings;          // of the check itself (suppressions that do nothing)
  std::string project_root;                         // as in CheckOptions
  /// The gate's verdict, as every format states it ("FAILED: 1 high finding
  /// (AWSSIM-TRAP-008), exit 1"), and the exit code; set by the command.
  std::string verdict;
  bool failed = false;  // an expectation fails or a finding is at the threshold
  int exit_code = 0;    // 0 when failed under --soft-fail or --write-baseline
  size_t failedExpectations() const;
};

CheckResult runCheck(const sim::Network& net, const CheckOptions& options);

}  // namespace awssim::rules
