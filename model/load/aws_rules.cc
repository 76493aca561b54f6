#include "model/load/aws_rules.h"

#include <fmt/format.h>

namespace awssim::load {

std::optional<model::Traffic> awsTraffic(const std::string& protocol, std::optional<int> from, std::optional<int> to,
                                         std::string* why) {
  using namespace model;
  auto p = parseProtocol(protocol);
  if (!p) {
    *why = fmt::format("protocol '{}' is not a protocol name or number 0-255", protocol);
    return std::nullopt;
  }
  Traffic t;
  t.protocol = *p;
  if (*p == proto::kIcmpv6) {
    *why = "ICMPv6 rules apply to IPv6 traffic, which awssim does not model";
    return std::nullopt;
  }
  if (hasPorts(*p)) {
    // EC2 reads -1 (or no ports) on tcp/udp as every port.
    if (!from || *from == -1) return t;
    int hi = to && *to != -1 ? *to : *from;
    if (*from < 0 || hi > 65535 || *from > hi) {
      *why = fmt::format("port range {}-{} is not within 0-65535 with from <= to", *from, hi);
      return std::nullopt;
    }
    t.ports = {*from, hi};
    return t;
  }
  if (*p == proto::kIcmp) {
    if (!from || *from == -1) return t;
    if (*from < 0 || *from > 255 || (to && (*to < -1 || *to > 255))) {
      *why = fmt::format("ICMP type {} / code {} is not within 0-255", *from, to.value_or(-1));
      return std::nullopt;
    }
    t.ports = PortRange::single(*from);
    if (to && *to != -1) t.icmp_codes = PortRange::single(*to);
  }
  return t;
}

}  // namespace awssim::load
