// Base64url (RFC 4648 §5) without padding, the encoding of every JWS segment
// and of JWK key parameters.
//
// Decoding is strict: it rejects '=' padding, characters outside the URL-safe
// alphabet (including whitespace), impossible lengths (4k+1) and non-canonical
// input whose unused trailing bits are not zero, so that every byte string has
// exactly one accepted encoding.
//
// Not a general base64 codec: standard base64 ('+', '/') and padded input are
// rejected on purpose.
//
// Thread safety: stateless functions, safe from any thread.

#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace gloss::auth {

// Returns the unpadded base64url encoding of `bytes`.
std::string Base64UrlEncode(std::string_view bytes);

// Returns the bytes `text` encodes. Errors: kInvalidArgument for anything that
// is not canonical unpadded base64url (see above).
Result<std::string> Base64UrlDecode(std::string_view text);

}  // namespace gloss::auth
