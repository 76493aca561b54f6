// Runs the awssim binary with arguments and captures its exit code and output.
#pragma once

#include <array>
#include <cstdio>
#include <string>
#include <sys/wait.h>

namespace awssim::e2e {

struct Run {
  int code;
  std::string out;
};

/// A shell command's exit code and stdout.
inline Run shell(const std::string& cmd) {
  FILE* p = popen(cmd.c_str(), "r");
  std::string out;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  int status = pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

/// stdout, and stderr too unless `withStderr` is false (for JSON output);
/// in the folder `cwd` when one is given.
inline Run run(const std::string& args, bool withStderr = true, const std::string& cwd = "") {
  return shell((cwd.empty() ? "" : "cd '" + cwd + "' && ") + std::string(AWSSIM_BINARY) + " " + args +
               (withStderr ? " 2>&1" : " 2>/dev/null"));
}

}  // namespace awssim::e2e
