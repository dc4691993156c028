// UserPool is the sandbox's Cognito user pool: the operations of the Cognito
// user pool API over the UserStore, the password hasher, the login throttle
// and the pool's signing key. It takes decoded requests (cognito_request.h)
// and returns response members as JSON; cognito_api.h puts it on the wire.
//
// Implemented so far: SignUp, ConfirmSignUp, ResendConfirmationCode,
// InitiateAuth (USER_PASSWORD_AUTH, USER_SRP_AUTH, REFRESH_TOKEN_AUTH),
// RespondToAuthChallenge (PASSWORD_VERIFIER), GetUser, ChangePassword,
// ForgotPassword, ConfirmForgotPassword, UpdateUserAttributes, GlobalSignOut
// and RevokeToken. Errors are Status values whose message starts with
// Cognito's exception name ("NotAuthorizedException: Incorrect username or
// password.").
//
// USER_SRP_AUTH: unknown users get a challenge from a fake verifier derived
// with HMAC from a pool secret (itself derived from the signing key file), so
// the challenge looks the same each time and reveals nothing; their session id
// is random and unsaved, so the answer fails like a wrong password. Every
// failed RespondToAuthChallenge (bad session, secret block, stale TIMESTAMP
// beyond +-5 minutes, wrong proof) is "Incorrect username or password." and
// counts in the login throttle.
//
// RevokeToken takes refresh tokens only (a JWT gets
// UnsupportedTokenTypeException); an unknown refresh token is a success, as
// revoking is idempotent. Access tokens already issued from a revoked refresh
// token stay valid until they expire (GlobalSignOut revokes those too).
//
// Confirmation codes are not sent anywhere: each is logged and appended to the
// outbox file (one JSON object a line: time, username, code, kind, destination).
//
// Thread safety: all operations may run concurrently; they block (database,
// argon2id) and must run on the BlockingPool.

#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "auth/cognito_request.h"
#include "auth/login_throttle.h"
#include "auth/password_hash.h"
#include "auth/signing_keys.h"
#include "auth/user_store.h"
#include "core/backend_spec.h"
#include "core/logger.h"
#include "core/result.h"
#include "db/database.h"

namespace gloss::auth {

struct UserPoolOptions {
  AuthSpec spec;
  std::string region = "us-east-1";
  std::string base_url;                    // "http://127.0.0.1:4000": the issuer's prefix.
  std::filesystem::path signing_key_file;  // Created (0600) on first start.
  std::filesystem::path outbox_file;       // STATE/auth/outbox.jsonl.
  PasswordHasherOptions hasher;
};

class UserPool {
 public:
  using TimePoint = std::chrono::system_clock::time_point;

  // Opens the store, creates the pool identity and signing key on first start,
  // and syncs the groups from `options.spec`. `database` and `logger` must
  // outlive the pool.
  static Result<std::unique_ptr<UserPool>> Open(db::Database& database,
                                                const UserPoolOptions& options, Logger& logger,
                                                TimePoint now);

  const PoolIdentity& identity() const { return identity_; }
  // "http://127.0.0.1:PORT/POOL_ID", the `iss` of every token.
  const std::string& issuer() const { return issuer_; }
  // {"keys": [...]} for GET /POOL_ID/.well-known/jwks.json.
  nlohmann::json Jwks() const;

  // The AppSync-style API key for `[data] apiKey`: the valid key that lasts
  // longest, or a new one expiring in `expires_in_days` (stored, so it is the
  // same across restarts until it expires). Errors: kInvalidArgument for
  // expires_in_days < 1; database errors.
  Result<ApiKeyRecord> EnsureApiKey(int expires_in_days, TimePoint now);

  // Runs operation `name` ("SignUp", ...) with `request`. `remote_address`
  // keys the per-client login throttle. Errors: kUnimplemented for operations
  // not built yet; otherwise Cognito-named Status values.
  Result<nlohmann::json> Call(std::string_view name, const CognitoRequest& request,
                              std::string_view remote_address, TimePoint now);

