// Address, prefix, protocol and port value types shared by every layer.
// Parsing goes through Boost.Asio's address_v4 / network_v4 so that CIDR
// syntax is the library's, not ours.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace awssim::model {

using Ipv4 = uint32_t;

std::optional<Ipv4> parseIpv4(std::string_view text);
std::string formatIpv4(Ipv4 ip);

/// An IPv4 prefix. Invariant after parsing: host bits are zero.
struct Cidr {
  Ipv4 base = 0;
  int len = 0;

  Ipv4 first() const { return base; }
  Ipv4 last() const { return base | hostMask(); }
  Ipv4 hostMask() const { return len == 0 ? 0xffffffffu : (len == 32 ? 0 : (0xffffffffu >> len)); }
  uint64_t size() const { return uint64_t{1} << (32 - len); }
  bool contains(Ipv4 ip) const { return ip >= first() && ip <= last(); }
  bool contains(const Cidr& o) const { return o.first() >= first() && o.last() <= last(); }
  bool overlaps(const Cidr& o) const { return first() <= o.last() && o.first() <= last(); }
  std::string str() const;
  bool operator==(const Cidr&) const = default;
  auto operator<=>(const Cidr&) const = default;
};

enum class CidrError { None, Syntax, HostBits };

/// Parses "a.b.c.d/n" (a bare address means /32). On HostBits the result
/// holds the canonical prefix, to offer as a suggestion.
std::optional<Cidr> parseCidr(std::string_view text, CidrError* err = nullptr);

/// IP protocol numbers as EC2 uses them; -1 means every protocol.
namespace proto {
constexpr int kAll = -1;
constexpr int kIcmp = 1;
constexpr int kTcp = 6;
constexpr int kUdp = 17;
constexpr int kIcmpv6 = 58;
}  // namespace proto

/// A whole decimal number (sign allowed), or nullopt: no stoi on input.
std::optional<int> parseInt(std::string_view text);

/// Standard base64 (padding optional, line breaks skipped) decoded, or
/// nullopt when it is not base64 (user_data_base64, launch template data).
std::optional<std::string> decodeBase64(std::string_view text);

/// A flow's destination as expectations and `query --to` write it:
/// NAME[:PORT][/PROTO], NAME possibly with its selector (service:NAME).
struct FlowTarget {
  std::string name;
  std::optional<int> port;
  std::optional<int> protocol;
};
/// The one reader of NAME[:PORT][/PROTO]: nullopt with `why` (a sentence
/// fragment naming the bad part) when the text is not one.
std::optional<FlowTarget> parseFlowTarget(std::string_view text, std::string* why = nullptr);

/// "tcp", "udp", "icmp", "all" or the number.
std::string protocolName(int protocol);
/// Accepts names (tcp, udp, icmp, icmpv6, all, -1) and numbers 0-255.
std::optional<int> parseProtocol(std::string_view text);
/// Whether ports are meaningful for the protocol (tcp and udp), or
/// type/code (icmp). For other protocols EC2 ignores the range.
inline bool hasPorts(int protocol) { return protocol == proto::kTcp || protocol == proto::kUdp; }

/// An inclusive range of ports (or ICMP types). from > to never holds.
struct PortRange {
  int from = 0;
  int to = 65535;

  static PortRange all() { return {0, 65535}; }
  static PortRange single(int p) { return {p, p}; }
  bool isAll() const { return from == 0 && to == 65535; }
  bool contains(int p) const { return p >= from && p <= to; }
  std::string str() const;
  bool operator==(const PortRange&) const = default;
  auto operator<=>(const PortRange&) const = default;
};

/// "80", "32768-65535" or "all".
std::optional<PortRange> parsePortRange(std::string_view text);

/// Linux's default ip_local_port_range, the range clients pick source ports
/// from and the one NACL return traffic must allow (AWS-FACTS 1.5).
constexpr PortRange kLinuxEphemeral{32768, 60999};
constexpr PortRange kWindowsEphemeral{49152, 65535};
/// NAT gateways and Elastic Load Balancing use 1024-65535.
constexpr PortRange kAwsEphemeral{1024, 65535};

}  // namespace awssim::model
