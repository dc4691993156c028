#include "data/model/extract.h"

#include <algorithm>
#include <charconv>
#include <set>
#include <string_view>

#include "data/graphql/ast.h"
#include "data/graphql/parser.h"
#include "data/graphql/print.h"
#include "data/model/naming.h"

namespace gloss::data {
namespace {

using graphql::Directive;
using graphql::SourceLocation;
using graphql::TypeDefinition;
using graphql::ValueKind;

constexpr size_t kMaxErrors = 20;

constexpr std::string_view kScalars[] = {
    "ID",          "String",       "Int",      "Float",   "Boolean", "AWSDate",  "AWSTime",
    "AWSDateTime", "AWSTimestamp", "AWSEmail", "AWSJSON", "AWSURL",  "AWSPhone", "AWSIPAddress"};

bool IsScalar(std::string_view name) {
  return std::find(std::begin(kScalars), std::end(kScalars), name) != std::end(kScalars);
}

std::optional<AuthRule::Provider> ParseProvider(std::string_view name) {
  using Provider = AuthRule::Provider;
  constexpr std::pair<std::string_view, Provider> kProviders[] = {
      {"userPools", Provider::kUserPools},
      {"apiKey", Provider::kApiKey},
      {"iam", Provider::kIam},
      {"identityPool", Provider::kIdentityPool},
      {"oidc", Provider::kOidc},
      {"function", Provider::kFunction}};
  for (const auto& [known, provider] : kProviders) {
    if (name == known) {
      return provider;
    }
  }
  return std::nullopt;
}

bool IsRuleOperation(std::string_view name) {
  constexpr std::string_view kOperations[] = {"create", "read",   "update", "delete", "get",
                                              "list",   "listen", "sync",   "search"};
  return std::find(std::begin(kOperations), std::end(kOperations), name) != std::end(kOperations);
}

const graphql::Argument* FindArgument(const Directive& directive, std::string_view name) {
  for (const graphql::Argument& argument : directive.arguments) {
    if (argument.name == name) {
      return &argument;
    }
  }
  return nullptr;
}

const graphql::Value* FindObjectField(const graphql::Value& object, std::string_view name) {
  for (const graphql::ObjectField& field : object.fields) {
    if (field.name == name) {
      return &field.value;
    }
  }
  return nullptr;
}

class Extractor {
 public:
  explicit Extractor(const graphql::Document& document) : document_(document) {}

  Result<DataModel> Run() {
    CollectNames();
    for (const graphql::Definition& definition : document_.definitions()) {
      const auto* type = std::get_if<TypeDefinition>(&definition.node);
      if (type == nullptr) {
        Error({}, "only type, enum and input definitions are supported in the data schema");
        continue;
      }
      if (type->extension) {
        Error(type->loc, "extend is not supported in the data schema");
        continue;
      }
      switch (type->kind) {
        case graphql::TypeKind::kEnum: {
          EnumSpec spec{std::string(type->name), {}};
          for (const graphql::EnumValueDefinition& value : type->enum_values) {
            spec.values.emplace_back(value.name);
          }
          model_.enums.push_back(std::move(spec));
          break;
        }
        case graphql::TypeKind::kObject:
          if (type->name == "Query" || type->name == "Mutation") {
            CustomOperations(*type);
          } else if (type->name == "Subscription") {
            Error(type->loc, "custom subscriptions are not supported yet");
          } else if (models_.count(type->name) != 0) {
            Model(*type);
          } else {
            NonModel(*type);
          }
          break;
        default:
          Error(type->loc, "unsupported definition '" + std::string(type->name) +
                               "': use type, enum or non-model types");
      }
    }
    for (ModelSpec& model : model_.models) {
      CheckModel(model);
    }
    if (!errors_.empty()) {
      std::string message;
      for (size_t i = 0; i < errors_.size() && i < kMaxErrors; ++i) {
        message += (i == 0 ? "" : "\n") + errors_[i];
      }
      return Status::InvalidArgument(message);
    }
    return std::move(model_);
  }

 private:
  // "LINE:COL: message"; just the message where there is no position (checks
  // across models, which name the model and field instead).
  void Error(SourceLocation loc, std::string message) {
    errors_.push_back(loc.line == 0 ? std::move(message)
                                    : std::to_string(loc.line) + ":" + std::to_string(loc.column) +
                                          ": " + std::move(message));
  }

