// Static AWS facts the loaders need to validate names: the regions, the
// services that have VPC endpoints, and the AWS-managed prefix lists of the
// gateway-endpoint services (S3, DynamoDB) per region.
#pragma once

#include <string>
#include <vector>

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

}  // namespace awssim::model
