// End-to-end: describe-* snapshots as input to every command, and `awssim
// import` writing a stack.yaml that loads and answers exactly as the
// snapshot does.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

#include "run.h"

namespace {

using awssim::e2e::run;
namespace fs = std::filesystem;

const std::string kBatfish = std::string(AWSSIM_SHARED_DIR) + "/upstream/batfish-aws/";

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

/// Query JSON without source locations, which name the snapshot's JSON on
/// one side and the written stack.yaml on the other.
nlohmann::json withoutLocations(nlohmann::json j) {
  if (j.is_object()) {
    j.erase("location");
    for (auto& [k, v] : j.items()) v = withoutLocations(v);
  } else if (j.is_array()) {
    for (auto& v : j) v = withoutLocations(v);
  }
  return j;
}

TEST(Snapshot, EveryCommandTakesTheFolderOrAwsConfigs) {
  std::string snap = kBatfish + "test-nat-gateway";
  auto q = run("query " + snap + " --from i-0a128d26e59be60f3 --to 8.8.8.8:80/tcp", false);
  EXPECT_EQ(q.code, 0) << q.out;
  EXPECT_NE(q.out.find("i-0a128d26e59be60f3 -> 8.8.8.8:80/tcp: reachable (EXITS_NETWORK)"), std::string::npos) << q.out;
  auto q2 = run("query " + snap + "/aws_configs --from i-0a128d26e59be60f3 --to 8.8.8.8:80/tcp", false);
  EXPECT_EQ(q2.out, q.out);
  // By Name tag as well as by ID.
  auto json = nlohmann::json::parse(run("query " + snap + " --from i-0a128d26e59be60f3 --to 8.8.8.8:80 --json", false).out);
  EXPECT_EQ(json["disposition"], "EXITS_NETWORK");
  auto check = run("check " + snap + " --soft-fail", true);
  EXPECT_EQ(check.code, 0) << check.out;
  EXPECT_NE(check.out.find("stack " + snap + " (region us-east-2"), std::string::npos) << check.out.substr(0, 300);
  EXPECT_EQ(run("matrix " + snap).code, 0);
  EXPECT_EQ(run("graph " + snap).code, 0);
}

TEST(Snapshot, DiagnosticsPointAtTheJson) {
  fs::path dir = fs::path(::testing::TempDir()) / "awssim-bad-snapshot" / "aws_configs" / "us-east-1";
  fs::remove_all(dir.parent_path().parent_path());
  fs::create_directories(dir);
  std::ofstream(dir / "Vpcs.json") << "{\"Vpcs\": [{\"VpcId\": \"vpc-1\", \"CidrBlock\": \"10.0.0.0/16\"}],\n \"Gadgets\": []}\n";
  std::ofstream(dir / "Subnets.json") << "{\"Subnets\": [{\"SubnetId\": \"subnet-1\", \"VpcId\": \"vpc-1\",\n"
                                         "  \"CidrBlock\": \"10.1.0.0/24\", \"AvailabilityZone\": \"us-east-1a\"}]}\n";
  std::ofstream(dir / "Broken.json") << "{\"RouteTables\": [\n  {\"RouteTableId\": \"rtb-1\",}\n]}\n";
  auto r = run("validate " + dir.parent_path().parent_path().string());
  EXPECT_EQ(r.code, 2);
  std::string base = dir.string() + "/";
  EXPECT_NE(r.out.find(base + "Broken.json:2:28: error: JSON syntax error"), std::string::npos) << r.out;
  fs::remove(dir / "Broken.json");
  r = run("validate " + dir.parent_path().parent_path().string());
  EXPECT_EQ(r.code, 2);
  // The subnet's CIDR is outside its VPC: reported at the subnet's record.
  EXPECT_NE(r.out.find(base + "Subnets.json:1:14: error: subnet 'subnet-1' cidr 10.1.0.0/24 is not inside vpc 'vpc-1'"),
            std::string::npos) << r.out;
  EXPECT_NE(r.out.find(base + "Vpcs.json:2:2: warning: 'Gadgets' is not a describe-* key awssim reads; skipped"),
            std::string::npos) << r.out;
}

TEST(Snapshot, SingleFileWithSeveralKeys) {
  fs::path file = fs::path(::testing::TempDir()) / "awssim-one-file.json";
  std::ofstream(file) << R"({"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}],
 "Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.1.0/24", "AvailabilityZone": "eu-west-1a"}],
 "SecurityGroups": [{"GroupId": "sg-1", "GroupName": "web", "VpcId": "vpc-1", "Description": "web",
   "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "10.0.0.0/16"}]}],
   "IpPermissionsEgress": []}],
 "Reservations": [{"Instances": [
   {"InstanceId": "i-1", "InstanceType": "t3.micro", "SubnetId": "subnet-1", "PrivateIpAddress": "10.0.1.10",
    "State": {"Name": "running"}, "SecurityGroups": [{"GroupId": "sg-1"}], "Tags": [{"Key": "Name", "Value": "web"}]},
   {"InstanceId": "i-2", "InstanceType": "t3.micro", "SubnetId": "subnet-1", "PrivateIpAddress": "10.0.1.11",
    "State": {"Name": "stopped"}, "SecurityGroups": [{"GroupId": "sg-1"}]}]}]}
)";
  auto r = run("query " + file.string() + " --from 10.0.1.99 --to web:443", false);
  EXPECT_EQ(r.code, 0) << r.out;
  // The stopped instance is not there; the running one answers by name and ID.
  EXPECT_EQ(run("query " + file.string() + " --from 10.0.1.99 --to i-1:443", false).code, 0);
  EXPECT_EQ(run("query " + file.string() + " --from 10.0.1.99 --to i-2:443").code, 2);
  // Egress [] means no egress at all: the group's instance cannot send.
  auto out = run("query " + file.string() + " --from web --to 10.0.1.99:443", false);
  EXPECT_EQ(out.code, 1);
  EXPECT_NE(out.out.find("DENIED_OUT"), std::string::npos) << out.out;
}

