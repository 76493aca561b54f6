// `awssim diff`: everything a change to a stack does, in one place. Two
// versions are checked side by side; the result holds the flows the change
// opens and closes (sim/reach_diff.h), the resources and settings added,
// removed and changed, the findings it introduces and fixes, the
// expectations and intents whose verdict changed, where ECS tasks now run,
// the monthly cost per resource and component, and the gate's verdict with
// every reason. `check --compare-to` shows the same result.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/price_table.h"
#include "rules/check.h"
#include "rules/finding.h"
#include "sim/network.h"
#include "sim/reach_diff.h"

namespace awssim::rules {

struct DiffOptions {
  const model::PriceTable* prices_before = nullptr;  // no cost comparison without both
  const model::PriceTable* prices_after = nullptr;
  Severity fail_on = Severity::High;
  std::optional<double> max_increase_usd;  // the gate's limit on the monthly cost increase
  std::optional<double> max_increase_pct;
  std::string today;
};

/// One setting of a resource as it is written: a rule, a route, a field.
struct Facet {
  std::string text;
  model::Location loc;
};

struct ResourceChange {
  std::string kind;      // "security group", "instance", ...
  std::string name;
  std::string change;    // added, removed, renamed (same AWS ID), changed
  std::vector<Facet> added, removed;  // settings only in the newer / the older version
  model::Location loc;   // in the newer version (the older when removed)
};

struct VerdictChange {
  std::string kind;      // expectation, intent
  std::string what;      // "messages -> redis:6379 reachable"
  std::optional<bool> before, after;  // holds; nullopt: not in that version
  std::string detail_before, detail_after;
  model::Location loc;   // in the newer version (the older when removed)
  bool broken() const { return after == false && before != false; }
  bool fixed() const { return after == true && before == false; }
};

struct PlacementChange {
  std::string task;      // "redis/1"
  std::string before, after;  // "on public-cluster-1", "PENDING: RESOURCE:MEMORY", "" (no such task)
};

struct CostLine {
  std::string resource, component;
  double before = 0, after = 0;
};

struct StackDiff {
  std::string before_name, after_name;  // how the versions are named in reports
  sim::ReachDiff reach;
  std::vector<ResourceChange> resources;
  std::vector<Finding> new_findings, fixed_findings;
  std::vector<VerdictChange> verdicts;
  std::vector<PlacementChange> placement;
  std::optional<sim::CostReport> cost_before, cost_after;
  std::vector<CostLine> cost_lines;   // per resource and component, changed ones only
  Severity fail_on = Severity::High;
  /// Why the gate fails ("exposes redis to the internet on tcp 6379"); none: it passes.
  std::vector<std::string> gate;
  bool empty() const;
  bool failed() const { return !gate.empty(); }
  /// "FAILED: 2 reasons (...), exit 1" or "PASSED: ..., exit 0".
  std::string verdict() const;
};

/// Compares two versions; checks run on both, side by side.
StackDiff diffStacks(const sim::Network& before, const sim::Network& after, const DiffOptions& options);

/// The key findings are matched by across versions: rule, resource and the
/// file relative to its stack's folder (the stack file itself as "<stack>"),
/// so that two versions in different files still match.
std::string diffFingerprint(const Finding& f, const model::Stack& stack);

}  // namespace awssim::rules
