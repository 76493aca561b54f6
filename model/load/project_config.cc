#include "model/load/project_config.h"

#include <fmt/format.h>

#include "model/load/yaml_reader.h"

namespace awssim::load {

ProjectConfig loadProjectConfig(const std::string& stackPath, const model::FileSource& files, model::Diagnostics& diags) {
  ProjectConfig c;
  std::string dir = model::dirName(stackPath);
  std::string path = model::joinPath(dir, ".awssim.yaml");
  auto text = files.read(path);
  if (!text) return c;
  c.file = path;
  auto doc = parseYaml(*text, path, diags);
  if (!doc || doc->IsNull()) return c;
  YamlReader r(path, diags);
  const std::string what = "project config";
  if (!r.isMap(*doc, what)) return c;
  r.checkKeys(*doc, what, {"fail_on", "soft_fail", "baseline", "budget", "prices"});
  if (auto f = r.str(*doc, "fail_on", what)) {
    if (*f != "low" && *f != "medium" && *f != "high" && *f != "critical")
      r.error(YamlReader::get(*doc, "fail_on"), fmt::format("fail_on must be low, medium, high or critical, got '{}'", *f));
    else
      c.fail_on = *f;
  }
  c.soft_fail = r.boolean(*doc, "soft_fail", what);
  if (auto b = r.str(*doc, "baseline", what)) c.baseline = model::joinPath(dir, *b);
  if (auto p = r.str(*doc, "prices", what)) c.prices = model::joinPath(dir, *p);
  if (YAML::Node b = YamlReader::get(*doc, "budget"); b.IsDefined()) c.budget = r.toNumber(b, "budget", 0, 1e9);
  return c;
}

}  // namespace awssim::load
