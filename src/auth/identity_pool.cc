#include "auth/identity_pool.h"

#include <array>
#include <utility>

#include "auth/internal/cognito_status.h"
#include "core/random.h"
#include "db/migrations.h"

namespace gloss::auth {
namespace {

constexpr std::string_view kUpperAlphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
constexpr std::string_view kBase62 =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

// A guest identity has no sub. Credentials carry the principal they sign as
// (kind, sub, username, groups) as JSON, fixed when they were issued.
constexpr std::array<db::Migration, 1> kMigrations = {{
    {1, "create identity pool tables",
     "CREATE TABLE identity_pool ("
     "  singleton {{int64}} PRIMARY KEY CHECK (singleton = 1),"
     "  pool_id TEXT NOT NULL,"
     "  created_at {{int64}} NOT NULL) {{strict}};"
     "CREATE TABLE identity_ids ("
     "  identity_id TEXT PRIMARY KEY,"
     "  sub TEXT UNIQUE,"
     "  created_at {{int64}} NOT NULL) {{strict}};"
     "CREATE TABLE identity_credentials ("
     "  access_key_id TEXT PRIMARY KEY,"
     "  secret_key TEXT NOT NULL,"
     "  session_token TEXT NOT NULL,"
     "  identity_id TEXT NOT NULL REFERENCES identity_ids (identity_id) ON DELETE CASCADE,"
     "  principal TEXT NOT NULL,"
     "  expires_at {{int64}} NOT NULL) {{strict}};"
     "CREATE INDEX identity_credentials_expiry ON identity_credentials (expires_at);"},
}};

int64_t ToMillis(IdentityPool::TimePoint time) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
}

Result<std::string> RequiredString(const nlohmann::json& request, const char* member) {
  const auto found = request.find(member);
  if (found == request.end() || !found->is_string() || found->get<std::string>().empty()) {
    return CognitoError(kInvalidParameterException,
                        std::string("1 validation error detected: Value at '") + member +
                            "' failed to satisfy constraint: Member must not be null");
  }
  return found->get<std::string>();
}

}  // namespace

IdentityPool::IdentityPool(db::Database& database, const UserPool& users, std::string region,
                           std::string pool_id)
    : database_(database),
      users_(users),
      region_(std::move(region)),
      pool_id_(std::move(pool_id)) {}

Result<std::unique_ptr<IdentityPool>> IdentityPool::Open(db::Database& database,
                                                         const UserPool& users, std::string region,
                                                         TimePoint now) {
  RETURN_IF_ERROR(db::Migrate(database, "identity_pool", kMigrations));
  RETURN_IF_ERROR(database
                      .Execute("INSERT INTO identity_pool (singleton, pool_id, created_at) "
                               "VALUES (1, ?, ?) ON CONFLICT (singleton) DO NOTHING",
                               {region + ":" + RandomUuid(), ToMillis(now)})
                      .status());
  ASSIGN_OR_RETURN(const std::optional<db::Row> row,
                   database.QueryOne("SELECT pool_id FROM identity_pool WHERE singleton = 1"));
  if (!row) {
    return Status::Internal("identity_pool has no row after insert");
  }
  ASSIGN_OR_RETURN(std::string pool_id, row->Get<std::string>(0));
  return std::unique_ptr<IdentityPool>(
      new IdentityPool(database, users, std::move(region), std::move(pool_id)));
}

Result<nlohmann::json> IdentityPool::Call(std::string_view operation, std::string_view body,
                                          TimePoint now) {
  const nlohmann::json request = nlohmann::json::parse(body.empty() ? "{}" : body, nullptr,
                                                       /*allow_exceptions=*/false);
  if (!request.is_object()) {
    return Status::InvalidArgument("SerializationException: the body is not a JSON object");
  }
  if (operation == "GetId") {
    return GetId(request, now);
  }
  if (operation == "GetCredentialsForIdentity") {
    return GetCredentialsForIdentity(request, now);
  }
  return Status::Unimplemented("AWSCognitoIdentityService." + std::string(operation) +
                               " is not supported");
}

