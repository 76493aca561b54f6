// The HTML report and its diagram: well-formed SVG with one box per
// interface and subnet, the matrix and the paths behind it, names escaped
// so a resource name cannot inject markup, and the colour pass.
#include <gtest/gtest.h>

#include <pugixml.hpp>

#include "reports/check_text.h"
#include "reports/html_report.h"
#include "reports/topology_svg.h"
#include "rules/check.h"
#include "sim_test_util.h"

namespace awssim::reports {
namespace {

using sim::testing::stackOf;

const std::string kStack =
    "region: us-east-1\n"
    "vpc: {name: main, cidr: 10.0.0.0/16}\n"
    "internet_gateways: {igw: {}}\n"
    "route_tables:\n"
    "  public: {routes: [{to: 0.0.0.0/0, via: igw:igw}]}\n"
    "subnets:\n"
    "  a: {cidr: 10.0.1.0/24, az: a, route_table: public}\n"
    "  b: {cidr: 10.0.2.0/24, az: b}\n"
    "security_groups:\n"
    "  web: {ingress: [{tcp: 80, from: 0.0.0.0/0}]}\n"
    "  db: {ingress: [{tcp: 5432, from: sg:web}]}\n"
    "instances:\n"
    "  web: {type: t3.micro, subnet: a, ip: 10.0.1.10, sgs: [web], public_ip: true}\n"
    "  db: {type: t3.micro, subnet: b, ip: 10.0.2.10, sgs: [db]}\n";

TEST(TopologySvg, IsWellFormedWithABoxPerSubnetAndInterface) {
  auto f = stackOf(kStack);
  std::string svg = topologySvg(*f->net);
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(svg.c_str())) << svg;
  EXPECT_EQ(doc.select_nodes("//g[@class='subnet']").size(), 2u);
  EXPECT_EQ(doc.select_nodes("//g[@class='node eni']").size(), 2u);
  EXPECT_TRUE(doc.select_node("//g[@data-endpoint='db']"));
  // web -> db by group reference, internet -> web by 0.0.0.0/0.
  auto sgEdge = doc.select_node("//g[@data-from='web'][@data-to='db']");
  ASSERT_TRUE(sgEdge);
  EXPECT_STREQ(sgEdge.node().child("text").text().get(), "tcp 5432");
  EXPECT_TRUE(doc.select_node("//g[@data-from='internet'][@data-to='web']"));
  // The public subnet routes to the internet gateway.
  EXPECT_TRUE(doc.select_node("//g[@class='edge route']/text[.='0.0.0.0/0']"));
  EXPECT_EQ(svg, topologySvg(*f->net));
}

TEST(TopologySvg, VpcTitleDoesNotRepeatVpc) {
  auto f = stackOf(kStack);
  EXPECT_NE(topologySvg(*f->net).find(">VPC main (10.0.0.0/16)<"), std::string::npos);
  std::string yaml = kStack;
  yaml.replace(yaml.find("{name: main"), 11, "{name: \"VPC A\"");
  auto g = stackOf(yaml);
  EXPECT_NE(topologySvg(*g->net).find(">VPC A (10.0.0.0/16)<"), std::string::npos);
}

TEST(TopologySvg, LargeStacksShowCountsNotBoxes) {
  auto f = stackOf(kStack);
  std::string svg = topologySvg(*f->net, 1);
  EXPECT_EQ(svg.find("class=\"node eni\""), std::string::npos);
  EXPECT_NE(svg.find(">1 interface<"), std::string::npos);
}

TEST(HtmlReport, HasTheMatrixAndThePathBehindEveryCell) {
  auto f = stackOf(kStack);
  rules::CheckOptions o;
  o.with_matrix = true;
  rules::CheckResult r = rules::runCheck(*f->net, o);
  ASSERT_TRUE(r.matrix);
  EXPECT_EQ(r.matrix->ports, (std::vector<int>{80, 5432}));
  EXPECT_EQ(r.matrix->endpoints, (std::vector<std::string>{"internet", "db", "web"}));
  // internet->db, internet->web, db->internet, db->web, web->internet, web->db; two ports each.
  EXPECT_EQ(r.paths.size(), 12u);
  std::string html = checkHtml(*f->net, r);
  EXPECT_NE(html.find("<button type=\"button\" class=\"open\" data-src=\"2\" data-dst=\"1\" data-port=\"5432\">"), std::string::npos);
  EXPECT_NE(html.find("<button type=\"button\" class=\"closed\" data-src=\"0\" data-dst=\"1\" data-port=\"5432\">"), std::string::npos);
  EXPECT_NE(html.find("\"2,1,5432\":{\"reachable\":true,\"disposition\":\"ACCEPTED\""), std::string::npos);
  EXPECT_NE(html.find("\"0,1,5432\":{\"reachable\":false,\"disposition\":\"NULL_ROUTED\""), std::string::npos);
  // Self-contained: no stylesheet, script or image from elsewhere.
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find(" src="), std::string::npos);
  EXPECT_EQ(html.find("url(http"), std::string::npos);
}

TEST(HtmlReport, PastTheLimitShowsTheMatrixWithoutPaths) {
  auto f = stackOf(kStack);
  rules::CheckOptions o;
  o.with_matrix = true;
  o.max_path_endpoints = 2;
  rules::CheckResult r = rules::runCheck(*f->net, o);
  EXPECT_TRUE(r.paths.empty());
  EXPECT_NE(checkHtml(*f->net, r).find("\"paths\":{}"), std::string::npos);
}

// A name is data, never markup: not in the tables, the SVG or the data block.
TEST(HtmlReport, EscapesNamesEverywhere) {
  std::string yaml = kStack;
  yaml.replace(yaml.find("  db: {type"), 4, "  \"x</script><b>\"");
  auto f = stackOf(yaml);
  rules::CheckOptions o;
  o.with_matrix = true;
  std::string html = checkHtml(*f->net, rules::runCheck(*f->net, o));
  EXPECT_EQ(html.find("</script><b>"), std::string::npos);
  EXPECT_NE(html.find("x&lt;/script&gt;&lt;b&gt;"), std::string::npos);
  EXPECT_NE(html.find("x<\\/script><b>"), std::string::npos) << "the JSON block keeps the name, with </ broken";
}

TEST(Colorize, PaintsStatusesAndSeveritiesOnly) {
  std::string text =
      "expectations:\n"
      "  ok   a -> b:80 reachable  [s.yaml:1:1]\n"
      "  FAIL a -> c:80 reachable  [s.yaml:2:1]\n"
      "       expected reachable, got not reachable\n"
      "  AWSSIM-NET-001 [high] sg web: open\n"
      "  AWSSIM-HYG-006 [low] zone a: one zone\n";
  EXPECT_EQ(colorize(text),
            "\033[1mexpectations:\033[0m\n"
            "  \033[32mok \033[0m  a -> b:80 reachable  [s.yaml:1:1]\n"
            "  \033[1;31mFAIL\033[0m a -> c:80 reachable  [s.yaml:2:1]\n"
            "       expected reachable, got not reachable\n"
            "  AWSSIM-NET-001 \033[1;31m[high]\033[0m sg web: open\n"
            "  AWSSIM-HYG-006 \033[2m[low]\033[0m zone a: one zone\n");
}

}  // namespace
}  // namespace awssim::reports
