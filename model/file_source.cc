#include "model/file_source.h"

#include <algorithm>
#include <filesystem>
#include <set>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace awssim::model {

std::optional<std::string> DiskFileSource::read(const std::string& path) const {
  std::error_code ec;
  // Only regular files (not /dev/zero, not a folder), and none larger than
  // any real input: a describe-* dump of 100k interfaces is ~200 MB.
  if (!fs::is_regular_file(path, ec)) return std::nullopt;
  if (auto size = fs::file_size(path, ec); ec || size > kMaxInputBytes) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string DiskFileSource::realPath(const std::string& path) const {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(fs::absolute(path, ec), ec);
  if (ec) return path;
  return p.string();
}

bool DiskFileSource::isDirectory(const std::string& path) const {
  std::error_code ec;
  return fs::is_directory(path, ec);
}

std::optional<std::string> MemoryFileSource::read(const std::string& path) const {
  auto it = files_.find(joinPath("", path));
  if (it == files_.end()) return std::nullopt;
  return it->second;
}

bool MemoryFileSource::isDirectory(const std::string& path) const {
  std::string prefix = joinPath("", path);
  if (prefix.empty() || prefix == ".") return true;
  prefix += '/';
  auto it = files_.lower_bound(prefix);
  return it != files_.end() && it->first.compare(0, prefix.size(), prefix) == 0;
}

std::vector<std::string> DiskFileSource::list(const std::string& dir) const {
  std::vector<std::string> out;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) out.push_back(it->path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> MemoryFileSource::list(const std::string& dir) const {
  std::string prefix = joinPath("", dir);
  prefix = prefix.empty() || prefix == "." ? "" : prefix + '/';
  std::set<std::string> names;
  for (auto it = files_.lower_bound(prefix); it != files_.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it)
    names.insert(it->first.substr(prefix.size(), it->first.find('/', prefix.size()) - prefix.size()));
  return {names.begin(), names.end()};
}

std::string joinPath(const std::string& dir, const std::string& ref) {
  fs::path p = (dir.empty() || fs::path(ref).is_absolute()) ? fs::path(ref) : fs::path(dir) / ref;
  std::string s = p.lexically_normal().generic_string();
  if (s.size() > 1 && s.back() == '/') s.pop_back();
  return s;
}

std::string dirName(const std::string& path) {
  return fs::path(path).parent_path().generic_string();
}

}  // namespace awssim::model
