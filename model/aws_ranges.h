// Static AWS facts the loaders need to validate names: the regions, the
// services that have VPC endpoints, and the AWS-managed prefix lists of the
// gateway-endpoint services (S3, DynamoDB) per region.
#pragma once

#include <string>
#include <vector>

#include "model/diagnostics.h"
#include "model/net.h"

namespace awssim::model {

struct Stack;

const std::vector<std::string>& knownRegions();
bool isKnownRegion(const std::string& region);
/// The region's Availability Zone names in order, as Fn::GetAZs returns them
/// (empty for an unknown region).
std::vector<std::string> availabilityZones(const std::string& region);

/// Short names of the services awssim knows as endpoint services
/// ("s3", "ecr.api", "logs", ...).
const std::vector<std::string>& knownEndpointServices();
bool isKnownEndpointService(const std::string& shortName);
/// "com.amazonaws.eu-north-1.ecr.api" -> "ecr.api"; short names are kept.
std::string endpointServiceShortName(const std::string& name, const std::string& region);

struct ManagedPrefixList {
  std::string region;
  std::string service;  // s3 or dynamodb
  std::string id;
  std::vector<const char*> cidrs;
};

/// The AWS-managed prefix list of a gateway service in a region.
const ManagedPrefixList& managedPrefixList(const std::string& region, const std::string& service);

/// Adds the region's AWS-managed prefix lists to the stack under the names
/// "s3" and "dynamodb" (their real names are com.amazonaws.<region>.<service>).
void addManagedPrefixLists(Stack& stack);

/// The region's default VPC: the stack's own (is_default) when it has one,
/// else built as AWS documents it (Amazon VPC User Guide, "Default VPCs"):
/// 172.31.0.0/16 with DNS support and hostnames, a /20 default subnet per
/// zone (172.31.0.0/20, 172.31.16.0/20, ... in zone order) that assigns
/// public IPv4 addresses, an internet gateway, a main route table sending
/// 0.0.0.0/0 to it, the default network ACL (all allowed) and the default
/// security group (added by the validator). Returns the VPC's name; `built`
/// says whether it was added now.
std::string defaultVpc(Stack& stack, const Location& at, bool* built = nullptr);
/// A default VPC's internet gateway (`<vpc>-igw`) and main route table
/// (`<vpc>-main`, 0.0.0.0/0 to it), as AWS creates them.
void addDefaultVpcGateway(Stack& stack, const std::string& vpc, const Location& at);
/// The default subnet of the default VPC `vpc` in `zone` ("" = the first).
std::string defaultSubnet(const Stack& stack, const std::string& vpc, const std::string& zone);

}  // namespace awssim::model
