#include "model/load/price_table_loader.h"

#include <fmt/format.h>

#include "model/load/yaml_reader.h"

namespace awssim::model {
// Generated from data/prices/*.json (model/price_tables.cc.in).
const std::map<std::string, std::string>& builtinPriceTables();
}

namespace awssim::load {

using namespace model;

std::optional<PriceTable> loadPriceTable(const std::string& text, const std::string& file, Diagnostics& diags) {
  auto doc = parseJson(text, file, diags);
  if (!doc) return std::nullopt;
  YamlReader r(file, diags, /*json=*/true);
  const YAML::Node& n = *doc;
  const std::string what = "price table";
  if (!r.isMap(n, what)) return std::nullopt;
  static const std::vector<std::string> numbers = {
      "hours_per_month", "nat_gateway_hour", "nat_gateway_gb", "interface_endpoint_az_hour", "interface_endpoint_gb",
      "public_ipv4_hour", "alb_hour", "alb_lcu_hour", "nlb_hour", "nlb_lcu_hour", "route53_zone_month",
      "cloud_map_instance_month", "ecr_gb_month", "s3_gb_month", "data_transfer_out_gb"};
  std::vector<std::string> keys = {"region", "currency", "date", "source", "ec2_instance_hour", "ebs_gb_month"};
  keys.insert(keys.end(), numbers.begin(), numbers.end());
  r.checkKeys(n, what, keys);
  r.requireKeys(n, what, keys);
  PriceTable t;
  t.file = file;
  t.region = r.str(n, "region", what).value_or("");
  t.currency = r.str(n, "currency", what).value_or("USD");
  t.date = r.str(n, "date", what).value_or("");
  t.source = r.str(n, "source", what).value_or("");
  double* fields[] = {&t.hours_per_month, &t.nat_gateway_hour, &t.nat_gateway_gb, &t.interface_endpoint_az_hour,
                      &t.interface_endpoint_gb, &t.public_ipv4_hour, &t.alb_hour, &t.alb_lcu_hour, &t.nlb_hour,
                      &t.nlb_lcu_hour, &t.route53_zone_month, &t.cloud_map_instance_month, &t.ecr_gb_month,
                      &t.s3_gb_month, &t.data_transfer_out_gb};
  for (size_t i = 0; i < numbers.size(); ++i)
    if (YAML::Node v = YamlReader::get(n, numbers[i].c_str()); v.IsDefined())
      if (auto x = r.toNumber(v, numbers[i], 0, 1e6)) *fields[i] = *x;
  for (auto [key, out] : {std::pair{"ec2_instance_hour", &t.ec2_instance_hour}, std::pair{"ebs_gb_month", &t.ebs_gb_month}}) {
    YAML::Node m = YamlReader::get(n, key);
    if (!m.IsDefined() || !r.isMap(m, key)) continue;
    for (auto it = m.begin(); it != m.end(); ++it)
      if (auto x = r.toNumber(it->second, fmt::format("{} '{}'", key, it->first.Scalar()), 0, 1e6))
        (*out)[it->first.Scalar()] = *x;
  }
  diags.sort();
  if (diags.hasErrors()) return std::nullopt;
  return t;
}

std::optional<PriceTable> builtinPriceTable(const std::string& region) {
  const auto& tables = model::builtinPriceTables();
  auto it = tables.find(region);
  if (it == tables.end()) return std::nullopt;
  Diagnostics d;
  auto t = loadPriceTable(it->second, "data/prices/" + region + ".json", d);
  if (t) t->file = "built-in (data/prices/" + region + ".json)";
  return t;
}

std::vector<std::string> builtinPriceRegions() {
  std::vector<std::string> out;
  for (const auto& [r, text] : model::builtinPriceTables()) out.push_back(r);
  return out;
}

}  // namespace awssim::load
