// End-to-end: check's JSON, JUnit and SARIF outputs, validated against the
// schemas in ../shared/schemas, stable across runs.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

#include "run.h"

namespace {

using awssim::e2e::run;
using awssim::e2e::shell;
namespace fs = std::filesystem;

const std::string kEc2 = std::string(AWSSIM_SOURCE_DIR) + "/fixtures/seed-ec2/";
const std::string kSchemas = std::string(AWSSIM_SHARED_DIR) + "/schemas/";

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

/// Runs check with all three reports into a fresh folder; returns it.
fs::path reportsOf(const std::string& stack, const std::string& name) {
  fs::path dir = fs::path(::testing::TempDir()) / ("awssim-reports-" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::string args = "check " + stack + " --report junit=" + (dir / "r.xml").string() + " --report sarif=" +
                     (dir / "r.sarif").string() + " --report json=" + (dir / "r.json").string();
  setenv("AWSSIM_TODAY", "2026-11-26", 1);
  run(args);
  return dir;
}

TEST(Reports, JunitValidatesAgainstBothSchemas) {
  fs::path dir = reportsOf(kEc2 + "broken-no-s3-route.yaml", "junit");
  for (const char* xsd : {"junit-10.xsd", "JUnit.xsd"}) {
    std::string cmd = "xmllint --noout --schema " + kSchemas + xsd + " " + (dir / "r.xml").string() + " 2>&1";
    EXPECT_EQ(std::system(cmd.c_str()), 0) << xsd;
  }
  std::string xml = slurp(dir / "r.xml");
  EXPECT_NE(xml.find("<testsuite name=\"expectations\""), std::string::npos);
  EXPECT_NE(xml.find("<failure type=\"expectation\" message=\"redis -> s3:443 reachable ("), std::string::npos) << xml;
  EXPECT_NE(xml.find("NO_ROUTE_TO_DESTINATION"), std::string::npos);
  EXPECT_FALSE(fs::exists(dir / "r.xml.awssim-tmp"));
}

// One suite per category; a task that cannot be placed fails in "ecs", the
// budget in "cost".
TEST(Reports, JunitHasEcsAndCostSuites) {
  fs::path dir = reportsOf(std::string(AWSSIM_SOURCE_DIR) + "/fixtures/seed-ecs/broken-one-instance.yaml", "junit-ecs");
  std::string xml = slurp(dir / "r.xml");
  for (const char* suite : {"expectations", "intents", "rules", "ecs", "cost"})
    EXPECT_NE(xml.find(std::string("<testsuite name=\"") + suite + "\""), std::string::npos) << suite;
  EXPECT_NE(xml.find("<testcase name=\"task messages/1 is placed\" classname=\"placement\" time=\"0\">\n      <failure "
                     "type=\"placement\" message=\"task messages/1 stays PENDING: public-cluster-1: RESOURCE:CPU, RESOURCE:MEMORY\">"),
            std::string::npos) << xml;
  EXPECT_NE(xml.find("<testcase name=\"task redis/1 is placed\" classname=\"placement\" time=\"0\" />"), std::string::npos);
  auto budget = run("check " + kEc2 + "stack.yaml --budget 5 --format junit", false);
  EXPECT_NE(budget.out.find("<failure type=\"budget\" message=\"$24.10/month is over the budget of $5.00\">"), std::string::npos)
      << budget.out;
}

TEST(Reports, SarifValidatesAndCarriesLocationsAndFingerprints) {
  std::string stack = kEc2 + "stack.yaml";
  fs::path dir = reportsOf(stack, "sarif");
  std::string cmd = "/usr/bin/python3 -c \"import json,jsonschema; jsonschema.Draft4Validator(json.load(open('" + kSchemas +
                    "sarif-schema-2.1.0.json'))).validate(json.load(open('" + (dir / "r.sarif").string() + "')))\"";
  EXPECT_EQ(std::system(cmd.c_str()), 0);
  auto j = nlohmann::json::parse(slurp(dir / "r.sarif"));
  const auto& run0 = j["runs"][0];
  EXPECT_EQ(run0["tool"]["driver"]["name"], "awssim");
  EXPECT_GE(run0["tool"]["driver"]["rules"].size(), 40u);
  bool password = false;
  for (const auto& r : run0["results"])
    if (r["ruleId"] == "AWSSIM-TRAP-008") {
      password = true;
      EXPECT_EQ(r["level"], "error");
      EXPECT_EQ(r["locations"][0]["physicalLocation"]["region"]["startLine"], 6);
      // Relative to the project (the repository), so two stacks never share a print.
      EXPECT_EQ(r["partialFingerprints"]["awssimFingerprint/v1"], "AWSSIM-TRAP-008|messages|fixtures/seed-ec2/messages/.env");
    }
  EXPECT_TRUE(password);
}

TEST(Reports, JsonIsVersionedAndRunsAreByteIdentical) {
  std::string stack = kEc2 + "stack.yaml";
  fs::path a = reportsOf(stack, "a"), b = reportsOf(stack, "b");
  for (const char* f : {"r.xml", "r.sarif", "r.json"}) EXPECT_EQ(slurp(a / f), slurp(b / f)) << f;
  auto j = nlohmann::json::parse(slurp(a / "r.json"));
  EXPECT_EQ(j["schema_version"], 1);
  EXPECT_EQ(j["expectations"].size(), 10u);
  EXPECT_EQ(j["summary"]["expectations_failed"], 0);
  EXPECT_EQ(j["intents"].size(), 13u);
  EXPECT_TRUE(j["cost"].is_object());
  auto stdoutJson = run("check " + stack + " --format json", false);
  EXPECT_EQ(stdoutJson.code, 1);
  EXPECT_EQ(nlohmann::json::parse(stdoutJson.out)["schema_version"], 1);
  EXPECT_EQ(run("check " + stack + " --report pdf=/tmp/x").code, 2);
}

TEST(Reports, MarkdownForPullRequests) {
  auto r = run("check " + kEc2 + "broken-no-s3-route.yaml --format markdown", false);
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("**8 of 10 expectations hold** · 8 of 13 intents hold"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("| redis -> s3:443 reachable | " + kEc2 + "broken-no-s3-route.yaml:134:5 | NO_ROUTE_TO_DESTINATION: "),
            std::string::npos) << r.out;
  EXPECT_NE(r.out.find("| high | AWSSIM-TRAP-008 | messages |"), std::string::npos);
}

TEST(Graph, TopologyAsDotAndSvg) {
  auto dot = run("graph " + kEc2 + "stack.yaml", false);
  EXPECT_EQ(dot.code, 0);
  EXPECT_EQ(dot.out.rfind("digraph G {", 0), 0u);
  EXPECT_NE(dot.out.find("\"eni:messages\"->\"eni:redis\"  [color=blue, label=\"tcp 6379\", style=dashed];"), std::string::npos)
      << dot.out;
  EXPECT_NE(dot.out.find("internet->\"eni:gateway\"  [color=red, label=\"tcp 80\", style=dashed];"), std::string::npos);
  EXPECT_NE(dot.out.find("\"subnet:private-a\"->\"endpoint:s3-endpoint\"  [color=black, label=\"pl:s3\", style=solid];"),
            std::string::npos);
  EXPECT_EQ(dot.out, run("graph " + kEc2 + "stack.yaml", false).out);
  fs::path svg = fs::path(::testing::TempDir()) / "awssim-seed.svg";
  auto r = run("graph " + kEc2 + "stack.yaml --format svg", false);
  EXPECT_EQ(r.code, 0);
  std::ofstream(svg) << r.out;
  EXPECT_EQ(std::system(("xmllint --noout " + svg.string()).c_str()), 0);
  EXPECT_NE(r.out.find("<svg"), std::string::npos);
}

// A secret that reaches a report (here through a user-data line an intent
// quotes) is masked in every format.
TEST(Reports, SecretsAreRedactedEverywhere) {
  fs::path dir = fs::path(::testing::TempDir()) / "awssim-redact";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "ud.sh") << "#!/bin/bash\naws s3 cp s3://bucket/app.tar /tmp/app.tar --metadata DB_PASSWORD=hunter2\n";
  std::ofstream(dir / "stack.yaml") << "region: us-east-1\nvpc: {name: m, cidr: 10.0.0.0/16}\n"
                                        "subnets: {a: {cidr: 10.0.0.0/24, az: a}}\n"
                                        "instances: {x: {type: t3.micro, subnet: a, user_data: ud.sh}}\n";
  std::string stack = (dir / "stack.yaml").string();
  for (const char* format : {"text", "json", "junit", "sarif", "markdown", "html"}) {
    auto r = run("check " + stack + " --format " + format, false);
    EXPECT_EQ(r.out.find("hunter2"), std::string::npos) << format;
    EXPECT_NE(r.out.find("DB_PASSWORD=****"), std::string::npos) << format << r.out.substr(0, 400);
  }
  EXPECT_EQ(run("intents " + stack + " --json", false).out.find("hunter2"), std::string::npos);
}

// Colour on request or on a terminal only; NO_COLOR wins over auto.
TEST(Reports, TextColourFollowsTheFlagAndNoColor) {
  std::string stack = kEc2 + "broken-no-s3-route.yaml";
  auto coloured = run("check " + stack + " --color always", false);
  EXPECT_NE(coloured.out.find("  \033[1;31mFAIL\033[0m redis -> s3:443 reachable"), std::string::npos);
  EXPECT_NE(coloured.out.find("\033[1mexpectations:\033[0m"), std::string::npos);
  // Not a terminal (a pipe here), so auto means none.
  EXPECT_EQ(run("check " + stack, false).out.find('\033'), std::string::npos);
  EXPECT_EQ(run("check " + stack + " --color never", false).out.find('\033'), std::string::npos);
  // On a terminal, NO_COLOR turns auto off (script gives the command a tty).
  std::string tty = "script -qec '" + std::string(AWSSIM_BINARY) + " check " + stack + " --color auto' /dev/null";
  auto onTty = awssim::e2e::shell(tty).out;
  EXPECT_NE(onTty.find("\033[1;31mFAIL"), std::string::npos);
  EXPECT_EQ(awssim::e2e::shell("NO_COLOR=1 " + tty).out.find('\033'), std::string::npos);
  EXPECT_EQ(run("check " + stack + " --color sometimes").code, 2);
}

// The HTML report goes to a file like the others, atomically, with every
// section the page promises (the browser test clicks through it).
TEST(Reports, HtmlReportFile) {
  fs::path dir = fs::path(::testing::TempDir()) / "awssim-html";
  fs::remove_all(dir);
  fs::create_directories(dir);
  auto r = run("check " + kEc2 + "broken-no-s3-route.yaml --report html=" + (dir / "r.html").string(), false);
  EXPECT_EQ(r.code, 1);
  std::string html = slurp(dir / "r.html");
  EXPECT_FALSE(fs::exists(dir / "r.html.awssim-tmp"));
  for (const char* id : {"summary", "expectations", "intents", "findings", "cost", "matrix", "path", "topology"})
    EXPECT_NE(html.find(std::string("<section id=\"") + id + "\">"), std::string::npos) << id;
  EXPECT_NE(html.find("<div class=\"card\" id=\"card-expectations\"><b class=\"fail\">8 / 10</b>"), std::string::npos);
  EXPECT_NE(html.find("NO_ROUTE_TO_DESTINATION"), std::string::npos);
  EXPECT_NE(html.find("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"topology\""), std::string::npos);
}

// Without Graphviz's dot on PATH: `graph --format svg` is an error that
// says what to install, and the HTML report is still written, saying why
// it has no picture.
TEST(Reports, WithoutGraphvizTheReportHasNoPictureAndSaysWhy) {
  fs::path dir = fs::path(::testing::TempDir()) / "awssim-nodot";
  fs::remove_all(dir);
  fs::create_directories(dir / "bin");
  std::string env = "env PATH=" + (dir / "bin").string() + " ";
  auto g = shell(env + AWSSIM_BINARY + " graph " + kEc2 + "stack.yaml --format svg 2>&1");
  EXPECT_EQ(g.code, 2);
  EXPECT_EQ(g.out, "awssim graph: Graphviz's dot program is not installed (Debian package graphviz)\n");
  auto r = shell(env + AWSSIM_BINARY + " check " + kEc2 + "stack.yaml --soft-fail --report html=" + (dir / "r.html").string() +
                 " >/dev/null 2>&1");
  EXPECT_EQ(r.code, 0);
  std::string html = slurp(dir / "r.html");
  EXPECT_NE(html.find("<p class=\"note\">No topology drawing: Graphviz&#39;s dot program is not installed (Debian package "
                      "graphviz).</p>"),
            std::string::npos);
  EXPECT_EQ(html.find("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"topology\""), std::string::npos);
}

TEST(Reports, CostDeltaAgainstAnotherStack) {
  std::string nat = kEc2 + "with-nat-gateway.yaml";
  auto text = run("check " + nat + " --compare-to " + kEc2 + "stack.yaml", false);
  EXPECT_NE(text.out.find("cost change against the compared stack: +$37.40/month on-demand ($37.08 -> $74.48)"),
            std::string::npos) << text.out;
  auto j = nlohmann::json::parse(run("check " + nat + " --compare-to " + kEc2 + "stack.yaml --format json", false).out);
  EXPECT_NEAR(j["cost_delta"]["change"].get<double>(), 37.40, 0.005);
  EXPECT_EQ(j["cost_delta"]["resources"][0]["resource"], "nat gateway nat-a");
  EXPECT_EQ(run("check " + nat + " --compare-to /nonexistent.yaml").code, 2);
}

// Every format states the verdict and why, with the exit code it gives.
TEST(Reports, EveryFormatStatesTheVerdict) {
  std::string stack = kEc2 + "stack.yaml";
  auto text = run("check " + stack, false);
  EXPECT_EQ(text.code, 1);
  EXPECT_NE(text.out.find("\nFAILED: 1 high finding (AWSSIM-TRAP-008), exit 1\n"), std::string::npos) << text.out;
  auto j = nlohmann::json::parse(run("check " + stack + " --format json", false).out);
  EXPECT_EQ(j["verdict"]["text"], "FAILED: 1 high finding (AWSSIM-TRAP-008), exit 1");
  EXPECT_EQ(j["verdict"]["failed"], true);
  EXPECT_EQ(j["verdict"]["exit_code"], 1);
  auto sarif = nlohmann::json::parse(run("check " + stack + " --format sarif", false).out);
  EXPECT_EQ(sarif["runs"][0]["properties"]["verdict"], "FAILED: 1 high finding (AWSSIM-TRAP-008), exit 1");
  EXPECT_EQ(sarif["runs"][0]["invocations"][0]["exitCode"], 1);
  std::string junit = run("check " + stack + " --format junit", false).out;
  EXPECT_NE(junit.find("<failure type=\"verdict\" message=\"FAILED: 1 high finding (AWSSIM-TRAP-008), exit 1\">"),
            std::string::npos);
  EXPECT_NE(run("check " + stack + " --format markdown", false).out.find("**FAILED: 1 high finding (AWSSIM-TRAP-008), exit 1**"),
            std::string::npos);
  EXPECT_NE(run("check " + stack + " --format html", false).out.find("<b>FAILED: 1 high finding (AWSSIM-TRAP-008), exit 1</b>"),
            std::string::npos);
  auto pass = run("check " + stack + " --fail-on CRITICAL", false);
  EXPECT_EQ(pass.code, 0);
  EXPECT_NE(pass.out.find("\nPASSED: 10 of 10 expectations hold, no finding at or above critical, exit 0\n"),
            std::string::npos) << pass.out;
  auto both = run("check " + kEc2 + "broken-redis-ingress-missing.yaml", false);
  EXPECT_NE(both.out.find("FAILED: 1 expectation fails and 2 high findings (AWSSIM-INTENT-001, AWSSIM-TRAP-008), exit 1"),
            std::string::npos) << both.out;
}

// A failed expectation is a SARIF result at the line that states it.
TEST(Reports, SarifCarriesFailedExpectations) {
  auto sarif = nlohmann::json::parse(run("check " + kEc2 + "broken-redis-ingress-missing.yaml --format sarif", false).out);
  bool found = false;
  for (const auto& r : sarif["runs"][0]["results"])
    if (r["ruleId"] == "AWSSIM-EXPECT-001") {
      found = true;
      EXPECT_EQ(r["message"]["text"], "expectation fails: messages -> redis:6379 reachable (got not reachable)");
      EXPECT_EQ(r["locations"][0]["physicalLocation"]["region"]["startLine"], 127);
      EXPECT_EQ(r["level"], "error");
    }
  EXPECT_TRUE(found);
}

// On bad input every requested report is still written, holding the errors
// (regression: none was written, and a CI upload step failed on the missing file).
TEST(Reports, BadInputStillWritesEveryReport) {
  fs::path dir = fs::path(::testing::TempDir()) / "awssim-bad-reports";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "stack.yaml") << "region: eu-north-1\nvpc: {name: main, cidr: 10.0.0.0/33}\n";
  std::string args = "check " + (dir / "stack.yaml").string();
  for (const char* f : {"json", "sarif", "junit", "markdown", "html", "text"})
    args += std::string(" --report ") + f + "=" + (dir / (std::string("r.") + f)).string();
  auto r = run(args);
  EXPECT_EQ(r.code, 2);
  for (const char* f : {"json", "sarif", "junit", "markdown", "html", "text"}) EXPECT_TRUE(fs::exists(dir / (std::string("r.") + f))) << f;
  auto j = nlohmann::json::parse(slurp(dir / "r.json"));
  EXPECT_EQ(j["verdict"]["exit_code"], 2);
  EXPECT_EQ(j["verdict"]["text"], "ERROR: the input cannot be used (1 error), exit 2");
  EXPECT_EQ(j["diagnostics"][0]["location"]["line"], 2);
  std::string sarifCheck = "/usr/bin/python3 -c \"import json,jsonschema; jsonschema.Draft4Validator(json.load(open('" +
                           kSchemas + "sarif-schema-2.1.0.json'))).validate(json.load(open('" + (dir / "r.sarif").string() +
                           "')))\"";
  EXPECT_EQ(std::system(sarifCheck.c_str()), 0);
  auto sarif = nlohmann::json::parse(slurp(dir / "r.sarif"));
  const auto& note = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"][0];
  EXPECT_EQ(note["level"], "error");
  EXPECT_EQ(note["locations"][0]["physicalLocation"]["region"]["startLine"], 2);
  EXPECT_EQ(sarif["runs"][0]["invocations"][0]["executionSuccessful"], false);
  for (const char* xsd : {"junit-10.xsd", "JUnit.xsd"}) {
    std::string cmd = "xmllint --noout --schema " + kSchemas + xsd + " " + (dir / "r.junit").string() + " 2>&1";
    EXPECT_EQ(std::system(cmd.c_str()), 0) << xsd;
  }
  EXPECT_NE(slurp(dir / "r.junit").find("<failure type=\"input\" message=\"ERROR: the input cannot be used (1 error), exit 2\">"),
            std::string::npos);
  EXPECT_NE(slurp(dir / "r.markdown").find("**ERROR: the input cannot be used (1 error), exit 2**"), std::string::npos);
  EXPECT_NE(slurp(dir / "r.text").find((dir / "stack.yaml").string() + ":2:"), std::string::npos);
}