  void CollectNames() {
    for (const graphql::Definition& definition : document_.definitions()) {
      const auto* type = std::get_if<TypeDefinition>(&definition.node);
      if (type == nullptr) {
        continue;
      }
      if (type->kind == graphql::TypeKind::kEnum) {
        enums_.insert(type->name);
      } else if (type->kind == graphql::TypeKind::kObject) {
        const bool is_model =
            std::any_of(type->directives.begin(), type->directives.end(),
                        [](const Directive& directive) { return directive.name == "model"; });
        (is_model ? models_ : non_models_).insert(type->name);
      }
    }
  }

  // Fills kind, list and required flags of `field` from its declared type.
  bool FieldType(const graphql::FieldDefinition& definition, FieldSpec& field) {
    const graphql::Type& type = definition.type;
    field.type_name = std::string(type.name);
    field.required = type.non_null();
    size_t lists =
        std::count(type.wrappers.begin(), type.wrappers.end(), graphql::Type::Wrapper::kList);
    if (lists > 1) {
      Error(type.loc, "nested lists are not supported: " + field.name);
      return false;
    }
    field.list = lists == 1;
    field.list_item_required = field.list && !type.wrappers.empty() &&
                               type.wrappers.front() == graphql::Type::Wrapper::kNonNull;
    if (IsScalar(type.name)) {
      field.kind = FieldKind::kScalar;
    } else if (enums_.count(type.name) != 0) {
      field.kind = FieldKind::kEnum;
    } else if (models_.count(type.name) != 0) {
      field.kind = FieldKind::kModel;
    } else if (non_models_.count(type.name) != 0) {
      field.kind = FieldKind::kNonModel;
    } else {
      Error(type.loc, "Unknown type \"" + std::string(type.name) + "\" of field " + field.name);
      return false;
    }
    return true;
  }

  std::optional<std::vector<std::string>> StringList(const graphql::Value& value,
                                                     std::string_view what) {
    std::vector<std::string> out;
    if (value.kind == ValueKind::kString) {
      out.emplace_back(value.text);
      return out;
    }
    if (value.kind != ValueKind::kList) {
      Error(value.loc, std::string(what) + " must be a list of strings");
      return std::nullopt;
    }
    for (const graphql::Value& item : value.list) {
      if (item.kind != ValueKind::kString && item.kind != ValueKind::kEnum) {
        Error(item.loc, std::string(what) + " must be a list of strings");
        return std::nullopt;
      }
      out.emplace_back(item.text);
    }
    return out;
  }

  std::optional<std::string> StringArgument(const Directive& directive, std::string_view name) {
    const graphql::Argument* argument = FindArgument(directive, name);
    if (argument == nullptr || argument->value.kind == ValueKind::kNull) {
      return std::nullopt;
    }
    if (argument->value.kind != ValueKind::kString) {
      Error(argument->loc,
            "@" + std::string(directive.name) + "(" + std::string(name) + ") must be a string");
      return std::nullopt;
    }
    return std::string(argument->value.text);
  }

  std::vector<AuthRule> AuthRules(const Directive& directive) {
    std::vector<AuthRule> rules;
    const graphql::Argument* argument = FindArgument(directive, "rules");
    if (argument == nullptr || argument->value.kind != ValueKind::kList) {
      Error(directive.loc, "@auth needs rules: [...]");
      return rules;
    }
    for (const graphql::Value& item : argument->value.list) {
      if (item.kind != ValueKind::kObject) {
        Error(item.loc, "an @auth rule must be an object");
        continue;
      }
      AuthRule rule;
      const graphql::Value* allow = FindObjectField(item, "allow");
      const std::string_view strategy = allow != nullptr ? allow->text : "";
      if (strategy == "owner") {
        rule.strategy = AuthRule::Strategy::kOwner;
      } else if (strategy == "groups") {
        rule.strategy = AuthRule::Strategy::kGroups;
      } else if (strategy == "private") {
        rule.strategy = AuthRule::Strategy::kPrivate;
      } else if (strategy == "public") {
        rule.strategy = AuthRule::Strategy::kPublic;
        rule.provider = AuthRule::Provider::kApiKey;
      } else if (strategy == "custom") {
        rule.strategy = AuthRule::Strategy::kCustom;
        rule.provider = AuthRule::Provider::kFunction;
      } else {
        Error(item.loc, "@auth rule needs allow: owner, groups, private, public or custom");
        continue;
      }
      for (const graphql::ObjectField& field : item.fields) {
        const graphql::Value& value = field.value;
        if (field.name == "allow") {
          continue;
        }
        if (field.name == "provider") {
          if (const std::optional<AuthRule::Provider> provider = ParseProvider(value.text)) {
            rule.provider = *provider;
          } else {
            Error(value.loc, "unknown @auth provider " + std::string(value.text));
          }
        } else if (field.name == "ownerField") {
          rule.owner_field = std::string(value.text);
        } else if (field.name == "identityClaim") {
          rule.identity_claim = std::string(value.text);
        } else if (field.name == "groupClaim") {
          rule.group_claim = std::string(value.text);
        } else if (field.name == "groupsField") {
          rule.groups_field = std::string(value.text);
        } else if (field.name == "groups") {
          if (auto groups = StringList(value, "groups")) {
            rule.groups = std::move(*groups);
          }
        } else if (field.name == "operations") {
          if (auto operations = StringList(value, "operations")) {
            for (const std::string& operation : *operations) {
              if (!IsRuleOperation(operation)) {
                Error(value.loc, "unknown @auth operation " + operation);
              }
            }
            rule.operations = std::move(*operations);
          }
        } else {
          Error(field.loc, "unknown @auth rule field " + std::string(field.name));
        }
      }
      if (rule.strategy == AuthRule::Strategy::kGroups && rule.groups.empty() &&
          rule.groups_field.empty()) {
        Error(item.loc, "a groups rule needs groups: [...] or groupsField");
      }
      rules.push_back(std::move(rule));
    }
    return rules;
  }

