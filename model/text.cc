#include "model/text.h"

#include <fmt/format.h>

namespace awssim::model {

namespace {

/// The length of the well-formed UTF-8 sequence at text[i], or 0
/// (RFC 3629 section 4, the table of well-formed byte sequences).
size_t sequenceLength(std::string_view text, size_t i) {
  auto at = [&](size_t k) { return static_cast<unsigned char>(text[i + k]); };
  unsigned char c = at(0);
  if (c < 0x80) return 1;
  size_t len;
  unsigned char lo = 0x80, hi = 0xBF;  // the second byte's range
  if (c >= 0xC2 && c <= 0xDF) len = 2;
  else if (c == 0xE0) len = 3, lo = 0xA0;
  else if (c == 0xED) len = 3, hi = 0x9F;  // U+D800..U+DFFF are surrogates
  else if (c >= 0xE1 && c <= 0xEF) len = 3;
  else if (c == 0xF0) len = 4, lo = 0x90;
  else if (c == 0xF4) len = 4, hi = 0x8F;  // nothing above U+10FFFF
  else if (c >= 0xF1 && c <= 0xF3) len = 4;
  else return 0;
  if (i + len > text.size() || at(1) < lo || at(1) > hi) return 0;
  for (size_t k = 2; k < len; ++k)
    if ((at(k) & 0xC0) != 0x80) return 0;
  return len;
}

uint32_t codePoint(std::string_view text, size_t i, size_t len) {
  auto b = [&](size_t k) { return static_cast<uint32_t>(static_cast<unsigned char>(text[i + k])); };
  if (len == 1) return b(0);
  if (len == 2) return ((b(0) & 0x1F) << 6) | (b(1) & 0x3F);
  if (len == 3) return ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
  return ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
}

bool escaped(uint32_t cp) {
  if (cp == '\t' || cp == '\n') return false;
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069);
}

}  // namespace

std::optional<size_t> invalidUtf8(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    size_t len = sequenceLength(text, i);
    if (len == 0) return i;
    i += len;
  }
  return std::nullopt;
}

std::optional<Location> invalidUtf8At(std::string_view text, const std::string& file) {
  auto bad = invalidUtf8(text);
  if (!bad) return std::nullopt;
  int line = 1, col = 1;
  for (size_t i = 0; i < *bad;) {
    if (text[i] == '\n') ++line, col = 1;
    else ++col;
    i += sequenceLength(text, i);
  }
  return Location{file, line, col};
}

std::string escapeControls(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    size_t len = sequenceLength(text, i);
    if (len == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    uint32_t cp = codePoint(text, i, len);
    if (escaped(cp)) out += fmt::format("\\u{:04x}", cp);
    else out.append(text, i, len);
    i += len;
  }
  return out;
}

std::string_view prefixOf(std::string_view text, size_t max) {
  if (text.size() <= max) return text;
  size_t cut = max;
  // Back up over continuation bytes so no character is split.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut);
}

std::string shorten(std::string_view text, size_t max) {
  if (text.size() <= max) return std::string(text);
  return std::string(prefixOf(text, max >= 3 ? max - 3 : 0)) + "...";
}

}  // namespace awssim::model
