// Benchmarks of the reachability engine on generated stacks: the all-pairs
// matrix over 10,000 interfaces, a single trace, and building the network.
#include <benchmark/benchmark.h>

#include <fmt/format.h>

#include "model/aws_ranges.h"
#include "model/stack.h"
#include "sim/matrix.h"
#include "sim/network.h"
#include "sim/trace.h"

namespace {

using namespace awssim;
using namespace awssim::model;

// One VPC (10.0.0.0/16) with `subnets` /20 subnets in three zones, a public
// route table for a third of them, `sgs` security groups of a three-tier
// shape (web from the internet, app from web, db from app, SSH from a bastion
// group and an office prefix) and `enis` instances spread over subnets and
// over group combinations.
Stack generate(int enis, int subnets, int sgs) {
  Stack s;
  s.region = "eu-north-1";
  addManagedPrefixLists(s);
  s.vpcs.add(Vpc{"main", {}, "", {*parseCidr("10.0.0.0/16")}, true, true});
  s.internet_gateways.add(InternetGateway{"igw", {}, "", "main"});
  RouteTable pub{"public", {}, "", "main", false, {}};
  Route def;
  def.cidr = parseCidr("0.0.0.0/0");
  def.target = RouteTarget::InternetGateway;
  def.via = "igw";
  pub.routes.push_back(def);
  s.route_tables.add(pub);
  s.route_tables.add(RouteTable{"private", {}, "", "main", true, {}});
  for (int i = 0; i < subnets; ++i) {
    Subnet sub;
    sub.name = fmt::format("subnet-{}", i);
    sub.vpc = "main";
    sub.cidr = Cidr{(10u << 24) | (static_cast<Ipv4>(i) << 12), 20};
    sub.az = fmt::format("eu-north-1{}", "abc"[i % 3]);
    sub.route_table = i % 3 == 0 ? "public" : "private";
    s.subnets.add(sub);
  }
  auto rule = [](int port, PeerKind kind, const std::string& peer) {
    SgRule r;
    r.traffic.protocol = proto::kTcp;
    r.traffic.ports = PortRange::single(port);
    r.kind = kind;
    if (kind == PeerKind::Cidr) r.cidr = *parseCidr(peer);
    else r.ref = peer;
    return r;
  };
  for (int g = 0; g < sgs; ++g) {
    SecurityGroup sg;
    sg.name = fmt::format("sg-{}", g);
    sg.vpc = "main";
    int tier = g % 3;
    if (tier == 0) sg.ingress.push_back(rule(443, PeerKind::Cidr, "0.0.0.0/0"));
    if (tier == 1) sg.ingress.push_back(rule(8080, PeerKind::SecurityGroup, fmt::format("sg-{}", g - 1)));
    if (tier == 2) sg.ingress.push_back(rule(5432, PeerKind::SecurityGroup, fmt::format("sg-{}", g - 1)));
    sg.ingress.push_back(rule(22, PeerKind::Cidr, fmt::format("10.0.{}.0/24", g % 16)));
    SgRule all;
    all.cidr = Cidr{0, 0};
    sg.egress.push_back(all);
    s.security_groups.add(sg);
  }
  for (int i = 0; i < enis; ++i) {
    Instance inst;
    inst.name = fmt::format("i-{}", i);
    inst.type = "t3.micro";
    inst.subnet = fmt::format("subnet-{}", i % subnets);
    inst.public_ip = (i % subnets) % 3 == 0;
    inst.sgs = {fmt::format("sg-{}", (i / subnets) % sgs)};
    s.instances.add(inst);
  }
  return s;
}

void BM_Matrix10k(benchmark::State& state) {
  Stack s = generate(10000, 24, static_cast<int>(state.range(0)));
  sim::Network net(s);
  size_t classes = 0, traces = 0;
  for (auto _ : state) {
    sim::Matrix m = sim::computeMatrix(net, {});
    classes = m.members.size();
    traces = m.traces;
    benchmark::DoNotOptimize(m);
  }
  state.counters["enis"] = static_cast<double>(net.enis().size());
  state.counters["classes"] = static_cast<double>(classes);
  state.counters["traces"] = static_cast<double>(traces);
}
BENCHMARK(BM_Matrix10k)->Arg(6)->Arg(12)->Unit(benchmark::kMillisecond);

void BM_NetworkBuild10k(benchmark::State& state) {
  Stack s = generate(10000, 24, 12);
  for (auto _ : state) {
    sim::Network net(s);
    benchmark::DoNotOptimize(net);
  }
}
BENCHMARK(BM_NetworkBuild10k)->Unit(benchmark::kMillisecond);

void BM_SingleTrace(benchmark::State& state) {
  Stack s = generate(10000, 24, 12);
  sim::Network net(s);
  sim::Flow f;
  f.src_eni = 1;
  f.src_ip = net.enis()[1].ip;
  f.dst_ip = net.enis()[2].ip;
  f.dst_port = 8080;
  for (auto _ : state) benchmark::DoNotOptimize(sim::traceFlow(net, f));
}
BENCHMARK(BM_SingleTrace)->Unit(benchmark::kMicrosecond);

}  // namespace
