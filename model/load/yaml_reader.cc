#include "model/load/yaml_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_set>

#include "model/text.h"

namespace awssim::load {

Location YamlReader::loc(const YAML::Node& n) const {
  // A node without a position (an empty document, a key that is absent) is
  // placed at the file's start: every diagnostic has a line and column.
  if (!n.IsDefined() || n.Mark().is_null()) return {file_, 1, 1};
  return {file_, n.Mark().line + 1, n.Mark().column + 1};
}

std::string nodeKindName(const YAML::Node& n) {
  if (!n.IsDefined() || n.IsNull()) return "nothing";
  if (n.IsMap()) return "a mapping";
  if (n.IsSequence()) return "a list";
  return fmt::format("'{}'", n.Scalar());
}

bool YamlReader::isMap(const YAML::Node& n, std::string_view what) {
  if (n.IsMap()) return true;
  error(n, fmt::format("{} must be a mapping, got {}", what, nodeKindName(n)));
  return false;
}

bool YamlReader::isSeq(const YAML::Node& n, std::string_view what) {
  if (n.IsSequence()) return true;
  error(n, fmt::format("{} must be a list, got {}", what, nodeKindName(n)));
  return false;
}

void YamlReader::checkKeys(const YAML::Node& map, std::string_view what, const std::vector<std::string>& known) {
  if (!map.IsMap()) return;
  std::set<std::string> seen;
  for (auto it = map.begin(); it != map.end(); ++it) {
    if (!it->first.IsScalar()) {
      error(it->first, fmt::format("{}: keys must be strings", what));
      continue;
    }
    const std::string& key = it->first.Scalar();
    if (!seen.insert(key).second) {
      error(it->first, fmt::format("{}: key '{}' is given twice", what, key));
      continue;
    }
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      error(it->first, fmt::format("{}: unknown key '{}'{}", what, key, model::didYouMean(key, known)));
    }
  }
}

bool YamlReader::requireKeys(const YAML::Node& map, std::string_view what, const std::vector<std::string>& required) {
  bool ok = true;
  for (const auto& k : required) {
    if (!get(map, k.c_str()).IsDefined()) {
      error(map, fmt::format("{}: missing required key '{}'", what, k));
      ok = false;
    }
  }
  return ok;
}

void YamlReader::forEachNamed(const YAML::Node& map, std::string_view what,
                              const std::function<void(const std::string&, const YAML::Node&, const YAML::Node&)>& fn) {
  if (!map.IsDefined() || map.IsNull()) return;
  if (!isMap(map, what)) return;
  std::set<std::string> seen;
  for (auto it = map.begin(); it != map.end(); ++it) {
    if (!it->first.IsScalar() || it->first.Scalar().empty()) {
      error(it->first, fmt::format("{}: names must be non-empty strings", what));
      continue;
    }
    const std::string& name = it->first.Scalar();
    if (!seen.insert(name).second) {
      error(it->first, fmt::format("{}: '{}' is defined twice", what, name));
      continue;
    }
    fn(name, it->first, it->second);
  }
}

// In JSON, yaml-cpp tags quoted scalars "!" and plain ones (numbers, true,
// false, null) "?".
static bool isQuoted(const YAML::Node& n) { return n.Tag() == "!"; }

std::optional<std::string> YamlReader::toStr(const YAML::Node& n, std::string_view what) {
  if (!n.IsScalar()) {
    error(n, fmt::format("{} must be a string, got {}", what, nodeKindName(n)));
    return std::nullopt;
  }
  if (json_ && !isQuoted(n)) {
    error(n, fmt::format("{} must be a JSON string, got {}", what, n.Scalar()));
    return std::nullopt;
  }
  return n.Scalar();
}

std::optional<int64_t> YamlReader::toInt(const YAML::Node& n, std::string_view what, int64_t min, int64_t max) {
  if (!n.IsScalar() || (json_ && isQuoted(n))) {
    error(n, fmt::format("{} must be a whole number, got {}", what, n.IsScalar() ? "a string" : nodeKindName(n)));
    return std::nullopt;
  }
  const std::string& s = n.Scalar();
  int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec == std::errc::result_out_of_range || (ec == std::errc() && p == s.data() + s.size() && (v < min || v > max))) {
    error(n, fmt::format("{} must be between {} and {}, got {}", what, min, max, s));
    return std::nullopt;
  }
  if (ec != std::errc() || p != s.data() + s.size()) {
    error(n, fmt::format("{} must be a whole number, got '{}'", what, s));
    return std::nullopt;
  }
  return v;
}

std::optional<double> YamlReader::toNumber(const YAML::Node& n, std::string_view what, double min, double max) {
  if (n.IsScalar() && !(json_ && isQuoted(n))) {
    const std::string& s = n.Scalar();
    double v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec == std::errc() && p == s.data() + s.size()) {
      if (v >= min && v <= max) return v;
      error(n, fmt::format("{} must be between {} and {}, got {}", what, min, max, s));
      return std::nullopt;
    }
  }
  error(n, fmt::format("{} must be a number, got {}", what, nodeKindName(n)));
  return std::nullopt;
}

