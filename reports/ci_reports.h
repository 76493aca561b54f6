// `awssim check` for machines: a versioned JSON document, JUnit XML (one
// suite per category, one case per expectation, intent and rule x resource)
// and SARIF 2.1.0 (rules with help and security-severity, results at the
// manifest line, stable fingerprints, suppressions). They format a
// CheckResult and derive nothing.
#pragma once

#include <optional>

#include <string>

#include "rules/check.h"

namespace awssim::reports {

constexpr int kCheckJsonSchemaVersion = 1;

std::string checkJson(const model::Stack& stack, const rules::CheckResult& r);
/// `timestamp` is YYYY-MM-DD (JUnit wants one; the day keeps output stable).
std::string checkJunit(const model::Stack& stack, const rules::CheckResult& r, const std::string& timestamp);
std::string checkSarif(const model::Stack& stack, const rules::CheckResult& r);
/// A pull-request comment: what fails, in tables, and the monthly cost.
std::string checkMarkdown(const model::Stack& stack, const rules::CheckResult& r);
/// A report in `format` (text, json, junit, sarif, markdown, html) for input
/// awssim could not use: the verdict (exit 2) and every error at its
/// file:line; nullopt for an unknown format.
std::optional<std::string> inputErrorReport(const std::string& format, const std::string& stack,
                                            const model::Diagnostics& diags, const std::string& timestamp);

}  // namespace awssim::reports
