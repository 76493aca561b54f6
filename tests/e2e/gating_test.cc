// End-to-end: suppressions (list and inline comments, reasons, expiry),
// baselines, --fail-on, --soft-fail and the .awssim.yaml project config.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

#include "run.h"

namespace {

using awssim::e2e::run;
namespace fs = std::filesystem;

/// A copy of the seed-ec2 fixture in a temporary folder, with `extra`
/// appended to the stack and `edit` applied to it.
std::string seedCopy(const std::string& name, const std::string& extra, const std::string& from = "",
                     const std::string& to = "") {
  fs::path dir = fs::path(::testing::TempDir()) / ("awssim-" + name);
  fs::remove_all(dir);
  fs::copy(fs::path(AWSSIM_SOURCE_DIR) / "fixtures/seed-ec2", dir, fs::copy_options::recursive);
  std::ifstream in(dir / "stack.yaml");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!from.empty()) text.replace(text.find(from), from.size(), to);
  std::ofstream(dir / "stack.yaml") << text << extra;
  return (dir / "stack.yaml").string();
}

// A suppression that cannot do what its author meant is a warning at its
// line: an unknown rule (with the closest ID), an unknown resource, or one
// that matches no finding. The one that works stays silent.
TEST(Gating, SuppressionsThatDoNothingAreWarnings) {
  std::string stack = seedCopy("sup-warn", "suppress:\n"
                                           "  - {rule: AWSSIM-TRAP-08, resource: messages, reason: typo}\n"
                                           "  - {rule: AWSSIM-TRAP-008, resource: mesages, reason: typo}\n"
                                           "  - {rule: AWSSIM-NET-001, resource: redis, reason: not exposed}\n"
                                           "  - {rule: AWSSIM-TRAP-008, resource: messages, reason: rotated weekly}\n");
  auto r = run("check " + stack);
  EXPECT_EQ(r.code, 0) << r.out;
  for (const char* w : {":143:5: warning: suppression names rule AWSSIM-TRAP-08, which awssim does not have; did you mean "
                        "'AWSSIM-TRAP-008'?",
                        ":144:5: warning: suppression of AWSSIM-TRAP-008 names resource 'mesages', which neither the stack nor "
                        "any finding has; did you mean 'messages'?",
                        ":145:5: warning: suppression of AWSSIM-NET-001 for redis matches no finding"})
    EXPECT_NE(r.out.find(w), std::string::npos) << w << "\n" << r.out;
  EXPECT_EQ(r.out.find(":146:5: warning"), std::string::npos) << r.out;
  auto j = nlohmann::json::parse(run("check " + stack + " --format json", false).out);
  size_t warnings = 0;
  for (const auto& d : j["diagnostics"]) warnings += d["severity"] == "warning";
  EXPECT_EQ(warnings, 3u);
}

TEST(Gating, SuppressionsNeedReasonsAndExpire) {
  std::string ok = seedCopy("sup", "suppress:\n  - {rule: AWSSIM-TRAP-008, resource: messages, reason: rotated weekly, expires: 2099-12-31}\n");
  auto r = run("check " + ok);
  EXPECT_EQ(r.code, 0) << r.out;  // the only high finding is accepted
  EXPECT_NE(r.out.find("suppressed:\n  AWSSIM-TRAP-008 messages: rotated weekly"), std::string::npos) << r.out;
  std::string old = seedCopy("sup-old", "suppress:\n  - {rule: AWSSIM-TRAP-008, resource: messages, reason: rotated weekly, expires: 2020-01-31}\n");
  auto e = run("check " + old);
  EXPECT_EQ(e.code, 1);
  EXPECT_NE(e.out.find("AWSSIM-TRAP-008 for messages expired on 2020-01-31 (rotated weekly)"),
            std::string::npos) << e.out;
  std::string bare = seedCopy("sup-bare", "suppress:\n  - {rule: AWSSIM-TRAP-008}\n");
  auto b = run("validate " + bare);
  EXPECT_EQ(b.code, 2);
  EXPECT_NE(b.out.find("error: suppression of AWSSIM-TRAP-008: give a reason"), std::string::npos) << b.out;
}

