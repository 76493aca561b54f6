// AWS services as destinations: which endpoint services a name stands for
// ("ecr" needs ecr.api, ecr.dkr and S3, where image layers live), their
// public addresses in the region, and their DNS names.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/stack.h"

namespace awssim::sim {

/// Whether the name is a service awssim knows ("s3", "ecr", "ecs-agent", ...).
bool isAwsService(const std::string& name);
/// The endpoint services a flow to `name` must reach, all of them:
/// "ecr" -> ecr.api, ecr.dkr, s3; "ecs-agent" -> ecs, ecs-agent,
/// ecs-telemetry; any other service -> itself.
std::vector<std::string> serviceParts(const std::string& name);
/// The public addresses of a service: the region's managed prefix list for
/// s3 and dynamodb; for the others a stand-in block per service in
/// 99.77.0.0/16 (awssim needs an address that is public and distinct per
/// service; the real ones are in AWS's ip-ranges.json, not offline).
std::vector<model::Cidr> servicePublicCidrs(const model::Stack& stack, const std::string& service);
/// The service whose public addresses hold ip, or "".
std::string serviceOwning(const model::Stack& stack, model::Ipv4 ip);
/// The regional DNS name of a service endpoint, e.g. api.ecr.eu-north-1.amazonaws.com.
std::string serviceHostname(const std::string& service, const std::string& region);
/// The service a regional host name belongs to, e.g. "logs" for
/// logs.eu-north-1.amazonaws.com.
std::optional<std::string> serviceForHostname(const std::string& host, const std::string& region);

}  // namespace awssim::sim
