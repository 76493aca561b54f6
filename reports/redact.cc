#include "reports/redact.h"

#include <array>
#include <cctype>
#include <string_view>

#include "model/text.h"

namespace awssim::reports {

namespace {

// Names ending in one of these hold secrets, found by a plain scan: one pass
// over values of any length.
constexpr std::array<std::string_view, 10> kSecretWords = {"PASSWORD",   "PASSWD",      "SECRET",     "TOKEN",
                                                          "API_KEY",    "APIKEY",      "PRIVATE_KEY", "ACCESS_KEY",
                                                          "CREDENTIALS", "CREDENTIAL"};

// Every mask has this width, whatever the secret's length: the length of a
// password is itself a hint.
constexpr std::string_view kMask = "****";

bool isSpace(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }
bool endsValue(char c) { return isSpace(c) || std::string_view("\"',;)").find(c) != std::string_view::npos; }
bool tokenChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("._~+/=-").find(c) != std::string_view::npos;
}
bool wordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
/// Ends the authority part of a URL ("user:pw@host:port").
bool endsAuthority(char c) { return isSpace(c) || std::string_view("/?#\"'<>`").find(c) != std::string_view::npos; }

/// A value that is a reference ($VAR, ${VAR}) or already masked is left.
bool maskable(const std::string& s, size_t i) {
  return i < s.size() && !endsValue(s[i]) && s[i] != '$' && s.compare(i, kMask.size(), kMask) != 0;
}

/// Where a value assigned after a name ending at `end` starts, or npos:
/// `["']? *[=:] *["']?` followed by a maskable value.
size_t assignedValue(const std::string& s, size_t end) {
  size_t i = end;
  if (i < s.size() && (s[i] == '"' || s[i] == '\'')) ++i;
  while (i < s.size() && isSpace(s[i])) ++i;
  if (i >= s.size() || (s[i] != '=' && s[i] != ':')) return std::string::npos;
  ++i;
  while (i < s.size() && isSpace(s[i])) ++i;
  if (i < s.size() && (s[i] == '"' || s[i] == '\'')) ++i;
  return maskable(s, i) ? i : std::string::npos;
}

/// One secret's span: [begin, end) is replaced by the mask.
struct Span {
  size_t begin = std::string::npos, end = std::string::npos;
  bool found() const { return begin != std::string::npos && end > begin; }
};

size_t valueEnd(const std::string& s, size_t i) {
  while (i < s.size() && !endsValue(s[i])) ++i;
  return i;
}

/// `NAME_PASSWORD=value`, `"api_key": "value"`: the name ends in a secret word.
Span secretAssignment(const std::string& s, const std::string& upper, size_t i) {
  for (std::string_view w : kSecretWords) {
    if (upper.compare(i, w.size(), w) != 0) continue;
    size_t v = assignedValue(s, i + w.size());
    if (v != std::string::npos) return {v, valueEnd(s, v)};
  }
  return {};
}

/// `Authorization: Basic dXNlcjpwdw==`, `authorization=bearer x` in any
/// case: the scheme word stays, the credentials go.
Span authorizationHeader(const std::string& s, const std::string& upper, size_t i) {
  constexpr std::string_view kWord = "AUTHORIZATION";
  if (upper.compare(i, kWord.size(), kWord) != 0) return {};
  size_t v = assignedValue(s, i + kWord.size());
  if (v == std::string::npos) return {};
  size_t w = v;
  while (w < s.size() && std::isalpha(static_cast<unsigned char>(s[w]))) ++w;
  size_t t = w;
  while (t < s.size() && (s[t] == ' ' || s[t] == '\t')) ++t;
  if (t > w && maskable(s, t)) v = t;  // "Scheme credentials"
  return {v, valueEnd(s, v)};
}

/// `Bearer <token>` outside a header: the word as HTTP writes it, or in any
/// case when what follows looks like a token (has a digit or a separator),
/// so prose ("the bearer of bad news") is left.
Span bearerToken(const std::string& s, const std::string& upper, size_t i) {
  constexpr std::string_view kWord = "BEARER";
  if (upper.compare(i, kWord.size(), kWord) != 0 || (i > 0 && wordChar(s[i - 1]))) return {};
  size_t j = i + kWord.size();
  size_t start = j;
  while (j < s.size() && isSpace(s[j])) ++j;
  if (j == start || !maskable(s, j) || !tokenChar(s[j])) return {};
  size_t stop = j;
  bool tokenLike = false;
  while (stop < s.size() && tokenChar(s[stop])) {
    tokenLike |= !std::isalpha(static_cast<unsigned char>(s[stop]));
    ++stop;
  }
  if (s.compare(i, kWord.size(), "Bearer") != 0 && !tokenLike) return {};
  return {j, stop};
}

/// `scheme://user:password@host`: the password goes (up to the last '@' of
/// the authority, since passwords may hold '@').
Span urlPassword(const std::string& s, size_t i) {
  if (s.compare(i, 3, "://") != 0 || i == 0 || !std::isalpha(static_cast<unsigned char>(s[i - 1]))) return {};
  size_t a = i + 3, e = a, at = std::string::npos;
  while (e < s.size() && !endsAuthority(s[e])) {
    if (s[e] == '@') at = e;
    ++e;
  }
  if (at == std::string::npos) return {};
  size_t colon = std::string_view(s).substr(0, at).find(':', a);
  if (colon == std::string_view::npos) return {};
  if (colon + 1 == at || s[colon + 1] == '$' || s.compare(colon + 1, kMask.size(), kMask) == 0) return {};
  return {colon + 1, at};
}

/// `curl -u user:password`, `--user=user:password`, `--proxy-user user:pw`,
/// on a line that runs curl: the part after the colon goes.
Span curlUser(const std::string& s, size_t i, bool curlLine) {
  if (!curlLine || (i > 0 && !isSpace(s[i - 1]))) return {};
  size_t j;
  if (s.compare(i, 2, "-u") == 0 && (i + 2 >= s.size() || isSpace(s[i + 2]) || s[i + 2] == '\'' || s[i + 2] == '"'))
    j = i + 2;
  else if (s.compare(i, 6, "--user") == 0) j = i + 6;
  else if (s.compare(i, 12, "--proxy-user") == 0) j = i + 12;
  else return {};
  if (j < s.size() && s[j] == '=') ++j;
  while (j < s.size() && (s[j] == ' ' || s[j] == '\t')) ++j;
  if (j < s.size() && (s[j] == '"' || s[j] == '\'')) ++j;
  size_t stop = valueEnd(s, j);
  size_t colon = std::string_view(s).substr(0, stop).find(':', j);
  if (colon == std::string_view::npos || colon + 1 >= stop || !maskable(s, colon + 1)) return {};
  return {colon + 1, stop};
}

constexpr std::array<bool, 256> starts() {
  std::array<bool, 256> t{};
  for (std::string_view w : kSecretWords) t[static_cast<unsigned char>(w[0])] = true;
  for (char c : std::string_view("AB:-")) t[static_cast<unsigned char>(c)] = true;
  return t;
}
constexpr std::array<bool, 256> kStarts = starts();

}  // namespace