std::optional<bool> YamlReader::toBool(const YAML::Node& n, std::string_view what) {
  if (n.IsScalar() && !(json_ && isQuoted(n))) {
    const std::string& s = n.Scalar();
    if (s == "true" || s == "True" || s == "TRUE") return true;
    if (s == "false" || s == "False" || s == "FALSE") return false;
  }
  error(n, fmt::format("{} must be true or false, got {}", what, nodeKindName(n)));
  return std::nullopt;
}

std::vector<std::string> YamlReader::toStrList(const YAML::Node& n, std::string_view what) {
  std::vector<std::string> out;
  if (n.IsScalar()) {
    if (auto s = toStr(n, what)) out.push_back(*s);
    return out;
  }
  if (!n.IsSequence()) {
    error(n, fmt::format("{} must be a string or a list of strings, got {}", what, nodeKindName(n)));
    return out;
  }
  for (const auto& item : n)
    if (auto s = toStr(item, what)) out.push_back(*s);
  return out;
}

YAML::Node YamlReader::get(const YAML::Node& map, const char* key) {
  if (!map.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
  for (auto it = map.begin(); it != map.end(); ++it) {
    if (it->first.IsScalar() && it->first.Scalar() == key) {
      if (it->second.IsNull()) return YAML::Node(YAML::NodeType::Undefined);
      return it->second;
    }
  }
  return YAML::Node(YAML::NodeType::Undefined);
}

bool YamlReader::hasKey(const YAML::Node& map, const char* key) {
  if (!map.IsMap()) return false;
  for (auto it = map.begin(); it != map.end(); ++it)
    if (it->first.IsScalar() && it->first.Scalar() == key) return true;
  return false;
}

Location YamlReader::keyLoc(const YAML::Node& map, const char* key) const {
  if (map.IsMap())
    for (auto it = map.begin(); it != map.end(); ++it)
      if (it->first.IsScalar() && it->first.Scalar() == key) return loc(it->first);
  return loc(map);
}

std::optional<std::string> YamlReader::str(const YAML::Node& map, const char* key, std::string_view what) {
  YAML::Node v = get(map, key);
  if (!v.IsDefined()) return std::nullopt;
  return toStr(v, fmt::format("{} '{}'", what, key));
}

std::optional<int64_t> YamlReader::integer(const YAML::Node& map, const char* key, std::string_view what,
                                           int64_t min, int64_t max) {
  YAML::Node v = get(map, key);
  if (!v.IsDefined()) return std::nullopt;
  return toInt(v, fmt::format("{} '{}'", what, key), min, max);
}

std::optional<bool> YamlReader::boolean(const YAML::Node& map, const char* key, std::string_view what) {
  YAML::Node v = get(map, key);
  if (!v.IsDefined()) return std::nullopt;
  return toBool(v, fmt::format("{} '{}'", what, key));
}

std::optional<std::string> YamlReader::oneOf(const YAML::Node& map, const char* key, std::string_view what,
                                             const std::vector<std::string>& allowed) {
  auto v = str(map, key, what);
  if (!v || std::find(allowed.begin(), allowed.end(), *v) != allowed.end()) return v;
  error(get(map, key), fmt::format("{} '{}' must be one of {}, got '{}'{}", what, key, model::joinNames(allowed), *v,
                                   model::didYouMean(*v, allowed)));
  return std::nullopt;
}

std::vector<std::string> YamlReader::strList(const YAML::Node& map, const char* key, std::string_view what) {
  YAML::Node v = get(map, key);
  if (!v.IsDefined()) return {};
  return toStrList(v, fmt::format("{} '{}'", what, key));
}

// yaml-cpp shares aliased nodes, so "a: &x [...]; b: [*x, *x, ...]" is small in
// memory but a walk over it is exponential (the "billion laughs"). Counting
// nodes with a budget before any loader walks the tree keeps that bounded.
// The same walk finds keys given twice in one mapping: YAML forbids them,
// yaml-cpp keeps both and lookups see only the first.
static bool withinBudget(const YAML::Node& n, size_t& budget, int depth, const std::string& file,
                         std::vector<std::pair<Location, std::string>>& duplicates) {
  if (budget == 0 || depth > 200) return false;
  --budget;
  if (n.IsMap()) {
    std::unordered_set<std::string> keys;
    for (auto it = n.begin(); it != n.end(); ++it) {
      if (it->first.IsScalar() && !keys.insert(it->first.Scalar()).second && duplicates.size() < 100) {
        Location l{file, it->first.Mark().line + 1, it->first.Mark().column + 1};
        // An aliased mapping is walked once per alias: report each place once.
        if (std::find_if(duplicates.begin(), duplicates.end(), [&](const auto& d) {
              return d.first.line == l.line && d.first.col == l.col;
            }) == duplicates.end())
          duplicates.emplace_back(l, it->first.Scalar());
      }
      if (!withinBudget(it->first, budget, depth + 1, file, duplicates) ||
          !withinBudget(it->second, budget, depth + 1, file, duplicates))
        return false;
    }
  } else if (n.IsSequence()) {
    for (const auto& item : n)
      if (!withinBudget(item, budget, depth + 1, file, duplicates)) return false;
  }
  return true;
}

// Without aliases every node takes at least a byte of text, so a budget of
// the text's size (and at least a million) passes any real file, an
// account's 100k interfaces included, and still stops alias bombs, whose
// expansion grows exponentially with their size.
constexpr size_t kMinNodeBudget = 1'000'000;

// The line where a second document starts, found from the markers: a
// line that is "---" (or "...", the end of one) at the first column after
// the first document's content, followed by more content. yaml-cpp's own
// multi-document loader does not end on some malformed input, so it is not
// used.
static std::optional<int> secondDocument(const std::string& text) {
  bool content = false, ended = false;
  std::optional<int> marker;
  int line = 0;
  for (size_t at = 0; at < text.size();) {
    size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    std::string_view l(text.data() + at, end - at);
    at = end + 1;
    ++line;
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    bool isMarker = (l.substr(0, 3) == "---" || l.substr(0, 3) == "...") && (l.size() == 3 || l[3] == ' ' || l[3] == '\t');
    std::string_view rest = isMarker ? l.substr(3) : l;
    size_t first = rest.find_first_not_of(" \t");
    bool hasContent = first != std::string_view::npos && rest[first] != '#' && !(rest[first] == '%' && !content);
    if (isMarker && (content || ended)) {
      if (!marker) marker = line;
      ended = true;
    } else if (isMarker && l.substr(0, 3) == "...") {
      ended = true;
    }
    if (hasContent) {
      if (marker || (ended && !isMarker)) return marker ? marker : std::optional<int>(line);
      content = true;
    }
  }
  return std::nullopt;
}

std::optional<YAML::Node> parseYaml(const std::string& text, const std::string& file, Diagnostics& diags) {
  // YAML and JSON files are UTF-8; anything else is rejected before parsing
  // so that no message or report carries broken text.
  if (auto bad = model::invalidUtf8At(text, file)) {
    diags.error(*bad, "the file is not valid UTF-8 here");
    return std::nullopt;
  }
  // A second document would be ignored by every loader: it is an error,
  // not a silent loss.
  if (auto line = secondDocument(text)) {
    diags.error(Location{file, *line, 1}, "a second YAML document starts here; awssim reads one document per file");
    return std::nullopt;
  }
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    // yaml-cpp stops deeply nested documents with the message "bad file".
    std::string msg = e.msg == "bad file" ? "nesting is too deep" : e.msg;
    diags.error({file, e.mark.line + 1, e.mark.column + 1}, fmt::format("YAML syntax error: {}", msg));
    return std::nullopt;
  } catch (const std::exception& e) {
    diags.error({file, 0, 0}, fmt::format("cannot parse YAML: {}", e.what()));
    return std::nullopt;
  }
  const size_t limit = std::max(kMinNodeBudget, text.size());
  size_t budget = limit;
  std::vector<std::pair<Location, std::string>> duplicates;
  if (!withinBudget(root, budget, 0, file, duplicates)) {
    diags.error({file, 1, 1}, fmt::format("document is too large or too deeply nested once aliases are expanded "
                                          "(more than {} nodes or 200 levels)", limit));
    return std::nullopt;
  }
  if (!duplicates.empty()) {
    for (const auto& [where, key] : duplicates)
      diags.error(where, fmt::format("key '{}' is given twice in the same mapping", model::shorten(key, 80)));
    return std::nullopt;
  }
  return root;
}

