#include "auth/user_store.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <set>
#include <utility>

#include <openssl/crypto.h>

#include "auth/user_store_migrations.h"
#include "aws/sigv4.h"
#include "core/assert.h"
#include "core/random.h"
#include "db/database.h"
#include "db/migrations.h"

namespace gloss::auth {
namespace {

using db::Connection;
using db::Row;
using db::Rows;
using db::Transaction;
using db::TransactionKind;

constexpr std::string_view kLowerAlphanumeric = "abcdefghijklmnopqrstuvwxyz0123456789";
constexpr std::string_view kDigits = "0123456789";
constexpr std::string_view kHexDigits = "0123456789abcdef";
constexpr size_t kPoolSuffixChars = 9;
constexpr size_t kClientIdChars = 26;
constexpr size_t kApiKeyChars = 26;
constexpr std::string_view kApiKeyPrefix = "da2-";
constexpr int kMaxListLimit = 60;
constexpr int kMaxApiKeyDays = 365;
// The attributes that are also sign-in aliases (auth_aliases.kind).
constexpr std::array<std::string_view, 2> kAliasKinds = {"email", "phone_number"};

constexpr std::string_view kUserColumns =
    "sub, username, status, enabled, password_hash, srp_salt, srp_verifier, created_at, "
    "updated_at, signed_out_at";

Status CognitoError(Status (*make)(std::string_view), std::string_view name,
                    std::string_view message) {
  return make(std::string(name) + ": " + std::string(message));
}

Status UserNotFound() {
  return CognitoError(&Status::NotFound, kUserNotFoundException, "User does not exist.");
}

Status InvalidParameter(std::string_view message) {
  return CognitoError(&Status::InvalidArgument, kInvalidParameterException, message);
}

int64_t ToMillis(TimePoint time) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
}

TimePoint FromMillis(int64_t millis) {
  return TimePoint(
      std::chrono::duration_cast<TimePoint::duration>(std::chrono::milliseconds(millis)));
}

std::string AsciiLower(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

bool ConstantTimeEqual(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

bool IsAliasKind(std::string_view name) {
  return std::find(kAliasKinds.begin(), kAliasKinds.end(), name) != kAliasKinds.end();
}

Status ValidateAttributeNames(const Attributes& attributes) {
  for (const auto& [name, value] : attributes) {
    if (name.empty()) {
      return InvalidParameter("Attribute names must not be empty.");
    }
    if (name == "sub") {
      return InvalidParameter("Cannot modify the non-mutable attribute sub.");
    }
  }
  return Status::Ok();
}

std::string_view CodeKindName(CodeKind kind) {
  switch (kind) {
    case CodeKind::kSignUp: return "signup";
    case CodeKind::kForgotPassword: return "forgot";
    case CodeKind::kAttribute: return "attribute";
  }
  GLOSS_BUG("unknown CodeKind");
  return "";
}

// Bound to the user and kind so one hash cannot stand for another row's code.
std::string CodeHash(std::string_view sub, CodeKind kind, std::string_view code) {
  return aws::Sha256Hex(std::string(sub) + "\n" + std::string(CodeKindName(kind)) + "\n" +
                        std::string(code));
}

Result<bool> UserExists(Connection& connection, std::string_view sub) {
  ASSIGN_OR_RETURN(const std::optional<Row> row,
                   connection.QueryOne("SELECT sub FROM auth_users WHERE sub = ?", {sub}));
  return row.has_value();
}

Status RequireUser(Connection& connection, std::string_view sub) {
  ASSIGN_OR_RETURN(const bool exists, UserExists(connection, sub));
  return exists ? Status::Ok() : UserNotFound();
}

Result<Attributes> LoadAttributes(Connection& connection, std::string_view sub) {
  ASSIGN_OR_RETURN(
      const Rows rows,
      connection.Query("SELECT name, value FROM auth_user_attributes WHERE sub = ?", {sub}));
  Attributes attributes;
  for (const Row& row : rows) {
    ASSIGN_OR_RETURN(std::string name, row.Get<std::string>(0));
    ASSIGN_OR_RETURN(std::string value, row.Get<std::string>(1));
    attributes.emplace(std::move(name), std::move(value));
  }
  return attributes;
}

// `row` holds kUserColumns in order.
Result<UserRecord> ReadUser(Connection& connection, const Row& row) {
  UserRecord user;
  ASSIGN_OR_RETURN(user.sub, row.Get<std::string>(0));
  ASSIGN_OR_RETURN(user.username, row.Get<std::string>(1));
  ASSIGN_OR_RETURN(const std::string status, row.Get<std::string>(2));
  ASSIGN_OR_RETURN(user.status, ParseUserStatus(status));
  ASSIGN_OR_RETURN(const int64_t enabled, row.Get<int64_t>(3));
  user.enabled = enabled != 0;
  ASSIGN_OR_RETURN(user.password_hash, row.Get<std::string>(4));
  ASSIGN_OR_RETURN(user.srp_salt_hex, row.Get<std::string>(5));
  ASSIGN_OR_RETURN(user.srp_verifier_hex, row.Get<std::string>(6));
  ASSIGN_OR_RETURN(const int64_t created_at, row.Get<int64_t>(7));
  user.created_at = FromMillis(created_at);
  ASSIGN_OR_RETURN(const int64_t updated_at, row.Get<int64_t>(8));
  user.updated_at = FromMillis(updated_at);
  ASSIGN_OR_RETURN(const std::optional<int64_t> signed_out_at, row.Get<std::optional<int64_t>>(9));
  if (signed_out_at) {
    user.signed_out_at = FromMillis(*signed_out_at);
  }
  ASSIGN_OR_RETURN(user.attributes, LoadAttributes(connection, user.sub));
  return user;
}

Result<UserRecord> LoadUser(Connection& connection, std::string_view sub) {
  ASSIGN_OR_RETURN(
      const std::optional<Row> row,
      connection.QueryOne("SELECT " + std::string(kUserColumns) + " FROM auth_users WHERE sub = ?",
                          {sub}));
  if (!row) {
    return UserNotFound();
  }
  return ReadUser(connection, *row);
}

// The sub owning alias (kind, lower-cased value), if any.
Result<std::optional<std::string>> AliasOwner(Connection& connection, std::string_view kind,
                                              std::string_view value) {
  ASSIGN_OR_RETURN(const std::optional<Row> row,
                   connection.QueryOne("SELECT sub FROM auth_aliases WHERE kind = ? AND value = ?",
                                       {kind, AsciiLower(value)}));
  if (!row) {
    return std::optional<std::string>();
  }
  ASSIGN_OR_RETURN(std::string owner, row->Get<std::string>(0));
  return std::optional<std::string>(std::move(owner));
}

// Updates one column of a user; kNotFound if there is no such user.
Status UpdateUserColumn(db::Database& database, std::string_view column, db::Value value,
                        std::string_view sub, TimePoint now) {
  ASSIGN_OR_RETURN(const db::ExecResult result,
                   database.Execute("UPDATE auth_users SET " + std::string(column) +
                                        " = ?, updated_at = ? WHERE sub = ?",
                                    {std::move(value), ToMillis(now), sub}));
  return result.rows_affected == 0 ? UserNotFound() : Status::Ok();
}

// ---- ListUsers filter ----

struct UserFilter {
  std::string attribute;
  bool prefix = false;  // `^=` rather than `=`.
  std::string value;
};

bool IsAttributeNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == ':';
}

// Parses `name = "value"` / `name ^= "value"` (Cognito's ListUsers Filter);
// `\"` and `\\` escape inside the quotes.
Result<std::optional<UserFilter>> ParseFilter(std::string_view text) {
  size_t pos = 0;
  const auto skip_spaces = [&] {
    while (pos < text.size() && text[pos] == ' ') {
      ++pos;
    }
  };
  skip_spaces();
  if (pos == text.size()) {
    return std::optional<UserFilter>();
  }
  const Status malformed = InvalidParameter("Error while parsing filter.");
  UserFilter filter;
  while (pos < text.size() && IsAttributeNameChar(text[pos])) {
    filter.attribute.push_back(text[pos++]);
  }
  skip_spaces();
  if (text.substr(pos, 2) == "^=") {
    filter.prefix = true;
    pos += 2;
  } else if (text.substr(pos, 1) == "=") {
    pos += 1;
  } else {
    return malformed;
  }
  skip_spaces();
  if (filter.attribute.empty() || pos == text.size() || text[pos] != '"') {
    return malformed;
  }
  ++pos;
  bool closed = false;
  while (pos < text.size()) {
    const char c = text[pos++];
    if (c == '"') {
      closed = true;
      break;
    }
    if (c == '\\') {
      if (pos == text.size()) {
        return malformed;
      }
      filter.value.push_back(text[pos++]);
    } else {
      filter.value.push_back(c);
    }
  }
  skip_spaces();
  if (!closed || pos != text.size()) {
    return malformed;
  }
  static constexpr std::array<std::string_view, 10> kFilterable = {
      "username",   "email",       "phone_number",       "name",
      "given_name", "family_name", "preferred_username", "cognito:user_status",
      "status",     "sub"};
  if (std::find(kFilterable.begin(), kFilterable.end(), filter.attribute) == kFilterable.end()) {
    return InvalidParameter("Invalid search attribute: " + filter.attribute);
  }
  return std::optional<UserFilter>(std::move(filter));
}

// Characters (UTF-8 code points) in `text`: SQL substr() counts those.
int64_t CodePoints(std::string_view text) {
  return std::count_if(text.begin(), text.end(),
                       [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
}

// Appends the SQL condition for `filter` on `u` (auth_users) and its params.
Status AppendFilter(const UserFilter& filter, std::string& sql, db::Params& params) {
  const auto compare = [&](std::string_view expression) {
    if (filter.prefix) {
      sql += " AND substr(" + std::string(expression) + ", 1, ?) = ?";
      params.emplace_back(CodePoints(filter.value));
    } else {
      sql += " AND " + std::string(expression) + " = ?";
    }
    params.emplace_back(filter.value);
  };
  if (filter.attribute == "username") {
    compare("u.username");
  } else if (filter.attribute == "sub") {
    compare("u.sub");
  } else if (filter.attribute == "cognito:user_status") {
    compare("u.status");
  } else if (filter.attribute == "status") {
    if (filter.prefix || (filter.value != "Enabled" && filter.value != "Disabled")) {
      return InvalidParameter("status filter must be = \"Enabled\" or = \"Disabled\".");
    }
    sql += " AND u.enabled = ?";
    params.emplace_back(filter.value == "Enabled" ? 1 : 0);
  } else {
    sql += " AND EXISTS (SELECT 1 FROM auth_user_attributes a WHERE a.sub = u.sub AND a.name = ?";
    params.emplace_back(filter.attribute);
    compare("a.value");
    sql += ")";
  }
  return Status::Ok();
}

bool LooksLikeSub(std::string_view token) {
  return token.size() == 36 && std::all_of(token.begin(), token.end(), [](char c) {
           return c == '-' || kHexDigits.find(c) != std::string_view::npos;
         });
}

Result<ApiKeyRecord> ReadApiKey(const Row& row) {
  ApiKeyRecord record;
  ASSIGN_OR_RETURN(record.id, row.Get<std::string>(0));
  ASSIGN_OR_RETURN(record.key, row.Get<std::string>(1));
  ASSIGN_OR_RETURN(record.description, row.Get<std::string>(2));
  ASSIGN_OR_RETURN(const int64_t created_at, row.Get<int64_t>(3));
  record.created_at = FromMillis(created_at);
  ASSIGN_OR_RETURN(const int64_t expires_at, row.Get<int64_t>(4));
  record.expires_at = FromMillis(expires_at);
  return record;
}

constexpr std::string_view kApiKeyColumns = "id, api_key, description, created_at, expires_at";

}  // namespace

std::string_view CognitoExceptionName(const Status& status) {
  const std::string_view message = status.message();
  const size_t colon = message.find(": ");
  if (status.ok() || colon == std::string_view::npos) {
    return {};
  }
  const std::string_view name = message.substr(0, colon);
  if (!name.ends_with("Exception") || !std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0;
      })) {
    return {};
  }
  return name;
}

std::string_view UserStatusName(UserStatus status) {
  switch (status) {
    case UserStatus::kUnconfirmed: return "UNCONFIRMED";
    case UserStatus::kConfirmed: return "CONFIRMED";
    case UserStatus::kForceChangePassword: return "FORCE_CHANGE_PASSWORD";
    case UserStatus::kResetRequired: return "RESET_REQUIRED";
  }
  GLOSS_BUG("unknown UserStatus");
  return "";
}

Result<UserStatus> ParseUserStatus(std::string_view name) {
  for (const UserStatus status : {UserStatus::kUnconfirmed, UserStatus::kConfirmed,
                                  UserStatus::kForceChangePassword, UserStatus::kResetRequired}) {
    if (UserStatusName(status) == name) {
      return status;
    }
  }
  return Status::Corruption("unknown user status '" + std::string(name) + "'");
}

Result<std::unique_ptr<UserStore>> UserStore::Open(db::Database& database) {
  RETURN_IF_ERROR(db::Migrate(database, kAuthMigrationComponent, UserStoreMigrations()));
  return std::unique_ptr<UserStore>(new UserStore(database));
}

// ---- Pool identity ----

Result<PoolIdentity> UserStore::EnsurePool(std::string_view region, TimePoint now) {
  if (region.empty() || !std::all_of(region.begin(), region.end(), [](char c) {
        return kLowerAlphanumeric.find(c) != std::string_view::npos || c == '-';
      })) {
    return Status::InvalidArgument("invalid region '" + std::string(region) + "'");
  }
  return db_.WithTransaction(TransactionKind::kWrite, [&](Transaction& tx) -> Result<PoolIdentity> {
    RETURN_IF_ERROR(tx.Execute("INSERT INTO auth_pool (singleton, pool_id, client_id, created_at) "
                               "VALUES (1, ?, ?, ?) ON CONFLICT (singleton) DO NOTHING",
                               {std::string(region) + "_" + RandomString(kPoolSuffixChars, kBase62),
                                RandomString(kClientIdChars, kLowerAlphanumeric), ToMillis(now)})
                        .status());
    ASSIGN_OR_RETURN(
        const std::optional<Row> row,
        tx.QueryOne("SELECT pool_id, client_id, created_at FROM auth_pool WHERE singleton = 1"));
    if (!row) {
      return Status::Internal("auth_pool has no row after insert");
    }
    PoolIdentity identity;
    ASSIGN_OR_RETURN(identity.pool_id, row->Get<std::string>(0));
    ASSIGN_OR_RETURN(identity.client_id, row->Get<std::string>(1));
    ASSIGN_OR_RETURN(const int64_t created_at, row->Get<int64_t>(2));
    identity.created_at = FromMillis(created_at);
    return identity;
  });
}

// ---- Groups ----

Status UserStore::SyncGroups(const std::vector<std::string>& names) {
  std::set<std::string, std::less<>> wanted;
  for (const std::string& name : names) {
    if (name.empty() || !wanted.insert(name).second) {
      return Status::InvalidArgument("group names must be non-empty and distinct");
    }
  }
  return db_.WithTransaction(TransactionKind::kWrite, [&](Transaction& tx) -> Status {
    ASSIGN_OR_RETURN(const Rows existing, tx.Query("SELECT name FROM auth_groups"));
    for (const Row& row : existing) {
      ASSIGN_OR_RETURN(const std::string name, row.Get<std::string>(0));
      if (!wanted.contains(name)) {
        // Memberships go with it (ON DELETE CASCADE).
        RETURN_IF_ERROR(tx.Execute("DELETE FROM auth_groups WHERE name = ?", {name}).status());
      }
    }
    for (size_t group_idx = 0; group_idx < names.size(); ++group_idx) {
      RETURN_IF_ERROR(tx.Execute("INSERT INTO auth_groups (name, precedence) VALUES (?, ?) "
                                 "ON CONFLICT (name) DO UPDATE SET precedence = "
                                 "excluded.precedence",
                                 {names[group_idx], static_cast<int64_t>(group_idx)})
                          .status());
    }
    return Status::Ok();
  });
}

namespace {
Status RequireUserAndGroup(Connection& connection, std::string_view sub, std::string_view group) {
  RETURN_IF_ERROR(RequireUser(connection, sub));
  ASSIGN_OR_RETURN(const std::optional<Row> row,
                   connection.QueryOne("SELECT name FROM auth_groups WHERE name = ?", {group}));
  if (!row) {
    return CognitoError(&Status::NotFound, kResourceNotFoundException, "Group not found.");
  }
  return Status::Ok();
}
}  // namespace

Status UserStore::AddUserToGroup(std::string_view sub, std::string_view group) {
  return db_.WithTransaction(TransactionKind::kWrite, [&](Transaction& tx) -> Status {
    RETURN_IF_ERROR(RequireUserAndGroup(tx, sub, group));
    return tx
        .Execute(
            "INSERT INTO auth_user_groups (sub, group_name) VALUES (?, ?) "
            "ON CONFLICT (sub, group_name) DO NOTHING",
            {sub, group})
        .status();
  });
}

Status UserStore::RemoveUserFromGroup(std::string_view sub, std::string_view group) {
  return db_.WithTransaction(TransactionKind::kWrite, [&](Transaction& tx) -> Status {
    RETURN_IF_ERROR(RequireUserAndGroup(tx, sub, group));
    return tx.Execute("DELETE FROM auth_user_groups WHERE sub = ? AND group_name = ?", {sub, group})
        .status();
  });
}

Result<std::vector<std::string>> UserStore::GroupsOfUser(std::string_view sub) {
  return db_.WithTransaction(
      TransactionKind::kRead, [&](Transaction& tx) -> Result<std::vector<std::string>> {
        RETURN_IF_ERROR(RequireUser(tx, sub));
        ASSIGN_OR_RETURN(const Rows rows, tx.Query("SELECT g.name FROM auth_user_groups ug "
                                                   "JOIN auth_groups g ON g.name = ug.group_name "
                                                   "WHERE ug.sub = ? ORDER BY g.precedence, g.name",
                                                   {sub}));
        std::vector<std::string> groups;
        for (const Row& row : rows) {
          ASSIGN_OR_RETURN(std::string name, row.Get<std::string>(0));
          groups.push_back(std::move(name));
        }
        return groups;
      });
}

// ---- Users ----

Result<UserRecord> UserStore::CreateUser(const NewUser& user, TimePoint now) {
  RETURN_IF_ERROR(ValidateAttributeNames(user.attributes));
  return db_.WithTransaction(TransactionKind::kWrite, [&](Transaction& tx) -> Result<UserRecord> {
    const std::string sub = RandomUuid();
    const std::string username = user.username.empty() ? sub : user.username;
    ASSIGN_OR_RETURN(
        const std::optional<Row> taken,
        tx.QueryOne("SELECT sub FROM auth_users WHERE username_key = ?", {AsciiLower(username)}));
    if (taken) {
      return CognitoError(&Status::AlreadyExists, kUsernameExistsException, "User already exists");
    }
    for (const std::string_view kind : kAliasKinds) {
      const auto it = user.attributes.find(kind);
      if (it == user.attributes.end() || it->second.empty()) {
        continue;
      }
      ASSIGN_OR_RETURN(const std::optional<std::string> owner, AliasOwner(tx, kind, it->second));
      if (owner) {
        return CognitoError(&Status::AlreadyExists, kUsernameExistsException,
                            "An account with the given " + std::string(kind) + " already exists.");
      }
    }
    RETURN_IF_ERROR(
        tx.Execute(
              "INSERT INTO auth_users (sub, username, username_key, status, enabled, "
              "password_hash, srp_salt, srp_verifier, created_at, updated_at) "
              "VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?)",
              {sub, username, AsciiLower(username), UserStatusName(user.status), user.password_hash,
               user.srp_salt_hex, user.srp_verifier_hex, ToMillis(now), ToMillis(now)})
            .status());
    for (const auto& [name, value] : user.attributes) {
      if (value.empty()) {
        continue;
      }
      RETURN_IF_ERROR(
          tx.Execute("INSERT INTO auth_user_attributes (sub, name, value) VALUES (?, ?, ?)",
                     {sub, name, value})
              .status());
      if (IsAliasKind(name)) {
        RETURN_IF_ERROR(tx.Execute("INSERT INTO auth_aliases (kind, value, sub) VALUES (?, ?, ?)",
                                   {name, AsciiLower(value), sub})
                            .status());
      }
    }
    return LoadUser(tx, sub);
  });
}

Result<UserRecord> UserStore::FindByUsernameOrAlias(std::string_view username_or_alias) {
  const std::string key = AsciiLower(username_or_alias);
  return db_.WithTransaction(TransactionKind::kRead, [&](Transaction& tx) -> Result<UserRecord> {
    ASSIGN_OR_RETURN(std::optional<Row> row,
                     tx.QueryOne("SELECT sub FROM auth_users WHERE username_key = ?", {key}));
    if (!row) {
      ASSIGN_OR_RETURN(row, tx.QueryOne("SELECT sub FROM auth_aliases WHERE kind IN ('email', "
                                        "'phone_number') AND value = ? ORDER BY kind LIMIT 1",
                                        {key}));
    }
    if (!row) {
      return UserNotFound();
    }
    ASSIGN_OR_RETURN(const std::string sub, row->Get<std::string>(0));
    return LoadUser(tx, sub);
  });
}

Result<UserRecord> UserStore::FindBySub(std::string_view sub) {
  return db_.WithTransaction(TransactionKind::kRead, [&](Transaction& tx) -> Result<UserRecord> {
    return LoadUser(tx, sub);
  });
}

Status UserStore::UpdateStatus(std::string_view sub, UserStatus status, TimePoint now) {
  return UpdateUserColumn(db_, "status", UserStatusName(status), sub, now);
}

Status UserStore::SetEnabled(std::string_view sub, bool enabled, TimePoint now) {
  return UpdateUserColumn(db_, "enabled", enabled ? 1 : 0, sub, now);
}

Status UserStore::SetSignedOutAt(std::string_view sub, TimePoint now) {
  return UpdateUserColumn(db_, "signed_out_at", ToMillis(now), sub, now);
}

Status UserStore::UpdatePassword(std::string_view sub, std::string_view password_hash,
                                 std::string_view srp_salt_hex, std::string_view srp_verifier_hex,
                                 TimePoint now) {
  ASSIGN_OR_RETURN(
      const db::ExecResult result,
      db_.Execute("UPDATE auth_users SET password_hash = ?, srp_salt = ?, "
                  "srp_verifier = ?, updated_at = ? WHERE sub = ?",
                  {password_hash, srp_salt_hex, srp_verifier_hex, ToMillis(now), sub}));
  return result.rows_affected == 0 ? UserNotFound() : Status::Ok();
}

Status UserStore::UpdateAttributes(std::string_view sub, const Attributes& attributes,
                                   TimePoint now) {
  RETURN_IF_ERROR(ValidateAttributeNames(attributes));
  return db_.WithTransaction(TransactionKind::kWrite, [&](Transaction& tx) -> Status {
    RETURN_IF_ERROR(RequireUser(tx, sub));
    // Check every alias before writing anything.
    for (const auto& [name, value] : attributes) {
      if (!IsAliasKind(name) || value.empty()) {
        continue;
      }
      ASSIGN_OR_RETURN(const std::optional<std::string> owner, AliasOwner(tx, name, value));
      if (owner && *owner != sub) {
        return CognitoError(&Status::AlreadyExists, kAliasExistsException,
                            "An account with the given " + name + " already exists.");
      }
    }
    for (const auto& [name, value] : attributes) {
      if (value.empty()) {
        RETURN_IF_ERROR(
            tx.Execute("DELETE FROM auth_user_attributes WHERE sub = ? AND name = ?", {sub, name})
                .status());
      } else {
        RETURN_IF_ERROR(tx.Execute("INSERT INTO auth_user_attributes (sub, name, value) "
                                   "VALUES (?, ?, ?) ON CONFLICT (sub, name) "
                                   "DO UPDATE SET value = excluded.value",
                                   {sub, name, value})
                            .status());
      }
      if (IsAliasKind(name)) {
        RETURN_IF_ERROR(
            tx.Execute("DELETE FROM auth_aliases WHERE kind = ? AND sub = ?", {name, sub})
                .status());
        if (!value.empty()) {
          RETURN_IF_ERROR(tx.Execute("INSERT INTO auth_aliases (kind, value, sub) VALUES (?, ?, ?)",
                                     {name, AsciiLower(value), sub})
                              .status());
        }
      }
    }
    return tx.Execute("UPDATE auth_users SET updated_at = ? WHERE sub = ?", {ToMillis(now), sub})
        .status();
  });
}

Status UserStore::DeleteUser(std::string_view sub) {
  // Aliases, attributes, memberships, codes, tokens and sessions cascade.
  ASSIGN_OR_RETURN(const db::ExecResult result,
                   db_.Execute("DELETE FROM auth_users WHERE sub = ?", {sub}));
  return result.rows_affected == 0 ? UserNotFound() : Status::Ok();
}

Result<ListUsersPage> UserStore::ListUsers(const ListUsersRequest& request) {
  if (request.limit < 1 || request.limit > kMaxListLimit) {
    return InvalidParameter("Limit must be between 1 and 60.");
  }
  if (!request.pagination_token.empty() && !LooksLikeSub(request.pagination_token)) {
    return InvalidParameter("Invalid pagination token.");
  }
  ASSIGN_OR_RETURN(const std::optional<UserFilter> filter, ParseFilter(request.filter));
  std::string sql = "SELECT " + std::string(kUserColumns) + " FROM auth_users u WHERE u.sub > ?";
  db::Params params = {request.pagination_token};
  if (filter) {
    RETURN_IF_ERROR(AppendFilter(*filter, sql, params));
  }
  sql += " ORDER BY u.sub LIMIT ?";
  params.emplace_back(request.limit + 1);  // One more tells whether a next page exists.
  return db_.WithTransaction(TransactionKind::kRead, [&](Transaction& tx) -> Result<ListUsersPage> {
    ASSIGN_OR_RETURN(const Rows rows, tx.Query(sql, params));
    ListUsersPage page;
    for (const Row& row : rows) {
      if (page.users.size() == static_cast<size_t>(request.limit)) {
        page.next_token = page.users.back().sub;
        break;
      }
      ASSIGN_OR_RETURN(UserRecord user, ReadUser(tx, row));
      page.users.push_back(std::move(user));
    }
    return page;
  });
}

// ---- Confirmation codes ----

Result<std::string> UserStore::IssueCode(std::string_view sub, CodeKind kind, TimePoint now,
                                         std::chrono::seconds ttl) {
  std::string code = RandomString(kCodeDigits, kDigits);
  const Status stored =
      db_.WithTransaction(TransactionKind::kWrite, [&](Transaction& tx) -> Status {
        RETURN_IF_ERROR(RequireUser(tx, sub));
        return tx
            .Execute(
                "INSERT INTO auth_codes (sub, kind, code_hash, expires_at, attempts) "
                "VALUES (?, ?, ?, ?, 0) ON CONFLICT (sub, kind) DO UPDATE SET "
                "code_hash = excluded.code_hash, expires_at = excluded.expires_at, attempts = 0",
                {sub, CodeKindName(kind), CodeHash(sub, kind, code), ToMillis(now + ttl)})
            .status();
      });
  RETURN_IF_ERROR(stored);
  return code;
}

Status UserStore::ConsumeCode(std::string_view sub, CodeKind kind, std::string_view code,
                              TimePoint now) {
  enum class Outcome { kAccepted, kExpired, kMismatch };
  // The body commits the attempt count or the deletion before the error is returned.
  ASSIGN_OR_RETURN(
      const Outcome outcome,
      db_.WithTransaction(TransactionKind::kWrite, [&](Transaction& tx) -> Result<Outcome> {
        ASSIGN_OR_RETURN(const std::optional<Row> row,
                         tx.QueryOne("SELECT code_hash, expires_at, attempts FROM auth_codes "
                                     "WHERE sub = ? AND kind = ?",
                                     {sub, CodeKindName(kind)}));
        if (!row) {
          return Outcome::kExpired;
        }
        ASSIGN_OR_RETURN(const std::string code_hash, row->Get<std::string>(0));
        ASSIGN_OR_RETURN(const int64_t expires_at, row->Get<int64_t>(1));
        ASSIGN_OR_RETURN(const int64_t attempts, row->Get<int64_t>(2));
        const bool usable = expires_at > ToMillis(now) && attempts < kMaxCodeAttempts;
        if (usable && !ConstantTimeEqual(code_hash, CodeHash(sub, kind, code))) {
          RETURN_IF_ERROR(tx.Execute("UPDATE auth_codes SET attempts = attempts + 1 "
                                     "WHERE sub = ? AND kind = ?",
                                     {sub, CodeKindName(kind)})
                              .status());
          return Outcome::kMismatch;
        }
        // Used up, expired or burnt: either way it is gone.
        RETURN_IF_ERROR(tx.Execute("DELETE FROM auth_codes WHERE sub = ? AND kind = ?",
                                   {sub, CodeKindName(kind)})
                            .status());
        return usable ? Outcome::kAccepted : Outcome::kExpired;
      }));
  switch (outcome) {
    case Outcome::kAccepted: return Status::Ok();
    case Outcome::kExpired:
      return CognitoError(&Status::FailedPrecondition, kExpiredCodeException,
                          "Invalid code provided, please request a code again.");
    case Outcome::kMismatch:
      return CognitoError(&Status::InvalidArgument, kCodeMismatchException,
                          "Invalid verification code provided, please try again.");
  }
  GLOSS_BUG("unknown code outcome");
  return Status::Internal("unknown code outcome");
}

// ---- Refresh tokens ----

Result<std::string> UserStore::IssueRefreshToken(std::string_view sub, std::string_view client_id,
                                                 std::string_view origin_jti, TimePoint now,
                                                 std::chrono::seconds validity) {
  std::string token = RandomString(kRefreshTokenChars, kBase62);
  const Status stored =
      db_.WithTransaction(TransactionKind::kWrite, [&](Transaction& tx) -> Status {
        RETURN_IF_ERROR(RequireUser(tx, sub));
        return tx
            .Execute(
                "INSERT INTO auth_refresh_tokens (token_hash, sub, client_id, origin_jti, "
                "issued_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
                {aws::Sha256Hex(token), sub, client_id, origin_jti, ToMillis(now),
                 ToMillis(now + validity)})
            .status();
      });
  RETURN_IF_ERROR(stored);
  return token;
}

Result<RefreshTokenRecord> UserStore::FindRefreshToken(std::string_view token, TimePoint now) {
  ASSIGN_OR_RETURN(const std::optional<Row> row,
                   db_.QueryOne("SELECT sub, client_id, origin_jti, issued_at, expires_at, "
                                "revoked_at FROM auth_refresh_tokens WHERE token_hash = ?",
                                {aws::Sha256Hex(token)}));
  if (!row) {
    return CognitoError(&Status::Unauthenticated, kNotAuthorizedException, "Invalid Refresh Token");
  }
  RefreshTokenRecord record;
  ASSIGN_OR_RETURN(record.sub, row->Get<std::string>(0));
  ASSIGN_OR_RETURN(record.client_id, row->Get<std::string>(1));
  ASSIGN_OR_RETURN(record.origin_jti, row->Get<std::string>(2));
  ASSIGN_OR_RETURN(const int64_t issued_at, row->Get<int64_t>(3));
  record.issued_at = FromMillis(issued_at);
  ASSIGN_OR_RETURN(const int64_t expires_at, row->Get<int64_t>(4));
  record.expires_at = FromMillis(expires_at);
  ASSIGN_OR_RETURN(const std::optional<int64_t> revoked_at, row->Get<std::optional<int64_t>>(5));
  if (revoked_at) {
    return CognitoError(&Status::Unauthenticated, kNotAuthorizedException,
                        "Refresh Token has been revoked");
  }
  if (expires_at <= ToMillis(now)) {
    return CognitoError(&Status::Unauthenticated, kNotAuthorizedException,
                        "Refresh Token has expired");
  }
  return record;
}

Status UserStore::RevokeRefreshToken(std::string_view token, TimePoint now) {
  ASSIGN_OR_RETURN(const db::ExecResult result,
                   db_.Execute("UPDATE auth_refresh_tokens SET revoked_at = "
                               "COALESCE(revoked_at, ?) WHERE token_hash = ?",
                               {ToMillis(now), aws::Sha256Hex(token)}));
  if (result.rows_affected == 0) {
    return Status::NotFound("unknown refresh token");
  }
  return Status::Ok();
}

Status UserStore::RevokeAllRefreshTokens(std::string_view sub, TimePoint now) {
  return db_
      .Execute("UPDATE auth_refresh_tokens SET revoked_at = ? WHERE sub = ? AND revoked_at IS NULL",
               {ToMillis(now), sub})
      .status();
}

// ---- SRP sessions ----

Result<std::string> UserStore::SaveSrpSession(std::string_view sub, std::string_view state,
                                              TimePoint now, std::chrono::seconds ttl) {
  std::string session_id = RandomString(kSrpSessionIdChars, kBase62);
  const Status stored =
      db_.WithTransaction(TransactionKind::kWrite, [&](Transaction& tx) -> Status {
        RETURN_IF_ERROR(RequireUser(tx, sub));
        return tx
            .Execute(
                "INSERT INTO auth_srp_sessions (session_hash, sub, state, expires_at) "
                "VALUES (?, ?, ?, ?)",
                {aws::Sha256Hex(session_id), sub, state, ToMillis(now + ttl)})
            .status();
      });
  RETURN_IF_ERROR(stored);
  return session_id;
}

Result<SrpSessionRecord> UserStore::TakeSrpSession(std::string_view session_id, TimePoint now) {
  const std::string session_hash = aws::Sha256Hex(session_id);
  // nullopt: the session existed but had expired (and has been deleted).
  ASSIGN_OR_RETURN(
      std::optional<SrpSessionRecord> session,
      db_.WithTransaction(
          TransactionKind::kWrite, [&](Transaction& tx) -> Result<std::optional<SrpSessionRecord>> {
            ASSIGN_OR_RETURN(const std::optional<Row> row,
                             tx.QueryOne("SELECT sub, state, expires_at FROM auth_srp_sessions "
                                         "WHERE session_hash = ?",
                                         {session_hash}));
            if (!row) {
              return CognitoError(&Status::Unauthenticated, kNotAuthorizedException,
                                  "Invalid session for the user.");
            }
            SrpSessionRecord record;
            ASSIGN_OR_RETURN(record.sub, row->Get<std::string>(0));
            ASSIGN_OR_RETURN(record.state, row->Get<std::string>(1));
            ASSIGN_OR_RETURN(const int64_t expires_at, row->Get<int64_t>(2));
            record.expires_at = FromMillis(expires_at);
            RETURN_IF_ERROR(
                tx.Execute("DELETE FROM auth_srp_sessions WHERE session_hash = ?", {session_hash})
                    .status());
            if (expires_at <= ToMillis(now)) {
              return std::optional<SrpSessionRecord>();
            }
            return std::optional<SrpSessionRecord>(std::move(record));
          }));
  if (!session) {
    return CognitoError(&Status::Unauthenticated, kNotAuthorizedException,
                        "Invalid session for the user, session is expired.");
  }
  return std::move(*session);
}

// ---- Housekeeping ----

Result<int64_t> UserStore::PurgeExpired(TimePoint now) {
  return db_.WithTransaction(TransactionKind::kWrite, [&](Transaction& tx) -> Result<int64_t> {
    int64_t purged = 0;
    for (const std::string_view table :
         {"auth_codes", "auth_srp_sessions", "auth_refresh_tokens", "auth_api_keys"}) {
      ASSIGN_OR_RETURN(const db::ExecResult result,
                       tx.Execute("DELETE FROM " + std::string(table) + " WHERE expires_at <= ?",
                                  {ToMillis(now)}));
      purged += result.rows_affected;
    }
    return purged;
  });
}

// ---- API keys ----

Result<ApiKeyRecord> UserStore::EnsureApiKey(int expires_in_days, TimePoint now) {
  if (expires_in_days < 1 || expires_in_days > kMaxApiKeyDays) {
    return Status::InvalidArgument("API key expiry must be 1 to 365 days");
  }
  return db_.WithTransaction(TransactionKind::kWrite, [&](Transaction& tx) -> Result<ApiKeyRecord> {
    ASSIGN_OR_RETURN(const std::optional<Row> row,
                     tx.QueryOne("SELECT " + std::string(kApiKeyColumns) +
                                     " FROM auth_api_keys WHERE expires_at > ? "
                                     "ORDER BY expires_at DESC, id LIMIT 1",
                                 {ToMillis(now)}));
    if (row) {
      return ReadApiKey(*row);
    }
    ApiKeyRecord record{
        .id = RandomString(kApiKeyChars, kLowerAlphanumeric),
        .key = std::string(kApiKeyPrefix) + RandomString(kApiKeyChars, kLowerAlphanumeric),
        .description = "gloss API key",
        .created_at = now,
        .expires_at = now + std::chrono::days(expires_in_days),
    };
    RETURN_IF_ERROR(tx.Execute("INSERT INTO auth_api_keys (id, api_key, description, created_at, "
                               "expires_at) VALUES (?, ?, ?, ?, ?)",
                               {record.id, record.key, record.description,
                                ToMillis(record.created_at), ToMillis(record.expires_at)})
                        .status());
    // Read back so the times have the stored (millisecond) precision.
    ASSIGN_OR_RETURN(
        const std::optional<Row> created,
        tx.QueryOne("SELECT " + std::string(kApiKeyColumns) + " FROM auth_api_keys WHERE id = ?",
                    {record.id}));
    if (!created) {
      return Status::Internal("API key vanished after insert");
    }
    return ReadApiKey(*created);
  });
}

Result<std::optional<ApiKeyRecord>> UserStore::FindApiKey(std::string_view key, TimePoint now) {
  ASSIGN_OR_RETURN(const std::optional<Row> row,
                   db_.QueryOne("SELECT " + std::string(kApiKeyColumns) +
                                    " FROM auth_api_keys WHERE api_key = ?",
                                {key}));
  if (!row) {
    return std::optional<ApiKeyRecord>();
  }
  ASSIGN_OR_RETURN(ApiKeyRecord record, ReadApiKey(*row));
  if (record.expires_at <= now) {
    return std::optional<ApiKeyRecord>();
  }
  return std::optional<ApiKeyRecord>(std::move(record));
}

}  // namespace gloss::auth
