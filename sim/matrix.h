// All-pairs reachability, computed over sets. Interfaces that no setting can
// tell apart form one class: same security groups, kind and public-address
// presence, private addresses that every CIDR of the stack treats alike, and
// the same subnet, or, where the subnets use the default network ACL, the
// same route table. For each destination class and port the engine builds
// the set of source classes that reach it as an intersection of precomputed
// sets (what the destination's groups admit, what the sources' groups let
// out, which sources route to it locally, what the NACLs pass), so the cost
// grows with classes and the density of the answer, not with traces. Only
// flows that leave the VPC's local routing (peering, transit gateways,
// appliances) and flows to and from the internet are traced, once per
// distinct setting.
#pragma once

#include <map>
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
  /// source_sets[p]: the distinct sets of source classes (ascending) that
  /// reach some destination on ports[p]; set_of[p][b]: the one that reaches
  /// class b. Destinations reached from the same sources share a set, which
  /// keeps a large account's answer as small as its variety.
  std::vector<std::vector<std::vector<int>>> source_sets;
  std::vector<std::vector<int>> set_of;
  size_t traces = 0;  // flows actually traced
  /// Cells open from only part of the internet: (class, port index) ->
  /// "203.0.113.24/32". Filled by noteInternetSources, for readable sizes.
  std::map<std::pair<int, int>, std::string> internet_only;

  /// Whether class a reaches class b on ports[p].
  bool opens(size_t a, size_t b, size_t p) const;
  /// Ports from endpoint i to endpoint j ("-" for none).
  std::string cell(size_t i, size_t j) const;
  /// Ports from class a to class b ("-" for none).
  std::string classCell(size_t a, size_t b) const;
};

Matrix computeMatrix(const Network& net, const MatrixOptions& opts);

/// Notes, for each cell open from the internet, which internet hosts get
/// through when not all do (a trace per piece of the internet the rules
/// draw; callers keep it to the sizes a person reads).
void noteInternetSources(const Network& net, Matrix& m, int protocol = model::proto::kTcp);

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

/// One matrix cell traced in full: interface to interface (-1: the
/// internet) on a port. The reference the set computation must agree with.
QueryResult traceCell(const Network& net, int src, int dst, int protocol, int port);

/// Whether an interface of this kind starts connections in the matrix.
bool originates(EniKind k);

}  // namespace awssim::sim
