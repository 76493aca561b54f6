// awssim: the command line. Parses arguments, calls the library and chooses
// the exit code (0 clean, 1 findings, 2 unusable input or usage error).
#include <CLI/CLI.hpp>

#include <iostream>

#include "model/file_source.h"
#include "model/load/stack_loader.h"
#include "model/load/task_definition_loader.h"
#include "reports/summary.h"

namespace {

using namespace awssim;

constexpr int kExitOk = 0;
constexpr int kExitBadInput = 2;

bool endsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/// Validates a task-definition JSON file on its own.
int validateTaskDefinition(const std::string& path) {
  model::DiskFileSource disk;
  model::Diagnostics diags;
  auto text = disk.read(path);
  if (!text) diags.error({path, 0, 0}, "cannot read the file (missing or unreadable)");
  else load::loadTaskDefinition(*text, path, diags);
  std::cerr << reports::formatDiagnostics(diags);
  if (diags.hasErrors()) return kExitBadInput;
  std::cout << path << ": ok\n";
  return kExitOk;
}

/// Loads the stack and prints its diagnostics to stderr; nullopt on errors.
std::optional<load::LoadResult> loadOrReport(const std::string& path) {
  model::DiskFileSource disk;
  load::LoadResult res = load::loadStack(path, disk);
  std::cerr << reports::formatDiagnostics(res.diags);
  if (!res.ok()) return std::nullopt;
  return res;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"awssim: check an AWS deployment offline before any AWS call"};
  app.set_version_flag("--version", std::string("awssim ") + AWSSIM_VERSION);
  app.require_subcommand(1);

  std::string stackPath;
  auto* validate = app.add_subcommand("validate", "Load and validate a stack (or an ECS task definition .json); print diagnostics (exit 0 or 2)");
  validate->add_option("STACK", stackPath, "stack.yaml to load")->required();
  bool summary = false;
  validate->add_flag("--summary", summary, "Also print what was understood");

  auto* check = app.add_subcommand("check", "Validate a stack and check it; prints a summary of the model");
  check->add_option("STACK", stackPath, "stack.yaml to check")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitBadInput;
  }

  if (*validate && endsWith(stackPath, ".json")) return validateTaskDefinition(stackPath);
  auto res = loadOrReport(stackPath);
  if (!res) return kExitBadInput;
  if (*validate) {
    if (summary) std::cout << reports::formatSummary(res->stack);
    else std::cout << stackPath << ": ok\n";
    return kExitOk;
  }
  if (*check) {
    std::cout << reports::formatSummary(res->stack);
    return kExitOk;
  }
  return kExitOk;
}
