// `awssim intents`: the flows and AWS-service needs read from the manifests,
// each with the line that implies it and its verdict.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "rules/intents.h"

namespace awssim::reports {

std::string formatIntents(const std::vector<rules::IntentResult>& results);
nlohmann::ordered_json intentsJson(const std::vector<rules::IntentResult>& results);

}  // namespace awssim::reports
