// NACL evaluation: large NACLs are answered from a decision table built
// once per (direction, protocol, remote); it must agree with the plain walk
// over the entries in rule order, port range by port range.
#include "sim/acl.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>

#include "../property/check_cases.h"

namespace awssim::sim {
namespace {

using namespace model;

NaclEntry randomEntry(int number) {
  NaclEntry e;
  e.number = number;
  e.allow = *rc::gen::arbitrary<bool>();
  e.traffic.protocol = *rc::gen::element(proto::kTcp, proto::kUdp, proto::kIcmp, proto::kAll, 47);
  int a = *rc::gen::inRange(0, 200), b = *rc::gen::inRange(0, 200);
  e.traffic.ports = {std::min(a, b), std::max(a, b)};
  int c = *rc::gen::inRange(0, 4), d = *rc::gen::inRange(0, 4);
  e.traffic.icmp_codes = {std::min(c, d), std::max(c, d)};
  e.cidr = {static_cast<Ipv4>(*rc::gen::inRange(0, 4)) << 30, *rc::gen::inRange(0, 3)};
  e.cidr.base &= ~e.cidr.hostMask();
  return e;
}

TEST(NaclTable, AgreesWithTheWalk) {
  proptest::checkCases(300, [] {
    Nacl n;
    n.name = "big";
    int count = *rc::gen::inRange(64, 160);
    // Numbers written out of order, as a loader keeps them.
    std::vector<int> numbers;
    for (int i = 1; i <= count; ++i) numbers.push_back(i * 3);
    std::reverse(numbers.begin(), numbers.end());
    for (int k : numbers) (*rc::gen::arbitrary<bool>() ? n.ingress : n.egress).push_back(randomEntry(k));
    while (n.ingress.size() < 64) n.ingress.push_back(randomEntry(1000 + static_cast<int>(n.ingress.size())));
    while (n.egress.size() < 64) n.egress.push_back(randomEntry(1000 + static_cast<int>(n.egress.size())));
    NaclOrder order;
    for (auto [list, out] : {std::pair{&n.ingress, &order.ingress}, std::pair{&n.egress, &order.egress}}) {
      for (const auto& e : *list) out->push_back(&e);
      std::stable_sort(out->begin(), out->end(), [](auto* a, auto* b) { return a->number < b->number; });
    }
    for (int i = 0; i < 20; ++i) {
      TrafficQuery q;
      q.protocol = *rc::gen::element(proto::kTcp, proto::kUdp, proto::kIcmp, 47, 50);
      int a = *rc::gen::inRange(0, 260), b = *rc::gen::inRange(0, 260);
      q.ports = {std::min(a, b), std::max(a, b)};
      q.icmp_code = *rc::gen::inRange(0, 5);
      Ipv4 remote = static_cast<Ipv4>(*rc::gen::inRange(0, 16)) << 28;
      bool egress = *rc::gen::arbitrary<bool>();
      NaclVerdict walk = evalNacl(&n, egress, q, remote);
      NaclVerdict table = evalNacl(&n, egress, q, remote, &order);
      RC_ASSERT(walk.allowed == table.allowed);
      RC_ASSERT(walk.entry == table.entry);
    }
  });
}

}  // namespace
}  // namespace awssim::sim
