#include "reports/topology_layout.h"

#include "model/text.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <map>
#include <set>
#include <stdexcept>
#include <string_view>

namespace awssim::reports {

using namespace model;

std::string routeGatewayKey(const Route& r) {
  switch (r.target) {
    case RouteTarget::InternetGateway: return "igw:" + r.via;
    case RouteTarget::NatGateway: return "nat:" + r.via;
    case RouteTarget::VpcEndpoint: return "endpoint:" + r.via;
    case RouteTarget::TransitGateway: return "tgw:" + r.via;
    case RouteTarget::VpnGateway: return "vgw:" + r.via;
    case RouteTarget::Peering: return "pcx:" + r.via;
    default: return "";
  }
}

AdmittedPairs admittedPairs(const sim::Network& net) {
  const auto& enis = net.enis();
  AdmittedPairs pairs;
  for (size_t d = 0; d < enis.size(); ++d) {
    int dst = static_cast<int>(d);
    for (int g : enis[d].sgs)
      for (const auto& rule : net.sg(g).ingress) {
        std::string traffic = rule.traffic.str();
        if (rule.kind == PeerKind::Cidr && rule.cidr.len == 0) {
          if (enis[d].public_ip) pairs[{-1, dst}].insert(traffic);
        } else if (rule.kind == PeerKind::Cidr) {
          for (size_t s = 0; s < enis.size(); ++s)
            if (s != d && rule.cidr.contains(enis[s].ip)) pairs[{static_cast<int>(s), dst}].insert(traffic);
        } else if (rule.kind == PeerKind::SecurityGroup) {
          int ref = net.sgIndex(rule.ref);
          for (size_t s = 0; s < enis.size(); ++s)
            if (s != d && net.eniHasSg(static_cast<int>(s), ref)) pairs[{static_cast<int>(s), dst}].insert(traffic);
        }
      }
  }
  return pairs;
}

double textWidth(const std::string& text, double fontSize) {
  size_t chars = 0;
  for (unsigned char c : text)
    if ((c & 0xC0) != 0x80) ++chars;  // count code points, not bytes
  return std::ceil(static_cast<double>(chars) * fontSize * 0.62);
}

namespace {

// Sizes in SVG user units, which are Graphviz points here (1:1).
constexpr double kEniW = 150, kEniH = 34;
constexpr double kGatewayW = 150, kGatewayH = 40;
constexpr double kMargin = 20;
constexpr double kLabelFont = 10;
constexpr int kPerRow = 2;
constexpr size_t kMaxArrows = 400;

std::string fixedBox(double w, double h) {
  // An empty HTML table of a fixed size: Graphviz keeps exactly this space
  // and measures no text.
  return fmt::format(
      "<<TABLE FIXEDSIZE=\"TRUE\" WIDTH=\"{0}\" HEIGHT=\"{1}\" BORDER=\"0\" CELLBORDER=\"0\" CELLPADDING=\"0\" "
      "CELLSPACING=\"0\"><TR><TD FIXEDSIZE=\"TRUE\" WIDTH=\"{0}\" HEIGHT=\"{1}\"></TD></TR></TABLE>>",
      static_cast<int>(w), static_cast<int>(h));
}

std::string shorten(const std::string& s) { return s.size() <= 22 ? s : std::string(model::prefixOf(s, 21)) + "…"; }

// A long list of ports ("tcp 80, tcp 443, ...") on lines of about 16
// characters, broken after its commas, so it fits between two boxes.
std::vector<std::string> wrapLabel(const std::string& label) {
  std::vector<std::string> lines{""};
  size_t at = 0;
  while (at < label.size()) {
    size_t comma = label.find(", ", at);
    std::string part = label.substr(at, comma == std::string::npos ? std::string::npos : comma + 1 - at);
    if (!lines.back().empty() && textWidth(lines.back() + " " + part, kLabelFont) > textWidth("tcp 32768-65535,", kLabelFont))
      lines.push_back("");
    lines.back() += (lines.back().empty() ? "" : " ") + part;
    at = comma == std::string::npos ? label.size() : comma + 2;
  }
  return lines;
}

DrawnEdge edgeOf(DrawnEdge::Kind kind, const std::string& from, const std::string& to, const std::string& label) {
  DrawnEdge e;
  e.kind = kind;
  e.from = from;
  e.to = to;
  e.label = label;
  return e;
}

double titleWidth(const std::vector<std::string>& lines) {
  double w = 0;
  for (size_t i = 0; i < lines.size(); ++i) w = std::max(w, textWidth(lines[i], i == 0 ? 12 : 10) + 4);
  return w;
}

constexpr double kNodeRecord = 1, kEdgeRecord = 2, kClusterRecord = 3;

// Graphviz writes numbers as text ("12.5,40 13,41.25"); from_chars reads
// them without locale or exceptions. A malformed number fails the layout.
void appendNumbers(std::string_view text, std::vector<double>& out) {
  const char* p = text.data();
  const char* end = p + text.size();
  while (p < end) {
    if (*p == ',' || *p == ' ' || *p == '\n' || *p == '\\') {
      ++p;
      continue;
    }
    double v = 0;
    auto [next, ec] = std::from_chars(p, end, v);
    if (ec != std::errc() || !std::isfinite(v)) throw LayoutError("Graphviz returned a malformed number");
    out.push_back(v);
    p = next;
  }
}

std::vector<double> numbers(const nlohmann::json& o, const char* key, size_t want) {
  std::vector<double> v;
  auto it = o.find(key);
  if (it != o.end() && it->is_string()) appendNumbers(it->get_ref<const std::string&>(), v);
  if (v.size() != want) throw LayoutError(fmt::format("Graphviz returned no '{}' for an element", key));
  return v;
}

// The number after a name's prefix ("n12", "e3", "cluster_4"), or -1.
double indexAfter(const nlohmann::json& o, const char* key, std::string_view prefix) {
  auto it = o.find(key);
  if (it == o.end() || !it->is_string()) return -1;
  std::string_view s = it->get_ref<const std::string&>();
  if (s.substr(0, prefix.size()) != prefix) return -1;
  size_t v = 0;
  auto [next, ec] = std::from_chars(s.data() + prefix.size(), s.data() + s.size(), v);
  if (ec != std::errc() || next != s.data() + s.size()) return -1;
  return static_cast<double>(v);
}

// Graphviz's JSON (json0) as records of doubles: the bounding box, then per
// node its centre, per edge its first spline (arrow points and control
// points), per cluster its box and title.
std::vector<double> readLayout(const std::string& text) {
  nlohmann::json g = nlohmann::json::parse(text, nullptr, false);
  if (!g.is_object()) throw LayoutError("Graphviz returned an unreadable layout");
  std::vector<double> out = numbers(g, "bb", 4);
  const nlohmann::json empty = nlohmann::json::array();
  const nlohmann::json& objects = g.contains("objects") ? g["objects"] : empty;
  const nlohmann::json& edges = g.contains("edges") ? g["edges"] : empty;
  if (!objects.is_array() || !edges.is_array()) throw LayoutError("Graphviz returned an unreadable layout");
  for (const auto& o : objects) {
    if (!o.is_object()) continue;
    if (double i = indexAfter(o, "name", "cluster_"); i >= 0) {
      if (!o.contains("bb")) continue;  // an empty cluster is not drawn
      std::vector<double> bb = numbers(o, "bb", 4);
      out.insert(out.end(), {kClusterRecord, i, bb[0], bb[1], bb[2], bb[3]});
      if (o.contains("lp")) {
        std::vector<double> lp = numbers(o, "lp", 2), w = numbers(o, "lwidth", 1), h = numbers(o, "lheight", 1);
        out.insert(out.end(), {1.0, lp[0], lp[1], w[0] * 72, h[0] * 72});
      } else {
        out.insert(out.end(), {0.0, 0, 0, 0, 0});
      }
    } else if (double n = indexAfter(o, "name", "n"); n >= 0) {
      std::vector<double> pos = numbers(o, "pos", 2);
      out.insert(out.end(), {kNodeRecord, n, pos[0], pos[1]});
    }
  }
  for (const auto& e : edges) {
    if (!e.is_object()) continue;
    double id = indexAfter(e, "id", "e");
    auto pos = e.find("pos");
    if (id < 0 || pos == e.end() || !pos->is_string()) continue;
    // "e,x,y s,x,y x,y x,y ..." (either end mark optional); after ';' come
    // further splines of a multi-part edge, which ours never are.
    std::string_view spline = pos->get_ref<const std::string&>();
    spline = spline.substr(0, spline.find(';'));
    double sflag = 0, sx = 0, sy = 0, eflag = 0, ex = 0, ey = 0;
    while (spline.size() > 2 && (spline[0] == 's' || spline[0] == 'e') && spline[1] == ',') {
      size_t space = std::min(spline.find(' '), spline.size());
      std::vector<double> at;
      appendNumbers(spline.substr(2, space - 2), at);
      if (at.size() != 2) throw LayoutError("Graphviz returned a malformed edge");
      (spline[0] == 's' ? sflag : eflag) = 1;
      (spline[0] == 's' ? sx : ex) = at[0];
      (spline[0] == 's' ? sy : ey) = at[1];
      spline.remove_prefix(space);
      while (!spline.empty() && spline[0] == ' ') spline.remove_prefix(1);
    }
    std::vector<double> points;
    appendNumbers(spline, points);
    if (points.size() < 8 || points.size() % 2 != 0) throw LayoutError("Graphviz returned a malformed edge");
    out.insert(out.end(), {kEdgeRecord, id, static_cast<double>(points.size() / 2), sflag, sx, sy, eflag, ex, ey});
    out.insert(out.end(), points.begin(), points.end());
  }
  return out;
}

// An anonymous in-memory file: Graphviz's input and output, with no pipe to
// fill up and no name on disk.
struct MemFile {
  explicit MemFile(const char* name) : fd(memfd_create(name, MFD_CLOEXEC)) {
    if (fd < 0) throw LayoutError("cannot start the Graphviz layout (memfd)");
  }
  ~MemFile() { close(fd); }
  MemFile(const MemFile&) = delete;
  MemFile& operator=(const MemFile&) = delete;
  std::string read() const {
    std::string bytes;
    char buf[65536];
    lseek(fd, 0, SEEK_SET);
    for (;;) {
      ssize_t n = ::read(fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      bytes.append(buf, static_cast<size_t>(n));
    }
    return bytes;
  }
  int fd;
};

// Laid out by Graphviz's dot program, each time in a fresh process: in one
// process, libgvc's result depends on what was laid out before (it keeps
// state and orders by heap address), and it asserts on some inputs. A
// process of its own gives the same drawing for the same stack every time,
// and a Graphviz failure is an error here, never a crash.
std::vector<double> graphvizLayout(const std::string& dot) {
  MemFile in("awssim-dot-in"), out("awssim-dot-out"), err("awssim-dot-err");
  for (size_t at = 0; at < dot.size();) {
    ssize_t n = write(in.fd, dot.data() + at, dot.size() - at);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw LayoutError("cannot start the Graphviz layout (write)");
    at += static_cast<size_t>(n);
  }
  lseek(in.fd, 0, SEEK_SET);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, in.fd, 0);
  posix_spawn_file_actions_adddup2(&fa, out.fd, 1);
  posix_spawn_file_actions_adddup2(&fa, err.fd, 2);
  char prog[] = "dot", format[] = "-Tjson0";
  char* argv[] = {prog, format, nullptr};
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, prog, &fa, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0)
    throw LayoutError(rc == ENOENT ? "Graphviz's dot program is not installed (Debian package graphviz)"
                                          : fmt::format("cannot start Graphviz's dot program: {}", std::strerror(rc)));
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::string why = err.read();
    why = why.substr(0, why.find('\n'));
    throw LayoutError(WIFSIGNALED(status)
                                 ? fmt::format("Graphviz failed to lay out the topology (signal {})", WTERMSIG(status))
                                 : fmt::format("Graphviz could not lay out the topology: {}", model::escapeControls(why)));
  }
  return readLayout(out.read());
}

