#include "storage/api/s3_body.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <memory>
#include <optional>
#include <span>

#include <boost/asio/this_coro.hpp>

#include "core/base64.h"
#include "core/hex.h"
#include "http/blocking.h"
#include "storage/s3/s3_errors.h"

namespace gloss::storage::s3_api {
namespace {

namespace asio = boost::asio;
using s3::S3ErrorCode;
using s3::S3ErrorStatus;

constexpr size_t kSha256HexDigits = 64;
constexpr size_t kMd5Bytes = 16;
constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";

std::string ToLower(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  return lower;
}

bool IsSha256Hex(std::string_view text) {
  return text.size() == kSha256HexDigits &&
         std::all_of(text.begin(), text.end(), [](char ch) { return HexDigitValue(ch) >= 0; });
}

// Content-Encoding lists "aws-chunked" among its codings.
bool HasAwsChunkedEncoding(const http::Headers& headers) {
  const std::optional<std::string_view> encoding = headers.Get("content-encoding");
  return encoding && ToLower(*encoding).find("aws-chunked") != std::string::npos;
}

// Reads from `body` until `buffer` is full or the body ends; returns the
// bytes read. The connection's reads are often smaller than a slice.
asio::awaitable<Result<size_t>> FillSlice(http::BodyReader& body, std::span<char> buffer) {
  size_t filled = 0;
  while (filled < buffer.size()) {
    Result<size_t> read = co_await body.ReadSome(buffer.subspan(filled));
    if (!read.ok()) {
      const StatusCode code = read.status().code();
      if (code == StatusCode::kInvalidArgument || code == StatusCode::kUnavailable) {
        // Broken framing or a client gone mid-body: what S3 calls IncompleteBody.
        co_return S3ErrorStatus(S3ErrorCode::kIncompleteBody, read.status().message());
      }
      co_return read.status();
    }
    if (*read == 0) {
      break;
    }
    filled += *read;
  }
  co_return filled;
}

}  // namespace

Result<BodyDecoder> BodyDecoder::Create(const http::RequestHead& head,
                                        const aws::SigV4Identity* signature) {
  const http::Headers& headers = head.headers;
  BodyDecoder decoder;
  decoder.declared_size_ = head.content_length;
  const std::string_view content_sha256 = headers.Get("x-amz-content-sha256").value_or("");
  if (aws::AwsChunkedModeFromContentSha256(content_sha256) || HasAwsChunkedEncoding(headers)) {
    ASSIGN_OR_RETURN(aws::AwsChunkedOptions options,
                     aws::AwsChunkedOptionsFromRequest(headers, signature));
    decoder.declared_size_ = options.decoded_content_length;
    ASSIGN_OR_RETURN(aws::AwsChunkedDecoder chunked,
                     aws::AwsChunkedDecoder::Create(std::move(options)));
    decoder.chunked_.emplace(std::move(chunked));
  } else if (IsSha256Hex(content_sha256)) {
    decoder.sha256_.emplace(aws::ChecksumAlgorithm::kSha256);
    decoder.expected_sha256_ = ToLower(content_sha256);
  } else if (!content_sha256.empty() && content_sha256 != kUnsignedPayload) {
    return S3ErrorStatus(S3ErrorCode::kInvalidArgument,
                         "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, a STREAMING- mode or the "
                         "hex SHA-256 of the payload");
  }
  ASSIGN_OR_RETURN(const std::optional<aws::ExpectedChecksum> expected,
                   aws::ExpectedChecksumFromHeaders(headers));
  if (expected) {
    if (expected->in_trailer && !decoder.chunked_) {
      return S3ErrorStatus(S3ErrorCode::kInvalidRequest,
                           "x-amz-trailer needs an aws-chunked (STREAMING-) body");
    }
    decoder.checksum_.emplace(expected->algorithm);
    decoder.expected_checksum_ = expected->value;
  }
  return decoder;
}

Result<std::string_view> BodyDecoder::Decode(std::string_view wire) {
  std::string_view payload = wire;
  if (chunked_) {
    ASSIGN_OR_RETURN(decoded_, chunked_->Feed(wire));
    payload = decoded_;
  }
  if (checksum_) {
    checksum_->Update(payload);
  }
  if (sha256_) {
    sha256_->Update(payload);
  }
  return payload;
}

Status BodyDecoder::Finish() {
  if (chunked_) {
    RETURN_IF_ERROR(chunked_->Finish());
  }
  if (checksum_) {
    if (expected_checksum_.empty()) {
      // Create made sure a trailer checksum comes with aws-chunked framing,
      // whose decoder insists on every declared trailer.
      const std::optional<std::string_view> trailer =
          chunked_->Trailer(aws::ChecksumHeaderName(checksum_->algorithm()));
      if (!trailer) {
        return S3ErrorStatus(S3ErrorCode::kInvalidRequest, "the checksum trailer is missing");
      }
      RETURN_IF_ERROR(aws::VerifyChecksum(*checksum_, *trailer, "trailer"));
    } else {
      RETURN_IF_ERROR(aws::VerifyChecksum(*checksum_, expected_checksum_, "header"));
    }
  }
  if (sha256_ && HexEncode(sha256_->Digest()) != expected_sha256_) {
    return S3ErrorStatus(S3ErrorCode::kXAmzContentSHA256Mismatch);
  }
  return Status::Ok();
}

Checksums BodyDecoder::checksums() const {
  if (!checksum_) {
    return {};
  }
  return {{std::string(aws::ChecksumAlgorithmName(checksum_->algorithm())), checksum_->Base64()}};
}

asio::awaitable<Status> StreamBody(http::BodyReader& body, BlockingPool& pool, BodyDecoder& decoder,
                                   BodyWriter& writer) {
  // Two slices: while the pool hashes and writes one, the socket fills the
  // other. Small bodies get small slices (one more byte than announced, so
  // the first read sees the end). An aws-chunked payload lives in the decoder
  // only until its next Decode, so it is copied into the slice's `copy`.
  const size_t capacity = static_cast<size_t>(
      std::min<uint64_t>(kSliceBytes, decoder.declared_size().value_or(kSliceBytes) + 1));
  struct Slice {
    std::unique_ptr<char[]> wire;
    std::string copy;
    std::string_view payload;
  };
  std::array<Slice, 2> slices;
  const asio::any_io_executor executor = co_await asio::this_coro::executor;
  std::optional<http::BlockingTask<Status>> writing;
  for (size_t next = 0;; next ^= 1) {
    Slice& slice = slices[next];
    if (!slice.wire) {
      slice.wire = std::make_unique_for_overwrite<char[]>(capacity);
    }
    Result<size_t> filled = co_await FillSlice(body, std::span<char>(slice.wire.get(), capacity));
    Result<std::string_view> payload =
        filled.ok() ? decoder.Decode(std::string_view(slice.wire.get(), *filled))
                    : Result<std::string_view>(filled.status());
    if (payload.ok() && !payload->empty() && payload->data() != slice.wire.get()) {
      slice.copy.assign(*payload);
      payload = std::string_view(slice.copy);
    }
    // The other slice's write must end before this one's starts, and before
    // any return: the pool thread is using `writer` and that slice.
    if (writing) {
      const Status written = co_await writing->Wait();
      writing.reset();
      if (!written.ok()) {
        co_return written;
      }
    }
    if (!payload.ok()) {
      co_return payload.status();
    }
    if (!payload->empty()) {
      slice.payload = *payload;
      writing.emplace(http::StartBlocking(
          pool, executor, [&writer, &slice] { return writer.Write(slice.payload); }));
    }
    if (*filled < capacity) {
      break;
    }
  }
  if (writing) {
    const Status written = co_await writing->Wait();
    if (!written.ok()) {
      co_return written;
    }
  }
  co_return decoder.Finish();
}

asio::awaitable<Result<std::string>> ReadSmallBody(http::BodyReader& body, BodyDecoder& decoder,
                                                   size_t limit) {
  std::string document;
  // One byte more than expected, so that the first read sees the end.
  const uint64_t expected = std::min<uint64_t>(limit, decoder.declared_size().value_or(limit));
  std::string buffer(static_cast<size_t>(std::min<uint64_t>(expected + 1, kSliceBytes)), '\0');
  for (;;) {
    Result<size_t> filled = co_await FillSlice(body, buffer);
    if (!filled.ok()) {
      co_return filled.status();
    }
    Result<std::string_view> payload = decoder.Decode(std::string_view(buffer.data(), *filled));
    if (!payload.ok()) {
      co_return payload.status();
    }
    if (document.size() + payload->size() > limit) {
      co_return S3ErrorStatus(S3ErrorCode::kMaxMessageLengthExceeded);
    }
    document.append(*payload);
    if (*filled < buffer.size()) {
      break;
    }
  }
  const Status finished = decoder.Finish();
  if (!finished.ok()) {
    co_return finished;
  }
  co_return document;
}

Result<std::string> ParseContentMd5(const http::Headers& headers) {
  const std::optional<std::string_view> header = headers.Get("content-md5");
  if (!header) {
    return std::string();
  }
  Result<std::string> digest = Base64Decode(*header);
  if (!digest.ok() || digest->size() != kMd5Bytes) {
    return S3ErrorStatus(S3ErrorCode::kInvalidDigest);
  }
  return *std::move(digest);
}

}  // namespace gloss::storage::s3_api
