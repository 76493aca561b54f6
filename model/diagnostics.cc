#include "model/diagnostics.h"

#include <algorithm>
#include <fmt/format.h>

namespace awssim::model {

std::string Location::str() const {
  if (!known()) return file;
  return fmt::format("{}:{}:{}", file, line, col);
}

static const char* levelName(Level l) {
  switch (l) {
    case Level::Error: return "error";
    case Level::Warning: return "warning";
    case Level::Note: return "note";
  }
  return "error";
}

std::string Diagnostic::str() const {
  return fmt::format("{}: {}: {}", loc.str(), levelName(level), message);
}

void Diagnostics::error(const Location& loc, std::string message) {
  items_.push_back({Level::Error, loc, std::move(message)});
  ++errors_;
}

void Diagnostics::warning(const Location& loc, std::string message) {
  items_.push_back({Level::Warning, loc, std::move(message)});
}

void Diagnostics::note(const Location& loc, std::string message) {
  items_.push_back({Level::Note, loc, std::move(message)});
}

void Diagnostics::sort() {
  std::stable_sort(items_.begin(), items_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.loc.file, a.loc.line, a.loc.col) < std::tie(b.loc.file, b.loc.line, b.loc.col);
  });
}

// Optimal string alignment distance: Levenshtein plus adjacent
// transpositions, the most common typo ("dsn" for "dns").
static size_t editDistance(const std::string& a, const std::string& b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i)
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

std::string closestMatch(const std::string& word, const std::vector<std::string>& candidates) {
  // A third of the word's length (at least 1, at most 3) keeps suggestions to
  // plausible typos rather than any short name.
  size_t limit = std::clamp<size_t>(word.size() / 3, 1, 3);
  // Keys and names are short; a huge word is no typo of any of them.
  if (word.size() > 256) return "";
  std::string best;
  size_t bestDist = limit + 1;
  for (const auto& c : candidates) {
    // The distance is at least the difference in length: skip what cannot
    // be within the limit (and so never spend quadratic time on a huge word).
    size_t gap = word.size() > c.size() ? word.size() - c.size() : c.size() - word.size();
    if (gap > limit) continue;
    size_t d = editDistance(word, c);
    if (d < bestDist) {
      bestDist = d;
      best = c;
    }
  }
  return best;
}

std::string didYouMean(const std::string& word, const std::vector<std::string>& candidates) {
  std::string m = closestMatch(word, candidates);
  return m.empty() ? "" : fmt::format("; did you mean '{}'?", m);
}

std::string joinNames(const std::vector<std::string>& names) {
  if (names.empty()) return "none";
  return fmt::format("{}", fmt::join(names, ", "));
}

}  // namespace awssim::model
