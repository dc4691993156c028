#include "data/model/schema_generator.h"

#include <algorithm>
#include <set>
#include <string_view>
#include <vector>

#include "data/model/naming.h"

namespace gloss::data {
namespace {

constexpr std::string_view kAppSyncBuiltins = R"(scalar AWSDate
scalar AWSTime
scalar AWSDateTime
scalar AWSTimestamp
scalar AWSEmail
scalar AWSJSON
scalar AWSURL
scalar AWSPhone
scalar AWSIPAddress

directive @aws_subscribe(mutations: [String]) on FIELD_DEFINITION
directive @aws_api_key on FIELD_DEFINITION | OBJECT
directive @aws_iam on FIELD_DEFINITION | OBJECT
directive @aws_cognito_user_pools(cognito_groups: [String]) on FIELD_DEFINITION | OBJECT
directive @aws_oidc on FIELD_DEFINITION | OBJECT
directive @aws_lambda on FIELD_DEFINITION | OBJECT

)";

// The filter inputs every schema with a model has, in the transformer's order.
constexpr std::string_view kCommonInputs = R"(input AmplifyAIConversationTurnErrorInput {
  errorType: String!
  message: String!
}

input ModelStringInput {
  ne: String
  eq: String
  le: String
  lt: String
  ge: String
  gt: String
  contains: String
  notContains: String
  between: [String]
  beginsWith: String
  attributeExists: Boolean
  attributeType: ModelAttributeTypes
  size: ModelSizeInput
}

input ModelIntInput {
  ne: Int
  eq: Int
  le: Int
  lt: Int
  ge: Int
  gt: Int
  between: [Int]
  attributeExists: Boolean
  attributeType: ModelAttributeTypes
}

input ModelFloatInput {
  ne: Float
  eq: Float
  le: Float
  lt: Float
  ge: Float
  gt: Float
  between: [Float]
  attributeExists: Boolean
  attributeType: ModelAttributeTypes
}

input ModelBooleanInput {
  ne: Boolean
  eq: Boolean
  attributeExists: Boolean
  attributeType: ModelAttributeTypes
}

input ModelIDInput {
  ne: ID
  eq: ID
  le: ID
  lt: ID
  ge: ID
  gt: ID
  contains: ID
  notContains: ID
  between: [ID]
  beginsWith: ID
  attributeExists: Boolean
  attributeType: ModelAttributeTypes
  size: ModelSizeInput
}

input ModelSubscriptionStringInput {
  ne: String
  eq: String
  le: String
  lt: String
  ge: String
  gt: String
  contains: String
  notContains: String
  between: [String]
  beginsWith: String
  in: [String]
  notIn: [String]
}

input ModelSubscriptionIntInput {
  ne: Int
  eq: Int
  le: Int
  lt: Int
  ge: Int
  gt: Int
  between: [Int]
  in: [Int]
  notIn: [Int]
}

input ModelSubscriptionFloatInput {
  ne: Float
  eq: Float
  le: Float
  lt: Float
  ge: Float
  gt: Float
  between: [Float]
  in: [Float]
  notIn: [Float]
}

input ModelSubscriptionBooleanInput {
  ne: Boolean
  eq: Boolean
}

input ModelSubscriptionIDInput {
  ne: ID
  eq: ID
  le: ID
  lt: ID
  ge: ID
  gt: ID
  contains: ID
  notContains: ID
  between: [ID]
  beginsWith: ID
  in: [ID]
  notIn: [ID]
}

enum ModelAttributeTypes {
  binary
  binarySet
  bool
  list
  map
  number
  numberSet
  string
  stringSet
  _null
}

input ModelSizeInput {
  ne: Int
  eq: Int
  le: Int
  lt: Int
  ge: Int
  gt: Int
  between: [Int]
}

enum ModelSortDirection {
  ASC
  DESC
}

)";

// The auth modes AppSync checks, printed in the transformer's order.
struct Providers {
  bool api_key = false;
  bool iam = true;  // Gen2 always grants IAM (functions, the admin role).
  bool user_pools = false;
  bool oidc = false;
  bool lambda = false;

