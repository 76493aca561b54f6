// Offline evaluation of a template: parameters, conditions, mappings and the
// intrinsic functions, in both spellings (`!Ref X` and `{"Ref": "X"}`).
// Deploy-time values (a resource's ID, an EIP's address) are deterministic
// placeholders derived from the logical ID, so the same template gives the
// same model every time.
#include <fmt/format.h>

#include <algorithm>

#include "model/aws_ranges.h"
#include "model/load/cfn_internal.h"
#include "model/load/yaml_reader.h"
#include "model/net.h"

namespace awssim::load::cfn {

namespace {

// Deep enough for any real template; a hostile one stops here.
constexpr int kMaxDepth = 64;

const Json& noValue() {
  static const Json v = Json::object({{"\x01novalue", true}});
  return v;
}
bool isNoValue(const Json& v) { return v.is_object() && v.contains("\x01novalue"); }

std::string scalarText(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_number()) return v.dump();
  return "";
}

}  // namespace

Location CfnStack::loc(const YAML::Node& n) const {
  if (!n.IsDefined() || n.Mark().is_null()) return {path_, 1, 1};
  return {path_, n.Mark().line + 1, n.Mark().column + 1};
}

void CfnStack::error(const YAML::Node& n, const std::string& msg) { s_.diags.error(loc(n), msg); }
void CfnStack::warning(const YAML::Node& n, const std::string& msg) { s_.diags.warning(loc(n), msg); }

Json CfnStack::eval(const YAML::Node& n, int depth, bool ignoreTag) {
  if (depth > kMaxDepth) {
    error(n, "expression nested too deeply");
    throw EvalError{};
  }
  const std::string& tag = n.Tag();
  if (!ignoreTag && !tag.empty() && tag[0] == '!' && tag.size() > 1) {
    std::string fn = tag.substr(1);
    if (fn != "Ref" && fn != "Condition") fn = "Fn::" + fn;
    return evalFn(fn, n, n, depth);
  }
  if (n.IsMap()) {
    if (n.size() == 1) {
      std::string key = n.begin()->first.Scalar();
      if (key == "Ref" || key.rfind("Fn::", 0) == 0 || key == "Condition") return evalFn(key, n.begin()->second, n, depth);
    }
    Json out = Json::object();
    for (const auto& kv : n) {
      Json v = eval(kv.second, depth + 1);
      if (!isNoValue(v)) out[kv.first.Scalar()] = std::move(v);
    }
    return out;
  }
  if (n.IsSequence()) {
    Json out = Json::array();
    for (const auto& x : n) {
      Json v = eval(x, depth + 1);
      if (!isNoValue(v)) out.push_back(std::move(v));
    }
    return out;
  }
  if (n.IsScalar()) return n.Scalar();
  return nullptr;
}

namespace {

/// The argument of a function as a list of nodes, or an error.
std::vector<YAML::Node> argList(CfnStack& st, const YAML::Node& arg, const std::string& fn, size_t min, size_t max) {
  if (!arg.IsSequence() || arg.size() < min || arg.size() > max) {
    st.error(arg, min == max ? fmt::format("{} takes a list of {} items", fn, min)
                             : fmt::format("{} takes a list of {} to {} items", fn, min, max));
    throw EvalError{};
  }
  std::vector<YAML::Node> out;
  for (const auto& x : arg) out.push_back(x);
  return out;
}

std::string needString(CfnStack& st, const Json& v, const YAML::Node& at, const std::string& what) {
  if (v.is_string() || v.is_number() || v.is_boolean()) return scalarText(v);
  st.error(at, fmt::format("{} must be a string, got {}", what, v.is_array() ? "a list" : v.is_object() ? "a mapping" : "nothing"));
  throw EvalError{};
}

bool needBool(CfnStack& st, const Json& v, const YAML::Node& at, const std::string& what) {
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_string() && (v == "true" || v == "false")) return v == "true";
  st.error(at, fmt::format("{} must be a condition (true or false)", what));
  throw EvalError{};
}

}  // namespace

