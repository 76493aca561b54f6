#include "cli/git_source.h"

#include <fmt/format.h>

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

extern char** environ;

namespace awssim::cli {

namespace {

struct Run {
  int status = -1;  // exit status, or -1 when git could not be started
  std::string out, err;
};

// Runs git with these arguments (no shell: nothing in them is interpreted)
// and collects both streams, polled together so neither pipe can fill up
// and stall the other.
Run git(const std::vector<std::string>& args, size_t maxOut) {
  Run r;
  int out[2], err[2];
  if (::pipe(out) != 0) return r;
  if (::pipe(err) != 0) {
    ::close(out[0]);
    ::close(out[1]);
    return r;
  }
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&fa, out[1], 1);
  posix_spawn_file_actions_adddup2(&fa, err[1], 2);
  posix_spawn_file_actions_addclose(&fa, out[0]);
  posix_spawn_file_actions_addclose(&fa, err[0]);
  std::vector<std::string> argv = {"git"};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<char*> cargv;
  for (auto& a : argv) cargv.push_back(a.data());
  cargv.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, "git", &fa, nullptr, cargv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  ::close(out[1]);
  ::close(err[1]);
  if (rc != 0) {
    ::close(out[0]);
    ::close(err[0]);
    r.err = std::strerror(rc);
    return r;
  }
  pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
  std::string* sinks[2] = {&r.out, &r.err};
  int open = 2;
  bool tooBig = false;
  char buf[65536];
  while (open > 0) {
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int k = 0; k < 2; ++k) {
      if (fds[k].fd < 0 || !(fds[k].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t n = ::read(fds[k].fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        ::close(fds[k].fd);
        fds[k].fd = -1;
        --open;
        continue;
      }
      if (sinks[k]->size() + static_cast<size_t>(n) > (k == 0 ? maxOut : 65536)) {
        tooBig |= k == 0;
        continue;  // keep draining so git can finish
      }
      sinks[k]->append(buf, static_cast<size_t>(n));
    }
  }
  int st = 0;
  while (::waitpid(pid, &st, 0) < 0 && errno == EINTR) {
  }
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128;
  if (tooBig) {
    r.status = 125;
    r.err = "the output is larger than the input limit";
  }
  return r;
}

std::string firstLine(const std::string& s) {
  std::string l = s.substr(0, s.find('\n'));
  return l.empty() ? "git failed" : l;
}

}  // namespace

std::optional<model::MemoryFileSource> gitSnapshot(const std::string& folder, const std::string& ref, std::string* why) {
  auto fail = [&](std::string reason) -> std::optional<model::MemoryFileSource> {
    if (why) *why = std::move(reason);
    return std::nullopt;
  };
  if (ref.empty() || ref[0] == '-') return fail(fmt::format("'{}' is not a revision", ref));
  std::string dir = folder.empty() ? "." : folder;
  Run top = git({"-C", dir, "rev-parse", "--show-toplevel", "--show-prefix"}, 1 << 20);
  if (top.status < 0) return fail("cannot run git: " + top.err);
  if (top.status != 0) return fail(fmt::format("{} is not inside a git work tree: {}", dir, firstLine(top.err)));
  std::string root = top.out.substr(0, top.out.find('\n'));
  std::string prefix = top.out.substr(top.out.find('\n') + 1);
  prefix = prefix.substr(0, prefix.find('\n'));
  Run rev = git({"-C", root, "rev-parse", "--verify", "--quiet", "--end-of-options", ref + "^{commit}"}, 1 << 20);
  if (rev.status != 0) return fail(fmt::format("'{}' names no commit of the repository at {}", ref, root));
  std::string commit = rev.out.substr(0, rev.out.find('\n'));
  std::vector<std::string> ls = {"-C", root, "ls-tree", "-r", "-z", commit};
  if (!prefix.empty()) ls.insert(ls.end(), {"--", prefix});
  Run tree = git(ls, 64 << 20);
  if (tree.status != 0) return fail("git ls-tree: " + firstLine(tree.err));
  model::MemoryFileSource files;
  unsigned long long total = 0;
  size_t pos = 0;
  while (pos < tree.out.size()) {
    size_t end = tree.out.find('\0', pos);
    if (end == std::string::npos) end = tree.out.size();
    std::string entry = tree.out.substr(pos, end - pos);
    pos = end + 1;
    // "<mode> <type> <object>\t<path>"
    size_t tab = entry.find('\t');
    if (tab == std::string::npos || entry.compare(0, 3, "100") != 0) continue;  // links, submodules
    size_t sp2 = entry.rfind(' ', tab);
    std::string object = entry.substr(sp2 + 1, tab - sp2 - 1);
    std::string path = entry.substr(tab + 1);
    if (path.compare(0, prefix.size(), prefix) != 0) continue;
    Run blob = git({"-C", root, "cat-file", "blob", object}, model::kMaxInputBytes);
    if (blob.status != 0) return fail(fmt::format("git cat-file {}: {}", path, firstLine(blob.err)));
    total += blob.out.size();
    if (total > model::kMaxInputBytes) return fail(fmt::format("{} at {} is larger than the input limit", dir, ref));
    files.add(model::joinPath(folder, path.substr(prefix.size())), std::move(blob.out));
  }
  return files;
}

}  // namespace awssim::cli
