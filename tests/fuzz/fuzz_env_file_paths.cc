// libFuzzer harness: a compose file's env_file references, read through a
// stack. Whatever the compose file says, no file outside the stack's folder
// is read: the guard is asserted, not only the absence of a crash.
#include <cstddef>
#include <cstdint>
#include <string>

#include "model/load/stack_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  awssim::model::MemoryFileSource files;
  files.add("proj/stack.yaml",
            "region: eu-north-1\n"
            "vpc: {name: main, cidr: 10.0.0.0/16}\n"
            "subnets: {a: {cidr: 10.0.0.0/24, az: a}}\n"
            "instances: {app: {type: t3.micro, subnet: a, compose: app/docker-compose.yaml}}\n");
  files.add("proj/app/docker-compose.yaml", std::string(reinterpret_cast<const char*>(data), size));
  files.add("proj/app/.env", "INSIDE=1\n");
  files.add("proj/shared.env", "SHARED=1\n");
  // Outside the folder: never to be read, nor echoed.
  files.add("secret.env", "OUTSIDE_SECRET=hunter2\n");
  files.add("/etc/secret.env", "OUTSIDE_SECRET=hunter2\n");
  files.add("other/proj/x.env", "OUTSIDE_SECRET=hunter2\n");
  auto res = awssim::load::loadStack("proj/stack.yaml", files);
  // The outside files' text must not be echoed (the input may quote it
  // itself: the fuzzer learns strings from comparisons).
  std::string input(reinterpret_cast<const char*>(data), size);
  bool quoted = input.find("hunter2") != std::string::npos;
  for (const auto& d : res.diags.all())
    if ((!quoted && d.message.find("hunter2") != std::string::npos) || d.loc.file.rfind("proj/", 0) != 0)
      __builtin_trap();
  for (const auto& i : res.stack.instances)
    for (const auto& env : i.manifests.env_files) {
      if (env.file.rfind("proj/", 0) != 0) __builtin_trap();
      for (const auto& v : env.vars)
        if (v.name == "OUTSIDE_SECRET") __builtin_trap();
    }
  return 0;
}
