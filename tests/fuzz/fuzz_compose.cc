// libFuzzer harness: a docker-compose file.
#include <cstddef>
#include <cstdint>
#include <string>

#include "model/load/manifest_loaders.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  awssim::model::Diagnostics diags;
  awssim::load::parseComposeFile(std::string(reinterpret_cast<const char*>(data), size), "docker-compose.yaml", diags);
  return 0;
}
