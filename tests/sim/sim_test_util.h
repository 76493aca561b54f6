// Helpers for engine tests: a stack from inline YAML, queries, and compact
// views of traces to assert on.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "model/load/stack_loader.h"
#include "sim/network.h"
#include "sim/query.h"

namespace awssim::sim::testing {

struct Fixture {
  load::LoadResult loaded;
  std::unique_ptr<Network> net;
};

/// Loads inline YAML (it must be valid) and builds its network.
inline std::unique_ptr<Fixture> stackOf(const std::string& yaml, const model::MemoryFileSource& files = {}) {
  auto f = std::make_unique<Fixture>();
  f->loaded = load::loadStackText(yaml, "stack.yaml", files);
  std::string diags;
  for (const auto& d : f->loaded.diags.all()) diags += d.str() + "\n";
  EXPECT_TRUE(f->loaded.ok()) << diags;
  f->net = std::make_unique<Network>(f->loaded.stack);
  return f;
}

/// Every diagnostic, a line each (for failure messages).
inline std::string diagText(const load::LoadResult& r) {
  std::string out;
  for (const auto& d : r.diags.all()) out += d.str() + "\n";
  return out;
}

/// Any input from disk (stack.yaml, snapshot, template, plan), which must
/// load; `net` is built when it does.
struct Loaded {
  load::LoadResult res;
  std::unique_ptr<Network> net;
};
inline std::unique_ptr<Loaded> loadPath(const std::string& path, const load::InputOptions& o = {}) {
  auto l = std::make_unique<Loaded>();
  model::DiskFileSource disk;
  l->res = load::loadStack(path, disk, o);
  EXPECT_TRUE(l->res.ok()) << diagText(l->res);
  if (l->res.ok()) l->net = std::make_unique<Network>(l->res.stack);
  return l;
}

/// How many warnings (or other diagnostics) mention `text`.
inline size_t warningsMentioning(const load::LoadResult& r, const std::string& text) {
  size_t n = 0;
  for (const auto& d : r.diags.all()) n += d.message.find(text) != std::string::npos;
  return n;
}

/// Loads a stack file from disk.
inline std::unique_ptr<Fixture> stackFile(const std::string& path) {
  auto f = std::make_unique<Fixture>();
  model::DiskFileSource disk;
  f->loaded = load::loadStack(path, disk);
  std::string diags;
  for (const auto& d : f->loaded.diags.all()) diags += d.str() + "\n";
  EXPECT_TRUE(f->loaded.ok()) << diags;
  f->net = std::make_unique<Network>(f->loaded.stack);
  return f;
}

/// A query's expected answer: the disposition, and a component on the
/// forward path (for a block, the one that blocks).
struct Answer {
  std::string from, to;
  int port;
  std::string disposition;
  std::string through;
};

inline void expectAnswers(const Network& net, const std::vector<Answer>& answers) {
  for (const auto& a : answers) {
    Query q;
    q.from = a.from;
    q.to = a.to;
    q.port = a.port;
    QueryResult r = runQuery(net, q);
    EXPECT_EQ(dispositionName(r.disposition), a.disposition) << a.from << " -> " << a.to << ":" << a.port;
    bool seen = false;
    std::string path;
    for (const auto& part : r.parts)
      for (const auto& h : part.trace.forward) {
        path += h.component + "/" + h.action + " ";
        bool blocks = h.action == "denied" || h.action == "dropped" || h.action == "no route";
        bool isBlock = a.disposition != "ACCEPTED" && a.disposition != "EXITS_NETWORK";
        if (h.component == a.through && (!isBlock || blocks || a.disposition == "NULL_ROUTED")) seen = true;
      }
    EXPECT_TRUE(seen) << a.from << " -> " << a.to << ":" << a.port << " not decided/through " << a.through
                      << "; path: " << path;
  }
}

inline QueryResult ask(const Fixture& f, const std::string& from, const std::string& to, int port,
                       int protocol = model::proto::kTcp) {
  Query q;
  q.from = from;
  q.to = to;
  q.port = port;
  q.protocol = protocol;
  return runQuery(*f.net, q);
}

/// "component/kind/action" for each hop.
inline std::vector<std::string> hops(const std::vector<Hop>& hs) {
  std::vector<std::string> out;
  for (const auto& h : hs) out.push_back(h.component + "/" + h.kind + "/" + h.action);
  return out;
}

/// "CODE@component(direction)" for each blocking setting of every part.
inline std::vector<std::string> blocks(const QueryResult& r) {
  std::vector<std::string> out;
  for (const auto& p : r.parts)
    for (const auto& e : p.trace.explanations) out.push_back(e.code + "@" + e.component + "(" + e.direction + ")");
  return out;
}

/// `text` with the first `from` replaced by `to` (which must be there).
inline std::string sub(std::string text, const std::string& from, const std::string& to) {
  size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

inline std::string dispo(const QueryResult& r) { return dispositionName(r.disposition); }

}  // namespace awssim::sim::testing
