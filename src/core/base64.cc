#include "core/base64.h"

#include <cstdint>

namespace gloss {
namespace {

enum class Alphabet : uint8_t { kStandard, kUrl };

constexpr std::string_view kStandardDigits =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view kUrlDigits =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// The 6-bit value of a digit of `alphabet`, or -1.
int DigitValue(char c, Alphabet alphabet) {
  if (c >= 'A' && c <= 'Z') {
    return c - 'A';
  }
  if (c >= 'a' && c <= 'z') {
    return c - 'a' + 26;
  }
  if (c >= '0' && c <= '9') {
    return c - '0' + 52;
  }
  const std::string_view digits = alphabet == Alphabet::kUrl ? kUrlDigits : kStandardDigits;
  if (c == digits[62]) {
    return 62;
  }
  if (c == digits[63]) {
    return 63;
  }
  return -1;
}

std::string Encode(std::string_view bytes, Alphabet alphabet, bool pad) {
  const std::string_view digits = alphabet == Alphabet::kUrl ? kUrlDigits : kStandardDigits;
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t idx = 0;
  for (; idx + 3 <= bytes.size(); idx += 3) {
    const uint32_t group = static_cast<uint32_t>(static_cast<uint8_t>(bytes[idx])) << 16 |
                           static_cast<uint32_t>(static_cast<uint8_t>(bytes[idx + 1])) << 8 |
                           static_cast<uint8_t>(bytes[idx + 2]);
    out += digits[group >> 18];
    out += digits[(group >> 12) & 0x3f];
    out += digits[(group >> 6) & 0x3f];
    out += digits[group & 0x3f];
  }
  const size_t rest = bytes.size() - idx;
  if (rest > 0) {
    uint32_t group = static_cast<uint32_t>(static_cast<uint8_t>(bytes[idx])) << 16;
    if (rest == 2) {
      group |= static_cast<uint32_t>(static_cast<uint8_t>(bytes[idx + 1])) << 8;
    }
    out += digits[group >> 18];
    out += digits[(group >> 12) & 0x3f];
    if (rest == 2) {
      out += digits[(group >> 6) & 0x3f];
    }
    if (pad) {
      out.append(3 - rest, '=');
    }
  }
  return out;
}

// The bytes of the unpadded digits `text`, whose length is not 4k+1 (checked
// by the callers). With `canonical`, non-zero bits past the last whole byte
// are refused; otherwise they are ignored.
Result<std::string> DecodeDigits(std::string_view text, Alphabet alphabet, bool canonical) {
  std::string out;
  out.reserve(text.size() / 4 * 3 + 2);
  uint32_t group = 0;
  for (size_t idx = 0; idx < text.size(); ++idx) {
    const int value = DigitValue(text[idx], alphabet);
    if (value < 0) {
      return Status::InvalidArgument(alphabet == Alphabet::kUrl ? "invalid base64url character"
                                                                : "invalid base64 character");
    }
    group = group << 6 | static_cast<uint32_t>(value);
    if (idx % 4 == 3) {
      out += static_cast<char>(group >> 16);
      out += static_cast<char>((group >> 8) & 0xff);
      out += static_cast<char>(group & 0xff);
      group = 0;
    }
  }
  // Two trailing digits hold one byte and 4 unused bits; three hold two bytes
  // and 2 unused bits.
  uint32_t unused_bits = 0;
  if (text.size() % 4 == 2) {
    out += static_cast<char>(group >> 4);
    unused_bits = group & 0xf;
  } else if (text.size() % 4 == 3) {
    out += static_cast<char>(group >> 10);
    out += static_cast<char>((group >> 2) & 0xff);
    unused_bits = group & 0x3;
  }
  if (canonical && unused_bits != 0) {
    return Status::InvalidArgument("non-zero bits past the last byte: not the canonical encoding");
  }
  return out;
}

}  // namespace

std::string Base64Encode(std::string_view bytes) {
  return Encode(bytes, Alphabet::kStandard, /*pad=*/true);
}

Result<std::string> Base64Decode(std::string_view text) {
  if (text.size() % 4 != 0) {
    return Status::InvalidArgument("base64 length is not a multiple of 4");
  }
  size_t padding = 0;
  if (!text.empty() && text.back() == '=') {
    padding = text.size() >= 2 && text[text.size() - 2] == '=' ? 2 : 1;
  }
  // The digits' length is 4k, 4k+2 or 4k+3: padding is at most 2 of a group of 4.
  return DecodeDigits(text.substr(0, text.size() - padding), Alphabet::kStandard,
                      /*canonical=*/false);
}

std::string Base64UrlEncode(std::string_view bytes) {
  return Encode(bytes, Alphabet::kUrl, /*pad=*/false);
}

Result<std::string> Base64UrlDecode(std::string_view text) {
  if (text.size() % 4 == 1) {
    return Status::InvalidArgument("base64url length is 4k+1, which no bytes encode to");
  }
  return DecodeDigits(text, Alphabet::kUrl, /*canonical=*/true);
}

}  // namespace gloss
