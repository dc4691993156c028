// JSON Web Tokens as Cognito user pools issue them: compact JWS, RS256 only,
// header {"kid":"<key id>","alg":"RS256"}. SignJwt() mints a token from a claims
// object; VerifyJwt() checks a presented token and returns its claims.
//
// Claims Cognito puts in its tokens (the builders live with the user pool; this
// layer signs whatever object it is given and checks only the claims listed
// under VerifyOptions):
//   ID token:     sub, email, email_verified, cognito:username, cognito:groups
//                 (only if the user is in a group), aud (the app client id),
//                 token_use="id", auth_time, iss, exp, iat, event_id (optional),
//                 origin_jti, jti, plus custom:* and other standard attributes.
//   Access token: sub, client_id, scope="aws.cognito.signin.user.admin",
//                 cognito:groups (if any), token_use="access", username,
//                 auth_time, iss, exp, iat, jti, origin_jti (and event_id).
//   iss is "https://cognito-idp.<region>.amazonaws.com/<userPoolId>" on AWS;
//   gloss uses its own pool URL. exp/iat/auth_time are NumericDate seconds.
//
// Not an OIDC client and not a general JOSE library: no HS*/ES*/PS*, no JWE,
// no "jku"/"x5u" key fetching, no "crit" extensions (tokens carrying "crit" are
// rejected). Does not read the clock: callers pass `now`.
//
// Thread safety: stateless functions; safe from any thread as long as the
// KeyLookup and the keys it returns are (SigningKey is).

#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "auth/signing_keys.h"
#include "core/result.h"

namespace gloss::auth {

// Tokens longer than this are rejected before any decoding.
inline constexpr size_t kMaxJwtBytes = 16 * 1024;

// Returns the key with id `kid`, or null if there is none. The key must stay
// alive until VerifyJwt returns.
using KeyLookup = std::function<const SigningKey*(std::string_view kid)>;

struct VerifyOptions {
  // The verifier's current time (injected; VerifyJwt never reads a clock).
  std::chrono::system_clock::time_point now;
  // Required exact match of the "iss" claim.
  std::string issuer;
  // Required exact match of "token_use": "id" or "access"; empty accepts
  // either (a request's Authorization may carry both kinds).
  std::string token_use;
  // If set, the app client the token must be for: "aud" for ID tokens (a
  // string, or an array containing it), "client_id" for access tokens.
  std::optional<std::string> client_id;
  // Tolerated clock skew for exp, nbf and iat.
  std::chrono::seconds leeway{0};
};

// A token whose signature and claims passed VerifyJwt. Accessors return an
// empty value when the claim is absent or not of the expected JSON type.
struct VerifiedJwt {
  nlohmann::json header;  // A JSON object.
  nlohmann::json claims;  // A JSON object.

  std::string sub() const;
  // "cognito:username" (ID tokens), else "username" (access tokens).
  std::string username() const;
  // The string members of "cognito:groups".
  std::vector<std::string> groups() const;
  std::string token_use() const;
  // "client_id" (access tokens), else "aud" if it is a string (ID tokens).
  std::string client_id() const;
  // "exp" (always present and numeric after verification), truncated to seconds.
  std::chrono::system_clock::time_point exp() const;
};

// What IdTokenClaims/AccessTokenClaims need to know about one sign-in.
struct TokenClaimsInput {
  std::string issuer;
  std::string client_id;  // The app client; "aud" (ID) or "client_id" (access).
  std::string sub;        // The user's immutable id (a UUID).
  std::string username;
  std::vector<std::string> groups;  // Omitted from the tokens when empty, as Cognito does.
  std::chrono::system_clock::time_point auth_time;  // When the user authenticated.
  std::chrono::system_clock::time_point issued_at;  // iat; exp = iat + validity.
  std::chrono::seconds validity{3600};
  std::string jti;         // Unique per token.
  std::string origin_jti;  // Shared by the tokens of one authentication (and refreshes).
  std::optional<std::string> event_id;
};

// Cognito's ID token claims. `attributes` (a JSON object, or null) holds the
// user attributes to include, already typed as in the token ("email",
// "email_verified": bool, "custom:*", ...); the claims this function sets
// (sub, iss, aud, token_use, cognito:*, times, ids) always win over them.
nlohmann::json IdTokenClaims(const TokenClaimsInput& input,
                             const nlohmann::json& attributes = nlohmann::json());

// Cognito's access token claims, including "version": 2 and the scope
// "aws.cognito.signin.user.admin".
nlohmann::json AccessTokenClaims(const TokenClaimsInput& input);

// Signs `claims` (a JSON object) with `key`. Claims are serialised compactly
// with members in lexicographic order. Errors: kInvalidArgument (`claims` not
// an object, or holds invalid UTF-8), kFailedPrecondition (verify-only key),
// kInternal (OpenSSL).
Result<std::string> SignJwt(const SigningKey& key, const nlohmann::json& claims);

// Verifies `token`, in this order, each failure kUnauthenticated with its own
// message: size <= kMaxJwtBytes; three '.'-separated segments; header is
// base64url of a JSON object; "alg" is exactly "RS256"; no "crit"; "kid" is a
// string known to `keys`; signature is base64url and verifies with that key;
// payload is base64url of a JSON object; "iss" == issuer; "token_use" matches;
// client id matches (if requested); "exp" is a number and now < exp + leeway;
// "nbf" (if present) <= now + leeway; "iat" (if present) <= now + leeway.
// Duplicate JSON member names: the last one wins (nlohmann::json).
Result<VerifiedJwt> VerifyJwt(std::string_view token, const KeyLookup& keys,
                              const VerifyOptions& options);

}  // namespace gloss::auth
