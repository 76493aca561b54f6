// awssim diff: what a change to a stack opens, closes, breaks and costs.
#include "cli/commands.h"

#include <fmt/format.h>

#include <charconv>
#include <iostream>
#include <thread>

#include "cli/safe_output.h"
#include "model/file_source.h"
#include "cli/git_source.h"
#include "model/load/price_table_loader.h"
#include "model/load/project_config.h"
#include "reports/summary.h"
#include "reports/diff_report.h"
#include "reports/redact.h"
#include "rules/diff.h"
#include "rules/suppressions.h"
#include "sim/network.h"

namespace awssim::cli {

namespace {

// "25", "$25.50" (USD) or "10%" (of the monthly cost before).
bool parseIncrease(const std::string& text, rules::DiffOptions& o) {
  std::string s = text;
  bool pct = !s.empty() && s.back() == '%';
  if (pct) s.pop_back();
  if (!pct && !s.empty() && s.front() == '$') s.erase(0, 1);
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() || !(v >= 0) || v > 1e9) return false;
  (pct ? o.max_increase_pct : o.max_increase_usd) = v;
  return true;
}

bool havePrices(const model::Stack& s, const std::string& file) {
  return !file.empty() || load::builtinPriceTable(s.region).has_value();
}

}  // namespace

int runDiff(const DiffArgs& a) {
  bool git = !a.base.empty();
  if (git ? a.stacks.size() != 1 : a.stacks.size() != 2) {
    std::cerr << (git ? "awssim: --base REF takes one STACK (its committed version is the older one)\n"
                      : "awssim: diff takes OLD NEW, or --base REF STACK\n");
    return kExitBadInput;
  }
  const std::string& newPath = a.stacks.back();
  rules::DiffOptions options;
  if (!a.max_increase.empty() && !parseIncrease(a.max_increase, options)) {
    std::cerr << fmt::format("awssim: --max-increase takes USD (25, $25.50) or a percentage (10%), got '{}'\n",
                             a.max_increase);
    return kExitBadInput;
  }
  model::DiskFileSource disk;
  model::Diagnostics configDiags;
  load::ProjectConfig config = load::loadProjectConfig(newPath, disk, configDiags);
  std::cerr << reports::formatDiagnostics(configDiags);
  if (configDiags.hasErrors()) return kExitBadInput;
  std::string failOn = !a.fail_on.empty() ? a.fail_on : config.fail_on.value_or("high");
  auto sev = parseSeverity(failOn);
  if (!sev) {
    std::cerr << fmt::format("awssim: --fail-on takes low, medium, high or critical, got '{}'\n", failOn);
    return kExitBadInput;
  }
  options.fail_on = *sev;
  options.today = rules::todayDate();
  std::string prices = !a.prices.empty() ? a.prices : config.prices.value_or("");

  // The older version: another stack on disk, or this one as committed.
  std::optional<model::MemoryFileSource> committed;
  std::string oldPath = git ? newPath : a.stacks.front();
  std::string oldName = oldPath;
  if (git) {
    std::string folder = disk.isDirectory(newPath) ? newPath : model::dirName(newPath);
    std::string why;
    committed = gitSnapshot(folder, a.base, &why);
    if (!committed) {
      std::cerr << "awssim: --base " << a.base << ": " << why << "\n";
      return kExitBadInput;
    }
    oldName = fmt::format("{} at {}", newPath, a.base);
  }
  // Both versions load side by side; their diagnostics print in order.
  load::LoadResult before, after;
  std::thread loadOld([&] {
    before = git ? load::loadStack(oldPath, *committed, inputOptions()) : load::loadStack(oldPath, disk, inputOptions());
  });
  after = load::loadStack(newPath, disk, inputOptions());
  loadOld.join();
  std::string oldDiags = reports::formatDiagnostics(before.diags);
  if (git && !oldDiags.empty()) std::cerr << "awssim: in " << oldName << ":\n";
  std::cerr << oldDiags << reports::formatDiagnostics(after.diags);
  if (!before.ok() || !after.ok()) return kExitBadInput;

  std::optional<model::PriceTable> pb, pa;
  if (havePrices(before.stack, prices) && havePrices(after.stack, prices)) {
    pb = pricesFor(before.stack, prices);
    pa = pricesFor(after.stack, prices);
    if (!pb || !pa) return kExitBadInput;
    options.prices_before = &*pb;
    options.prices_after = &*pa;
  } else if (options.max_increase_pct || options.max_increase_usd) {
    std::cerr << "awssim: --max-increase needs prices for both versions' regions; pass --prices FILE\n";
    return kExitBadInput;
  }
  sim::Network nb(before.stack), na(after.stack);
  rules::StackDiff d = rules::diffStacks(nb, na, options);
  d.before_name = oldName;
  d.after_name = newPath;

  auto render = [&](const std::string& format) -> std::optional<std::string> {
    if (format == "text") return reports::safeOutput(reports::diffText(d));
    if (format == "json") return reports::safeOutput(reports::diffJson(d));
    if (format == "markdown") return reports::safeOutput(reports::diffMarkdown(d));
    if (format == "sarif") return reports::safeOutput(reports::diffSarif(d));
    if (format == "junit") return reports::safeOutput(reports::diffJunit(d, options.today));
    if (format == "html") return reports::safeOutput(reports::diffHtml(d, nb, na));
    return std::nullopt;
  };
  for (const auto& spec : a.reports) {
    size_t eq = spec.find('=');
    auto content = eq == std::string::npos ? std::nullopt : render(spec.substr(0, eq));
    if (!content) {
      std::cerr << "awssim: --report takes FORMAT=PATH with FORMAT text, json, markdown, sarif, junit or html, got '"
                << spec << "'\n";
      return kExitBadInput;
    }
    std::string why;
    if (!writeAtomically(spec.substr(eq + 1), *content, &why)) {
      std::cerr << "awssim: cannot write " << spec.substr(eq + 1) << ": " << why << "\n";
      return kExitBadInput;
    }
  }
  SafeOutput::printRaw(*render(a.format));
  if (a.soft_fail) return kExitOk;
  return d.failed() ? kExitFindings : kExitOk;
}

}  // namespace awssim::cli
