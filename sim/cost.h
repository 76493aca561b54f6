// Monthly cost before any AWS call: one line per priced component of each
// resource (Infracost's breakdown, 730 hours a month), usage-priced items
// from the stack's `usage:` (or said to depend on usage), the free tier of
// the account's plan, the budget, and cheaper alternatives.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/price_table.h"
#include "sim/network.h"

namespace awssim::sim {

struct CostItem {
  std::string resource;   // "instance redis", "nat gateway nat-a"
  std::string component;  // "Instance usage (Linux, on-demand, t3.micro)"
  double quantity = 0;
  std::string unit;       // hours, GB, GB-months, months, LCU-hours, registered instances
  double unit_price = 0;
  double monthly = 0;
  bool usage_based = false;
  bool has_usage = true;  // false: the price is per unit of usage nobody gave
  std::string free_tier;  // the free-tier pool the item draws from, if any
  model::Location loc;
};

struct FreeTierLine {
  std::string pool;       // "t3.micro hours", "public IPv4 hours", "EBS GB-months" ...
  double used = 0;
  double allowance = 0;
  std::string unit;
  double covered = 0;     // value the free tier pays for
  double over = 0;        // usage beyond the allowance
  double over_cost = 0;   // what that costs
};

struct CostReport {
  model::PriceTable prices;
  std::vector<CostItem> items;
  double total = 0;                 // on-demand, before the free tier
  std::string plan;                 // legacy, credits, none
  std::vector<FreeTierLine> free_tier;
  double free_tier_covered = 0;
  double total_after_free_tier = 0;
  std::vector<std::string> credits;       // what the credits plan means at this burn rate
  std::vector<std::string> alternatives;  // cheaper (or needless) designs
  std::vector<std::string> warnings;      // missing prices
  std::optional<double> budget;
  bool over_budget() const { return budget && total_after_free_tier > *budget + 1e-9; }
};

CostReport estimateCost(const Network& net, const model::PriceTable& prices, std::optional<double> budget);

/// The instance type the legacy free tier covers in a region: t2.micro, or
/// t3.micro where the region has no t2 instances.
std::string freeTierInstanceType(const std::string& region);

/// Monthly cost per resource, for `awssim cost OLD NEW`.
struct CostDiffLine {
  std::string resource;
  double before = 0, after = 0;
};
std::vector<CostDiffLine> diffCosts(const CostReport& before, const CostReport& after);

}  // namespace awssim::sim
