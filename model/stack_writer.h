// A Stack written back as stack.yaml: the network (region, VPCs, subnets,
// route tables, NACLs, security groups, prefix lists, instances, ENIs,
// gateways, endpoints, Instance Connect Endpoints, peerings, transit
// gateways), load balancers with listeners and target groups, hosted zones,
// Cloud Map namespaces, EBS volumes, ECS clusters with their capacity, and
// the expectations. Loading the text gives the same model; writing that
// again gives the same text. `awssim import` writes every input kind through
// here. Not written: ECS services (their task definitions live in files the
// stack names), manifests, and the policy sections (suppressions, scopes,
// usage, budget).
#pragma once

#include <string>
#include <vector>

#include "model/stack.h"

namespace awssim::model {

std::string writeStackYaml(const Stack& stack);

/// A string as a YAML scalar (JSON's quoting, which YAML reads as is).
std::string yamlString(const std::string& s);
/// A flow-style YAML list of strings.
std::string yamlList(const std::vector<std::string>& items);

}  // namespace awssim::model
