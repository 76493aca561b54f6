// awssim check: every check at once, in the formats CI and people read.
#include "cli/commands.h"


#include <fmt/format.h>

#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "model/file_source.h"
#include "model/load/stack_loader.h"
#include "model/load/task_definition_loader.h"
#include "model/load/price_table_loader.h"
#include "model/load/project_config.h"
#include "reports/cost_report.h"
#include "reports/ecs_report.h"
#include "reports/graph.h"
#include "reports/html_report.h"
#include "reports/intents_report.h"
#include "reports/matrix_report.h"
#include "reports/summary.h"
#include "reports/trace_report.h"
#include "reports/check_text.h"
#include "reports/ci_reports.h"
#include "reports/diff_report.h"
#include "rules/diff.h"
#include <nlohmann/json.hpp>
#include "reports/redact.h"
#include "cli/safe_output.h"
#include "rules/catalog.h"
#include "rules/check.h"
#include "rules/cost_checks.h"
#include "rules/ecs_checks.h"
#include "rules/expectations.h"
#include "rules/intents.h"
#include "rules/suppressions.h"
#include "sim/aws_services.h"
#include "sim/cost.h"
#include "sim/intents.h"
#include "sim/matrix.h"
#include "sim/network.h"
#include "sim/query.h"

namespace awssim::cli {

/// Colour only on a terminal, and never when NO_COLOR is set (no-color.org).
bool wantColor(const std::string& mode) {
  if (mode != "auto") return mode == "always";
  const char* noColor = std::getenv("NO_COLOR");
  const char* term = std::getenv("TERM");
  return ::isatty(STDOUT_FILENO) && !(noColor && *noColor) && !(term && std::string(term) == "dumb");
}

/// Writes a file through a temporary one and a rename, so that a reader
/// (a CI step, another awssim) sees the old file or the new one, never half
/// of one. The temporary is unique (mkstemp, created exclusively, so a
/// planted link cannot redirect it) and beside the target (a rename does
/// not cross file systems); it is removed when anything fails. A target that
/// exists and is not a regular file (a folder, a device) is refused.
bool writeAtomically(const std::string& path, const std::string& content, std::string* why) {
  auto fail = [&](std::string reason) {
    if (why) *why = std::move(reason);
    return false;
  };
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) return fail("it exists and is not a regular file");
  std::filesystem::path target(path);
  std::filesystem::path dir = target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
  std::string tmpl = (dir / ("." + target.filename().string() + ".awssim-XXXXXX")).string();
  int fd = ::mkstemp(tmpl.data());
  if (fd < 0) return fail(std::strerror(errno));
  // mkstemp makes the file 0600; a report is as readable as any new file.
  mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd, 0666 & ~mask);
  const char* p = content.data();
  size_t left = content.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      std::string reason = std::strerror(errno);
      ::close(fd);
      ::unlink(tmpl.c_str());
      return fail(reason);
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    std::string reason = std::strerror(errno);
    ::unlink(tmpl.c_str());
    return fail(reason);
  }
  if (::rename(tmpl.c_str(), path.c_str()) != 0) {
    std::string reason = std::strerror(errno);
    ::unlink(tmpl.c_str());
    return fail(reason);
  }
  return true;
}

std::optional<rules::Severity> parseSeverity(const std::string& s) {
  std::string lower;
  for (char c : s) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  for (auto sev : {rules::Severity::Low, rules::Severity::Medium, rules::Severity::High, rules::Severity::Critical})
    if (rules::severityName(sev) == lower) return sev;
  return std::nullopt;
}

