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
  std::string rule_id;   // e.g. AWSSIM-ECS-001
  Severity severity = Severity::Medium;
  std::string resource;  // e.g. "ecs service redis", "container cred-redis"
  std::string message;
  model::Location loc;
  std::string fix;
};

/// Sorted by location, then rule and resource: stable output.
void sortFindings(std::vector<Finding>& findings);

}  // namespace awssim::rules
