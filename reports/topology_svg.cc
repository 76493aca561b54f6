#include "reports/topology_svg.h"

#include "reports/topology_layout.h"

#include <fmt/format.h>

namespace awssim::reports {

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

std::string num(double v) { return fmt::format("{:g}", v); }

std::string pathOf(const std::vector<Point>& c) {
  std::string d = fmt::format("M{},{}", num(c[0].x), num(c[0].y));
  for (size_t i = 1; i + 2 < c.size(); i += 3)
    d += fmt::format(" C{},{} {},{} {},{}", num(c[i].x), num(c[i].y), num(c[i + 1].x), num(c[i + 1].y), num(c[i + 2].x),
                     num(c[i + 2].y));
  return d;
}

std::string cluster(const DrawnCluster& c) {
  const Rect& b = c.box;
  std::string out;
  switch (c.kind) {
    case DrawnCluster::Kind::Vpc:
      out = fmt::format("<g class=\"vpc\" data-vpc=\"{}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"8\" "
                        "fill=\"none\" stroke=\"#363\" stroke-width=\"2\"/>",
                        xmlEscape(c.name), num(b.x), num(b.y), num(b.w), num(b.h));
      break;
    case DrawnCluster::Kind::Zone:
      out = fmt::format("<g class=\"zone\" data-zone=\"{}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"6\" "
                        "fill=\"#fafafa\" stroke=\"#bbb\" stroke-dasharray=\"4 3\"/>",
                        xmlEscape(c.name), num(b.x), num(b.y), num(b.w), num(b.h));
      break;
    case DrawnCluster::Kind::Subnet:
      out = fmt::format("<g class=\"subnet\" data-subnet=\"{}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"4\" "
                        "fill=\"{}\" stroke=\"#7a7\"/>",
                        xmlEscape(c.name), num(b.x), num(b.y), num(b.w), num(b.h), c.is_public ? "#eaf7ea" : "#f0f3f8");
      break;
  }
  for (size_t i = 0; i < c.lines.size(); ++i)
    out += fmt::format("<text x=\"{}\" y=\"{}\"{}>{}</text>", num(c.title.x + 2), num(c.title.y + 13 + 14 * i),
                       i == 0 ? " font-weight=\"bold\"" : " font-size=\"10\" fill=\"#555\"", xmlEscape(c.lines[i]));
  return out + "</g>\n";
}

std::string node(const DrawnNode& n) {
  const Rect& b = n.box;
  double cx = b.x + b.w / 2;
  switch (n.kind) {
    case DrawnNode::Kind::Internet:
      return fmt::format(
          "<g class=\"node internet\" data-endpoint=\"internet\"><ellipse cx=\"{}\" cy=\"{}\" rx=\"{}\" ry=\"{}\" "
          "fill=\"#eef3ff\" stroke=\"#335\"/><text x=\"{}\" y=\"{}\" text-anchor=\"middle\">internet</text></g>\n",
          num(cx), num(b.y + b.h / 2), num(b.w / 2), num(b.h / 2), num(cx), num(b.y + b.h / 2 + 4));
    case DrawnNode::Kind::Gateway:
      return fmt::format(
          "<g class=\"node gateway\"{}><title>{}</title><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"6\" "
          "fill=\"#fff7e6\" stroke=\"#a60\"/><text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text><text x=\"{}\" y=\"{}\" "
          "text-anchor=\"middle\" font-size=\"10\" fill=\"#555\">{}</text></g>\n",
          n.endpoint.empty() ? "" : " data-endpoint=\"" + xmlEscape(n.endpoint) + "\"", xmlEscape(n.kind_name),
          num(b.x), num(b.y), num(b.w), num(b.h), num(cx), num(b.y + 16), xmlEscape(n.lines[0]), num(cx),
          num(b.y + b.h - 9), xmlEscape(n.lines[1]));
    case DrawnNode::Kind::Interface:
      return fmt::format(
          "<g class=\"node eni\" data-endpoint=\"{0}\" data-kind=\"{1}\"><title>{0} ({1})</title><rect x=\"{2}\" y=\"{3}\" "
          "width=\"{4}\" height=\"{5}\" rx=\"3\" fill=\"#fff\" stroke=\"#336\"/><text x=\"{6}\" y=\"{7}\">{8}</text><text "
          "x=\"{6}\" y=\"{9}\" font-size=\"10\" fill=\"#555\">{10}</text></g>\n",
          xmlEscape(n.endpoint), xmlEscape(n.kind_name), num(b.x), num(b.y), num(b.w), num(b.h), num(b.x + 6),
          num(b.y + 14), xmlEscape(n.lines[0]), num(b.y + 27), xmlEscape(n.lines[1]));
    case DrawnNode::Kind::Count:
      return fmt::format("<g class=\"node count\"><text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#333\">{}</text></g>\n",
                         num(cx), num(b.y + b.h / 2 + 4), xmlEscape(n.lines[0]));
  }
  return "";
}

struct Markers {
  std::string other, internet;  // marker-end attributes
  std::string start;            // marker-start, for an edge both ways
};

const char* edgeClass(DrawnEdge::Kind k) {
  switch (k) {
    case DrawnEdge::Kind::Internet: return "edge igw";
    case DrawnEdge::Kind::Route: return "edge route";
    case DrawnEdge::Kind::FromInternet: return "edge sg from-internet";
    case DrawnEdge::Kind::FromInterface: return "edge sg from-interface";
  }
  return "edge";
}

std::string edge(const DrawnEdge& e, const Markers& marker) {
  if (e.curve.size() < 4) return "";
  bool sg = e.kind == DrawnEdge::Kind::FromInternet || e.kind == DrawnEdge::Kind::FromInterface;
  std::string out = fmt::format("<g class=\"{}\"", edgeClass(e.kind));
  if (sg) out += fmt::format(" data-from=\"{}\" data-to=\"{}\"{}", xmlEscape(e.from), xmlEscape(e.to), e.both_ways ? " data-both-ways=\"true\"" : "");
  const std::string& head = e.kind == DrawnEdge::Kind::FromInternet ? marker.internet : marker.other;
  out += fmt::format("><path d=\"{}\" fill=\"none\"{}{}/>", pathOf(e.curve), e.arrow ? head : "",
                     e.both_ways ? marker.start : "");
  if (!e.label.empty()) {
    const Rect& l = e.label_box;
    out += fmt::format("<rect class=\"label-bg\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#fff\" fill-opacity=\"0.85\"/>",
                       num(l.x), num(l.y), num(l.w), num(l.h));
    if (e.label_lines.size() == 1) {
      out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>", num(l.x + l.w / 2), num(l.y + 10.5),
                         xmlEscape(e.label));
    } else {
      out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" aria-label=\"{}\">", num(l.x + l.w / 2),
                         num(l.y + 10.5), xmlEscape(e.label));
      for (size_t i = 0; i < e.label_lines.size(); ++i)
        out += fmt::format("<tspan x=\"{}\" dy=\"{}\">{}</tspan>", num(l.x + l.w / 2), i == 0 ? "0" : "12",
                           xmlEscape(e.label_lines[i]));
      out += "</text>";
    }
  }
  return out + "</g>\n";
}

