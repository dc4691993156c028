// Password hashing for the user pool: argon2id through libsodium's
// crypto_pwhash_str family. The stored form is libsodium's self-describing
// string ("$argon2id$v=19$m=...,t=...,p=1$salt$hash"), so parameters can be
// raised later and old hashes still verify (NeedsRehash tells when to upgrade).
//
// Not a user store and not SRP (srp.h keeps its own verifier for
// USER_SRP_AUTH); this covers USER_PASSWORD_AUTH / ADMIN_USER_PASSWORD_AUTH.
//
// Thread safety: a PasswordHasher is immutable after Create; all methods may be
// called concurrently. Each Hash/Verify call allocates `memlimit` bytes.

#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "core/result.h"
#include "core/status.h"

namespace gloss::auth {

struct PasswordHasherOptions {
  // libsodium's OPSLIMIT_INTERACTIVE / MEMLIMIT_INTERACTIVE (argon2id, t=2,
  // 64 MiB): about 64 ms per hash or verify on the 2-core dev machine (see
  // docs/design/auth-passwords.md).
  uint64_t opslimit = 2;
  size_t memlimit = size_t{64} << 20;

  // The cheapest parameters libsodium accepts (t=1, 8 KiB); unit tests only.
  static PasswordHasherOptions ForTest() { return PasswordHasherOptions{1, size_t{8} << 10}; }
};

// A well-formed argon2id string with `options` and random salt and tag, for
// DummyVerify. Verifying against it costs one real argon2id computation (the
// cost comes from the encoded parameters, not the tag) and always fails;
// making it costs nothing, so start-up does not pay for a hash.
std::string MakeDummyHash(const PasswordHasherOptions& options);

class PasswordHasher {
 public:
  // InvalidArgument if the options are outside libsodium's limits.
  static Result<PasswordHasher> Create(const PasswordHasherOptions& options = {});

  // A fresh salted hash of `password`. Internal if libsodium fails (memory).
  Result<std::string> Hash(std::string_view password) const;

  // OK if `password` matches `encoded`; Unauthenticated if not; Corruption if
  // `encoded` is not an argon2 hash string. Constant time in the password.
  Status Verify(std::string_view encoded, std::string_view password) const;

  // True if `encoded` was made with other parameters than this hasher's (or
  // is malformed), so the caller should store a new Hash after a successful Verify.
  bool NeedsRehash(std::string_view encoded) const;

  // Spends the same time as a Verify against a real hash, for unknown users,
  // so response time does not reveal whether a username exists.
  void DummyVerify(std::string_view password) const;

  const PasswordHasherOptions& options() const { return options_; }

 private:
  PasswordHasher(const PasswordHasherOptions& options, std::string dummy_hash)
      : options_(options), dummy_hash_(std::move(dummy_hash)) {}

  PasswordHasherOptions options_;
  std::string dummy_hash_;  // Hash of a random password with options_.
};

}  // namespace gloss::auth
