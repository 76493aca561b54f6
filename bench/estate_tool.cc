// awssim_estate: writes a generated estate (bench/estate.h) as stack.yaml
// and as a describe-* snapshot, to try awssim at an account's scale:
//   awssim_estate --enis 100000 --sgs 2000 --subnets 300 --out /tmp/e100k
//   awssim check /tmp/e100k/stack.yaml
//   awssim validate /tmp/e100k/aws_configs
#include <CLI/CLI.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "bench/estate.h"
#include "model/stack_writer.h"

namespace fs = std::filesystem;

int main(int argc, char** argv) {
  awssim::bench::EstateShape shape;
  std::string out;
  std::string kind = "diverse";
  CLI::App app{"Writes a generated AWS estate as stack.yaml and describe-* JSON"};
  app.add_option("--enis", shape.enis, "network interfaces (instances)")->check(CLI::Range(1, 1000000));
  app.add_option("--sgs", shape.sgs, "security groups in all")->check(CLI::Range(4, 100000));
  app.add_option("--subnets", shape.subnets, "subnets in all (30 per VPC)")->check(CLI::Range(3, 19200));
  app.add_option("--shape", kind, "diverse (every group pair its own class) or fleet (shared groups)")
      ->check(CLI::IsMember({"diverse", "fleet"}));
  app.add_option("--seed", shape.seed, "seed of the random picks");
  app.add_option("--out", out, "folder to write stack.yaml and aws_configs/snapshot.json into")->required();
  CLI11_PARSE(app, argc, argv);
  shape.fleet = kind == "fleet";
  awssim::model::Stack s = awssim::bench::generateEstate(shape);
  std::error_code ec;
  fs::create_directories(fs::path(out) / "aws_configs", ec);
  if (ec) {
    std::cerr << "awssim_estate: cannot create " << out << ": " << ec.message() << "\n";
    return 2;
  }
  auto write = [&](const fs::path& p, const std::string& text) {
    fs::path tmp = p;
    tmp += ".tmp";
    std::ofstream f(tmp, std::ios::binary);
    f << text;
    f.close();
    if (!f) return false;
    fs::rename(tmp, p, ec);
    return !ec;
  };
  if (!write(fs::path(out) / "stack.yaml", awssim::model::writeStackYaml(s)) ||
      !write(fs::path(out) / "aws_configs" / "snapshot.json", awssim::bench::estateSnapshotJson(s))) {
    std::cerr << "awssim_estate: cannot write into " << out << "\n";
    return 2;
  }
  std::cout << s.instances.size() << " interfaces, " << s.security_groups.size() << " security groups, "
            << s.subnets.size() << " subnets, " << s.vpcs.size() << " VPCs in " << out << "\n";
  return 0;
}
