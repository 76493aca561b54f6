// `awssim check` for people: the model summary, the expectations with their
// explanations, the intents, ECS placement, the cost line, the findings and
// what is suppressed or in the baseline.
#pragma once

#include <string>

#include "rules/check.h"
#include "sim/network.h"

namespace awssim::reports {

/// Checkov's switches: `quiet` shows only what fails (failing expectations
/// and intents, active findings, the verdict); `compact` gives each finding
/// and failing expectation one line, without explanations and fixes.
struct TextOptions {
  bool quiet = false;
  bool compact = false;
};

std::string formatCheckText(const model::Stack& stack, const sim::Network& net, const rules::CheckResult& result,
                            const std::string& writtenBaseline, const TextOptions& options = {});

/// ANSI colours for a terminal: statuses green or red, severities by level,
/// section headings bold. Only whole tokens at known places change, so the
/// text reads the same with the escapes stripped.
std::string colorize(const std::string& text);

}  // namespace awssim::reports
