// FileSource: where loaders read manifests from. The disk implementation is
// used by the CLI; the in-memory one lets loader tests state their inputs
// inline and run without touching the file system (ninja's VirtualFileSystem).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace awssim::model {

class FileSource {
 public:
  virtual ~FileSource() = default;
  /// The file's contents, or nullopt when it cannot be read.
  virtual std::optional<std::string> read(const std::string& path) const = 0;
  /// The path with symbolic links resolved, used to confine references to the
  /// stack's folder. Identity for sources without links.
  virtual std::string realPath(const std::string& path) const { return path; }
  /// Whether the path names a directory.
  virtual bool isDirectory(const std::string& path) const = 0;
  /// The names of a directory's entries, sorted (empty when it is none).
  virtual std::vector<std::string> list(const std::string& dir) const = 0;
};

/// The largest file the disk source reads.
constexpr unsigned long long kMaxInputBytes = 1ULL << 30;

class DiskFileSource : public FileSource {
 public:
  std::optional<std::string> read(const std::string& path) const override;
  std::string realPath(const std::string& path) const override;
  bool isDirectory(const std::string& path) const override;
  std::vector<std::string> list(const std::string& dir) const override;
};

class MemoryFileSource : public FileSource {
 public:
  void add(const std::string& path, std::string contents) { files_[path] = std::move(contents); }
  std::optional<std::string> read(const std::string& path) const override;
  bool isDirectory(const std::string& path) const override;
  std::vector<std::string> list(const std::string& dir) const override;

 private:
  std::map<std::string, std::string> files_;
};

/// Lexically joins a reference written in a manifest to the folder of the
/// manifest and normalises it ("a/./b/../c" -> "a/c").
std::string joinPath(const std::string& dir, const std::string& ref);
/// The folder part of a path ("" for a bare file name).
std::string dirName(const std::string& path);

}  // namespace awssim::model
