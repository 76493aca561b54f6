// libFuzzer harness: a user-data script.
#include <cstddef>
#include <cstdint>
#include <string>

#include "model/load/manifest_loaders.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  awssim::load::parseUserData(std::string(reinterpret_cast<const char*>(data), size), "user-data.sh");
  return 0;
}
