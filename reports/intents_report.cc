#include "reports/intents_report.h"

#include <fmt/format.h>

#include "reports/trace_report.h"

namespace awssim::reports {

std::string formatIntents(const std::vector<rules::IntentResult>& results) {
  std::string out;
  for (bool flows : {true, false}) {
    bool any = false;
    for (const auto& r : results) {
      if (r.is_flow != flows) continue;
      if (!any) out += flows ? "flows the manifests imply:\n" : "AWS services the manifests need:\n";
      any = true;
      std::string to = r.resolved.empty() || !r.is_flow ? r.target : fmt::format("{} ({})", r.target, r.resolved);
      out += hanging(fmt::format("[{}] {} -> {}  at {}", r.holds ? "ok" : "FAIL", r.source, to, r.loc.str()), 80, 2, 7);
      out += hanging("from " + r.reason, 80, 7, 9);
      if (!r.holds) out += hanging("but: " + r.detail, 80, 7, 9);
    }
  }
  if (out.empty()) out = "no flows or AWS-service needs found in the manifests\n";
  size_t failed = 0;
  for (const auto& r : results) failed += !r.holds;
  if (!results.empty()) out += fmt::format("{} of {} intents hold\n", results.size() - failed, results.size());
  return out;
}

nlohmann::ordered_json intentsJson(const std::vector<rules::IntentResult>& results) {
  auto flows = nlohmann::ordered_json::array();
  auto needs = nlohmann::ordered_json::array();
  for (const auto& r : results) {
    nlohmann::ordered_json j = {{"source", r.source}, {"target", r.target}, {"holds", r.holds}, {"reason", r.reason},
                                {"location", {{"file", r.loc.file}, {"line", r.loc.line}, {"column", r.loc.col}}}};
    if (!r.resolved.empty()) j["resolved"] = r.resolved;
    if (!r.holds) j["detail"] = r.detail;
    (r.is_flow ? flows : needs).push_back(j);
  }
  return {{"flows", flows}, {"needs", needs}};
}

}  // namespace awssim::reports
