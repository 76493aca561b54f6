// libFuzzer harness: an ECS task definition (register or describe output).
#include <cstddef>
#include <cstdint>
#include <string>

#include "model/load/task_definition_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  awssim::model::Diagnostics diags;
  awssim::load::loadTaskDefinition(std::string(reinterpret_cast<const char*>(data), size), "task.json", diags);
  return 0;
}