namespace {

// Checks syntax only: no document is built, and nlohmann's SAX parser keeps
// its own stack, so deeply nested input cannot exhaust ours.
struct SyntaxOnly : nlohmann::json::json_sax_t {
  std::string error;
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t, const std::string&, const nlohmann::json::exception& ex) override {
    error = ex.what();
    return false;
  }
};

}  // namespace

std::optional<YAML::Node> parseJson(const std::string& text, const std::string& file, Diagnostics& diags) {
  if (auto bad = model::invalidUtf8At(text, file)) {
    diags.error(*bad, "the file is not valid UTF-8 here");
    return std::nullopt;
  }
  SyntaxOnly sax;
  if (!nlohmann::json::sax_parse(text, &sax)) {
    // nlohmann's message reads "[json.exception.parse_error.101] parse error at
    // line L, column C: detail"; keep the detail and place it at L:C.
    // The message can quote a long stretch of input, so it is read by hand
    // (a regex over it once overflowed the stack) and the quote is cut short.
    int line = 0, col = 0, used = 0;
    size_t at = sax.error.find("at line ");
    std::string detail = sax.error;
    if (at != std::string::npos &&
        std::sscanf(sax.error.c_str() + at, "at line %d, column %d: %n", &line, &col, &used) == 2 && used > 0)
      detail = sax.error.substr(at + static_cast<size_t>(used));
    detail = model::shorten(detail, 203);
    diags.error({file, line > 0 ? line : 1, col > 0 ? col : 1}, "JSON syntax error: " + detail);
    return std::nullopt;
  }
  return parseYaml(text, file, diags);
}

}  // namespace awssim::load
