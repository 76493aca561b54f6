#include "model/load/stack_loader.h"

#include <fmt/format.h>

#include <re2/re2.h>
#include <sstream>

#include "model/aws_ranges.h"
#include "model/load/aws_snapshot.h"
#include "model/load/cloudformation.h"
#include "model/load/stack_parser.h"
#include "model/load/terraform.h"
#include "model/validate.h"

namespace awssim::load {

// "# awssim:ignore AWSSIM-NET-001 the office address" on a line covers the
// findings that point at that line.
static void readInlineSuppressions(const std::string& text, const std::string& path, model::Stack& stack,
                                   model::Diagnostics& diags) {
  static const RE2 re(R"((#\s*awssim:ignore\s+(\S+)\s*(.*))$)");
  std::istringstream in(text);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    re2::StringPiece whole;
    model::Suppression s;
    if (!RE2::PartialMatch(line, re, &whole, &s.rule, &s.reason)) continue;
    s.loc = {path, n, static_cast<int>(whole.data() - line.data()) + 1};
    while (!s.reason.empty() && std::isspace(static_cast<unsigned char>(s.reason.back()))) s.reason.pop_back();
    s.inline_comment = true;
    s.line = n;
    if (s.reason.empty()) diags.error(s.loc, fmt::format("awssim:ignore {}: give a reason after the rule id", s.rule));
    stack.suppressions.push_back(s);
  }
}

LoadResult loadStackText(const std::string& text, const std::string& path, const model::FileSource& files) {
  LoadResult res;
  res.stack.file = path;
  res.stack.dir = model::dirName(path);
  auto doc = parseYaml(text, path, res.diags);
  if (doc) {
    YamlReader reader(path, res.diags);
    StackParser parser(reader, res.stack, files);
    parser.parse(*doc);
    model::validateStack(res.stack, res.diags);
    readInlineSuppressions(text, path, res.stack, res.diags);
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
  model::validateUsage(stack, diags);
  diags.sort();
}

LoadResult loadStack(const std::string& path, const model::FileSource& files) { return loadStack(path, files, {}); }

LoadResult loadStack(const std::string& path, const model::FileSource& files, const InputOptions& options) {
  bool terraform = isTerraform(path, files);
  if (!options.networks.empty() && !terraform && !isCloudFormation(path, files)) {
    LoadResult res;
    res.diags.error({path, 0, 0}, "--network applies to a template or a Terraform plan; a stack.yaml names the "
                                  "network its templates deploy into under cloudformation: network");
    return res;
  }
  if (terraform) {
    TfOptions tf;
    tf.networks = options.networks;
    tf.prior = options.prior_state;
    LoadResult res = loadTerraform(path, files, tf, options.region);
    if (!options.region.empty() && !model::isKnownRegion(options.region))
      res.diags.error({path, 0, 0}, fmt::format("unknown region '{}'", options.region));
    return res;
  }
  if (isAwsSnapshot(path, files)) return loadAwsSnapshot(path, files);
  if (isCloudFormation(path, files)) {
    CfnOptions cfn;
    CfnTemplate t;
    t.path = path;
    t.parameters = options.parameters;
    t.parameters_file = options.parameters_file;
    t.loc = {path, 0, 0};
    cfn.templates.push_back(t);
    cfn.networks = options.networks;
    cfn.region_from_network = options.region.empty();
    LoadResult res = loadCloudFormation(path, files, cfn, options.region);
    if (!options.region.empty() && !model::isKnownRegion(options.region))
      res.diags.error({path, 0, 0}, fmt::format("unknown region '{}'", options.region));
    return res;
  }
  if (files.isDirectory(path)) {
    // A project folder stands for its stack.yaml.
    std::string inside = model::joinPath(path, "stack.yaml");
    if (files.read(inside)) return loadStack(inside, files, options);
    LoadResult res;
    res.diags.error({path, 0, 0}, "is a folder; give the stack file (e.g. stack.yaml) inside it, or a describe-* "
                                  "snapshot folder holding aws_configs/");
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
