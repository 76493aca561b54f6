// Terraform as input: `terraform show -json` of a plan (format_version 0.x
// and 1.x) or of a state, and a raw terraform.tfstate (version 4). Values
// come from planned_values (prior_state for what the plan leaves alone);
// attributes unknown until apply are resolved through the configuration's
// references, across module calls and outputs, with count/for_each indexes
// recovered. Resources are named by their address
// (`module.vpc.aws_subnet.private[0]`) and located at the JSON line:col of
// their entry. The one validator then checks the model.
#pragma once

#include <string>
#include <vector>

#include "model/diagnostics.h"
#include "model/file_source.h"
#include "model/load/stack_loader.h"
#include "model/stack.h"

namespace awssim::load {

struct TfOptions {
  /// describe-* snapshots of the network the plan deploys into.
  std::vector<std::string> networks;
  /// The state before the plan (prior_state) rather than the planned one.
  bool prior = false;
};

/// Whether the file is Terraform JSON: a plan or `show -json` state
/// (format_version with planned_values, values or resource_changes) or a
/// raw state (version and resources with instances).
bool isTerraform(const std::string& path, const model::FileSource& files);

/// Adds the plan's or state's resources to `stack`; the caller validates.
void importTerraform(const std::string& path, const model::FileSource& files, const TfOptions& options,
                     model::Stack& stack, model::Diagnostics& diags);

/// Loads one plan or state on its own (region from the provider
/// configuration, the zones, or `region`), then validates.
LoadResult loadTerraform(const std::string& path, const model::FileSource& files, const TfOptions& options,
                         const std::string& region);

}  // namespace awssim::load