class Builder {
 public:
  Builder(const sim::Network& net, size_t maxInterfaces) : net_(net) {
    d_.detailed = net.enis().size() <= maxInterfaces;
    // A group that admits itself among 150 interfaces is 22,350 arrows:
    // no one can read them, and the layout would take minutes.
    if (d_.detailed) pairs_ = admittedPairs(net);
    if (pairs_.size() > kMaxArrows) d_.detailed = false;
  }

  TopologyDrawing build() {
    describe();
    layout();
    placeLegend();
    return std::move(d_);
  }

 private:
  // Internal names only (n3, cluster_2, e7): no text from the stack ever
  // reaches the Graphviz parser.
  int addNode(DrawnNode n, double w, double h, const std::string& shape = "box") {
    n.box = {0, 0, w, h};
    d_.nodes.push_back(std::move(n));
    int i = static_cast<int>(d_.nodes.size()) - 1;
    nodeDot_.push_back(fmt::format("n{} [width={:.4f}, height={:.4f}, shape={}];", i, w / 72.0, h / 72.0, shape));
    return i;
  }

  int addEdge(DrawnEdge e, int tail, int head, const std::string& attrs, int headCluster = -1) {
    std::string a = attrs;
    // Labels are placed after the layout (placeLabels), not by Graphviz:
    // its dot engine (2.42) corrupts memory on labelled edges between
    // nodes of one rank inside clusters.
    if (!e.label.empty()) {
      e.label_lines = wrapLabel(e.label);
      double w = 0;
      for (const auto& l : e.label_lines) w = std::max(w, textWidth(l, kLabelFont) + 4);
      e.label_box = {0, 0, w, e.label_lines.size() * (kLabelFont + 2) + 2};
    }
    // Graphviz's own clipping to a cluster (compound, lhead) fails an
    // assertion on some layouts (2.42): clipEdges cuts the curve instead.
    clipTo_.push_back(headCluster);
    d_.edges.push_back(std::move(e));
    int i = static_cast<int>(d_.edges.size()) - 1;
    edgeDot_ += fmt::format("n{} -> n{} [id=e{}{}];\n", tail, head, i, a.empty() ? "" : ", " + a);
    return i;
  }

