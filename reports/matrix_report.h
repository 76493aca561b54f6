// The reachability matrix for people (one block per source) and for tools
// (JSON: the equivalence classes, the open ports between classes, and, for
// stacks of a readable size, the endpoint pairs).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "sim/matrix.h"

namespace awssim::reports {

std::string formatMatrix(const sim::Matrix& m);
nlohmann::ordered_json matrixJson(const sim::Matrix& m);

}  // namespace awssim::reports
