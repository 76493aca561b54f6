#include "reports/cost_report.h"

#include "model/text.h"

#include <cmath>
#include <fmt/format.h>

#include "reports/trace_report.h"

namespace awssim::reports {

using namespace sim;

std::string money(double usd) {
  long cents = std::lround(std::fabs(usd) * 100);
  std::string whole = std::to_string(cents / 100);
  for (int i = static_cast<int>(whole.size()) - 3; i > 0; i -= 3) whole.insert(static_cast<size_t>(i), ",");
  return fmt::format("{}${}.{:02}", usd < -0.004 ? "-" : "", whole, cents % 100);
}

/// Unit prices keep their digits: "$0.023", "$0.0045".
static std::string unitPrice(double usd) {
  std::string s = fmt::format("{:.4f}", usd);
  while (s.back() == '0' && s[s.size() - 3] != '.') s.pop_back();
  return "$" + s;
}

/// "GB-months" -> "GB-month", "hours" -> "hour".
static std::string singular(const std::string& unit) {
  if (unit.empty() || unit.back() != 's') return unit;
  return unit.substr(0, unit.size() - 1);
}

static std::string qty(double q) {
  if (std::fabs(q - std::round(q)) < 1e-9) {
    std::string s = std::to_string(std::llround(q));
    for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<size_t>(i), ",");
    return s;
  }
  return fmt::format("{:.2f}", q);
}

std::string formatCost(const CostReport& r, const std::string& stackFile) {
  std::string out = wrap(fmt::format("cost of {} ({}, on-demand prices of {}, {})", stackFile, r.prices.region,
                                     r.prices.date, r.prices.file), 80, 0);
  out += fmt::format("\n {:<49} {:>7} {:<9} {:>10}\n", "Name", "Qty", "Unit", "Monthly");
  std::string current;
  for (size_t k = 0; k < r.items.size(); ++k) {
    const CostItem& i = r.items[k];
    if (i.resource != current) {
      current = i.resource;
      out += fmt::format(" {}\n", i.resource);
    }
    bool last = k + 1 == r.items.size() || r.items[k + 1].resource != current;
    std::string name = fmt::format("  {} {}", last ? "`-" : "|-", i.component);
    if (i.usage_based && !i.has_usage)
      out += fmt::format(" {:<49} by usage: {}/{}\n", name, unitPrice(i.unit_price), singular(i.unit));
    else
      out += fmt::format(" {:<49} {:>7} {:<9} {:>10}\n", name, qty(i.quantity), i.unit, money(i.monthly));
  }
  out += fmt::format("\n {:<67} {:>10}\n", "OVERALL TOTAL (on-demand, before any free tier)", money(r.total));
  for (const auto& w : r.warnings) out += wrap("warning: " + w, 80, 1);
  if (r.plan == "legacy") {
    out += "\nfree tier (legacy plan, the first 12 months):\n";
    for (const auto& l : r.free_tier) {
      std::string over = l.over > 0 ? fmt::format("{} over: {}", qty(l.over), money(l.over_cost)) : "within";
      out += fmt::format("  {:<24} {:>8} of {:<6} {}\n", l.pool, qty(l.used), qty(l.allowance), over);
    }
    out += fmt::format(" {:<67} {:>10}\n", "covered by the free tier", money(-r.free_tier_covered));
    out += fmt::format(" {:<67} {:>10}\n", "TO PAY per month in the free-tier year", money(r.total_after_free_tier));
  }
  if (r.plan == "credits") {
    out += "\nfree plan with credits (accounts from 2025-07-15):\n";
    for (const auto& c : r.credits) out += wrap(c, 80, 2);
  }
  if (r.budget)
    out += fmt::format("\nbudget {}/month: {}\n", money(*r.budget),
                       r.over_budget() ? fmt::format("EXCEEDED by {}", money(r.total_after_free_tier - *r.budget))
                                       : fmt::format("within ({} to spare)", money(*r.budget - r.total_after_free_tier)));
  if (!r.alternatives.empty()) {
    out += "\nalternatives:\n";
    for (const auto& a : r.alternatives) out += hanging("- " + a, 80, 2, 4);
  }
  return out;
}

nlohmann::ordered_json costJson(const CostReport& r) {
  nlohmann::ordered_json j;
  j["currency"] = r.prices.currency;
  j["region"] = r.prices.region;
  j["prices"] = {{"date", r.prices.date}, {"source", r.prices.source}, {"file", r.prices.file},
                 {"hours_per_month", r.prices.hours_per_month}};
  auto items = nlohmann::ordered_json::array();
  for (const auto& i : r.items) {
    nlohmann::ordered_json x = {{"resource", i.resource}, {"component", i.component}, {"unit", i.unit},
                                {"unit_price", i.unit_price}};
    if (i.usage_based && !i.has_usage) x["monthly_cost"] = nullptr;
    else {
      x["quantity"] = i.quantity;
      x["monthly_cost"] = std::round(i.monthly * 100) / 100;
    }
    if (!i.free_tier.empty()) x["free_tier_pool"] = i.free_tier;
    items.push_back(x);
  }
  j["items"] = items;
  j["total_monthly_cost"] = std::round(r.total * 100) / 100;
  j["free_tier_plan"] = r.plan;
  auto ft = nlohmann::ordered_json::array();
  for (const auto& l : r.free_tier)
    ft.push_back({{"pool", l.pool}, {"used", l.used}, {"allowance", l.allowance}, {"over", l.over},
                  {"over_cost", std::round(l.over_cost * 100) / 100}, {"covered", std::round(l.covered * 100) / 100}});
  j["free_tier"] = ft;
  j["free_tier_covered"] = std::round(r.free_tier_covered * 100) / 100;
  j["monthly_cost_to_pay"] = std::round(r.total_after_free_tier * 100) / 100;
  j["credits"] = r.credits;
  if (r.budget) j["budget"] = {{"monthly", *r.budget}, {"exceeded", r.over_budget()}};
  j["alternatives"] = r.alternatives;
  j["warnings"] = r.warnings;
  return j;
}

std::string formatCostDiff(const CostReport& before, const CostReport& after, const std::string& oldFile,
                           const std::string& newFile) {
  std::string out = wrap(fmt::format("monthly cost: {} -> {}", oldFile, newFile), 80, 0);
  out += fmt::format("\n {:<44} {:>11} {:>11} {:>11}\n", "Resource", "Before", "After", "Change");
  for (const auto& l : diffCosts(before, after))
    out += fmt::format(" {:<44} {:>11} {:>11} {:>11}\n", l.resource.size() > 44 ? std::string(model::prefixOf(l.resource, 43)) + "…" : l.resource,
                       money(l.before), money(l.after), (l.after >= l.before ? "+" : "") + money(l.after - l.before));
  out += fmt::format("\n {:<44} {:>11} {:>11} {:>11}\n", "total (on-demand)", money(before.total), money(after.total),
                     (after.total >= before.total ? "+" : "") + money(after.total - before.total));
  if (before.plan == "legacy" || after.plan == "legacy")
    out += fmt::format(" {:<44} {:>11} {:>11} {:>11}\n", "to pay (after the free tier)", money(before.total_after_free_tier),
                       money(after.total_after_free_tier),
                       (after.total_after_free_tier >= before.total_after_free_tier ? "+" : "") +
                           money(after.total_after_free_tier - before.total_after_free_tier));
  return out;
}

}  // namespace awssim::reports