namespace {

const std::vector<std::string> kReportFormats = {"text", "json", "junit", "sarif", "markdown", "html"};

// On unusable input every requested report is still written, holding the
// errors, so a CI step that uploads it never fails on a missing file.
int badInput(const CheckArgs& flags, const std::string& stackPath, const model::Diagnostics& diags) {
  for (const auto& spec : flags.reports) {
    size_t eq = spec.find('=');
    if (eq == std::string::npos) continue;
    auto content = reports::inputErrorReport(spec.substr(0, eq), stackPath, diags, rules::todayDate());
    std::string why;
    if (content && !writeAtomically(spec.substr(eq + 1), reports::safeOutput(*content), &why))
      std::cerr << "awssim: cannot write " << spec.substr(eq + 1) << ": " << why << "\n";
  }
  return kExitBadInput;
}

// The project a stack belongs to: the nearest folder above it holding .git
// (a repository's top), else the current folder when the stack is inside
// it, else the stack's own folder. Fingerprints are relative to it, so they
// do not depend on where awssim runs, and two stacks never share one.
std::string projectRoot(const std::string& stackPath) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path start = fs::absolute(stackPath, ec).lexically_normal();
  if (ec) return "";
  fs::path dir = fs::is_directory(start, ec) ? start : start.parent_path();
  for (fs::path p = dir; !p.empty(); p = p.parent_path()) {
    if (fs::exists(p / ".git", ec)) return p.string();
    if (p == p.root_path()) break;
  }
  fs::path cwd = fs::current_path(ec);
  if (!ec) {
    fs::path rel = dir.lexically_relative(cwd);
    if (!rel.empty() && rel.begin()->string() != "..") return cwd.string();
  }
  return dir.string();
}

// "FAILED: 1 expectation fails and 1 high finding (AWSSIM-TRAP-008), exit 1".
std::string verdictText(const rules::CheckResult& r, rules::Severity threshold, int exitCode, const std::string& waiver) {
  std::map<rules::Severity, size_t> bySeverity;
  std::set<std::string> ids;
  size_t holding = 0;
  for (const auto& e : r.expectations) holding += e.holds;
  for (const auto& f : r.findings)
    if (f.active() && f.severity >= threshold) {
      ++bySeverity[f.severity];
      ids.insert(f.rule_id);
    }
  std::vector<std::string> why;
  if (size_t n = r.failedExpectations()) why.push_back(fmt::format("{} expectation{} fail{}", n, n == 1 ? "" : "s", n == 1 ? "s" : ""));
  if (!bySeverity.empty()) {
    std::vector<std::string> counts;
    size_t total = 0;
    for (auto it = bySeverity.rbegin(); it != bySeverity.rend(); ++it) {
      counts.push_back(fmt::format("{} {}", it->second, rules::severityName(it->first)));
      total += it->second;
    }
    why.push_back(fmt::format("{} finding{} ({})", fmt::join(counts, " and "), total == 1 ? "" : "s", fmt::join(ids, ", ")));
  }
  if (why.empty())
    return fmt::format("PASSED: {} of {} expectations hold, no finding at or above {}, exit {}", holding,
                       r.expectations.size(), rules::severityName(threshold), exitCode);
  return fmt::format("FAILED: {}, exit {}{}", fmt::join(why, " and "), exitCode,
                     exitCode == 0 ? " (" + waiver + ")" : "");
}

}  // namespace

