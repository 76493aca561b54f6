#include "reports/topology_svg.h"

#include "model/text.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace awssim::reports {

using namespace model;

std::string xmlEscape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

namespace {

// Sizes in SVG user units (pixels at 100%).
constexpr int kMargin = 20;
constexpr int kEniW = 150, kEniH = 34, kGap = 10;
constexpr int kPerRow = 2;
constexpr int kColumnW = kPerRow * kEniW + (kPerRow + 1) * kGap;  // a subnet's width
constexpr int kSubnetHeader = 34;
constexpr int kVpcHeader = 30;
constexpr int kGatewayW = 150, kGatewayH = 40;

struct Box {
  int x = 0, y = 0, w = 0, h = 0;
  int cx() const { return x + w / 2; }
  int cy() const { return y + h / 2; }
};

class Layout {
 public:
  Layout(const sim::Network& net, size_t maxInterfaces)
      : net_(net), detailed_(net.enis().size() <= maxInterfaces) {}

  std::string draw() {
    placeGateways();
    placeVpcs();
    std::string edges = routeEdges() + (detailed_ ? securityEdges() : "");
    int width = std::max(width_, gatewaysRight_) + kMargin;
    std::string out = fmt::format(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"topology\" width=\"{0}\" height=\"{1}\" "
        "viewBox=\"0 0 {0} {1}\" font-family=\"sans-serif\" font-size=\"12\">\n",
        width, height_ + kMargin);
    out += "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" "
           "orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"context-stroke\"/></marker></defs>\n";
    out += shapes_ + "<g class=\"edges\">\n" + edges + "</g>\n</svg>\n";
    return out;
  }

 private:
  // The internet and every gateway or gateway endpoint, in one row on top.
  void placeGateways() {
    int x = kMargin;
    internet_ = {x, kMargin, kGatewayW, kGatewayH};
    shapes_ += fmt::format(
        "<g class=\"node internet\" data-endpoint=\"internet\"><ellipse cx=\"{}\" cy=\"{}\" rx=\"{}\" ry=\"{}\" "
        "fill=\"#eef3ff\" stroke=\"#335\"/><text x=\"{}\" y=\"{}\" text-anchor=\"middle\">internet</text></g>\n",
        internet_.cx(), internet_.cy(), kGatewayW / 2, kGatewayH / 2, internet_.cx(), internet_.cy() + 4);
    x += kGatewayW + kGap * 2;
    auto gateway = [&](const std::string& key, const std::string& name, const std::string& kind) {
      Box b{x, kMargin, kGatewayW, kGatewayH};
      gateways_[key] = b;
      shapes_ += fmt::format(
          "<g class=\"node gateway\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"6\" fill=\"#fff7e6\" "
          "stroke=\"#a60\"/><text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text><text x=\"{}\" y=\"{}\" "
          "text-anchor=\"middle\" font-size=\"10\" fill=\"#555\">{}</text></g>\n",
          b.x, b.y, b.w, b.h, b.cx(), b.y + 16, xmlEscape(name), b.cx(), b.y + 31, xmlEscape(kind));
      x += kGatewayW + kGap;
    };
    const Stack& s = net_.stack();
    for (const auto& g : s.internet_gateways) gateway("igw:" + g.name, g.name, "internet gateway");
    for (const auto& n : s.nat_gateways) gateway("nat:" + n.name, n.name, "NAT gateway");
    for (const auto& e : s.endpoints)
      if (e.type == EndpointType::Gateway) gateway("endpoint:" + e.name, e.name, e.service + " gateway endpoint");
    for (const auto& t : s.transit_gateways) gateway("tgw:" + t.name, t.name, "transit gateway");
    for (const auto& p : s.peerings) gateway("pcx:" + p.name, p.name, "peering");
    gatewaysRight_ = x;
  }

