// UTF-8 helpers for the GraphQL lexer and printer: strict decoding of one
// character (no overlongs, no surrogates, nothing above U+10FFFF), encoding
// of a code point, and upper-case hex for "U+00E9" style messages.
//
// Thread safety: pure functions.

#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace gloss::graphql {

struct Utf8Char {
  uint32_t code_point = 0;
  size_t length = 0;  // 0 if the bytes at the offset are not valid UTF-8.
};

// Decodes the character starting at `offset` (< text.size()).
Utf8Char DecodeUtf8(std::string_view text, size_t offset);

// Appends the UTF-8 encoding of `code_point` (a Unicode scalar value) to `out`.
void AppendUtf8(uint32_t code_point, std::string& out);

// Upper-case hex of `value`, zero-padded to at least `min_digits`.
std::string FormatHex(uint32_t value, int min_digits);

}  // namespace gloss::graphql
