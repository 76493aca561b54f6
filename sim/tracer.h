// Internal to sim/trace*.cc: the state of one trace as it walks the path.
// A blocking setting is recorded and the walk goes on as if it had let the
// packet through, so that every blocking setting on the path is reported
// (the "blocked paths" idea); the first one decides the disposition.
#pragma once

#include "sim/acl.h"
#include "sim/route.h"
#include "sim/trace.h"

namespace awssim::sim {

class Tracer {
 public:
  Tracer(const Network& net, const Flow& flow);
  Trace run();

 private:
  // trace.cc
  void fromInterface();
  void fromInternet();
  void fromVpcRouter();
  void fromOnPremises();
  void routeFrom(int subnet, int depth);
  void deliverInVpc(int vpc, int fromSubnet);
  void deliverTo(int eni, int fromSubnet);
  bool checkNacl(int subnet, bool egress, bool reply, model::Ipv4 remote, const std::string& remoteDesc);
  void checkSgIngress(int eni);
  void checkSgEgress(int eni);
  void finishService(const std::string& service, const std::string& via);
  void finishExit(const std::string& what);

  // trace_gateways.cc
  void viaInternetGateway(int subnet, const RouteMatch& m);
  void viaNatGateway(int subnet, const RouteMatch& m, int depth);
  void viaGatewayEndpoint(int subnet, const RouteMatch& m);
  void viaPeering(int subnet, const RouteMatch& m, int depth);
  void viaTransitGateway(int subnet, const RouteMatch& m, int depth);
  void viaVpnGateway(int subnet, const RouteMatch& m);
  void viaAppliance(int subnet, const RouteMatch& m, int depth);
  void checkReturnRoute(int subnet, model::RouteTarget kind, const std::string& via);
  int attachmentSubnetIn(const model::TgwAttachment& att, const std::string& az) const;
  std::string replyPrefix(model::RouteTarget kind, const std::string& via) const;

  // Helpers.
  void hop(std::string component, std::string kind, std::string action, std::string detail, model::Location loc = {});
  void rhop(std::string component, std::string kind, std::string action, std::string detail, model::Location loc = {});
  void block(Disposition d, std::string code, std::string component, bool returnPath, std::string detail,
             std::string suggestion, model::Location loc = {});
  TrafficQuery forwardQuery() const;
  TrafficQuery replyQuery() const;
  std::string trafficText(bool reply) const;
  /// The return path is kept from the source's end: the reply hops the
  /// source's side added at [far, end) go before the far side's [mark, far).
  void nearEndFirst(size_t mark, size_t far);
  std::string routeTableName(int subnet) const;
  model::Location routeTableLoc(int subnet) const;
  std::string srcDesc() const;
  std::string remoteCidr(model::Ipv4 remote) const;
  /// The peer for security-group matching: the interface owning the address
  /// as a private address in the same network.
  Peer peerOf(model::Ipv4 ip, int viaEni) const;

  const Network& net_;
  Flow flow_;
  Trace t_;
  bool blocked_ = false;
  bool done_ = false;
  int src_vpc_ = -1;
  int src_subnet_ = -1;
  int src_eni_ = -1;                // the interface the flow currently comes from (changes through NAT)
  model::Ipv4 cur_src_ = 0;         // the source address as the destination sees it
  model::PortRange client_ports_;   // reply destination ports
  // For traffic arriving from outside the VPC (peering, transit gateway):
  // the destination subnet must route replies back the same way.
  model::RouteTarget return_kind_ = model::RouteTarget::Local;
  std::string return_via_;
  // Arrived through a transit gateway: the reply is judged by the NACLs on
  // its way into the gateway even inside one subnet.
  bool tgw_arrival_ = false;
};

/// Human text for a rule, "sg redis: tcp 6379 from sg:messages".
std::string describeSgRule(const Network& net, int sg, const model::SgRule& r, bool egress);
std::string describeNaclEntry(const model::NaclEntry& e, bool egress);

}  // namespace awssim::sim
