// EC2 instance types as ECS sees them: CPU units (vCPUs x 1024), memory,
// network-interface limits and ENI trunking support. One table, with its
// sources, so that every capacity answer traces back to a number here.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace awssim::sim {

struct InstanceType {
  const char* name;
  int vcpus;
  int memory_mib;       // nominal
  int max_enis;         // including the primary one
  int ipv4_per_eni;
  int trunk_enis;       // awsvpc tasks with ENI trunking; 0 = not supported
};

/// The type, or nullopt when it is not in the table.
std::optional<InstanceType> instanceType(const std::string& name);
std::vector<std::string> knownInstanceTypes();

/// CPU units the ECS agent registers: vCPUs x 1024 (AWS-FACTS 4).
inline int registeredCpu(const InstanceType& t) { return t.vcpus * 1024; }

/// Memory the ECS agent registers: what the kernel leaves (MemTotal) minus
/// ECS_RESERVED_MEMORY. The seed measured 927 MiB on a t3.micro (0.905 of its
/// 1,024 MiB), so awssim registers 90.5% of the nominal memory.
int registeredMemory(const InstanceType& t, int reservedMemory);

}  // namespace awssim::sim