TEST(Gating, InlineCommentOnTheFindingsLine) {
  std::string s = seedCopy("inline", "", "  redis:\n    type: t3.micro\n",
                           "  redis:  # awssim:ignore AWSSIM-HYG-006 one redis is enough for the demo\n    type: t3.micro\n");
  auto r = run("check " + s + " --fail-on low");
  EXPECT_NE(r.out.find("AWSSIM-HYG-006 zone eu-north-1a: one redis is enough for the demo"), std::string::npos) << r.out;
  std::string noReason = seedCopy("inline-bare", "", "  redis:\n", "  redis:  # awssim:ignore AWSSIM-HYG-006\n");
  EXPECT_EQ(run("validate " + noReason).code, 2);
}

TEST(Gating, BaselineReportsOnlyNewFindings) {
  std::string s = seedCopy("baseline", "");
  std::string base = fs::path(s).parent_path() / "baseline.json";
  // Writing a baseline accepts what is there (Checkov's convention): exit 0.
  auto w = run("check " + s + " --write-baseline " + base);
  EXPECT_EQ(w.code, 0);
  EXPECT_TRUE(fs::exists(base));
  auto again = run("check " + s + " --baseline " + base);
  EXPECT_EQ(again.code, 0) << again.out;
  EXPECT_EQ(again.out.find("\nfindings:\n"), std::string::npos) << again.out;
  // A new problem still fails: SSH opened to the world on the gateway.
  std::string worse = seedCopy("baseline-worse", "", "      - {tcp: 22, from: sg:ice}\n    egress:\n      - {tcp: 443, to: pl:s3}\n      - {tcp: 8761, to: sg:discovery}\n      - {tcp: 80, to: sg:messages}",
                               "      - {tcp: 22, from: 0.0.0.0/0}\n    egress:\n      - {tcp: 443, to: pl:s3}\n      - {tcp: 8761, to: sg:discovery}\n      - {tcp: 80, to: sg:messages}");
  auto n = run("check " + worse + " --baseline " + base);
  EXPECT_EQ(n.code, 1);
  EXPECT_NE(n.out.find("AWSSIM-NET-001 [high] instance gateway"), std::string::npos) << n.out;
}

// Fingerprints name files relative to the project (here a repository), so
// two stack.yaml files sharing a baseline do not accept each other's
// findings (regression: both were "stack.yaml"); a baseline of file names
// alone, as older versions wrote, still matches.
TEST(Gating, BaselineFingerprintsAreProjectRelative) {
  fs::path repo = fs::path(::testing::TempDir()) / "awssim-project";
  fs::remove_all(repo);
  fs::create_directories(repo / ".git");
  fs::copy(fs::path(AWSSIM_SOURCE_DIR) / "fixtures/seed-ec2", repo / "a", fs::copy_options::recursive);
  fs::copy(fs::path(AWSSIM_SOURCE_DIR) / "fixtures/seed-ec2", repo / "b", fs::copy_options::recursive);
  std::string base = (repo / "baseline.json").string();
  EXPECT_EQ(run("check " + (repo / "a" / "stack.yaml").string() + " --write-baseline " + base).code, 0);
  std::ifstream in(base);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("\"AWSSIM-TRAP-008|messages|a/messages/.env\""), std::string::npos) << text;
  EXPECT_EQ(run("check " + (repo / "a" / "stack.yaml").string() + " --baseline " + base).code, 0);
  // b's identical finding is its own: not in a's baseline.
  auto b = run("check " + (repo / "b" / "stack.yaml").string() + " --baseline " + base);
  EXPECT_EQ(b.code, 1) << b.out;
  EXPECT_NE(b.out.find("AWSSIM-TRAP-008"), std::string::npos);
  // The same from another working folder.
  EXPECT_EQ(run("check a/stack.yaml --baseline baseline.json", true, repo.string()).code, 0);
  std::ofstream(repo / "legacy.json") << "{\"awssim_baseline\": 1, \"findings\": [\"AWSSIM-TRAP-008|messages|.env\"]}\n";
  EXPECT_EQ(run("check " + (repo / "b" / "stack.yaml").string() + " --baseline " + (repo / "legacy.json").string()).code, 0);
}

TEST(Gating, ProjectConfigAndFlags) {
  std::string s = seedCopy("config", "");
  std::ofstream(fs::path(s).parent_path() / ".awssim.yaml") << "fail_on: critical\n";
  EXPECT_EQ(run("check " + s).code, 0);
  EXPECT_EQ(run("check " + s + " --fail-on high").code, 1);  // the flag wins
  EXPECT_EQ(run("check " + s + " --fail-on HIGH").code, 1);  // in any case, as Checkov takes it
  EXPECT_EQ(run("check " + s + " --fail-on Critical").code, 0);
  EXPECT_EQ(run("check " + s + " --fail-on severe").code, 2);
  std::ofstream(fs::path(s).parent_path() / ".awssim.yaml") << "fail_on: severe\n";
  auto bad = run("check " + s);
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.out.find(".awssim.yaml:1:10: error: fail_on must be low, medium, high or critical, got 'severe'"),
            std::string::npos) << bad.out;
}

}  // namespace

