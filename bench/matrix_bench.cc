// Benchmarks of the engine on generated estates (bench/estate.h) at 10k and
// 100k interfaces: loading stack.yaml, building the network, the matrix over
// ten ports, the rules of `check`, one query, a single trace, and the
// diff of the estate against itself with one rule changed. "diverse"
// is the worst case (nearly every interface a class of its own); "fleet" is
// many interfaces sharing subnets and groups. The 10k cases run briefly in
// CI (ctest bench_10k_brief); docs/performance.md keeps the numbers.
#include <benchmark/benchmark.h>

#include <map>
#include <memory>

#include "bench/estate.h"
#include "model/file_source.h"
#include "model/load/stack_loader.h"
#include "model/stack_writer.h"
#include "rules/check.h"
#include "rules/diff.h"
#include "sim/matrix.h"
#include "sim/network.h"
#include "sim/query.h"
#include "sim/trace.h"

namespace {

using namespace awssim;

bench::EstateShape shapeOf(int64_t enis, bool fleet) {
  bench::EstateShape s;
  s.enis = static_cast<int>(enis);
  s.sgs = enis >= 100000 ? 2000 : enis >= 10000 ? 600 : 60;
  s.subnets = enis >= 100000 ? 300 : enis >= 10000 ? 120 : 30;
  s.fleet = fleet;
  return s;
}

// Estates are generated once per shape and kept for every case that uses them.
struct Estate {
  model::Stack stack;
  std::string yaml;
  std::unique_ptr<sim::Network> net;
};
Estate& estate(int64_t enis, bool fleet) {
  static std::map<std::pair<int64_t, bool>, std::unique_ptr<Estate>> cache;
  auto& e = cache[{enis, fleet}];
  if (!e) {
    e = std::make_unique<Estate>();
    e->stack = bench::generateEstate(shapeOf(enis, fleet));
    e->yaml = model::writeStackYaml(e->stack);
    e->net = std::make_unique<sim::Network>(e->stack);
  }
  return *e;
}

const std::vector<int> kPorts = {22, 80, 443, 3306, 5432, 6379, 8080, 8443, 9200, 11211};

void BM_LoadStackYaml(benchmark::State& state) {
  Estate& e = estate(state.range(0), state.range(1));
  model::MemoryFileSource files;
  for (auto _ : state) {
    auto r = load::loadStackText(e.yaml, "stack.yaml", files);
    if (!r.ok()) state.SkipWithError("the generated stack does not load");
    benchmark::DoNotOptimize(r);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * e.yaml.size()));
}
BENCHMARK(BM_LoadStackYaml)->ArgNames({"enis", "fleet"})->Args({10000, 0})->Args({100000, 0})->Unit(benchmark::kMillisecond);

void BM_NetworkBuild(benchmark::State& state) {
  Estate& e = estate(state.range(0), state.range(1));
  for (auto _ : state) {
    sim::Network net(e.stack);
    benchmark::DoNotOptimize(net);
  }
}
BENCHMARK(BM_NetworkBuild)->ArgNames({"enis", "fleet"})->Args({10000, 0})->Args({100000, 0})->Unit(benchmark::kMillisecond);

void BM_Matrix(benchmark::State& state) {
  Estate& e = estate(state.range(0), state.range(1));
  sim::MatrixOptions o;
  o.ports = kPorts;
  size_t classes = 0, traces = 0;
  for (auto _ : state) {
    sim::Matrix m = sim::computeMatrix(*e.net, o);
    classes = m.members.size();
    traces = m.traces;
    benchmark::DoNotOptimize(m);
  }
  state.counters["classes"] = static_cast<double>(classes);
  state.counters["traces"] = static_cast<double>(traces);
}
BENCHMARK(BM_Matrix)
    ->ArgNames({"enis", "fleet"})
    ->Args({10000, 0})
    ->Args({10000, 1})
    ->Args({100000, 0})
    ->Args({100000, 1})
    ->Unit(benchmark::kMillisecond);

void BM_CheckRules(benchmark::State& state) {
  Estate& e = estate(state.range(0), state.range(1));
  size_t findings = 0;
  for (auto _ : state) {
    auto r = rules::runCheck(*e.net, {});
    findings = r.findings.size();
    benchmark::DoNotOptimize(r);
  }
  state.counters["findings"] = static_cast<double>(findings);
}
BENCHMARK(BM_CheckRules)->ArgNames({"enis", "fleet"})->Args({10000, 0})->Args({100000, 0})->Unit(benchmark::kMillisecond);

void BM_Query(benchmark::State& state) {
  Estate& e = estate(state.range(0), state.range(1));
  const auto& enis = e.net->enis();
  size_t k = 0;
  for (auto _ : state) {
    // A different pair each time, so no answer is reused.
    const auto& a = enis[(k * 7919) % enis.size()];
    const auto& b = enis[(k * 104729 + 1) % enis.size()];
    ++k;
    benchmark::DoNotOptimize(sim::runQuery(*e.net, sim::Query{a.name, b.name, model::proto::kTcp, 8080, {}, {}}));
  }
}
BENCHMARK(BM_Query)->ArgNames({"enis", "fleet"})->Args({10000, 0})->Args({100000, 0})->Unit(benchmark::kMicrosecond);

// The estate with one rule changed: the first web group's second ingress
// rule (an office range) opened to the internet, as a pull request might.
struct Changed {
  model::Stack stack;
  std::unique_ptr<sim::Network> net;
};
Changed& changed(int64_t enis) {
  static std::map<int64_t, std::unique_ptr<Changed>> cache;
  auto& c = cache[enis];
  if (!c) {
    c = std::make_unique<Changed>();
    c->stack = estate(enis, false).stack;
    for (auto& sg : c->stack.security_groups)
      if (sg.name.find("-web-") != std::string::npos && sg.ingress.size() > 1) {
        sg.ingress[1].cidr = model::Cidr{0, 0};
        break;
      }
    c->net = std::make_unique<sim::Network>(c->stack);
  }
  return *c;
}

void BM_DiffReachability(benchmark::State& state) {
  Estate& e = estate(state.range(0), false);
  Changed& c = changed(state.range(0));
  size_t changes = 0;
  for (auto _ : state) {
    auto d = sim::diffReachability(*e.net, *c.net);
    changes = d.changes.size();
    benchmark::DoNotOptimize(d);
  }
  state.counters["changes"] = static_cast<double>(changes);
}
BENCHMARK(BM_DiffReachability)->ArgNames({"enis", "fleet"})->Args({10000, 0})->Args({100000, 0})->Unit(benchmark::kMillisecond);

// Everything `awssim diff` computes after loading: both checks, the
// reachability changes, resources, findings, verdicts and placement.
void BM_Diff(benchmark::State& state) {
  Estate& e = estate(state.range(0), false);
  Changed& c = changed(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(rules::diffStacks(*e.net, *c.net, {}));
}
BENCHMARK(BM_Diff)->ArgNames({"enis", "fleet"})->Args({10000, 0})->Args({100000, 0})->Unit(benchmark::kMillisecond);

void BM_SingleTrace(benchmark::State& state) {
  Estate& e = estate(10000, false);
  sim::Flow f;
  f.src_eni = 1;
  f.src_ip = e.net->enis()[1].ip;
  f.dst_ip = e.net->enis()[2].ip;
  f.dst_port = 8080;
  for (auto _ : state) benchmark::DoNotOptimize(sim::traceFlow(*e.net, f));
}
BENCHMARK(BM_SingleTrace)->Unit(benchmark::kMicrosecond);

}  // namespace
