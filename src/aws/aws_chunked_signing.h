// The signatures of aws-chunked bodies (chunk and trailer signatures chained
// from a request's seed signature) and an encoder that produces such bodies,
// for tests, fuzzers and Gloss's own clients. The decoder is aws_chunked.h.
//
// Thread safety: pure functions.

#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "aws/aws_chunked.h"
#include "aws/sigv4.h"
#include "core/result.h"

namespace gloss::aws {

// HMAC(signing key, "AWS4-HMAC-SHA256-PAYLOAD\n<amz_date>\n<scope>\n<previous>\n"
// "<sha256('')>\n<chunk_sha256_hex>") as 64 lower-case hex digits.
std::string ChunkSignature(const SigV4SigningContext& signing, std::string_view previous_signature,
                           std::string_view chunk_sha256_hex);

// "name:value\n" for each trailer, in order: what the trailer signature covers.
std::string CanonicalTrailers(const std::vector<std::pair<std::string, std::string>>& trailers);

// HMAC(signing key, "AWS4-HMAC-SHA256-TRAILER\n<amz_date>\n<scope>\n<previous>\n"
// "<sha256(canonical_trailers)>") as 64 lower-case hex digits.
std::string TrailerSignature(const SigV4SigningContext& signing,
                             std::string_view previous_signature,
                             std::string_view canonical_trailers);

struct AwsChunkedEncodeParams {
  AwsChunkedMode mode = AwsChunkedMode::kUnsignedTrailer;
  std::optional<SigV4SigningContext> signing;  // Required in the signed modes.
  size_t chunk_size = 64 * 1024;               // Every chunk but the last; > 0.
  // Trailer modes: sent after the final chunk (names lower-case).
  std::vector<std::pair<std::string, std::string>> trailers;
};

// Encodes `payload` as an aws-chunked body, the way the AWS SDKs frame it.
// Errors: kInvalidArgument if chunk_size is 0, a signed mode has no signing
// context, or trailers are given in kSigned mode.
Result<std::string> EncodeAwsChunked(std::string_view payload,
                                     const AwsChunkedEncodeParams& params);

}  // namespace gloss::aws
