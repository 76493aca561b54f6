#include "model/load/stack_loader.h"

#include <fmt/format.h>

#include "model/load/stack_parser.h"

namespace awssim::load {

LoadResult loadStackText(const std::string& text, const std::string& path, const model::FileSource& files) {
  LoadResult res;
  res.stack.file = path;
  res.stack.dir = model::dirName(path);
  auto doc = parseYaml(text, path, res.diags);
  if (doc) {
    YamlReader reader(path, res.diags);
    StackParser parser(reader, res.stack, files);
    parser.parse(*doc);
    validateStack(parser, res.stack, res.diags);
  }
  res.diags.sort();
  return res;
}

void loadUsageFile(const std::string& path, const model::FileSource& files, model::Stack& stack,
                   model::Diagnostics& diags) {
  auto text = files.read(path);
  if (!text) {
    diags.error({path, 0, 0}, "cannot read the usage file");
    return;
  }
  auto doc = parseYaml(*text, path, diags);
  if (!doc) return;
  stack.usage = {};
  YamlReader reader(path, diags);
  StackParser parser(reader, stack, files);
  parser.parseUsageOnly(*doc);
  validateStack(parser, stack, diags);
  diags.sort();
}

LoadResult loadStack(const std::string& path, const model::FileSource& files) {
  if (files.isDirectory(path)) {
    LoadResult res;
    res.diags.error({path, 0, 0}, "is a folder; give the stack file (e.g. stack.yaml) inside it");
    return res;
  }
  auto text = files.read(path);
  if (!text) {
    LoadResult res;
    res.diags.error({path, 0, 0}, "cannot read the stack file (missing or unreadable)");
    return res;
  }
  return loadStackText(*text, path, files);
}

}  // namespace awssim::load
