#include "core/random.h"

#include <algorithm>
#include <array>

#include <sodium.h>

#include "core/assert.h"
#include "core/hex.h"

namespace gloss {
namespace {

constexpr size_t kByteValues = 256;
// Drawn beyond the characters still needed, so that a batch rarely falls
// short after dropping bytes.
constexpr size_t kSpareBytes = 16;

}  // namespace

std::string RandomString(size_t length, std::string_view alphabet) {
  GLOSS_CHECK(!alphabet.empty());   // Callers pass one of the constants above.
  GLOSS_CHECK(sodium_init() >= 0);  // Fails only without an entropy source.
  std::string out;
  out.reserve(length);
  if (alphabet.size() > kByteValues) {
    while (out.size() < length) {
      out += alphabet[randombytes_uniform(static_cast<uint32_t>(alphabet.size()))];
    }
    return out;
  }
  // Random bytes in batches, as each randombytes call is a getrandom(2)
  // system call (one per character made request ids a hot spot). Bytes below
  // the largest multiple of the alphabet's size map onto it uniformly; the
  // others are dropped.
  const size_t limit = kByteValues - kByteValues % alphabet.size();
  std::array<unsigned char, kByteValues> batch;
  while (out.size() < length) {
    const size_t count = std::min(batch.size(), length - out.size() + kSpareBytes);
    randombytes_buf(batch.data(), count);
    for (size_t idx = 0; idx < count && out.size() < length; ++idx) {
      if (batch[idx] < limit) {
        out += alphabet[batch[idx] % alphabet.size()];
      }
    }
  }
  return out;
}

std::string RandomUuid() {
  unsigned char bytes[16];
  GLOSS_CHECK(sodium_init() >= 0);  // Fails only without an entropy source.
  randombytes_buf(bytes, sizeof(bytes));
  return FormatUuidV4(std::string_view(reinterpret_cast<const char*>(bytes), sizeof(bytes)));
}

}  // namespace gloss
