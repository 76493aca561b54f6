#include "reports/ci_format.h"

#include <algorithm>
#include <filesystem>
#include <sstream>

namespace awssim::reports::ci {

using nlohmann::ordered_json;

ordered_json locationJson(const model::Location& l) {
  if (!l.known()) return {{"file", l.file}};
  return {{"file", l.file}, {"line", l.line}, {"column", l.col}};
}

pugi::xml_node junitRoot(pugi::xml_document& doc) {
  auto decl = doc.prepend_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  return doc.append_child("testsuites");
}

std::string xmlText(const pugi::xml_document& doc) {
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
  return out.str();
}

Suite openSuite(pugi::xml_node root, int id, const std::string& name, const std::string& timestamp) {
  pugi::xml_node s = root.append_child("testsuite");
  s.append_attribute("name") = name.c_str();
  s.append_attribute("package") = "awssim";
  s.append_attribute("id") = id;
  s.append_attribute("timestamp") = (timestamp + "T00:00:00").c_str();
  s.append_attribute("hostname") = "awssim";
  s.append_child("properties");
  return {s};
}

pugi::xml_node testcase(Suite& s, const std::string& classname, const std::string& name) {
  pugi::xml_node c = s.node.append_child("testcase");
  c.append_attribute("name") = name.c_str();
  c.append_attribute("classname") = classname.c_str();
  c.append_attribute("time") = "0";
  ++s.tests;
  return c;
}

void fail(Suite& s, pugi::xml_node c, const std::string& type, const std::string& message, const std::string& body) {
  pugi::xml_node f = c.append_child("failure");
  f.append_attribute("type") = type.c_str();
  f.append_attribute("message") = message.c_str();
  f.text().set(body.c_str());
  ++s.failures;
}

void closeSuite(Suite& s) {
  s.node.append_attribute("tests") = s.tests;
  s.node.append_attribute("failures") = s.failures;
  s.node.append_attribute("errors") = 0;
  s.node.append_attribute("skipped") = s.skipped;
  s.node.append_attribute("time") = "0";
  s.node.append_child("system-out");
  s.node.append_child("system-err");
}

const char* sarifLevel(rules::Severity s) {
  switch (s) {
    case rules::Severity::Critical:
    case rules::Severity::High: return "error";
    case rules::Severity::Medium: return "warning";
    case rules::Severity::Low: return "note";
  }
  return "warning";
}

const char* securitySeverity(rules::Severity s) {
  switch (s) {
    case rules::Severity::Critical: return "9.5";
    case rules::Severity::High: return "8.0";
    case rules::Severity::Medium: return "5.5";
    case rules::Severity::Low: return "2.0";
  }
  return "5.5";
}

std::string uriOf(const std::string& file) { return std::filesystem::path(file).lexically_normal().generic_string(); }

ordered_json sarifLocation(const model::Location& l) {
  ordered_json phys = {{"artifactLocation", {{"uri", uriOf(l.file)}}}};
  if (l.known()) phys["region"] = {{"startLine", l.line}, {"startColumn", std::max(l.col, 1)}};
  return phys;
}

std::string cell(std::string s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += "\\|";
    else if (c == '\n') out += ' ';
    else out += c;
  }
  return out;
}

}  // namespace awssim::reports::ci
