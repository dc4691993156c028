#include "core/base64.h"

#include <cstdint>

namespace gloss {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// The 6-bit value of a base64 digit, or -1.
int DigitValue(char c) {
  if (c >= 'A' && c <= 'Z') {
    return c - 'A';
  }
  if (c >= 'a' && c <= 'z') {
    return c - 'a' + 26;
  }
  if (c >= '0' && c <= '9') {
    return c - '0' + 52;
  }
  if (c == '+') {
    return 62;
  }
  if (c == '/') {
    return 63;
  }
  return -1;
}

}  // namespace

std::string Base64Encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t idx = 0;
  for (; idx + 3 <= bytes.size(); idx += 3) {
    const uint32_t group = static_cast<uint32_t>(static_cast<uint8_t>(bytes[idx])) << 16 |
                           static_cast<uint32_t>(static_cast<uint8_t>(bytes[idx + 1])) << 8 |
                           static_cast<uint8_t>(bytes[idx + 2]);
    out += kAlphabet[group >> 18];
    out += kAlphabet[(group >> 12) & 0x3f];
    out += kAlphabet[(group >> 6) & 0x3f];
    out += kAlphabet[group & 0x3f];
  }
  const size_t rest = bytes.size() - idx;
  if (rest > 0) {
    uint32_t group = static_cast<uint32_t>(static_cast<uint8_t>(bytes[idx])) << 16;
    if (rest == 2) {
      group |= static_cast<uint32_t>(static_cast<uint8_t>(bytes[idx + 1])) << 8;
    }
    out += kAlphabet[group >> 18];
    out += kAlphabet[(group >> 12) & 0x3f];
    out += rest == 2 ? kAlphabet[(group >> 6) & 0x3f] : '=';
    out += '=';
  }
  return out;
}

Result<std::string> Base64Decode(std::string_view text) {
  if (text.size() % 4 != 0) {
    return Status::InvalidArgument("base64 length is not a multiple of 4");
  }
  size_t padding = 0;
  if (!text.empty() && text.back() == '=') {
    padding = text.size() >= 2 && text[text.size() - 2] == '=' ? 2 : 1;
  }
  std::string out;
  out.reserve(text.size() / 4 * 3);
  const size_t digits = text.size() - padding;
  uint32_t group = 0;
  for (size_t idx = 0; idx < digits; ++idx) {
    const int value = DigitValue(text[idx]);
    if (value < 0) {
      return Status::InvalidArgument("invalid base64 character");
    }
    group = group << 6 | static_cast<uint32_t>(value);
    if (idx % 4 == 3) {
      out += static_cast<char>(group >> 16);
      out += static_cast<char>((group >> 8) & 0xff);
      out += static_cast<char>(group & 0xff);
      group = 0;
    }
  }
  // `digits % 4` is 0, 2 or 3 here: padding is at most 2 of a group of 4.
  if (digits % 4 == 2) {
    out += static_cast<char>(group >> 4);
  } else if (digits % 4 == 3) {
    out += static_cast<char>(group >> 10);
    out += static_cast<char>((group >> 2) & 0xff);
  }
  return out;
}

}  // namespace gloss
