// Pieces every CI format shares (check's and diff's reports): JSON
// locations, JUnit suites and cases, SARIF levels and URIs, Markdown cells.
#pragma once

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include <string>

#include "model/diagnostics.h"
#include "rules/finding.h"

namespace awssim::reports::ci {

nlohmann::ordered_json locationJson(const model::Location& l);

/// A JUnit document's <testsuites> root, after the XML declaration.
pugi::xml_node junitRoot(pugi::xml_document& doc);
/// The document as text, indented.
std::string xmlText(const pugi::xml_document& doc);

struct Suite {
  pugi::xml_node node;
  int tests = 0, failures = 0, skipped = 0;
};
Suite openSuite(pugi::xml_node root, int id, const std::string& name, const std::string& timestamp);
pugi::xml_node testcase(Suite& s, const std::string& classname, const std::string& name);
void fail(Suite& s, pugi::xml_node c, const std::string& type, const std::string& message, const std::string& body);
void closeSuite(Suite& s);

const char* sarifLevel(rules::Severity s);
/// GitHub's code scanning reads a 0-10 score from security-severity.
const char* securitySeverity(rules::Severity s);
std::string uriOf(const std::string& file);
/// A SARIF physicalLocation for a location (the line when known).
nlohmann::ordered_json sarifLocation(const model::Location& l);

/// A Markdown table cell: pipes escaped, newlines folded.
std::string cell(std::string s);

}  // namespace awssim::reports::ci
