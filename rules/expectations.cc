#include "rules/expectations.h"

#include <fmt/format.h>

#include "sim/aws_services.h"

namespace awssim::rules {

using namespace model;

std::vector<ExpectationResult> checkExpectations(const sim::Network& net) {
  std::vector<ExpectationResult> out;
  for (const auto& e : net.stack().expectations) {
    ExpectationResult r;
    r.expectation = &e;
    r.question = fmt::format("{} -> {}{}/{}", e.from, e.to, e.port ? ":" + std::to_string(*e.port) : "", protocolName(e.protocol));
    // Without a port the question is "does anything get through?", answered
    // over every protocol and port (services and load balancers have their
    // own default ports).
    bool setQuestion = !e.port && !sim::isAwsService(e.to) && !net.stack().load_balancers.find(e.to);
    if (setQuestion) {
      std::string err;
      r.traffic = sim::reachableTraffic(net, e.from, e.to, &err);
      r.error = err;
      r.reachable = !r.traffic->empty();
    } else {
      r.result = sim::runQuery(net, sim::Query{e.from, e.to, e.protocol, e.port, std::nullopt, std::nullopt});
      r.error = r.result.error;
      r.reachable = r.result.reachable;
    }
    r.holds = r.error.empty() && r.reachable == e.reachable;
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace awssim::rules
