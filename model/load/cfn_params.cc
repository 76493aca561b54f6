// A template's sections and its parameter values: Default, the values given
// (--param, a parameters file, a parent stack, the sidecar), list types,
// AllowedValues, AllowedPattern and Number, and placeholders for parameters
// that name something existing before the stack (AWS::EC2::*::Id ...).
#include <fmt/format.h>

#include <algorithm>
#include <re2/re2.h>

#include "model/load/cfn_internal.h"
#include "model/load/yaml_reader.h"
#include "model/net.h"

namespace awssim::load::cfn {

namespace {

std::string scalarText(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_number()) return v.dump();
  return "";
}

}  // namespace

Json CfnStack::parameterValue(const std::string& name, const YAML::Node& decl, const Json* given,
                              const Location& givenLoc) {
  std::string type = YamlReader::get(decl, "Type").IsScalar() ? YamlReader::get(decl, "Type").Scalar() : "String";
  bool isList = type.rfind("List<", 0) == 0 || type == "CommaDelimitedList";
  Json v;
  Location where = givenLoc.known() ? givenLoc : loc(decl);
  if (given) {
    v = *given;
  } else if (YAML::Node d = YamlReader::get(decl, "Default"); d.IsDefined()) {
    v = eval(d);
    where = loc(d);
  } else if (type.rfind("AWS::EC2::", 0) == 0 || type.rfind("List<AWS::EC2::", 0) == 0 || type.rfind("AWS::SSM::", 0) == 0 ||
             type.rfind("AWS::Route53::", 0) == 0) {
    // An existing resource the template deploys into: a placeholder unless
    // the network is loaded alongside (then the value names it).
    std::string p = type.find("VPC::Id") != std::string::npos      ? "vpc-"
                    : type.find("Subnet::Id") != std::string::npos ? "subnet-"
                    : type.find("SecurityGroup::Id") != std::string::npos ? "sg-"
                                                                           : "param-";
    s_.diags.warning(loc(decl), fmt::format("parameter '{}' ({}) has no value; it stands for something that exists "
                                            "before the stack (give it with --param {}=VALUE or a parameters file)",
                                            name, type, name));
    std::string ph = p + hexId(path_ + "#param#" + name);
    v = isList ? Json::array({ph}) : Json(ph);
    return v;
  } else {
    s_.diags.error(loc(decl), fmt::format("parameter '{}' has no value: give it with --param {}=VALUE, a parameters "
                                          "file, or the stack's cloudformation: parameters", name, name));
    throw EvalError{};
  }
  if (isList && v.is_string()) {
    Json out = Json::array();
    std::string text = v.get<std::string>();
    size_t start = 0;
    for (size_t pos; (pos = text.find(',', start)) != std::string::npos; start = pos + 1) out.push_back(text.substr(start, pos - start));
    if (!text.empty()) out.push_back(text.substr(start));
    v = out;
  }
  std::vector<std::string> values;
  if (v.is_array())
    for (const auto& x : v) values.push_back(scalarText(x));
  else
    values.push_back(scalarText(v));
  YAML::Node allowed = YamlReader::get(decl, "AllowedValues");
  if (allowed.IsSequence())
    for (const auto& x : values) {
      bool ok = false;
      std::vector<std::string> opts;
      for (const auto& a : allowed) {
        opts.push_back(a.IsScalar() ? a.Scalar() : "");
        ok = ok || (a.IsScalar() && a.Scalar() == x);
      }
      if (!ok)
        s_.diags.error(where, fmt::format("parameter '{}' value '{}' is not one of its AllowedValues ({}){}", name, x,
                                          model::joinNames(opts), model::didYouMean(x, opts)));
    }
  YAML::Node pattern = YamlReader::get(decl, "AllowedPattern");
  if (pattern.IsScalar()) {
    // The template's own pattern, run by RE2: linear time whatever it says.
    RE2 re(pattern.Scalar(), RE2::Quiet);
    if (!re.ok()) {
      warning(pattern, fmt::format("parameter '{}' AllowedPattern is not a regular expression awssim reads ({}); not "
                                   "checked", name, re.error()));
    } else {
      for (const auto& x : values)
        if (!RE2::FullMatch(x, re))
          s_.diags.error(where, fmt::format("parameter '{}' value '{}' does not match its AllowedPattern {}", name, x,
                                            pattern.Scalar()));
    }
  }
  if (type == "Number")
    for (const auto& x : values)
      if (!model::parseInt(x)) {
        bool number = !x.empty() && x.find_first_not_of("0123456789.-") == std::string::npos;
        if (!number) s_.diags.error(where, fmt::format("parameter '{}' is a Number, got '{}'", name, x));
      }
  return v;
}

bool CfnStack::load(const YAML::Node& root, const std::map<std::string, Json>& given,
                    const std::map<std::string, Location>& givenLocs) {
  dir_ = model::dirName(path_);
  if (!root.IsMap()) {
    error(root, "a CloudFormation template must be a mapping with Resources");
    return false;
  }
  static const std::vector<std::string> keys = {"AWSTemplateFormatVersion", "Description", "Metadata", "Parameters",
                                                "Rules", "Mappings", "Conditions", "Transform", "Resources", "Outputs"};
  for (const auto& kv : root) {
    std::string k = kv.first.Scalar();
    if (std::find(keys.begin(), keys.end(), k) == keys.end())
      warning(kv.first, fmt::format("'{}' is not a template section{}; ignored", k, model::didYouMean(k, keys)));
  }
  if (YAML::Node t = YamlReader::get(root, "Transform"); t.IsDefined())
    warning(t, "Transform (macros such as AWS::Serverless) is expanded by CloudFormation at deploy time; awssim reads "
               "the template as written");
  resources_ = YamlReader::get(root, "Resources");
  conditions_ = YamlReader::get(root, "Conditions");
  mappings_ = YamlReader::get(root, "Mappings");
  outputs_ = YamlReader::get(root, "Outputs");
  if (!resources_.IsMap()) {
    error(root, "the template has no Resources mapping");
    return false;
  }
  for (const auto& kv : resources_) resource_index_.emplace(kv.first.Scalar(), kv.second);
  YAML::Node params = YamlReader::get(root, "Parameters");
  bool ok = true;
  if (params.IsMap()) {
    for (const auto& kv : params) {
      std::string name = kv.first.Scalar();
      auto it = given.find(name);
      auto lit = givenLocs.find(name);
      try {
        params_[name] = parameterValue(name, kv.second, it == given.end() ? nullptr : &it->second,
                                       lit == givenLocs.end() ? Location{} : lit->second);
      } catch (const EvalError&) {
        ok = false;
      }
    }
  }
  for (const auto& [name, v] : given)
    if (!params.IsMap() || !YamlReader::get(params, name.c_str()).IsDefined()) {
      auto lit = givenLocs.find(name);
      s_.diags.warning(lit == givenLocs.end() ? Location{path_, 0, 0} : lit->second,
                       fmt::format("{} has no parameter '{}'; the value is not used", path_, name));
    }
  return ok;
}

}  // namespace awssim::load::cfn
