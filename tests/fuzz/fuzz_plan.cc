// libFuzzer harness: a Terraform plan or state (`terraform show -json`, or a
// raw terraform.tfstate); one that loads is built into a network.
#include <cstddef>
#include <cstdint>
#include <string>

#include "model/load/terraform.h"
#include "sim/network.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  awssim::model::MemoryFileSource files;
  files.add("plan.json", std::string(reinterpret_cast<const char*>(data), size));
  auto res = awssim::load::loadTerraform("plan.json", files, {}, "");
  if (res.ok() && res.stack.subnets.size() <= 64) awssim::sim::Network net(res.stack);
  return 0;
}
