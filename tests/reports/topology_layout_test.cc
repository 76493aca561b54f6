// The topology drawing's geometry on every fixture and every Batfish
// snapshot: edge labels clear of every box, title and other label; every
// interface inside its subnet, every subnet inside its zone, every zone
// inside its VPC; gateways of a VPC on its top row; the same drawing twice.
#include <gtest/gtest.h>

#include <filesystem>
#include <fmt/format.h>

#include "reports/topology_layout.h"
#include "sim_test_util.h"

namespace awssim::reports {
namespace {

namespace fs = std::filesystem;
using sim::testing::loadPath;
using sim::testing::stackOf;

std::string show(const Rect& r) { return fmt::format("({}, {}, {}x{})", r.x, r.y, r.w, r.h); }

std::string nodeName(const DrawnNode& n) { return n.endpoint.empty() ? n.lines[0] : n.endpoint; }

void expectClean(const sim::Network& net, size_t maxInterfaces = 150) {
  TopologyDrawing d = layoutTopology(net, maxInterfaces);
  ASSERT_GT(d.width, 0);
  ASSERT_GT(d.height, 0);
  for (size_t i = 0; i < d.edges.size(); ++i) {
    const DrawnEdge& e = d.edges[i];
    EXPECT_GE(e.curve.size(), 4u) << e.from << " -> " << e.to;
    EXPECT_EQ((e.curve.size() - 1) % 3, 0u) << e.from << " -> " << e.to;
    if (e.label.empty()) continue;
    for (const auto& n : d.nodes)
      EXPECT_FALSE(e.label_box.overlaps(n.box))
          << "label '" << e.label << "' of " << e.from << " -> " << e.to << " " << show(e.label_box) << " on "
          << nodeName(n) << " " << show(n.box);
    for (const auto& c : d.clusters)
      EXPECT_FALSE(e.label_box.overlaps(c.title))
          << "label '" << e.label << "' " << show(e.label_box) << " on the title of " << c.name;
    for (size_t j = i + 1; j < d.edges.size(); ++j) {
      if (d.edges[j].label.empty()) continue;
      EXPECT_FALSE(e.label_box.overlaps(d.edges[j].label_box))
          << "label '" << e.label << "' on label '" << d.edges[j].label << "'";
    }
    EXPECT_FALSE(e.label_box.overlaps(d.legend)) << e.label;
  }
  for (size_t i = 0; i < d.nodes.size(); ++i)
    for (size_t j = i + 1; j < d.nodes.size(); ++j)
      EXPECT_FALSE(d.nodes[i].box.overlaps(d.nodes[j].box)) << nodeName(d.nodes[i]) << " on " << nodeName(d.nodes[j]);

  // Interfaces inside their subnet's box; subnets in their zone; zones in
  // their VPC.
  std::map<std::string, const DrawnCluster*> subnets, zones, vpcs;
  for (const auto& c : d.clusters) {
    if (c.kind == DrawnCluster::Kind::Subnet) subnets[c.name] = &c;
    if (c.kind == DrawnCluster::Kind::Vpc) vpcs[c.name] = &c;
    EXPECT_TRUE(c.title.inside(c.box)) << c.name;
  }
  const model::Stack& s = net.stack();
  for (const auto& sub : s.subnets) {
    ASSERT_TRUE(subnets.count(sub.name)) << sub.name;
    const DrawnCluster* zone = nullptr;
    for (const auto& c : d.clusters)
      if (c.kind == DrawnCluster::Kind::Zone && c.name == sub.az && c.box.overlaps(subnets[sub.name]->box)) zone = &c;
    ASSERT_TRUE(zone) << sub.name;
    EXPECT_TRUE(subnets[sub.name]->box.inside(zone->box)) << sub.name;
    EXPECT_TRUE(zone->box.inside(vpcs.at(sub.vpc)->box)) << sub.az;
  }
  if (d.detailed)
    for (const auto& eni : net.enis()) {
      auto n = std::find_if(d.nodes.begin(), d.nodes.end(), [&](const DrawnNode& x) { return x.endpoint == eni.name; });
      ASSERT_NE(n, d.nodes.end()) << eni.name;
      EXPECT_TRUE(n->box.inside(subnets.at(net.subnets()[eni.subnet].subnet->name)->box)) << eni.name;
    }
  for (const auto& c : d.clusters)
    for (const auto& n : d.nodes)
      if (n.kind == DrawnNode::Kind::Gateway && n.box.overlaps(c.title)) ADD_FAILURE() << nodeName(n) << " on " << c.name;
  EXPECT_EQ(d.legend.x + d.legend.w + 20, d.width);
}

TEST(TopologyLayout, EveryFixtureIsDrawnClean) {
  int stacks = 0;
  for (const auto& dir : fs::directory_iterator(std::string(AWSSIM_SOURCE_DIR) + "/fixtures")) {
    std::vector<fs::path> files;
    for (const auto& f : fs::directory_iterator(dir.path()))
      if (f.path().extension() == ".yaml" && f.path().filename().string().find("stack") == 0) files.push_back(f.path());
    for (const auto& f : files) {
      SCOPED_TRACE(f.string());
      auto l = loadPath(f.string());
      if (!l->net) continue;
      expectClean(*l->net);
      ++stacks;
    }
  }
  EXPECT_GE(stacks, 6);
}

TEST(TopologyLayout, EveryBatfishSnapshotIsDrawnClean) {
  int snapshots = 0;
  for (const auto& dir : fs::directory_iterator(std::string(AWSSIM_SHARED_DIR) + "/upstream/batfish-aws")) {
    if (!dir.is_directory()) continue;
    SCOPED_TRACE(dir.path().string());
    model::DiskFileSource disk;
    load::LoadResult r = load::loadStack(dir.path().string(), disk);
    ASSERT_TRUE(r.ok());
    sim::Network net(r.stack);
    expectClean(net);
    expectClean(net, 1);
    ++snapshots;
  }
  EXPECT_EQ(snapshots, 12);
}

// The seed: one VPC of three zones, public subnets above private ones in
// each, the internet gateway and S3 endpoint on the VPC's top row above
// every subnet, and every route drawn once.
TEST(TopologyLayout, SeedHasZonesAsColumnsAndGatewaysOnTop) {
  auto l = loadPath(std::string(AWSSIM_SOURCE_DIR) + "/fixtures/seed-ec2/stack.yaml");
  ASSERT_TRUE(l->net);
  TopologyDrawing d = layoutTopology(*l->net);
  std::vector<const DrawnCluster*> zones;
  const DrawnCluster* vpc = nullptr;
  for (const auto& c : d.clusters) {
    if (c.kind == DrawnCluster::Kind::Zone) zones.push_back(&c);
    if (c.kind == DrawnCluster::Kind::Vpc) vpc = &c;
  }
  ASSERT_TRUE(vpc);
  ASSERT_EQ(zones.size(), 3u);
  // Side by side, not stacked.
  for (size_t i = 0; i < zones.size(); ++i)
    for (size_t j = i + 1; j < zones.size(); ++j) EXPECT_FALSE(zones[i]->box.overlaps(zones[j]->box));
  double zonesTop = zones[0]->box.y;
  for (const auto* z : zones) zonesTop = std::min(zonesTop, z->box.y);
  int gateways = 0;
  for (const auto& n : d.nodes)
    if (n.kind == DrawnNode::Kind::Gateway && n.kind_name != "NAT gateway") {
      ++gateways;
      EXPECT_TRUE(n.box.inside(vpc->box)) << n.lines[0];
      EXPECT_LT(n.box.y + n.box.h, zonesTop) << n.lines[0];
    }
  EXPECT_EQ(gateways, 2);  // the internet gateway and the S3 gateway endpoint
  std::set<std::pair<std::string, std::string>> routes;
  for (const auto& e : d.edges) {
    if (e.kind != DrawnEdge::Kind::Route) continue;
    EXPECT_TRUE(routes.insert({e.from, e.label}).second) << e.from << " " << e.label;
  }
  EXPECT_FALSE(routes.empty());
}

// A NAT gateway is one box, in its own subnet, and the private subnets'
// default routes end at it.
TEST(TopologyLayout, NatGatewayIsDrawnOnceInItsSubnet) {
  auto l = loadPath(std::string(AWSSIM_SOURCE_DIR) + "/fixtures/seed-ec2/with-nat-gateway.yaml");
  ASSERT_TRUE(l->net);
  TopologyDrawing d = layoutTopology(*l->net);
  int nats = 0;
  for (const auto& n : d.nodes) nats += n.kind_name == "NAT gateway";
  EXPECT_EQ(nats, 1);
  int toNat = 0;
  for (const auto& e : d.edges) toNat += e.kind == DrawnEdge::Kind::Route && e.label == "0.0.0.0/0" && e.to.find("nat") != std::string::npos;
  EXPECT_GT(toNat, 0);
}

// Security-group edges from the internet start at the VPC's internet
// gateway, not beside it.
TEST(TopologyLayout, InternetEdgesStartAtTheInternetGateway) {
  auto f = stackOf(
      "region: us-east-1\n"
      "vpc: {name: main, cidr: 10.0.0.0/16}\n"
      "internet_gateways: {igw: {}}\n"
      "route_tables:\n"
      "  public: {routes: [{to: 0.0.0.0/0, via: igw:igw}]}\n"
      "subnets:\n"
      "  a: {cidr: 10.0.1.0/24, az: a, route_table: public}\n"
      "security_groups:\n"
      "  web: {ingress: [{tcp: 443, from: 0.0.0.0/0}]}\n"
      "instances:\n"
      "  web: {type: t3.micro, subnet: a, ip: 10.0.1.10, sgs: [web], public_ip: true}\n");
  TopologyDrawing d = layoutTopology(*f->net);
  const DrawnNode* igw = nullptr;
  for (const auto& n : d.nodes)
    if (n.kind_name == "internet gateway") igw = &n;
  ASSERT_TRUE(igw);
  const DrawnEdge* in = nullptr;
  for (const auto& e : d.edges)
    if (e.kind == DrawnEdge::Kind::FromInternet) in = &e;
  ASSERT_TRUE(in);
  EXPECT_EQ(in->label, "tcp 443");
  Rect grown{igw->box.x - 2, igw->box.y - 2, igw->box.w + 4, igw->box.h + 4};
  EXPECT_TRUE((Rect{in->curve[0].x, in->curve[0].y, 0.01, 0.01}.inside(grown)))
      << in->curve[0].x << "," << in->curve[0].y << " not at " << show(igw->box);
  expectClean(*f->net);
}

TEST(TopologyLayout, SameStackSameDrawing) {
  auto l = loadPath(std::string(AWSSIM_SOURCE_DIR) + "/fixtures/seed-ecs/stack.yaml");
  ASSERT_TRUE(l->net);
  TopologyDrawing a = layoutTopology(*l->net), b = layoutTopology(*l->net);
  ASSERT_EQ(a.edges.size(), b.edges.size());
  for (size_t i = 0; i < a.edges.size(); ++i) {
    ASSERT_EQ(a.edges[i].curve.size(), b.edges[i].curve.size());
    for (size_t k = 0; k < a.edges[i].curve.size(); ++k) {
      EXPECT_EQ(a.edges[i].curve[k].x, b.edges[i].curve[k].x);
      EXPECT_EQ(a.edges[i].curve[k].y, b.edges[i].curve[k].y);
    }
  }
  EXPECT_EQ(a.width, b.width);
  EXPECT_EQ(a.height, b.height);
}

TEST(TopologyLayout, TextWidthCountsCodePoints) {
  EXPECT_EQ(textWidth("abc", 10), std::ceil(3 * 10 * 0.62));
  EXPECT_EQ(textWidth("a·b", 10), std::ceil(3 * 10 * 0.62));  // '·' is two bytes, one character
  EXPECT_EQ(textWidth("", 12), 0);
}

}  // namespace
}  // namespace awssim::reports