Json CfnStack::evalFn(const std::string& fn, const YAML::Node& arg, const YAML::Node& at, int depth) {
  // Short tags carry the argument in the tagged node itself: evaluating the
  // argument as a whole reads past its tag (the document is never changed:
  // yaml-cpp's Node assignment would write through to it).
  bool tagged = &arg == &at && !arg.Tag().empty() && arg.Tag()[0] == '!';
  auto evalArg = [&](const YAML::Node& x) { return eval(x, depth + 1, tagged && x.is(arg)); };
  const YAML::Node& a = arg;
  if (fn == "Ref") {
    if (!a.IsScalar()) {
      error(at, "Ref takes the name of a parameter or resource");
      throw EvalError{};
    }
    return ref(a.Scalar(), at);
  }
  if (fn == "Condition") {
    if (!a.IsScalar()) {
      error(at, "Condition takes a condition's name");
      throw EvalError{};
    }
    return condition(a.Scalar(), loc(at), depth + 1);
  }
  if (fn == "Fn::GetAtt") {
    std::string res, attr;
    if (a.IsScalar()) {
      auto dot = a.Scalar().find('.');
      if (dot == std::string::npos) {
        error(at, "Fn::GetAtt takes 'Resource.Attribute'");
        throw EvalError{};
      }
      res = a.Scalar().substr(0, dot);
      attr = a.Scalar().substr(dot + 1);
    } else {
      auto l = argList(*this, a, fn, 2, 2);
      res = needString(*this, evalArg(l[0]), l[0], "Fn::GetAtt's resource");
      attr = needString(*this, evalArg(l[1]), l[1], "Fn::GetAtt's attribute");
    }
    return getAtt(res, attr, at);
  }
  if (fn == "Fn::Sub") return sub(a, at, depth);
  if (fn == "Fn::Join") {
    auto l = argList(*this, a, fn, 2, 2);
    std::string delim = needString(*this, evalArg(l[0]), l[0], "Fn::Join's delimiter");
    Json items = evalArg(l[1]);
    if (!items.is_array()) {
      error(l[1], "Fn::Join's second item must be a list");
      throw EvalError{};
    }
    std::string out;
    for (size_t i = 0; i < items.size(); ++i) out += (i ? delim : "") + needString(*this, items[i], l[1], "Fn::Join's items");
    return out;
  }
  if (fn == "Fn::Select") {
    auto l = argList(*this, a, fn, 2, 2);
    auto idx = model::parseInt(needString(*this, evalArg(l[0]), l[0], "Fn::Select's index"));
    Json items = evalArg(l[1]);
    if (!items.is_array()) {
      error(l[1], "Fn::Select's second item must be a list");
      throw EvalError{};
    }
    if (!idx || *idx < 0 || static_cast<size_t>(*idx) >= items.size()) {
      error(l[0], fmt::format("Fn::Select index is out of range (the list has {} items)", items.size()));
      throw EvalError{};
    }
    return items[static_cast<size_t>(*idx)];
  }
  if (fn == "Fn::Split") {
    auto l = argList(*this, a, fn, 2, 2);
    std::string delim = needString(*this, evalArg(l[0]), l[0], "Fn::Split's delimiter");
    std::string text = needString(*this, evalArg(l[1]), l[1], "Fn::Split's string");
    Json out = Json::array();
    if (delim.empty()) {
      out.push_back(text);
      return out;
    }
    size_t start = 0;
    for (size_t pos; (pos = text.find(delim, start)) != std::string::npos; start = pos + delim.size())
      out.push_back(text.substr(start, pos - start));
    out.push_back(text.substr(start));
    return out;
  }
  if (fn == "Fn::GetAZs") {
    std::string region = a.IsScalar() ? a.Scalar() : needString(*this, evalArg(a), a, "Fn::GetAZs's region");
    if (region.empty()) region = s_.stack.region;
    auto zones = model::availabilityZones(region);
    if (zones.empty()) {
      error(at, fmt::format("Fn::GetAZs: unknown region '{}'", region));
      throw EvalError{};
    }
    return Json(zones);
  }
  if (fn == "Fn::Cidr") {
    auto l = argList(*this, a, fn, 3, 3);
    std::string block = needString(*this, evalArg(l[0]), l[0], "Fn::Cidr's block");
    auto count = model::parseInt(needString(*this, evalArg(l[1]), l[1], "Fn::Cidr's count"));
    auto bits = model::parseInt(needString(*this, evalArg(l[2]), l[2], "Fn::Cidr's size"));
    auto c = model::parseCidr(block);
    // Fn::Cidr makes 1 to 256 blocks of cidrBits host bits each.
    if (!c) {
      error(l[0], fmt::format("Fn::Cidr: '{}' is not an IPv4 CIDR block", block));
      throw EvalError{};
    }
    if (!count || *count < 1 || *count > 256 || !bits || *bits < 1 || *bits > 32 - c->len) {
      error(at, "Fn::Cidr needs a count of 1-256 and a size in host bits that fits the block");
      throw EvalError{};
    }
    uint64_t size = uint64_t{1} << *bits;
    uint64_t room = uint64_t{1} << (32 - c->len);
    if (size * static_cast<uint64_t>(*count) > room) {
      error(at, fmt::format("Fn::Cidr: {} blocks of /{} do not fit in {}", *count, 32 - *bits, c->str()));
      throw EvalError{};
    }
    Json out = Json::array();
    for (int i = 0; i < *count; ++i)
      out.push_back(model::Cidr{static_cast<model::Ipv4>(c->first() + size * static_cast<uint64_t>(i)), 32 - *bits}.str());
    return out;
  }
  if (fn == "Fn::FindInMap") {
    auto l = argList(*this, a, fn, 3, 4);
    std::string names[3];
    for (int i = 0; i < 3; ++i) names[i] = needString(*this, evalArg(l[static_cast<size_t>(i)]), l[static_cast<size_t>(i)], "Fn::FindInMap's keys");
    YAML::Node m = YamlReader::get(mappings_, names[0].c_str());
    YAML::Node top = YamlReader::get(m, names[1].c_str());
    YAML::Node v = YamlReader::get(top, names[2].c_str());
    if (!v.IsDefined()) {
      if (l.size() == 4) return evalArg(YamlReader::get(l[3], "DefaultValue"));
      error(at, fmt::format("Fn::FindInMap: mapping {} has no {} / {}", names[0], names[1], names[2]));
      throw EvalError{};
    }
    return evalArg(v);
  }
  if (fn == "Fn::If") {
    auto l = argList(*this, a, fn, 3, 3);
    if (!l[0].IsScalar()) {
      error(l[0], "Fn::If's first item is a condition's name");
      throw EvalError{};
    }
    return evalArg(condition(l[0].Scalar(), loc(l[0]), depth + 1) ? l[1] : l[2]);
  }
  if (fn == "Fn::Equals") {
    auto l = argList(*this, a, fn, 2, 2);
    Json x = evalArg(l[0]), y = evalArg(l[1]);
    bool same = (x.is_primitive() && y.is_primitive()) ? scalarText(x) == scalarText(y) : x == y;
    return same;
  }
  if (fn == "Fn::And" || fn == "Fn::Or") {
    auto l = argList(*this, a, fn, 2, 10);
    bool acc = fn == "Fn::And";
    for (const auto& x : l) {
      bool v = needBool(*this, evalArg(x), x, fn + "'s items");
      acc = fn == "Fn::And" ? (acc && v) : (acc || v);
    }
    return acc;
  }
  if (fn == "Fn::Not") {
    auto l = argList(*this, a, fn, 1, 1);
    return !needBool(*this, evalArg(l[0]), l[0], "Fn::Not's item");
  }
  if (fn == "Fn::Base64") {
    // The text itself: awssim reads user data as the script it is.
    return evalArg(a);
  }
  if (fn == "Fn::ImportValue") {
    std::string name = needString(*this, evalArg(a), a, "Fn::ImportValue's name");
    auto given = s_.options.exports.find(name);
    if (given != s_.options.exports.end()) return given->second;
    for (auto& st : s_.stacks) {
      if (!st->outputs_.IsMap()) continue;
      for (const auto& kv : st->outputs_) {
        YAML::Node exp = YamlReader::get(YamlReader::get(kv.second, "Export"), "Name");
        if (!exp.IsDefined()) continue;
        Json en;
        try {
          en = st->eval(exp);
        } catch (const EvalError&) {
          continue;
        }
        if (scalarText(en) == name) {
          auto v = st->output(kv.first.Scalar(), loc(at));
          if (!v) throw EvalError{};
          return *v;
        }
      }
    }
    error(at, fmt::format("Fn::ImportValue: no template loaded here exports '{}'; load the exporting template too, "
                          "or give the value under cloudformation: exports",
                          name));
    throw EvalError{};
  }
  if (fn == "Fn::Length") {
    Json v = evalArg(a);
    if (!v.is_array()) {
      error(at, "Fn::Length takes a list");
      throw EvalError{};
    }
    return std::to_string(v.size());
  }
  if (fn == "Fn::ToJsonString") return evalArg(a).dump();
  error(at, fmt::format("'{}' is not an intrinsic function awssim evaluates", fn));
  throw EvalError{};
}