// Checkov's --skip-check and --check; an unknown rule is a usage error with a hint.
TEST(Reports, SkipCheckAndCheckSelectRules) {
  std::string stack = kEc2 + "stack.yaml";
  EXPECT_EQ(run("check " + stack + " --skip-check AWSSIM-TRAP-008").code, 0);
  auto only = nlohmann::json::parse(run("check " + stack + " --check AWSSIM-HYG-006,AWSSIM-TRAP-008 --format json", false).out);
  std::set<std::string> ids;
  for (const auto& f : only["findings"]) ids.insert(f["rule"]);
  EXPECT_EQ(ids, (std::set<std::string>{"AWSSIM-HYG-006", "AWSSIM-TRAP-008"}));
  auto bad = run("check " + stack + " --skip-check AWSSIM-TRAP-08");
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.out.find("awssim: --skip-check AWSSIM-TRAP-08: no such rule; did you mean 'AWSSIM-TRAP-008'?"), std::string::npos)
      << bad.out;
}

TEST(Reports, TextReportIsStdoutUncoloured) {
  fs::path out = fs::path(::testing::TempDir()) / "awssim-text-report.txt";
  auto r = run("check " + kEc2 + "stack.yaml --color always --report text=" + out.string(), false);
  std::string file = slurp(out);
  EXPECT_EQ(file.find("\033["), std::string::npos);
  EXPECT_NE(r.out.find("\033["), std::string::npos);
  EXPECT_NE(file.find("FAILED: 1 high finding (AWSSIM-TRAP-008), exit 1"), std::string::npos);
}

