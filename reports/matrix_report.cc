#include "reports/matrix_report.h"

#include <fmt/format.h>

namespace awssim::reports {

using sim::Matrix;

// Listing endpoint pairs one by one is only useful up to a size a person or
// a diff can read; past it the class view stands for them.
constexpr size_t kMaxListedEndpoints = 500;

static bool anyOpen(const Matrix& m, size_t i, size_t j) { return m.cell(i, j) != "-"; }

std::string classMembers(const Matrix& m, size_t c) {
  const auto& list = m.members[c];
  std::vector<std::string> shown;
  for (size_t k = 0; k < list.size() && k < 3; ++k) shown.push_back(m.endpoints[list[k]]);
  std::string out = fmt::format("{}", fmt::join(shown, ", "));
  if (list.size() > 3) out += fmt::format(" and {} more", list.size() - 3);
  return out;
}

static bool showClasses(const Matrix& m, MatrixView view) {
  return view == MatrixView::Classes || (view == MatrixView::Auto && m.endpoints.size() > kMaxListedEndpoints);
}

std::string formatMatrix(const Matrix& m, MatrixView view) {
  std::string out = fmt::format("reachability over tcp {}: {} endpoints in {} classes, {} flows traced\n",
                                fmt::join(m.ports, ","), m.endpoints.size(), m.members.size(), m.traces);
  if (showClasses(m, view)) {
    // A class stands for interfaces no rule tells apart; a class that
    // reaches itself means one member reaches another.
    for (size_t a = 0; a < m.members.size(); ++a) {
      std::string lines;
      for (size_t b = 0; b < m.members.size(); ++b)
        if (m.classCell(a, b) != "-") lines += fmt::format("  -> class {:<4} {}\n", b, m.classCell(a, b));
      out += fmt::format("class {}: {} ({} member{}: {})\n{}", a, m.class_labels[a], m.members[a].size(),
                         m.members[a].size() == 1 ? "" : "s", classMembers(m, a), lines);
    }
    return out;
  }
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
    classes.push_back({{"id", c}, {"label", m.class_labels[c]}, {"member_count", m.members[c].size()}, {"members", names}});
  }
  j["classes"] = classes;
  auto pairs = nlohmann::ordered_json::array();
  for (size_t a = 0; a < m.members.size(); ++a)
    for (size_t b = 0; b < m.members.size(); ++b) {
      auto ports = nlohmann::ordered_json::array();
      for (size_t p = 0; p < m.ports.size(); ++p)
        if (m.opens(a, b, p)) ports.push_back(m.ports[p]);
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
          if (m.opens(m.class_of[a], m.class_of[b], p)) ports.push_back(m.ports[p]);
        if (!ports.empty()) list.push_back({{"from", m.endpoints[a]}, {"to", m.endpoints[b]}, {"ports", ports}});
      }
    j["pairs"] = list;
  }
  return j;
}

}  // namespace awssim::reports
