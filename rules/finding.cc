#include "rules/finding.h"

#include <algorithm>
#include <tuple>

namespace awssim::rules {

std::string severityName(Severity s) {
  switch (s) {
    case Severity::Low: return "low";
    case Severity::Medium: return "medium";
    case Severity::High: return "high";
    case Severity::Critical: return "critical";
  }
  return "medium";
}

void sortFindings(std::vector<Finding>& f) {
  std::stable_sort(f.begin(), f.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.loc.file, a.loc.line, a.loc.col, a.rule_id, a.resource) <
           std::tie(b.loc.file, b.loc.line, b.loc.col, b.rule_id, b.resource);
  });
}

}  // namespace awssim::rules