 private:
  UserPool(const UserPoolOptions& options, Logger& logger, std::unique_ptr<UserStore> store,
           PasswordHasher hasher, SigningKeyPtr key, PoolIdentity identity,
           std::string fake_secret);

  Result<nlohmann::json> SignUp(const CognitoRequest& request, TimePoint now);
  Result<nlohmann::json> ConfirmSignUp(const CognitoRequest& request, TimePoint now);
  Result<nlohmann::json> ResendConfirmationCode(const CognitoRequest& request, TimePoint now);
  Result<nlohmann::json> InitiateAuth(const CognitoRequest& request,
                                      std::string_view remote_address, TimePoint now);
  Result<nlohmann::json> RespondToAuthChallenge(const CognitoRequest& request,
                                                std::string_view remote_address, TimePoint now);
  Result<nlohmann::json> GetUser(const CognitoRequest& request, TimePoint now);
  Result<nlohmann::json> ChangePassword(const CognitoRequest& request, TimePoint now);
  Result<nlohmann::json> ForgotPassword(const CognitoRequest& request, TimePoint now);
  Result<nlohmann::json> ConfirmForgotPassword(const CognitoRequest& request, TimePoint now);
  Result<nlohmann::json> UpdateUserAttributes(const CognitoRequest& request, TimePoint now);
  Result<nlohmann::json> GlobalSignOut(const CognitoRequest& request, TimePoint now);
  Result<nlohmann::json> RevokeToken(const CognitoRequest& request, TimePoint now);

  // Email sign-in (Amplify's default): the Username is the email address and
  // the internal username is the sub.
  bool EmailLogin() const;
  Status CheckClientId(const CognitoRequest& request) const;
  Result<UserRecord> FindUser(std::string_view username) const;
  Result<nlohmann::json> PasswordAuth(const std::map<std::string, std::string>& parameters,
                                      std::string_view remote_address, TimePoint now);
  Result<nlohmann::json> SrpAuth(const std::map<std::string, std::string>& parameters,
                                 std::string_view remote_address, TimePoint now);
  Result<nlohmann::json> RefreshAuth(const std::map<std::string, std::string>& parameters,
                                     TimePoint now);
  // ID and access tokens, and a refresh token when `with_refresh_token`.
  Result<nlohmann::json> IssueTokens(const UserRecord& user, std::string origin_jti,
                                     bool with_refresh_token, TimePoint auth_time, TimePoint now);
  // Issues a code of `code_kind`, writes it to the outbox (`kind`: "signup",
  // "resend", "forgot" or "verify") and returns Cognito's CodeDeliveryDetails.
  Result<nlohmann::json> SendCode(const UserRecord& user, std::string_view username,
                                  CodeKind code_kind, std::string_view kind, TimePoint now);
  // The user of the request's AccessToken: valid, of this pool, not signed out.
  Result<UserRecord> AuthorizedUser(const CognitoRequest& request, TimePoint now);
  // Stores a new argon2id hash and SRP verifier for `password`.
  Status SetPassword(const UserRecord& user, std::string_view password, TimePoint now);
  // The part of the pool id after '_' (SRP's pool name).
  std::string PoolShort() const;

  const UserPoolOptions options_;
  Logger& logger_;
  const std::unique_ptr<UserStore> store_;
  const PasswordHasher hasher_;
  const SigningKeyPtr key_;
  const PoolIdentity identity_;
  const std::string issuer_;
  const std::string fake_secret_;  // HMAC key for unknown users' fake SRP challenges.
  LoginThrottle throttle_;
  std::mutex outbox_mutex_;  // Serialises appends to options_.outbox_file.
  // Unknown users' SRP session ids -> the USERNAME they were issued for, so a
  // failed answer counts against that username as a real one would. Bounded.
  struct FakeSrpSession {
    std::string username;
    TimePoint expires_at;
  };
  std::mutex fake_sessions_mutex_;
  std::map<std::string, FakeSrpSession, std::less<>> fake_sessions_;
};

}  // namespace gloss::auth