std::string legend(const TopologyDrawing& d, const Markers& marker) {
  const Rect& b = d.legend;
  std::string out = fmt::format(
      "<g class=\"legend\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"4\" fill=\"#fff\" stroke=\"#999\"/>"
      "<text x=\"{}\" y=\"{}\" font-weight=\"bold\">Legend</text>\n",
      num(b.x), num(b.y), num(b.w), num(b.h), num(b.x + 10), num(b.y + 18));
  double y = b.y + 36;
  auto swatch = [&](const std::string& shape, const std::string& text) {
    out += shape + fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"11\">{}</text>\n", num(b.x + 56), num(y + 4), text);
    y += 22;
  };
  auto lineSwatch = [&](const std::string& cls, const std::string& arrow, const std::string& text) {
    swatch(fmt::format("<g class=\"{}\"><path d=\"M{},{} L{},{}\" fill=\"none\"{}/></g>", cls, num(b.x + 10), num(y),
                       num(b.x + 46), num(y), arrow),
           text);
  };
  auto boxSwatch = [&](const std::string& fill, const std::string& stroke, const std::string& text) {
    swatch(fmt::format("<rect x=\"{}\" y=\"{}\" width=\"36\" height=\"14\" rx=\"3\" fill=\"{}\" stroke=\"{}\"/>",
                       num(b.x + 10), num(y - 7), fill, stroke),
           text);
  };
  boxSwatch("#eaf7ea", "#7a7", "public subnet (0.0.0.0/0 to an IGW)");
  boxSwatch("#f0f3f8", "#7a7", "private subnet");
  boxSwatch("#fff7e6", "#a60", "gateway or gateway endpoint");
  if (d.detailed) boxSwatch("#fff", "#336", "network interface");
  lineSwatch("edge route", "", "route (its destination)");
  if (d.detailed) {
    lineSwatch("edge sg from-interface", marker.other, "security group admits (port)");
    lineSwatch("edge sg from-internet", marker.internet, "admits the internet (port)");
  }
  return out + "</g>\n";
}

}  // namespace

std::string topologySvg(const sim::Network& net, size_t maxInterfaces, const std::string& idPrefix) {
  TopologyDrawing d = layoutTopology(net, maxInterfaces);
  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"topology\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
      "font-family=\"sans-serif\" font-size=\"12\">\n",
      num(d.width), num(d.height));
  // One arrowhead per colour: context-stroke is not drawn by every viewer.
  std::string id = xmlEscape(idPrefix);
  Markers marker{fmt::format(" marker-end=\"url(#{}-arrow)\"", id), fmt::format(" marker-end=\"url(#{}-arrow-internet)\"", id),
                 fmt::format(" marker-start=\"url(#{}-arrow)\"", id)};
  out += "<defs>";
  for (const auto& [suffix, colour] : {std::pair{"arrow", "#2b59c3"}, std::pair{"arrow-internet", "#c33"}})
    out += fmt::format("<marker id=\"{}-{}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" "
                       "orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{}\"/></marker>",
                       id, suffix, colour);
  out += "</defs>\n"
         "<style>svg.topology .edge path{stroke:#888} svg.topology .edge.sg path{stroke:#2b59c3;stroke-dasharray:5 3} "
         "svg.topology .edge.sg.from-internet path{stroke:#c33} svg.topology .edge text{font-size:10px;fill:#555} "
         "svg.topology .edge.sg text{fill:#2b59c3} svg.topology .edge.sg.from-internet text{fill:#c33}</style>\n";
  // Boxes first, then edges, then labels, so no box hides a line or label.
  for (const auto& c : d.clusters) out += cluster(c);
  for (const auto& n : d.nodes) out += node(n);
  out += "<g class=\"edges\">\n";
  for (const auto& e : d.edges) out += edge(e, marker);
  out += "</g>\n" + legend(d, marker) + "</svg>\n";
  return out;
}

std::string topologyFigure(const sim::Network& net, size_t maxInterfaces, const std::string& idPrefix) {
  try {
    return topologySvg(net, maxInterfaces, idPrefix);
  } catch (const LayoutError& e) {
    return "<p class=\"note\">No topology drawing: " + xmlEscape(e.what()) + ".</p>\n";
  }
}

}  // namespace awssim::reports
