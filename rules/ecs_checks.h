// ECS checks: task definitions that ECS would reject or that fail at run
// time, Service Connect wiring and its port range, placement (tasks left
// PENDING), and the AWS services every task needs from where it runs.
#pragma once

#include <vector>

#include "rules/finding.h"
#include "sim/network.h"
#include "sim/query.h"

namespace awssim::rules {

std::vector<Finding> checkEcs(const sim::Network& net);
/// The same with the Service Connect wires already answered.
std::vector<Finding> checkEcs(const sim::Network& net, const std::vector<sim::ServiceConnectWire>& wires);

/// Task-definition checks alone, for `awssim validate task.json`.
std::vector<Finding> checkTaskDefinition(const model::TaskDefinition& td);

}  // namespace awssim::rules
