// A human-readable summary of a loaded stack: what awssim understood from the
// manifests, grouped by VPC and zone. Printed by `awssim check` and
// `awssim validate --summary`.
#pragma once

#include <string>

#include "model/diagnostics.h"
#include "model/stack.h"

namespace awssim::reports {

std::string formatSummary(const model::Stack& stack);

/// Diagnostics one per line ("file:line:col: error: message"), then a count.
std::string formatDiagnostics(const model::Diagnostics& diags);

}  // namespace awssim::reports
