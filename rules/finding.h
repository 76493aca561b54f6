// A Finding: one problem a rule found, on one resource, at one place in the
// manifests, with how to fix it.
#pragma once

#include <string>
#include <vector>

#include "model/diagnostics.h"

namespace awssim::rules {

enum class Severity { Low, Medium, High, Critical };
std::string severityName(Severity s);

struct Finding {
  Finding() = default;
  Finding(std::string id, Severity sev, std::string res, std::string msg, model::Location l, std::string fx)
      : rule_id(std::move(id)), severity(sev), resource(std::move(res)), message(std::move(msg)), loc(std::move(l)),
        fix(std::move(fx)) {}

  std::string rule_id;   // e.g. AWSSIM-ECS-001
  Severity severity = Severity::Medium;
  std::string resource;  // e.g. "ecs service redis", "container cred-redis"
  std::string message;
  model::Location loc;
  std::string fix;
  bool suppressed = false;   // accepted in the stack (the reason is in suppression)
  std::string suppression;
  bool suppressed_in_source = false;  // by an awssim:ignore comment
  bool baselined = false;    // present in the baseline file: not new
  /// Counts toward the failure threshold and the report of new findings.
  bool active() const { return !suppressed && !baselined; }
};

/// Sorted by location, then rule and resource: stable output.
void sortFindings(std::vector<Finding>& findings);

}  // namespace awssim::rules
