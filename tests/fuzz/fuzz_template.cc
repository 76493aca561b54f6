// libFuzzer harness: a CloudFormation template (YAML with short tags, or
// JSON). The same bytes also sit beside it as child.yaml, so a nested stack
// can name its own template; a template that loads is built into a network.
#include <cstddef>
#include <cstdint>
#include <string>

#include "model/load/cloudformation.h"
#include "sim/network.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  awssim::model::MemoryFileSource files;
  std::string text(reinterpret_cast<const char*>(data), size);
  files.add("t/template.yaml", text);
  files.add("t/child.yaml", text);
  auto res = awssim::load::loadCloudFormation("t/template.yaml", files, {}, "eu-north-1");
  if (res.ok() && res.stack.subnets.size() <= 64) awssim::sim::Network net(res.stack);
  return 0;
}
