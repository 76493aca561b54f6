// libFuzzer harness: a --baseline file. Anything but the shape
// --write-baseline writes is a located error; nothing crashes.
#include <cstddef>
#include <cstdint>
#include <string>

#include "rules/suppressions.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  awssim::model::Diagnostics diags;
  auto set = awssim::rules::parseBaseline(std::string(reinterpret_cast<const char*>(data), size), "baseline.json", diags);
  // A baseline is either read or refused with a reason.
  if (!set && !diags.hasErrors()) __builtin_trap();
  return 0;
}