int runCheck(const std::string& stackPath, const CheckArgs& flags) {
  for (const auto& spec : flags.reports) {
    size_t eq = spec.find('=');
    if (eq == std::string::npos ||
        std::find(kReportFormats.begin(), kReportFormats.end(), spec.substr(0, eq)) == kReportFormats.end()) {
      std::cerr << "awssim: --report takes FORMAT=PATH with FORMAT text, json, junit, sarif, markdown or html, got '"
                << spec << "'\n";
      return kExitBadInput;
    }
  }
  model::DiskFileSource disk;
  std::optional<load::LoadResult> res = load::loadStack(stackPath, disk, inputOptions());
  std::cerr << reports::formatDiagnostics(res->diags);
  if (!res->ok()) return badInput(flags, stackPath, res->diags);
  // --skip-check and --check name rules of the catalog.
  {
    model::Diagnostics usage;
    std::vector<std::string> known;
    for (const auto* info : rules::allRules()) known.push_back(info->id);
    for (const auto* list : {&flags.skip_checks, &flags.only_checks})
      for (const auto& id : *list)
        if (!rules::findRule(id))
          usage.error({}, fmt::format("{} {}: no such rule{}", list == &flags.skip_checks ? "--skip-check" : "--check", id,
                                      model::didYouMean(id, known)));
    if (usage.hasErrors()) {
      for (const auto& d : usage.all()) std::cerr << "awssim: " << d.message << "\n";
      return badInput(flags, stackPath, usage);
    }
  }
  // .awssim.yaml gives defaults; flags win.
  model::Diagnostics configDiags;
  load::ProjectConfig config = load::loadProjectConfig(stackPath, disk, configDiags);
  std::cerr << reports::formatDiagnostics(configDiags);
  if (configDiags.hasErrors()) return badInput(flags, stackPath, configDiags);
  CheckArgs ca = flags;
  if (ca.fail_on.empty()) ca.fail_on = config.fail_on.value_or("high");
  if (!ca.soft_fail) ca.soft_fail = config.soft_fail.value_or(false);
  if (ca.baseline.empty() && config.baseline) ca.baseline = *config.baseline;
  if (ca.budget < 0 && config.budget) ca.budget = *config.budget;
  if (ca.prices.empty() && config.prices) ca.prices = *config.prices;
  sim::Network net(res->stack);
  std::optional<model::PriceTable> prices;
  if (!ca.prices.empty() || load::builtinPriceTable(res->stack.region)) {
    prices = pricesFor(res->stack, ca.prices);
    if (!prices) return kExitBadInput;
  }
  rules::CheckOptions options;
  options.project_root = projectRoot(stackPath);
  options.prices = prices ? &*prices : nullptr;
  if (ca.budget >= 0) options.budget = ca.budget;
  options.today = rules::todayDate();
  if (!ca.baseline.empty()) {
    model::Diagnostics bd;
    model::DiskFileSource disk;
    if (auto text = disk.read(ca.baseline)) options.baseline = rules::parseBaseline(*text, ca.baseline, bd);
    else bd.error({ca.baseline, 0, 0}, "cannot read the baseline: not a regular file, or larger than the input limit");
    std::cerr << reports::formatDiagnostics(bd);
    if (!options.baseline) return badInput(flags, stackPath, bd);
  }
  std::optional<load::LoadResult> before;
  std::optional<sim::Network> beforeNet;
  if (!ca.compare_to.empty()) {
    before = load::loadStack(ca.compare_to, disk, inputOptions());
    std::cerr << reports::formatDiagnostics(before->diags);
    if (!before->ok()) return badInput(flags, stackPath, before->diags);
    beforeNet.emplace(before->stack);
    options.compare_to = &*beforeNet;
  }
  auto wants = [&](const std::string& format) {
    return ca.format == format || std::any_of(ca.reports.begin(), ca.reports.end(),
                                              [&](const std::string& r) { return r.rfind(format + "=", 0) == 0; });
  };
  options.with_matrix = wants("html");
  rules::CheckResult result = rules::runCheck(net, options);
  if (!ca.skip_checks.empty() || !ca.only_checks.empty())
    std::erase_if(result.findings, [&](const rules::Finding& f) {
      auto in = [&](const std::vector<std::string>& v) { return std::find(v.begin(), v.end(), f.rule_id) != v.end(); };
      return in(ca.skip_checks) || (!ca.only_checks.empty() && !in(ca.only_checks));
    });
  // With --compare-to, what the change does, from the diff engine.
  std::optional<rules::StackDiff> change;
  std::optional<model::PriceTable> beforePrices;
  if (beforeNet) {
    rules::DiffOptions dopt;
    if (prices && (!ca.prices.empty() || load::builtinPriceTable(before->stack.region))) {
      beforePrices = ca.prices.empty() ? load::builtinPriceTable(before->stack.region) : prices;
      dopt.prices_before = &*beforePrices;
      dopt.prices_after = &*prices;
    }
    dopt.fail_on = parseSeverity(ca.fail_on).value_or(rules::Severity::High);
    dopt.today = options.today;
    change = rules::diffStacks(*beforeNet, net, dopt);
    change->before_name = ca.compare_to;
    change->after_name = stackPath;
  }
  for (const auto& d : res->diags.all())
    if (d.level != model::Level::Error) result.load_diagnostics.push_back(d);
  {
    model::Diagnostics warnings;
    for (const auto& d : result.warnings) {
      warnings.warning(d.loc, d.message);
      result.load_diagnostics.push_back(d);
    }
    std::cerr << reports::formatDiagnostics(warnings);
  }
  rules::Severity threshold = parseSeverity(ca.fail_on).value_or(rules::Severity::High);
  bool gate = std::any_of(result.findings.begin(), result.findings.end(),
                          [&](const rules::Finding& f) { return f.active() && f.severity >= threshold; });
  bool failed = result.failedExpectations() > 0 || gate;
  // Writing a baseline accepts the findings there are, as Checkov does.
  result.failed = failed;
  result.exit_code = ca.soft_fail || !ca.write_baseline.empty() || !failed ? kExitOk : kExitFindings;
  result.verdict = verdictText(result, threshold, result.exit_code,
                               !ca.write_baseline.empty() ? "--write-baseline accepts the findings there are"
                                                          : "--soft-fail");
  auto render = [&](const std::string& format) -> std::optional<std::string> {
    if (format == "text")
      return reports::safeOutput(reports::formatCheckText(res->stack, net, result, ca.write_baseline, {ca.quiet, ca.compact}) +
                                 (change ? "\n" + reports::diffText(*change) : std::string()));
    if (format == "html") return reports::safeOutput(reports::checkHtml(net, result));
    if (format == "json") {
      std::string text = reports::checkJson(res->stack, result);
      if (!change) return reports::safeOutput(text);
      auto j = nlohmann::ordered_json::parse(text);
      j["diff"] = nlohmann::ordered_json::parse(reports::diffJson(*change));
      return reports::safeOutput(j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n");
    }
    if (format == "junit") return reports::safeOutput(reports::checkJunit(res->stack, result, options.today));
    if (format == "sarif") return reports::safeOutput(reports::checkSarif(res->stack, result));
    if (format == "markdown")
      return reports::safeOutput(reports::checkMarkdown(res->stack, result) +
                                 (change ? "\n" + reports::diffMarkdown(*change) : std::string()));
    return std::nullopt;
  };
  for (const auto& spec : ca.reports) {
    size_t eq = spec.find('=');
    auto content = eq == std::string::npos ? std::nullopt : render(spec.substr(0, eq));
    if (!content) {
      return kExitBadInput;  // checked above
    }
    std::string why;
    if (!writeAtomically(spec.substr(eq + 1), *content, &why)) {
      std::cerr << "awssim: cannot write " << spec.substr(eq + 1) << ": " << why << "\n";
      return kExitBadInput;
    }
  }
  if (std::string why; !ca.write_baseline.empty() &&
                       !writeAtomically(ca.write_baseline, rules::baselineText(result.findings, options.project_root), &why)) {
    std::cerr << "awssim: cannot write the baseline " << ca.write_baseline << ": " << why << "\n";
    return kExitBadInput;
  }
  if (ca.format != "text") {
    std::cout << *render(ca.format);
  } else {
    // Text goes through the same filter as the files, before it is coloured.
    std::string text = *render("text");
    SafeOutput::printRaw(wantColor(ca.color) ? reports::colorize(text) : text);
  }
  return result.exit_code;
}

}  // namespace awssim::cli
