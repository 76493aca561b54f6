// Offline evaluation of a template: parameters, conditions, mappings and the
// intrinsic functions, in both spellings (`!Ref X` and `{"Ref": "X"}`).
// Deploy-time values (a resource's ID, an EIP's address) are deterministic
// placeholders derived from the logical ID, so the same template gives the
// same model every time.
#include <fmt/format.h>

#include <algorithm>
#include <regex>

#include "model/aws_ranges.h"
#include "model/load/cfn_internal.h"
#include "model/load/yaml_reader.h"
#include "model/net.h"
#include "model/regex_limits.h"

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

// Ref's placeholder by resource type: the prefix of the real ID.
const std::map<std::string, std::string>& idPrefixes() {
  static const std::map<std::string, std::string> m = {
      {"AWS::EC2::VPC", "vpc-"}, {"AWS::EC2::Subnet", "subnet-"}, {"AWS::EC2::SecurityGroup", "sg-"},
      {"AWS::EC2::RouteTable", "rtb-"}, {"AWS::EC2::InternetGateway", "igw-"}, {"AWS::EC2::NatGateway", "nat-"},
      {"AWS::EC2::NetworkAcl", "acl-"}, {"AWS::EC2::VPCEndpoint", "vpce-"}, {"AWS::EC2::Instance", "i-"},
      {"AWS::EC2::NetworkInterface", "eni-"}, {"AWS::EC2::VPCPeeringConnection", "pcx-"},
      {"AWS::EC2::TransitGateway", "tgw-"}, {"AWS::EC2::TransitGatewayAttachment", "tgw-attach-"},
      {"AWS::EC2::TransitGatewayVpcAttachment", "tgw-attach-"}, {"AWS::EC2::TransitGatewayRouteTable", "tgw-rtb-"},
      {"AWS::EC2::PrefixList", "pl-"}, {"AWS::EC2::LaunchTemplate", "lt-"},
      {"AWS::EC2::InstanceConnectEndpoint", "eice-"}, {"AWS::EC2::SubnetRouteTableAssociation", "rtbassoc-"},
      {"AWS::EC2::VPCGatewayAttachment", "igw-attach-"}, {"AWS::ServiceDiscovery::PrivateDnsNamespace", "ns-"},
      {"AWS::ServiceDiscovery::PublicDnsNamespace", "ns-"}, {"AWS::ServiceDiscovery::HttpNamespace", "ns-"},
      {"AWS::ServiceDiscovery::Service", "srv-"}, {"AWS::EC2::VPCCidrBlock", "vpc-cidr-assoc-"}};
  return m;
}

}  // namespace

std::string hexId(const std::string& seed) {
  // FNV-1a, twice with different offsets, for 17 hex digits like EC2's IDs.
  uint64_t a = 14695981039346656037ull, b = 1099511628211ull * 31;
  for (unsigned char c : seed) {
    a = (a ^ c) * 1099511628211ull;
    b = (b ^ c) * 1099511628211ull + 7;
  }
  return fmt::format("{:016x}{:x}", a, b & 0xf);
}

