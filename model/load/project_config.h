// .awssim.yaml, beside the stack: a project's defaults for `check` (the
// failure threshold, soft fail, baseline, budget, price table). Flags on the
// command line win.
#pragma once

#include <optional>
#include <string>

#include "model/diagnostics.h"
#include "model/file_source.h"

namespace awssim::load {

struct ProjectConfig {
  std::string file;  // "" when there is none
  std::optional<std::string> fail_on;
  std::optional<bool> soft_fail;
  std::optional<std::string> baseline;  // relative to the config's folder, resolved
  std::optional<double> budget;
  std::optional<std::string> prices;
};

/// Reads <folder of stack>/.awssim.yaml if it exists.
ProjectConfig loadProjectConfig(const std::string& stackPath, const model::FileSource& files, model::Diagnostics& diags);

}  // namespace awssim::load
