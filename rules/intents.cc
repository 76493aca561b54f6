#include "rules/intents.h"

#include <fmt/format.h>

#include "rules/catalog.h"
#include "sim/intents.h"

namespace awssim::rules {

using namespace model;

namespace {

/// Why a flow fails, the most telling reason first: an address nobody owns
/// matters more than the rules on the way to it.
std::string whyNot(const sim::QueryResult& r) {
  if (!r.error.empty()) return r.error;
  for (const auto& p : r.parts) {
    if (p.trace.reachable || p.trace.explanations.empty()) continue;
    std::vector<std::string> reasons;
    for (const auto& e : p.trace.explanations) {
      std::string text = fmt::format("{} at {}: {}", e.code, e.component, e.detail);
      if (e.code == "UNKNOWN_DESTINATION") reasons.insert(reasons.begin(), text);
      else reasons.push_back(text);
    }
    return fmt::format("{}", fmt::join(reasons, "; "));
  }
  for (const auto& n : r.notes) return n;
  return sim::dispositionName(r.disposition);
}

IntentResult imds(const sim::Network& net, const sim::DerivedNeed& n) {
  IntentResult r;
  r.is_flow = false;
  r.source = n.source;
  r.target = "instance metadata (IMDS)";
  r.loc = n.loc;
  r.reason = n.reason;
  r.holds = true;
  const Instance* i = net.stack().instances.find(n.source);
  if (!i) return r;
  if (!i->metadata.enabled) {
    r.holds = false;
    r.detail = fmt::format("instance metadata is disabled on {} (HttpEndpoint disabled)", i->name);
  } else if (n.imds_v1 && i->metadata.tokens_required) {
    r.holds = false;
    r.detail = fmt::format("{} requires IMDSv2 (tokens: required), but this call sends no session token; it gets "
                           "401 Unauthorized", i->name);
  }
  return r;
}

}  // namespace

std::vector<IntentResult> checkIntents(const sim::Network& net, const sim::Intents& intents) {
  std::vector<IntentResult> out;
  for (const auto& f : intents.flows) {
    IntentResult r;
    r.source = f.source;
    r.target = fmt::format("{}:{}/{}", f.host, f.port, protocolName(f.protocol));
    r.loc = f.loc;
    r.reason = f.reason;
    r.result = sim::runQuery(net, sim::Query{f.source, f.host, f.protocol, f.port, std::nullopt, std::nullopt});
    r.holds = r.result.error.empty() && r.result.reachable;
    r.resolved = r.result.destination;
    if (!r.holds) r.detail = whyNot(r.result);
    out.push_back(std::move(r));
  }
  for (const auto& n : intents.needs) {
    if (n.service == "imds") {
      out.push_back(imds(net, n));
      continue;
    }
    IntentResult r;
    r.is_flow = false;
    r.source = n.source;
    r.target = n.service;
    r.loc = n.loc;
    r.reason = n.reason;
    r.result = sim::runQuery(net, sim::Query{n.source, n.service, proto::kTcp, 443, std::nullopt, std::nullopt});
    r.holds = r.result.error.empty() && r.result.reachable;
    if (!r.holds) r.detail = whyNot(r.result);
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<Finding> intentFindings(const std::vector<IntentResult>& results) {
  std::vector<Finding> out;
  for (const auto& r : results) {
    if (r.holds) continue;
    std::string fix;
    for (const auto& p : r.result.parts)
      if (!p.trace.reachable && !p.trace.suggestions.empty()) fix = p.trace.suggestions.front();
    if (r.target == "instance metadata (IMDS)") {
      emit(out, "AWSSIM-INTENT-003", r.source,
           fmt::format("user-data calls the instance metadata service: {}", r.detail), r.loc,
           "request a token first (PUT /latest/api/token) and send it, or allow IMDSv1");
      continue;
    }
    emit(out, r.is_flow ? "AWSSIM-INTENT-001" : "AWSSIM-INTENT-002", r.source,
         r.is_flow
             ? fmt::format("{} is configured to reach {} ({}), but cannot: {}", r.source, r.target, r.reason, r.detail)
             : fmt::format("{} needs {} ({}), but cannot reach it: {}", r.source, r.target, r.reason, r.detail),
         r.loc, fix);
  }
  sortFindings(out);
  return out;
}

RuleFamily intentRules() {
  return {"intents",
          {
              {"AWSSIM-INTENT-001", Severity::High, "A flow the manifests imply does not get through",
               "A host and port in .env, compose, task definitions or app configs is a connection the workload will "
               "make; the engine finds it blocked or going nowhere.",
               "Fix the address or the rules the explanation names.", {}},
              {"AWSSIM-INTENT-002", Severity::High, "An AWS service the manifests need is not reachable",
               "user-data (aws s3 cp, aws ssm get-parameter, aws ec2 describe-instances ...) and task definitions "
               "(ECR images, awslogs, secrets) need AWS services from where the workload runs; a private subnet "
               "without endpoints or NAT cannot reach them.",
               "Add the endpoint (gateway endpoint for S3/DynamoDB, interface endpoint otherwise) or a NAT gateway.", {}},
              {"AWSSIM-INTENT-003", Severity::High, "Instance metadata call that will fail",
               "A metadata call without an IMDSv2 token gets 401 when the instance requires tokens; none works with "
               "the endpoint disabled.", "Request a token first, or change the instance's metadata options.", {}},
          },
          [](const RuleContext& ctx, std::vector<Finding>& out) {
            auto results = checkIntents(ctx.net, sim::deriveIntents(ctx.net.stack()));
            for (auto& f : intentFindings(results)) out.push_back(std::move(f));
          }};
}

}  // namespace awssim::rules
