// A random stack's YAML loaded and its network built, for property tests.
#pragma once

#include <rapidcheck.h>

#include <memory>
#include <string>

#include "model/load/stack_loader.h"
#include "sim/network.h"
#include "stack_gen.h"

namespace awssim::proptest {

struct Built {
  load::LoadResult res;
  std::unique_ptr<sim::Network> net;
};

inline std::unique_ptr<Built> build(const std::string& yaml) {
  auto b = std::make_unique<Built>();
  model::MemoryFileSource files;
  files.add("web.json", kWebTask);
  b->res = load::loadStackText(yaml, "stack.yaml", files);
  std::string diags;
  for (const auto& d : b->res.diags.all()) diags += d.str() + "\n";
  RC_ASSERT(b->res.ok());
  if (!b->res.ok()) RC_FAIL(diags);
  b->net = std::make_unique<sim::Network>(b->res.stack);
  return b;
}

}  // namespace awssim::proptest
