// The topology drawing (a Graphviz dot process per layout, so wall time) on estates of
// growing size: past 150 interfaces (or 400 admitted pairs) each subnet is one count box, so the
// cost follows subnets and routes, not interfaces.
#include <benchmark/benchmark.h>

#include "bench/estate.h"
#include "reports/topology_layout.h"
#include "reports/topology_svg.h"
#include "sim/network.h"

namespace {

using namespace awssim;

void BM_TopologySvg(benchmark::State& state) {
  bench::EstateShape shape;
  shape.subnets = static_cast<int>(state.range(0));
  shape.enis = static_cast<int>(state.range(1));
  shape.sgs = std::max(4, shape.enis / 10);
  model::Stack stack = bench::generateEstate(shape);
  sim::Network net(stack);
  for (auto _ : state) benchmark::DoNotOptimize(reports::topologySvg(net));
  state.counters["subnets"] = static_cast<double>(stack.subnets.size());
  state.counters["detailed"] = reports::layoutTopology(net).detailed ? 1 : 0;
}
BENCHMARK(BM_TopologySvg)
    ->ArgNames({"subnets", "enis"})
    ->Args({3, 12})
    ->Args({6, 30})
    ->Args({6, 60})
    ->Args({12, 150})
    ->Args({30, 1000})
    ->Args({300, 10000})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