  void invisible(int tail, int head, int minlen = 1) {
    edgeDot_ += fmt::format("n{} -> n{} [style=invis, minlen={}];\n", tail, head, minlen);
  }

  int addCluster(DrawnCluster c) {
    d_.clusters.push_back(std::move(c));
    return static_cast<int>(d_.clusters.size()) - 1;
  }

  std::string clusterOpen(int i) {
    const auto& c = d_.clusters[i];
    return fmt::format("subgraph cluster_{} {{ margin=10; labeljust=l; label={};\n", i, fixedBox(titleWidth(c.lines), c.lines.size() * 14 + 4));
  }

  bool publicSubnet(const Subnet& sub) const {
    const RouteTable* rt = net_.stack().routeTableOf(sub);
    if (!rt) return false;
    return std::any_of(rt->routes.begin(), rt->routes.end(), [](const Route& r) {
      return r.target == RouteTarget::InternetGateway && r.cidr && r.cidr->len == 0;
    });
  }

  void describe() {
    const Stack& s = net_.stack();
    const auto& enis = net_.enis();
    internet_ = addNode({DrawnNode::Kind::Internet, "internet", "internet", {"internet"}, {}, true}, kGatewayW, kGatewayH,
                        "ellipse");
    std::string body;
    std::map<std::string, std::vector<int>> enisBySubnet;
    for (size_t i = 0; i < enis.size(); ++i)
      enisBySubnet[net_.subnets()[enis[i].subnet].subnet->name].push_back(static_cast<int>(i));
    for (auto& [name, list] : enisBySubnet)
      std::sort(list.begin(), list.end(), [&](int a, int b) { return enis[a].name < enis[b].name; });

    auto gateway = [&](const std::string& key, const std::string& name, const std::string& kind, bool inVpc) {
      int n = addNode({DrawnNode::Kind::Gateway, "", kind, {shorten(name), kind}, {}, false}, kGatewayW, kGatewayH);
      gateways_[key] = n;
      if (inVpc) invisible(internet_, n);
      return n;
    };
    // Gateways outside any one VPC sit beside the internet's row.
    for (const auto& t : s.transit_gateways) gateway("tgw:" + t.name, t.name, "transit gateway", false);
    for (const auto& p : s.peerings) gateway("pcx:" + p.name, p.name, "peering", false);
    for (const auto& g : s.internet_gateways)
      if (g.vpc.empty()) gateway("igw:" + g.name, g.name, "internet gateway", false);
    for (const auto& g : s.vpn_gateways)
      if (g.vpc.empty()) gateway("vgw:" + g.name, g.name, "VPN gateway", false);
    std::string top;
    for (const auto& [key, n] : gateways_) top += fmt::format(" n{};", n);

    for (const auto& vpc : s.vpcs) {
      std::string cidrs;
      for (const auto& c : vpc.cidrs) cidrs += (cidrs.empty() ? "" : ", ") + c.str();
      // "VPC A" from a Name tag needs no second "VPC".
      bool named = vpc.name.size() >= 3 && std::equal(vpc.name.begin(), vpc.name.begin() + 3, "vpc", [](char a, char b) {
                     return std::tolower(static_cast<unsigned char>(a)) == b;
                   });
      int vc = addCluster({DrawnCluster::Kind::Vpc, vpc.name,
                           {fmt::format("{}{} ({})", named ? "" : "VPC ", vpc.name, cidrs)}, {}, {}, false});
      body += clusterOpen(vc);
      // The VPC's own gateways on its top edge, one row.
      std::string row;
      for (const auto& g : s.internet_gateways)
        if (g.vpc == vpc.name) row += fmt::format(" n{};", gateway("igw:" + g.name, g.name, "internet gateway", true));
      for (const auto& e : s.endpoints)
        if (e.vpc == vpc.name && e.type == EndpointType::Gateway)
          row += fmt::format(" n{};", gateway("endpoint:" + e.name, e.name, e.service + " gateway endpoint", true));
      for (const auto& g : s.vpn_gateways)
        if (g.vpc == vpc.name) row += fmt::format(" n{};", gateway("vgw:" + g.name, g.name, "VPN gateway", true));
      if (!row.empty()) body += "{rank=same;" + row + "}\n";

      std::map<std::string, std::vector<const Subnet*>> byAz;
      for (const auto& sub : s.subnets)
        if (sub.vpc == vpc.name) byAz[sub.az].push_back(&sub);
      for (auto& [az, subnets] : byAz) {
        // Public subnets first: routes run down from the gateways above.
        std::stable_sort(subnets.begin(), subnets.end(), [&](const Subnet* a, const Subnet* b) {
          return publicSubnet(*a) > publicSubnet(*b);
        });
        int zc = addCluster({DrawnCluster::Kind::Zone, az, {az}, {}, {}, false});
        body += clusterOpen(zc);
        int above = -1;
        for (const Subnet* sub : subnets) {
          bool pub = publicSubnet(*sub);
          int sc = addCluster({DrawnCluster::Kind::Subnet, sub->name,
                               {sub->name, fmt::format("{} · {}", sub->cidr.str(), pub ? "public" : "private")}, {}, {}, pub});
          subnetCluster_[sub->name] = sc;
          body += clusterOpen(sc);
          const auto& list = enisBySubnet[sub->name];
          std::vector<int> members;
          if (d_.detailed) {
            for (int e : list) {
              const auto& eni = enis[e];
              bool nat = eni.kind == sim::EniKind::NatGateway;
              DrawnNode n{nat ? DrawnNode::Kind::Gateway : DrawnNode::Kind::Interface, eni.name,
                          nat ? "NAT gateway" : sim::eniKindName(eni.kind),
                          {shorten(nat ? eni.owner : eni.name),
                           formatIpv4(eni.ip) + (eni.public_ip ? " · public" : "") + (nat ? " · NAT" : "")},
                          {}, eni.public_ip.has_value()};
              int id = addNode(std::move(n), kEniW, kEniH);
              eniNode_[e] = id;
              if (nat) gateways_["nat:" + eni.owner] = id;
              members.push_back(id);
            }
          }
          if (members.empty())
            members.push_back(addNode({DrawnNode::Kind::Count, "", "",
                                       {list.empty() ? "no interfaces" : fmt::format("{} interface{}", list.size(), list.size() == 1 ? "" : "s")}, {}, false},
                                      kEniW, kEniH - 10));
          for (size_t k = 0; k < members.size(); k += kPerRow) {
            body += "{rank=same;";
            for (size_t j = k; j < std::min(members.size(), k + kPerRow); ++j) body += fmt::format(" n{};", members[j]);
            body += "}\n";
            if (k > 0) invisible(members[k - kPerRow], members[k]);
          }
          for (int m : members) body += fmt::format("n{};", m);
          body += "}\n";
          subnetAnchor_[sub->name] = members.front();
          // Stack subnets down their zone's column, below the gateways' row.
          if (above >= 0) invisible(above, members.front(), 2);
          else invisible(internet_, members.front(), 2);
          above = members[((members.size() - 1) / kPerRow) * kPerRow];
        }
        body += "}\n";
      }
      body += "}\n";
    }
    routeEdges();
    if (d_.detailed) securityEdges();
    dot_ = "digraph topology {\n"
           "graph [newrank=true, splines=true, nodesep=0.8, ranksep=0.55, margin=0, pad=0, outputorder=edgesfirst];\n"
           "node [fixedsize=true, label=\"\"];\n"
           "edge [arrowhead=normal, arrowsize=0.7];\n";
    for (const auto& n : nodeDot_) dot_ += n + "\n";
    if (!top.empty()) dot_ += "{rank=same; n" + std::to_string(internet_) + ";" + top + "}\n";
    dot_ += body + edgeDot_ + "}\n";
  }

