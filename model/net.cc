#include "model/net.h"

#include <boost/archive/iterators/binary_from_base64.hpp>
#include <boost/archive/iterators/transform_width.hpp>
#include <boost/asio/ip/address_v4.hpp>
#include <boost/asio/ip/network_v4.hpp>
#include <charconv>
#include <re2/re2.h>
#include <fmt/format.h>

namespace awssim::model {

namespace ip = boost::asio::ip;

std::optional<Ipv4> parseIpv4(std::string_view text) {
  boost::system::error_code ec;
  ip::address_v4 a = ip::make_address_v4(std::string(text), ec);
  if (ec) return std::nullopt;
  return a.to_uint();
}

std::string formatIpv4(Ipv4 v) { return ip::address_v4(v).to_string(); }

std::string Cidr::str() const { return fmt::format("{}/{}", formatIpv4(base), len); }

std::optional<Cidr> parseCidr(std::string_view text, CidrError* err) {
  if (err) *err = CidrError::None;
  std::string s(text);
  if (s.find('/') == std::string::npos) {
    auto a = parseIpv4(s);
    if (!a) {
      if (err) *err = CidrError::Syntax;
      return std::nullopt;
    }
    return Cidr{*a, 32};
  }
  boost::system::error_code ec;
  ip::network_v4 n = ip::make_network_v4(s, ec);
  if (ec) {
    if (err) *err = CidrError::Syntax;
    return std::nullopt;
  }
  Cidr c{n.canonical().address().to_uint(), static_cast<int>(n.prefix_length())};
  if (n.address() != n.canonical().address()) {
    if (err) *err = CidrError::HostBits;
    return c;
  }
  return c;
}

std::string protocolName(int protocol) {
  switch (protocol) {
    case proto::kAll: return "all";
    case proto::kTcp: return "tcp";
    case proto::kUdp: return "udp";
    case proto::kIcmp: return "icmp";
    case proto::kIcmpv6: return "icmpv6";
    default: return std::to_string(protocol);
  }
}

std::optional<std::string> decodeBase64(std::string_view text) {
  std::string clean;
  clean.reserve(text.size());
  size_t pad = 0;
  for (char c : text) {
    if (c == '\n' || c == '\r') continue;
    bool digit = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
    if (c == '=' && pad < 2) {
      ++pad;
      continue;
    }
    if (!digit || pad > 0) return std::nullopt;  // nothing after padding
    clean.push_back(c);
  }
  if (clean.size() % 4 == 1 || (pad > 0 && (clean.size() + pad) % 4 != 0)) return std::nullopt;
  // The iterators take whole 6-bit groups; the bits past the last whole
  // byte are the padding's and are dropped.
  using Decode = boost::archive::iterators::transform_width<
      boost::archive::iterators::binary_from_base64<std::string::const_iterator>, 8, 6>;
  size_t bytes = clean.size() * 6 / 8;
  std::string out;
  out.reserve(bytes);
  for (Decode it(clean.cbegin()); out.size() < bytes; ++it) out.push_back(static_cast<char>(*it));
  return out;
}

std::optional<FlowTarget> parseFlowTarget(std::string_view text, std::string* why) {
  // A selector's prefix is part of the name: service:redis:6379 is the
  // service redis on port 6379.
  for (std::string_view prefix : {std::string_view("service:")})
    if (text.substr(0, prefix.size()) == prefix && text.size() > prefix.size()) {
      auto t = parseFlowTarget(text.substr(prefix.size()), why);
      if (t) t->name = std::string(prefix) + t->name;
      return t;
    }
  static const RE2 re(R"(([^:/\s]+)(?::([^/]*))?(?:/(.*))?)");
  std::string name, port, proto;
  auto fail = [&](std::string reason) -> std::optional<FlowTarget> {
    if (why) *why = std::move(reason);
    return std::nullopt;
  };
  if (!RE2::FullMatch(text, re, &name, &port, &proto)) return fail("it must read NAME[:PORT][/PROTO]");
  FlowTarget t;
  t.name = name;
  if (text.find(':') != std::string_view::npos) {
    auto p = parseInt(port);
    if (!p || *p < 0 || *p > 65535 || port.find_first_not_of("0123456789") != std::string::npos)
      return fail(fmt::format("port '{}' is not a number 0-65535", port));
    t.port = p;
  }
  if (text.find('/') != std::string_view::npos) {
    auto p = parseProtocol(proto);
    if (!p) return fail(fmt::format("unknown protocol '{}'", proto));
    t.protocol = p;
  }
  return t;
}

std::optional<int> parseInt(std::string_view text) {
  int v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size()) return std::nullopt;
  return v;
}

std::optional<int> parseProtocol(std::string_view t) {
  if (t == "tcp" || t == "TCP") return proto::kTcp;
  if (t == "udp" || t == "UDP") return proto::kUdp;
  if (t == "icmp" || t == "ICMP") return proto::kIcmp;
  if (t == "icmpv6" || t == "ICMPV6") return proto::kIcmpv6;
  if (t == "all" || t == "-1" || t == "ALL") return proto::kAll;
  auto n = parseInt(t);
  if (n && *n >= 0 && *n <= 255) return *n;
  return std::nullopt;
}

std::string PortRange::str() const {
  if (isAll()) return "all";
  if (from == to) return std::to_string(from);
  return fmt::format("{}-{}", from, to);
}

std::optional<PortRange> parsePortRange(std::string_view t) {
  if (t == "all" || t == "-1") return PortRange::all();
  auto dash = t.find('-');
  if (dash == std::string_view::npos || dash == 0) {
    auto p = parseInt(t);
    if (!p || *p < 0 || *p > 65535) return std::nullopt;
    return PortRange::single(*p);
  }
  auto a = parseInt(t.substr(0, dash));
  auto b = parseInt(t.substr(dash + 1));
  if (!a || !b || *a < 0 || *b > 65535 || *a > *b) return std::nullopt;
  return PortRange{*a, *b};
}

}  // namespace awssim::model
