// Cost findings: a budget exceeded, and usage beyond the free tier.
#pragma once

#include <vector>

#include "rules/finding.h"
#include "sim/cost.h"

namespace awssim::rules {

std::vector<Finding> checkCost(const sim::CostReport& report, const model::Stack& stack);

}  // namespace awssim::rules