Json CfnStack::sub(const YAML::Node& arg, const YAML::Node& at, int depth) {
  std::string text;
  std::map<std::string, Json> vars;
  if (arg.IsScalar()) {
    text = arg.Scalar();
  } else {
    auto l = argList(*this, arg, "Fn::Sub", 2, 2);
    text = needString(*this, eval(l[0], depth + 1), l[0], "Fn::Sub's string");
    if (!l[1].IsMap()) {
      error(l[1], "Fn::Sub's second item must be a mapping of variables");
      throw EvalError{};
    }
    for (const auto& kv : l[1]) vars[kv.first.Scalar()] = eval(kv.second, depth + 1);
  }
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t open = text.find("${", i);
    if (open == std::string::npos) {
      out += text.substr(i);
      break;
    }
    out += text.substr(i, open - i);
    size_t close = text.find('}', open + 2);
    if (close == std::string::npos) {
      out += text.substr(open);
      break;
    }
    std::string name = text.substr(open + 2, close - open - 2);
    i = close + 1;
    if (!name.empty() && name[0] == '!') {  // ${!Literal} writes ${Literal}
      out += "${" + name.substr(1) + "}";
      continue;
    }
    while (!name.empty() && name.front() == ' ') name.erase(0, 1);
    while (!name.empty() && name.back() == ' ') name.pop_back();
    Json v;
    if (auto it = vars.find(name); it != vars.end()) v = it->second;
    else if (auto dot = name.find('.'); dot != std::string::npos && name.rfind("AWS::", 0) != 0)
      v = getAtt(name.substr(0, dot), name.substr(dot + 1), at);
    else v = ref(name, at);
    out += needString(*this, v, at, fmt::format("Fn::Sub's ${{{}}}", name));
  }
  return out;
}

