// `awssim ecs`: the placement table, task sizes, Service Connect wiring and
// the ECS findings, for people and as JSON; the wires come answered (from
// rules::runCheck or sim::serviceConnectWires), nothing is traced here.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "rules/finding.h"
#include "sim/network.h"
#include "sim/query.h"

namespace awssim::reports {

std::string formatEcs(const sim::Network& net, const std::vector<sim::ServiceConnectWire>& wires,
                      const std::vector<rules::Finding>& findings);
nlohmann::ordered_json ecsJson(const sim::Network& net, const std::vector<sim::ServiceConnectWire>& wires,
                               const std::vector<rules::Finding>& findings);
std::string formatFindings(const std::vector<rules::Finding>& findings);
nlohmann::ordered_json findingsJson(const std::vector<rules::Finding>& findings);

}  // namespace awssim::reports
