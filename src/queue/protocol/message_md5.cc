#include "queue/protocol/message_md5.h"

#include <cstdint>

#include <openssl/evp.h>

#include "core/assert.h"
#include "core/hex.h"

namespace gloss::queue::protocol {
namespace {

constexpr char kStringTransport = 1;
constexpr char kBinaryTransport = 2;

std::string HexMd5(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  // MD5 is in OpenSSL's default provider; failure means a broken installation.
  GLOSS_CHECK(EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_md5(), nullptr) == 1);
  return HexEncode(std::string_view(reinterpret_cast<const char*>(digest), length));
}

void AppendLengthPrefixed(std::string& out, std::string_view bytes) {
  const auto length = static_cast<uint32_t>(bytes.size());
  out += static_cast<char>(length >> 24);
  out += static_cast<char>((length >> 16) & 0xff);
  out += static_cast<char>((length >> 8) & 0xff);
  out += static_cast<char>(length & 0xff);
  out += bytes;
}

}  // namespace

std::string Md5OfBody(std::string_view body) { return HexMd5(body); }

std::string Md5OfMessageAttributes(const MessageAttributes& attributes) {
  if (attributes.empty()) {
    return {};
  }
  std::string encoded;
  // std::map iterates in byte order of the names, the order SQS digests them in.
  for (const auto& [name, value] : attributes) {
    AppendLengthPrefixed(encoded, name);
    AppendLengthPrefixed(encoded, value.data_type);
    if (value.is_binary()) {
      encoded += kBinaryTransport;
      AppendLengthPrefixed(encoded, value.binary_value);
    } else {
      encoded += kStringTransport;
      AppendLengthPrefixed(encoded, value.string_value);
    }
  }
  return HexMd5(encoded);
}

}  // namespace gloss::queue::protocol
