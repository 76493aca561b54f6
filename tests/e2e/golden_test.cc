// Golden files: `awssim check` on the seed fixtures in every format must
// match tests/golden/ byte for byte, and two runs must agree. After an
// intended change, regenerate with AWSSIM_UPDATE_GOLDEN=1 and review the diff.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "run.h"

namespace {

using awssim::e2e::run;

const std::string kSource = AWSSIM_SOURCE_DIR;

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

/// Runs from the source folder so that paths in the output are relative.
std::string check(const std::string& args) {
  setenv("AWSSIM_TODAY", "2026-11-26", 1);
  return run("check " + args + " --soft-fail", false, kSource).out;
}

void expectGolden(const std::string& name, const std::string& args) {
  std::string first = check(args);
  std::string path = kSource + "/tests/golden/" + name;
  const char* update = std::getenv("AWSSIM_UPDATE_GOLDEN");
  if (update && std::string(update) == "1") {
    std::ofstream(path, std::ios::binary) << first;
    GTEST_SKIP() << "wrote " << path;
  }
  EXPECT_EQ(first, check(args)) << name << ": two runs differ";
  std::string golden = slurp(path);
  ASSERT_FALSE(golden.empty()) << path << " is missing; run with AWSSIM_UPDATE_GOLDEN=1";
  EXPECT_EQ(first, golden) << name << " differs from its golden file; if intended, regenerate with AWSSIM_UPDATE_GOLDEN=1";
}

struct Case {
  const char* fixture;
  const char* format;
  const char* ext;
};

class Golden : public ::testing::TestWithParam<Case> {};

TEST_P(Golden, MatchesByteForByte) {
  const Case& c = GetParam();
  expectGolden(std::string(c.fixture) + "." + c.ext,
               std::string("fixtures/") + c.fixture + "/stack.yaml --color never --format " + c.format);
}

INSTANTIATE_TEST_SUITE_P(
    Seeds, Golden,
    ::testing::Values(Case{"seed-ec2", "text", "txt"}, Case{"seed-ec2", "json", "json"}, Case{"seed-ec2", "junit", "junit.xml"},
                      Case{"seed-ec2", "sarif", "sarif"}, Case{"seed-ec2", "markdown", "md"}, Case{"seed-ec2", "html", "html"},
                      Case{"seed-ecs", "text", "txt"}, Case{"seed-ecs", "json", "json"}, Case{"seed-ecs", "junit", "junit.xml"},
                      Case{"seed-ecs", "sarif", "sarif"}, Case{"seed-ecs", "markdown", "md"}, Case{"seed-ecs", "html", "html"}),
    [](const ::testing::TestParamInfo<Case>& i) {
      std::string n = std::string(i.param.fixture) + "_" + i.param.format;
      for (char& ch : n)
        if (ch == '-') ch = '_';
      return n;
    });

TEST(Golden, MarkdownWithCostDelta) {
  expectGolden("seed-ec2-nat-vs-main.md",
               "fixtures/seed-ec2/with-nat-gateway.yaml --compare-to fixtures/seed-ec2/stack.yaml --format markdown");
}

}  // namespace
