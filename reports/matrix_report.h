// The reachability matrix for people (one block per source) and for tools
// (JSON: the equivalence classes, the open ports between classes, and, for
// stacks of a readable size, the endpoint pairs).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "sim/matrix.h"

namespace awssim::reports {

/// Per interface or per class; Auto lists interfaces up to a size a person
/// can read (500 endpoints) and classes beyond.
enum class MatrixView { Auto, Interfaces, Classes };

std::string formatMatrix(const sim::Matrix& m, MatrixView view = MatrixView::Auto);
/// "a, b, c and N more": a few members of class c by name.
std::string classMembers(const sim::Matrix& m, size_t c);
nlohmann::ordered_json matrixJson(const sim::Matrix& m);

}  // namespace awssim::reports
