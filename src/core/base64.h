// Base64 (RFC 4648): the standard alphabet with padding (§4) for SQS Binary
// message attributes, checksum and Content-MD5 headers, SRP blocks, Lambda
// headers and sealed secrets; the URL-safe alphabet without padding (§5),
// "base64url", for every JWS segment, JWK key parameters and page tokens.
//
// Both decoders are strict: no whitespace, no characters of the other
// alphabet. They differ on padding and on the unused bits of the last digit,
// see each function.
//
// Thread safety: pure functions.

#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace gloss {

// Returns the padded standard base64 of `bytes`.
std::string Base64Encode(std::string_view bytes);

// The bytes `text` encodes. The length must be a multiple of 4 with '='
// padding only at the end; whitespace and the URL-safe alphabet are refused.
// Bits past the last whole byte are ignored.
// Errors: kInvalidArgument when `text` is not base64.
Result<std::string> Base64Decode(std::string_view text);

// Returns the unpadded base64url encoding of `bytes`.
std::string Base64UrlEncode(std::string_view bytes);

// The bytes `text` encodes, canonical only: '=' padding, characters outside
// the URL-safe alphabet (whitespace, '+', '/'), impossible lengths (4k+1) and
// non-zero bits past the last whole byte are refused, so that every byte
// string has exactly one accepted encoding.
// Errors: kInvalidArgument when `text` is not canonical unpadded base64url.
Result<std::string> Base64UrlDecode(std::string_view text);

}  // namespace gloss