  std::optional<nlohmann::json> DefaultValue(const Directive& directive, const FieldSpec& field) {
    const graphql::Argument* argument = FindArgument(directive, "value");
    if (argument == nullptr || argument->value.kind != ValueKind::kString) {
      Error(directive.loc, "@default needs value: \"...\" (a string)");
      return std::nullopt;
    }
    const std::string_view text = argument->value.text;
    if (field.list || field.kind == FieldKind::kModel || field.kind == FieldKind::kNonModel) {
      Error(directive.loc, "@default is only for scalar and enum fields: " + field.name);
      return std::nullopt;
    }
    if (field.type_name == "Int" || field.type_name == "AWSTimestamp") {
      int64_t number = 0;
      const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
      if (error != std::errc() || end != text.data() + text.size()) {
        Error(argument->loc, "@default value is not an Int: " + std::string(text));
        return std::nullopt;
      }
      return nlohmann::json(number);
    }
    if (field.type_name == "Float") {
      nlohmann::json parsed = nlohmann::json::parse(text, nullptr, false);
      if (!parsed.is_number()) {
        Error(argument->loc, "@default value is not a Float: " + std::string(text));
        return std::nullopt;
      }
      return nlohmann::json(parsed.get<double>());
    }
    if (field.type_name == "Boolean") {
      if (text != "true" && text != "false") {
        Error(argument->loc, "@default value is not a Boolean: " + std::string(text));
        return std::nullopt;
      }
      return nlohmann::json(text == "true");
    }
    if (field.kind == FieldKind::kEnum) {
      const std::string enum_name = field.type_name;
      for (const graphql::Definition& definition : document_.definitions()) {
        const auto* type = std::get_if<TypeDefinition>(&definition.node);
        if (type != nullptr && type->name == enum_name) {
          const bool known = std::any_of(
              type->enum_values.begin(), type->enum_values.end(),
              [&](const graphql::EnumValueDefinition& value) { return value.name == text; });
          if (!known) {
            Error(argument->loc,
                  "@default value " + std::string(text) + " is not a value of " + enum_name);
            return std::nullopt;
          }
        }
      }
    }
    return nlohmann::json(std::string(text));
  }

