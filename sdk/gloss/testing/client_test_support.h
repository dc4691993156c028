// Shared pieces of the SDK client tests: fixed credentials, a ClientConfig for
// a LoopbackServer, and signature verification with the verifier gloss's
// server uses (aws::VerifySigV4).
//
// Test-only. Thread safety: pure functions.

#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "aws/sigv4.h"
#include "core/result.h"
#include "gloss/client_config.h"
#include "gloss/testing/loopback_server.h"

namespace gloss::sdk::testing {

inline constexpr char kAccessKeyId[] = "ASIAEXAMPLEKEY000001";
inline constexpr char kSecretAccessKey[] = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
inline constexpr char kSessionToken[] = "session-token-of-the-function";
inline constexpr char kRegion[] = "eu-west-1";

inline ClientConfig TestConfig(const LoopbackServer& server) {
  return ClientConfig{.endpoint = server.Url(),
                      .region = kRegion,
                      .access_key_id = kAccessKeyId,
                      .secret_access_key = kSecretAccessKey,
                      .session_token = kSessionToken,
                      .timeout = std::chrono::seconds(5)};
}

// Verifies `request` as gloss does: S3 (`raw_path`) signs the
// x-amz-content-sha256 value and the path as sent; other services the body's
// SHA-256 and the normalised path. The session token must match.
inline Result<aws::SigV4Identity> VerifySigned(const CapturedRequest& request, bool raw_path) {
  const std::string payload_sha256 =
      raw_path ? request.Header("x-amz-content-sha256") : aws::Sha256Hex(request.body);
  const aws::CredentialLookup lookup =
      [](std::string_view access_key_id) -> std::optional<aws::SigV4Credential> {
    if (access_key_id != kAccessKeyId) {
      return std::nullopt;
    }
    return aws::SigV4Credential{.secret_access_key = kSecretAccessKey,
                                .session_token = std::string(kSessionToken)};
  };
  return aws::VerifySigV4(request.ToRequestHead(), payload_sha256, lookup,
                          std::chrono::system_clock::now(), {.raw_path = raw_path});
}

}  // namespace gloss::sdk::testing
