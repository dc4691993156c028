#include "auth/password_hash.h"

#include <utility>

#include <sodium.h>

#include "core/base64.h"

namespace gloss::auth {
namespace {

static_assert(crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE == 2);
static_assert(crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE == size_t{64} << 20);

// crypto_pwhash_str_verify reads a NUL-terminated string.
std::string Terminated(std::string_view text) { return std::string(text); }

}  // namespace

std::string MakeDummyHash(const PasswordHasherOptions& options) {
  // PHC strings carry standard base64 without padding.
  auto base64 = [](const unsigned char* bytes, size_t size) {
    std::string out = Base64Encode(std::string_view(reinterpret_cast<const char*>(bytes), size));
    out.erase(out.find_last_not_of('=') + 1);
    return out;
  };
  unsigned char salt[crypto_pwhash_argon2id_SALTBYTES];
  unsigned char tag[32];
  randombytes_buf(salt, sizeof(salt));
  randombytes_buf(tag, sizeof(tag));
  return "$argon2id$v=19$m=" + std::to_string(options.memlimit / 1024) +
         ",t=" + std::to_string(options.opslimit) + ",p=1$" + base64(salt, sizeof(salt)) + "$" +
         base64(tag, sizeof(tag));
}

Result<PasswordHasher> PasswordHasher::Create(const PasswordHasherOptions& options) {
  if (sodium_init() < 0) {
    return Status::Internal("libsodium initialisation failed");
  }
  if (options.opslimit < crypto_pwhash_argon2id_OPSLIMIT_MIN ||
      options.opslimit > crypto_pwhash_argon2id_OPSLIMIT_MAX ||
      options.memlimit < crypto_pwhash_argon2id_MEMLIMIT_MIN ||
      options.memlimit > crypto_pwhash_argon2id_MEMLIMIT_MAX) {
    return Status::InvalidArgument("argon2id parameters out of range");
  }
  return PasswordHasher(options, MakeDummyHash(options));
}

Result<std::string> PasswordHasher::Hash(std::string_view password) const {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), options_.opslimit,
                            options_.memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Status::Internal("argon2id hashing failed (out of memory?)");
  }
  return std::string(out);
}

Status PasswordHasher::Verify(std::string_view encoded, std::string_view password) const {
  if (!encoded.starts_with("$argon2")) {
    return Status::Corruption("password hash is not an argon2 string");
  }
  const std::string stored = Terminated(encoded);
  if (crypto_pwhash_str_verify(stored.c_str(), password.data(), password.size()) != 0) {
    return Status::Unauthenticated("Incorrect username or password.");
  }
  return Status::Ok();
}

bool PasswordHasher::NeedsRehash(std::string_view encoded) const {
  const std::string stored = Terminated(encoded);
  return crypto_pwhash_str_needs_rehash(stored.c_str(), options_.opslimit, options_.memlimit) != 0;
}

void PasswordHasher::DummyVerify(std::string_view password) const {
  // The outcome is irrelevant (the dummy password is random); only the time spent counts.
  const int ignored =
      crypto_pwhash_str_verify(dummy_hash_.c_str(), password.data(), password.size());
  static_cast<void>(ignored);
}

}  // namespace gloss::auth