  FieldSpec Field(const graphql::FieldDefinition& definition, ModelSpec* model) {
    FieldSpec field;
    field.name = std::string(definition.name);
    if (!FieldType(definition, field)) {
      return field;
    }
    for (const Directive& directive : definition.directives) {
      const std::string_view name = directive.name;
      if (name == "default") {
        field.default_value = DefaultValue(directive, field);
      } else if (name == "auth") {
        field.auth = AuthRules(directive);
        field.has_field_auth = true;
      } else if (model != nullptr &&
                 (name == "hasMany" || name == "hasOne" || name == "belongsTo")) {
        field.relation = name == "hasMany"  ? RelationKind::kHasMany
                         : name == "hasOne" ? RelationKind::kHasOne
                                            : RelationKind::kBelongsTo;
        const graphql::Argument* references = FindArgument(directive, "references");
        if (references == nullptr) {
          Error(directive.loc, "@" + std::string(name) + " needs references: [...] (Gen2 style)");
        } else if (auto list = StringList(references->value, "references")) {
          field.references = std::move(*list);
        }
        if (field.kind != FieldKind::kModel) {
          Error(directive.loc, "@" + std::string(name) + " must be on a field of a model type");
        } else if ((field.relation == RelationKind::kHasMany) != field.list) {
          Error(directive.loc, field.relation == RelationKind::kHasMany
                                   ? "@hasMany must be on a list field"
                                   : "@" + std::string(name) + " must not be on a list field");
        }
      } else if (model != nullptr && name == "primaryKey") {
        if (!model->primary_key.partition_key.empty()) {
          Error(directive.loc, "only one @primaryKey per model");
        }
        model->primary_key.partition_key = field.name;
        if (const graphql::Argument* sort = FindArgument(directive, "sortKeyFields")) {
          if (auto list = StringList(sort->value, "sortKeyFields")) {
            model->primary_key.sort_keys = std::move(*list);
          }
        }
      } else if (model != nullptr && name == "index") {
        IndexSpec index;
        index.partition_key = field.name;
        if (auto index_name = StringArgument(directive, "name")) {
          index.name = *index_name;
        }
        if (const graphql::Argument* sort = FindArgument(directive, "sortKeyFields")) {
          if (auto list = StringList(sort->value, "sortKeyFields")) {
            index.sort_keys = std::move(*list);
          }
        }
        const graphql::Argument* query = FindArgument(directive, "queryField");
        if (query == nullptr) {
          // enableAutoIndexQueryNames: "imagesByProjectIdAndCreatedAt".
          std::string auto_name =
              LowerFirst(Pluralize(model->name)) + "By" + Capitalize(field.name);
          for (const std::string& sort_key : index.sort_keys) {
            auto_name += "And" + Capitalize(sort_key);
          }
          index.query_field = auto_name;
        } else if (query->value.kind == ValueKind::kString) {
          index.query_field = std::string(query->value.text);
        } else if (query->value.kind != ValueKind::kNull) {
          Error(query->loc, "@index(queryField) must be a string or null");
        }
        if (index.name.empty()) {
          index.name = LowerFirst(Pluralize(model->name)) + "By" + Capitalize(field.name);
          for (const std::string& sort_key : index.sort_keys) {
            index.name += "And" + Capitalize(sort_key);
          }
        }
        model->indexes.push_back(std::move(index));
      } else {
        Error(directive.loc,
              "unsupported directive @" + std::string(name) + " on field " + field.name);
      }
    }
    return field;
  }

  void Model(const TypeDefinition& type) {
    ModelSpec model;
    model.name = std::string(type.name);
    model.plural = Pluralize(model.name);
    for (const Directive& directive : type.directives) {
      if (directive.name == "auth") {
        model.auth = AuthRules(directive);
      } else if (directive.name != "model") {
        Error(directive.loc,
              "unsupported directive @" + std::string(directive.name) + " on model " + model.name);
      }
    }
    std::set<std::string> seen;
    for (const graphql::FieldDefinition& definition : type.fields) {
      if (!seen.insert(std::string(definition.name)).second) {
        Error(definition.loc, "duplicate field " + std::string(definition.name));
        continue;
      }
      model.fields.push_back(Field(definition, &model));
    }
    // What the transformer adds.
    if (model.primary_key.partition_key.empty()) {
      model.primary_key.partition_key = "id";
      if (model.FindField("id") == nullptr) {
        FieldSpec id;
        id.name = "id";
        id.type_name = "ID";
        id.required = true;
        id.generated = true;
        model.fields.insert(model.fields.begin(), std::move(id));
      }
    }
    for (const char* timestamp : {"createdAt", "updatedAt"}) {
      if (model.FindField(timestamp) == nullptr) {
        FieldSpec field;
        field.name = timestamp;
        field.type_name = "AWSDateTime";
        field.required = true;
        field.generated = true;
        field.read_only = true;
        model.fields.push_back(std::move(field));
      }
    }
    for (const AuthRule& rule : model.auth) {
      if (rule.strategy == AuthRule::Strategy::kOwner &&
          model.FindField(rule.owner_field) == nullptr) {
        FieldSpec owner;
        owner.name = rule.owner_field;
        owner.type_name = "String";
        owner.generated = true;
        model.fields.push_back(std::move(owner));
      }
    }
    model_.models.push_back(std::move(model));
  }

