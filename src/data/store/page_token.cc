#include "data/store/page_token.h"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "core/assert.h"
#include "core/result.h"
#include "core/status.h"

namespace gloss::data::store {
namespace {

constexpr size_t kMacSize = 32;  // SHA-256.
constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

Status InvalidToken() { return Status::InvalidArgument("Invalid pagination token"); }

std::string Base64UrlEncode(std::string_view bytes) {
  std::string text;
  text.reserve((bytes.size() * 4 + 2) / 3);
  size_t index = 0;
  for (; index + 3 <= bytes.size(); index += 3) {
    const uint32_t group = (static_cast<uint8_t>(bytes[index]) << 16) |
                           (static_cast<uint8_t>(bytes[index + 1]) << 8) |
                           static_cast<uint8_t>(bytes[index + 2]);
    text += kAlphabet[(group >> 18) & 63];
    text += kAlphabet[(group >> 12) & 63];
    text += kAlphabet[(group >> 6) & 63];
    text += kAlphabet[group & 63];
  }
  const size_t rest = bytes.size() - index;
  if (rest > 0) {
    uint32_t group = static_cast<uint8_t>(bytes[index]) << 16;
    if (rest == 2) {
      group |= static_cast<uint8_t>(bytes[index + 1]) << 8;
    }
    text += kAlphabet[(group >> 18) & 63];
    text += kAlphabet[(group >> 12) & 63];
    if (rest == 2) {
      text += kAlphabet[(group >> 6) & 63];
    }
  }
  return text;
}

int SextetOf(char c) {
  if (c >= 'A' && c <= 'Z') {
    return c - 'A';
  }
  if (c >= 'a' && c <= 'z') {
    return c - 'a' + 26;
  }
  if (c >= '0' && c <= '9') {
    return c - '0' + 52;
  }
  if (c == '-') {
    return 62;
  }
  if (c == '_') {
    return 63;
  }
  return -1;
}

// Strict: unpadded, URL-safe alphabet only, canonical trailing bits.
Result<std::string> Base64UrlDecode(std::string_view text) {
  if (text.size() % 4 == 1) {
    return InvalidToken();
  }
  std::string bytes;
  bytes.reserve(text.size() * 3 / 4);
  uint32_t buffer = 0;
  int bits = 0;
  for (const char c : text) {
    const int sextet = SextetOf(c);
    if (sextet < 0) {
      return InvalidToken();
    }
    buffer = (buffer << 6) | static_cast<uint32_t>(sextet);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes += static_cast<char>((buffer >> bits) & 0xff);
    }
  }
  if ((buffer & ((1U << bits) - 1)) != 0) {
    return InvalidToken();  // Non-zero unused bits: not the canonical encoding.
  }
  return bytes;
}

}  // namespace

PageTokenCodec::PageTokenCodec(std::string key) : key_(std::move(key)) {
  GLOSS_CHECK(key_.size() >= kMinKeySize);  // Startup config; a short key is a bug.
}

std::string PageTokenCodec::Mac(std::string_view payload) const {
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int mac_size = 0;
  const unsigned char* result = HMAC(EVP_sha256(), key_.data(), static_cast<int>(key_.size()),
                                     reinterpret_cast<const unsigned char*>(payload.data()),
                                     payload.size(), mac.data(), &mac_size);
  GLOSS_CHECK(result != nullptr && mac_size == kMacSize);  // HMAC-SHA256 cannot fail.
  return std::string(reinterpret_cast<const char*>(mac.data()), mac_size);
}

std::string PageTokenCodec::Encode(const nlohmann::json& position) const {
  const std::string payload =
      position.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return Base64UrlEncode(payload) + "." + Base64UrlEncode(Mac(payload));
}

Result<nlohmann::json> PageTokenCodec::Decode(std::string_view token) const {
  if (token.size() > kMaxTokenSize) {
    return InvalidToken();
  }
  const size_t dot = token.find('.');
  if (dot == std::string_view::npos || token.find('.', dot + 1) != std::string_view::npos) {
    return InvalidToken();
  }
  ASSIGN_OR_RETURN(const std::string payload, Base64UrlDecode(token.substr(0, dot)));
  ASSIGN_OR_RETURN(const std::string mac, Base64UrlDecode(token.substr(dot + 1)));
  const std::string expected = Mac(payload);
  if (mac.size() != kMacSize || CRYPTO_memcmp(mac.data(), expected.data(), kMacSize) != 0) {
    return InvalidToken();
  }
  nlohmann::json position = nlohmann::json::parse(payload, nullptr, /*allow_exceptions=*/false);
  if (position.is_discarded()) {
    return InvalidToken();  // Signed by us, so only with a reused key: still refuse.
  }
  return position;
}

}  // namespace gloss::data::store
