// `awssim fuzz` for people (what is load-bearing, what no expectation needs,
// which zones are single points of failure) and for tools (JSON, one entry
// per mutation). Formats a FuzzReport; derives nothing.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "rules/stack_fuzz.h"

namespace awssim::reports {

std::string formatFuzz(const rules::FuzzReport& r, const std::string& stackFile, const rules::FuzzOptions& o);
nlohmann::ordered_json fuzzJson(const rules::FuzzReport& r, const std::string& stackFile, const rules::FuzzOptions& o);

}  // namespace awssim::reports
