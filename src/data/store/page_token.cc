#include "data/store/page_token.h"

#include <array>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "core/assert.h"
#include "core/base64.h"
#include "core/result.h"
#include "core/status.h"

namespace gloss::data::store {
namespace {

constexpr size_t kMacSize = 32;  // SHA-256.

Status InvalidToken() { return Status::InvalidArgument("Invalid pagination token"); }

// The bytes of one token segment: canonical unpadded base64url.
Result<std::string> DecodeSegment(std::string_view text) {
  Result<std::string> bytes = Base64UrlDecode(text);
  if (!bytes.ok()) {
    return InvalidToken();
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
  ASSIGN_OR_RETURN(const std::string payload, DecodeSegment(token.substr(0, dot)));
  ASSIGN_OR_RETURN(const std::string mac, DecodeSegment(token.substr(dot + 1)));
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