  void Add(AuthRule::Provider provider) {
    switch (provider) {
      case AuthRule::Provider::kUserPools: user_pools = true; break;
      case AuthRule::Provider::kApiKey: api_key = true; break;
      case AuthRule::Provider::kIam:
      case AuthRule::Provider::kIdentityPool: iam = true; break;
      case AuthRule::Provider::kOidc: oidc = true; break;
      case AuthRule::Provider::kFunction: lambda = true; break;
    }
  }
  void Merge(const Providers& other) {
    api_key |= other.api_key;
    iam |= other.iam;
    user_pools |= other.user_pools;
    oidc |= other.oidc;
    lambda |= other.lambda;
  }
  std::string Directives() const {
    std::string out;
    out += api_key ? " @aws_api_key" : "";
    out += iam ? " @aws_iam" : "";
    out += user_pools ? " @aws_cognito_user_pools" : "";
    out += oidc ? " @aws_oidc" : "";
    out += lambda ? " @aws_lambda" : "";
    return out;
  }
};

// Providers of the rules that grant any of `operations` (all rules if empty).
Providers ProvidersFor(const std::vector<AuthRule>& rules,
                       std::initializer_list<std::string_view> operations) {
  Providers providers;
  for (const AuthRule& rule : rules) {
    const bool grants =
        operations.size() == 0 || std::any_of(operations.begin(), operations.end(),
                                              [&](std::string_view op) { return rule.Allows(op); });
    if (grants) {
      providers.Add(rule.provider);
    }
  }
  return providers;
}

// "T", "T!", "[T]", "[T!]!" for `field` with named type `name`.
std::string TypeRef(const FieldSpec& field, std::string_view name, bool required) {
  std::string type(name);
  if (field.list) {
    type = "[" + type + (field.list_item_required ? "!" : "") + "]";
  }
  return required ? type + "!" : type;
}

bool IsStored(const FieldSpec& field) { return field.kind != FieldKind::kModel; }

// The base scalar a key condition compares as.
std::string KeyBase(const FieldSpec& field) {
  if (field.type_name == "ID") {
    return "ID";
  }
  if (field.type_name == "Int" || field.type_name == "AWSTimestamp") {
    return "Int";
  }
  if (field.type_name == "Float") {
    return "Float";
  }
  return "String";
}

class Generator {
 public:
  Generator(const DataModel& model, const GeneratorOptions& options)
      : model_(model), options_(options) {}

  std::string Run() {
    std::string out;
    if (options_.declare_appsync_builtins) {
      out += kAppSyncBuiltins;
    }
    for (const EnumSpec& spec : model_.enums) {
      out += "enum " + spec.name + " {\n";
      for (const std::string& value : spec.values) {
        out += "  " + value + "\n";
      }
      out += "}\n\n";
    }
    for (const ModelSpec& model : model_.models) {
      out += ModelType(model);
    }
    for (const NonModelSpec& spec : model_.non_models) {
      out += NonModelType(spec);
    }
    out += kCommonInputs;  // The transformer prints them even without models.
    for (const NonModelSpec& spec : model_.non_models) {
      out += NonModelInput(spec);
    }
    for (const ModelSpec& model : model_.models) {
      out += ModelInputs(model);
    }
    for (const std::string& block : key_inputs_) {
      out += block;
    }
    for (const CustomOperation& operation : model_.custom_operations) {
      Providers providers = ProvidersFor(operation.auth, {});
      std::string line = "  " + operation.name + operation.arguments_sdl + ": " +
                         operation.return_type + providers.Directives() + "\n";
      if (operation.kind == CustomOperation::Kind::kQuery) {
        query_ += line;
        custom_query_ = true;
      } else {
        mutation_ += line;
        custom_mutation_ = true;
      }
    }
    out += RootType("Query", query_, custom_query_);
    out += RootType("Mutation", mutation_, custom_mutation_);
    out += RootType("Subscription", subscription_, false);
    return out;
  }

 private:
  static std::string RootType(std::string_view name, const std::string& fields, bool custom) {
    if (fields.empty()) {
      return "";
    }
    return "type " + std::string(name) + (custom ? " @aws_iam" : "") + " {\n" + fields + "}\n\n";
  }

  std::string ModelType(const ModelSpec& model) {
    std::string out = "type " + model.name + ProvidersFor(model.auth, {}).Directives() + " {\n";
    for (const FieldSpec& field : model.fields) {
      if (field.relation == RelationKind::kHasMany) {
        out += "  " + field.name + "(filter: Model" + field.type_name +
               "FilterInput, sortDirection: ModelSortDirection, limit: Int, nextToken: String): "
               "Model" +
               field.type_name + "Connection\n";
      } else {
        out += "  " + field.name + ": " + TypeRef(field, field.type_name, field.required) + "\n";
      }
    }
    return out + "}\n\n";
  }

