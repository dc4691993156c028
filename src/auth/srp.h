// SRP-6a password proof as Cognito's USER_SRP_AUTH flow uses it, for both the
// server (InitiateAuth / RespondToAuthChallenge PASSWORD_VERIFIER) and a
// client (our tests and tools). Interoperates with amazon-cognito-identity-js
// (AuthenticationHelper) and Amplify JS v6; formulas in docs/design/auth-passwords.md.
//
// Two layers:
//   - SrpMath: generic SRP-6a arithmetic over a group, hash and padding rule,
//     so it can be checked against RFC 5054 Appendix B as well as Cognito.
//   - MakeVerifier / StartSession / VerifyPasswordClaim / SrpClient: the
//     Cognito protocol (3072-bit group, SHA-256, padHex, HKDF "Caldera Derived
//     Key", HMAC-SHA256 claim signature).
//
// This is not a user store or session store: callers persist SrpVerifier and
// ServerSession, issue and check SECRET_BLOCK, check the TIMESTAMP freshness
// and apply throttling (login_throttle.h).
//
// Numbers are big-endian byte strings without sign byte; hex on the wire is
// parsed like the JS clients' BigInteger (any case, odd length allowed).
//
// Thread safety: all functions are safe to call concurrently; SrpMath and
// SrpClient are immutable after creation.

#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"
#include "core/status.h"

namespace gloss::auth {

enum class SrpHash { kSha1, kSha256 };

enum class SrpPadding {
  // RFC 5054: PAD(n) left-pads with zero bytes to the byte length of N; the
  // salt enters x as raw bytes.
  kRfc5054,
  // amazon-cognito-identity-js padHex: minimal big-endian bytes, plus one 00
  // byte when the top bit is set (zero encodes as one 00 byte); the salt is
  // read as an integer and enters x as padHex(salt).
  kCognito,
};

struct SrpGroup {
  std::string_view n_hex;  // The safe prime N.
  uint32_t g = 2;
  SrpHash hash = SrpHash::kSha256;
  SrpPadding padding = SrpPadding::kCognito;
};

// RFC 3526 3072-bit MODP prime, g = 2, SHA-256, padHex: what Cognito uses.
const SrpGroup& CognitoSrpGroup();
// RFC 5054 Appendix A 1024-bit group, g = 2, SHA-1, RFC padding: for the
// Appendix B test vectors only.
const SrpGroup& Rfc5054Group1024();

// SRP-6a arithmetic. All inputs and outputs are big-endian unsigned byte
// strings (leading zeros allowed on input, minimal on output).
class SrpMath {
 public:
  // InvalidArgument if n_hex is not a hex number.
  static Result<SrpMath> Create(const SrpGroup& group);

  SrpMath(SrpMath&&) noexcept;
  SrpMath& operator=(SrpMath&&) noexcept;
  ~SrpMath();

  // H(data) with the group's hash.
  std::string Hash(std::string_view data) const;
  // The padding rule applied to a number.
  std::string Pad(std::string_view number) const;
  // k = H(PAD(N) || PAD(g)).
  std::string K() const;
  // x = H(salt' || H(identity)); salt' is the raw salt (RFC) or PAD(salt)
  // (Cognito). identity is "I:P" (RFC) or poolShort||username||":"||password.
  std::string X(std::string_view salt, std::string_view identity) const;
  // v = g^x mod N.
  std::string Verifier(std::string_view x) const;
  // A = g^a mod N.
  std::string ClientPublic(std::string_view a) const;
  // B = (k*v + g^b) mod N.
  std::string ServerPublic(std::string_view b, std::string_view v) const;
  // u = H(PAD(A) || PAD(B)).
  std::string U(std::string_view a_pub, std::string_view b_pub) const;
  // S = (A * v^u)^b mod N. InvalidArgument if A % N == 0.
  Result<std::string> ServerPremaster(std::string_view b, std::string_view v, std::string_view u,
                                      std::string_view a_pub) const;
  // S = (B - k*g^x)^(a + u*x) mod N. InvalidArgument if B % N == 0.
  Result<std::string> ClientPremaster(std::string_view a, std::string_view x, std::string_view u,
                                      std::string_view b_pub) const;
  // True iff number % N == 0.
  bool IsZeroModN(std::string_view number) const;