// An instance's groups are its primary interface's; describe-instances can
// leave the top-level list empty (seen from moto for instances launched with
// a public address), which once gave the instance the VPC's default group.
TEST(Snapshot, InstanceGroupsComeFromThePrimaryInterface) {
  fs::path file = fs::path(::testing::TempDir()) / "awssim-primary-eni.json";
  std::ofstream(file) << R"({"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}],
 "Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.1.0/24", "AvailabilityZone": "us-east-1a"}],
 "SecurityGroups": [{"GroupId": "sg-1", "GroupName": "web", "VpcId": "vpc-1", "Description": "web",
   "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "IpRanges": [{"CidrIp": "10.0.0.0/16"}]}],
   "IpPermissionsEgress": []}],
 "Reservations": [{"Instances": [
   {"InstanceId": "i-1", "InstanceType": "t3.micro", "SubnetId": "subnet-1", "PrivateIpAddress": "10.0.1.10",
    "State": {"Name": "running"}, "SecurityGroups": [],
    "NetworkInterfaces": [{"NetworkInterfaceId": "eni-1", "Attachment": {"DeviceIndex": 0},
                           "Groups": [{"GroupId": "sg-1", "GroupName": "web"}]}]}]}]}
)";
  auto r = run("query " + file.string() + " --from 10.0.1.99 --to i-1:80 --json", false);
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("\"component\": \"web\",\n      \"kind\": \"security-group\""), std::string::npos) << r.out;
}

class ImportRoundTrip : public ::testing::TestWithParam<std::string> {};

TEST_P(ImportRoundTrip, WrittenStackAnswersAsTheSnapshot) {
  std::string snap = kBatfish + GetParam();
  fs::path out = fs::path(::testing::TempDir()) / ("awssim-import-" + GetParam() + ".yaml");
  auto imp = run("import " + snap + " -o " + out.string());
  ASSERT_EQ(imp.code, 0) << imp.out;
  EXPECT_NE(imp.out.find("imported "), std::string::npos);
  EXPECT_EQ(run("validate " + out.string(), false).code, 0);
  auto expected = fs::exists(snap + "/expected.json") ? nlohmann::json::parse(slurp(snap + "/expected.json"))
                                                      : nlohmann::json{{"flows", nlohmann::json::array()}};
  for (const auto& fl : expected["flows"]) {
    std::string proto = fl["protocol"];
    std::string args = " --from " + fl["from"].get<std::string>() + " --to " + fl["to_ip"].get<std::string>() +
                       (fl["dst_port"].is_null() ? "" : ":" + std::to_string(fl["dst_port"].get<int>())) +
                       " --protocol " + (proto == "TCP" ? "tcp" : proto == "ip-proto-0" ? "0" : "107") + " --json";
    if (!fl["from_ip"].is_null() && fl["from"].get<std::string>().rfind("i-", 0) != 0)
      args += " --src-ip " + fl["from_ip"].get<std::string>();
    auto a = run("query " + snap + args, false);
    auto b = run("query " + out.string() + args, false);
    EXPECT_EQ(a.code, b.code) << args;
    EXPECT_EQ(withoutLocations(nlohmann::json::parse(a.out)), withoutLocations(nlohmann::json::parse(b.out))) << args;
  }
  EXPECT_EQ(run("matrix " + snap, false).out, run("matrix " + out.string(), false).out);
}

INSTANTIATE_TEST_SUITE_P(Batfish, ImportRoundTrip,
                         ::testing::Values("test-nat-gateway", "test-public-subnet", "test-subnet",
                                           "test-vpc-endpoint-gateway", "test-vpc-peering", "test-transit-gateway",
                                           "test-load-balancer", "hybrid-cloud-aws"),
                         [](const auto& i) {
                           std::string n = i.param;
                           for (char& c : n)
                             if (c == '-') c = '_';
                           return n;
                         });

// Every input kind imports; a stack.yaml comes back as its network (the
// manifests stay where the original stack names them).
TEST(Import, TakesAStackYamlToo) {
  auto r = run("import " + std::string(AWSSIM_SOURCE_DIR) + "/fixtures/seed-ec2/stack.yaml -o -", false);
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("  \"redis\":\n    type: \"t3.micro\"\n    subnet: \"private-a\"\n    ip: \"10.0.0.4\""),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("hosted_zones:\n  \"messages.com\":"), std::string::npos) << r.out;
}

TEST(Import, RejectsBadInputWithItsLocation) {
  std::string dir = ::testing::TempDir() + "awssim-import-bad";
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/stack.yaml") << "region: eu-north-1\nvpc: {cidr: 10.0.0.0/33}\n";
  auto r = run("import " + dir + "/stack.yaml -o " + dir + "/out.yaml");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("stack.yaml:2:13: error: vpc 'main' cidr '10.0.0.0/33' is not a valid IPv4 CIDR block"),
            std::string::npos) << r.out;
  EXPECT_FALSE(std::filesystem::exists(dir + "/out.yaml"));
}

}  // namespace
