// Intents derived from the manifests, checked by the engine from where each
// workload runs; a failure is a finding at the manifest line that implies it.
#pragma once

#include <string>
#include <vector>

#include "rules/finding.h"
#include "sim/intents.h"
#include "sim/network.h"
#include "sim/query.h"

namespace awssim::rules {

struct IntentResult {
  bool is_flow = true;
  std::string source;
  std::string target;   // "10.0.0.4:6379/tcp", "s3", "imds"
  model::Location loc;
  std::string reason;
  bool holds = false;
  std::string detail;   // why not, in words
  std::string resolved; // what the target turned out to be
  sim::QueryResult result;
};

std::vector<IntentResult> checkIntents(const sim::Network& net, const sim::Intents& intents);
std::vector<Finding> intentFindings(const std::vector<IntentResult>& results);

}  // namespace awssim::rules
