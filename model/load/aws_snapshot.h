// Real accounts as input: the JSON that `aws ec2 describe-*` (and elbv2's
// describe-load-balancers, -listeners, -target-groups, -target-health)
// prints, laid out as Batfish reads it: aws_configs/[<account>/]<region>/*.json,
// each file's top-level key naming its content. A file outside a region
// folder is us-west-2 to Batfish; awssim takes the region its subnets' zones
// name (prices and zones depend on it). A single JSON file holding several
// such keys works too.
//
// The importer builds the model directly (resources named by their Name tag
// where unique, else their ID; the ID kept on the element) with the JSON's
// line:col on every element, and the one validator checks it.
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

/// Reads a snapshot into the model and validates it; problems (bad JSON,
/// wrong types, dangling IDs, unknown keys as warnings) are diagnostics.
LoadResult loadAwsSnapshot(const std::string& path, const model::FileSource& files);

/// Adds a snapshot's resources to `stack` (the existing network templates
/// deploy into); the caller validates the whole. `adoptRegion`: the stack
/// takes the snapshot's region rather than requiring the same one.
void importAwsSnapshot(const std::string& path, const model::FileSource& files, model::Stack& stack,
                       model::Diagnostics& diags, bool adoptRegion = false);

}  // namespace awssim::load
