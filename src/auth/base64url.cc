#include "auth/base64url.h"

#include <sodium.h>

namespace gloss::auth {

std::string Base64UrlEncode(std::string_view bytes) {
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  // sodium_base64_encoded_len counts the terminating NUL.
  std::string out(sodium_base64_encoded_len(bytes.size(), kVariant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), kVariant);
  out.resize(out.size() - 1);
  return out;
}

Result<std::string> Base64UrlDecode(std::string_view text) {
  std::string out(text.size() / 4 * 3 + 3, '\0');
  size_t out_len = 0;
  // With a null `b64_end`, libsodium fails unless all of `text` is consumed; it
  // also fails on leftover non-zero bits and on a dangling 6-bit group. No
  // characters are ignored.
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), /*ignore=*/nullptr, &out_len, /*b64_end=*/nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
    return Status::InvalidArgument("not canonical unpadded base64url");
  }
  out.resize(out_len);
  return out;
}

}  // namespace gloss::auth
