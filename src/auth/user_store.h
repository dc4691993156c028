// UserStore is the user pool's persistent state on the database seam
// (db/database.h): the pool's ids, users and their sign-in aliases, groups,
// confirmation codes, refresh tokens, SRP sessions between InitiateAuth and
// RespondToAuthChallenge, and AppSync-style API keys. Tables and their meaning:
// docs/design/auth.md ("Tables"); schema in user_store_migrations.h.
//
// What it is not: the Cognito service. It neither hashes passwords nor checks
// them, sends no codes and signs no tokens; it stores what the service hands it
// and answers lookups. Secrets it generates itself (codes, refresh tokens, SRP
// session ids) are returned once and stored only as SHA-256 hashes.
//
// Errors that correspond to a Cognito exception carry its name as the message
// prefix, "CodeMismatchException: Invalid verification code provided, please
// try again.", so the wire layer can render `{"__type", "message"}` with
// CognitoExceptionName() without a second mapping table. Other errors are the
// seam's (kUnavailable, kInternal, ...) and map to InternalErrorException.
//
// Every call blocks on the database: call it from the BlockingPool
// (core/blocking_pool.h), never from an I/O thread. Time is passed in (`now`)
// so tests control it; timestamps are stored as Unix milliseconds.
//
// Thread safety: a UserStore may be used from any number of threads at once
// (it holds no mutable state of its own; the Database serialises writers).

#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/status.h"

namespace gloss::db {
class Database;
}  // namespace gloss::db

namespace gloss::auth {

using TimePoint = std::chrono::system_clock::time_point;

// Cognito exception names used as message prefixes (see the header comment).
inline constexpr std::string_view kUsernameExistsException = "UsernameExistsException";
inline constexpr std::string_view kAliasExistsException = "AliasExistsException";
inline constexpr std::string_view kUserNotFoundException = "UserNotFoundException";
inline constexpr std::string_view kResourceNotFoundException = "ResourceNotFoundException";
inline constexpr std::string_view kCodeMismatchException = "CodeMismatchException";
inline constexpr std::string_view kExpiredCodeException = "ExpiredCodeException";
inline constexpr std::string_view kNotAuthorizedException = "NotAuthorizedException";
inline constexpr std::string_view kInvalidParameterException = "InvalidParameterException";

// The Cognito exception named by `status`'s message prefix ("XxxException: ..."),
// or empty if it has none (OK, or an error from the database seam).
std::string_view CognitoExceptionName(const Status& status);

struct PoolIdentity {
  std::string pool_id;    // REGION_ + 9 base62 characters: "us-east-1_AbC123xyZ".
  std::string client_id;  // 26 lowercase alphanumerics.
  TimePoint created_at;
};

enum class UserStatus { kUnconfirmed, kConfirmed, kForceChangePassword, kResetRequired };

// Cognito's spelling: "UNCONFIRMED", "CONFIRMED", "FORCE_CHANGE_PASSWORD", "RESET_REQUIRED".
std::string_view UserStatusName(UserStatus status);
// Corruption if `name` is not one of UserStatusName's results.
Result<UserStatus> ParseUserStatus(std::string_view name);

// Attribute name -> value ("email", "email_verified" = "true", "custom:x", ...).
// "sub" is not stored here: it is UserRecord::sub.
using Attributes = std::map<std::string, std::string, std::less<>>;

struct NewUser {
  // Empty: the username is the generated sub (loginWith = ["email"]: Cognito's
  // username-less pools). Unique case-insensitively.
  std::string username;
  std::string password_hash;  // argon2id string (password_hash.h).
  std::string srp_salt_hex;
  std::string srp_verifier_hex;
  Attributes attributes;  // "email" and "phone_number" become sign-in aliases.
  UserStatus status = UserStatus::kUnconfirmed;
};

struct UserRecord {
  std::string sub;  // UUID v4, lowercase, immutable.
  std::string username;
  UserStatus status = UserStatus::kUnconfirmed;
  bool enabled = true;
  std::string password_hash;
  std::string srp_salt_hex;
  std::string srp_verifier_hex;
  Attributes attributes;
  TimePoint created_at;
  TimePoint updated_at;
  // GlobalSignOut watermark: access tokens issued before it are rejected.
  std::optional<TimePoint> signed_out_at;
};

struct ListUsersRequest {
  int limit = 60;                // 1..60, as Cognito's Limit.
  std::string pagination_token;  // Empty for the first page; else a previous next_token.
  // Cognito's ListUsers Filter: empty, `name = "value"` or `name ^= "prefix"`,
  // name one of username, email, phone_number, name, given_name, family_name,
  // preferred_username, cognito:user_status, status (Enabled/Disabled), sub.
  std::string filter;
};

struct ListUsersPage {
  std::vector<UserRecord> users;  // Ordered by sub.
  std::optional<std::string> next_token;
};

enum class CodeKind { kSignUp, kForgotPassword, kAttribute };

struct RefreshTokenRecord {
  std::string sub;
  std::string client_id;
  std::string origin_jti;
  TimePoint issued_at;
  TimePoint expires_at;
};

struct SrpSessionRecord {
  std::string sub;
  std::string state;  // What the caller saved (srp.h ServerSession::Serialize()).
  TimePoint expires_at;
};

struct ApiKeyRecord {
  std::string id;   // 26 lowercase alphanumerics.
  std::string key;  // "da2-" + 26 lowercase alphanumerics; sent as x-api-key.
  std::string description;
  TimePoint created_at;
  TimePoint expires_at;
};

class UserStore {
 public:
  // How many wrong guesses burn a confirmation code.
  static constexpr int64_t kMaxCodeAttempts = 5;
  static constexpr size_t kCodeDigits = 6;
  static constexpr size_t kRefreshTokenChars = 64;  // base62, ~381 bits.
  static constexpr size_t kSrpSessionIdChars = 64;  // base62.

