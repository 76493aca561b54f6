// Generated estates for benchmarks: the shape of a real account, so that
// classes are as many as a real account's and no cost hides behind a few
// shared groups.
//
// "diverse": several /16 VPCs with /22 subnets, a third of them public (a
// route to the VPC's internet gateway). Per VPC a bastion group and three
// tiers of groups: web-k admits 443 from the internet and 80 from an office
// range of its own, app-k admits 8080 from web-k, db-k 5432 from app-k, and
// every group SSH from the bastion. Each interface carries one group, every
// fifth a second one picked at random in its VPC, so most pairs of groups
// are their own class. Web interfaces sit in public subnets with a public
// address, the others in private subnets.
//
// "fleet": the same network, but a dozen groups per VPC and interfaces
// cycling through them: thousands of interfaces share a subnet and groups.
#pragma once

#include <cstdint>
#include <string>

#include "model/stack.h"

namespace awssim::bench {

struct EstateShape {
  int enis = 1000;
  int sgs = 60;
  int subnets = 30;
  bool fleet = false;
  uint64_t seed = 1;
};

/// The estate as a model, every address given, ready for the stack writer.
model::Stack generateEstate(const EstateShape& shape);

/// The same estate as `aws ec2 describe-*` output in one JSON document
/// (Vpcs, Subnets, RouteTables, InternetGateways, SecurityGroups,
/// Reservations), as awssim reads a snapshot.
std::string estateSnapshotJson(const model::Stack& stack);

}  // namespace awssim::bench
