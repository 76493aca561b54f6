#include "sim/instance_types.h"

#include <cmath>

namespace awssim::sim {

// vCPUs, memory and ENI limits: EC2 User Guide, "Instance type
// specifications" and "Maximum IP addresses per network interface". Trunk
// ENIs: ECS Developer Guide, "Elastic network interface trunking" (burstable
// t2/t3/t3a/t4g types do not support trunking).
static const InstanceType kTypes[] = {
    {"t2.nano", 1, 512, 2, 2, 0},       {"t2.micro", 1, 1024, 2, 2, 0},     {"t2.small", 1, 2048, 3, 4, 0},
    {"t2.medium", 2, 4096, 3, 6, 0},    {"t2.large", 2, 8192, 3, 12, 0},    {"t2.xlarge", 4, 16384, 3, 15, 0},
    {"t2.2xlarge", 8, 32768, 3, 15, 0}, {"t3.nano", 2, 512, 2, 2, 0},       {"t3.micro", 2, 1024, 2, 2, 0},
    {"t3.small", 2, 2048, 3, 4, 0},     {"t3.medium", 2, 4096, 3, 6, 0},    {"t3.large", 2, 8192, 3, 12, 0},
    {"t3.xlarge", 4, 16384, 4, 15, 0},  {"t3.2xlarge", 8, 32768, 4, 15, 0}, {"t3a.nano", 2, 512, 2, 2, 0},
    {"t3a.micro", 2, 1024, 2, 2, 0},    {"t3a.small", 2, 2048, 2, 4, 0},    {"t3a.medium", 2, 4096, 3, 6, 0},
    {"t3a.large", 2, 8192, 3, 12, 0},   {"t3a.xlarge", 4, 16384, 4, 15, 0}, {"t3a.2xlarge", 8, 32768, 4, 15, 0},
    {"t4g.nano", 2, 512, 2, 2, 0},      {"t4g.micro", 2, 1024, 2, 2, 0},    {"t4g.small", 2, 2048, 3, 4, 0},
    {"t4g.medium", 2, 4096, 3, 6, 0},   {"t4g.large", 2, 8192, 3, 12, 0},   {"t4g.xlarge", 4, 16384, 4, 15, 0},
    {"t4g.2xlarge", 8, 32768, 4, 15, 0},
    {"m5.large", 2, 8192, 3, 10, 10},   {"m5.xlarge", 4, 16384, 4, 15, 20}, {"m5.2xlarge", 8, 32768, 4, 15, 40},
    {"m5.4xlarge", 16, 65536, 8, 30, 60}, {"m5.8xlarge", 32, 131072, 8, 30, 60},
    {"m5.12xlarge", 48, 196608, 8, 30, 60}, {"m5.16xlarge", 64, 262144, 15, 50, 120},
    {"m5.24xlarge", 96, 393216, 15, 50, 120},
    {"c5.large", 2, 4096, 3, 10, 10},   {"c5.xlarge", 4, 8192, 4, 15, 20},  {"c5.2xlarge", 8, 16384, 4, 15, 40},
    {"c5.4xlarge", 16, 32768, 8, 30, 60}, {"c5.9xlarge", 36, 73728, 8, 30, 60},
    {"c5.12xlarge", 48, 98304, 8, 30, 60}, {"c5.18xlarge", 72, 147456, 15, 50, 120},
    {"c5.24xlarge", 96, 196608, 15, 50, 120},
    {"r5.large", 2, 16384, 3, 10, 10},  {"r5.xlarge", 4, 32768, 4, 15, 20}, {"r5.2xlarge", 8, 65536, 4, 15, 40},
    {"r5.4xlarge", 16, 131072, 8, 30, 60}, {"r5.8xlarge", 32, 262144, 8, 30, 60},
    {"r5.12xlarge", 48, 393216, 8, 30, 60}, {"r5.16xlarge", 64, 524288, 15, 50, 120},
    {"r5.24xlarge", 96, 786432, 15, 50, 120},
};

std::optional<InstanceType> instanceType(const std::string& name) {
  for (const auto& t : kTypes)
    if (name == t.name) return t;
  return std::nullopt;
}

std::vector<std::string> knownInstanceTypes() {
  std::vector<std::string> out;
  for (const auto& t : kTypes) out.push_back(t.name);
  return out;
}

int registeredMemory(const InstanceType& t, int reservedMemory) {
  return static_cast<int>(std::floor(t.memory_mib * 0.905 + 0.5)) - reservedMemory;
}

}  // namespace awssim::sim
