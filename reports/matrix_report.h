// The reachability matrix for people (one block per source) and for tools
// (JSON: the equivalence classes, the open ports between classes, and, for
// stacks of a readable size, the endpoint pairs).
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "sim/matrix.h"

namespace awssim::reports {

/// Per interface, per class, or per source set (for each port, the
/// destinations that the same sources reach, listed once: the size of the
/// account's variety, not of its pairs). Auto lists interfaces up to 500
/// endpoints, classes up to 300 classes, and source sets beyond.
enum class MatrixView { Auto, Interfaces, Classes, Sets };

std::string formatMatrix(const sim::Matrix& m, MatrixView view = MatrixView::Auto);
/// "a, b, c and N more": a few members of class c by name.
std::string classMembers(const sim::Matrix& m, size_t c);
/// The matrix as JSON, written as it is produced (classes, per-port source
/// sets, and class and endpoint pairs where they stay readable).
void writeMatrixJson(std::ostream& out, const sim::Matrix& m);

}  // namespace awssim::reports
