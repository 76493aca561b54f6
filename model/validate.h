// The one validator: resolves what an importer left by name and checks what
// needs the whole stack (dangling references, route targets, CIDR
// containment and overlaps, reserved and duplicate addresses, VPC
// membership, zones). Every importer (stack.yaml, describe-* snapshots,
// CloudFormation) builds a Stack and hands it here, so each input gets the
// same checks, reported at the locations the importer put on the elements.
#pragma once

#include "model/diagnostics.h"
#include "model/stack.h"

namespace awssim::model {

/// Adds each VPC's default security group where the stack lacks it,
/// resolves pending route targets and links gateway endpoints with their
/// route tables, then reports every problem it finds.
void validateStack(Stack& stack, Diagnostics& diags);

/// What a name in a query or expectation can stand for: the resource
/// (instance, ENI, subnet, VPC, load balancer, endpoint, NAT gateway,
/// Instance Connect Endpoint, ECS service) named so, else every one whose
/// name ends in "." or "/" and then it (`aws_subnet.private[0]` for
/// `module.vpc.aws_subnet.private[0]`, `Child` for `Parent/Child`).
std::vector<std::string> resourcesNamed(const Stack& stack, const std::string& name);

/// Checks a usage file's references against an already validated stack.
void validateUsage(const Stack& stack, Diagnostics& diags);

}  // namespace awssim::model
