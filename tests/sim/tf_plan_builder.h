// Small Terraform plans for tests, in the format `terraform show -json`
// writes (format_version 1.2): planned values, what is unknown until apply
// (resource_changes' after_unknown), data sources read during the plan
// (prior_state) and the configuration's expressions. Attributes not given
// an expression are written as constants.
#pragma once

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>

#include "model/file_source.h"
#include "sim_test_util.h"

namespace awssim::sim::testing {

class TfPlan {
 public:
  using Json = nlohmann::json;

  /// An expression referring to `address` (a resource, or one of its
  /// attributes: "aws_vpc.main.id"), as Terraform records it.
  static Json ref(const std::string& address) {
    Json refs = Json::array({address});
    size_t dot = address.rfind('.');
    // "aws_vpc.main.id" also names "aws_vpc.main".
    if (std::count(address.begin(), address.end(), '.') >= 2 && dot != std::string::npos)
      refs.push_back(address.substr(0, dot));
    return {{"references", refs}};
  }

  /// A managed resource. `unknown` lists attributes known only after apply
  /// (their planned values are left out); `exprs` the configuration's
  /// expressions beyond the constants.
  TfPlan& add(const std::string& address, Json values, Json exprs = Json::object(), Json unknown = Json::object()) {
    return put("managed", address, std::move(values), std::move(exprs), std::move(unknown));
  }
  /// A data source the plan has read (its values are in prior_state).
  TfPlan& data(const std::string& address, Json values) {
    return put("data", address, std::move(values), Json::object(), Json::object());
  }

  std::string text() const {
    Json doc = {{"format_version", "1.2"},
                {"terraform_version", "1.6.6"},
                {"planned_values", {{"root_module", {{"resources", planned_}}}}},
                {"resource_changes", changes_},
                {"prior_state", {{"format_version", "1.0"}, {"values", {{"root_module", {{"resources", read_}}}}}}},
                {"configuration",
                 {{"provider_config",
                   {{"aws", {{"name", "aws"}, {"full_name", "registry.terraform.io/hashicorp/aws"},
                             {"expressions", {{"region", {{"constant_value", "eu-north-1"}}}}}}}}},
                  {"root_module", {{"resources", config_}}}}}};
    return doc.dump(1);
  }

  /// Loads the plan (it must load) as plan.json, and builds its network.
  std::unique_ptr<Loaded> load() const {
    model::MemoryFileSource files;
    files.add("plan.json", text());
    // To look at a failing test's plan with the CLI.
    if (const char* dump = std::getenv("AWSSIM_TEST_DUMP_PLAN")) std::ofstream(dump) << text();
    auto l = std::make_unique<Loaded>();
    l->res = load::loadStack("plan.json", files, load::InputOptions{});
    EXPECT_TRUE(l->res.ok()) << diagText(l->res);
    if (l->res.ok()) l->net = std::make_unique<Network>(l->res.stack);
    return l;
  }

 private:
  TfPlan& put(const std::string& mode, const std::string& address, Json values, Json exprs, Json unknown) {
    std::string local = mode == "data" ? address.substr(5) : address;
    size_t dot = local.find('.');
    std::string type = local.substr(0, dot), name = local.substr(dot + 1);
    Json r = {{"address", address}, {"mode", mode}, {"type", type}, {"name", name},
              {"provider_name", "registry.terraform.io/hashicorp/aws"}, {"schema_version", 0}, {"values", values}};
    if (mode == "data") {
      read_.push_back(r);
      return *this;
    }
    planned_.push_back(r);
    changes_.push_back({{"address", address}, {"mode", mode}, {"type", type}, {"name", name},
                        {"change", {{"actions", {"create"}}, {"before", nullptr}, {"after", values},
                                    {"after_unknown", unknown}}}});
    for (const auto& [k, v] : values.items())
      if (!exprs.contains(k) && !v.is_null() && !v.is_array() && !v.is_object()) exprs[k] = {{"constant_value", v}};
    config_.push_back({{"address", address}, {"mode", mode}, {"type", type}, {"name", name},
                       {"provider_config_key", "aws"}, {"expressions", exprs}, {"schema_version", 0}});
    return *this;
  }

  Json planned_ = Json::array(), changes_ = Json::array(), read_ = Json::array(), config_ = Json::array();
};

/// A VPC 10.0.0.0/16 ("vpc-1", default route table "rtb-main", default
/// network ACL "acl-default", default group "sg-default") with an internet
/// gateway ("igw-1") and one subnet 10.0.1.0/24 ("subnet-a",
/// eu-north-1a) public by default; DNS hostnames as asked.
inline TfPlan vpcPlan(bool dnsHostnames = false) {
  TfPlan p;
  p.add("aws_vpc.main", {{"id", "vpc-1"}, {"cidr_block", "10.0.0.0/16"}, {"default_route_table_id", "rtb-main"},
                         {"main_route_table_id", "rtb-main"}, {"default_network_acl_id", "acl-default"},
                         {"default_security_group_id", "sg-default"}, {"enable_dns_support", true},
                         {"enable_dns_hostnames", dnsHostnames}});
  p.add("aws_internet_gateway.igw", {{"id", "igw-1"}, {"vpc_id", "vpc-1"}});
  p.add("aws_subnet.a", {{"id", "subnet-a"}, {"vpc_id", "vpc-1"}, {"cidr_block", "10.0.1.0/24"},
                         {"availability_zone", "eu-north-1a"}, {"map_public_ip_on_launch", true}});
  return p;
}

}  // namespace awssim::sim::testing
