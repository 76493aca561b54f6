// A stack folder as it was at a git revision, read through git itself (no
// checkout, the work tree untouched): `awssim diff --base REF STACK`.
#pragma once

#include <optional>
#include <string>

#include "model/file_source.h"

namespace awssim::cli {

/// The files under `folder` (inside a git work tree) as committed at `ref`,
/// at the paths they have under `folder` on disk, so the loader reads the
/// old version exactly as it reads the new one. Symbolic links and
/// submodules are left out. nullopt, with the reason in `why`, when git is
/// missing, the folder is not in a repository or `ref` names no commit.
std::optional<model::MemoryFileSource> gitSnapshot(const std::string& folder, const std::string& ref, std::string* why);

}  // namespace awssim::cli