std::string CfnStack::placeholder(const std::string& id, const std::string& type) const {
  std::string h = hexId(path_ + "#" + prefix_ + id);
  auto it = idPrefixes().find(type);
  if (it != idPrefixes().end()) return it->second + h;
  const std::string& region = s_.stack.region;
  const std::string& acct = s_.options.account_id;
  if (type == "AWS::EC2::EIP") {
    // An EIP's Ref is its address: one from 198.18.0.0/15 (RFC 2544,
    // benchmarking), which no real deployment uses.
    uint32_t n = 0;
    for (char c : h.substr(0, 5)) n = n * 16 + static_cast<uint32_t>(c <= '9' ? c - '0' : c - 'a' + 10);
    return model::formatIpv4(0xc6120000u + (n & 0x1ffff));
  }
  if (type == "AWS::ElasticLoadBalancingV2::LoadBalancer")
    return fmt::format("arn:aws:elasticloadbalancing:{}:{}:loadbalancer/app/{}/{}", region, acct, id, h.substr(0, 16));
  if (type == "AWS::ElasticLoadBalancingV2::TargetGroup")
    return fmt::format("arn:aws:elasticloadbalancing:{}:{}:targetgroup/{}/{}", region, acct, id, h.substr(0, 16));
  if (type == "AWS::ElasticLoadBalancingV2::Listener")
    return fmt::format("arn:aws:elasticloadbalancing:{}:{}:listener/app/{}/{}", region, acct, id, h.substr(0, 16));
  if (type == "AWS::ECS::TaskDefinition")
    return fmt::format("arn:aws:ecs:{}:{}:task-definition/{}:1", region, acct, prefix_ + id);
  if (type == "AWS::ECS::Service") return fmt::format("arn:aws:ecs:{}:{}:service/{}", region, acct, prefix_ + id);
  if (type == "AWS::Route53::HostedZone") {
    std::string z = "Z" + h.substr(0, 13);
    std::transform(z.begin(), z.end(), z.begin(), ::toupper);
    return z;
  }
  if (type == "AWS::CloudFormation::Stack")
    return fmt::format("arn:aws:cloudformation:{}:{}:stack/{}-{}/{}", region, acct, stack_name_, id, h);
  // ECS clusters, capacity providers, log groups, roles ...: a name.
  return fmt::format("{}-{}-{}", stack_name_, id, h.substr(0, 12));
}

