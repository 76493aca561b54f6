// Query answers for people (hop by hop, 80 columns) and for tools (JSON).
// Formats a QueryResult; derives nothing.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "sim/query.h"

namespace awssim::reports {

/// One line: "messages -> redis:6379/tcp: reachable (ACCEPTED)" and, when
/// not reachable, the blocking settings and fixes.
std::string formatQueryShort(const sim::QueryResult& r, const std::string& question);
/// The full explanation: every hop of every part, both directions.
std::string formatQueryExplain(const sim::QueryResult& r, const std::string& question);
nlohmann::ordered_json queryJson(const sim::QueryResult& r, const std::string& question);
nlohmann::ordered_json traceJson(const sim::Trace& t);

/// Wraps text to `width` columns, indenting continuation lines by `indent`.
std::string wrap(const std::string& text, size_t width, size_t indent);
/// Like wrap, with the first line indented by `first` and the rest by `rest`.
std::string hanging(const std::string& text, size_t width, size_t first, size_t rest);

}  // namespace awssim::reports
