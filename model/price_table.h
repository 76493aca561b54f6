// A price table: on-demand prices of one region, with the date and the
// source they were read from. Built-in tables live in data/prices/; users
// supply their own with --prices. A month is 730 hours, as Infracost counts.
#pragma once

#include <map>
#include <string>

namespace awssim::model {

struct PriceTable {
  std::string region;
  std::string currency = "USD";
  std::string date;
  std::string source;
  std::string file;  // where it was read from ("built-in" for data/prices)
  double hours_per_month = 730;
  std::map<std::string, double> ec2_instance_hour;  // by instance type, Linux
  std::map<std::string, double> ebs_gb_month;       // by volume type
  double nat_gateway_hour = 0;
  double nat_gateway_gb = 0;
  double interface_endpoint_az_hour = 0;
  double interface_endpoint_gb = 0;
  double public_ipv4_hour = 0;
  double alb_hour = 0;
  double alb_lcu_hour = 0;
  double nlb_hour = 0;
  double nlb_lcu_hour = 0;
  double route53_zone_month = 0;
  double cloud_map_instance_month = 0;
  double ecr_gb_month = 0;
  double s3_gb_month = 0;
  double data_transfer_out_gb = 0;
};

}  // namespace awssim::model
