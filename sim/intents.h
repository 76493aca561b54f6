// Intents: what the deployer's manifests say without writing it down as an
// expectation. REDIS_HOSTNAME=10.0.0.4 with REDIS_PORT=6379 means "this
// workload connects to 10.0.0.4:6379"; `aws s3 cp` in user-data means "this
// instance needs S3"; an ECR image means "this task needs ECR". Each intent
// keeps the manifest line that implies it.
#pragma once

#include <string>
#include <vector>

#include "model/stack.h"

namespace awssim::sim {

struct DerivedFlow {
  std::string source;  // instance name, or "service:NAME"
  std::string host;    // as configured: an address, a DNS name, a Service Connect alias
  int port = 0;
  int protocol = model::proto::kTcp;
  model::Location loc;  // the line that implies it
  std::string reason;   // "REDIS_HOSTNAME=10.0.0.4 and REDIS_PORT=6379 (messages/.env:4)"
};

struct DerivedNeed {
  std::string source;
  std::string service;  // s3, ecr, ec2, ssm, secretsmanager, logs, ecs-agent, imds, internet
  model::Location loc;
  std::string reason;
  bool imds_v1 = false;  // an instance-metadata call without a session token
};

struct Intents {
  std::vector<DerivedFlow> flows;
  std::vector<DerivedNeed> needs;
};

Intents deriveIntents(const model::Stack& stack);

/// The port a service usually listens on, by a name such as REDIS or a URL
/// scheme such as postgres; 0 when unknown.
int wellKnownPort(const std::string& nameOrScheme);

}  // namespace awssim::sim
