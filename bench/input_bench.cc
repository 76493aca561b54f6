// Benchmarks of the importers on real inputs: a Terraform plan (the 178 KB
// terraform-aws-modules VPC plan: loading, and loading plus the whole check)
// and 10,000 generated plan resources; the 91 KB CloudFormation quickstart.
#include <benchmark/benchmark.h>

#include "model/load/price_table_loader.h"
#include "model/load/stack_loader.h"
#include "rules/check.h"
#include "sim/network.h"

namespace {

using namespace awssim;

const std::string kShared = AWSSIM_SHARED_DIR;

void loadOnly(benchmark::State& state, const std::string& path, const load::InputOptions& o = {}) {
  model::DiskFileSource disk;
  for (auto _ : state) {
    auto res = load::loadStack(path, disk, o);
    if (!res.ok()) state.SkipWithError("the input does not load");
    benchmark::DoNotOptimize(res.stack.subnets.size());
  }
}

void BM_LoadTerraformPlan178KB(benchmark::State& state) {
  loadOnly(state, kShared + "/upstream/iac/terraform/tfc_issue158_vpc_3az_nat.plan.json");
}
BENCHMARK(BM_LoadTerraformPlan178KB)->Unit(benchmark::kMillisecond);

void BM_CheckTerraformPlan178KB(benchmark::State& state) {
  model::DiskFileSource disk;
  for (auto _ : state) {
    auto res = load::loadStack(kShared + "/upstream/iac/terraform/tfc_issue158_vpc_3az_nat.plan.json", disk);
    auto prices = load::builtinPriceTable(res.stack.region);
    sim::Network net(res.stack);
    rules::CheckOptions o;
    o.prices = prices ? &*prices : nullptr;
    o.today = "2026-12-02";
    auto result = rules::runCheck(net, o);
    benchmark::DoNotOptimize(result);
  }
}
BENCHMARK(BM_CheckTerraformPlan178KB)->Unit(benchmark::kMillisecond);

void BM_LoadTerraformPlan10kResources(benchmark::State& state) {
  loadOnly(state, std::string(AWSSIM_SOURCE_DIR) + "/tests/fuzz/hostile/plan/ten-thousand-resources.json");
}
BENCHMARK(BM_LoadTerraformPlan10kResources)->Unit(benchmark::kMillisecond);

void BM_LoadCloudFormationQuickstart91KB(benchmark::State& state) {
  load::InputOptions o;
  o.parameters_file = kShared + "/upstream/iac/cloudformation/cfnlint_quickstart_vpc_4az_conditions.params.json";
  loadOnly(state, kShared + "/upstream/iac/cloudformation/cfnlint_quickstart_vpc_4az_conditions.json", o);
}
BENCHMARK(BM_LoadCloudFormationQuickstart91KB)->Unit(benchmark::kMillisecond);

}  // namespace