Result<std::optional<VerifiedJwt>> IdentityPool::LoginUser(const nlohmann::json& request,
                                                           TimePoint now) const {
  const auto logins = request.find("Logins");
  if (logins == request.end() || logins->is_null() || (logins->is_object() && logins->empty())) {
    return std::optional<VerifiedJwt>();
  }
  // The provider is named as on AWS, or as amplify-js names it: the token's
  // issuer without its scheme ("127.0.0.1:4000/us-east-1_AbC").
  const std::string provider =
      "cognito-idp." + region_ + ".amazonaws.com/" + users_.identity().pool_id;
  const std::string_view issuer = users_.issuer();
  const std::string issuer_provider(issuer.substr(issuer.find("://") + 3));
  if (!logins->is_object() || logins->size() != 1 ||
      !(logins->contains(provider) || logins->contains(issuer_provider)) ||
      !logins->begin()->is_string()) {
    return CognitoError(kNotAuthorizedException,
                        "Invalid login token. Logins must hold one token of provider " + provider);
  }
  Result<VerifiedJwt> token = users_.VerifyUserToken(logins->begin()->get<std::string>(), now);
  if (!token.ok() || token->token_use() != "id") {
    return CognitoError(kNotAuthorizedException, "Invalid login token. Not a valid ID token.");
  }
  return std::optional<VerifiedJwt>(std::move(token).value());
}

Result<std::string> IdentityPool::IdentityIdForUser(std::string_view sub, TimePoint now) {
  // Read first: every new token of a known user asks, and a write would
  // take the database's write lock for nothing.
  ASSIGN_OR_RETURN(
      const std::optional<db::Row> existing,
      database_.QueryOne("SELECT identity_id FROM identity_ids WHERE sub = ?", {std::string(sub)}));
  if (existing) {
    return existing->Get<std::string>(0);
  }
  RETURN_IF_ERROR(database_
                      .Execute("INSERT INTO identity_ids (identity_id, sub, created_at) "
                               "VALUES (?, ?, ?) ON CONFLICT (sub) DO NOTHING",
                               {region_ + ":" + RandomUuid(), std::string(sub), ToMillis(now)})
                      .status());
  ASSIGN_OR_RETURN(
      const std::optional<db::Row> row,
      database_.QueryOne("SELECT identity_id FROM identity_ids WHERE sub = ?", {std::string(sub)}));
  if (!row) {
    return Status::Internal("identity of user has no row after insert");
  }
  return row->Get<std::string>(0);
}

Result<nlohmann::json> IdentityPool::GetId(const nlohmann::json& request, TimePoint now) {
  ASSIGN_OR_RETURN(const std::string pool_id, RequiredString(request, "IdentityPoolId"));
  if (pool_id != pool_id_) {
    return CognitoError(kResourceNotFoundException, "IdentityPool '" + pool_id + "' not found.");
  }
  ASSIGN_OR_RETURN(const std::optional<VerifiedJwt> user, LoginUser(request, now));
  if (user) {
    ASSIGN_OR_RETURN(const std::string identity_id, IdentityIdForUser(user->sub(), now));
    return nlohmann::json{{"IdentityId", identity_id}};
  }
  const std::string identity_id = region_ + ":" + RandomUuid();
  RETURN_IF_ERROR(database_
                      .Execute("INSERT INTO identity_ids (identity_id, sub, created_at) "
                               "VALUES (?, NULL, ?)",
                               {identity_id, ToMillis(now)})
                      .status());
  return nlohmann::json{{"IdentityId", identity_id}};
}

