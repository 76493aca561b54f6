// `awssim diff` in every format: text for people, versioned JSON, a
// Markdown pull-request comment (the verdict and counts on one screen, the
// details folded), SARIF holding only what the change introduces, JUnit
// with one case per gate condition, and an HTML page with both topologies
// side by side. They format a StackDiff and derive nothing.
#pragma once

#include <string>

#include "rules/diff.h"
#include "sim/network.h"

namespace awssim::reports {

constexpr int kDiffJsonSchemaVersion = 1;

std::string diffText(const rules::StackDiff& d);
std::string diffJson(const rules::StackDiff& d);
std::string diffMarkdown(const rules::StackDiff& d);
std::string diffSarif(const rules::StackDiff& d);
/// `timestamp` is YYYY-MM-DD.
std::string diffJunit(const rules::StackDiff& d, const std::string& timestamp);
std::string diffHtml(const rules::StackDiff& d, const sim::Network& before, const sim::Network& after);

/// "messages, gateway" or "1,204 interfaces (a, b, c, ...) in 3 classes".
std::string describeEnds(const sim::ReachDiff& r, const std::vector<int>& ends);

}  // namespace awssim::reports
