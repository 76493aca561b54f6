// libFuzzer harness: a describe-* snapshot held in one JSON file. A snapshot
// that imports is loaded and built into a network as well.
#include <cstddef>
#include <cstdint>
#include <string>

#include "model/load/aws_snapshot.h"
#include "sim/network.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  awssim::model::MemoryFileSource files;
  files.add("snapshot.json", std::string(reinterpret_cast<const char*>(data), size));
  auto res = awssim::load::loadAwsSnapshot("snapshot.json", files);
  if (res.ok() && res.stack.subnets.size() <= 64) awssim::sim::Network net(res.stack);
  return 0;
}
