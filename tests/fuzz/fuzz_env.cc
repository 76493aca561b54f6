// libFuzzer harness: a .env file.
#include <cstddef>
#include <cstdint>
#include <string>

#include "model/load/manifest_loaders.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  awssim::model::Diagnostics diags;
  awssim::load::parseEnvFile(std::string(reinterpret_cast<const char*>(data), size), ".env", diags);
  return 0;
}