  void placeVpcs() {
    const Stack& s = net_.stack();
    int y = kMargin + kGatewayH + 50;
    std::map<std::string, std::vector<int>> enisBySubnet;
    for (size_t i = 0; i < net_.enis().size(); ++i)
      enisBySubnet[net_.subnets()[net_.enis()[i].subnet].subnet->name].push_back(static_cast<int>(i));
    for (auto& [name, list] : enisBySubnet)
      std::sort(list.begin(), list.end(), [&](int a, int b) { return net_.enis()[a].name < net_.enis()[b].name; });
    for (const auto& vpc : s.vpcs) {
      std::map<std::string, std::vector<const Subnet*>> byAz;
      for (const auto& sub : s.subnets)
        if (sub.vpc == vpc.name) byAz[sub.az].push_back(&sub);
      int x = kMargin + kGap;
      int top = y + kVpcHeader;
      int bottom = top;
      std::string inner;
      for (auto& [az, subnets] : byAz) {
        int cy = top + 18;
        inner += fmt::format("<text x=\"{}\" y=\"{}\" font-weight=\"bold\" fill=\"#444\">{}</text>\n", x, cy - 4,
                             xmlEscape(az));
        cy += kGap;
        for (const Subnet* sub : subnets) {
          const auto& list = enisBySubnet[sub->name];
          int rows = detailed_ ? static_cast<int>((list.size() + kPerRow - 1) / kPerRow) : 1;
          int h = kSubnetHeader + rows * (kEniH + kGap) + kGap / 2;
          Box b{x, cy, kColumnW, h};
          subnets_[sub->name] = b;
          bool isPublic = publicSubnet(*sub);
          inner += fmt::format(
              "<g class=\"subnet\" data-subnet=\"{}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"4\" "
              "fill=\"{}\" stroke=\"#7a7\"/><text x=\"{}\" y=\"{}\" font-weight=\"bold\">{}</text><text x=\"{}\" y=\"{}\" "
              "font-size=\"10\" fill=\"#555\">{} · {}</text></g>\n",
              xmlEscape(sub->name), b.x, b.y, b.w, b.h, isPublic ? "#eaf7ea" : "#f3f6fa", b.x + 8, b.y + 15,
              xmlEscape(sub->name), b.x + 8, b.y + 28, sub->cidr.str(), isPublic ? "public" : "private");
          if (detailed_) {
            for (size_t k = 0; k < list.size(); ++k) {
              const auto& e = net_.enis()[list[k]];
              Box eb{b.x + kGap + static_cast<int>(k % kPerRow) * (kEniW + kGap),
                     b.y + kSubnetHeader + static_cast<int>(k / kPerRow) * (kEniH + kGap), kEniW, kEniH};
              enis_[list[k]] = eb;
              inner += fmt::format(
                  "<g class=\"node eni\" data-endpoint=\"{}\" data-kind=\"{}\"><title>{} ({})</title><rect x=\"{}\" "
                  "y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\" fill=\"#fff\" stroke=\"#336\"/><text x=\"{}\" y=\"{}\">{}"
                  "</text><text x=\"{}\" y=\"{}\" font-size=\"10\" fill=\"#555\">{}{}</text></g>\n",
                  xmlEscape(e.name), sim::eniKindName(e.kind), xmlEscape(e.name), sim::eniKindName(e.kind), eb.x, eb.y,
                  eb.w, eb.h, eb.x + 6, eb.y + 14, xmlEscape(shorten(e.name)), eb.x + 6, eb.y + 27, formatIpv4(e.ip),
                  e.public_ip ? " · public" : "");
            }
          } else {
            inner += fmt::format("<text x=\"{}\" y=\"{}\" fill=\"#333\">{} interfaces</text>\n", b.x + 8,
                                 b.y + kSubnetHeader + 16, list.size());
          }
          cy += h + kGap;
        }
        bottom = std::max(bottom, cy);
        x += kColumnW + kGap;
      }
      int w = std::max(x - kMargin, kColumnW + 2 * kGap);
      std::string cidrs;
      for (const auto& c : vpc.cidrs) cidrs += (cidrs.empty() ? "" : ", ") + c.str();
      // "VPC A" from a Name tag needs no second "VPC".
      bool named = vpc.name.size() >= 3 && std::equal(vpc.name.begin(), vpc.name.begin() + 3, "vpc", [](char a, char b) {
                     return std::tolower(static_cast<unsigned char>(a)) == b;
                   });
      shapes_ += fmt::format(
          "<g class=\"vpc\" data-vpc=\"{}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"8\" fill=\"none\" "
          "stroke=\"#363\" stroke-width=\"2\"/><text x=\"{}\" y=\"{}\" font-weight=\"bold\">{}{} ({})</text></g>\n",
          xmlEscape(vpc.name), kMargin, y, w, bottom - y + kGap, kMargin + 10, y + 20, named ? "" : "VPC ",
          xmlEscape(vpc.name), cidrs);
      shapes_ += inner;
      width_ = std::max(width_, kMargin + w);
      y = bottom + kGap + 30;
    }
    height_ = y;
  }

  bool publicSubnet(const Subnet& sub) const {
    const RouteTable* rt = net_.stack().routeTableOf(sub);
    if (!rt) return false;
    return std::any_of(rt->routes.begin(), rt->routes.end(), [](const Route& r) {
      return r.target == RouteTarget::InternetGateway && r.cidr && r.cidr->len == 0;
    });
  }

  static std::string shorten(const std::string& s) {
    return s.size() <= 22 ? s : std::string(model::prefixOf(s, 21)) + "…";
  }

