// libFuzzer harness: an ECS placement expression (memberOf), matched against
// a few instances. It must end, in time linear in its length, however many
// wildcards it holds; the first line is the expression.
#include <cstddef>
#include <cstdint>
#include <string>

#include "sim/ecs.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string expr(reinterpret_cast<const char*>(data), size);
  awssim::sim::InstanceUsage u;
  for (const char* type : {"t3.micro", "t4g.small", ""}) {
    u.type = type;
    u.az = "eu-north-1a";
    awssim::sim::memberOf(expr, u);
  }
  return 0;
}