  void NonModel(const TypeDefinition& type) {
    NonModelSpec spec;
    spec.name = std::string(type.name);
    for (const Directive& directive : type.directives) {
      if (directive.name.starts_with("aws_") && directive.arguments.empty()) {
        spec.appsync_directives.emplace_back(directive.name);
      } else {
        Error(directive.loc,
              "unsupported directive @" + std::string(directive.name) + " on type " + spec.name);
      }
    }
    for (const graphql::FieldDefinition& definition : type.fields) {
      FieldSpec field = Field(definition, nullptr);
      if (field.kind == FieldKind::kModel) {
        Error(definition.loc, "a non-model type cannot refer to a model: " + field.name);
      }
      spec.fields.push_back(std::move(field));
    }
    model_.non_models.push_back(std::move(spec));
  }

  void CustomOperations(const TypeDefinition& type) {
    for (const graphql::FieldDefinition& definition : type.fields) {
      CustomOperation operation;
      operation.kind =
          type.name == "Query" ? CustomOperation::Kind::kQuery : CustomOperation::Kind::kMutation;
      operation.name = std::string(definition.name);
      operation.return_type = graphql::PrintType(definition.type);
      if (!definition.arguments.empty()) {
        operation.arguments_sdl = "(";
        for (size_t i = 0; i < definition.arguments.size(); ++i) {
          const graphql::InputValueDefinition& argument = definition.arguments[i];
          operation.arguments_sdl += (i == 0 ? "" : ", ") + std::string(argument.name) + ": " +
                                     graphql::PrintType(argument.type);
          if (argument.default_value) {
            operation.arguments_sdl += " = " + graphql::PrintValue(*argument.default_value);
          }
        }
        operation.arguments_sdl += ")";
      }
      for (const Directive& directive : definition.directives) {
        if (directive.name == "function") {
          if (auto name = StringArgument(directive, "name")) {
            operation.function_name = *name;
          } else {
            Error(directive.loc, "@function needs name: \"...\"");
          }
        } else if (directive.name == "auth") {
          operation.auth = AuthRules(directive);
        } else {
          Error(directive.loc,
                "unsupported directive @" + std::string(directive.name) + " on " + operation.name);
        }
      }
      if (operation.function_name.empty()) {
        Error(definition.loc,
              "custom operation " + operation.name + " needs a handler: @function(name: \"...\")");
      }
      model_.custom_operations.push_back(std::move(operation));
    }
  }

  // Checks that need every model: keys, indexes and relationship references.
  void CheckModel(const ModelSpec& model) {
    auto check_key_field = [&](std::string_view name, std::string_view what) {
      const FieldSpec* field = model.FindField(name);
      if (field == nullptr) {
        Error({}, model.name + ": " + std::string(what) + " field " + std::string(name) +
                      " does not exist");
      } else if (field->list ||
                 (field->kind != FieldKind::kScalar && field->kind != FieldKind::kEnum)) {
        Error({}, model.name + ": " + std::string(what) + " field " + std::string(name) +
                      " must be a scalar or enum");
      }
    };
    for (const std::string& key : model.KeyFields()) {
      check_key_field(key, "primary key");
    }
    for (const IndexSpec& index : model.indexes) {
      for (const std::string& sort_key : index.sort_keys) {
        check_key_field(sort_key, "index " + index.name + " sort key");
      }
    }
    for (const FieldSpec& field : model.fields) {
      if (field.relation == RelationKind::kNone) {
        continue;
      }
      const ModelSpec* related = model_.FindModel(field.type_name);
      if (related == nullptr) {
        continue;  // Reported as an unknown or non-model type already.
      }
      // hasMany/hasOne: the references are fields of the related model that
      // hold this model's key; belongsTo: fields of this model.
      const ModelSpec& holder = field.relation == RelationKind::kBelongsTo ? model : *related;
      const ModelSpec& keyed = field.relation == RelationKind::kBelongsTo ? *related : model;
      if (field.references.size() != keyed.KeyFields().size()) {
        Error({}, model.name + "." + field.name + ": references must name " +
                      std::to_string(keyed.KeyFields().size()) +
                      " field(s), one per key field of " + keyed.name);
      }
      for (const std::string& reference : field.references) {
        if (holder.FindField(reference) == nullptr) {
          Error({}, model.name + "." + field.name + ": reference field " + reference +
                        " does not exist on " + holder.name);
        }
      }
    }
  }

  const graphql::Document& document_;
  std::set<std::string_view> enums_;
  std::set<std::string_view> models_;
  std::set<std::string_view> non_models_;
  DataModel model_;
  std::vector<std::string> errors_;
};

}  // namespace

Result<DataModel> ExtractDataModel(std::string sdl) {
  ASSIGN_OR_RETURN(const graphql::Document document, graphql::ParseSchema(std::move(sdl)));
  return Extractor(document).Run();
}

}  // namespace gloss::data
