// Loaders for [auth] and [data].

#include <algorithm>
#include <chrono>
#include <utility>

#include "config/internal/app_files.h"
#include "config/internal/naming_rules.h"
#include "config/internal/sections.h"

namespace gloss::config {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr std::string_view kDefaultSchemaFile = "data/schema.graphql";

std::optional<LoginAttribute> ParseLoginAttribute(std::string_view text) {
  if (text == "email") {
    return LoginAttribute::kEmail;
  }
  if (text == "phone") {
    return LoginAttribute::kPhone;
  }
  if (text == "username") {
    return LoginAttribute::kUsername;
  }
  return std::nullopt;
}

std::optional<AuthorizationMode> ParseAuthorizationMode(std::string_view text) {
  if (text == "userPool") {
    return AuthorizationMode::kUserPool;
  }
  if (text == "apiKey") {
    return AuthorizationMode::kApiKey;
  }
  if (text == "iam") {
    return AuthorizationMode::kIam;
  }
  return std::nullopt;
}

void LoadLoginWith(TableReader& reader, AuthSpec& auth) {
  const std::optional<std::vector<StringItem>> items = reader.Strings("loginWith");
  if (!items) {
    return;
  }
  if (items->empty()) {
    reader.ErrorAt("loginWith", *reader.Find("loginWith"),
                   "must list at least one of email, phone, username");
    return;
  }
  auth.login_with.clear();
  for (const StringItem& item : *items) {
    const std::optional<LoginAttribute> attribute = ParseLoginAttribute(item.value);
    if (!attribute) {
      reader.ErrorAt(
          "loginWith", *item.node,
          "unknown login attribute '" + item.value + "' (expected email, phone or username)");
    } else if (std::find(auth.login_with.begin(), auth.login_with.end(), *attribute) !=
               auth.login_with.end()) {
      reader.ErrorAt("loginWith", *item.node, "'" + item.value + "' is listed twice");
    } else {
      auth.login_with.push_back(*attribute);
    }
  }
}

void LoadGroups(TableReader& reader, AuthSpec& auth, LoadContext& context) {
  const std::optional<std::vector<StringItem>> items = reader.Strings("groups");
  if (!items) {
    return;
  }
  for (const StringItem& item : *items) {
    // Declared even when invalid, so storage rules naming it get no second error.
    const bool first = context.groups.insert(item.value).second;
    if (auto reason = CheckGroupName(item.value)) {
      reader.ErrorAt("groups", *item.node, "group name '" + item.value + "' " + *reason);
    } else if (!first) {
      reader.ErrorAt("groups", *item.node, "group '" + item.value + "' is listed twice");
    } else {
      auth.groups.push_back(item.value);
    }
  }
}

void LoadPasswordPolicy(const toml::table& table, std::string path, PasswordPolicy& policy,
                        Diagnostics& diagnostics) {
  TableReader reader(table, std::move(path),
                     {"minLength", "requireNumbers", "requireLowercase", "requireUppercase",
                      "requireSymbols", "temporaryPasswordValidity"},
                     diagnostics);
  policy.min_length =
      static_cast<uint32_t>(reader.Integer("minLength", 6, 99).value_or(policy.min_length));
  policy.require_numbers = reader.Bool("requireNumbers").value_or(policy.require_numbers);
  policy.require_lowercase = reader.Bool("requireLowercase").value_or(policy.require_lowercase);
  policy.require_uppercase = reader.Bool("requireUppercase").value_or(policy.require_uppercase);
  policy.require_symbols = reader.Bool("requireSymbols").value_or(policy.require_symbols);
  policy.temporary_password_validity =
      reader.Duration("temporaryPasswordValidity", days(1), days(365))
          .value_or(policy.temporary_password_validity);
}

}  // namespace

AuthSpec LoadAuth(const toml::table& table, LoadContext& context) {
  TableReader reader(table, "auth",
                     {"loginWith", "groups", "passwordPolicy", "idTokenValidity",
                      "accessTokenValidity", "refreshTokenValidity"},
                     context.diagnostics);
  AuthSpec auth;
  auth.where = reader.where();
  LoadLoginWith(reader, auth);
  LoadGroups(reader, auth, context);
  if (const toml::table* policy = reader.Table("passwordPolicy")) {
    LoadPasswordPolicy(*policy, reader.FieldPath("passwordPolicy"), auth.password_policy,
                       context.diagnostics);
  }
  // Cognito's limits for app client token validity.
  auth.id_token_validity =
      reader.Duration("idTokenValidity", minutes(5), days(1)).value_or(auth.id_token_validity);
  auth.access_token_validity = reader.Duration("accessTokenValidity", minutes(5), days(1))
                                   .value_or(auth.access_token_validity);
  auth.refresh_token_validity = reader.Duration("refreshTokenValidity", hours(1), days(3650))
                                    .value_or(auth.refresh_token_validity);
  return auth;
}

DataSpec LoadData(const toml::table& table, bool has_auth, LoadContext& context) {
  TableReader reader(table, "data", {"schema", "defaultAuthorizationMode", "apiKey"},
                     context.diagnostics);
  DataSpec data;
  data.where = reader.where();

  const toml::node* schema_node = reader.Find("schema");
  const std::optional<std::string> schema = reader.String("schema");
  if (schema_node == nullptr || schema) {  // A wrong type has been reported already.
    Result<std::filesystem::path> schema_file =
        ResolveAppFile(context.app_dir, schema.value_or(std::string(kDefaultSchemaFile)));
    if (schema_file.ok()) {
      data.schema_file = *schema_file;
    } else {
      context.diagnostics.Add(
          schema_node != nullptr ? context.diagnostics.Where(*schema_node) : reader.where(),
          reader.FieldPath("schema") + ": schema file " +
              std::string(schema_file.status().message()));
    }
  }

  if (const std::optional<StringItem> mode = reader.StringWithNode("defaultAuthorizationMode")) {
    if (const auto parsed = ParseAuthorizationMode(mode->value)) {
      data.default_authorization_mode = *parsed;
    } else {
      reader.ErrorAt("defaultAuthorizationMode", *mode->node,
                     "unknown mode '" + mode->value + "' (expected userPool, apiKey or iam)");
    }
  }
  if (data.default_authorization_mode == AuthorizationMode::kUserPool && !has_auth) {
    const toml::node* node = reader.Find("defaultAuthorizationMode");
    context.diagnostics.Add(
        node != nullptr ? context.diagnostics.Where(*node) : reader.where(),
        reader.FieldPath("defaultAuthorizationMode") + ": 'userPool' needs an [auth] section");
  }

  if (const toml::table* api_key = reader.Table("apiKey")) {
    TableReader api_key_reader(*api_key, reader.FieldPath("apiKey"), {"expiresInDays"},
                               context.diagnostics);
    ApiKeySpec spec;
    spec.expires_in_days = static_cast<uint32_t>(
        api_key_reader.Integer("expiresInDays", 1, 365).value_or(spec.expires_in_days));
    data.api_key = spec;
  } else if (data.default_authorization_mode == AuthorizationMode::kApiKey) {
    data.api_key = ApiKeySpec{};  // As Amplify: the default mode brings a key with defaults.
  }
  return data;
}

}  // namespace gloss::config
