// DataModel is what an Amplify-style data schema (data/schema.graphql, the
// GraphQL transformer v2 directives) declares: enums, non-model types, @model
// types with their fields, keys, secondary indexes, relationships, defaults and
// @auth rules, and custom queries/mutations backed by @function. It is the one
// description the schema generator, the resolvers, the storage layout and the
// authorization checks all read; ExtractDataModel builds it from the SDL.
//
// What it is not: the generated AppSync schema (schema_generator.h prints
// that), nor any stored data.
//
// Thread safety: plain values.

#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace gloss::data {

// What a field's named type is.
enum class FieldKind {
  kScalar,    // ID String Int Float Boolean or an AppSync scalar (AWSDateTime, ...).
  kEnum,      // A declared enum.
  kNonModel,  // A declared non-model object type (stored embedded, as JSON).
  kModel,     // Another @model type: a relationship field, never stored.
};

enum class RelationKind { kNone, kHasMany, kHasOne, kBelongsTo };

// One @auth rule, as the transformer reads it.
struct AuthRule {
  enum class Strategy { kOwner, kGroups, kPrivate, kPublic, kCustom };
  enum class Provider { kUserPools, kApiKey, kIam, kIdentityPool, kOidc, kFunction };
  Strategy strategy = Strategy::kOwner;
  Provider provider = Provider::kUserPools;
  std::string owner_field = "owner";             // kOwner.
  std::string identity_claim = "sub::username";  // kOwner (Gen2 default).
  std::string group_claim = "cognito:groups";    // kGroups.
  std::vector<std::string> groups;               // Static groups (kGroups).
  std::string groups_field;                      // Dynamic groups (kGroups), else empty.
  // Empty: every operation. Else of create, read, update, delete, get, list,
  // listen, sync, search ("read" = get + list + listen + sync + search).
  std::vector<std::string> operations;

  // True if the rule grants `operation` (create, update, delete, get, list, listen, ...).
  bool Allows(std::string_view operation) const;
};

// A field of a model or non-model type.
struct FieldSpec {
  std::string name;
  std::string type_name;  // The named type: "String", "ImageStatus", "Image".
  FieldKind kind = FieldKind::kScalar;
  bool required = false;                        // Outermost non-null.
  bool list = false;                            // A list type.
  bool list_item_required = false;              // [T!].
  std::optional<nlohmann::json> default_value;  // @default(value:), typed.
  RelationKind relation = RelationKind::kNone;
  std::vector<std::string> references;  // @hasMany/@hasOne/@belongsTo(references:).
  std::vector<AuthRule> auth;           // Field-level @auth; empty: the model's rules.
  bool has_field_auth = false;
  bool generated = false;  // Added by the transformer (id, createdAt, updatedAt, owner).
  bool read_only = false;  // createdAt/updatedAt: set by the server.
};

// A secondary index (@index) or the primary key (@primaryKey).
struct IndexSpec {
  std::string name;                        // "byProject"; empty for the primary key.
  std::string partition_key;               // The field holding the hash key.
  std::vector<std::string> sort_keys;      // sortKeyFields, in order.
  std::optional<std::string> query_field;  // The generated query, if any.
};

struct ModelSpec {
  std::string name;               // "Image".
  std::string plural;             // "Images" (pluralize).
  std::vector<FieldSpec> fields;  // Declared order, then generated fields.
  IndexSpec primary_key;          // partition "id" unless @primaryKey.
  std::vector<IndexSpec> indexes;
  std::vector<AuthRule> auth;  // Model-level @auth.
  bool timestamps = true;      // createdAt/updatedAt maintained by the server.

  const FieldSpec* FindField(std::string_view name) const;
  // The primary key's fields: partition key then sort keys.
  std::vector<std::string> KeyFields() const;
};

struct EnumSpec {
  std::string name;
  std::vector<std::string> values;
};

struct NonModelSpec {
  std::string name;
  std::vector<FieldSpec> fields;
  // AppSync auth directives declared on the type ("aws_api_key", ...).
  std::vector<std::string> appsync_directives;
};

// A custom query or mutation (type Query/Mutation fields in the user SDL).
struct CustomOperation {
  enum class Kind { kQuery, kMutation };
  Kind kind = Kind::kQuery;
  std::string name;
  std::string arguments_sdl;  // "(imageId: ID!, provider: String)" as printed, or "".
  std::string return_type;    // "AWSJSON", "[Image]", "Image!".
  std::string function_name;  // @function(name:); empty if none.
  std::vector<AuthRule> auth;
};

struct DataModel {
  std::vector<EnumSpec> enums;
  std::vector<NonModelSpec> non_models;
  std::vector<ModelSpec> models;
  std::vector<CustomOperation> custom_operations;

  const ModelSpec* FindModel(std::string_view name) const;
  const EnumSpec* FindEnum(std::string_view name) const;
};

}  // namespace gloss::data
