#include "storage/internal/md5.h"

#include <utility>

#include <openssl/evp.h>

#include "core/assert.h"
#include "core/hex.h"

namespace gloss::storage::internal {

Md5::Md5() : context_(EVP_MD_CTX_new()) {
  // Allocation failure or a missing MD5 implementation is an environment
  // failure we cannot serve around (CONVENTIONS: crash on OOM).
  GLOSS_CHECK(context_ != nullptr);
  GLOSS_CHECK(EVP_DigestInit_ex(context_, EVP_md5(), nullptr) == 1);
}

Md5::~Md5() { EVP_MD_CTX_free(context_); }

Md5::Md5(Md5&& other) noexcept : context_(std::exchange(other.context_, nullptr)) {}

Md5& Md5::operator=(Md5&& other) noexcept {
  std::swap(context_, other.context_);
  return *this;
}

void Md5::Update(std::string_view bytes) {
  GLOSS_DCHECK(context_ != nullptr);  // Not used after a move.
  // Cannot fail for MD5 once initialised.
  GLOSS_CHECK(EVP_DigestUpdate(context_, bytes.data(), bytes.size()) == 1);
}

Md5Digest Md5::Finish() {
  Md5Digest digest{};
  unsigned int length = 0;
  GLOSS_CHECK(EVP_DigestFinal_ex(context_, digest.data(), &length) == 1);
  GLOSS_CHECK(length == digest.size());  // MD5 digests are 16 bytes.
  return digest;
}

std::string_view DigestBytes(const Md5Digest& digest) {
  return {reinterpret_cast<const char*>(digest.data()), digest.size()};
}

std::string DigestHex(const Md5Digest& digest) { return HexEncode(DigestBytes(digest)); }

Md5Digest Md5Of(std::string_view bytes) {
  Md5 md5;
  md5.Update(bytes);
  return md5.Finish();
}

}  // namespace gloss::storage::internal
