// Diagnostics: problems found while loading and validating manifests. Every
// diagnostic carries the file and 1-based line:column it is about, so that
// users can jump to it; loaders collect them all instead of stopping at the
// first, and the CLI decides what to do with them (exit code 2 on errors).
#pragma once

#include <string>
#include <vector>

namespace awssim::model {

/// A place in a manifest. line == 0 means "the whole file".
struct Location {
  std::string file;
  int line = 0;
  int col = 0;

  bool known() const { return line > 0; }
  /// "file:line:col", or "file" when the line is unknown.
  std::string str() const;
};

enum class Level { Error, Warning, Note };

struct Diagnostic {
  Level level = Level::Error;
  Location loc;
  std::string message;

  /// "file:line:col: error: message"
  std::string str() const;
};

/// An ordered collection of diagnostics; order is the order of discovery,
/// which follows the input files top to bottom.
class Diagnostics {
 public:
  void error(const Location& loc, std::string message);
  void warning(const Location& loc, std::string message);
  void note(const Location& loc, std::string message);

  bool hasErrors() const { return errors_ > 0; }
  int errorCount() const { return errors_; }
  const std::vector<Diagnostic>& all() const { return items_; }
  /// Sorts by file, line and column (stable), so output does not depend on
  /// the order in which checks ran.
  void sort();

 private:
  std::vector<Diagnostic> items_;
  int errors_ = 0;
};

/// The closest candidate to `word` by edit distance, or "" when none is close
/// enough to be a plausible typo. Used for "did you mean" hints.
std::string closestMatch(const std::string& word, const std::vector<std::string>& candidates);

/// "; did you mean 'x'?" or "" when nothing is close.
std::string didYouMean(const std::string& word, const std::vector<std::string>& candidates);

/// "a, b, c" (or "none") for listing what exists.
std::string joinNames(const std::vector<std::string>& names);

}  // namespace awssim::model