  // Providers of the models that store a non-model type, directly or nested.
  Providers NonModelProviders(const NonModelSpec& spec) {
    Providers providers;
    for (const std::string& directive : spec.appsync_directives) {
      providers.api_key |= directive == "aws_api_key";
      providers.user_pools |= directive == "aws_cognito_user_pools";
      providers.oidc |= directive == "aws_oidc";
      providers.lambda |= directive == "aws_lambda";
    }
    for (const ModelSpec& model : model_.models) {
      if (Uses(model.fields, spec.name, 0)) {
        providers.Merge(ProvidersFor(model.auth, {}));
      }
    }
    return providers;
  }

  bool Uses(const std::vector<FieldSpec>& fields, std::string_view type_name, int depth) {
    if (depth > 16) {
      return false;  // Non-model types may refer to each other; no cycles in practice.
    }
    for (const FieldSpec& field : fields) {
      if (field.kind != FieldKind::kNonModel) {
        continue;
      }
      if (field.type_name == type_name) {
        return true;
      }
      for (const NonModelSpec& nested : model_.non_models) {
        if (nested.name == field.type_name && Uses(nested.fields, type_name, depth + 1)) {
          return true;
        }
      }
    }
    return false;
  }

  std::string NonModelType(const NonModelSpec& spec) {
    std::string out = "type " + spec.name + NonModelProviders(spec).Directives() + " {\n";
    for (const FieldSpec& field : spec.fields) {
      out += "  " + field.name + ": " + TypeRef(field, field.type_name, field.required) + "\n";
    }
    return out + "}\n\n";
  }

  std::string NonModelInput(const NonModelSpec& spec) {
    bool used = false;
    for (const ModelSpec& model : model_.models) {
      used = used || Uses(model.fields, spec.name, 0);
    }
    if (!used) {
      return "";
    }
    std::string out = "input " + spec.name + "Input {\n";
    for (const FieldSpec& field : spec.fields) {
      out += "  " + field.name + ": " + InputTypeRef(field, field.required) + "\n";
    }
    return out + "}\n\n";
  }

  // A field's type in Create/Update inputs: non-model types become <T>Input.
  static std::string InputTypeRef(const FieldSpec& field, bool required) {
    const std::string name =
        field.kind == FieldKind::kNonModel ? field.type_name + "Input" : field.type_name;
    return TypeRef(field, name, required);
  }

  // The filter input for a field, or "" when the field cannot be filtered.
  std::string FilterType(const FieldSpec& field, bool subscription) {
    if (field.kind == FieldKind::kModel || field.kind == FieldKind::kNonModel) {
      return "";
    }
    if (field.kind == FieldKind::kEnum) {
      if (subscription) {
        return "ModelSubscriptionStringInput";
      }
      const std::string name = "Model" + field.type_name + (field.list ? "ListInput" : "Input");
      if (defined_.insert(name).second) {
        pending_ += "input " + name + " {\n";
        if (field.list) {
          pending_ += "  eq: [" + field.type_name + "]\n  ne: [" + field.type_name +
                      "]\n  contains: " + field.type_name + "\n  notContains: " + field.type_name +
                      "\n";
        } else {
          pending_ += "  eq: " + field.type_name + "\n  ne: " + field.type_name + "\n";
        }
        pending_ += "}\n\n";
      }
      return name;
    }
    const std::string prefix = subscription ? "ModelSubscription" : "Model";
    if (field.type_name == "ID") {
      return prefix + "IDInput";
    }
    if (field.type_name == "Int" || field.type_name == "AWSTimestamp") {
      return prefix + "IntInput";
    }
    if (field.type_name == "Float") {
      return prefix + "FloatInput";
    }
    if (field.type_name == "Boolean") {
      return prefix + "BooleanInput";
    }
    return prefix + "StringInput";
  }

  // Fields that owner rules name (owner: String by default): the auth
  // transformer gives them plain string filters.
  static bool IsOwnerField(const ModelSpec& model, const FieldSpec& field) {
    return std::any_of(model.auth.begin(), model.auth.end(), [&](const AuthRule& rule) {
      return rule.strategy == AuthRule::Strategy::kOwner && rule.owner_field == field.name;
    });
  }

  // Fields that dynamic group rules name: left out of subscription filters.
  static bool IsGroupsField(const ModelSpec& model, const FieldSpec& field) {
    return std::any_of(model.auth.begin(), model.auth.end(), [&](const AuthRule& rule) {
      return rule.strategy == AuthRule::Strategy::kGroups && rule.groups_field == field.name;
    });
  }

