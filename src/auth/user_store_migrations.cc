#include "auth/user_store_migrations.h"

#include <array>

namespace gloss::auth {
namespace {

// Every child table references auth_users (or auth_groups) ON DELETE CASCADE,
// so deleting a user (or a group) takes its rows with it on both engines.
// Secrets are stored hashed: code_hash, token_hash, session_hash (SHA-256 hex).
constexpr std::array<db::Migration, 1> kMigrations = {{
    {1, "create user pool tables",
     "CREATE TABLE auth_pool ("
     "  singleton {{int64}} PRIMARY KEY CHECK (singleton = 1),"
     "  pool_id TEXT NOT NULL,"
     "  client_id TEXT NOT NULL,"
     "  created_at {{int64}} NOT NULL) {{strict}};"
     "CREATE TABLE auth_users ("
     "  sub TEXT PRIMARY KEY,"
     "  username TEXT NOT NULL,"
     "  username_key TEXT NOT NULL UNIQUE,"  // lower(username): case-insensitive.
     "  status TEXT NOT NULL,"
     "  enabled {{int64}} NOT NULL,"
     "  password_hash TEXT NOT NULL,"
     "  srp_salt TEXT NOT NULL,"
     "  srp_verifier TEXT NOT NULL,"
     "  created_at {{int64}} NOT NULL,"
     "  updated_at {{int64}} NOT NULL,"
     "  signed_out_at {{int64}}) {{strict}};"
     "CREATE TABLE auth_user_attributes ("
     "  sub TEXT NOT NULL REFERENCES auth_users (sub) ON DELETE CASCADE,"
     "  name TEXT NOT NULL,"
     "  value TEXT NOT NULL,"
     "  PRIMARY KEY (sub, name)) {{strict}};"
     "CREATE INDEX auth_user_attributes_name_value ON auth_user_attributes (name, value);"
     "CREATE TABLE auth_aliases ("
     "  kind TEXT NOT NULL,"
     "  value TEXT NOT NULL,"
     "  sub TEXT NOT NULL REFERENCES auth_users (sub) ON DELETE CASCADE,"
     "  PRIMARY KEY (kind, value)) {{strict}};"
     "CREATE INDEX auth_aliases_sub ON auth_aliases (sub);"
     "CREATE TABLE auth_groups ("
     "  name TEXT PRIMARY KEY,"
     "  precedence {{int64}} NOT NULL) {{strict}};"
     "CREATE TABLE auth_user_groups ("
     "  sub TEXT NOT NULL REFERENCES auth_users (sub) ON DELETE CASCADE,"
     "  group_name TEXT NOT NULL REFERENCES auth_groups (name) ON DELETE CASCADE,"
     "  PRIMARY KEY (sub, group_name)) {{strict}};"
     "CREATE INDEX auth_user_groups_group_name ON auth_user_groups (group_name);"
     "CREATE TABLE auth_codes ("
     "  sub TEXT NOT NULL REFERENCES auth_users (sub) ON DELETE CASCADE,"
     "  kind TEXT NOT NULL,"
     "  code_hash TEXT NOT NULL,"
     "  expires_at {{int64}} NOT NULL,"
     "  attempts {{int64}} NOT NULL,"
     "  PRIMARY KEY (sub, kind)) {{strict}};"
     "CREATE TABLE auth_refresh_tokens ("
     "  token_hash TEXT PRIMARY KEY,"
     "  sub TEXT NOT NULL REFERENCES auth_users (sub) ON DELETE CASCADE,"
     "  client_id TEXT NOT NULL,"
     "  origin_jti TEXT NOT NULL,"
     "  issued_at {{int64}} NOT NULL,"
     "  expires_at {{int64}} NOT NULL,"
     "  revoked_at {{int64}}) {{strict}};"
     "CREATE INDEX auth_refresh_tokens_sub ON auth_refresh_tokens (sub);"
     "CREATE TABLE auth_srp_sessions ("
     "  session_hash TEXT PRIMARY KEY,"
     "  sub TEXT NOT NULL REFERENCES auth_users (sub) ON DELETE CASCADE,"
     "  state TEXT NOT NULL,"
     "  expires_at {{int64}} NOT NULL) {{strict}};"
     "CREATE TABLE auth_api_keys ("
     "  id TEXT PRIMARY KEY,"
     "  api_key TEXT NOT NULL UNIQUE,"
     "  description TEXT NOT NULL,"
     "  created_at {{int64}} NOT NULL,"
     "  expires_at {{int64}} NOT NULL) {{strict}};"
     "CREATE INDEX auth_api_keys_expires_at ON auth_api_keys (expires_at);"},
}};

}  // namespace

std::span<const db::Migration> UserStoreMigrations() { return kMigrations; }

}  // namespace gloss::auth
