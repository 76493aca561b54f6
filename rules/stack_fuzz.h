// `awssim fuzz`: what in a stack is load-bearing. Mutates the stack one
// change at a time (remove or narrow each security-group and NACL rule,
// shift a rule's port, drop each route, move each instance to a subnet in
// another zone, lose each zone) and re-checks the stack's expectations and
// the intents its manifests imply. A rule whose removal breaks something is
// load-bearing; one whose removal breaks nothing is a candidate for removal;
// a zone whose loss breaks something is a single point of failure.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/stack.h"

namespace awssim::rules {

enum class MutationKind { RemoveRule, NarrowRule, ShiftPort, RemoveRoute, MoveInstance, LoseZone };
std::string mutationKindName(MutationKind k);

struct MutationResult {
  MutationKind kind;
  std::string target;       // "ingress tcp 6379 from sg:messages of security group redis"
  std::string description;  // what the mutation does, in words
  model::Location loc;      // the line it changes
  std::vector<std::string> breaks;  // expectations and intents that held and no longer do
  std::vector<std::string> lost;    // lose-zone: the instances and interfaces that stop
};

struct FuzzOptions {
  uint64_t seed = 1;
  size_t max_mutations = 0;  // at most this many mutations (0: all); sampled with the seed
};

struct FuzzReport {
  size_t candidates = 0;             // mutations the stack allows
  size_t baseline_holding = 0;       // expectations and intents that hold unmutated
  std::vector<MutationResult> results;  // in stack order
};

FuzzReport fuzzStack(const model::Stack& stack, const FuzzOptions& options);

}  // namespace awssim::rules