  // Applies the "auth" migrations to `database` (idempotent) and returns a
  // store on it. `database` must outlive the store. Errors: those of
  // db::Migrate (kFailedPrecondition if the file holds a newer auth schema).
  static Result<std::unique_ptr<UserStore>> Open(db::Database& database);

  // ---- Pool identity ----

  // Creates the pool's ids on first call and returns the stored ones ever
  // after, whatever `region` is then. kInvalidArgument if `region` is not
  // lowercase letters, digits and '-'.
  Result<PoolIdentity> EnsurePool(std::string_view region, TimePoint now);

  // ---- Groups ----

  // Makes the groups exactly `names` (from backend.toml), precedence = index.
  // Groups no longer named are removed with their memberships.
  // kInvalidArgument if a name is empty or repeated.
  Status SyncGroups(const std::vector<std::string>& names);
  // Idempotent. kNotFound: "UserNotFoundException: ..." or
  // "ResourceNotFoundException: Group not found.".
  Status AddUserToGroup(std::string_view sub, std::string_view group);
  Status RemoveUserFromGroup(std::string_view sub, std::string_view group);
  // Ordered by precedence (lowest first). kNotFound if the user does not exist.
  Result<std::vector<std::string>> GroupsOfUser(std::string_view sub);

  // ---- Users ----

