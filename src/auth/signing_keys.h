// SigningKey is one RSA-2048 key pair of a user pool, used to sign and verify
// RS256 JSON Web Tokens, and Jwks() renders public keys as the JSON Web Key Set
// served at /<pool>/.well-known/jwks.json in Cognito's shape.
//
// Keys are persisted as a PKCS#8 PEM file (mode 0600, written to a temporary
// file, fsynced and renamed into place). The key id `kid` is derived from the
// public key alone: base64url of the first 16 bytes of SHA-256 over the DER
// SubjectPublicKeyInfo, so it is stable across restarts and identical on every
// node that shares the file. See docs/design/auth-tokens.md.
//
// Not a JWT implementation (auth/jwt.h) and not a general JOSE key library: only
// RSA keys of at least 2048 bits with RS256 (RSASSA-PKCS1-v1_5 + SHA-256).
// Key rotation (several keys per pool) is the caller's business: Jwks() takes
// any number of keys.
//
// Thread safety: a SigningKey is immutable after construction; Sign() and
// Verify() may be called concurrently from any number of threads.

#pragma once

#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/result.h"

struct evp_pkey_st;  // OpenSSL's EVP_PKEY.

namespace gloss::auth {

class SigningKey;
using SigningKeyPtr = std::unique_ptr<SigningKey>;

class SigningKey {
 public:
  ~SigningKey();
  SigningKey(const SigningKey&) = delete;
  SigningKey& operator=(const SigningKey&) = delete;

  // Generates a fresh RSA-2048 key pair in memory. Errors: kInternal if
  // OpenSSL fails (no entropy).
  static Result<SigningKeyPtr> Generate();

  // Loads the private key from `pem_file`, or, if the file does not exist,
  // generates one and persists it there (parent directory must exist).
  // An existing file that is unreadable as an RSA key of >= 2048 bits is never
  // replaced. Errors: kCorruption (file exists but is not a usable key),
  // kUnavailable (I/O error reading or writing), kInternal (OpenSSL failure).
  // Concurrent creators of the same path must be serialised by the caller
  // (one sandbox process owns its state directory).
  static Result<SigningKeyPtr> LoadOrCreate(const std::filesystem::path& pem_file);

  // Parses an unencrypted PEM private key (PKCS#8 or traditional RSA).
  // Errors: kInvalidArgument (not an RSA private key of >= 2048 bits).
  static Result<SigningKeyPtr> FromPrivatePem(std::string_view pem);

  // Builds a verify-only key from a public JWK {"kty":"RSA","n":...,"e":...}.
  // The kid is taken from the JWK's "kid" member if present, else derived as
  // for any other key. Errors: kInvalidArgument (not an RSA JWK, bad
  // base64url, modulus under 2048 bits, "alg" present and not RS256).
  static Result<SigningKeyPtr> FromJwk(const nlohmann::json& jwk);

  const std::string& kid() const { return kid_; }
  bool has_private_key() const { return has_private_key_; }

  // Returns the raw RS256 signature (256 bytes for RSA-2048) over `data`.
  // Errors: kFailedPrecondition (verify-only key), kInternal (OpenSSL).
  Result<std::string> Sign(std::string_view data) const;

  // True iff `signature` is a valid RS256 signature over `data` by this key.
  bool Verify(std::string_view data, std::string_view signature) const;

  // {"alg":"RS256","e":...,"kid":...,"kty":"RSA","n":...,"use":"sig"}, with n
  // and e as big-endian unsigned integers without leading zero bytes, in
  // unpadded base64url (RFC 7518 §6.3.1).
  nlohmann::json PublicJwk() const;

  // The public key as a PEM SubjectPublicKeyInfo ("BEGIN PUBLIC KEY").
  std::string PublicPem() const;

 private:
  struct PkeyDeleter {
    void operator()(evp_pkey_st* pkey) const;
  };
  using PkeyPtr = std::unique_ptr<evp_pkey_st, PkeyDeleter>;

  static Result<SigningKeyPtr> FromPkey(PkeyPtr pkey, bool has_private_key, std::string kid);

  SigningKey(PkeyPtr pkey, bool has_private_key, std::string kid);

  PkeyPtr pkey_;  // Never null; an RSA key of >= 2048 bits.
  bool has_private_key_;
  std::string kid_;
};

// {"keys":[PublicJwk(), ...]} in the order given. `keys` must not hold nulls.
nlohmann::json Jwks(std::span<const SigningKey* const> keys);

}  // namespace gloss::auth
