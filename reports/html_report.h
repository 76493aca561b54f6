// `awssim check` as one self-contained HTML page for people: the summary,
// expectations, intents, findings, cost, ECS placement, the reachability
// matrix and the topology (inline SVG). Clicking a matrix cell, or picking a
// source and destination, shows that flow's path with every hop's decision.
// Nothing is fetched from the network; the page's data sits in one JSON
// block and its script only shows and hides what is already computed.
#pragma once

#include <string>

#include "rules/check.h"
#include "sim/network.h"

namespace awssim::reports {

std::string checkHtml(const sim::Network& net, const rules::CheckResult& r);
/// The style sheet the HTML reports share.
const char* htmlStyle();

}  // namespace awssim::reports