  // Creates a user with a fresh sub. kAlreadyExists ("UsernameExistsException:
  // ...") if the username, or an email/phone_number alias (case-insensitive),
  // is taken; kInvalidArgument for an attribute named "sub" or "".
  Result<UserRecord> CreateUser(const NewUser& user, TimePoint now);
  // By username, then by email or phone_number alias; case-insensitive.
  // kNotFound ("UserNotFoundException: ...").
  Result<UserRecord> FindByUsernameOrAlias(std::string_view username_or_alias);
  // kNotFound ("UserNotFoundException: ...").
  Result<UserRecord> FindBySub(std::string_view sub);
  // Each: kNotFound if the user does not exist.
  Status UpdateStatus(std::string_view sub, UserStatus status, TimePoint now);
  Status SetEnabled(std::string_view sub, bool enabled, TimePoint now);
  // Merges `attributes` into the user's (an empty value removes the attribute)
  // and keeps the aliases in sync. kAlreadyExists ("AliasExistsException: ...")
  // if an alias belongs to another user; kInvalidArgument for "sub" or "".
  Status UpdateAttributes(std::string_view sub, const Attributes& attributes, TimePoint now);
  Status UpdatePassword(std::string_view sub, std::string_view password_hash,
                        std::string_view srp_salt_hex, std::string_view srp_verifier_hex,
                        TimePoint now);
  // Sets the GlobalSignOut watermark to `now`.
  Status SetSignedOutAt(std::string_view sub, TimePoint now);
  // Deletes the user with its aliases, attributes, group memberships, codes,
  // refresh tokens and SRP sessions. kNotFound if it does not exist.
  Status DeleteUser(std::string_view sub);
  // One page of users. kInvalidArgument ("InvalidParameterException: ...")
  // for a limit outside 1..60 or a malformed or unsupported filter.
  Result<ListUsersPage> ListUsers(const ListUsersRequest& request);

  // ---- Confirmation codes ----

  // Returns a fresh random 6-digit code for `sub` and `kind`, valid until
  // now + ttl, replacing any earlier code of that kind. kNotFound if the user
  // does not exist.
  Result<std::string> IssueCode(std::string_view sub, CodeKind kind, TimePoint now,
                                std::chrono::seconds ttl);
  // OK if `code` is the current code of that kind (which is then used up).
  // kFailedPrecondition "ExpiredCodeException: ..." if there is no code, it
  // has expired or it was burnt by kMaxCodeAttempts wrong guesses;
  // kInvalidArgument "CodeMismatchException: ..." for a wrong code (counted).
  Status ConsumeCode(std::string_view sub, CodeKind kind, std::string_view code, TimePoint now);

  // ---- Refresh tokens ----

  // Returns a new opaque refresh token valid until now + validity. kNotFound
  // if the user does not exist.
  Result<std::string> IssueRefreshToken(std::string_view sub, std::string_view client_id,
                                        std::string_view origin_jti, TimePoint now,
                                        std::chrono::seconds validity);
  // kUnauthenticated ("NotAuthorizedException: ...") if the token is unknown,
  // revoked or expired.
  Result<RefreshTokenRecord> FindRefreshToken(std::string_view token, TimePoint now);
  // Idempotent: revoking a revoked token is OK. kNotFound if unknown.
  Status RevokeRefreshToken(std::string_view token, TimePoint now);
  // Revokes every live refresh token of `sub` (GlobalSignOut). OK for none.
  Status RevokeAllRefreshTokens(std::string_view sub, TimePoint now);

  // ---- SRP sessions ----

  // Stores `state` until now + ttl and returns the session id to hand out.
  // kNotFound if the user does not exist.
  Result<std::string> SaveSrpSession(std::string_view sub, std::string_view state, TimePoint now,
                                     std::chrono::seconds ttl);
  // Returns and deletes the session: each id works once. kUnauthenticated
  // ("NotAuthorizedException: ...") if it is unknown, used or expired.
  Result<SrpSessionRecord> TakeSrpSession(std::string_view session_id, TimePoint now);

  // ---- Housekeeping ----

  // Deletes expired codes, SRP sessions, refresh tokens and API keys. Returns
  // how many rows went.
  Result<int64_t> PurgeExpired(TimePoint now);

  // ---- API keys ----

  // Returns the valid key that lasts longest if one exists; otherwise creates
  // one expiring now + expires_in_days. kInvalidArgument if expires_in_days < 1.
  Result<ApiKeyRecord> EnsureApiKey(int expires_in_days, TimePoint now);
  // The key if it exists and has not expired; nullopt otherwise.
  Result<std::optional<ApiKeyRecord>> FindApiKey(std::string_view key, TimePoint now);

 private:
  explicit UserStore(db::Database& database) : db_(database) {}

  db::Database& db_;
};

}  // namespace gloss::auth
