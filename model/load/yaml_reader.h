// YamlReader: typed, located access to a parsed YAML (or JSON) document.
// Every accessor reports what is wrong with a node as a diagnostic at the
// node's line:column and returns nullopt, so loaders can carry on and report
// every problem in one run. JSON files are read through yaml-cpp too (JSON is
// YAML 1.2 flow syntax) because it keeps each node's position; in JSON mode
// the reader also enforces JSON's types (a quoted "2048" is not a number).
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/diagnostics.h"

namespace awssim::load {

using model::Diagnostics;
using model::Location;

class YamlReader {
 public:
  YamlReader(std::string file, Diagnostics& diags, bool json = false)
      : file_(std::move(file)), diags_(diags), json_(json) {}

  const std::string& file() const { return file_; }
  Diagnostics& diags() { return diags_; }
  Location loc(const YAML::Node& n) const;
  void error(const YAML::Node& n, const std::string& msg) { diags_.error(loc(n), msg); }
  void warning(const YAML::Node& n, const std::string& msg) { diags_.warning(loc(n), msg); }

  /// Reports and returns false when the node is not of the kind.
  bool isMap(const YAML::Node& n, std::string_view what);
  bool isSeq(const YAML::Node& n, std::string_view what);

  /// Reports keys not in `known` (with a suggestion) and keys given twice.
  void checkKeys(const YAML::Node& map, std::string_view what, const std::vector<std::string>& known);
  /// Reports each of `required` that the map lacks, at the map.
  bool requireKeys(const YAML::Node& map, std::string_view what, const std::vector<std::string>& required);

  /// Calls fn(name, keyNode, value) for each entry of a name -> spec map,
  /// reporting names given twice (the later ones are skipped).
  void forEachNamed(const YAML::Node& map, std::string_view what,
                    const std::function<void(const std::string&, const YAML::Node&, const YAML::Node&)>& fn);

  // Conversions of one node; `what` names it in messages ("subnet 'a' cidr").
  std::optional<std::string> toStr(const YAML::Node& n, std::string_view what);
  std::optional<int64_t> toInt(const YAML::Node& n, std::string_view what, int64_t min, int64_t max);
  std::optional<bool> toBool(const YAML::Node& n, std::string_view what);
  std::optional<double> toNumber(const YAML::Node& n, std::string_view what, double min, double max);
  /// A scalar or a list of scalars, as a list.
  std::vector<std::string> toStrList(const YAML::Node& n, std::string_view what);

  // Field accessors on a map: absent or null keys give nullopt silently.
  std::optional<std::string> str(const YAML::Node& map, const char* key, std::string_view what);
  std::optional<int64_t> integer(const YAML::Node& map, const char* key, std::string_view what,
                                 int64_t min, int64_t max);
  std::optional<bool> boolean(const YAML::Node& map, const char* key, std::string_view what);
  std::vector<std::string> strList(const YAML::Node& map, const char* key, std::string_view what);
  /// A string that must be one of `allowed` (an error with a suggestion
  /// otherwise); absent gives nullopt silently.
  std::optional<std::string> oneOf(const YAML::Node& map, const char* key, std::string_view what,
                                   const std::vector<std::string>& allowed);
  /// The value node of a key, or an undefined node when absent or null.
  static YAML::Node get(const YAML::Node& map, const char* key);
  /// Whether the key is present, even with a null value.
  static bool hasKey(const YAML::Node& map, const char* key);
  /// The location of a key (not its value), or of the map when absent.
  Location keyLoc(const YAML::Node& map, const char* key) const;

 private:
  std::string file_;
  Diagnostics& diags_;
  bool json_;
};

/// "a mapping", "a list", "a string" ... for type errors.
std::string nodeKindName(const YAML::Node& n);

/// Parses YAML text; on a syntax error reports it at its position and returns
/// nullopt. Also rejects documents that expand aliases beyond a sane size.
std::optional<YAML::Node> parseYaml(const std::string& text, const std::string& file, Diagnostics& diags);

/// Parses JSON text strictly (nlohmann/json, so trailing commas, comments and
/// single quotes are errors as they are for the AWS CLI), then re-reads it with
/// yaml-cpp to keep positions. Syntax errors are reported at line:column.
std::optional<YAML::Node> parseJson(const std::string& text, const std::string& file, Diagnostics& diags);

}  // namespace awssim::load
