// AwsChunkedDecoder strips S3's aws-chunked content encoding from a request
// body, incrementally: the caller feeds the wire bytes in whatever slices they
// arrive (any split points) and receives the decoded payload bytes. The HTTP
// layer has already removed the outer Transfer-Encoding: chunked framing; this
// is the framing inside it, selected by x-amz-content-sha256:
//
//   STREAMING-AWS4-HMAC-SHA256-PAYLOAD          kSigned
//     <hex size>;chunk-signature=<64 hex>\r\n<data>\r\n ... 0;chunk-signature=<sig>\r\n\r\n
//   STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER  kSignedTrailer
//     signed chunks, then 0;chunk-signature=<sig>\r\n, trailer lines
//     (name:value\r\n), x-amz-trailer-signature:<64 hex>\r\n, \r\n
//   STREAMING-UNSIGNED-PAYLOAD-TRAILER          kUnsignedTrailer
//     <hex size>\r\n<data>\r\n ... 0\r\n, trailer lines, \r\n
//
// Chunk signatures chain from the request's seed signature
// (SigV4SigningContext, from VerifySigV4):
//   HMAC(key, "AWS4-HMAC-SHA256-PAYLOAD\n<amz-date>\n<scope>\n<previous signature>\n"
//             "<sha256 of ''>\n<sha256 of chunk data>")
// and the trailer signature from the last chunk's:
//   HMAC(key, "AWS4-HMAC-SHA256-TRAILER\n<amz-date>\n<scope>\n<previous signature>\n"
//             "<sha256 of the trailer lines as name:value\n>")
// In the signed modes a chunk's bytes are released only after its signature
// verified, so the decoder buffers at most one chunk (limits.max_chunk_size).
// Unsigned chunks are released as they arrive and are not size-limited.
//
// The decoder checks framing, signatures, the total against
// x-amz-decoded-content-length, and that the trailers are the ones x-amz-trailer
// declared. It does not check checksum values: feed the decoded bytes to a
// Checksummer (checksum.h) and compare with Trailer("x-amz-checksum-...").
//
// Errors (message prefix = the code S3 answers with; sticky: once Feed or
// Finish failed, every later call returns the same error):
//   IncompleteBody        kInvalidArgument  malformed or truncated framing, a line or
//                                           chunk over its limit, decoded length not
//                                           x-amz-decoded-content-length, data after the end
//   SignatureDoesNotMatch kPermissionDenied a chunk or trailer signature is wrong
//   MalformedTrailerError kInvalidArgument  a malformed, undeclared, repeated or missing
//                                           trailer, too many or too large trailers
//
// Thread safety: a decoder is used by one thread at a time.

#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "aws/checksum.h"
#include "aws/sigv4.h"
#include "core/result.h"
#include "http/request.h"

namespace gloss::aws {

inline constexpr std::string_view kStreamingSignedPayload = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
inline constexpr std::string_view kStreamingSignedPayloadTrailer =
    "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
inline constexpr std::string_view kStreamingUnsignedPayloadTrailer =
    "STREAMING-UNSIGNED-PAYLOAD-TRAILER";
inline constexpr std::string_view kTrailerSignatureName = "x-amz-trailer-signature";

enum class AwsChunkedMode : uint8_t {
  kSigned,           // STREAMING-AWS4-HMAC-SHA256-PAYLOAD
  kSignedTrailer,    // STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER
  kUnsignedTrailer,  // STREAMING-UNSIGNED-PAYLOAD-TRAILER
};

// The mode an x-amz-content-sha256 value selects, or nullopt when the value
// is not one of the three above (a hex hash, UNSIGNED-PAYLOAD, or the
// unsupported ECDSA variants).
std::optional<AwsChunkedMode> AwsChunkedModeFromContentSha256(std::string_view value);

struct AwsChunkedLimits {
  // Largest signed chunk; the decoder buffers one. Unsigned chunks are not limited.
  size_t max_chunk_size = 16 * 1024 * 1024;
  // Longest chunk-header or trailer line, CRLF included.
  size_t max_line_size = 4096;
  size_t max_trailers = 16;
  // Sum of the trailer line sizes, CRLFs included.
  size_t max_trailer_bytes = 16 * 1024;
};

struct AwsChunkedOptions {
  AwsChunkedMode mode = AwsChunkedMode::kUnsignedTrailer;
  // Required in the signed modes: from the verified request (SigV4Identity::signing).
  std::optional<SigV4SigningContext> signing;
  // x-amz-decoded-content-length, when the request has it.
  std::optional<uint64_t> decoded_content_length;
  // Lower-case trailer names from x-amz-trailer; the trailer modes accept
  // these and no others, and require each of them.
  std::vector<std::string> declared_trailers;
  AwsChunkedLimits limits;
};

// Options for a request whose x-amz-content-sha256 selects an aws-chunked
// mode: reads x-amz-decoded-content-length and x-amz-trailer, and takes the
// signing context from `identity` (the request's verified SigV4 identity;
// nullptr if it has none). Errors (kInvalidArgument): InvalidArgument when
// x-amz-content-sha256 is not an aws-chunked mode or x-amz-decoded-content-length
// is not a number; InvalidRequest when a signed mode lacks a header-signed
// identity (presigned URLs cannot carry chunk signatures).
Result<AwsChunkedOptions> AwsChunkedOptionsFromRequest(const http::Headers& headers,
                                                       const SigV4Identity* identity);

class AwsChunkedDecoder {
 public:
  // Errors: kInvalidArgument when a signed mode has no signing context.
  static Result<AwsChunkedDecoder> Create(AwsChunkedOptions options);