  // Routes from a subnet to a gateway; the internet gateway to the internet.
  void routeEdges() {
    for (const auto& g : net_.stack().internet_gateways)
      if (gateways_.count("igw:" + g.name))
        addEdge(edgeOf(DrawnEdge::Kind::Internet, g.name, "internet", ""), internet_, gateways_["igw:" + g.name],
                "dir=none");
    std::set<std::pair<std::string, std::string>> seen;
    for (const auto& sub : net_.stack().subnets) {
      const RouteTable* rt = net_.stack().routeTableOf(sub);
      if (!rt || !subnetAnchor_.count(sub.name)) continue;
      for (const auto& r : rt->routes) {
        std::string key = routeGatewayKey(r);
        if (key.empty()) continue;
        auto g = gateways_.find(key);
        if (g == gateways_.end() || !seen.insert({sub.name, key}).second) continue;
        int anchor = subnetAnchor_[sub.name];
        if (anchor == g->second) continue;  // a NAT's own subnet
        bool nat = r.target == RouteTarget::NatGateway;
        addEdge(edgeOf(DrawnEdge::Kind::Route, sub.name, r.via, r.cidr ? r.cidr->str() : "pl:" + r.prefix_list),
                g->second, anchor, nat ? "dir=none, constraint=false" : "dir=none", subnetCluster_[sub.name]);
      }
    }
  }

