// Property: a secret written in any of the forms people write them (a
// setting's value, a URL's password, an Authorization header, curl -u, a
// bad .env line), in any manifest the seed reads (.env, compose, user data,
// a heredoc, an app config, a task definition), never appears in any output
// of any command: the six report formats, stdout and stderr.
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <filesystem>
#include <fstream>
#include <functional>

#include "../property/check_cases.h"
#include "run.h"

namespace {

using awssim::e2e::run;
namespace fs = std::filesystem;

std::string slurp(const fs::path& path) {
  std::ifstream in(path);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void append(const fs::path& file, const std::string& text) {
  std::ofstream out(file, std::ios::app);
  out << text;
}

void replaceIn(const fs::path& file, const std::string& from, const std::string& to) {
  std::string s = slurp(file);
  size_t at = s.find(from);
  ASSERT_NE(at, std::string::npos) << file << " lacks " << from;
  s.replace(at, from.size(), to);
  std::ofstream(file, std::ios::trunc) << s;
}

/// One way to write a secret into a copy of a seed fixture.
struct Placement {
  const char* seed;  // seed-ec2 or seed-ecs
  std::function<void(const fs::path& dir, const std::string& secret)> write;
};

std::vector<Placement> placements() {
  return {
      {"seed-ec2", [](const fs::path& d, const std::string& s) { append(d / "messages/.env", "DB_PASSWORD=" + s + "\n"); }},
      {"seed-ec2", [](const fs::path& d, const std::string& s) {
         append(d / "messages/.env", "REDIS_URL=redis://:" + s + "@10.0.0.4:6379\n");
       }},
      {"seed-ec2", [](const fs::path& d, const std::string& s) {
         append(d / "messages/.env", "DATABASE_URL=postgres://app:" + s + "@10.0.0.4/app\n");
       }},
      // A line that is not KEY=value must not be echoed in its diagnostic.
      {"seed-ec2", [](const fs::path& d, const std::string& s) { append(d / "messages/.env", s + "\n"); }},
      {"seed-ec2", [](const fs::path& d, const std::string& s) {
         replaceIn(d / "redis/docker-compose.yaml", "    restart: always",
                   "    restart: always\n    environment:\n      - REDIS_URL=redis://default:" + s + "@10.0.0.4:6379");
       }},
      {"seed-ec2", [](const fs::path& d, const std::string& s) {
         append(d / "messages/user-data.sh", "curl -u admin:" + s + " http://10.0.0.5:8761/eureka/apps\n");
       }},
      {"seed-ec2", [](const fs::path& d, const std::string& s) {
         append(d / "messages/user-data.sh", "curl -H 'authorization: bearer " + s + "' http://10.0.0.5:8761/\n");
       }},
      {"seed-ec2", [](const fs::path& d, const std::string& s) {
         append(d / "messages/user-data.sh", "curl -H \"Authorization: Basic " + s + "\" http://10.0.0.5:8761/\n");
       }},
      {"seed-ec2", [](const fs::path& d, const std::string& s) {
         append(d / "messages/user-data.sh", "cat > extra.env <<'EOF'\nAPI_TOKEN=" + s +
                                                 "\nCACHE_URL=redis://:" + s + "@10.0.0.4:6379\nEOF\n");
       }},
      {"seed-ec2", [](const fs::path& d, const std::string& s) {
         append(d / "messages/application.yaml", "datasource:\n  url: postgres://app:" + s + "@10.0.0.4:5432/app\n  password: " + s + "\n");
       }},
      {"seed-ecs", [](const fs::path& d, const std::string& s) {
         replaceIn(d / "redis/redis-task-definition.json", "\"environment\": [],",
                   "\"environment\": [{\"name\": \"REDIS_PASSWORD\", \"value\": \"" + s +
                       "\"}, {\"name\": \"PRIMARY\", \"value\": \"redis://:" + s + "@10.0.0.4:6379\"}],");
       }},
  };
}

const char* kFormats[] = {"json", "junit", "sarif", "markdown", "html"};

TEST(Secrets, NeverAppearInAnyOutput) {
  static const std::vector<Placement> all = placements();
  int caseNo = 0;
  // Each case runs the binary six times: 80 cases cover every placement
  // several times with different secrets.
  awssim::proptest::checkCases(80, [&] {
    size_t which = *rc::gen::inRange<size_t>(0, all.size());
    // A prefix no fixture holds, so a hit can only be the secret.
    std::string secret = "Zq" + *rc::gen::container<std::string>(
                                    *rc::gen::inRange(6, 30),
                                    rc::gen::elementOf(std::string("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")));
    const Placement& p = all[which];
    fs::path dir = fs::path(::testing::TempDir()) / ("awssim-secret-" + std::to_string(caseNo++));
    fs::remove_all(dir);
    fs::create_directories(dir);
    fs::copy(std::string(AWSSIM_SOURCE_DIR) + "/fixtures/" + p.seed, dir / p.seed, fs::copy_options::recursive);
    fs::path stack = dir / p.seed / "stack.yaml";
    p.write(dir / p.seed, secret);
    std::string args = "check " + stack.string();
    for (const char* f : kFormats) args += std::string(" --report ") + f + "=" + (dir / f).string();
    std::vector<std::string> outputs = {run(args).out, run("check " + stack.string() + " --format sarif").out,
                                        run("intents " + stack.string()).out, run("intents " + stack.string() + " --json").out,
                                        run("validate " + stack.string()).out, run("ecs " + stack.string()).out};
    for (const char* f : kFormats)
      if (fs::exists(dir / f)) outputs.push_back(slurp(dir / f));
    for (const auto& out : outputs) RC_ASSERT(out.find(secret) == std::string::npos);
    // The reports were written (the secret did not make the input unusable
    // except for a bad .env line, whose diagnostic is checked above).
    RC_ASSERT(which == 3 || fs::exists(dir / "json"));
    fs::remove_all(dir);
  });
}

}  // namespace

#include <sstream>

#include "cli/safe_output.h"

namespace awssim::e2e {
namespace {

// Output leaves the filter a line at a time once a megabyte waits (a 100k
// matrix streams instead of sitting in memory); a secret whose name and
// value come in separate writes across that point is still masked, because
// only whole lines leave early.
TEST(SafeOutput, StreamsWholeLinesAndStillMasks) {
  std::ostringstream sink;
  cli::SafeOutputBuf buf(sink.rdbuf());
  std::ostream os(&buf);
  std::string line(1023, 'a');
  for (int i = 0; i < 1100; ++i) os << line << "\n";
  os << "REDIS_PASSWORD=";
  EXPECT_GT(sink.str().size(), 1'000'000u);  // earlier lines already left
  for (int i = 0; i < 100; ++i) os << "hunter2";
  os << "\n" << line << "\n\x1b[31m\n";
  os.flush();
  std::string out = sink.str();
  EXPECT_EQ(out.find("hunter2"), std::string::npos);
  EXPECT_NE(out.find("REDIS_PASSWORD=****\n"), std::string::npos);
  EXPECT_EQ(out.find('\x1b'), std::string::npos);
  EXPECT_EQ(out.size(), 1101u * 1024 + std::string("REDIS_PASSWORD=****\n").size() + std::string("\\u001b[31m\n").size());
}

}  // namespace
}  // namespace awssim::e2e
