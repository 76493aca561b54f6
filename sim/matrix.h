// All-pairs reachability. Interfaces that no rule can tell apart (same
// subnet, same security groups, same public-address presence, same kind, and
// private addresses that every CIDR in the stack treats alike) form one
// equivalence class; one trace per class pair and port stands for all their
// members, so the cost grows with classes, not interfaces.
#pragma once

#include <string>
#include <vector>

#include "sim/network.h"
#include "sim/query.h"

namespace awssim::sim {

struct MatrixOptions {
  std::vector<int> ports = {22, 80, 443, 6379, 8761};
  int protocol = model::proto::kTcp;
};

struct Matrix {
  std::vector<int> ports;
  /// Endpoint names: "internet" first, then every interface, by name.
  std::vector<std::string> endpoints;
  std::vector<int> class_of;                 // endpoint -> class
  std::vector<std::vector<int>> members;     // class -> endpoints
  /// class -> what its members share: "subnet a · sg web, db · instance".
  std::vector<std::string> class_labels;
  /// open[a][b]: for each port of `ports`, whether class a reaches class b.
  std::vector<std::vector<std::vector<bool>>> open;
  size_t traces = 0;  // flows actually traced

  /// Ports from endpoint i to endpoint j ("-" for none).
  std::string cell(size_t i, size_t j) const;
  /// Ports from class a to class b ("-" for none).
  std::string classCell(size_t a, size_t b) const;
};

Matrix computeMatrix(const Network& net, const MatrixOptions& opts);

/// The TCP ports a matrix of this stack should show: every single port its
/// security groups open, its expectations ask about and its load balancers
/// listen on (at most `limit`, lowest first); 22, 80 and 443 when none.
std::vector<int> stackPorts(const model::Stack& stack, size_t limit = 16);

/// The answer behind one cell of the matrix for one port, between two
/// endpoints (not classes), so every hop names the real interface.
struct MatrixPath {
  size_t src = 0, dst = 0;  // indices into Matrix::endpoints
  int port = 0;
  QueryResult result;
};

/// Every endpoint pair and port of `m` (skipping internet to internet and
/// interfaces that do not originate traffic). Grows with endpoints squared:
/// callers keep it to readable stacks.
std::vector<MatrixPath> matrixPaths(const Network& net, const Matrix& m, int protocol = model::proto::kTcp);

}  // namespace awssim::sim
