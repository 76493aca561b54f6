#include "reports/matrix_report.h"

#include <fmt/format.h>

namespace awssim::reports {

using sim::Matrix;

// Listing endpoint pairs one by one is only useful up to a size a person or
// a diff can read; past it the class view stands for them.
constexpr size_t kMaxListedEndpoints = 500;

static bool anyOpen(const Matrix& m, size_t i, size_t j) { return m.cell(i, j) != "-"; }

std::string formatMatrix(const Matrix& m) {
  std::string out = fmt::format("reachability over tcp {}: {} endpoints in {} classes, {} flows traced\n",
                                fmt::join(m.ports, ","), m.endpoints.size(), m.members.size(), m.traces);
  for (size_t i = 0; i < m.endpoints.size(); ++i) {
    std::string lines;
    for (size_t j = 0; j < m.endpoints.size(); ++j) {
      if (i == j || !anyOpen(m, i, j)) continue;
      lines += fmt::format("  -> {:<28} {}\n", m.endpoints[j], m.cell(i, j));
    }
    if (lines.empty()) continue;
    out += fmt::format("{}\n{}", m.endpoints[i], lines);
  }
  return out;
}

nlohmann::ordered_json matrixJson(const Matrix& m) {
  nlohmann::ordered_json j;
  j["protocol"] = "tcp";
  j["ports"] = m.ports;
  j["traces"] = m.traces;
  auto classes = nlohmann::ordered_json::array();
  for (size_t c = 0; c < m.members.size(); ++c) {
    auto names = nlohmann::ordered_json::array();
    for (int e : m.members[c]) names.push_back(m.endpoints[e]);
    classes.push_back({{"id", c}, {"members", names}});
  }
  j["classes"] = classes;
  auto pairs = nlohmann::ordered_json::array();
  for (size_t a = 0; a < m.members.size(); ++a)
    for (size_t b = 0; b < m.members.size(); ++b) {
      auto ports = nlohmann::ordered_json::array();
      for (size_t p = 0; p < m.ports.size(); ++p)
        if (m.open[a][b][p]) ports.push_back(m.ports[p]);
      if (!ports.empty()) pairs.push_back({{"from_class", a}, {"to_class", b}, {"ports", ports}});
    }
  j["class_pairs"] = pairs;
  if (m.endpoints.size() <= kMaxListedEndpoints) {
    auto list = nlohmann::ordered_json::array();
    for (size_t a = 0; a < m.endpoints.size(); ++a)
      for (size_t b = 0; b < m.endpoints.size(); ++b) {
        if (a == b) continue;
        auto ports = nlohmann::ordered_json::array();
        for (size_t p = 0; p < m.ports.size(); ++p)
          if (m.open[m.class_of[a]][m.class_of[b]][p]) ports.push_back(m.ports[p]);
        if (!ports.empty()) list.push_back({{"from", m.endpoints[a]}, {"to", m.endpoints[b]}, {"ports", ports}});
      }
    j["pairs"] = list;
  }
  return j;
}

}  // namespace awssim::reports