// Checkov's --quiet (only what fails) and --compact (one line each).
TEST(Reports, QuietAndCompactText) {
  std::string stack = kEc2 + "broken-redis-ingress-missing.yaml";
  auto q = run("check " + stack + " --quiet", false);
  EXPECT_EQ(q.code, 1);
  EXPECT_EQ(q.out.find("  ok "), std::string::npos) << q.out;         // no holding expectation
  EXPECT_EQ(q.out.find("intents (derived"), std::string::npos) << q.out;  // no passing sections
  EXPECT_EQ(q.out.find("cost:"), std::string::npos) << q.out;
  EXPECT_NE(q.out.find("  FAIL messages -> redis:6379 reachable  ["), std::string::npos) << q.out;
  EXPECT_NE(q.out.find("expected reachable, got not reachable"), std::string::npos) << q.out;
  EXPECT_NE(q.out.find("\nFAILED: 1 expectation fails and 2 high findings (AWSSIM-INTENT-001, AWSSIM-TRAP-008), exit 1\n"),
            std::string::npos);
  auto c = run("check " + stack + " --quiet --compact", false);
  EXPECT_EQ(c.out.find("expected reachable"), std::string::npos) << c.out;
  EXPECT_EQ(c.out.find("fix:"), std::string::npos) << c.out;
  EXPECT_NE(c.out.find("  AWSSIM-TRAP-008 [high] messages  [" + kEc2 + "messages/.env:6:1]\n"), std::string::npos)
      << c.out;
  auto quietPass = run("check " + kEc2 + "stack.yaml --quiet --fail-on critical", false);
  EXPECT_EQ(quietPass.code, 0);
  EXPECT_EQ(quietPass.out.find("expectations:"), std::string::npos) << quietPass.out;
}

}  // namespace
