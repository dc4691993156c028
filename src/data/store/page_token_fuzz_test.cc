// libFuzzer target for PageTokenCodec::Decode, which reads the client's
// `nextToken`. The input is decoded as a token under a fixed key; if it
// parses as JSON it is also encoded and decoded again.
//
// Properties checked: no crash or sanitizer report; a random token is
// rejected with kInvalidArgument unless it is exactly what Encode produces
// for its payload; anything Encode produces round-trips.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/assert.h"
#include "data/store/page_token.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const gloss::data::store::PageTokenCodec* const codec =
      new gloss::data::store::PageTokenCodec(std::string(32, 'k'));
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  gloss::Result<nlohmann::json> decoded = codec->Decode(text);
  if (decoded.ok()) {
    GLOSS_CHECK(codec->Encode(*decoded) == text);  // Forged only by breaking HMAC.
  } else {
    GLOSS_CHECK(decoded.status().code() == gloss::StatusCode::kInvalidArgument);
  }
  const nlohmann::json position = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!position.is_discarded()) {
    const std::string token = codec->Encode(position);
    if (token.size() <= gloss::data::store::PageTokenCodec::kMaxTokenSize) {
      gloss::Result<nlohmann::json> again = codec->Decode(token);
      GLOSS_CHECK(again.ok());
      // Float round trips are exact in nlohmann's shortest representation.
      GLOSS_CHECK(again->dump() ==
                  position.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    }
  }
  return 0;
}
