#include "reports/check_text.h"

#include <fmt/format.h>

#include <sstream>

#include "reports/cost_report.h"
#include "reports/ecs_report.h"
#include "reports/intents_report.h"
#include "reports/summary.h"
#include "reports/trace_report.h"

namespace awssim::reports {

namespace {

// One line per finding: rule, severity, resource and where.
std::string compactFindings(const std::vector<rules::Finding>& findings) {
  std::string out;
  for (const auto& f : findings)
    out += fmt::format("  {} [{}] {}  [{}]\n", f.rule_id, rules::severityName(f.severity), f.resource, f.loc.str());
  return out;
}

}  // namespace

std::string formatCheckText(const model::Stack& stack, const sim::Network& net, const rules::CheckResult& result,
                            const std::string& writtenBaseline, const TextOptions& options) {
  std::ostringstream out;
  if (!options.quiet) out << formatSummary(stack);
  const auto& results = result.expectations;
  bool listExpectations = !results.empty() && (!options.quiet || result.failedExpectations() > 0);
  if (listExpectations) out << "\nexpectations:\n";
  for (const auto& r : results) {
    const auto& e = *r.expectation;
    if (options.quiet && r.holds) continue;
    std::string status = !r.error.empty() ? "ERROR" : r.holds ? "ok" : "FAIL";
    out << fmt::format("  {:<4} {}  [{}]\n", status, e.text, e.loc.str());
    if (r.holds || options.compact) continue;
    if (!r.error.empty()) {
      out << "       " << r.error << "\n";
      continue;
    }
    if (r.traffic) {
      out << wrap(fmt::format("expected {}, but {} gets through", e.reachable ? "reachable" : "unreachable", r.traffic->str()), 80, 7);
    } else {
      std::string detail = formatQueryShort(r.result, r.question);
      out << wrap(fmt::format("expected {}, got {}", e.reachable ? "reachable" : "unreachable",
                                             r.reachable ? "reachable" : "not reachable"), 80, 7);
      std::istringstream lines(detail);
      std::string line;
      std::getline(lines, line);  // the verdict line repeats the question
      while (std::getline(lines, line)) out << "     " << line << "\n";
    }
  }
  if (listExpectations)
    out << fmt::format("{} of {} expectations hold\n", results.size() - result.failedExpectations(), results.size());
  if (options.quiet) {
    // Failing intents are findings (AWSSIM-INTENT-*): listed with them.
    std::vector<rules::Finding> active;
    for (const auto& f : result.findings)
      if (f.active()) active.push_back(f);
    if (!active.empty()) out << "\nfindings:\n" << (options.compact ? compactFindings(active) : formatFindings(active));
    if (!result.verdict.empty()) out << "\n" << result.verdict << "\n";
    return out.str();
  }
  if (!result.intents.empty()) out << "\nintents (derived from the manifests):\n" << formatIntents(result.intents);
  if (!stack.ecs_services.empty()) out << "\necs:\n" << formatEcs(net, result.service_connect, {});
  if (result.cost) {
    const auto& cost = *result.cost;
    out << fmt::format("\ncost: {}/month on-demand", money(cost.total));
    if (cost.plan == "legacy") out << fmt::format(", {}/month to pay in the free-tier year", money(cost.total_after_free_tier));
    if (cost.budget) out << fmt::format(" (budget {})", money(*cost.budget));
    out << " (details: awssim cost)\n";
    // A price the table lacks changes the total: said where the total is.
    for (const auto& w : cost.warnings) out << wrap("warning: " + w, 80, 2);
    if (result.cost_before) {
      double change = cost.total - result.cost_before->total;
      out << fmt::format("cost change against the compared stack: {}{}/month on-demand ({} -> {})\n", change >= 0 ? "+" : "-",
                         money(std::abs(change)), money(result.cost_before->total),
                         money(cost.total));
    }
  }
  std::vector<rules::Finding> active, accepted;
  size_t baselined = 0;
  for (const auto& f : result.findings) {
    if (f.active()) active.push_back(f);
    else if (f.suppressed) accepted.push_back(f);
    else ++baselined;
  }
  if (!active.empty()) out << "\nfindings:\n" << (options.compact ? compactFindings(active) : formatFindings(active));
  if (!accepted.empty()) {
    out << "\nsuppressed:\n";
    for (const auto& f : accepted)
      out << hanging(fmt::format("{} {}: {}", f.rule_id, f.resource, f.suppression), 80, 2, 4);
  }
  if (baselined) out << fmt::format("\n{} finding{} already in the baseline\n", baselined, baselined == 1 ? "" : "s");
  if (!writtenBaseline.empty())
    out << fmt::format("\nbaseline of {} findings written to {}\n", result.findings.size(), writtenBaseline);
  if (!result.verdict.empty()) out << "\n" << result.verdict << "\n";
  return out.str();
}

namespace {

constexpr const char* kRed = "\033[1;31m";
constexpr const char* kGreen = "\033[32m";
constexpr const char* kYellow = "\033[33m";
constexpr const char* kDim = "\033[2m";
constexpr const char* kBold = "\033[1m";
constexpr const char* kReset = "\033[0m";

/// Paints `token` where it starts at `at` in `line`, if it is there.
bool paint(std::string& line, size_t at, const std::string& token, const char* color) {
  if (line.compare(at, token.size(), token) != 0) return false;
  line.insert(at + token.size(), kReset);
  line.insert(at, color);
  return true;
}

}  // namespace

std::string colorize(const std::string& text) {
  std::istringstream in(text);
  std::string out, line;
  while (std::getline(in, line)) {
    if (!line.empty() && line[0] != ' ' && line.back() == ':') {
      line = kBold + line + kReset;
    } else if (line.rfind("  ", 0) == 0 && line.size() > 2 && line[2] != ' ') {
      bool done = paint(line, 2, "ok ", kGreen) || paint(line, 2, "FAIL", kRed) || paint(line, 2, "ERROR", kRed) ||
                  paint(line, 2, "[ok]", kGreen) || paint(line, 2, "[FAIL]", kRed);
      size_t sev = line.find(" [");
      if (!done && line.rfind("  AWSSIM-", 0) == 0 && sev != std::string::npos) {
        (void)(paint(line, sev + 1, "[critical]", kRed) || paint(line, sev + 1, "[high]", kRed) ||
               paint(line, sev + 1, "[medium]", kYellow) || paint(line, sev + 1, "[low]", kDim));
      }
    }
    out += line + "\n";
  }
  return out;
}

}  // namespace awssim::reports