  // What security groups admit: from another interface (by group reference
  // or by a CIDR that holds its address), or from anywhere into an
  // interface with a public address, drawn through its VPC's internet
  // gateway (that is the way such traffic comes in). One arrow per pair,
  // labelled with every rule it stands for.
  void securityEdges() {
    const auto& enis = net_.enis();
    const AdmittedPairs& labels = pairs_;
    std::map<std::string, int> igwOfVpc;
    for (const auto& g : net_.stack().internet_gateways)
      if (!g.vpc.empty() && gateways_.count("igw:" + g.name)) igwOfVpc.emplace(g.vpc, gateways_["igw:" + g.name]);
    for (const auto& [pair, set] : labels) {
      // Two interfaces that admit each other on the same ports: one line,
      // an arrowhead at each end.
      auto back = labels.find({pair.second, pair.first});
      bool twoWay = pair.first >= 0 && back != labels.end() && back->second == set;
      if (twoWay && pair.first > pair.second) continue;
      std::string label;
      for (const auto& l : set) label += (label.empty() ? "" : ", ") + l;
      const auto& dst = enis[pair.second];
      int tail = internet_;
      if (pair.first >= 0) {
        tail = eniNode_[pair.first];
      } else {
        auto igw = igwOfVpc.find(net_.subnets()[dst.subnet].subnet->vpc);
        if (igw != igwOfVpc.end()) tail = igw->second;
      }
      DrawnEdge e = edgeOf(pair.first < 0 ? DrawnEdge::Kind::FromInternet : DrawnEdge::Kind::FromInterface,
                           pair.first < 0 ? "internet" : enis[pair.first].name, dst.name, label);
      e.arrow = true;
      e.both_ways = twoWay;
      addEdge(std::move(e),
              tail, eniNode_[pair.second], twoWay ? "constraint=false, dir=both" : "constraint=false");
    }
  }