Location CfnStack::loc(const YAML::Node& n) const {
  if (!n.IsDefined() || n.Mark().is_null()) return {path_, 0, 0};
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
    return getAtt(res, attr, at, depth);
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
      v = getAtt(name.substr(0, dot), name.substr(dot + 1), at, depth + 1);
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

Json CfnStack::getAtt(const std::string& res, const std::string& attr, const YAML::Node& at, int depth) {
  (void)depth;
  YAML::Node r = resourceNode(res);
  if (!r.IsDefined()) {
    std::vector<std::string> names;
    if (resources_.IsMap())
      for (const auto& kv : resources_) names.push_back(kv.first.Scalar());
    error(at, fmt::format("Fn::GetAtt of '{}', which is not a resource of this template{}", res, model::didYouMean(res, names)));
    throw EvalError{};
  }
  if (!resourceExists(res)) {
    error(at, fmt::format("Fn::GetAtt of resource '{}', which its condition leaves out", res));
    throw EvalError{};
  }
  std::string type = YamlReader::get(r, "Type").IsScalar() ? YamlReader::get(r, "Type").Scalar() : "";
  if (type == "AWS::CloudFormation::Stack" && attr.rfind("Outputs.", 0) == 0) {
    CfnStack* c = child(res, at);
    if (!c) throw EvalError{};
    auto v = c->output(attr.substr(8), loc(at));
    if (!v) throw EvalError{};
    return *v;
  }
  auto fromProps = [&](const char* key) -> std::optional<Json> {
    const Json* p = props(res);
    if (p && p->contains(key)) return (*p)[key];
    return std::nullopt;
  };
  std::string id = placeholder(res, type);
  std::string h = hexId(path_ + "#" + prefix_ + res + "." + attr);
  static const std::set<std::string> idAttrs = {
      "GroupId", "SubnetId", "Id", "RouteTableId", "NetworkInterfaceId", "InstanceId", "NatGatewayId",
      "TransitGatewayId", "PrefixListId", "LaunchTemplateId", "LoadBalancerArn", "TargetGroupArn", "ListenerArn",
      "TaskDefinitionArn", "ServiceArn", "VpcEndpointId", "InternetGatewayId", "NetworkAclId"};
  if (idAttrs.count(attr) || (attr == "VpcId" && type == "AWS::EC2::VPC") ||
      (attr == "Arn" && type.rfind("AWS::ElasticLoadBalancingV2", 0) == 0))
    return id;
  if (type == "AWS::EC2::SecurityGroup" && attr == "VpcId") {
    if (auto v = fromProps("VpcId")) return *v;
  }
  if (attr == "CidrBlock" || attr == "AvailabilityZone" || attr == "VpcId") {
    if (auto v = fromProps(attr.c_str())) return *v;
  }
  if (type == "AWS::EC2::VPC") {
    if (attr == "CidrBlockAssociations") return Json::array({"vpc-cidr-assoc-" + h});
    if (attr == "DefaultSecurityGroup") return "sg-" + hexId(id + "#default");
    if (attr == "DefaultNetworkAcl") return "acl-" + hexId(id + "#default");
    if (attr == "Ipv6CidrBlocks") return Json::array();
  }
  if (type == "AWS::EC2::Instance" || type == "AWS::EC2::NetworkInterface") {
    if (attr == "PrivateIp" || attr == "PrimaryPrivateIpAddress") {
      if (auto v = fromProps("PrivateIpAddress")) return *v;
      return "unknown-private-ip-" + h.substr(0, 8);
    }
    if (attr == "PublicIp") return "unknown-public-ip-" + h.substr(0, 8);
    if (attr == "PrivateDnsName" || attr == "PublicDnsName") return fmt::format("ip-{}.ec2.internal", h.substr(0, 8));
  }
  if (type == "AWS::EC2::EIP") {
    if (attr == "AllocationId") return "eipalloc-" + hexId(id);
    if (attr == "PublicIp") return id;
  }
  if (type == "AWS::ElasticLoadBalancingV2::LoadBalancer") {
    if (attr == "DNSName")
      return fmt::format("{}-{}.{}.elb.amazonaws.com", res.substr(0, 20), h.substr(0, 10), s_.stack.region);
    if (attr == "LoadBalancerFullName") return "app/" + res + "/" + h.substr(0, 16);
    if (attr == "LoadBalancerName") return res;
    if (attr == "CanonicalHostedZoneID") return "Z35SXDOTRQ7X7K";
    if (attr == "SecurityGroups") {
      if (auto v = fromProps("SecurityGroups")) return *v;
      return Json::array();
    }
  }
  if (type == "AWS::ElasticLoadBalancingV2::TargetGroup") {
    if (attr == "TargetGroupFullName") return "targetgroup/" + res + "/" + h.substr(0, 16);
    if (attr == "TargetGroupName") return res;
    if (attr == "LoadBalancerArns") return Json::array();
  }
  if (type == "AWS::ECS::Cluster" && attr == "Arn")
    return fmt::format("arn:aws:ecs:{}:{}:cluster/{}", s_.stack.region, s_.options.account_id,
                       scalarText(ref(res, at)));
  if (type == "AWS::ECS::Service" && attr == "Name") return prefix_ + res;
  if (type == "AWS::ServiceDiscovery::Service" && attr == "Arn")
    return fmt::format("arn:aws:servicediscovery:{}:{}:service/{}", s_.stack.region, s_.options.account_id, id);
  if (type == "AWS::ServiceDiscovery::PrivateDnsNamespace" && attr == "Id") return id;
  if (attr == "Arn") return fmt::format("arn:aws:{}:{}:{}", type, s_.options.account_id, prefix_ + res);
  // Anything else is a value known only after deployment.
  return fmt::format("unknown-{}-{}", attr, h.substr(0, 8));
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
  if (pattern.IsScalar() && model::regexSafe(pattern.Scalar())) {
    try {
      std::regex re(pattern.Scalar());
      for (const auto& x : values)
        if (model::regexSafe(x) && !std::regex_match(x, re))
          s_.diags.error(where, fmt::format("parameter '{}' value '{}' does not match its AllowedPattern {}", name, x,
                                            pattern.Scalar()));
    } catch (const std::regex_error&) {
      warning(pattern, fmt::format("parameter '{}' AllowedPattern is not a regular expression awssim reads; not checked", name));
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
  root_ = root;
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
