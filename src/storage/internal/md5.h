// Streaming MD5 (OpenSSL EVP) for ETags: S3's ETag of a single-part object is
// the hex MD5 of its bytes. MD5 here is a checksum, not a security measure.
//
// Thread safety: an Md5 is used by one thread at a time.

#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

struct evp_md_ctx_st;

namespace gloss::storage::internal {

using Md5Digest = std::array<uint8_t, 16>;

class Md5 {
 public:
  Md5();
  ~Md5();
  Md5(Md5&& other) noexcept;
  Md5& operator=(Md5&& other) noexcept;
  Md5(const Md5&) = delete;
  Md5& operator=(const Md5&) = delete;

  void Update(std::string_view bytes);
  // Returns the digest of everything passed to Update. The Md5 may not be
  // updated afterwards.
  Md5Digest Finish();

 private:
  evp_md_ctx_st* context_;  // Owned; null only after a move.
};

// The digest as 16 raw bytes (for the multipart ETag) and as 32 hex digits.
std::string_view DigestBytes(const Md5Digest& digest);
std::string DigestHex(const Md5Digest& digest);

// The MD5 of `bytes` in one call.
Md5Digest Md5Of(std::string_view bytes);

}  // namespace gloss::storage::internal
