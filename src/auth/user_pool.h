// UserPool is the sandbox's Cognito user pool: the operations of the Cognito
// user pool API over the UserStore, the password hasher, the login throttle
// and the pool's signing key. It takes decoded requests (cognito_request.h)
// and returns response members as JSON; cognito_api.h puts it on the wire.
//
// Operations: SignUp, ConfirmSignUp, ResendConfirmationCode, InitiateAuth
// (USER_PASSWORD_AUTH, USER_SRP_AUTH, REFRESH_TOKEN_AUTH),
// RespondToAuthChallenge (PASSWORD_VERIFIER, NEW_PASSWORD_REQUIRED), GetUser,
// ChangePassword, ForgotPassword, ConfirmForgotPassword, UpdateUserAttributes,
// GetUserAttributeVerificationCode, VerifyUserAttribute, GlobalSignOut,
// RevokeToken; for an admin caller (user_pool_admin.cc) AdminCreateUser,
// AdminGetUser, AdminDeleteUser, AdminAddUserToGroup, AdminRemoveUserFromGroup,
// AdminListGroupsForUser, AdminConfirmSignUp, AdminSetUserPassword,
// AdminDisableUser, AdminEnableUser, AdminUpdateUserAttributes, ListUsers and
// ListGroups. Errors are Status values whose message starts with Cognito's
// exception name ("NotAuthorizedException: Incorrect username or
// password.").
//
// AdminCreateUser makes a FORCE_CHANGE_PASSWORD user; signing in with the
// temporary password answers the NEW_PASSWORD_REQUIRED challenge, whose
// session (stored like an SRP session) works once. The invitation with the
// temporary password goes to the outbox (kind "invite") unless SUPPRESSed.
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
// outbox file (one JSON object a line: time, username, code or
// temporaryPassword, kind, destination). Expired rows are purged at most every
// 10 minutes by whichever call comes first.
//
// Thread safety: all operations may run concurrently; they block (database,
// argon2id) and must run on the BlockingPool.

