// The slow paths a hostile-input campaign found (issue 16, class 10), each
// on the input that exposed it: one security group holding 2,000 instances
// (graph, the HTML report), a query without a port through NACLs of 32,766
// entries, and an .env naming 25,000 host/port pairs. Each is near-linear.
#include <benchmark/benchmark.h>

#include <fmt/format.h>

#include "model/file_source.h"
#include "model/load/stack_loader.h"
#include "reports/graph.h"
#include "reports/html_report.h"
#include "reports/redact.h"
#include "rules/check.h"
#include "sim/network.h"
#include "sim/query.h"

namespace {

using namespace awssim;

const char* kHeader =
    "region: eu-north-1\n"
    "vpc: {name: main, cidr: 10.0.0.0/16}\n";

/// `n` instances in one subnet and one group that admits itself.
std::string oneGroup(int n) {
  std::string s = std::string(kHeader) +
                  "subnets: {a: {cidr: 10.0.0.0/20, az: a}}\n"
                  "security_groups:\n"
                  "  g: {ingress: [{tcp: 22, from: sg:g}, {tcp: 80, from: 0.0.0.0/0}], egress: [{proto: all, to: 0.0.0.0/0}]}\n"
                  "instances:\n";
  for (int i = 0; i < n; ++i) s += fmt::format("  i{}: {{type: t3.micro, subnet: a, sgs: [g]}}\n", i);
  return s;
}

/// Two subnets, the first behind a NACL of `per` deny entries each way, one
/// port each (so a query without a port asks about every one of them).
std::string bigNacl(int per) {
  std::string s = std::string(kHeader) +
                  "subnets:\n  a: {cidr: 10.0.0.0/24, az: a, nacl: n}\n  b: {cidr: 10.0.1.0/24, az: a}\n"
                  "security_groups:\n  g: {ingress: [{proto: all, from: 0.0.0.0/0}], egress: [{proto: all, to: 0.0.0.0/0}]}\n"
                  "instances:\n  x: {type: t3.micro, subnet: a, sgs: [g]}\n  y: {type: t3.micro, subnet: b, sgs: [g]}\n"
                  "nacls:\n  n:\n";
  for (const char* dir : {"ingress", "egress"}) {
    s += fmt::format("    {}:\n", dir);
    for (int i = 1; i <= per; ++i)
      s += fmt::format("      - {{rule: {}, tcp: {}, cidr: 10.0.1.0/24, action: {}}}\n", i, 1000 + i, i % 2 ? "deny" : "allow");
  }
  return s;
}

load::LoadResult loadText(const std::string& yaml, model::MemoryFileSource& files) {
  files.add("stack.yaml", yaml);
  return load::loadStack("stack.yaml", files);
}

void BM_GraphOneGroup(benchmark::State& state) {
  model::MemoryFileSource files;
  auto res = loadText(oneGroup(static_cast<int>(state.range(0))), files);
  sim::Network net(res.stack);
  for (auto _ : state) benchmark::DoNotOptimize(reports::topologyDot(net));
}
BENCHMARK(BM_GraphOneGroup)->Arg(500)->Arg(2000)->Unit(benchmark::kMillisecond);

void BM_HtmlCheckOneGroup(benchmark::State& state) {
  model::MemoryFileSource files;
  auto res = loadText(oneGroup(static_cast<int>(state.range(0))), files);
  sim::Network net(res.stack);
  rules::CheckOptions o;
  o.with_matrix = true;
  o.today = "2026-12-07";
  for (auto _ : state) {
    rules::CheckResult r = rules::runCheck(net, o);
    benchmark::DoNotOptimize(reports::safeOutput(reports::checkHtml(net, r)));
  }
}
BENCHMARK(BM_HtmlCheckOneGroup)->Arg(500)->Arg(2000)->Unit(benchmark::kMillisecond);

void BM_PortlessQueryThroughBigNacl(benchmark::State& state) {
  model::MemoryFileSource files;
  auto res = loadText(bigNacl(static_cast<int>(state.range(0))), files);
  sim::Network net(res.stack);
  for (auto _ : state) benchmark::DoNotOptimize(sim::reachableTraffic(net, "x", "y", nullptr));
}
BENCHMARK(BM_PortlessQueryThroughBigNacl)->Arg(4000)->Arg(16383)->Unit(benchmark::kMillisecond);

void BM_CheckEnvWithManyHosts(benchmark::State& state) {
  model::MemoryFileSource files;
  std::string env;
  for (int i = 0; i < state.range(0); ++i)
    env += fmt::format("SVC{}_HOST=10.0.{}.{}\nSVC{}_PORT={}\n", i, (i / 250) % 256, i % 250 + 4, i, 1000 + i % 50000);
  files.add("app.env", env);
  auto res = loadText(std::string(kHeader) +
                          "subnets: {a: {cidr: 10.0.0.0/20, az: a}}\n"
                          "security_groups: {g: {egress: [{proto: all, to: 0.0.0.0/0}]}}\n"
                          "instances: {app: {type: t3.micro, subnet: a, sgs: [g], env_files: [app.env]}}\n",
                      files);
  sim::Network net(res.stack);
  rules::CheckOptions o;
  o.today = "2026-12-07";
  for (auto _ : state) benchmark::DoNotOptimize(rules::runCheck(net, o));
}
BENCHMARK(BM_CheckEnvWithManyHosts)->Arg(5000)->Arg(25000)->Unit(benchmark::kMillisecond);

}  // namespace
