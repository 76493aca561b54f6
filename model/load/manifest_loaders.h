// Loaders for the deployer's manifests: .env files, docker-compose files,
// user-data shell scripts and Spring-style application configs. Each reports
// what it cannot read as a diagnostic with file:line:col and keeps going.
#pragma once

#include <optional>
#include <string>

#include "model/diagnostics.h"
#include "model/manifests.h"

namespace awssim::load {

/// KEY=value lines; `export`, comments, blank lines, single and double
/// quotes (escapes in double quotes), inline comments after unquoted values.
model::EnvFile parseEnvFile(const std::string& text, const std::string& file, model::Diagnostics& diags,
                            int firstLine = 1);

/// docker-compose: services with image, ports (short and long forms, ranges,
/// protocols), network_mode, environment (list or map), env_file, volumes,
/// depends_on.
std::optional<model::ComposeFile> parseComposeFile(const std::string& text, const std::string& file,
                                                   model::Diagnostics& diags, int firstLine = 1);

/// A shell script, line by line: continuation lines joined, heredocs kept as
/// written files, comments skipped; known AWS and Docker commands
/// recognised; other lines are kept as "other".
model::UserData parseUserData(const std::string& text, const std::string& file);

/// User data given as text (a template's UserData): parsed as a script whose
/// line 1 sits at `firstLine` of `file`, and the compose files and .env files
/// its heredocs write are read into `m`.
void readUserData(const std::string& text, const std::string& file, int firstLine, model::Manifests& m,
                  model::Diagnostics& diags);
/// The compose files and .env files a parsed user-data script writes with
/// heredocs, read into `m` as if they were on disk.
void readWrittenManifests(model::Manifests& m, model::Diagnostics& diags);

/// Values of a YAML application config (application.yaml) that hold ${VAR}
/// placeholders, with their dotted keys.
std::optional<model::AppConfig> parseAppConfig(const std::string& text, const std::string& file,
                                               model::Diagnostics& diags);

}  // namespace awssim::load
