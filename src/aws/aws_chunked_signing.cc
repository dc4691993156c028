#include "aws/aws_chunked_signing.h"

#include <algorithm>
#include <cstdio>

namespace gloss::aws {
namespace {

constexpr std::string_view kChunkAlgorithm = "AWS4-HMAC-SHA256-PAYLOAD";
constexpr std::string_view kTrailerAlgorithm = "AWS4-HMAC-SHA256-TRAILER";

std::string Hex(size_t value) {
  char buffer[24];
  std::snprintf(buffer, sizeof(buffer), "%zx", value);
  return buffer;
}

// Chunk and trailer signatures share one shape: ALGORITHM, date, scope and
// the previous signature, then what is signed, each on its own line.
std::string ChainedSignature(const SigV4SigningContext& signing, std::string_view algorithm,
                             std::string_view previous_signature, std::string_view signed_tail) {
  std::string to_sign(algorithm);
  to_sign += '\n';
  to_sign += signing.amz_date;
  to_sign += '\n';
  to_sign += signing.scope;
  to_sign += '\n';
  to_sign += previous_signature;
  to_sign += '\n';
  to_sign += signed_tail;
  return HmacSha256Hex(signing.signing_key, to_sign);
}

}  // namespace

std::string ChunkSignature(const SigV4SigningContext& signing, std::string_view previous_signature,
                           std::string_view chunk_sha256_hex) {
  std::string hashes(kEmptyPayloadSha256);
  hashes += '\n';
  hashes += chunk_sha256_hex;
  return ChainedSignature(signing, kChunkAlgorithm, previous_signature, hashes);
}

std::string CanonicalTrailers(const std::vector<std::pair<std::string, std::string>>& trailers) {
  std::string out;
  for (const auto& [name, value] : trailers) {
    out += name;
    out += ':';
    out += value;
    out += '\n';
  }
  return out;
}

std::string TrailerSignature(const SigV4SigningContext& signing,
                             std::string_view previous_signature,
                             std::string_view canonical_trailers) {
  return ChainedSignature(signing, kTrailerAlgorithm, previous_signature,
                          Sha256Hex(canonical_trailers));
}

Result<std::string> EncodeAwsChunked(std::string_view payload,
                                     const AwsChunkedEncodeParams& params) {
  const bool is_signed = params.mode != AwsChunkedMode::kUnsignedTrailer;
  if (params.chunk_size == 0) {
    return Status::InvalidArgument("aws-chunked chunk size must be positive");
  }
  if (is_signed && !params.signing) {
    return Status::InvalidArgument("signed aws-chunked encoding needs a signing context");
  }
  if (params.mode == AwsChunkedMode::kSigned && !params.trailers.empty()) {
    return Status::InvalidArgument("STREAMING-AWS4-HMAC-SHA256-PAYLOAD has no trailers");
  }

  std::string out;
  std::string previous = is_signed ? params.signing->seed_signature : std::string();
  auto append_chunk = [&](std::string_view data) {
    out += Hex(data.size());
    if (is_signed) {
      previous = ChunkSignature(*params.signing, previous, Sha256Hex(data));
      out += ";chunk-signature=";
      out += previous;
    }
    out += "\r\n";
    if (!data.empty()) {
      out += data;
      out += "\r\n";
    }
  };
  for (size_t offset = 0; offset < payload.size(); offset += params.chunk_size) {
    append_chunk(payload.substr(offset, params.chunk_size));
  }
  append_chunk({});

  if (params.mode == AwsChunkedMode::kSigned) {
    out += "\r\n";  // The final chunk's empty data line.
    return out;
  }
  for (const auto& [name, value] : params.trailers) {
    out += name;
    out += ':';
    out += value;
    out += "\r\n";
  }
  if (params.mode == AwsChunkedMode::kSignedTrailer) {
    out += kTrailerSignatureName;
    out += ':';
    out += TrailerSignature(*params.signing, previous, CanonicalTrailers(params.trailers));
    out += "\r\n";
  }
  out += "\r\n";
  return out;
}

}  // namespace gloss::aws
