// Request bodies of the S3 route (docs/design/storage-service.md, "Bodies"):
// BodyDecoder strips aws-chunked framing and verifies what the client
// announced about the payload (the x-amz-checksum-* header or trailer, a hex
// x-amz-content-sha256); StreamBody moves an upload from the socket to an
// engine writer in bounded slices; ReadSmallBody reads an XML document.
//
// What it is not: storage. Committing or aborting the writer is the caller's.
//
// Thread safety: a BodyDecoder belongs to one request and is used on its I/O
// thread; StreamBody hands each slice to the BlockingPool and waits for it,
// so the writer is used by one thread at a time.

#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>  // Boost 1.74 awaitable.hpp uses std::exchange without it.

#include <boost/asio/awaitable.hpp>

#include "aws/aws_chunked.h"
#include "aws/checksum.h"
#include "aws/sigv4.h"
#include "core/blocking_pool.h"
#include "core/result.h"
#include "http/request.h"
#include "storage/object_store.h"
#include "storage/object_types.h"

namespace gloss::storage::s3_api {

// Socket reads are gathered into slices of up to this size before a slice
// goes to the blocking pool: large enough that the hop costs little, small
// enough that memory stays bounded per upload (two slices).
inline constexpr size_t kSliceBytes = size_t{1} << 20;

// One request body, decoded and verified as it streams through.
class BodyDecoder {
 public:
  // A decoder for the body `head` describes. `signature` is the request's
  // verified SigV4 identity, nullptr when it was not SigV4-signed (signed
  // aws-chunked bodies need it). Errors: InvalidArgument for an
  // x-amz-content-sha256 that is neither a hash nor a known mode, or
  // aws-chunked without a streaming mode; InvalidRequest for malformed
  // checksum headers or a signed streaming mode without a header signature.
  static Result<BodyDecoder> Create(const http::RequestHead& head,
                                    const aws::SigV4Identity* signature);

  // Consumes the next bytes of the body as received and returns the payload
  // bytes they complete (possibly none), valid until the next call. Errors:
  // the aws-chunked decoder's (IncompleteBody, SignatureDoesNotMatch,
  // MalformedTrailerError).
  Result<std::string_view> Decode(std::string_view wire);

  // Declares the end of the body and verifies it. Errors: the decoder's;
  // BadDigest / InvalidRequest for the announced checksum;
  // XAmzContentSHA256Mismatch for a hex x-amz-content-sha256.
  Status Finish();

  // The announced checksum as the engine stores it ({"CRC32": base64}),
  // empty when there was none. Meaningful after a successful Finish.
  Checksums checksums() const;

  // The payload size the client announced (x-amz-decoded-content-length for
  // aws-chunked bodies, else Content-Length), if it did.
  std::optional<uint64_t> declared_size() const { return declared_size_; }

 private:
  BodyDecoder() = default;

  std::optional<aws::AwsChunkedDecoder> chunked_;  // Set for aws-chunked bodies.
  std::string decoded_;                            // aws-chunked: the last Decode's payload.
  std::optional<aws::Checksummer> checksum_;       // The announced checksum's algorithm.
  std::string expected_checksum_;                  // Its header value; empty for a trailer.
  std::optional<aws::Checksummer> sha256_;         // Set when x-amz-content-sha256 is a hash.
  std::string expected_sha256_;                    // Lower-case hex.
  std::optional<uint64_t> declared_size_;          // See declared_size().
};

// Reads the whole body into `writer`: slices of up to kSliceBytes from the
// socket, decoded by `decoder`, each written on `pool` while the next slice
// is read; then decoder.Finish(). On error the writer
// holds a partial body: the caller aborts it. Errors: the reader's (a lost
// connection or broken framing is IncompleteBody), the decoder's, the
// writer's (EntityTooLarge, disk errors).
boost::asio::awaitable<Status> StreamBody(http::BodyReader& body, BlockingPool& pool,
                                          BodyDecoder& decoder, BodyWriter& writer);

// Reads a small body (an XML document) whole through `decoder`, Finish()ed.
// Errors: MaxMessageLengthExceeded past `limit` payload bytes; as StreamBody.
boost::asio::awaitable<Result<std::string>> ReadSmallBody(http::BodyReader& body,
                                                          BodyDecoder& decoder, size_t limit);

// The raw 16 bytes of the request's Content-MD5 header; empty when
// absent. Errors: InvalidDigest when it is not base64 of 16 bytes.
Result<std::string> ParseContentMd5(const http::Headers& headers);

}  // namespace gloss::storage::s3_api