  void layout() {
    std::vector<double> out = graphvizLayout(dot_);
    // Read back the records of readLayout, checking every index: a short or
    // odd record is a failed layout, never a crash.
    size_t at = 4;
    auto take = [&](size_t n) {
      if (at + n > out.size()) throw LayoutError("Graphviz returned a truncated layout");
      size_t from = at;
      at += n;
      return out.begin() + static_cast<std::ptrdiff_t>(from);
    };
    auto index = [](double v, size_t size) {
      if (!(v >= 0 && v < static_cast<double>(size))) throw LayoutError("Graphviz returned an unknown element");
      return static_cast<size_t>(v);
    };
    if (out.size() < 4) throw LayoutError("Graphviz returned no layout");
    const double llx = out[0], lly = out[1], urx = out[2], ury = out[3];
    auto px = [&](double x) { return std::round((x - llx + kMargin) * 10) / 10; };
    auto py = [&](double y) { return std::round((ury - y + kMargin) * 10) / 10; };
    auto third = [](Point a, Point b, double k) { return Point{a.x + (b.x - a.x) * k, a.y + (b.y - a.y) * k}; };
    while (at < out.size()) {
      double tag = *take(1);
      if (tag == kNodeRecord) {
        auto r = take(3);
        DrawnNode& n = d_.nodes[index(r[0], d_.nodes.size())];
        n.box = {px(r[1] - n.box.w / 2), py(r[2] + n.box.h / 2), n.box.w, n.box.h};
      } else if (tag == kEdgeRecord) {
        auto r = take(8);
        DrawnEdge& e = d_.edges[index(r[0], d_.edges.size())];
        size_t points = index(r[1], 100000);
        auto p = take(2 * points);
        e.curve.clear();
        if (r[2] != 0) e.curve.push_back({px(r[3]), py(r[4])});
        for (size_t k = 0; k < points; ++k) e.curve.push_back({px(p[2 * k]), py(p[2 * k + 1])});
        if (r[2] != 0 && e.curve.size() > 1) {
          // Keep the curve a Bézier: the arrow's point joins with a straight segment.
          Point a = e.curve[0], b = e.curve[1];
          e.curve.insert(e.curve.begin() + 1, {third(a, b, 1.0 / 3), third(a, b, 2.0 / 3)});
        }
        if (r[5] != 0) {
          Point a = e.curve.back(), b{px(r[6]), py(r[7])};
          e.curve.insert(e.curve.end(), {third(a, b, 1.0 / 3), third(a, b, 2.0 / 3), b});
        }
      } else if (tag == kClusterRecord) {
        auto r = take(10);
        DrawnCluster& c = d_.clusters[index(r[0], d_.clusters.size())];
        c.box = {px(r[1]), py(r[4]), r[3] - r[1], r[4] - r[2]};
        if (r[5] != 0) c.title = {px(r[6] - r[8] / 2), py(r[7] + r[9] / 2), r[8], r[9]};
      } else {
        throw LayoutError("Graphviz returned an unknown record");
      }
    }
    d_.width = urx - llx + 2 * kMargin;
    d_.height = ury - lly + 2 * kMargin;
    clipEdges();
    placeLabels();
  }

