// Streaming checksums of the S3 "flexible checksum" family (CRC32, CRC32C,
// CRC64NVME, SHA1, SHA256), their values as AWS sends them (base64 of the
// big-endian digest) and the names under which they travel:
// `x-amz-checksum-<alg>` headers and trailers, and `x-amz-sdk-checksum-algorithm`
// values ("CRC32", ...).
//
// Not here: MD5 (Content-MD5 / ETag belong to the storage layer) and composite
// multipart checksums ("...-3").
//
// Errors carry the S3 error code as message prefix:
//   InvalidRequest  kInvalidArgument  a value that is not base64 of the right size,
//                                     an unknown algorithm, several checksum headers
//   BadDigest       kInvalidArgument  the value does not match the data
//
// Thread safety: the free functions are pure. A Checksummer is a value owned by
// one thread at a time.

#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/base64.h"
#include "core/result.h"
#include "core/status.h"
#include "http/request.h"

struct evp_md_ctx_st;

namespace gloss::aws {

enum class ChecksumAlgorithm : uint8_t {
  kCrc32,      // zlib's CRC-32 (IEEE), 4 bytes.
  kCrc32c,     // Castagnoli, 4 bytes.
  kCrc64Nvme,  // CRC-64/NVME, 8 bytes.
  kSha1,       // 20 bytes.
  kSha256,     // 32 bytes.
};

// "CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256": the x-amz-sdk-checksum-algorithm spelling.
std::string_view ChecksumAlgorithmName(ChecksumAlgorithm algorithm);

// "x-amz-checksum-crc32", ...: the header and trailer name.
std::string_view ChecksumHeaderName(ChecksumAlgorithm algorithm);

// Size of the raw digest in bytes.
size_t ChecksumDigestSize(ChecksumAlgorithm algorithm);

// The algorithm of an x-amz-sdk-checksum-algorithm value (any case), or nullopt.
std::optional<ChecksumAlgorithm> ChecksumAlgorithmFromName(std::string_view name);

// The algorithm of an x-amz-checksum-* header or trailer name (any case), or nullopt.
std::optional<ChecksumAlgorithm> ChecksumAlgorithmFromHeaderName(std::string_view header_name);

// Incremental digest of one algorithm. Move-only.
class Checksummer {
 public:
  explicit Checksummer(ChecksumAlgorithm algorithm);
  ~Checksummer();
  Checksummer(Checksummer&& other) noexcept;
  Checksummer& operator=(Checksummer&& other) noexcept;
  Checksummer(const Checksummer&) = delete;
  Checksummer& operator=(const Checksummer&) = delete;

  ChecksumAlgorithm algorithm() const { return algorithm_; }

  // Adds `data` to the digest.
  void Update(std::string_view data);

  // Starts over, as if newly constructed.
  void Reset();

  // The raw big-endian digest of everything added so far. Does not reset:
  // Update may be called again afterwards.
  std::string Digest() const;

  // Base64 of Digest(): the value AWS puts in x-amz-checksum-*.
  std::string Base64() const { return Base64Encode(Digest()); }

 private:
  struct EvpCtxDeleter {
    void operator()(evp_md_ctx_st* ctx) const;
  };

  ChecksumAlgorithm algorithm_;
  uint64_t crc_ = 0;  // Running register of the CRC algorithms (pre-inverted form).
  std::unique_ptr<evp_md_ctx_st, EvpCtxDeleter> md_;  // SHA algorithms only.
};

// Whether `value` is well-formed for `algorithm`: padded base64 of exactly
// ChecksumDigestSize bytes.
bool IsWellFormedChecksumValue(ChecksumAlgorithm algorithm, std::string_view value);

// Compares a client-sent value (header or trailer `source`, for the message)
// with the computed digest. Errors: InvalidRequest if `value` is malformed;
// BadDigest if it differs from `checksummer`'s digest.
Status VerifyChecksum(const Checksummer& checksummer, std::string_view value,
                      std::string_view source = "header");

// A checksum the client announced in the request head.
struct ExpectedChecksum {
  ChecksumAlgorithm algorithm;
  // The x-amz-checksum-* header value; empty when the value comes in a
  // trailer (x-amz-trailer names the checksum header).
  std::string value;
  bool in_trailer = false;
};

// Reads the checksum a request announces: one x-amz-checksum-<alg> header, or
// an x-amz-trailer naming one, consistent with x-amz-sdk-checksum-algorithm
// when present. Returns nullopt when there is none. Errors (InvalidRequest):
// unknown x-amz-sdk-checksum-algorithm, more than one checksum header, a
// malformed value, an algorithm different from x-amz-sdk-checksum-algorithm.
Result<std::optional<ExpectedChecksum>> ExpectedChecksumFromHeaders(const http::Headers& headers);

}  // namespace gloss::aws