#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "auth/cognito_request.h"
#include "auth/jwt.h"
#include "auth/login_throttle.h"
#include "auth/password_hash.h"
#include "auth/principal.h"
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

  // The API key `key` if it exists and has not expired; nullopt otherwise.
  Result<std::optional<ApiKeyRecord>> FindApiKey(std::string_view key, TimePoint now) const;

  // Verifies an ID or access token of this pool and app client (signature,
  // issuer, client, expiry). Stateless: no database read. Errors:
  // kUnauthenticated with the reason.
  Result<VerifiedJwt> VerifyUserToken(std::string_view token, TimePoint now) const;

  // Runs operation `name` ("SignUp", ...) with `request` for `caller`.
  // User-facing operations are unauthenticated, as on Cognito (their tokens
  // are members of the request); IsAdminOperation(name) ones need an admin
  // caller. `remote_address` keys the per-client login throttle. Errors:
  // kUnimplemented for operations not built yet; kPermissionDenied
  // "AccessDeniedException: ..." for a caller who may not run an admin
  // operation; otherwise Cognito-named Status values.
  Result<nlohmann::json> Call(std::string_view name, const CognitoRequest& request,
                              const Principal& caller, std::string_view remote_address,
                              TimePoint now);

  // True for the operations that Cognito requires SigV4 for (Admin*, ListUsers).
  static bool IsAdminOperation(std::string_view name);

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
  Result<nlohmann::json> GetUserAttributeVerificationCode(const CognitoRequest& request,
                                                          TimePoint now);
  Result<nlohmann::json> VerifyUserAttribute(const CognitoRequest& request, TimePoint now);
  Result<nlohmann::json> GlobalSignOut(const CognitoRequest& request, TimePoint now);
  Result<nlohmann::json> RevokeToken(const CognitoRequest& request, TimePoint now);

  // Admin operations (user_pool_admin.cc); callers already checked.
  Result<nlohmann::json> CallAdmin(std::string_view name, const CognitoRequest& request,
                                   TimePoint now);
  Result<nlohmann::json> AdminCreateUser(const CognitoRequest& request, TimePoint now);
  Result<nlohmann::json> AdminGetUser(const CognitoRequest& request);
  Result<nlohmann::json> AdminDeleteUser(const CognitoRequest& request);
  Result<nlohmann::json> AdminGroupMembership(const CognitoRequest& request, bool add);
  Result<nlohmann::json> AdminListGroupsForUser(const CognitoRequest& request);
  Result<nlohmann::json> AdminConfirmSignUp(const CognitoRequest& request, TimePoint now);
  Result<nlohmann::json> AdminSetUserPassword(const CognitoRequest& request, TimePoint now);
  Result<nlohmann::json> AdminSetEnabled(const CognitoRequest& request, bool enabled,
                                         TimePoint now);
  Result<nlohmann::json> AdminUpdateUserAttributes(const CognitoRequest& request, TimePoint now);
  Result<nlohmann::json> ListUsers(const CognitoRequest& request);
  Result<nlohmann::json> ListGroups(const CognitoRequest& request);
  // The user named by the request's UserPoolId and Username members.
  Result<UserRecord> AdminTargetUser(const CognitoRequest& request);
  // Cognito's UserType ({Username, Attributes, UserStatus, Enabled, dates}).
  nlohmann::json UserType(const UserRecord& user, std::string_view attributes_member) const;
  // Cognito's GroupType for one of the pool's groups.
  nlohmann::json GroupType(std::string_view name) const;

  // Verifies a token of this pool; `token_use` "id", "access" or "" (either).
  Result<VerifiedJwt> VerifyToken(std::string_view token, std::string_view token_use,
                                  TimePoint now) const;
  // The new user signing in as `username` with `attributes`: with email
  // sign-in the username must be an email (InvalidParameterException) and
  // becomes the email attribute, the internal username being the sub.
  Result<NewUser> NewUserFor(std::string_view username, Attributes attributes,
                             UserStatus status) const;
  // UsernameExistsException, worded for email sign-in or with `username_message`.
  Status UsernameExists(std::string_view username_message) const;
  // Creates `user` with the argon2id hash and SRP verifier of `password`.
  // kAlreadyExists if the username or an alias is taken.
  Result<UserRecord> CreateUserWithPassword(NewUser user, std::string_view password, TimePoint now);
  // Deletes expired rows at most once per kPurgeInterval, on the calling thread.
  void PurgeExpiredIfDue(TimePoint now);
  // Appends one JSON line to the outbox file.
  Status AppendOutbox(const nlohmann::json& line);
  // Email sign-in (Amplify's default): the Username is the email address and
  // the internal username is the sub.
  bool EmailLogin() const;
  Status CheckClientId(const CognitoRequest& request) const;
  Result<UserRecord> FindUser(std::string_view username) const;
  Result<nlohmann::json> PasswordAuth(const std::map<std::string, std::string>& parameters,
                                      std::string_view remote_address, TimePoint now);
  Result<nlohmann::json> SrpAuth(const std::map<std::string, std::string>& parameters,
                                 std::string_view remote_address, TimePoint now);
  // Ends a successful password check: tokens, or the NEW_PASSWORD_REQUIRED
  // challenge for users created by AdminCreateUser, or the error for a
  // disabled, unconfirmed or reset user.
  Result<nlohmann::json> CompleteSignIn(const UserRecord& user, TimePoint now);
  Result<nlohmann::json> NewPasswordChallenge(const std::map<std::string, std::string>& responses,
                                              std::string_view session_id, TimePoint now);
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
  // Unix milliseconds after which the next call purges expired codes,
  // sessions, refresh tokens and API keys (PurgeExpiredIfDue).
  std::atomic<int64_t> next_purge_ms_{0};
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
