// Loads a stack.yaml (the native format; see docs/stack-format.md) into a
// Stack. Every problem becomes a diagnostic with file:line:col; loading goes
// on after errors so that one run reports them all. Manifests the stack refers
// to (task definitions, compose, .env, user-data) are read relative to the
// stack's folder and must stay inside it.
#pragma once

#include <optional>
#include <map>
#include <string>
#include <vector>

#include "model/diagnostics.h"
#include "model/file_source.h"
#include "model/stack.h"

namespace awssim::load {

struct LoadResult {
  model::Stack stack;
  model::Diagnostics diags;
  bool ok() const { return !diags.hasErrors(); }
};

/// Loads the stack file at `path` through `files`: a stack.yaml, a folder
/// holding one, or a describe-* snapshot (aws_snapshot.h).
LoadResult loadStack(const std::string& path, const model::FileSource& files);

/// Settings for inputs that need them: a CloudFormation template's
/// parameters (--param, --parameters) and region (--region).
struct InputOptions {
  std::map<std::string, std::string> parameters;
  std::string parameters_file;
  std::string region;  // "" = us-east-1 for a template on its own
  /// describe-* snapshots a template or plan deploys into (its region, unless given).
  std::vector<std::string> networks;
  /// A Terraform plan's prior_state (the state before it) instead of its planned values.
  bool prior_state = false;
};
LoadResult loadStack(const std::string& path, const model::FileSource& files, const InputOptions& options);

/// Loads a stack from text already in memory; `path` names it in diagnostics
/// and its folder anchors relative references.
LoadResult loadStackText(const std::string& text, const std::string& path, const model::FileSource& files);

/// Reads a usage file (the shape of stack.yaml's `usage:` section) into the
/// loaded stack, replacing its usage; problems go to `diags`.
void loadUsageFile(const std::string& path, const model::FileSource& files, model::Stack& stack,
                   model::Diagnostics& diags);

}  // namespace awssim::load
