#include "data/graphql/utf8.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace gloss::graphql {

Utf8Char DecodeUtf8(std::string_view text, size_t offset) {
  const auto byte = [&](size_t idx) { return static_cast<unsigned char>(text[idx]); };
  const unsigned char lead = byte(offset);
  if (lead < 0x80) {
    return Utf8Char{lead, 1};
  }
  size_t length = 0;
  uint32_t code_point = 0;
  uint32_t min_value = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    code_point = lead & 0x1Fu;
    min_value = 0x80;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    code_point = lead & 0x0Fu;
    min_value = 0x800;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    code_point = lead & 0x07u;
    min_value = 0x10000;
  } else {
    return Utf8Char{};
  }
  if (offset + length > text.size()) {
    return Utf8Char{};
  }
  for (size_t idx = offset + 1; idx < offset + length; ++idx) {
    if ((byte(idx) & 0xC0) != 0x80) {
      return Utf8Char{};
    }
    code_point = (code_point << 6) | (byte(idx) & 0x3Fu);
  }
  if (code_point < min_value || code_point > 0x10FFFF ||
      (code_point >= 0xD800 && code_point <= 0xDFFF)) {
    return Utf8Char{};
  }
  return Utf8Char{code_point, length};
}

void AppendUtf8(uint32_t code_point, std::string& out) {
  if (code_point < 0x80) {
    out.push_back(static_cast<char>(code_point));
  } else if (code_point < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code_point >> 6)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else if (code_point < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (code_point >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (code_point >> 18)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  }
}

std::string FormatHex(uint32_t value, int min_digits) {
  constexpr std::string_view kDigits = "0123456789ABCDEF";
  std::string out;
  do {
    out.insert(out.begin(), kDigits[value & 0xF]);
    value >>= 4;
  } while (value != 0);
  if (static_cast<int>(out.size()) < min_digits) {
    out.insert(0, static_cast<size_t>(min_digits) - out.size(), '0');
  }
  return out;
}

}  // namespace gloss::graphql
