#include "reports/matrix_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <ostream>

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

// Past this many classes a grid of them is no longer readable either.
constexpr size_t kMaxListedClasses = 300;
// class_pairs in JSON grow with classes squared; past this the source sets
// (always written) stand for them.
constexpr size_t kMaxJsonClassPairs = 2000;

static MatrixView resolve(const Matrix& m, MatrixView view) {
  if (view != MatrixView::Auto) return view;
  if (m.endpoints.size() <= kMaxListedEndpoints) return MatrixView::Interfaces;
  return m.members.size() <= kMaxListedClasses ? MatrixView::Classes : MatrixView::Sets;
}

/// For each source class, the destination classes it reaches with a bit per
/// port: the source sets turned around, in time proportional to the answer.
static std::vector<std::vector<std::pair<int, uint64_t>>> rows(const Matrix& m) {
  std::vector<std::vector<std::pair<int, uint64_t>>> out(m.members.size());
  for (size_t p = 0; p < m.ports.size() && p < 64; ++p)
    for (size_t b = 0; b < m.members.size(); ++b)
      for (int a : m.source_sets[p][m.set_of[p][b]]) {
        auto& row = out[a];
        if (row.empty() || row.back().first != static_cast<int>(b)) row.push_back({static_cast<int>(b), 0});
        row.back().second |= uint64_t{1} << p;
      }
  for (auto& row : out) {
    std::sort(row.begin(), row.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    // The same destination met under several ports: merge.
    std::vector<std::pair<int, uint64_t>> merged;
    for (const auto& x : row)
      if (!merged.empty() && merged.back().first == x.first) merged.back().second |= x.second;
      else merged.push_back(x);
    row = std::move(merged);
  }
  return out;
}

static std::vector<int> portsOf(const Matrix& m, uint64_t mask) {
  std::vector<int> out;
  for (size_t p = 0; p < m.ports.size() && p < 64; ++p)
    if (mask >> p & 1) out.push_back(m.ports[p]);
  return out;
}

/// "3 classes (150 interfaces: a, b, c and 147 more)" for a list of classes.
static std::string describeClasses(const Matrix& m, const std::vector<int>& classes) {
  size_t interfaces = 0;
  std::vector<std::string> shown;
  bool internet = false;
  for (int c : classes) {
    if (c == 0) {
      internet = true;
      continue;
    }
    interfaces += m.members[c].size();
    for (int e : m.members[c])
      if (shown.size() < 3) shown.push_back(m.endpoints[e]);
  }
  size_t n = classes.size() - (internet ? 1 : 0);
  std::string out = internet ? "the internet" : "";
  if (n == 0) return out.empty() ? "nothing" : out;
  if (internet) out += " and ";
  out += fmt::format("{} class{} ({} interface{}: {}", n, n == 1 ? "" : "es", interfaces, interfaces == 1 ? "" : "s",
                     fmt::join(shown, ", "));
  if (interfaces > shown.size()) out += fmt::format(" and {} more", interfaces - shown.size());
  return out + ")";
}

// The ports the internet reaches a class on, each open to only part of the
// internet saying from where: "22 (from 203.0.113.24/32 only), 80".
static std::string internetPorts(const Matrix& m, size_t b) {
  std::vector<std::string> out;
  for (size_t p = 0; p < m.ports.size(); ++p) {
    if (!m.opens(0, b, p)) continue;
    auto it = m.internet_only.find({static_cast<int>(b), static_cast<int>(p)});
    out.push_back(it == m.internet_only.end() ? std::to_string(m.ports[p])
                                              : fmt::format("{} (from {} only)", m.ports[p], it->second));
  }
  return out.empty() ? "-" : fmt::format("{}", fmt::join(out, ", "));
}

std::string formatMatrix(const Matrix& m, MatrixView view) {
  std::string out = fmt::format("reachability over tcp {}: {} endpoints in {} classes, {} flows traced\n",
                                fmt::join(m.ports, ","), m.endpoints.size(), m.members.size(), m.traces);
  MatrixView shown = resolve(m, view);
  if (shown == MatrixView::Sets) {
    // Per port, each distinct set of sources once, with the destinations it reaches.
    for (size_t p = 0; p < m.ports.size(); ++p) {
      std::vector<std::vector<int>> dsts(m.source_sets[p].size());
      for (size_t b = 0; b < m.members.size(); ++b) dsts[m.set_of[p][b]].push_back(static_cast<int>(b));
      out += fmt::format("tcp {}:\n", m.ports[p]);
      for (size_t k = 0; k < dsts.size(); ++k) {
        if (m.source_sets[p][k].empty() || dsts[k].empty()) continue;
        std::vector<std::string> ids;
        for (size_t i = 0; i < dsts[k].size() && i < 8; ++i) ids.push_back(std::to_string(dsts[k][i]));
        out += fmt::format("  to {} [class {}{}]\n    from {}\n", describeClasses(m, dsts[k]), fmt::join(ids, ", "),
                           dsts[k].size() > ids.size() ? fmt::format(" +{}", dsts[k].size() - ids.size()) : "",
                           describeClasses(m, m.source_sets[p][k]));
      }
    }
    return out;
  }
  if (shown == MatrixView::Classes) {
    // A class stands for interfaces no rule tells apart; a class that
    // reaches itself means one member reaches another.
    auto open = rows(m);
    for (size_t a = 0; a < m.members.size(); ++a) {
      std::string lines;
      for (const auto& [b, mask] : open[a])
        lines += fmt::format("  -> class {:<4} {}\n", b, a == 0 ? internetPorts(m, b) : fmt::format("{}", fmt::join(portsOf(m, mask), ",")));
      out += fmt::format("class {}: {} ({} member{}: {})\n{}", a, m.class_labels[a], m.members[a].size(),
                         m.members[a].size() == 1 ? "" : "s", classMembers(m, a), lines);
    }
    return out;
  }
  for (size_t i = 0; i < m.endpoints.size(); ++i) {
    std::string lines;
    for (size_t j = 0; j < m.endpoints.size(); ++j) {
      if (i == j || !anyOpen(m, i, j)) continue;
      lines += fmt::format("  -> {:<28} {}\n", m.endpoints[j], i == 0 ? internetPorts(m, m.class_of[j]) : m.cell(i, j));
    }
    if (lines.empty()) continue;
    out += fmt::format("{}\n{}", m.endpoints[i], lines);
  }
  return out;
}

namespace {

/// Writes a JSON object one member at a time, and an array one element a
/// line: a large account's matrix is never held as a JSON tree.
class JsonStream {
 public:
  explicit JsonStream(std::ostream& out) : out_(out) { out_ << "{"; }
  void member(const char* key, const nlohmann::ordered_json& value) {
    open(key);
    out_ << dump(value);
  }
  void beginArray(const char* key) {
    open(key);
    out_ << "[";
    first_element_ = true;
  }
  void element(const nlohmann::ordered_json& value) {
    out_ << (first_element_ ? "\n    " : ",\n    ") << dump(value);
    first_element_ = false;
  }
  /// An element the caller writes itself, starting with this text.
  void raw(const std::string& text) {
    out_ << (first_element_ ? "\n    " : ",\n    ") << text;
    first_element_ = false;
  }
  void endArray() { out_ << (first_element_ ? "]" : "\n  ]"); }
  void end() { out_ << "\n}\n"; }

 private:
  static std::string dump(const nlohmann::ordered_json& v) {
    return v.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  }
  void open(const char* key) {
    out_ << (first_member_ ? "\n  " : ",\n  ") << dump(key) << ": ";
    first_member_ = false;
  }
  std::ostream& out_;
  bool first_member_ = true, first_element_ = true;
};

}  // namespace

/// Ascending class numbers as ranges, "[[0,0],[5,812]]": classes are
/// numbered VPC by VPC, so a set such as "every class of a VPC" is one range.
static std::string ranges(const std::vector<int>& set) {
  std::string out = "[";
  for (size_t i = 0; i < set.size();) {
    size_t j = i;
    while (j + 1 < set.size() && set[j + 1] == set[j] + 1) ++j;
    out += fmt::format("{}[{},{}]", i ? "," : "", set[i], set[j]);
    i = j + 1;
  }
  return out + "]";
}

void writeMatrixJson(std::ostream& out, const Matrix& m) {
  JsonStream j(out);
  j.member("protocol", "tcp");
  j.member("ports", m.ports);
  j.member("traces", m.traces);
  j.beginArray("classes");
  for (size_t c = 0; c < m.members.size(); ++c) {
    auto names = nlohmann::ordered_json::array();
    for (int e : m.members[c]) names.push_back(m.endpoints[e]);
    j.element({{"id", c}, {"label", m.class_labels[c]}, {"member_count", m.members[c].size()}, {"members", names}});
  }
  j.endArray();
  // Per port: the distinct source sets and, per destination class, its set.
  // A port's sets can be large (a VPC's every class): each is written on
  // its own line.
  j.beginArray("reach");
  for (size_t p = 0; p < m.ports.size(); ++p) {
    j.raw(fmt::format("{{\"port\":{},\"set_of_class\":{},\"source_sets\":[", m.ports[p],
                      nlohmann::ordered_json(m.set_of[p]).dump()));
    for (size_t k = 0; k < m.source_sets[p].size(); ++k)
      out << (k ? ",\n      " : "\n      ") << ranges(m.source_sets[p][k]);
    out << "]}";
  }
  j.endArray();
  if (!m.internet_only.empty()) {
    // Cells open from part of the internet only: which part.
    j.beginArray("internet_only");
    for (const auto& [k, from] : m.internet_only)
      j.element({{"to_class", k.first}, {"port", m.ports[k.second]}, {"from", from}});
    j.endArray();
  }
  if (m.members.size() <= kMaxJsonClassPairs) {
    j.beginArray("class_pairs");
    auto open = rows(m);
    for (size_t a = 0; a < m.members.size(); ++a)
      for (const auto& [b, mask] : open[a]) j.element({{"from_class", a}, {"to_class", b}, {"ports", portsOf(m, mask)}});
    j.endArray();
  }
  if (m.endpoints.size() <= kMaxListedEndpoints) {
    j.beginArray("pairs");
    for (size_t a = 0; a < m.endpoints.size(); ++a)
      for (size_t b = 0; b < m.endpoints.size(); ++b) {
        if (a == b) continue;
        auto ports = nlohmann::ordered_json::array();
        for (size_t p = 0; p < m.ports.size(); ++p)
          if (m.opens(m.class_of[a], m.class_of[b], p)) ports.push_back(m.ports[p]);
        if (!ports.empty()) j.element({{"from", m.endpoints[a]}, {"to", m.endpoints[b]}, {"ports", ports}});
      }
    j.endArray();
  }
  j.end();
}

}  // namespace awssim::reports
