// End-to-end: suppressions (list and inline comments, reasons, expiry),
// baselines, --fail-on, --soft-fail and the .awssim.yaml project config.
#include <gtest/gtest.h>

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
  auto w = run("check " + s + " --write-baseline " + base);
  EXPECT_EQ(w.code, 1);
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

TEST(Gating, ProjectConfigAndFlags) {
  std::string s = seedCopy("config", "");
  std::ofstream(fs::path(s).parent_path() / ".awssim.yaml") << "fail_on: critical\n";
  EXPECT_EQ(run("check " + s).code, 0);
  EXPECT_EQ(run("check " + s + " --fail-on high").code, 1);  // the flag wins
  std::ofstream(fs::path(s).parent_path() / ".awssim.yaml") << "fail_on: severe\n";
  auto bad = run("check " + s);
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.out.find(".awssim.yaml:1:10: error: fail_on must be low, medium, high or critical, got 'severe'"),
            std::string::npos) << bad.out;
}

}  // namespace
