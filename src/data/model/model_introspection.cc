#include "data/model/model_introspection.h"

#include <algorithm>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/assert.h"
#include "core/result.h"
#include "data/graphql/ast.h"
#include "data/graphql/parser.h"

namespace gloss::data {
namespace {

using nlohmann::json;

// Extra key attributes per model name (see ImplicitHasManyKeys).
using KeysByModel = std::map<std::string, std::vector<json>>;

// {enum: E}, {model: M}, {nonModel: T}, or a scalar's own name.
json TypeRef(const DataModel& data, const std::string& name) {
  if (data.FindEnum(name) != nullptr) {
    return {{"enum", name}};
  }
  if (data.FindModel(name) != nullptr) {
    return {{"model", name}};
  }
  const bool non_model = std::any_of(data.non_models.begin(), data.non_models.end(),
                                     [&](const NonModelSpec& spec) { return spec.name == name; });
  return non_model ? json{{"nonModel", name}} : json(name);
}

// {name, isArray, type, isRequired[, isArrayNullable]}. For a list,
// isRequired is about the items and isArrayNullable about the list itself.
json Typed(const DataModel& data, const std::string& name, const std::string& type_name, bool list,
           bool required, bool item_required) {
  json out = {{"name", name},
              {"isArray", list},
              {"type", TypeRef(data, type_name)},
              {"isRequired", list ? item_required : required}};
  if (list) {
    out["isArrayNullable"] = !required;
  }
  return out;
}

json Typed(const DataModel& data, std::string_view name, const graphql::Type& type) {
  // Wrappers go from the named type outwards.
  const bool list = std::find(type.wrappers.begin(), type.wrappers.end(),
                              graphql::Type::Wrapper::kList) != type.wrappers.end();
  const bool item_required = list && type.wrappers.front() == graphql::Type::Wrapper::kNonNull;
  return Typed(data, std::string(name), std::string(type.name), list, type.non_null(),
               item_required);
}

json Field(const DataModel& data, const FieldSpec& field) {
  json out = Typed(data, field.name, field.type_name, field.list, field.required,
                   field.list_item_required);
  out["attributes"] = json::array();  // Field-level @auth is not described.
  return out;
}

json ModelField(const DataModel& data, const ModelSpec& model, const FieldSpec& field) {
  json out = Field(data, field);
  if (field.generated && field.read_only) {
    // createdAt/updatedAt added by @model: optional to the client.
    out["isRequired"] = false;
    out["isReadOnly"] = true;
  }
  if (field.name == "id" && model.primary_key.partition_key == "id") {
    out["isRequired"] = true;  // Also when the SDL declares `id: ID`.
  }
  switch (field.relation) {
    case RelationKind::kHasMany:
      out["association"] = {{"connectionType", "HAS_MANY"}, {"associatedWith", field.references}};
      break;
    case RelationKind::kHasOne:
      out["association"] = {{"connectionType", "HAS_ONE"},
                            {"associatedWith", field.references},
                            {"targetNames", json::array()}};
      break;
    case RelationKind::kBelongsTo:
      out["association"] = {{"connectionType", "BELONGS_TO"}, {"targetNames", field.references}};
      break;
    case RelationKind::kNone: break;
  }
  return out;
}

// Fields Amplify's generator does not list: owner fields (only the
// transformer adds them) and model-typed fields without a relationship
// directive (the generator drops them with a warning).
bool Listed(const FieldSpec& field) {
  const bool owner_field = field.generated && !field.read_only && field.name != "id";
  const bool unconnected = field.kind == FieldKind::kModel && field.relation == RelationKind::kNone;
  return !owner_field && !unconnected;
}

std::string ProviderName(AuthRule::Provider provider) {
  switch (provider) {
    case AuthRule::Provider::kUserPools: return "userPools";
    case AuthRule::Provider::kApiKey: return "apiKey";
    case AuthRule::Provider::kIam: return "iam";
    case AuthRule::Provider::kIdentityPool: return "identityPool";
    case AuthRule::Provider::kOidc: return "oidc";
    case AuthRule::Provider::kFunction: return "function";
  }
  GLOSS_BUG("unnamed AuthRule::Provider");
  return "";
}

std::string StrategyName(AuthRule::Strategy strategy) {
  switch (strategy) {
    case AuthRule::Strategy::kOwner: return "owner";
    case AuthRule::Strategy::kGroups: return "groups";
    case AuthRule::Strategy::kPrivate: return "private";
    case AuthRule::Strategy::kPublic: return "public";
    case AuthRule::Strategy::kCustom: return "custom";
  }
  GLOSS_BUG("unnamed AuthRule::Strategy");
  return "";
}

// The generator copies the SDL rule and adds defaults to owner and groups
// rules (process-auth.js in @aws-amplify/appsync-modelgen-plugin).
json AuthRuleJson(const AuthRule& rule) {
  using Provider = AuthRule::Provider;
  using Strategy = AuthRule::Strategy;
  json out = {{"allow", StrategyName(rule.strategy)}};
  // DataModel fills in a provider the SDL left out. Gen2's a.schema() leaves
  // it out only for authenticated() (userPools) and custom() (function).
  const bool unnamed_default =
      (rule.strategy == Strategy::kPrivate && rule.provider == Provider::kUserPools) ||
      (rule.strategy == Strategy::kCustom && rule.provider == Provider::kFunction);
  if (!unnamed_default) {
    out["provider"] = ProviderName(rule.provider);
  }
  if (rule.strategy == Strategy::kOwner) {
    out["ownerField"] = rule.owner_field;
    // The generator's default claim is "username", which it writes as
    // "cognito:username"; "sub::username" is DataModel's (the transformer's).
    const bool default_claim =
        rule.identity_claim == "username" || rule.identity_claim == "sub::username";
    out["identityClaim"] = default_claim ? "cognito:username" : rule.identity_claim;
  } else if (rule.strategy == Strategy::kGroups) {
    out["groupClaim"] = rule.group_claim;
    if (rule.groups.empty()) {
      out["groupField"] = "groups";  // Sic: the generator's default for dynamic groups.
    } else {
      out["groups"] = rule.groups;
    }
    if (!rule.groups_field.empty()) {
      out["groupsField"] = rule.groups_field;
    }
  }
  out["operations"] = rule.operations.empty() ? json::array({"create", "update", "delete", "read"})
                                              : json(rule.operations);
  return out;
}

json Key(json properties) { return {{"type", "key"}, {"properties", std::move(properties)}}; }

bool IsCustomPrimaryKey(const ModelSpec& model) {
  return model.primary_key.partition_key != "id" || !model.primary_key.sort_keys.empty();
}

// The generator gives a @hasMany's related model one more key, named
// "gsi-<Model>.<field>" on the reference fields, unless the first field of
// the related model that has this model's type is a @belongsTo: e.g. a
// self-referencing model whose `children` field comes before `parent`.
KeysByModel ImplicitHasManyKeys(const DataModel& data) {
  KeysByModel keys;
  for (const ModelSpec& model : data.models) {
    for (const FieldSpec& field : model.fields) {
      if (field.relation != RelationKind::kHasMany) {
        continue;
      }
      const ModelSpec* related = data.FindModel(field.type_name);
      if (related == nullptr) {
        continue;  // ExtractDataModel reports a relationship to a non-model.
      }
      const auto back = std::find_if(
          related->fields.begin(), related->fields.end(),
          [&](const FieldSpec& candidate) { return candidate.type_name == model.name; });
      if (back == related->fields.end() || back->relation != RelationKind::kBelongsTo) {
        keys[related->name].push_back(
            Key({{"name", "gsi-" + model.name + "." + field.name}, {"fields", field.references}}));
      }
    }
  }
  return keys;
}

// model, the primary key if custom, the indexes, implicit keys, then auth:
// the order the generator leaves its directive list in.
json ModelAttributes(const ModelSpec& model, const KeysByModel& implicit_keys) {
  json attributes = json::array();
  attributes.push_back(json{{"type", "model"}, {"properties", json::object()}});
  if (IsCustomPrimaryKey(model)) {
    attributes.push_back(Key({{"fields", model.KeyFields()}}));
  }
  for (const IndexSpec& index : model.indexes) {
    std::vector<std::string> fields = {index.partition_key};
    fields.insert(fields.end(), index.sort_keys.begin(), index.sort_keys.end());
    attributes.push_back(Key({{"name", index.name},
                              {"queryField", index.query_field ? json(*index.query_field) : json()},
                              {"fields", fields}}));
  }
  if (const auto keys = implicit_keys.find(model.name); keys != implicit_keys.end()) {
    for (const json& key : keys->second) {
      attributes.push_back(key);
    }
  }
  if (!model.auth.empty()) {
    json rules = json::array();
    for (const AuthRule& rule : model.auth) {
      rules.push_back(AuthRuleJson(rule));
    }
    attributes.push_back(json{{"type", "auth"}, {"properties", {{"rules", rules}}}});
  }
  return attributes;
}

json Model(const DataModel& data, const ModelSpec& model, const KeysByModel& implicit_keys) {
  json fields = json::object();
  for (const FieldSpec& field : model.fields) {
    if (Listed(field)) {
      fields[field.name] = ModelField(data, model, field);
    }
  }
  return {{"name", model.name},
          {"fields", fields},
          {"syncable", true},
          {"pluralName", model.plural},
          {"attributes", ModelAttributes(model, implicit_keys)},
          {"primaryKeyInfo",
           {{"isCustomPrimaryKey", IsCustomPrimaryKey(model)},
            {"primaryKeyFieldName", model.primary_key.partition_key},
            {"sortKeyFieldNames", model.primary_key.sort_keys}}}};
}

json Operation(const DataModel& data, const CustomOperation& operation) {
  // DataModel keeps the signature as SDL text: read it back as the one field
  // of a type.
  Result<graphql::Document> document = graphql::ParseSchema("type T { f" + operation.arguments_sdl +
                                                            ": " + operation.return_type + " }");
  GLOSS_CHECK(document.ok());  // ExtractDataModel printed both from parsed SDL.
  const graphql::FieldDefinition& field =
      std::get<graphql::TypeDefinition>(document->definitions().front().node).fields.front();
  json out = Typed(data, operation.name, field.type);
  if (!field.arguments.empty()) {
    json arguments = json::object();
    for (const graphql::InputValueDefinition& argument : field.arguments) {
      arguments[std::string(argument.name)] = Typed(data, argument.name, argument.type);
    }
    out["arguments"] = arguments;
  }
  return out;
}

}  // namespace

json ModelIntrospection(const DataModel& data) {
  const KeysByModel implicit_keys = ImplicitHasManyKeys(data);
  json models = json::object();
  for (const ModelSpec& model : data.models) {
    models[model.name] = Model(data, model, implicit_keys);
  }
  json enums = json::object();
  for (const EnumSpec& spec : data.enums) {
    enums[spec.name] = {{"name", spec.name}, {"values", spec.values}};
  }
  json non_models = json::object();
  for (const NonModelSpec& spec : data.non_models) {
    json fields = json::object();
    for (const FieldSpec& field : spec.fields) {
      fields[field.name] = Field(data, field);
    }
    non_models[spec.name] = {{"name", spec.name}, {"fields", fields}};
  }
  json out = {{"version", 1}, {"models", models}, {"enums", enums}, {"nonModels", non_models}};
  json queries = json::object();
  json mutations = json::object();
  for (const CustomOperation& operation : data.custom_operations) {
    json& target = operation.kind == CustomOperation::Kind::kQuery ? queries : mutations;
    target[operation.name] = Operation(data, operation);
  }
  if (!queries.empty()) {
    out["queries"] = queries;
  }
  if (!mutations.empty()) {
    out["mutations"] = mutations;
  }
  return out;
}

}  // namespace gloss::data
