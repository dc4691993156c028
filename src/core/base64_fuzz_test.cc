// libFuzzer target for the base64 and base64url decoders, which read client
// headers (Content-MD5, x-amz-checksum-*, X-Amz-Client-Context), JWT segments
// and page tokens.
//
// Properties checked on any input: no crash or sanitizer report; decode
// refuses with kInvalidArgument or returns bytes that encode back to the input
// (exactly for canonical base64url; for base64 up to the ignored unused bits,
// so the re-encoding decodes to the same bytes); encode then decode returns
// the input; base64url is base64 with '-', '_' for '+', '/' and no padding.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/assert.h"
#include "core/base64.h"

namespace {

void CheckRefusal(const gloss::Status& status) {
  GLOSS_CHECK(status.code() == gloss::StatusCode::kInvalidArgument);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  // The input as text.
  const gloss::Result<std::string> standard = gloss::Base64Decode(input);
  if (standard.ok()) {
    const std::string again = gloss::Base64Encode(*standard);
    GLOSS_CHECK(again.size() == input.size());
    const gloss::Result<std::string> redecoded = gloss::Base64Decode(again);
    GLOSS_CHECK(redecoded.ok() && *redecoded == *standard);
  } else {
    CheckRefusal(standard.status());
  }
  const gloss::Result<std::string> url = gloss::Base64UrlDecode(input);
  if (url.ok()) {
    GLOSS_CHECK(gloss::Base64UrlEncode(*url) == input);  // Canonical: one encoding per bytes.
  } else {
    CheckRefusal(url.status());
  }

  // The input as bytes.
  const std::string encoded = gloss::Base64Encode(input);
  const gloss::Result<std::string> decoded = gloss::Base64Decode(encoded);
  GLOSS_CHECK(decoded.ok() && *decoded == input);
  const std::string url_encoded = gloss::Base64UrlEncode(input);
  const gloss::Result<std::string> url_decoded = gloss::Base64UrlDecode(url_encoded);
  GLOSS_CHECK(url_decoded.ok() && *url_decoded == input);

  std::string translated = encoded;
  std::replace(translated.begin(), translated.end(), '+', '-');
  std::replace(translated.begin(), translated.end(), '/', '_');
  translated.erase(translated.find_last_not_of('=') + 1);
  GLOSS_CHECK(translated == url_encoded);
  return 0;
}
