#include "sim/network.h"

#include <algorithm>
#include <fmt/format.h>
#include <set>

namespace awssim::sim {

using namespace model;

std::string eniKindName(EniKind k) {
  switch (k) {
    case EniKind::Instance: return "instance";
    case EniKind::Extra: return "eni";
    case EniKind::InterfaceEndpoint: return "interface-endpoint";
    case EniKind::NatGateway: return "nat-gateway";
    case EniKind::InstanceConnect: return "instance-connect-endpoint";
    case EniKind::LoadBalancer: return "load-balancer";
    case EniKind::EcsInstance: return "ecs-instance";
    case EniKind::EcsTask: return "ecs-task";
  }
  return "eni";
}

Network::Network(const Stack& s) : stack_(s) {
  for (size_t i = 0; i < s.vpcs.size(); ++i) vpc_index_[s.vpcs[i].name] = static_cast<int>(i);
  for (size_t i = 0; i < s.security_groups.size(); ++i) sg_index_[s.security_groups[i].name] = static_cast<int>(i);
  std::map<const Nacl*, std::shared_ptr<const NaclOrder>> orders;
  auto orderOf = [&](const Nacl* n) -> std::shared_ptr<const NaclOrder> {
    if (!n) return nullptr;
    auto& o = orders[n];
    if (!o) {
      auto made = std::make_shared<NaclOrder>();
      for (auto [list, out] : {std::pair{&n->ingress, &made->ingress}, std::pair{&n->egress, &made->egress}}) {
        for (const auto& e : *list) out->push_back(&e);
        std::stable_sort(out->begin(), out->end(), [](auto* a, auto* b) { return a->number < b->number; });
      }
      o = made;
    }
    return o;
  };
  for (size_t i = 0; i < s.subnets.size(); ++i) {
    const Subnet& sub = s.subnets[i];
    subnet_index_[sub.name] = static_cast<int>(i);
    NetSubnet ns;
    ns.subnet = &sub;
    ns.vpc = vpcIndex(sub.vpc);
    ns.route_table = s.routeTableOf(sub);
    ns.nacl = sub.nacl.empty() ? nullptr : s.nacls.find(sub.nacl);
    ns.nacl_order = orderOf(ns.nacl);
    subnets_.push_back(ns);
  }
  auto pinned = [](const std::map<std::string, Ipv4>& at, const std::string& subnet) -> std::optional<Ipv4> {
    auto it = at.find(subnet);
    return it == at.end() ? std::nullopt : std::optional<Ipv4>(it->second);
  };
  auto sgs = [&](const std::vector<std::string>& names) {
    std::vector<int> out;
    for (const auto& n : names)
      if (int i = sgIndex(n); i >= 0) out.push_back(i);
    return out;
  };
  for (const auto& inst : s.instances) {
    if (!inst.running) continue;
    NetEni e{inst.name, EniKind::Instance, inst.name, subnetIndex(inst.subnet), 0, inst.public_ip_address,
             sgs(inst.sgs), true, inst.os == "windows", inst.loc};
    if (inst.public_ip && !e.public_ip) e.public_ip = 0;  // assigned below
    addEni(e, inst.private_ip);
  }
  for (const auto& x : s.enis) {
    NetEni e{x.name, EniKind::Extra, x.instance.empty() ? x.name : x.instance, subnetIndex(x.subnet), 0,
             x.public_ip_address, sgs(x.sgs), x.source_dest_check, false, x.loc};
    if (x.public_ip && !e.public_ip) e.public_ip = 0;
    addEni(e, x.private_ip);
    for (Ipv4 ip : x.secondary_ips) by_private_[ip] = static_cast<int>(enis_.size() - 1);
  }
  for (const auto& ep : s.endpoints) {
    if (ep.type != EndpointType::Interface) continue;
    for (const auto& sub : ep.subnets)
      addEni({ep.name + "/" + sub, EniKind::InterfaceEndpoint, ep.name, subnetIndex(sub), 0, std::nullopt, sgs(ep.sgs),
              true, false, ep.loc},
             pinned(ep.addresses, sub));
  }
  for (const auto& nat : s.nat_gateways) {
    NetEni e{nat.name, EniKind::NatGateway, nat.name, subnetIndex(nat.subnet), 0, nat.public_ip_address, {}, false,
             false, nat.loc};
    if (nat.public_connectivity && !e.public_ip) e.public_ip = 0;
    addEni(e, nat.private_ip);
  }
  for (const auto& ice : s.instance_connect_endpoints)
    addEni({ice.name, EniKind::InstanceConnect, ice.name, subnetIndex(ice.subnet), 0, std::nullopt, sgs(ice.sgs), true,
            false, ice.loc},
           std::nullopt);
  for (const auto& lb : s.load_balancers)
    for (const auto& sub : lb.subnets) {
      NetEni e{lb.name + "/" + sub, EniKind::LoadBalancer, lb.name, subnetIndex(sub), 0, std::nullopt, sgs(lb.sgs),
               true, false, lb.loc};
      if (lb.internet_facing) e.public_ip = 0;
      addEni(e, pinned(lb.addresses, sub));
    }
  // An Auto Scaling group spreads its instances over its subnets in turn.
  for (const auto& c : s.ecs_clusters) {
    if (!c.capacity) continue;
    const Capacity& cap = *c.capacity;
    for (int n = 0; n < cap.desired && !cap.subnets.empty(); ++n) {
      const std::string& sub = cap.subnets[n % cap.subnets.size()];
      NetEni e{fmt::format("{}-{}", c.name, n + 1), EniKind::EcsInstance, c.name, subnetIndex(sub), 0, std::nullopt,
               sgs(cap.sgs), true, false, c.loc};
      if (cap.public_ip) e.public_ip = 0;
      addEni(e, std::nullopt);
    }
  }
  assignAddresses();
  placement_ = placeTasks(*this);
  addTaskEnis();
}

// An awsvpc task gets an interface of its own in the service's subnet in the
// instance's zone, with the service's security groups and, on EC2, no public
// address (AWS-FACTS 4).
void Network::addTaskEnis() {
  size_t before = enis_.size();
  for (const auto& t : placement_.tasks) {
    if (t.eni.empty()) continue;
    const EcsService* svc = stack_.ecs_services.find(t.service);
    int subnet = -1;
    if (!t.subnet.empty()) {
      subnet = subnetIndex(t.subnet);
    } else {
      int host = eniByName(t.instance);
      if (host < 0) continue;
      const std::string& az = subnets_[enis_[host].subnet].subnet->az;
      for (const auto& sub : svc->subnets)
        if (int i = subnetIndex(sub); i >= 0 && subnets_[i].subnet->az == az && subnet < 0) subnet = i;
    }
    if (subnet < 0) continue;
    std::vector<int> sgs;
    for (const auto& n : svc->sgs)
      if (int i = sgIndex(n); i >= 0) sgs.push_back(i);
    // Only Fargate tasks can have a public address (assignPublicIp).
    std::optional<Ipv4> pub;
    if (!t.subnet.empty() && svc->assign_public_ip) pub = 0;
    addEni({t.eni, EniKind::EcsTask, t.service, subnet, 0, pub, sgs, true, false, svc->loc}, std::nullopt);
  }
  if (enis_.size() > before) assignAddresses();
}

void Network::addEni(NetEni e, std::optional<Ipv4> staticIp) {
  if (e.subnet < 0) return;  // the loader has reported the dangling subnet
  int idx = static_cast<int>(enis_.size());
  by_owner_[e.owner].push_back(idx);
  by_name_.emplace(e.name, idx);
  enis_.push_back(std::move(e));
  wanted_.push_back(staticIp);
}

// Static addresses first, then every other ENI gets the lowest free address
// of its subnet after the four AWS reserves, in declaration order, so that
// the same stack always gives the same addresses.
void Network::assignAddresses() {
  for (size_t i = 0; i < enis_.size(); ++i)
    if (wanted_[i] && enis_[i].ip == 0) {
      enis_[i].ip = *wanted_[i];
      by_private_[enis_[i].ip] = static_cast<int>(i);
    }
  std::map<int, Ipv4> cursor;
  for (size_t i = 0; i < enis_.size(); ++i) {
    if (wanted_[i] || enis_[i].ip != 0) continue;
    const Cidr& c = subnets_[enis_[i].subnet].subnet->cidr;
    Ipv4& next = cursor.try_emplace(enis_[i].subnet, c.first() + 4).first->second;
    while (by_private_.count(next) && next < c.last()) ++next;
    enis_[i].ip = next++;
    by_private_[enis_[i].ip] = static_cast<int>(i);
  }
  Ipv4 nextPublic = kStandInPublicBase + 1 + static_cast<Ipv4>(by_public_.size());
  for (size_t i = 0; i < enis_.size(); ++i) {
    if (!enis_[i].public_ip || by_public_.count(*enis_[i].public_ip)) continue;
    if (*enis_[i].public_ip == 0) enis_[i].public_ip = nextPublic++;
    by_public_[*enis_[i].public_ip] = static_cast<int>(i);
  }
}

int Network::vpcIndex(const std::string& name) const {
  auto it = vpc_index_.find(name);
  return it == vpc_index_.end() ? -1 : it->second;
}
int Network::subnetIndex(const std::string& name) const {
  auto it = subnet_index_.find(name);
  return it == subnet_index_.end() ? -1 : it->second;
}
int Network::sgIndex(const std::string& name) const {
  auto it = sg_index_.find(name);
  return it == sg_index_.end() ? -1 : it->second;
}
int Network::eniByPrivateIp(Ipv4 ip) const {
  auto it = by_private_.find(ip);
  return it == by_private_.end() ? -1 : it->second;
}
int Network::eniByPublicIp(Ipv4 ip) const {
  auto it = by_public_.find(ip);
  return it == by_public_.end() ? -1 : it->second;
}
std::vector<int> Network::enisOf(const std::string& owner) const {
  auto it = by_owner_.find(owner);
  return it == by_owner_.end() ? std::vector<int>{} : it->second;
}
int Network::eniByName(const std::string& name) const {
  auto it = by_name_.find(name);
  return it == by_name_.end() ? -1 : it->second;
}

int Network::subnetContaining(int vpc, Ipv4 ip) const {
  for (size_t i = 0; i < subnets_.size(); ++i)
    if (subnets_[i].vpc == vpc && subnets_[i].subnet->cidr.contains(ip)) return static_cast<int>(i);
  return -1;
}

bool Network::inVpc(int vpc, Ipv4 ip) const {
  if (vpc < 0) return false;
  for (const auto& c : stack_.vpcs[vpc].cidrs)
    if (c.contains(ip)) return true;
  return false;
}

bool Network::eniHasSg(int eni, int sg) const {
  const auto& s = enis_[eni].sgs;
  return std::find(s.begin(), s.end(), sg) != s.end();
}

}  // namespace awssim::sim
