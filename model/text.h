// Text hygiene shared by every loader and every output: strict UTF-8 for
// what comes in (RFC 3629: no overlong forms, no surrogates, nothing above
// U+10FFFF), and control characters escaped in what goes out, so a name in
// a manifest can neither break a report's encoding nor steer a terminal.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "model/diagnostics.h"

namespace awssim::model {

/// The byte offset of the first byte that is not part of well-formed UTF-8.
std::optional<size_t> invalidUtf8(std::string_view text);
/// The same as a location in `file` (line and column counted in characters).
std::optional<Location> invalidUtf8At(std::string_view text, const std::string& file);

/// Control characters (C0 but tab and newline, DEL, C1) and the bidirectional
/// overrides that reorder what a terminal or browser shows, written as
/// \uXXXX; malformed UTF-8 bytes become U+FFFD. Everything else is unchanged.
std::string escapeControls(std::string_view text);

/// The longest prefix of at most `max` bytes that ends at a character
/// boundary (a cut never splits a UTF-8 sequence).
std::string_view prefixOf(std::string_view text, size_t max);
/// At most `max` bytes of text, cut at a character boundary, with "..."
/// appended when cut.
std::string shorten(std::string_view text, size_t max);

}  // namespace awssim::model