  static std::string line(const Box& a, const Box& b, const std::string& cls, const std::string& label) {
    int x1 = a.cx(), y1 = a.y + a.h, x2 = b.cx(), y2 = b.y;
    if (a.y > b.y) y1 = a.y, y2 = b.y + b.h;
    if (a.y == b.y) {  // side by side: join the facing edges
      y1 = y2 = a.cy();
      x1 = a.x < b.x ? a.x + a.w : a.x;
      x2 = a.x < b.x ? b.x : b.x + b.w;
    }
    return fmt::format(
        "<g class=\"{}\"><line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>{}</g>\n", cls, x1, y1, x2, y2,
        label.empty() ? "" : fmt::format("<text x=\"{}\" y=\"{}\">{}</text>", (x1 + x2) / 2 + 4, (y1 + y2) / 2, xmlEscape(label)));
  }

  // Routes from a subnet to a gateway, the internet gateway to the internet.
  std::string routeEdges() {
    std::string out;
    for (const auto& g : net_.stack().internet_gateways)
      if (gateways_.count("igw:" + g.name)) out += line(gateways_["igw:" + g.name], internet_, "edge igw", "");
    std::set<std::pair<std::string, std::string>> seen;
    for (const auto& sub : net_.stack().subnets) {
      const RouteTable* rt = net_.stack().routeTableOf(sub);
      if (!rt || !subnets_.count(sub.name)) continue;
      for (const auto& r : rt->routes) {
        std::string key;
        switch (r.target) {
          case RouteTarget::InternetGateway: key = "igw:" + r.via; break;
          case RouteTarget::NatGateway: key = "nat:" + r.via; break;
          case RouteTarget::VpcEndpoint: key = "endpoint:" + r.via; break;
          case RouteTarget::TransitGateway: key = "tgw:" + r.via; break;
          case RouteTarget::Peering: key = "pcx:" + r.via; break;
          default: continue;
        }
        if (!gateways_.count(key) || !seen.insert({sub.name, key}).second) continue;
        out += line(subnets_[sub.name], gateways_[key], "edge route", r.cidr ? r.cidr->str() : "pl:" + r.prefix_list);
      }
    }
    return out;
  }

  // What security groups admit: from another interface (by group reference
  // or by a CIDR that holds its address) or from anywhere into an interface
  // with a public address. One arrow per
  // pair, labelled with every rule it stands for.
  std::string securityEdges() {
    const auto& enis = net_.enis();
    std::map<std::pair<int, int>, std::set<std::string>> labels;  // -1: the internet
    for (size_t d = 0; d < enis.size(); ++d)
      for (int g : enis[d].sgs)
        for (const auto& rule : net_.sg(g).ingress) {
          if (rule.kind == PeerKind::Cidr && rule.cidr.len == 0 && enis[d].public_ip) {
            labels[{-1, static_cast<int>(d)}].insert(rule.traffic.str());
          } else if (rule.kind == PeerKind::Cidr && rule.cidr.len > 0) {
            for (size_t s = 0; s < enis.size(); ++s)
              if (s != d && rule.cidr.contains(enis[s].ip)) labels[{static_cast<int>(s), static_cast<int>(d)}].insert(rule.traffic.str());
          } else if (rule.kind == PeerKind::SecurityGroup) {
            int ref = net_.sgIndex(rule.ref);
            for (size_t s = 0; s < enis.size(); ++s)
              if (s != d && net_.eniHasSg(static_cast<int>(s), ref)) labels[{static_cast<int>(s), static_cast<int>(d)}].insert(rule.traffic.str());
          }
        }
    std::string out;
    for (const auto& [pair, set] : labels) {
      const Box& a = pair.first < 0 ? internet_ : enis_[pair.first];
      const Box& b = enis_[pair.second];
      std::string label;
      for (const auto& l : set) label += (label.empty() ? "" : ", ") + l;
      // A gentle curve so arrows between boxes in one row stay visible.
      int x1 = a.cx(), y1 = a.cy(), x2 = b.cx(), y2 = b.cy();
      int mx = (x1 + x2) / 2 + (y2 - y1) / 6, my = (y1 + y2) / 2 - (x2 - x1) / 6 - 12;
      out += fmt::format(
          "<g class=\"edge sg {}\" data-from=\"{}\" data-to=\"{}\"><path d=\"M{},{} Q{},{} {},{}\" fill=\"none\" "
          "marker-end=\"url(#arrow)\"/><text x=\"{}\" y=\"{}\">{}</text></g>\n",
          pair.first < 0 ? "from-internet" : "from-interface",
          xmlEscape(pair.first < 0 ? "internet" : enis[pair.first].name), xmlEscape(enis[pair.second].name), x1, y1, mx,
          my, x2, y2, mx, my + 4, xmlEscape(label));
    }
    return out;
  }

  const sim::Network& net_;
  bool detailed_;
  std::string shapes_;
  Box internet_;
  std::map<std::string, Box> gateways_, subnets_;
  std::map<int, Box> enis_;
  int gatewaysRight_ = 0, width_ = 0, height_ = 0;
};

}  // namespace

std::string topologySvg(const sim::Network& net, size_t maxInterfaces) { return Layout(net, maxInterfaces).draw(); }

}  // namespace awssim::reports