  std::string ModelInputs(const ModelSpec& model) {
    const std::string& m = model.name;
    const std::vector<std::string> keys = model.KeyFields();
    auto is_key = [&](const std::string& name) {
      return std::find(keys.begin(), keys.end(), name) != keys.end();
    };
    std::string out = "type Model" + m + "Connection" + ProvidersFor(model.auth, {}).Directives() +
                      " {\n  items: [" + m + "]!\n  nextToken: String\n}\n\n";

    std::string filter = "input Model" + m + "FilterInput {\n";
    std::string condition = "input Model" + m + "ConditionInput {\n";
    std::string subscription = "input ModelSubscription" + m + "FilterInput {\n";
    if (model.FindField("id") == nullptr) {
      // Filters name `id` even when a custom primary key replaces it.
      filter += "  id: ModelIDInput\n";
      subscription += "  id: ModelSubscriptionIDInput\n";
    }
    for (const FieldSpec& field : model.fields) {
      const std::string type = FilterType(field, false);
      if (type.empty()) {
        continue;
      }
      if (IsOwnerField(model, field)) {
        filter += "  " + field.name + ": ModelStringInput\n";
        condition += "  " + field.name + ": ModelStringInput\n";
        subscription += "  " + field.name + ": ModelStringInput\n";
        continue;
      }
      filter += "  " + field.name + ": " + type + "\n";
      if (!is_key(field.name)) {
        condition += "  " + field.name + ": " + type + "\n";
      }
      if (!IsGroupsField(model, field)) {
        subscription += "  " + field.name + ": " + FilterType(field, true) + "\n";
      }
    }
    filter += "  and: [Model" + m + "FilterInput]\n  or: [Model" + m +
              "FilterInput]\n  not: Model" + m + "FilterInput\n}\n\n";
    condition += "  and: [Model" + m + "ConditionInput]\n  or: [Model" + m +
                 "ConditionInput]\n  not: Model" + m + "ConditionInput\n}\n\n";
    subscription += "  and: [ModelSubscription" + m + "FilterInput]\n  or: [ModelSubscription" + m +
                    "FilterInput]\n}\n\n";
    out += pending_;
    pending_.clear();
    out += filter + condition;

    std::string create = "input Create" + m + "Input {\n";
    std::string update = "input Update" + m + "Input {\n";
    std::string remove = "input Delete" + m + "Input {\n";
    for (const FieldSpec& field : model.fields) {
      if (!IsStored(field) || (field.generated && field.name != "id")) {
        continue;  // Relationships, server-set timestamps and auth-added owners.
      }
      const bool key = is_key(field.name);
      // The default key `id` is generated when left out, declared or not.
      const bool generated_id = field.name == "id" && model.primary_key.partition_key == "id" &&
                                model.primary_key.sort_keys.empty();
      create +=
          "  " + field.name + ": " + InputTypeRef(field, field.required && !generated_id) + "\n";
      update += "  " + field.name + ": " + InputTypeRef(field, key) + "\n";
      if (key) {
        remove += "  " + field.name + ": " + InputTypeRef(field, true) + "\n";
      }
    }
    out += create + "}\n\n" + update + "}\n\n" + remove + "}\n\n" + subscription;

    Queries(model);
    for (const char* operation : {"create", "update", "delete"}) {
      const std::string op = operation;
      // Every mutation carries the modes of the rules granting any mutation.
      mutation_ += "  " + op + m + "(input: " + Capitalize(op) + m + "Input!, condition: Model" +
                   m + "ConditionInput): " + m +
                   ProvidersFor(model.auth, {"create", "update", "delete"}).Directives() + "\n";
    }
    std::string owner_arguments;
    std::set<std::string> owner_fields;
    for (const AuthRule& rule : model.auth) {
      const FieldSpec* field = model.FindField(rule.owner_field);
      if (rule.strategy == AuthRule::Strategy::kOwner && rule.Allows("listen") &&
          field != nullptr && !field->list && owner_fields.insert(rule.owner_field).second) {
        owner_arguments += ", " + rule.owner_field + ": String";
      }
    }
    const std::string listen = ProvidersFor(model.auth, {"listen"}).Directives();
    for (const char* operation : {"Create", "Update", "Delete"}) {
      const std::string op = operation;
      subscription_ += "  on" + op + m + "(filter: ModelSubscription" + m + "FilterInput" +
                       owner_arguments + "): " + m + " @aws_subscribe(mutations: [\"" +
                       std::string(1, static_cast<char>(std::tolower(op[0]))) + op.substr(1) + m +
                       "\"])" + listen + "\n";
    }
    return out;
  }

