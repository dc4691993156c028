#include "core/hex.h"

#include "core/assert.h"

namespace gloss {

std::string HexEncode(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    out.push_back(kDigits[byte >> 4]);
    out.push_back(kDigits[byte & 0xf]);
  }
  return out;
}

int HexDigitValue(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

Result<std::string> HexDecode(std::string_view hex) {
  if (hex.size() % 2 != 0) {
    return Status::InvalidArgument("hex text of odd length");
  }
  std::string bytes;
  bytes.reserve(hex.size() / 2);
  for (size_t pos = 0; pos < hex.size(); pos += 2) {
    const int high = HexDigitValue(hex[pos]);
    const int low = HexDigitValue(hex[pos + 1]);
    if (high < 0 || low < 0) {
      return Status::InvalidArgument("not hex text");
    }
    bytes.push_back(static_cast<char>((high << 4) | low));
  }
  return bytes;
}

std::string FormatUuidV4(std::string_view bytes) {
  GLOSS_CHECK(bytes.size() >= 16);  // Callers pass a digest or 16 random bytes.
  std::string hex = HexEncode(bytes.substr(0, 16));
  hex[12] = '4';                                   // Version 4.
  hex[16] = "89ab"[HexDigitValue(hex[16]) & 0x3];  // RFC 4122 variant.
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20);
}

}  // namespace gloss
