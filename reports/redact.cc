#include "reports/redact.h"

#include <regex>

namespace awssim::reports {

std::string redact(const std::string& text) {
  // NAME=value and NAME: value, where NAME ends in a secret word; values that
  // are references (${VAR}, $VAR) or already masked stay as they are.
  static const std::regex assignment(
      R"(([A-Za-z0-9_.-]*(?:PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_KEY|ACCESS_KEY|CREDENTIALS?))(["']?\s*[=:]\s*)(["']?)([^\s"'$*][^\s"',;)]*))",
      std::regex::icase);
  static const std::regex bearer(R"((Bearer\s+)[A-Za-z0-9._~+/=-]+)");
  std::string out = std::regex_replace(text, assignment, "$1$2$3****");
  return std::regex_replace(out, bearer, "$1****");
}

}  // namespace awssim::reports