Json CfnStack::ref(const std::string& name, const YAML::Node& at) {
  const std::string& region = s_.stack.region;
  if (name == "AWS::Region") return region;
  if (name == "AWS::AccountId") return s_.options.account_id;
  if (name == "AWS::StackName") return stack_name_;
  if (name == "AWS::StackId")
    return fmt::format("arn:aws:cloudformation:{}:{}:stack/{}/{}", region, s_.options.account_id, stack_name_,
                       hexId(path_ + stack_name_));
  if (name == "AWS::Partition") return "aws";
  if (name == "AWS::URLSuffix") return "amazonaws.com";
  if (name == "AWS::NoValue") return noValue();
  if (name == "AWS::NotificationARNs") return Json::array();
  if (auto it = params_.find(name); it != params_.end()) return it->second;
  YAML::Node res = resourceNode(name);
  if (res.IsDefined()) {
    if (!resourceExists(name)) {
      error(at, fmt::format("Ref to resource '{}', which its condition leaves out", name));
      throw EvalError{};
    }
    std::string type = YamlReader::get(res, "Type").IsScalar() ? YamlReader::get(res, "Type").Scalar() : "";
    if (type == "AWS::ECS::Cluster")
      if (const Json* p = props(name); p && p->contains("ClusterName")) return (*p)["ClusterName"];
    return placeholder(name, type);
  }
  std::vector<std::string> names;
  for (const auto& [k, v] : params_) names.push_back(k);
  if (resources_.IsMap())
    for (const auto& kv : resources_) names.push_back(kv.first.Scalar());
  error(at, fmt::format("Ref to '{}', which is neither a parameter nor a resource{}", name, model::didYouMean(name, names)));
  throw EvalError{};
}

