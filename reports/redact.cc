#include "reports/redact.h"

#include <array>
#include <cctype>
#include <string_view>

namespace awssim::reports {

namespace {

// Names ending in one of these hold secrets, found by a plain scan: one pass
// over values of any length.
constexpr std::array<std::string_view, 11> kSecretWords = {"PASSWORD",   "PASSWD",     "SECRET",      "TOKEN",
                                                          "API_KEY",    "APIKEY",     "PRIVATE_KEY", "ACCESS_KEY",
                                                          "CREDENTIALS", "CREDENTIAL", "BEARER"};

bool isSpace(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }
bool endsValue(char c) { return isSpace(c) || std::string_view("\"',;)").find(c) != std::string_view::npos; }
bool tokenChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("._~+/=-").find(c) != std::string_view::npos;
}

/// Where a value assigned after a secret word at [at, at+len) starts, or
/// npos: `WORD["']? *[=:] *["']?` followed by a value that is not a
/// reference ($VAR, ${VAR}) or already masked.
size_t assignedValue(const std::string& s, size_t end) {
  size_t i = end;
  if (i < s.size() && (s[i] == '"' || s[i] == '\'')) ++i;
  while (i < s.size() && isSpace(s[i])) ++i;
  if (i >= s.size() || (s[i] != '=' && s[i] != ':')) return std::string::npos;
  ++i;
  while (i < s.size() && isSpace(s[i])) ++i;
  if (i < s.size() && (s[i] == '"' || s[i] == '\'')) ++i;
  if (i >= s.size() || endsValue(s[i]) || s[i] == '$' || s[i] == '*') return std::string::npos;
  return i;
}

}  // namespace

std::string redact(const std::string& text) {
  std::string upper(text.size(), ' ');
  for (size_t i = 0; i < text.size(); ++i) upper[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[i])));
  std::string out;
  out.reserve(text.size());
  size_t copied = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    for (std::string_view w : kSecretWords) {
      if (upper.compare(i, w.size(), w) != 0) continue;
      size_t end = i + w.size(), value = std::string::npos;
      if (w == "BEARER") {
        // "Bearer <token>" in an Authorization header (as written: the word
        // in prose is not a header).
        if (text.compare(i, 6, "Bearer") != 0) continue;
        size_t j = end;
        while (j < text.size() && isSpace(text[j])) ++j;
        if (j > end && j < text.size() && tokenChar(text[j]) && text.compare(j, 4, "****") != 0) value = j;
      } else {
        value = assignedValue(text, end);
      }
      if (value == std::string::npos) continue;
      size_t stop = value;
      if (w == "BEARER") while (stop < text.size() && tokenChar(text[stop])) ++stop;
      else while (stop < text.size() && !endsValue(text[stop])) ++stop;
      out.append(text, copied, value - copied).append("****");
      copied = stop;
      i = stop - 1;
      break;
    }
  }
  out.append(text, copied, std::string::npos);
  return out;
}

}  // namespace awssim::reports
