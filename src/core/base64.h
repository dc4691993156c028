// Standard base64 (RFC 4648 §4, padded): SQS Binary message attributes on
// both wire protocols and in Lambda's SQS events. (Earlier modules still
// carry private copies: aws/checksum, auth/srp and user_pool,
// functions/secret_store and api/invoke_route, storage/api/s3_body; they
// should call this one.)
//
// Thread safety: pure functions.

#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace gloss {

std::string Base64Encode(std::string_view bytes);

// The bytes `text` encodes. The length must be a multiple of 4 with '='
// padding only at the end; whitespace and the URL-safe alphabet are refused.
// Bits past the last whole byte are ignored.
// Errors: kInvalidArgument when `text` is not base64.
Result<std::string> Base64Decode(std::string_view text);

}  // namespace gloss
