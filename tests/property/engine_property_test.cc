// Property tests of the engine on random stacks (stack_gen.h): it agrees
// with the reference oracle (oracle.h) on random packets, and metamorphic
// relations hold. Case counts are set per property below so that the suite
// runs in seconds in CI; a long campaign locally:
//   RC_PARAMS="max_success=20000" build/tests/awssim_tests --gtest_filter='EngineProperty*'
// A failure prints the stack as YAML and the packet, shrunk.
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <cstdlib>
#include <memory>
#include <sstream>
#include <set>

#include "model/load/stack_loader.h"
#include "model/stack_writer.h"
#include "build_stack.h"
#include "check_cases.h"
#include "import_gen.h"
#include "oracle.h"
#include "reports/trace_report.h"
#include "sim/matrix.h"
#include "sim/network.h"
#include "sim/trace.h"

namespace awssim::proptest {
namespace {

/// An input file of another kind (template, snapshot) loaded as a user's would be.
std::unique_ptr<Built> buildFile(const std::string& name, const std::string& text) {
  auto b = std::make_unique<Built>();
  model::MemoryFileSource files;
  files.add(name, text);
  b->res = load::loadStack(name, files);
  std::string diags;
  for (const auto& d : b->res.diags.all()) diags += d.str() + "\n";
  if (!b->res.ok()) RC_FAIL(diags + text);
  b->net = std::make_unique<sim::Network>(b->res.stack);
  return b;
}

sim::Trace engineTrace(const Built& b, const Spec& s, const Packet& p, const std::string& prefix = "") {
  Oracle o(s, p);
  sim::Flow f;
  if (p.src >= 0) f.src_eni = b.net->eniByName(prefix + "i" + std::to_string(p.src % static_cast<int>(s.instances.size())));
  f.src_ip = o.srcAddress();
  f.dst_ip = o.dstAddress();
  f.protocol = p.proto;
  f.dst_port = p.proto == 1 ? 8 : kPorts[p.port];
  if (p.proto != 1) f.src_port = p.srcPort;
  return sim::traceFlow(*b.net, f);
}

std::vector<Blocker> blockersOf(const sim::Trace& t) {
  std::set<Blocker> set;
  for (const auto& e : t.explanations) set.insert({e.component, e.direction});
  return {set.begin(), set.end()};
}

/// Interfaces the engine adds on its own (NAT gateway, ECS instance) take
/// addresses the oracle does not know; packets to them are skipped.
bool toServiceInterface(const Built& b, const Spec& s, const Packet& p) {
  int e = b.net->eniByPrivateIp(Oracle(s, p).dstAddress());
  return e >= 0 && b.net->enis()[e].kind != sim::EniKind::Instance;
}

// Generated stacks are valid: they load without a single error.
TEST(EngineProperty, GeneratedStacksLoad) {
  checkCases(300, [] {
    Spec s = *genSpec();
    build(render(s));
  });
}

// The engine's answer equals the oracle's: disposition and every blocking
// setting, for random packets on random stacks.
TEST(EngineProperty, AgreesWithTheOracle) {
  checkCases(3000, [] {
    Spec s = *genSpec();
    Packet p = *genPacket();
    auto verdict = Oracle(s, p).run();
    RC_PRE(verdict.has_value());
    auto b = build(render(s));
    RC_PRE(!toServiceInterface(*b, s, p));
    sim::Trace t = engineTrace(*b, s, p);
    bool replyBlocked = std::any_of(t.explanations.begin(), t.explanations.end(),
                                    [](const sim::Explanation& e) { return e.direction == "return"; });
    bool naclBlocked = std::any_of(t.explanations.begin(), t.explanations.end(),
                                   [](const sim::Explanation& e) { return e.component.rfind("nacl", 0) == 0; });
    RC_TAG(verdict->disposition, replyBlocked ? "a reply blocked" : "", naclBlocked ? "by a NACL" : "",
           s.nacls.empty() ? "" : "has NACLs");
    RC_ASSERT(sim::dispositionName(t.disposition) == verdict->disposition);
    std::vector<Blocker> want = verdict->blockers;
    std::sort(want.begin(), want.end());
    want.erase(std::unique(want.begin(), want.end()), want.end());
    RC_ASSERT(blockersOf(t) == want);
  });
}

// Adding an allow rule to a security group never takes reachability away.
TEST(EngineProperty, AnAllowRuleNeverRemovesReachability) {
  checkCases(300, [] {
    Spec s = *genSpec();
    Packet p = *genPacket();
    Rule extra = *genRule();
    int g = *rc::gen::inRange<int>(0, static_cast<int>(s.sgs.size()));
    bool egress = *rc::gen::arbitrary<bool>();
    bool before = engineTrace(*build(render(s)), s, p).reachable;
    (egress ? s.sgs[g].out : s.sgs[g].in).push_back(extra);
    bool after = engineTrace(*build(render(s)), s, p).reachable;
    RC_ASSERT(!before || after);
  });
}

// A deny entry placed first in a NACL never makes anything reachable.
TEST(EngineProperty, ANaclDenyNeverAddsReachability) {
  checkCases(300, [] {
    Spec s = *genSpec();
    RC_PRE(!s.nacls.empty());
    Packet p = *genPacket();
    NaclEntry deny = *genNaclEntry();
    deny.allow = false;
    int a = *rc::gen::inRange<int>(0, static_cast<int>(s.nacls.size()));
    bool egress = *rc::gen::arbitrary<bool>();
    bool before = engineTrace(*build(render(s)), s, p).reachable;
    auto& entries = egress ? s.nacls[a].out : s.nacls[a].in;
    entries.insert(entries.begin(), deny);
    bool after = engineTrace(*build(render(s)), s, p).reachable;
    RC_ASSERT(before || !after);
  });
}

// Names are only names: renaming every resource changes no answer.
TEST(EngineProperty, RenamingChangesNothing) {
  checkCases(200, [] {
    Spec s = *genSpec();
    Packet p = *genPacket();
    sim::Trace a = engineTrace(*build(render(s)), s, p);
    sim::Trace b = engineTrace(*build(render(s, "renamed-")), s, p, "renamed-");
    RC_ASSERT(a.disposition == b.disposition);
    RC_ASSERT(a.reachable == b.reachable);
    RC_ASSERT(a.explanations.size() == b.explanations.size());
    RC_ASSERT(a.forward.size() == b.forward.size());
  });
}

// Security-group rules are a set: their order never matters.
TEST(EngineProperty, SecurityGroupRuleOrderDoesNotMatter) {
  checkCases(300, [] {
    Spec s = *genSpec();
    Packet p = *genPacket();
    sim::Trace a = engineTrace(*build(render(s)), s, p);
    for (auto& g : s.sgs) {
    std::reverse(g.in.begin(), g.in.end());
    std::reverse(g.out.begin(), g.out.end());
    }
    sim::Trace b = engineTrace(*build(render(s)), s, p);
    RC_ASSERT(a.disposition == b.disposition);
    RC_ASSERT(blockersOf(a) == blockersOf(b));
  });
}

// NACL entries are ordered: reversing them changes the answer exactly when
// the oracle (first match wins) says it does.
TEST(EngineProperty, NaclOrderMattersAsTheOracleSays) {
  checkCases(300, [] {
    Spec s = *genSpec();
    RC_PRE(!s.nacls.empty());
    Packet p = *genPacket();
    Spec r = s;
    for (auto& n : r.nacls) {
    std::reverse(n.in.begin(), n.in.end());
    std::reverse(n.out.begin(), n.out.end());
    }
    auto vs = Oracle(s, p).run(), vr = Oracle(r, p).run();
    RC_PRE(vs && vr);
    auto bs = build(render(s)), br = build(render(r));
    RC_PRE(!toServiceInterface(*bs, s, p));
    RC_ASSERT((engineTrace(*bs, s, p).disposition == engineTrace(*br, r, p).disposition) ==
            (vs->disposition == vr->disposition));
  });
}

// The matrix computed over sets gives every cell the answer a full trace of
// that flow gives: for every ordered pair of endpoints (the internet
// included) and every port, on random stacks with NACLs, appliances, NAT
// and several subnets per route table.
TEST(EngineProperty, MatrixCellsAreTheTracesAnswers) {
  checkCases(300, [] {
    Spec s = *genSpec();
    auto b = build(render(s));
    sim::MatrixOptions o;
    o.ports = {kPorts.begin(), kPorts.end()};
    sim::Matrix m = sim::computeMatrix(*b->net, o);
    auto paths = sim::matrixPaths(*b->net, m);
    RC_ASSERT(!paths.empty());
    for (const auto& path : paths) {
      size_t p = std::find(m.ports.begin(), m.ports.end(), path.port) - m.ports.begin();
      bool cell = m.opens(m.class_of[path.src], m.class_of[path.dst], p);
      if (cell != path.result.reachable)
        RC_FAIL(fmt::format("{} -> {} tcp {}: matrix says {}, the trace {}", m.endpoints[path.src],
                            m.endpoints[path.dst], path.port, cell, path.result.reachable));
    }
  });
}

// The same question gets the same answer, byte for byte.
TEST(EngineProperty, AnswersAreIdenticalRunToRun) {
  checkCases(200, [] {
    Spec s = *genSpec();
    Packet p = *genPacket();
    auto b = build(render(s));
    RC_ASSERT(reports::traceJson(engineTrace(*b, s, p)).dump() == reports::traceJson(engineTrace(*b, s, p)).dump());
    RC_ASSERT(reports::traceJson(engineTrace(*b, s, p)).dump() == reports::traceJson(engineTrace(*build(render(s)), s, p)).dump());
  });
}

// A stack written back as YAML loads to the same model: writing it again
// gives the same text, and every answer is the same.
TEST(EngineProperty, WrittenStackLoadsToTheSameModel) {
  checkCases(300, [] {
    Spec s = *genSpec();
    s.ecs = false;  // the writer covers the network sections
    Packet p = *genPacket();
    auto a = build(render(s));
    std::string yaml = model::writeStackYaml(a->res.stack);
    auto b = build(yaml);
    RC_ASSERT(model::writeStackYaml(b->res.stack) == yaml);
    // Locations name lines of the two texts; everything else must match.
  auto answer = [&](const Built& x) {
    auto j = reports::traceJson(engineTrace(x, s, p));
    for (auto& e : j["explanations"]) e.erase("location");
    return j.dump();
  };
  RC_ASSERT(answer(*a) == answer(*b));
  });
}

// The importers build the model the stack.yaml loader builds: the same
// network written as a CloudFormation template, and as describe-* output,
// gives every packet the same disposition, blocked by the same components.
// (A template cannot say an instance's public address, so packets to one
// go to its private address instead; nor write a blackhole route, so the
// spec has none.)
TEST(ImporterProperty, TemplateAnswersAsTheStackYaml) {
  checkCases(150, [] {
    Spec s = withoutBlackholes(*genSpec());
    s.ecs = false;
    Packet p = *genPacket();
    if (p.dstKind == 1) p.dstKind = 0;
    auto a = build(render(s));
    auto b = buildFile("template.json", renderTemplate(s));
    sim::Trace ta = engineTrace(*a, s, p), tb = engineTrace(*b, s, p);
    RC_ASSERT(sim::dispositionName(tb.disposition) == sim::dispositionName(ta.disposition));
    RC_ASSERT(blockersOf(tb) == blockersOf(ta));
  });
}

TEST(ImporterProperty, SnapshotAnswersAsTheStackYaml) {
  checkCases(150, [] {
    Spec s = *genSpec();
    s.ecs = false;
    Packet p = *genPacket();
    auto a = build(render(s));
    auto b = buildFile("snapshot.json", renderSnapshot(s));
    sim::Trace ta = engineTrace(*a, s, p), tb = engineTrace(*b, s, p);
    RC_ASSERT(sim::dispositionName(tb.disposition) == sim::dispositionName(ta.disposition));
    RC_ASSERT(blockersOf(tb) == blockersOf(ta));
  });
}

// The concrete case behind "order matters": allow-then-deny and
// deny-then-allow of the same traffic give opposite answers.
TEST(EngineProperty, NaclOrderExample) {
  Spec s;
  s.subnets = {{0, 0, 0}, {1, 0, -1}};
  s.tables = {{}};
  s.sgs = {{{{6, 0, 1}}, {{-1, 0, 0}}}};  // ingress tcp 22 from 10.0.0.0/16, egress all
  s.instances = {{1, false, {0}}, {0, false, {0}}};
  s.nacls = {{{{true, -1, 0, 1}, {false, -1, 0, 1}}, {{true, -1, 0, 0}}}};
  Packet p{0, 0, 1, 6, 0, 40000};  // i0 (subnet 1) -> i1 (subnet 0, NACL acl0) tcp 22
  EXPECT_TRUE(engineTrace(*build(render(s)), s, p).reachable) << render(s);
  std::swap(s.nacls[0].in[0], s.nacls[0].in[1]);
  sim::Trace t = engineTrace(*build(render(s)), s, p);
  EXPECT_FALSE(t.reachable);
  EXPECT_EQ(sim::dispositionName(t.disposition), "DENIED_IN");
  ASSERT_EQ(t.explanations.size(), 1u);
  EXPECT_EQ(t.explanations[0].component, "nacl acl0");
}

}  // namespace
}  // namespace awssim::proptest