std::string redact(const std::string& text) {
  std::string upper(text.size(), ' ');
  for (size_t i = 0; i < text.size(); ++i) upper[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[i])));
  std::string out;
  out.reserve(text.size());
  size_t copied = 0;
  size_t lineEnd = 0;
  bool curlLine = false;
  for (size_t i = 0; i < text.size(); ++i) {
    if (i >= lineEnd) {
      // Per line: whether it runs curl (for -u), found once per line.
      lineEnd = text.find('\n', i);
      if (lineEnd == std::string::npos) lineEnd = text.size();
      curlLine = std::string_view(upper).substr(i, lineEnd - i).find("CURL") != std::string_view::npos;
    }
    // Every pattern starts with one of these: the letters that begin a
    // secret word, AUTHORIZATION or BEARER, ':' of "://", '-' of curl's flags.
    char c = upper[i];
    if (!kStarts[static_cast<unsigned char>(c)]) continue;
    Span sp = secretAssignment(text, upper, i);
    if (!sp.found()) sp = authorizationHeader(text, upper, i);
    if (!sp.found()) sp = bearerToken(text, upper, i);
    if (!sp.found()) sp = urlPassword(text, i);
    if (!sp.found()) sp = curlUser(text, i, curlLine);
    if (!sp.found()) continue;
    out.append(text, copied, sp.begin - copied).append(kMask);
    copied = sp.end;
    i = sp.end - 1;
  }
  out.append(text, copied, std::string::npos);
  return out;
}

std::string safeOutput(const std::string& text) { return model::escapeControls(redact(text)); }

}  // namespace awssim::reports