  // Consumes `wire` (the next bytes of the body; any size, may be empty) and
  // returns the payload bytes it completes, possibly none. Errors as listed
  // at the top of this file.
  Result<std::string> Feed(std::string_view wire);

  // Declares the end of the body. Errors: IncompleteBody if the framing did
  // not end; MalformedTrailerError / SignatureDoesNotMatch as for Feed.
  Status Finish();

  // True once the final chunk and trailer section were read completely.
  bool done() const { return state_ == State::kDone; }

  // Payload bytes decoded so far (released or, in signed modes, buffered).
  uint64_t decoded_size() const { return decoded_size_; }

  // The trailers received, in order, names lower-case, values trimmed; not
  // x-amz-trailer-signature.
  const std::vector<std::pair<std::string, std::string>>& trailers() const { return trailers_; }

  // The value of trailer `name` (lower-case), if received.
  std::optional<std::string_view> Trailer(std::string_view name) const;

 private:
  enum class State : uint8_t {
    kChunkHeader,    // Reading "<hex>[;chunk-signature=<sig>]\r\n".
    kChunkData,      // Reading chunk_remaining_ bytes of data.
    kChunkDataEnd,   // Reading the "\r\n" after the data.
    kFinalChunkEnd,  // kSigned: reading the "\r\n" (empty data) after the 0-chunk header.
    kTrailerLine,    // Reading trailer lines up to the empty line.
    kDone,
  };

  explicit AwsChunkedDecoder(AwsChunkedOptions options);

  bool SignedMode() const { return options_.mode != AwsChunkedMode::kUnsignedTrailer; }
  bool TrailerMode() const { return options_.mode != AwsChunkedMode::kSigned; }

  // Appends to line_ up to and including '\n'. Returns the bytes consumed
  // and whether the line is complete. Errors: the line exceeds max_line_size.
  Result<std::pair<size_t, bool>> ReadLine(std::string_view wire, std::string_view what);
  Status OnChunkHeader(std::string_view line);
  Status OnChunkEnd(std::string& out);
  Status OnTrailerLine(std::string_view line);
  Status OnTrailerEnd();
  Status Fail(Status status);

  AwsChunkedOptions options_;
  State state_ = State::kChunkHeader;
  Status error_;  // First error; sticky.

  // Invariants: line_.size() <= limits.max_line_size; chunk_.size() <=
  // limits.max_chunk_size and chunk_ is empty in the unsigned mode.
  std::string line_;                       // The partial header/trailer line.
  uint64_t chunk_remaining_ = 0;           // Data bytes still to read of the current chunk.
  size_t chunk_end_matched_ = 0;           // Bytes of "\r\n" matched after the data.
  std::string chunk_;                      // Signed modes: the current chunk's data.
  std::string chunk_signature_;            // Signed modes: the current chunk's claimed signature.
  std::optional<Checksummer> chunk_hash_;  // Signed modes: SHA-256 of chunk_.
  std::string previous_signature_;         // Signed modes: the seed, then each chunk's.
  uint64_t decoded_size_ = 0;

  // Trailer section.
  std::vector<std::pair<std::string, std::string>> trailers_;
  std::optional<std::string> trailer_signature_;
  size_t trailer_bytes_ = 0;
  bool trailer_started_ = false;     // A trailer-section line (maybe empty) was read.
  bool leading_empty_line_ = false;  // The only line read so far was empty.
};

}  // namespace gloss::aws
