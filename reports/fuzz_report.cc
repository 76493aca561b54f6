#include "reports/fuzz_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "reports/trace_report.h"

namespace awssim::reports {

using rules::MutationKind;

namespace {

bool removes(MutationKind k) { return k == MutationKind::RemoveRule || k == MutationKind::RemoveRoute; }

}  // namespace

std::string formatFuzz(const rules::FuzzReport& r, const std::string& stackFile, const rules::FuzzOptions& o) {
  std::string out = hanging(fmt::format("awssim fuzz {}: {} of {} mutations{}; {} expectations and intents hold unmutated",
                                        stackFile, r.results.size(), r.candidates,
                                        o.max_mutations ? fmt::format(" (at most {} mutations, seed {})", o.max_mutations, o.seed) : "",
                                        r.baseline_holding), 80, 0, 2);
  // Rules and routes by target, in stack order: load-bearing when removing
  // (or narrowing, or shifting) them breaks something.
  std::vector<std::string> order;
  std::map<std::string, std::vector<const rules::MutationResult*>> byTarget;
  for (const auto& m : r.results) {
    if (m.kind == MutationKind::MoveInstance || m.kind == MutationKind::LoseZone) continue;
    if (!byTarget.count(m.target)) order.push_back(m.target);
    byTarget[m.target].push_back(&m);
  }
  std::string bearing, unneeded;
  for (const auto& target : order) {
    const auto& ms = byTarget[target];
    bool removedBreaks = false, removedTried = false, anyBreaks = false;
    for (const auto* m : ms) {
      anyBreaks |= !m->breaks.empty();
      if (removes(m->kind)) removedTried = true, removedBreaks |= !m->breaks.empty();
    }
    if (anyBreaks) {
      bearing += hanging(fmt::format("{}  [{}]", target, ms.front()->loc.str()), 80, 2, 6);
      // Mutations that break the same things share one list.
      std::vector<std::pair<std::string, std::vector<std::string>>> groups;
      for (const auto* m : ms) {
        if (m->breaks.empty()) continue;
        auto same = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.second == m->breaks; });
        if (same != groups.end()) same->first += ", " + mutationKindName(m->kind);
        else groups.push_back({mutationKindName(m->kind), m->breaks});
      }
      for (const auto& [kinds, breaks] : groups) {
        bearing += fmt::format("    {} breaks:\n", kinds);
        for (const auto& b : breaks) bearing += hanging(b, 80, 6, 8);
      }
    } else if (removedTried && !removedBreaks) {
      unneeded += hanging(fmt::format("{}  [{}]", target, ms.front()->loc.str()), 80, 2, 6);
    }
  }
  if (!bearing.empty()) out += "\nload-bearing (a change to it breaks an expectation or intent):\n" + bearing;
  if (!unneeded.empty()) out += "\nneeded by no expectation or intent (candidates for removal):\n" + unneeded;
  std::string zones, moves;
  for (const auto& m : r.results) {
    if (m.kind == MutationKind::LoseZone) {
      std::string runs = m.lost.empty() ? "nothing runs there" : fmt::format("{} run{} only there", fmt::join(m.lost, ", "), m.lost.size() == 1 ? "s" : "");
      if (m.breaks.empty()) {
        zones += hanging(fmt::format("{}: losing it breaks nothing ({})", m.target, runs), 80, 2, 6);
        continue;
      }
      zones += hanging(fmt::format("{}: single point of failure: {}; losing it breaks {}:", m.target, runs,
                                   m.breaks.size()), 80, 2, 6);
      for (const auto& b : m.breaks) zones += hanging(b, 80, 6, 8);
    } else if (m.kind == MutationKind::MoveInstance && !m.breaks.empty()) {
      moves += hanging(m.description + ": breaks", 80, 2, 6);
      for (const auto& b : m.breaks) moves += hanging(b, 80, 6, 8);
    }
  }
  if (!zones.empty()) out += "\nzones:\n" + zones;
  if (!moves.empty()) out += "\npinned to their subnet (moving them breaks something):\n" + moves;
  return out;
}

nlohmann::ordered_json fuzzJson(const rules::FuzzReport& r, const std::string& stackFile, const rules::FuzzOptions& o) {
  nlohmann::ordered_json j;
  j["stack"] = stackFile;
  j["seed"] = o.seed;
  j["max_mutations"] = o.max_mutations;
  j["candidates"] = r.candidates;
  j["baseline_holding"] = r.baseline_holding;
  auto ms = nlohmann::ordered_json::array();
  for (const auto& m : r.results) {
    nlohmann::ordered_json loc = {{"file", m.loc.file}};
    if (m.loc.known()) loc["line"] = m.loc.line, loc["column"] = m.loc.col;
    ms.push_back({{"kind", mutationKindName(m.kind)}, {"target", m.target}, {"description", m.description},
                  {"location", loc}, {"breaks", m.breaks}});
    if (m.kind == MutationKind::LoseZone) ms.back()["lost"] = m.lost;
  }
  j["mutations"] = ms;
  return j;
}

}  // namespace awssim::reports
