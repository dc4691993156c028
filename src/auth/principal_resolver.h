// PrincipalResolver turns what a request presents into a Principal
// (principal.h), checking it first:
//   Authorization: AWS4-HMAC-SHA256 ...  SigV4 against the known access keys
//   or a presigned URL (X-Amz-Signature)  -> admin or function
//   Authorization: [Bearer ]<JWT>        an ID or access token of the user pool
//                                        (signature, issuer, client, expiry)
//                                        -> user
//   x-api-key: da2-...                   a valid, unexpired API key -> apiKey
//   nothing                              -> guest
// Authorization wins over x-api-key. Something presented but wrong is an
// error, never a silent fall back to guest.
//
// Errors (kUnauthenticated or kPermissionDenied/kInvalidArgument for SigV4),
// the message prefixed with a code each protocol layer renders its own way:
//   the SigV4 codes of aws/sigv4.h (SignatureDoesNotMatch, InvalidAccessKeyId, ...)
//   InvalidUserToken: a JWT that fails verification
//   InvalidApiKey:    an unknown or expired API key
// User tokens are checked statelessly: a token stays valid until it expires
// even after GlobalSignOut (AppSync behaves the same way for ID tokens). A
// verified token is remembered until its expiry (a bounded cache), so a
// client's repeated requests cost one RSA verification, not one each.
//
// Thread safety: Resolve may be called concurrently. It blocks (the API key
// lookup reads the database): call it on the BlockingPool. The UserPool and
// the AccessKeyLookup must outlive the resolver.

#pragma once

#include <functional>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "auth/principal.h"
#include "auth/user_pool.h"
#include "aws/sigv4.h"
#include "core/result.h"
#include "http/request.h"

namespace gloss::auth {

inline constexpr std::string_view kInvalidUserToken = "InvalidUserToken";
inline constexpr std::string_view kInvalidApiKey = "InvalidApiKey";

// Who holds an access key: the sandbox admin pair, or (functions) the
// credentials injected into a function's environment.
struct AccessKeyOwner {
  aws::SigV4Credential credential;
  PrincipalKind kind =
      PrincipalKind::kAdmin;  // kAdmin, kFunction, or (identity pool) kUser/kGuest.
  std::string function_name;  // kFunction only.
  Principal identity;         // kUser/kGuest: who the credentials sign as.
};

// The owner of `access_key_id`, or nullopt for an unknown key.
using AccessKeyLookup =
    std::function<std::optional<AccessKeyOwner>(std::string_view access_key_id)>;

// The identity-pool identity id of user `sub` (identity_pool.h), for
// principals of user tokens.
using IdentityIdLookup = std::function<Result<std::string>(std::string_view sub)>;

// What a request needs checked, taken from the protocol layer.
struct PresentedCredentials {
  const http::RequestHead* head = nullptr;
  // The payload hash SigV4 signs: S3 the x-amz-content-sha256 value, the JSON
  // protocols the hex SHA-256 of the body.
  std::string payload_sha256_hex;
  aws::VerifyOptions sigv4;
  // When set and the request is SigV4-signed (header or presigned URL), the
  // verified signature is stored here: S3 needs its signing context to check
  // aws-chunked chunk signatures.
  aws::SigV4Identity* signature = nullptr;
};

class PrincipalResolver {
 public:
  // `pool` may be null (an app without [auth]): tokens and API keys are then
  // rejected as unknown.
  // `identities` may be empty (no identity pool): user principals then have
  // no identity id.
  PrincipalResolver(const UserPool* pool, AccessKeyLookup keys, IdentityIdLookup identities = {});

  Result<Principal> Resolve(const PresentedCredentials& presented,
                            std::chrono::system_clock::time_point now) const;

 private:
  Result<Principal> FromSigV4(const PresentedCredentials& presented,
                              std::chrono::system_clock::time_point now) const;
  Result<Principal> FromToken(std::string_view token,
                              std::chrono::system_clock::time_point now) const;
  Result<Principal> FromApiKey(std::string_view key,
                               std::chrono::system_clock::time_point now) const;

  // Verified user tokens by token text. Bounded: cleared when full.
  static constexpr size_t kMaxCachedTokens = 10000;
  struct CachedToken {
    Principal principal;
    std::chrono::system_clock::time_point expires_at;
  };

  const UserPool* pool_;
  AccessKeyLookup keys_;
  IdentityIdLookup identities_;
  mutable std::shared_mutex cache_mutex_;
  mutable std::unordered_map<std::string, CachedToken> token_cache_;  // Guarded by cache_mutex_.
};

}  // namespace gloss::auth