namespace {

// Regression (issue 16, class 7): a baseline is exactly what
// --write-baseline writes; anything else is a located error (exit 2), and a
// folder or device is refused before it is read (class 6).
TEST(Gating, BaselinesOfTheWrongShapeAreLocatedErrors) {
  std::string s = seedCopy("baseline-bad", "");
  fs::path dir = fs::path(s).parent_path();
  struct Case {
    const char* text;
    const char* error;
  };
  const Case cases[] = {
      {"42\n", "b.json:1:1: error: baseline must be a map"},
      {"[1, 2]\n", "b.json:1:1: error: baseline must be a map"},
      {"null\n", "b.json:1:1: error: baseline must be a map"},
      {"{}\n", "b.json:1:1: error: baseline: missing required key 'awssim_baseline'"},
      {"{\"awssim_baseline\": 2, \"findings\": []}\n", "b.json:1:21: error: baseline awssim_baseline"},
      {"{\"awssim_baseline\": 1, \"findings\": \"x\"}\n", "b.json:1:36: error: baseline findings must be a list"},
  };
  for (const auto& c : cases) {
    std::ofstream(dir / "b.json") << c.text;
    auto r = run("check " + s + " --baseline " + (dir / "b.json").string());
    EXPECT_EQ(r.code, 2) << c.text << r.out;
    EXPECT_NE(r.out.find(c.error), std::string::npos) << c.text << r.out;
  }
  for (const char* bad : {"/dev/zero", "/tmp"}) {
    auto r = run("check " + s + " --baseline " + bad);
    EXPECT_EQ(r.code, 2) << bad;
    EXPECT_NE(r.out.find(std::string(bad) + ": error: cannot read the baseline: not a regular file"), std::string::npos)
        << r.out;
  }
}

// Regression (issue 16, class 5): reports are written through a unique
// temporary beside the target and a rename. A planted link at the old fixed
// temporary name is left alone; a target that is a folder or a device is
// refused; no temporary is left behind; concurrent writers each leave a
// whole report.
TEST(Gating, ReportsAreWrittenAtomicallyAndSafely) {
  std::string s = seedCopy("report-write", "");
  fs::path dir = fs::path(s).parent_path();
  fs::path victim = dir / "victim.txt";
  std::ofstream(victim) << "keep me\n";
  fs::create_symlink(victim, dir / "out.json.awssim-tmp");
  auto r = run("check " + s + " --soft-fail --report json=" + (dir / "out.json").string());
  EXPECT_EQ(r.code, 0) << r.out;
  std::ifstream v(victim);
  std::string kept((std::istreambuf_iterator<char>(v)), std::istreambuf_iterator<char>());
  EXPECT_EQ(kept, "keep me\n");
  EXPECT_TRUE(fs::is_regular_file(dir / "out.json"));
  auto folder = run("check " + s + " --soft-fail --report json=" + dir.string());
  EXPECT_EQ(folder.code, 2);
  EXPECT_NE(folder.out.find("cannot write " + dir.string() + ": it exists and is not a regular file"), std::string::npos)
      << folder.out;
  auto device = run("check " + s + " --soft-fail --report json=/dev/null");
  EXPECT_EQ(device.code, 2);
  // Six writers at once: every one succeeds and the file is one whole report.
  std::string cmd;
  for (int i = 0; i < 6; ++i)
    cmd += std::string(AWSSIM_BINARY) + " check " + s + " --soft-fail --report sarif=" + (dir / "same.sarif").string() +
           " > /dev/null 2>&1 & ";
  EXPECT_EQ(std::system(("(" + cmd + "wait) ").c_str()), 0);
  std::ifstream in(dir / "same.sarif");
  std::string sarif((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(sarif.rfind("{", 0), 0u);
  EXPECT_EQ(sarif.substr(sarif.find_last_not_of('\n')), "}\n");
  for (const auto& e : fs::directory_iterator(dir))
    EXPECT_NE(e.path().filename().string().rfind(".", 0) == 0 &&
                  e.path().filename().string().find(".awssim-") != std::string::npos,
              true)
        << "temporary left behind: " << e.path();
}

}  // namespace
