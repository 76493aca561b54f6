// The stack's `expect:` entries, checked by the engine: each one holds when
// the flow it names is reachable (or not) as written.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/stack.h"
#include "sim/network.h"
#include "sim/query.h"

namespace awssim::rules {

struct ExpectationResult {
  const model::Expectation* expectation = nullptr;
  std::string question;       // "messages -> redis:6379/tcp"
  sim::QueryResult result;    // the trace (with a port) ...
  std::optional<sim::TrafficAnswer> traffic;  // ... or the set answer (without)
  bool reachable = false;
  bool holds = false;
  std::string error;          // the expectation cannot be evaluated
};

std::vector<ExpectationResult> checkExpectations(const sim::Network& net);

}  // namespace awssim::rules
