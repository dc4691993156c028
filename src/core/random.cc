#include "core/random.h"

#include <sodium.h>

#include "core/assert.h"
#include "core/hex.h"

namespace gloss {

std::string RandomString(size_t length, std::string_view alphabet) {
  GLOSS_CHECK(!alphabet.empty());   // Callers pass one of the constants above.
  GLOSS_CHECK(sodium_init() >= 0);  // Fails only without an entropy source.
  std::string out;
  out.reserve(length);
  for (size_t idx = 0; idx < length; ++idx) {
    out += alphabet[randombytes_uniform(static_cast<uint32_t>(alphabet.size()))];
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
