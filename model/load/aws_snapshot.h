// Real accounts as input: the JSON that `aws ec2 describe-*` (and elbv2's
// describe-load-balancers, -listeners, -target-groups, -target-health)
// prints, laid out as Batfish reads it: aws_configs/[<account>/]<region>/*.json,
// each file's top-level key naming its content. A file outside a region
// folder is us-west-2 to Batfish; awssim takes the region its subnets' zones
// name (prices and zones depend on it). A single JSON file holding several
// such keys works too.
//
// The snapshot is written as a native stack.yaml (resources named by their
// Name tag where unique, else their ID; the ID kept as `id:`), which is then
// loaded like any stack: one model, one set of checks. Diagnostics point at
// the snapshot's JSON, not at the generated text.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/diagnostics.h"
#include "model/file_source.h"
#include "model/load/stack_loader.h"

namespace awssim::load {

/// A folder holding aws_configs/, aws_configs/ itself, or a .json file whose
/// top-level keys are describe-* keys.
bool isAwsSnapshot(const std::string& path, const model::FileSource& files);

struct SnapshotStack {
  std::string yaml;                      // a stack.yaml
  std::vector<model::Location> sources;  // line N of yaml came from sources[N-1]
};

/// Converts a snapshot to stack.yaml text; problems (bad JSON, wrong types,
/// dangling IDs, unknown keys as warnings) go to `diags`.
SnapshotStack snapshotToStack(const std::string& path, const model::FileSource& files, model::Diagnostics& diags);

/// snapshotToStack, then loads the text as a stack whose file is `path`.
LoadResult loadAwsSnapshot(const std::string& path, const model::FileSource& files);

}  // namespace awssim::load
