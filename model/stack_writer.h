// A Stack written back as stack.yaml: the network sections (region, VPCs,
// subnets, route tables, NACLs, security groups, prefix lists, instances,
// ENIs, gateways, endpoints, Instance Connect Endpoints, peerings, transit
// gateways) and the expectations. Loading the text gives the same network
// model; writing that again gives the same text. Manifests, ECS, DNS,
// volumes and policy sections are not written.
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