 private:
  struct Impl;
  explicit SrpMath(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// ---- Cognito USER_SRP_AUTH ----

inline constexpr size_t kSrpSaltBytes = 16;
inline constexpr size_t kSrpEphemeralBytes = 128;  // a and b, as the JS client's a.
inline constexpr size_t kSrpKeyBytes = 16;

// What the user store keeps per user instead of (in addition to) a password hash.
struct SrpVerifier {
  std::string salt;      // kSrpSaltBytes random bytes, read as an integer by clients.
  std::string verifier;  // v = g^x mod N, big-endian.
};

// pool_short is the part of the pool id after '_'; username is the value sent
// as USER_ID_FOR_SRP. Internal on RNG failure.
Result<SrpVerifier> MakeVerifier(std::string_view pool_short, std::string_view username,
                                 std::string_view password);
// As MakeVerifier with a given salt (tests, fixed vectors).
SrpVerifier MakeVerifierWithSalt(std::string_view pool_short, std::string_view username,
                                 std::string_view password, std::string_view salt);

// Server state between InitiateAuth and RespondToAuthChallenge. Contains the
// secret ephemeral b: store it like a credential and discard it after one
// VerifyPasswordClaim.
struct ServerSession {
  std::string srp_b_hex;  // SRP_B challenge parameter (lowercase hex).
  std::string salt_hex;   // SALT challenge parameter (lowercase hex).
  std::string b;          // Secret ephemeral.
  std::string a_pub;      // A from the client.
  std::string b_pub;      // B.
  std::string u;
  std::string verifier;

  // A JSON object of hex strings, for a DB column.
  std::string Serialize() const;
  // Corruption if `text` is not what Serialize produced.
  static Result<ServerSession> Parse(std::string_view text);
};

// Checks SRP_A and computes B with a fresh random b. InvalidArgument if
// srp_a_hex is not hex, longer than N, or A % N == 0.
Result<ServerSession> StartSession(const SrpVerifier& verifier, std::string_view srp_a_hex);
// As StartSession with a fixed b (tests only).
Result<ServerSession> StartSessionWithSecretForTest(const SrpVerifier& verifier,
                                                    std::string_view srp_a_hex, std::string_view b);

// Checks PASSWORD_CLAIM_SIGNATURE = base64(HMAC-SHA256(key, pool_short ||
// username || base64dec(secret_block) || timestamp)) in constant time.
// Unauthenticated on mismatch (wrong password), InvalidArgument if
// secret_block_b64 is not base64, Corruption if the session is malformed.
Status VerifyPasswordClaim(const ServerSession& session, std::string_view pool_short,
                           std::string_view username, std::string_view secret_block_b64,
                           std::string_view timestamp, std::string_view signature_b64);

// The clients' TIMESTAMP format, "Tue Nov 3 09:07:05 UTC 2026" (UTC, day
// without leading zero).
std::string FormatSrpTimestamp(std::chrono::system_clock::time_point time);

// The client half: holds the secret a.
class SrpClient {
 public:
  struct Claim {
    std::string key;            // kSrpKeyBytes HKDF output.
    std::string signature_b64;  // PASSWORD_CLAIM_SIGNATURE.
  };

  // Random a. Internal on RNG failure.
  static Result<SrpClient> Create();
  // Fixed a (tests only). InvalidArgument if a_hex is not hex.
  static Result<SrpClient> CreateWithSecretForTest(std::string_view a_hex);

  // SRP_A for InitiateAuth.
  const std::string& srp_a_hex() const { return srp_a_hex_; }

  // InvalidArgument if the hex or base64 inputs are malformed, B % N == 0 or u == 0.
  Result<Claim> ComputeClaim(std::string_view pool_short, std::string_view username,
                             std::string_view password, std::string_view srp_b_hex,
                             std::string_view salt_hex, std::string_view secret_block_b64,
                             std::string_view timestamp) const;

 private:
  SrpClient(std::string a, std::string a_pub);
  std::string a_;
  std::string a_pub_;
  std::string srp_a_hex_;
};

}  // namespace gloss::auth