Result<nlohmann::json> IdentityPool::GetCredentialsForIdentity(const nlohmann::json& request,
                                                               TimePoint now) {
  ASSIGN_OR_RETURN(const std::string identity_id, RequiredString(request, "IdentityId"));
  ASSIGN_OR_RETURN(
      const std::optional<db::Row> row,
      database_.QueryOne("SELECT sub FROM identity_ids WHERE identity_id = ?", {identity_id}));
  if (!row) {
    return CognitoError(kResourceNotFoundException, "Identity '" + identity_id + "' not found.");
  }
  ASSIGN_OR_RETURN(const std::optional<std::string> sub, row->Get<std::optional<std::string>>(0));
  ASSIGN_OR_RETURN(const std::optional<VerifiedJwt> user, LoginUser(request, now));
  nlohmann::json principal;
  if (sub) {
    if (!user || user->sub() != *sub) {
      return CognitoError(kNotAuthorizedException,
                          "Invalid login token. The identity belongs to another login.");
    }
    principal = {{"kind", "user"},
                 {"sub", *sub},
                 {"username", user->username()},
                 {"groups", user->groups()}};
  } else {
    if (user) {
      return CognitoError(kNotAuthorizedException,
                          "Invalid login token. The identity is unauthenticated; call GetId "
                          "with the login for its own identity.");
    }
    principal = {{"kind", "guest"}};
  }
  const std::string access_key_id = "ASIA" + RandomString(16, kUpperAlphanumeric);
  const std::string secret_key = RandomString(40, kBase62);
  const std::string session_token = RandomString(160, kBase62);
  const TimePoint expiration = now + kCredentialsValidity;
  RETURN_IF_ERROR(
      database_.Execute("DELETE FROM identity_credentials WHERE expires_at <= ?", {ToMillis(now)})
          .status());
  RETURN_IF_ERROR(database_
                      .Execute("INSERT INTO identity_credentials (access_key_id, secret_key, "
                               "session_token, identity_id, principal, expires_at) "
                               "VALUES (?, ?, ?, ?, ?, ?)",
                               {access_key_id, secret_key, session_token, identity_id,
                                principal.dump(), ToMillis(expiration)})
                      .status());
  return nlohmann::json{{"IdentityId", identity_id},
                        {"Credentials",
                         {{"AccessKeyId", access_key_id},
                          {"SecretKey", secret_key},
                          {"SessionToken", session_token},
                          {"Expiration", EpochSeconds(expiration)}}}};
}

Result<std::optional<AccessKeyOwner>> IdentityPool::FindCredentials(std::string_view access_key_id,
                                                                    TimePoint now) const {
  ASSIGN_OR_RETURN(
      const std::optional<db::Row> row,
      database_.QueryOne("SELECT secret_key, session_token, identity_id, principal "
                         "FROM identity_credentials WHERE access_key_id = ? AND expires_at > ?",
                         {std::string(access_key_id), ToMillis(now)}));
  if (!row) {
    return std::optional<AccessKeyOwner>();
  }
  AccessKeyOwner owner;
  ASSIGN_OR_RETURN(owner.credential.secret_access_key, row->Get<std::string>(0));
  ASSIGN_OR_RETURN(owner.credential.session_token, row->Get<std::string>(1));
  ASSIGN_OR_RETURN(owner.identity.identity_id, row->Get<std::string>(2));
  ASSIGN_OR_RETURN(const std::string principal_json, row->Get<std::string>(3));
  const nlohmann::json principal =
      nlohmann::json::parse(principal_json, nullptr, /*allow_exceptions=*/false);
  if (!principal.is_object()) {
    return Status::Internal("identity_credentials.principal is not a JSON object");
  }
  if (principal.value("kind", "") == "user") {
    owner.kind = PrincipalKind::kUser;
    owner.identity.kind = PrincipalKind::kUser;
    owner.identity.sub = principal.value("sub", "");
    owner.identity.username = principal.value("username", "");
    owner.identity.groups = principal.value("groups", std::vector<std::string>{});
  } else {
    owner.kind = PrincipalKind::kGuest;
    owner.identity.kind = PrincipalKind::kGuest;
  }
  return std::optional<AccessKeyOwner>(std::move(owner));
}

}  // namespace gloss::auth
