// The cost breakdown for people (an Infracost-like table in 80 columns), as
// JSON, and the monthly difference between two stacks.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "sim/cost.h"

namespace awssim::reports {

std::string formatCost(const sim::CostReport& r, const std::string& stackFile);
nlohmann::ordered_json costJson(const sim::CostReport& r);
std::string formatCostDiff(const sim::CostReport& before, const sim::CostReport& after, const std::string& oldFile,
                           const std::string& newFile);
/// "$1,234.56"
std::string money(double usd);

}  // namespace awssim::reports
