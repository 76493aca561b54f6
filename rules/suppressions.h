// Suppressions and baselines: findings the deployer has accepted (with a
// reason, possibly until a date) and findings that existed before, so that
// a CI gate reports only what is new.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "model/stack.h"
#include "rules/finding.h"

namespace awssim::rules {

/// Today as YYYY-MM-DD (UTC), or AWSSIM_TODAY when set, for reproducible runs.
std::string todayDate();

/// Marks the findings that a live suppression covers.
void applySuppressions(std::vector<Finding>& findings, const model::Stack& stack, const std::string& today);

/// A finding's identity across runs: rule, resource and file (not the line,
/// which moves when the file is edited).
/// A finding's identity across runs: rule, resource and the file relative
/// to the project root (the repository's top, see cli), so two stack.yaml
/// files of one project never share one; with no root, the file name alone
/// (the form baselines written before had, still accepted).
std::string fingerprint(const Finding& f, const std::string& projectRoot = "");

/// Suppressions that cannot be doing what their author meant, as warnings at
/// their line: a rule awssim does not have (with the closest ID), a resource
/// no finding and no resource of the stack has, or one that matches no
/// finding at all. `findings` is every finding, suppressed ones marked.
std::vector<model::Diagnostic> suppressionWarnings(const model::Stack& stack, const std::vector<Finding>& findings,
                                                   const std::string& today);

/// The active findings' fingerprints as a baseline (JSON); cli/ writes it.
std::string baselineText(const std::vector<Finding>& findings, const std::string& projectRoot = "");
/// The fingerprints of a baseline's text; nullopt (with located
/// diagnostics) when it is not exactly what baselineText writes.
std::optional<std::set<std::string>> parseBaseline(const std::string& text, const std::string& path,
                                                   model::Diagnostics& diags);
void applyBaseline(std::vector<Finding>& findings, const std::set<std::string>& baseline, const std::string& projectRoot = "");

}  // namespace awssim::rules
