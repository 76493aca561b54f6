// Loads an ECS task definition from the JSON that `aws ecs
// describe-task-definition` prints (with or without its {"taskDefinition":
// ...} wrapper) or that `register-task-definition --cli-input-json` takes.
// Read-only fields of exported definitions are accepted and ignored.
#pragma once

#include <optional>
#include <string>

#include <yaml-cpp/yaml.h>

#include "model/diagnostics.h"
#include "model/task_definition.h"

namespace awssim::load {

/// Parses `text` (the contents of `file`); problems go to `diags`.
std::optional<model::TaskDefinition> loadTaskDefinition(const std::string& text, const std::string& file,
                                                        model::Diagnostics& diags);

}  // namespace awssim::load