bool CfnStack::resourceExists(const std::string& id) {
  YAML::Node res = resourceNode(id);
  if (!res.IsDefined()) return false;
  YAML::Node c = YamlReader::get(res, "Condition");
  return !c.IsDefined() || !c.IsScalar() || condition(c.Scalar(), loc(c));
}

const Json* CfnStack::props(const std::string& id) {
  if (auto it = evaluated_props_.find(id); it != evaluated_props_.end()) return &it->second;
  if (props_busy_.count(id) || props_failed_.count(id)) return nullptr;  // refers to itself, or reported
  props_busy_.insert(id);
  Json p = Json::object();
  YAML::Node pn = YamlReader::get(resourceNode(id), "Properties");
  if (pn.IsDefined()) {
    try {
      p = eval(pn);
    } catch (const EvalError&) {
      p = nullptr;
    }
  }
  props_busy_.erase(id);
  if (p.is_null()) {
    props_failed_.insert(id);
    return nullptr;
  }
  if (!p.is_object()) p = Json::object();
  return &(evaluated_props_[id] = std::move(p));
}

bool CfnStack::condition(const std::string& name, const Location& at, int depth) {
  if (auto it = condition_memo_.find(name); it != condition_memo_.end()) return it->second;
  if (condition_failed_.count(name)) throw EvalError{};
  YAML::Node c = YamlReader::get(conditions_, name.c_str());
  if (!c.IsDefined()) {
    std::vector<std::string> names;
    if (conditions_.IsMap())
      for (const auto& kv : conditions_) names.push_back(kv.first.Scalar());
    s_.diags.error(at, fmt::format("unknown condition '{}'{}", name, model::didYouMean(name, names)));
    throw EvalError{};
  }
  if (condition_busy_.count(name)) {
    s_.diags.error(at, fmt::format("condition '{}' depends on itself", name));
    throw EvalError{};
  }
  condition_busy_.insert(name);
  bool v;
  try {
    v = needBool(*this, eval(c, depth + 1), c, fmt::format("condition '{}'", name));
  } catch (const EvalError&) {
    condition_busy_.erase(name);
    condition_failed_.insert(name);
    throw;
  }
  condition_busy_.erase(name);
  condition_memo_[name] = v;
  return v;
}

std::optional<Json> CfnStack::output(const std::string& name, const Location& at) {
  YAML::Node o = YamlReader::get(outputs_, name.c_str());
  if (!o.IsDefined()) {
    std::vector<std::string> names;
    if (outputs_.IsMap())
      for (const auto& kv : outputs_) names.push_back(kv.first.Scalar());
    s_.diags.error(at, fmt::format("{} has no output '{}'{}", path_, name, model::didYouMean(name, names)));
    return std::nullopt;
  }
  if (output_busy_.count(name)) {
    s_.diags.error(at, fmt::format("output '{}' of {} depends on itself", name, path_));
    return std::nullopt;
  }
  output_busy_.insert(name);
  std::optional<Json> v;
  try {
    YAML::Node c = YamlReader::get(o, "Condition");
    if (c.IsDefined() && c.IsScalar() && !condition(c.Scalar(), loc(c))) {
      error(o, fmt::format("output '{}' is left out by its condition '{}'", name, c.Scalar()));
    } else {
      v = eval(YamlReader::get(o, "Value"));
    }
  } catch (const EvalError&) {
  }
  output_busy_.erase(name);
  return v;
}

}  // namespace awssim::load::cfn
