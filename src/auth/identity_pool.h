// IdentityPool is the sandbox's Cognito identity pool: the operations
// amplify-js calls to get AWS credentials for a user or a guest
// (AWSCognitoIdentityService.GetId and GetCredentialsForIdentity), and the
// identity ids that storage access rules name as {entity_id}.
//
//   GetId {IdentityPoolId, Logins?}
//     Logins {"cognito-idp.REGION.amazonaws.com/USER_POOL_ID": <ID token>} (or
//     keyed by the token's issuer without scheme, as amplify-js does):
//     the user's identity (one per user, created on first use); no Logins: a
//     new guest identity.
//   GetCredentialsForIdentity {IdentityId, Logins?}
//     temporary credentials (ASIA... key, secret, session token, 1 hour) that
//     sign requests as that user (with the token's groups) or as a guest. An
//     identity of a user needs that user's ID token in Logins.
// Errors with Cognito Identity's names: ResourceNotFoundException (unknown
// pool or identity), NotAuthorizedException (bad token, wrong user, a guest
// identity presented with a login), InvalidParameterException.
//
// Credentials are kept in the database until they expire (they must be
// looked up by access key id to verify a signature); expired ones are purged.
//
// Thread safety: all methods may be called concurrently; they block on the
// database (call them on the BlockingPool).

#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "auth/principal_resolver.h"
#include "auth/user_pool.h"
#include "core/result.h"
#include "db/database.h"

namespace gloss::auth {

class IdentityPool {
 public:
  using TimePoint = std::chrono::system_clock::time_point;
  static constexpr std::chrono::hours kCredentialsValidity{1};

  // Applies the migrations and loads (or creates) the pool id
  // "REGION:<uuid>". `database` and `users` must outlive the pool.
  static Result<std::unique_ptr<IdentityPool>> Open(db::Database& database, const UserPool& users,
                                                    std::string region, TimePoint now);

  const std::string& pool_id() const { return pool_id_; }

  // Runs "GetId" or "GetCredentialsForIdentity" with the JSON request body.
  // Errors as listed above; kUnimplemented for other operations.
  Result<nlohmann::json> Call(std::string_view operation, std::string_view body, TimePoint now);

  // The identity id of user `sub`, created on first use: what {entity_id}
  // is for a request signed with the user's token.
  Result<std::string> IdentityIdForUser(std::string_view sub, TimePoint now);

  // The owner of unexpired temporary credentials `access_key_id` (a kUser
  // or kGuest principal with its identity id); nullopt for unknown or
  // expired keys.
  Result<std::optional<AccessKeyOwner>> FindCredentials(std::string_view access_key_id,
                                                        TimePoint now) const;

 private:
  IdentityPool(db::Database& database, const UserPool& users, std::string region,
               std::string pool_id);

  Result<nlohmann::json> GetId(const nlohmann::json& request, TimePoint now);
  Result<nlohmann::json> GetCredentialsForIdentity(const nlohmann::json& request, TimePoint now);
  // The user a request's Logins name, verified; nullopt when it has none.
  Result<std::optional<VerifiedJwt>> LoginUser(const nlohmann::json& request, TimePoint now) const;

  db::Database& database_;
  const UserPool& users_;
  const std::string region_;
  const std::string pool_id_;
};

}  // namespace gloss::auth
