// Snapshot records that join networks or fan traffic out: load balancers
// with their listeners and target groups, VPC peerings, transit gateways.
#include <fmt/format.h>

#include <set>

#include "model/load/aws_snapshot_internal.h"

namespace awssim::load::snapshot {

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

void Importer::writeLoadBalancers(Writer& w) {
  std::map<std::string, std::vector<std::pair<YAML::Node, Location>>> listenersOf;  // LB ARN -> listeners
  for (const auto& it : items("LoadBalancerListeners")) {
    YAML::Node ls = child(it.node, "Listeners");
    if (ls.IsSequence())
      for (const auto& l : ls) listenersOf[str(it.node, "LoadBalancerArn")].push_back({l, locOf(l, it.loc)});
  }
  bool any = false;
  for (const auto& it : items("LoadBalancers")) {
    std::string arn = str(it.node, "LoadBalancerArn");
    std::string type = str(it.node, "Type");
    if (type != "application" && type != "network") {
      diags_.warning(it.loc, fmt::format("load balancer {} is of type {}, which awssim does not model; left out",
                                         str(it.node, "LoadBalancerName"), type));
      continue;
    }
    std::vector<std::string> subnets, sgs;
    YAML::Node azs = child(it.node, "AvailabilityZones");
    if (azs.IsSequence())
      for (const auto& z : azs)
        if (auto n = ref(str(z, "SubnetId"), it.loc, "load balancer " + arn); !n.empty()) subnets.push_back(n);
    YAML::Node groups = child(it.node, "SecurityGroups");
    if (groups.IsSequence())
      for (const auto& g : groups)
        if (auto n = ref(g.Scalar(), it.loc, "load balancer " + arn); !n.empty()) sgs.push_back(n);
    if (!any) w.line(0, "load_balancers:", origin_);
    any = true;
    w.line(1, q(names_[arn]) + ":", it.loc);
    w.line(2, "id: " + q(arn), it.loc);
    w.line(2, "type: " + q(type), it.loc);
    w.line(2, "scheme: " + q(str(it.node, "Scheme")), it.loc);
    w.line(2, "subnets: " + list(subnets), it.loc);
    if (!sgs.empty()) w.line(2, "sgs: " + list(sgs), it.loc);
    w.line(2, "listeners:", it.loc);
    for (const auto& [l, at] : listenersOf[arn]) {
      std::string tg;
      YAML::Node actions = child(l, "DefaultActions");
      if (actions.IsSequence())
        for (const auto& a : actions)
          if (str(a, "Type") == "forward" && !str(a, "TargetGroupArn").empty()) tg = ref(str(a, "TargetGroupArn"), at, "listener");
      if (tg.empty()) continue;  // redirects and fixed responses send nothing on
      w.line(3, fmt::format("- {{port: {}, protocol: {}, target_group: {}}}", str(l, "Port"), q(str(l, "Protocol")), q(tg)), at);
    }
  }
  std::map<std::string, std::vector<std::pair<YAML::Node, Location>>> targetsOf;  // TG ARN -> targets
  for (const auto& it : items("LoadBalancerTargetHealth")) {
    YAML::Node ds = child(it.node, "TargetHealthDescriptions");
    if (ds.IsSequence())
      for (const auto& d : ds) targetsOf[str(it.node, "TargetGroupArn")].push_back({child(d, "Target"), locOf(d, it.loc)});
  }
  if (!items("TargetGroups").empty()) w.line(0, "target_groups:", origin_);
  for (const auto& it : items("TargetGroups")) {
    std::string arn = str(it.node, "TargetGroupArn");
    std::string vpc = ref(str(it.node, "VpcId"), it.loc, "target group " + arn);
    std::string type = lower(str(it.node, "TargetType"));
    w.line(1, q(names_[arn]) + ":", it.loc);
    w.line(2, "id: " + q(arn), it.loc);
    if (!vpc.empty()) w.line(2, "vpc: " + q(vpc), it.loc);
    w.line(2, "protocol: " + q(str(it.node, "Protocol")), it.loc);
    w.line(2, "port: " + str(it.node, "Port"), it.loc);
    w.line(2, "target_type: " + q(type == "ip" ? "ip" : "instance"), it.loc);
    std::string hc = str(it.node, "HealthCheckPort");
    if (!hc.empty() && hc != "traffic-port") w.line(2, "health_check_port: " + hc, it.loc);
    w.line(2, "targets:", it.loc);
    for (const auto& [t, at] : targetsOf[arn]) {
      std::string id = str(t, "Id");
      std::string port = str(t, "Port").empty() ? "" : ", port: " + str(t, "Port");
      if (type == "ip") {
        w.line(3, fmt::format("- {{ip: {}{}}}", q(id), port), at);
      } else if (auto n = ref(id, at, "target group " + arn); !n.empty()) {
        w.line(3, fmt::format("- {{instance: {}{}}}", q(n), port), at);
      }
    }
  }
}

void Importer::writePeerings(Writer& w) {
  bool any = false;
  for (const auto& it : items("VpcPeeringConnections")) {
    std::string id = str(it.node, "VpcPeeringConnectionId");
    std::string status = str(child(it.node, "Status"), "Code");
    if (status == "deleted" || status == "rejected" || status == "failed" || status == "expired") continue;
    std::string requester = ref(str(child(it.node, "RequesterVpcInfo"), "VpcId"), it.loc, "peering " + id);
    std::string accepter = ref(str(child(it.node, "AccepterVpcInfo"), "VpcId"), it.loc, "peering " + id);
    if (requester.empty() || accepter.empty()) continue;
    if (!any) w.line(0, "peerings:", origin_);
    any = true;
    w.line(1, q(names_[id]) + ":", it.loc);
    w.line(2, "id: " + q(id), it.loc);
    w.line(2, "requester: " + q(requester), it.loc);
    w.line(2, "accepter: " + q(accepter), it.loc);
    w.line(2, fmt::format("active: {}", status == "active"), it.loc);
  }
}

void Importer::writeTransitGateways(Writer& w) {
  if (items("TransitGateways").empty()) return;
  // Subnets per VPC attachment; association per attachment.
  std::map<std::string, std::vector<std::string>> subnetsOf;
  std::map<std::string, std::pair<YAML::Node, Location>> vpcAttachments;
  for (const auto& it : items("TransitGatewayVpcAttachments")) {
    std::string id = str(it.node, "TransitGatewayAttachmentId");
    vpcAttachments[id] = {it.node, it.loc};
    YAML::Node subs = child(it.node, "SubnetIds");
    if (subs.IsSequence())
      for (const auto& s : subs)
        if (auto n = ref(s.Scalar(), it.loc, "transit gateway attachment " + id); !n.empty()) subnetsOf[id].push_back(n);
  }
  w.line(0, "transit_gateways:", origin_);
  for (const auto& tgw : items("TransitGateways")) {
    std::string tgwId = str(tgw.node, "TransitGatewayId");
    w.line(1, q(names_[tgwId]) + ":", tgw.loc);
    w.line(2, "id: " + q(tgwId), tgw.loc);
    w.line(2, "attachments:", tgw.loc);
    std::set<std::string> attached;
    for (const auto& it : items("TransitGatewayAttachments")) {
      std::string id = str(it.node, "TransitGatewayAttachmentId");
      if (str(it.node, "TransitGatewayId") != tgwId || str(it.node, "State") != "available") continue;
      if (str(it.node, "ResourceType") != "vpc") {
        diags_.warning(it.loc, fmt::format("transit gateway attachment {} is a {} attachment; only VPC attachments are "
                                           "modelled (on-premises networks are not); left out", id, str(it.node, "ResourceType")));
        continue;
      }
      std::string vpc = ref(str(it.node, "ResourceId"), it.loc, "transit gateway attachment " + id);
      if (vpc.empty()) continue;
      attached.insert(id);
      w.line(3, q(names_[id]) + ":", it.loc);
      w.line(4, "vpc: " + q(vpc), it.loc);
      w.line(4, "subnets: " + list(subnetsOf[id]), it.loc);
      std::string rt = str(child(it.node, "Association"), "TransitGatewayRouteTableId");
      if (!rt.empty() && str(child(it.node, "Association"), "State") == "associated")
        if (auto n = ref(rt, it.loc, "transit gateway attachment " + id); !n.empty()) w.line(4, "route_table: " + q(n), it.loc);
    }
    w.line(2, "route_tables:", tgw.loc);
    for (const auto& rt : items("TransitGatewayRouteTables")) {
      std::string rtId = str(rt.node, "TransitGatewayRouteTableId");
      if (str(rt.node, "TransitGatewayId") != tgwId) continue;
      w.line(3, q(names_[rtId]) + ":", rt.loc);
      w.line(4, "routes:", rt.loc);
      for (const auto& sr : items("TransitGatewayStaticRoutes")) {
        if (str(sr.node, "TransitGatewayRouteTableId") != rtId) continue;
        YAML::Node routes = child(sr.node, "Routes");
        if (!routes.IsSequence()) continue;
        for (const auto& r : routes) {
          if (str(r, "Type") == "propagated") continue;  // recomputed from the propagations
          Location at = locOf(r, sr.loc);
          std::string to = q(str(r, "DestinationCidrBlock"));
          if (str(r, "State") == "blackhole") {
            w.line(5, fmt::format("- {{to: {}, blackhole: true}}", to), at);
            continue;
          }
          YAML::Node atts = child(r, "TransitGatewayAttachments");
          if (atts.IsSequence() && atts.size() > 0) {
            std::string a = str(atts[0], "TransitGatewayAttachmentId");
            if (attached.count(a)) w.line(5, fmt::format("- {{to: {}, attachment: {}}}", to, q(names_[a])), at);
          }
        }
      }
      std::vector<std::string> props;
      for (const auto& p : items("TransitGatewayPropagations")) {
        if (str(p.node, "TransitGatewayRouteTableId") != rtId) continue;
        YAML::Node ps = child(p.node, "TransitGatewayRouteTablePropagations");
        if (ps.IsSequence())
          for (const auto& x : ps)
            if (str(x, "State") == "enabled" && attached.count(str(x, "TransitGatewayAttachmentId")))
              props.push_back(names_[str(x, "TransitGatewayAttachmentId")]);
      }
      w.line(4, "propagations: " + list(props), rt.loc);
    }
  }
}

}  // namespace awssim::load::snapshot
