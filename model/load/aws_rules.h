// Security-group and network-ACL rules as AWS's APIs and templates spell
// them (IpProtocol "-1", "tcp" or "6"; FromPort/ToPort, -1 for all ICMP
// types), turned into the model's Traffic. Shared by every importer of
// AWS-shaped input (describe-* snapshots, CloudFormation, Terraform) so each
// reads the same spelling the same way.
#pragma once

#include <optional>
#include <string>

#include "model/stack.h"

namespace awssim::load {

/// `protocol` as EC2 takes it (name or number, "-1" = all); `from`/`to` are
/// the ports for tcp/udp and the ICMP type/code for icmp (absent or -1 =
/// all). nullopt with `why` set when the rule cannot be modelled (ICMPv6,
/// IPv6-only) or is malformed.
std::optional<model::Traffic> awsTraffic(const std::string& protocol, std::optional<int> from, std::optional<int> to,
                                         std::string* why);

/// A NACL rule number is 1-32766; 32767 is the implicit final deny.
inline bool isUserNaclRuleNumber(int n) { return n >= 1 && n <= 32766; }

}  // namespace awssim::load
