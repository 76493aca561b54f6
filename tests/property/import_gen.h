// The random stacks of stack_gen.h written as the other inputs awssim
// reads: a CloudFormation template (JSON) and a describe-* snapshot (one
// JSON file of describe-* keys). Each resource keeps the stack.yaml name
// (as logical ID, or as its Name tag), so traces name the same components
// whatever the input, and the importers can be checked against the stack.yaml
// loader on the same network.
#pragma once

#include <nlohmann/json.hpp>

#include "stack_gen.h"

namespace awssim::proptest {

using Json = nlohmann::json;

inline const char* kS3PrefixList = "pl-63a5400a";  // us-east-1's AWS-managed list (model/aws_ranges.cc)

/// CloudFormation cannot write a blackhole route (one appears when its
/// target is deleted); templates get the spec with those routes to the
/// internet gateway instead, and so does the stack.yaml they are compared to.
inline Spec withoutBlackholes(Spec s) {
  for (auto& t : s.tables)
    for (auto& r : t.routes)
      if (r.target == 1) r.target = 0;
  return s;
}

/// (from, to) of a rule's ports as EC2 spells them: ICMP type and code, -1 for all.
inline std::pair<int, int> awsPorts(int proto, int ports) {
  if (proto == -1) return {-1, -1};
  if (proto == 1) return ports % 3 == 0 ? std::pair{8, -1} : ports % 3 == 1 ? std::pair{0, -1} : std::pair{-1, -1};
  return portsOf(proto, ports);
}

inline std::string protoName(int proto) {
  return proto == -1 ? "-1" : proto == 6 ? "tcp" : proto == 17 ? "udp" : "icmp";
}

/// A security-group rule's peer: a CIDR, a group (by `groupRef`) or S3's prefix list.
template <typename GroupRef>
Json rulePeer(const Spec& s, const Rule& r, bool egress, GroupRef groupRef) {
  Json j = Json::object();
  if (r.peer < static_cast<int>(kCidrs.size())) {
    j["CidrIp"] = kCidrs[r.peer];
  } else if (r.peer < static_cast<int>(kCidrs.size()) + 8) {
    j[egress ? "DestinationSecurityGroupId" : "SourceSecurityGroupId"] =
        groupRef((r.peer - kCidrs.size()) % s.sgs.size());
  } else {
    j[egress ? "DestinationPrefixListId" : "SourcePrefixListId"] = kS3PrefixList;
  }
  return j;
}

inline Json cfnRef(const std::string& id) { return Json{{"Ref", id}}; }

/// The spec as a CloudFormation template (JSON), logical IDs = stack.yaml names.
inline std::string renderTemplate(const Spec& s) {
  Json res = Json::object();
  auto add = [&](const std::string& id, const char* type, Json props) {
    res[id] = {{"Type", type}, {"Properties", std::move(props)}};
  };
  add("main", "AWS::EC2::VPC", {{"CidrBlock", "10.0.0.0/16"}});
  if (hasIgw(s)) {
    add("igw", "AWS::EC2::InternetGateway", Json::object());
    add("igwAttachment", "AWS::EC2::VPCGatewayAttachment", {{"VpcId", cfnRef("main")}, {"InternetGatewayId", cfnRef("igw")}});
  }
  for (size_t k = 0; k < nSubnets(s); ++k) {
    Subnet sub = k < s.subnets.size() ? s.subnets[k] : Subnet{};
    std::string id = "s" + std::to_string(k);
    add(id, "AWS::EC2::Subnet", {{"VpcId", cfnRef("main")}, {"CidrBlock", fmt::format("10.0.{}.0/24", k)},
                                 {"AvailabilityZone", fmt::format("us-east-1{}", "abc"[sub.az % 3])}});
    add(id + "Routes", "AWS::EC2::SubnetRouteTableAssociation",
        {{"SubnetId", cfnRef(id)}, {"RouteTableId", cfnRef("rt" + std::to_string(sub.table % s.tables.size()))}});
    if (sub.nacl >= 0 && !s.nacls.empty())
      add(id + "Acl", "AWS::EC2::SubnetNetworkAclAssociation",
          {{"SubnetId", cfnRef(id)}, {"NetworkAclId", cfnRef("acl" + std::to_string(sub.nacl % s.nacls.size()))}});
  }
  if (usesNat(s)) {
    add("natEip", "AWS::EC2::EIP", {{"Domain", "vpc"}});
    add("nat", "AWS::EC2::NatGateway",
        {{"SubnetId", cfnRef("s0")}, {"AllocationId", {{"Fn::GetAtt", {"natEip", "AllocationId"}}}}});
  }
  Json endpointTables = Json::array();
  for (size_t t = 0; t < s.tables.size(); ++t) {
    std::string id = "rt" + std::to_string(t);
    add(id, "AWS::EC2::RouteTable", {{"VpcId", cfnRef("main")}});
    int n = 0;
    for (const auto& r : routesOf(s.tables[t])) {
      if (r.dst == 3) {
        endpointTables.push_back(cfnRef(id));
        continue;
      }
      Json p = {{"RouteTableId", cfnRef(id)}, {"DestinationCidrBlock", kRouteDsts[r.dst]}};
      if (r.target == 0) p["GatewayId"] = cfnRef("igw");
      else if (r.target == 2) p["NatGatewayId"] = cfnRef("nat");
      else p["InstanceId"] = cfnRef("i0");
      add(id + "Route" + std::to_string(n++), "AWS::EC2::Route", p);
    }
  }
  if (!endpointTables.empty())
    add("s3gw", "AWS::EC2::VPCEndpoint", {{"VpcId", cfnRef("main")}, {"ServiceName", "com.amazonaws.us-east-1.s3"},
                                        {"VpcEndpointType", "Gateway"}, {"RouteTableIds", endpointTables}});
  for (size_t a = 0; a < s.nacls.size(); ++a) {
    std::string id = "acl" + std::to_string(a);
    add(id, "AWS::EC2::NetworkAcl", {{"VpcId", cfnRef("main")}});
    for (bool egress : {false, true}) {
      const auto& es = egress ? s.nacls[a].out : s.nacls[a].in;
      for (size_t i = 0; i < es.size(); ++i) {
        const auto& e = es[i];
        Json p = {{"NetworkAclId", cfnRef(id)}, {"RuleNumber", 10 * (i + 1)}, {"Protocol", e.proto},
                  {"RuleAction", e.allow ? "allow" : "deny"}, {"Egress", egress},
                  {"CidrBlock", kCidrs[e.cidr % kCidrs.size()]}};
        auto [from, to] = awsPorts(e.proto, e.ports);
        if (e.proto == 1) p["Icmp"] = {{"Type", from}, {"Code", -1}};
        else if (e.proto != -1) p["PortRange"] = {{"From", from}, {"To", to}};
        add(id + (egress ? "Out" : "In") + std::to_string(i), "AWS::EC2::NetworkAclEntry", p);
      }
    }
  }
  auto groupRef = [](size_t g) { return Json{{"Fn::GetAtt", {"sg" + std::to_string(g), "GroupId"}}}; };
  for (size_t g = 0; g < s.sgs.size(); ++g) {
    std::string id = "sg" + std::to_string(g);
    add(id, "AWS::EC2::SecurityGroup", {{"VpcId", cfnRef("main")}, {"GroupDescription", id}});
    // Rules are separate resources, as templates write them when groups
    // refer to each other (inline ones would be a circular dependency).
    // EC2's allow-all egress, added at creation, would stay beside them;
    // the usual idiom removes it with an inline rule no packet matches.
    res[id]["Properties"]["SecurityGroupEgress"] =
        Json::array({{{"IpProtocol", "icmp"}, {"FromPort", 252}, {"ToPort", 86}, {"CidrIp", "255.255.255.255/32"}}});
    for (bool egress : {false, true}) {
      const auto& rs = egress ? s.sgs[g].out : s.sgs[g].in;
      for (size_t i = 0; i < rs.size(); ++i) {
        const auto& r = rs[i];
        Json p = rulePeer(s, r, egress, groupRef);
        auto [from, to] = awsPorts(r.proto, r.ports);
        p["IpProtocol"] = protoName(r.proto);
        if (r.proto != -1) {
          p["FromPort"] = from;
          p["ToPort"] = to;
        }
        p["GroupId"] = groupRef(g);
        add(id + (egress ? "Out" : "In") + std::to_string(i),
            egress ? "AWS::EC2::SecurityGroupEgress" : "AWS::EC2::SecurityGroupIngress", p);
      }
    }
  }
  for (size_t k = 0; k < s.instances.size(); ++k) {
    Json groups = Json::array();
    for (int g : instanceSgs(s, k)) groups.push_back(groupRef(g));
    Json nic = {{"DeviceIndex", "0"}, {"SubnetId", cfnRef("s" + std::to_string(s.instances[k].subnet % nSubnets(s)))},
                {"PrivateIpAddress", instanceIp(s, k)}, {"GroupSet", groups},
                {"AssociatePublicIpAddress", s.instances[k].pub}};
    add("i" + std::to_string(k), "AWS::EC2::Instance",
        {{"InstanceType", "t3.micro"}, {"ImageId", "ami-12345678"}, {"NetworkInterfaces", Json::array({nic})}});
  }
  return Json{{"AWSTemplateFormatVersion", "2010-09-09"}, {"Resources", res}}.dump(1);
}

/// The spec as `aws ec2 describe-*` output in one JSON file, Name tags =
/// stack.yaml names, IDs derived from them.
inline std::string renderSnapshot(const Spec& s) {
  auto tags = [](const std::string& name) { return Json::array({{{"Key", "Name"}, {"Value", name}}}); };
  auto idOf = [](const char* prefix, const std::string& name) {
    std::string hex;
    for (char c : name) hex += fmt::format("{:02x}", static_cast<unsigned char>(c));
    return std::string(prefix) + "-0" + hex;
  };
  const std::string vpc = idOf("vpc", "main");
  Json out = Json::object();
  out["Vpcs"] = Json::array({{{"VpcId", vpc}, {"CidrBlock", "10.0.0.0/16"}, {"IsDefault", false}, {"State", "available"},
                              {"Tags", tags("main")}}});
  out["InternetGateways"] = Json::array();
  if (hasIgw(s))
    out["InternetGateways"].push_back({{"InternetGatewayId", idOf("igw", "igw")},
                                        {"Attachments", Json::array({{{"VpcId", vpc}, {"State", "available"}}})},
                                        {"Tags", tags("igw")}});
  out["Subnets"] = Json::array();
  Json defaultAssoc = Json::array();
  std::map<size_t, Json> aclAssoc;
  std::map<size_t, Json> rtAssoc;
  for (size_t k = 0; k < nSubnets(s); ++k) {
    Subnet sub = k < s.subnets.size() ? s.subnets[k] : Subnet{};
    std::string id = idOf("subnet", "s" + std::to_string(k));
    out["Subnets"].push_back({{"SubnetId", id}, {"VpcId", vpc}, {"CidrBlock", fmt::format("10.0.{}.0/24", k)},
                              {"AvailabilityZone", fmt::format("us-east-1{}", "abc"[sub.az % 3])},
                              {"MapPublicIpOnLaunch", false}, {"State", "available"},
                              {"Tags", tags("s" + std::to_string(k))}});
    rtAssoc[sub.table % s.tables.size()].push_back({{"SubnetId", id}, {"Main", false}});
    if (sub.nacl >= 0 && !s.nacls.empty()) aclAssoc[sub.nacl % s.nacls.size()].push_back({{"SubnetId", id}});
    else defaultAssoc.push_back({{"SubnetId", id}});
  }
  out["NatGateways"] = Json::array();
  if (usesNat(s))
    out["NatGateways"].push_back({{"NatGatewayId", idOf("nat", "nat")}, {"SubnetId", idOf("subnet", "s0")},
                                  {"VpcId", vpc}, {"State", "available"}, {"ConnectivityType", "public"},
                                  {"NatGatewayAddresses", Json::array({{{"PrivateIp", "10.0.0.250"},
                                                                       {"PublicIp", "198.51.100.200"},
                                                                       {"AllocationId", "eipalloc-01"},
                                                                       {"NetworkInterfaceId", "eni-0fa7"}}})},
                                  {"Tags", tags("nat")}});
  out["RouteTables"] = Json::array();
  Json endpointTables = Json::array();
  for (size_t t = 0; t < s.tables.size(); ++t) {
    std::string id = idOf("rtb", "rt" + std::to_string(t));
    Json assoc = rtAssoc[t].is_null() ? Json::array() : rtAssoc[t];
    for (auto& a : assoc) a["RouteTableId"] = id;
    if (t == 0) assoc.push_back({{"Main", true}, {"RouteTableId", id}});
    Json routes = Json::array({{{"DestinationCidrBlock", "10.0.0.0/16"}, {"GatewayId", "local"}, {"State", "active"}}});
    for (const auto& r : routesOf(s.tables[t])) {
      if (r.dst == 3) {
        endpointTables.push_back(id);
        routes.push_back({{"DestinationPrefixListId", kS3PrefixList}, {"GatewayId", idOf("vpce", "s3gw")}, {"State", "active"}});
        continue;
      }
      Json x = {{"DestinationCidrBlock", kRouteDsts[r.dst]}, {"State", "active"}};
      if (r.target == 0) x["GatewayId"] = idOf("igw", "igw");
      else if (r.target == 1) x["NatGatewayId"] = "nat-0deleted", x["State"] = "blackhole";
      else if (r.target == 2) x["NatGatewayId"] = idOf("nat", "nat");
      else x["InstanceId"] = idOf("i", "i0"), x["NetworkInterfaceId"] = idOf("eni", "i0");
      routes.push_back(x);
    }
    out["RouteTables"].push_back({{"RouteTableId", id}, {"VpcId", vpc}, {"Associations", assoc}, {"Routes", routes},
                                  {"Tags", tags("rt" + std::to_string(t))}});
  }
  out["VpcEndpoints"] = Json::array();
  if (!endpointTables.empty())
    out["VpcEndpoints"].push_back({{"VpcEndpointId", idOf("vpce", "s3gw")}, {"VpcEndpointType", "Gateway"}, {"VpcId", vpc},
                                   {"ServiceName", "com.amazonaws.us-east-1.s3"}, {"State", "available"},
                                   {"RouteTableIds", endpointTables}, {"Tags", tags("s3gw")}});
  // Every subnet has a network ACL: the VPC's default one allows all.
  auto allowAll = [] {
    Json e = Json::array();
    for (bool egress : {false, true}) {
      e.push_back({{"RuleNumber", 100}, {"Protocol", "-1"}, {"RuleAction", "allow"}, {"Egress", egress}, {"CidrBlock", "0.0.0.0/0"}});
      e.push_back({{"RuleNumber", 32767}, {"Protocol", "-1"}, {"RuleAction", "deny"}, {"Egress", egress}, {"CidrBlock", "0.0.0.0/0"}});
    }
    return e;
  };
  out["NetworkAcls"] = Json::array({{{"NetworkAclId", idOf("acl", "default")}, {"VpcId", vpc}, {"IsDefault", true},
                                     {"Entries", allowAll()}, {"Associations", defaultAssoc}}});
  for (size_t a = 0; a < s.nacls.size(); ++a) {
    Json entries = Json::array();
    for (bool egress : {false, true}) {
      const auto& es = egress ? s.nacls[a].out : s.nacls[a].in;
      for (size_t i = 0; i < es.size(); ++i) {
        const auto& e = es[i];
        Json x = {{"RuleNumber", 10 * (i + 1)}, {"Protocol", std::to_string(e.proto)}, {"Egress", egress},
                  {"RuleAction", e.allow ? "allow" : "deny"}, {"CidrBlock", kCidrs[e.cidr % kCidrs.size()]}};
        auto [from, to] = awsPorts(e.proto, e.ports);
        if (e.proto == 1) x["IcmpTypeCode"] = {{"Type", from}, {"Code", -1}};
        else if (e.proto != -1) x["PortRange"] = {{"From", from}, {"To", to}};
        entries.push_back(x);
      }
      entries.push_back({{"RuleNumber", 32767}, {"Protocol", "-1"}, {"RuleAction", "deny"}, {"Egress", egress},
                         {"CidrBlock", "0.0.0.0/0"}});
    }
    Json assoc = aclAssoc[a].is_null() ? Json::array() : aclAssoc[a];
    std::string id = idOf("acl", "acl" + std::to_string(a));
    for (auto& x : assoc) x["NetworkAclId"] = id;
    out["NetworkAcls"].push_back({{"NetworkAclId", id}, {"VpcId", vpc}, {"IsDefault", false}, {"Entries", entries},
                                  {"Associations", assoc}, {"Tags", tags("acl" + std::to_string(a))}});
  }
  out["SecurityGroups"] = Json::array();
  for (size_t g = 0; g < s.sgs.size(); ++g) {
    Json perms[2] = {Json::array(), Json::array()};
    for (bool egress : {false, true})
      for (const auto& r : egress ? s.sgs[g].out : s.sgs[g].in) {
        auto [from, to] = awsPorts(r.proto, r.ports);
        Json x = {{"IpProtocol", protoName(r.proto)}, {"IpRanges", Json::array()}, {"UserIdGroupPairs", Json::array()},
                  {"PrefixListIds", Json::array()}};
        if (r.proto != -1) x["FromPort"] = from, x["ToPort"] = to;
        if (r.peer < static_cast<int>(kCidrs.size()))
          x["IpRanges"].push_back({{"CidrIp", kCidrs[r.peer]}});
        else if (r.peer < static_cast<int>(kCidrs.size()) + 8)
          x["UserIdGroupPairs"].push_back({{"GroupId", idOf("sg", "sg" + std::to_string((r.peer - kCidrs.size()) % s.sgs.size()))}});
        else
          x["PrefixListIds"].push_back({{"PrefixListId", kS3PrefixList}});
        perms[egress].push_back(x);
      }
    out["SecurityGroups"].push_back({{"GroupId", idOf("sg", "sg" + std::to_string(g))},
                                     {"GroupName", "sg" + std::to_string(g)}, {"VpcId", vpc},
                                     {"Description", "sg"}, {"IpPermissions", perms[0]},
                                     {"IpPermissionsEgress", perms[1]}, {"Tags", tags("sg" + std::to_string(g))}});
  }
  Json instances = Json::array();
  for (size_t k = 0; k < s.instances.size(); ++k) {
    Json groups = Json::array();
    for (int g : instanceSgs(s, k))
      groups.push_back({{"GroupId", idOf("sg", "sg" + std::to_string(g))}, {"GroupName", "sg" + std::to_string(g)}});
    std::string subnet = idOf("subnet", "s" + std::to_string(s.instances[k].subnet % nSubnets(s)));
    std::string name = "i" + std::to_string(k);
    Json nic = {{"NetworkInterfaceId", idOf("eni", name)}, {"SubnetId", subnet}, {"VpcId", vpc},
                {"PrivateIpAddress", instanceIp(s, k)}, {"Groups", groups}, {"SourceDestCheck", true},
                {"Attachment", {{"DeviceIndex", 0}, {"Status", "attached"}}}};
    Json i = {{"InstanceId", idOf("i", name)}, {"InstanceType", "t3.micro"}, {"SubnetId", subnet}, {"VpcId", vpc},
              {"PrivateIpAddress", instanceIp(s, k)}, {"SecurityGroups", groups}, {"State", {{"Name", "running"}}},
              {"NetworkInterfaces", Json::array({nic})}, {"Tags", tags(name)}, {"SourceDestCheck", true}};
    if (s.instances[k].pub) i["PublicIpAddress"] = publicIp(k);
    instances.push_back(i);
  }
  out["Reservations"] = Json::array({{{"Instances", instances}}});
  return out.dump(1);
}

}  // namespace awssim::proptest
