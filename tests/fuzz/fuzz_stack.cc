// libFuzzer harness: stack.yaml text. Loading must end in diagnostics, never
// a crash or a hang; a stack that loads is also built into a network and its
// expectations are evaluated, so the engine sees fuzzed models too.
#include <cstddef>
#include <cstdint>
#include <string>

#include "model/load/stack_loader.h"
#include "rules/expectations.h"
#include "sim/network.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  awssim::model::MemoryFileSource files;
  files.add("web.json", R"({"family": "web", "containerDefinitions": [{"name": "web", "image": "nginx", "memory": 128,
      "portMappings": [{"containerPort": 80, "hostPort": 8000}]}]})");
  auto res = awssim::load::loadStackText(text, "stack.yaml", files);
  if (!res.ok() || res.stack.subnets.size() > 64) return 0;
  awssim::sim::Network net(res.stack);
  awssim::rules::checkExpectations(net);
  return 0;
}