  // A route ends where it enters its subnet's box, not at the interface
  // Graphviz drew it to.
  void clipEdges() {
    for (size_t i = 0; i < d_.edges.size(); ++i) {
      auto& c = d_.edges[i].curve;
      if (clipTo_[i] < 0 || c.size() < 4) continue;
      const Rect& box = d_.clusters[clipTo_[i]].box;
      auto in = [&](const Point& p) { return p.x >= box.x && p.x <= box.x + box.w && p.y >= box.y && p.y <= box.y + box.h; };
      if (in(c.front())) continue;
      for (size_t k = 0; k + 3 < c.size(); k += 3) {
        if (!in(bezierAt(c[k], c[k + 1], c[k + 2], c[k + 3], 1))) {
          bool enters = false;
          for (int step = 1; step <= 16 && !enters; ++step) enters = in(bezierAt(c[k], c[k + 1], c[k + 2], c[k + 3], step / 16.0));
          if (!enters) continue;
        }
        // The first parameter inside, to 1/1024 of the segment.
        double lo = 0, hi = 1;
        for (int step = 1; step <= 16; ++step)
          if (in(bezierAt(c[k], c[k + 1], c[k + 2], c[k + 3], step / 16.0))) {
            hi = step / 16.0;
            lo = (step - 1) / 16.0;
            break;
          }
        for (int it = 0; it < 6; ++it) {
          double mid = (lo + hi) / 2;
          (in(bezierAt(c[k], c[k + 1], c[k + 2], c[k + 3], mid)) ? hi : lo) = mid;
        }
        // de Casteljau: the part of the segment before `hi`.
        auto lerp = [](Point a, Point b, double t) { return Point{a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t}; };
        Point p01 = lerp(c[k], c[k + 1], hi), p12 = lerp(c[k + 1], c[k + 2], hi), p23 = lerp(c[k + 2], c[k + 3], hi);
        Point p012 = lerp(p01, p12, hi), p123 = lerp(p12, p23, hi), end = lerp(p012, p123, hi);
        auto round = [](Point p) { return Point{std::round(p.x * 10) / 10, std::round(p.y * 10) / 10}; };
        c.resize(k + 1);
        c.push_back(round(p01));
        c.push_back(round(p012));
        c.push_back(round(end));
        break;
      }
    }
  }

