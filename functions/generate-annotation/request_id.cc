#include "generate-annotation/request_id.h"

#include <array>
#include <cstdint>

#include <openssl/sha.h>

#include "core/hex.h"

namespace gloss::generate_annotation {

std::string RequestId(std::string_view image_id, std::string_view provider, std::string_view model,
                      std::string_view prompt) {
  // Length-prefixed fields, so ("ab", "c") and ("a", "bc") differ.
  std::string input;
  for (const std::string_view field : {image_id, provider, model, prompt}) {
    input += std::to_string(field.size());
    input += ':';
    input += field;
  }
  std::array<uint8_t, SHA256_DIGEST_LENGTH> digest{};
  SHA256(reinterpret_cast<const uint8_t*>(input.data()), input.size(), digest.data());
  digest[6] = static_cast<uint8_t>((digest[6] & 0x0f) | 0x80);  // Version 8.
  digest[8] = static_cast<uint8_t>((digest[8] & 0x3f) | 0x80);  // RFC 9562 variant.
  const std::string hex =
      HexEncode(std::string_view(reinterpret_cast<const char*>(digest.data()), 16));
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20, 12);
}

}  // namespace gloss::generate_annotation
