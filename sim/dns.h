// Name resolution as an instance in a VPC sees it (AWS-FACTS 2): Route 53
// private hosted zones (only in associated VPCs with DNS support and DNS
// hostnames on), public zones, Cloud Map DNS namespaces, EC2 private DNS
// names, and AWS service endpoints (private DNS of an interface endpoint
// when there is one, else the service's public addresses).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/network.h"

namespace awssim::sim {

struct Resolution {
  std::vector<Ipv4> addresses;  // empty: not resolved
  std::string service;          // set when the name is an AWS service endpoint
  std::string via;              // how it resolved, for explanations
  std::string error;            // why it did not resolve, when it looks like it should
};

/// Resolves `name` from inside `vpc` (-1: from the internet).
Resolution resolveName(const Network& net, const std::string& name, int vpc);

/// Whether the VPC's resolver answers private names (DNS support and DNS
/// hostnames both on, as private hosted zones and endpoint private DNS need).
bool privateDnsWorks(const model::Vpc& vpc);

/// "ip-10-0-0-4.eu-north-1.compute.internal" (ec2.internal in us-east-1).
std::string privateDnsName(Ipv4 ip, const std::string& region);

}  // namespace awssim::sim