  // The sort-key argument of a list or index query: "createdAt:
  // ModelStringKeyConditionInput", a composite one, or "" without sort keys.
  std::string SortKeyArgument(const ModelSpec& model, const std::vector<std::string>& sort_keys,
                              const std::string& composite_name) {
    if (sort_keys.empty()) {
      return "";
    }
    if (sort_keys.size() == 1) {
      const FieldSpec* field = model.FindField(sort_keys[0]);
      const std::string base = field != nullptr ? KeyBase(*field) : "String";
      const std::string name = "Model" + base + "KeyConditionInput";
      if (defined_.insert(name).second) {
        key_inputs_.push_back(
            "input " + name + " {\n  eq: " + base + "\n  le: " + base + "\n  lt: " + base +
            "\n  ge: " + base + "\n  gt: " + base + "\n  between: [" + base + "]\n" +
            (base == "String" || base == "ID" ? "  beginsWith: " + base + "\n" : std::string()) +
            "}\n\n");
      }
      return sort_keys[0] + ": " + name;
    }
    const std::string argument = SortKeyArgumentName(sort_keys);
    const std::string condition = composite_name + "CompositeKeyConditionInput";
    const std::string key = composite_name + "CompositeKeyInput";
    if (defined_.insert(condition).second) {
      std::string block = "input " + condition + " {\n";
      for (const char* op : {"eq", "le", "lt", "ge", "gt"}) {
        block += "  " + std::string(op) + ": " + key + "\n";
      }
      block += "  between: [" + key + "]\n  beginsWith: " + key + "\n}\n\n";
      block += "input " + key + " {\n";
      for (const std::string& sort_key : sort_keys) {
        const FieldSpec* field = model.FindField(sort_key);
        block += "  " + sort_key + ": " + (field != nullptr ? KeyBase(*field) : "String") + "\n";
      }
      key_inputs_.push_back(block + "}\n\n");
    }
    return argument + ": " + condition;
  }

  void Queries(const ModelSpec& model) {
    const std::string& m = model.name;
    const std::string get = ProvidersFor(model.auth, {"get"}).Directives();
    const std::string list = ProvidersFor(model.auth, {"list"}).Directives();
    std::string key_arguments;
    std::string list_key_arguments;
    for (const std::string& key : model.KeyFields()) {
      const FieldSpec* field = model.FindField(key);
      const std::string type = field != nullptr ? field->type_name : "ID";
      key_arguments += (key_arguments.empty() ? "" : ", ") + key + ": " + type + "!";
    }
    query_ += "  get" + m + "(" + key_arguments + "): " + m + get + "\n";
    const bool custom_key =
        model.primary_key.partition_key != "id" || !model.primary_key.sort_keys.empty();
    if (custom_key) {
      const FieldSpec* partition = model.FindField(model.primary_key.partition_key);
      list_key_arguments = model.primary_key.partition_key + ": " +
                           (partition != nullptr ? partition->type_name : "ID") + ", ";
      const std::string sort =
          SortKeyArgument(model, model.primary_key.sort_keys, "Model" + m + "Primary");
      if (!sort.empty()) {
        list_key_arguments += sort + ", ";
      }
    }
    query_ += "  list" + model.plural + "(" + list_key_arguments + "filter: Model" + m +
              "FilterInput, limit: Int, nextToken: String" +
              (custom_key ? ", sortDirection: ModelSortDirection" : "") + "): Model" + m +
              "Connection" + list + "\n";
    for (const IndexSpec& index : model.indexes) {
      if (!index.query_field) {
        continue;
      }
      const FieldSpec* partition = model.FindField(index.partition_key);
      std::string arguments =
          index.partition_key + ": " + (partition != nullptr ? partition->type_name : "ID") + "!, ";
      const std::string sort =
          SortKeyArgument(model, index.sort_keys, "Model" + m + Capitalize(index.name));
      if (!sort.empty()) {
        arguments += sort + ", ";
      }
      query_ += "  " + *index.query_field + "(" + arguments +
                "sortDirection: ModelSortDirection, filter: Model" + m +
                "FilterInput, limit: Int, nextToken: String): Model" + m + "Connection" + list +
                "\n";
    }
  }

  const DataModel& model_;
  const GeneratorOptions& options_;
  std::set<std::string> defined_;        // Helper inputs already emitted.
  std::string pending_;                  // Enum filter inputs for the model being printed.
  std::vector<std::string> key_inputs_;  // Key condition inputs, printed after the models.
  std::string query_;
  std::string mutation_;
  std::string subscription_;
  bool custom_query_ = false;
  bool custom_mutation_ = false;
};

}  // namespace

std::string GenerateSchema(const DataModel& model, const GeneratorOptions& options) {
  return Generator(model, options).Run();
}

}  // namespace gloss::data