  static Point bezierAt(const Point& a, const Point& b, const Point& q, const Point& z, double u) {
    double v = 1 - u;
    return {v * v * v * a.x + 3 * v * v * u * b.x + 3 * v * u * u * q.x + u * u * u * z.x,
            v * v * v * a.y + 3 * v * v * u * b.y + 3 * v * u * u * q.y + u * u * u * z.y};
  }

  // Each label goes at the first place along its edge, from the middle
  // outwards, then beside the line, that is clear of every box, cluster
  // title and label already placed; edges are taken in order, so the
  // result is the same every time.
  void placeLabels() {
    std::vector<Rect> taken;
    for (const auto& n : d_.nodes) taken.push_back(n.box);
    for (const auto& c : d_.clusters) taken.push_back(c.title);
    const Rect drawing{0, 0, d_.width, d_.height};
    for (auto& e : d_.edges) {
      if (e.label.empty() || e.curve.size() < 4) continue;
      const double w = e.label_box.w, h = e.label_box.h;
      bool placed = false;
      Rect first{};
      // Offsets from the line, nearest first: on it, beside it, then
      // clear of the row of boxes it runs along.
      std::vector<std::pair<double, double>> offsets;
      for (double dx : {0.0, w / 2 + 3, -w / 2 - 3, w + 6, -w - 6})
        for (double dy : {0.0, h / 2 + 2, -h / 2 - 2, h + 4, -h - 4, h / 2 + 22, -h / 2 - 22, h / 2 + 34, -h / 2 - 34})
          offsets.push_back({dx, dy});
      std::stable_sort(offsets.begin(), offsets.end(), [](const auto& a, const auto& b) {
        return std::abs(a.first) + std::abs(a.second) < std::abs(b.first) + std::abs(b.second);
      });
      for (int step = 0; step <= 16 && !placed; ++step) {
        double t = 0.5 + (step % 2 ? 1 : -1) * 0.05 * ((step + 1) / 2);  // 0.5, 0.45, 0.55, 0.4, ...
        Point p = pointAt(e.curve, t);
        for (auto [dx, dy] : offsets) {
          Rect r{std::round((p.x + dx - w / 2) * 10) / 10, std::round((p.y + dy - h / 2) * 10) / 10, w, h};
          if (step == 0 && dx == 0 && dy == 0) first = r;
          if (!r.inside(drawing)) continue;
          if (std::any_of(taken.begin(), taken.end(), [&](const Rect& o) { return r.overlaps(o); })) continue;
          e.label_box = r;
          placed = true;
          break;
        }
      }
      if (!placed) e.label_box = first;  // crowded: on its line's middle
      taken.push_back(e.label_box);
    }
  }

  // The point a fraction t along a cubic Bézier path (by segment, then
  // by the segment's own parameter).
  static Point pointAt(const std::vector<Point>& c, double t) {
    size_t segments = (c.size() - 1) / 3;
    double at = t * static_cast<double>(segments);
    size_t k = std::min(segments - 1, static_cast<size_t>(at));
    return bezierAt(c[3 * k], c[3 * k + 1], c[3 * k + 2], c[3 * k + 3], at - static_cast<double>(k));
  }

  // The legend stands right of the drawing, level with its top.
  void placeLegend() {
    d_.legend = {d_.width, kMargin, 262, d_.detailed ? 176.0 : 120.0};
    d_.width += d_.legend.w + kMargin;
    d_.height = std::max(d_.height, d_.legend.y + d_.legend.h + kMargin);
  }

  const sim::Network& net_;
  TopologyDrawing d_;
  std::vector<std::string> nodeDot_;
  std::string edgeDot_, dot_;
  int internet_ = 0;
  std::map<std::string, int> gateways_, subnetAnchor_, subnetCluster_;
  std::map<int, int> eniNode_;
  AdmittedPairs pairs_;
  std::vector<int> clipTo_;  // per edge: the cluster its curve ends at, or -1
};

}  // namespace

TopologyDrawing layoutTopology(const sim::Network& net, size_t maxInterfaces) {
  return Builder(net, maxInterfaces).build();
}

}  // namespace awssim::reports
