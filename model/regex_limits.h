// libstdc++'s std::regex matches recursively, a stack frame or more per
// character, so a long enough input overflows the stack (libFuzzer found one
// through a JSON syntax error message). Text longer than this is never handed
// to a regex: awssim's patterns read names, lines and values far shorter,
// and longer text is reported or taken as plain text.
#pragma once

#include <cstddef>
#include <string_view>

namespace awssim::model {

constexpr size_t kMaxRegexInput = 2048;
inline bool regexSafe(std::string_view s) { return s.size() <= kMaxRegexInput; }

}  // namespace awssim::model
