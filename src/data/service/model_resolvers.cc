#include "data/service/model_resolvers.h"

#include <algorithm>
#include <ctime>

#include "core/random.h"
#include "data/graphql/raw_json.h"
#include "data/model/authorizer.h"
#include "data/model/naming.h"
#include "data/service/function_grants.h"

namespace gloss::data {
namespace {

using graphql::FieldContext;
using Results = std::vector<Result<nlohmann::json>>;
using Parents = std::span<const nlohmann::json* const>;

constexpr int kDefaultLimit = 100;

const DataRequestScope& Scope(const FieldContext& context) {
  static const auth::Principal nobody;
  static const DataRequestScope guest(nobody, {});
  const auto* scope = dynamic_cast<const DataRequestScope*>(context.scope);
  return scope != nullptr ? *scope : guest;
}

// What the caller's IAM policy grants, if it is a function.
IamGrant Grant(const FieldContext& context, const ModelSpec& model, std::string_view operation,
               std::string_view index = {}) {
  const DataRequestScope& scope = Scope(context);
  if (scope.principal.kind != auth::PrincipalKind::kFunction) {
    return {};
  }
  return FunctionGrant(scope.function_policy, scope.region, model, operation, index);
}

// $util.time.nowISO8601(): "2026-11-25T13:20:00.123Z".
std::string IsoNow(std::chrono::system_clock::time_point now) {
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  const std::time_t seconds = static_cast<std::time_t>(millis / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[40];
  std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%S", &utc);
  char fraction[8];
  std::snprintf(fraction, sizeof(fraction), ".%03dZ", static_cast<int>(millis % 1000));
  return std::string(text) + fraction;
}

Status Unauthorized(const FieldContext& context) {
  return Status::PermissionDenied("Not Authorized to access " + std::string(context.field.name) +
                                  " on type " + std::string(context.parent_type.name));
}

Results One(Result<nlohmann::json> result) {
  Results results;
  results.push_back(std::move(result));
  return results;
}

// The object of `object`'s members named by `keys`.
nlohmann::json Pick(const nlohmann::json& object, const std::vector<std::string>& keys) {
  nlohmann::json out = nlohmann::json::object();
  for (const std::string& key : keys) {
    const auto found = object.find(key);
    out[key] = found != object.end() ? *found : nlohmann::json(nullptr);
  }
  return out;
}

nlohmann::json And(nlohmann::json a, nlohmann::json b) {
  if (a.is_null() || (a.is_object() && a.empty())) {
    return b;
  }
  if (b.is_null()) {
    return a;
  }
  return nlohmann::json{{"and", nlohmann::json::array({std::move(a), std::move(b)})}};
}

// A stored item (its JSON text) as a resolver value: the text itself, which
// the executor reads the selected members from (graphql/raw_json.h), or, for
// text RawObject::Scan declines, the parsed DOM. Errors: kCorruption if the
// text is not a JSON object.
Result<nlohmann::json> ItemValue(const std::string& text) {
  if (graphql::RawObject::Scan(text).has_value()) {
    return graphql::RawObjectValue(text);
  }
  nlohmann::json item = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (item.is_discarded() || !item.is_object()) {
    return Status::Corruption("A stored item is not a JSON object");
  }
  return item;
}

Result<nlohmann::json> Connection(const store::Page& page) {
  nlohmann::json items = nlohmann::json::array();
  for (const std::string& text : page.items) {
    ASSIGN_OR_RETURN(nlohmann::json item, ItemValue(text));
    items.push_back(std::move(item));
  }
  return nlohmann::json{
      {"items", std::move(items)},
      {"nextToken", page.next_token ? nlohmann::json(*page.next_token) : nlohmann::json()}};
}

// The nextToken argument, or "" for the first page.
std::string NextTokenArgument(const nlohmann::json& arguments) {
  const auto token = arguments.find("nextToken");
  return token != arguments.end() && token->is_string() ? token->get<std::string>() : "";
}

bool DescendingArgument(const nlohmann::json& arguments) {
  return arguments.value("sortDirection", nlohmann::json()) == "DESC";
}

int LimitArgument(const nlohmann::json& arguments) {
  const auto limit = arguments.find("limit");
  return limit != arguments.end() && limit->is_number_integer() ? limit->get<int>() : kDefaultLimit;
}

// The model rules, or (for a field with its own @auth) the field's.
class ModelResolvers {
 public:
  ModelResolvers(const DataModel& data, const ModelSpec& model, const ModelTables& tables,
                 SubscriptionHub* hub)
      : data_(data), model_(model), tables_(tables), table_(*tables.at(model.name)), hub_(hub) {}

  // Registers the resolvers; each holds `self`, so the object lives as long
  // as the resolver map.
  static void AddTo(const std::shared_ptr<const ModelResolvers>& self,
                    graphql::ResolverMap& resolvers) {
    const ModelSpec& model = self->model_;
    const std::string& m = model.name;
    resolvers.Set("Query", "get" + m,
                  [self](const FieldContext& c, Parents) { return One(self->Get(c)); });
    resolvers.Set("Query", "list" + model.plural, [self](const FieldContext& c, Parents) {
      return One(self->List(c, "", self->model_.primary_key));
    });
    for (const IndexSpec& index : model.indexes) {
      if (index.query_field) {
        resolvers.Set("Query", *index.query_field, [self, &index](const FieldContext& c, Parents) {
          return One(self->List(c, index.name, index));
        });
      }
    }
    resolvers.Set("Mutation", "create" + m,
                  [self](const FieldContext& c, Parents) { return One(self->Create(c)); });
    resolvers.Set("Mutation", "update" + m,
                  [self](const FieldContext& c, Parents) { return One(self->Update(c)); });
    resolvers.Set("Mutation", "delete" + m,
                  [self](const FieldContext& c, Parents) { return One(self->Delete(c)); });
    for (const FieldSpec& field : model.fields) {
      if (field.relation != RelationKind::kNone) {
        resolvers.Set(m, field.name, [self, &field](const FieldContext& c, Parents parents) {
          return self->Related(c, field, parents);
        });
      } else if (field.has_field_auth) {
        resolvers.Set(m, field.name, [self, &field](const FieldContext& c, Parents parents) {
          return self->ProtectedField(c, field, parents);
        });
      }
    }
  }

 private:
  // `rules`: the model's or a field's; `index`: the @index an index query reads.
  AccessDecision Decide(const FieldContext& context, const std::vector<AuthRule>& rules,
                        std::string_view operation, std::string_view index = {}) const {
    return Authorize(model_, rules, Scope(context).principal, operation,
                     Grant(context, model_, operation, index));
  }
  AccessDecision Decide(const FieldContext& context, std::string_view operation) const {
    return Decide(context, model_.auth, operation);
  }

  Result<nlohmann::json> Get(const FieldContext& context) const {
    const AccessDecision decision = Decide(context, kGet);
    if (!decision.allowed) {
      return Unauthorized(context);
    }
    ASSIGN_OR_RETURN(std::optional<nlohmann::json> item,
                     table_.Get(Pick(context.arguments, model_.KeyFields())));
    if (!item) {
      return nlohmann::json(nullptr);
    }
    if (!ItemAllowed(decision, *item)) {
      return Unauthorized(context);
    }
    return *std::move(item);
  }

  // list<Models> (index empty, key = the primary key) or an index query.
  Result<nlohmann::json> List(const FieldContext& context, const std::string& index,
                              const IndexSpec& key) const {
    const AccessDecision decision = Decide(context, model_.auth, kList, index);
    if (!decision.allowed) {
      return Unauthorized(context);
    }
    const nlohmann::json& arguments = context.arguments;
    store::QueryRequest request;
    request.index = index;
    const auto partition = arguments.find(key.partition_key);
    if (partition != arguments.end() && !partition->is_null()) {
      request.partition_value = *partition;
      const auto sort = arguments.find(SortKeyArgumentName(key.sort_keys));
      if (!key.sort_keys.empty() && sort != arguments.end()) {
        request.sort_condition = *sort;
      }
    }
    request.filter = And(arguments.value("filter", nlohmann::json()), ListFilter(decision));
    request.limit = LimitArgument(arguments);
    request.next_token = NextTokenArgument(arguments);
    request.descending = DescendingArgument(arguments);
    ASSIGN_OR_RETURN(const store::Page page, table_.Query(request));
    return Connection(page);
  }

  // Field-level rules for the fields of `input` a write sets.
  Status CheckFieldWrites(const FieldContext& context, const nlohmann::json& input,
                          std::string_view operation) const {
    for (const FieldSpec& field : model_.fields) {
      if (field.has_field_auth && input.contains(field.name) &&
          !Decide(context, field.auth, operation).allowed) {
        return Unauthorized(context);
      }
    }
    return Status::Ok();
  }

  // Tells live subscriptions about a successful write.
  Result<nlohmann::json> Published(const char* operation, Result<nlohmann::json> written) const {
    if (written.ok() && hub_ != nullptr) {
      hub_->Publish(operation + model_.name, *written);
    }
    return written;
  }

  Result<nlohmann::json> Create(const FieldContext& context) const {
    const AccessDecision decision = Decide(context, kCreate);
    if (!decision.allowed) {
      return Unauthorized(context);
    }
    nlohmann::json item = context.arguments.value("input", nlohmann::json::object());
    RETURN_IF_ERROR(CheckFieldWrites(context, item, kCreate));
    const std::string now = IsoNow(Scope(context).now);
    if (model_.primary_key.partition_key == "id" && model_.primary_key.sort_keys.empty() &&
        item.value("id", nlohmann::json()).is_null()) {
      item["id"] = RandomUuid();
    }
    for (const FieldSpec& field : model_.fields) {
      if (field.default_value && item.value(field.name, nlohmann::json()).is_null()) {
        item[field.name] = *field.default_value;
      }
    }
    for (const char* timestamp : {"createdAt", "updatedAt"}) {
      if (model_.FindField(timestamp) != nullptr &&
          item.value(timestamp, nlohmann::json()).is_null()) {
        item[timestamp] = now;
      }
    }
    for (const auto& [field, value] : decision.owner_defaults.items()) {
      if (item.value(field, nlohmann::json()).is_null()) {
        item[field] = value;
      }
    }
    // Owner-only callers may create only items they own.
    if (!ItemAllowed(decision, item)) {
      return Unauthorized(context);
    }
    item["__typename"] = model_.name;
    return Published("create",
                     table_.Create(item, context.arguments.value("condition", nlohmann::json())));
  }

  Result<nlohmann::json> Update(const FieldContext& context) const {
    const AccessDecision decision = Decide(context, kUpdate);
    if (!decision.allowed) {
      return Unauthorized(context);
    }
    const nlohmann::json input = context.arguments.value("input", nlohmann::json::object());
    RETURN_IF_ERROR(CheckFieldWrites(context, input, kUpdate));
    nlohmann::json changes = input;
    for (const std::string& key : model_.KeyFields()) {
      changes.erase(key);
    }
    if (model_.FindField("updatedAt") != nullptr) {
      changes["updatedAt"] = IsoNow(Scope(context).now);
    }
    if (!decision.unconditional) {
      // Owners cannot hand their items to someone else.
      nlohmann::json after = changes;
      for (const ItemCondition& condition : decision.conditions) {
        if (after.contains(condition.field) && !ItemAllowed(decision, after)) {
          return Unauthorized(context);
        }
      }
    }
    return Published("update", table_.Update(Pick(input, model_.KeyFields()), changes,
                                             context.arguments.value("condition", nlohmann::json()),
                                             ListFilter(decision)));
  }

  Result<nlohmann::json> Delete(const FieldContext& context) const {
    const AccessDecision decision = Decide(context, kDelete);
    if (!decision.allowed) {
      return Unauthorized(context);
    }
    const nlohmann::json input = context.arguments.value("input", nlohmann::json::object());
    return Published("delete", table_.Delete(Pick(input, model_.KeyFields()),
                                             context.arguments.value("condition", nlohmann::json()),
                                             ListFilter(decision)));
  }

  Results ProtectedField(const FieldContext& context, const FieldSpec& field,
                         Parents parents) const {
    const AccessDecision decision = Decide(context, field.auth, kGet);
    Results results;
    for (const nlohmann::json* parent : parents) {
      if (!decision.allowed || !ItemAllowed(decision, *parent)) {
        results.emplace_back(Status::PermissionDenied("Not Authorized to access " + field.name +
                                                      " on type " + model_.name));
      } else {
        results.emplace_back(parent->value(field.name, nlohmann::json()));
      }
    }
    return results;
  }

  // hasMany / hasOne / belongsTo for a page of parents.
  Results Related(const FieldContext& context, const FieldSpec& field, Parents parents) const {
    const ModelSpec* related = data_.FindModel(field.type_name);
    const auto table = related != nullptr ? tables_.find(related->name) : tables_.end();
    if (table == tables_.end()) {
      return Results(parents.size(), Status::Internal("no table for " + field.type_name));
    }
    const std::string_view operation = field.relation == RelationKind::kHasMany ? kList : kGet;
    const AccessDecision decision = Authorize(*related, related->auth, Scope(context).principal,
                                              operation, Grant(context, *related, operation));
    if (field.relation == RelationKind::kBelongsTo) {
      return BelongsTo(*related, *table->second, field, decision, parents);
    }
    if (!decision.allowed) {
      return Results(parents.size(), field.relation == RelationKind::kHasMany
                                         ? Result<nlohmann::json>(Unauthorized(context))
                                         : Result<nlohmann::json>(nlohmann::json(nullptr)));
    }
    return HasMany(context, *table->second, field, decision, parents);
  }

  Results BelongsTo(const ModelSpec& related, const store::ModelTable& table,
                    const FieldSpec& field, const AccessDecision& decision, Parents parents) const {
    // The parent's reference fields hold the related item's key, in order.
    const std::vector<std::string> key_fields = related.KeyFields();
    std::vector<nlohmann::json> keys;
    std::vector<size_t> asked;  // parents index of each key.
    for (size_t i = 0; i < parents.size(); ++i) {
      nlohmann::json key = nlohmann::json::object();
      bool complete = field.references.size() == key_fields.size();
      for (size_t k = 0; complete && k < key_fields.size(); ++k) {
        const nlohmann::json value = parents[i]->value(field.references[k], nlohmann::json());
        complete = !value.is_null();
        key[key_fields[k]] = value;
      }
      if (complete) {
        keys.push_back(std::move(key));
        asked.push_back(i);
      }
    }
    Results results(parents.size(), nlohmann::json(nullptr));
    if (keys.empty() || !decision.allowed) {
      return results;  // No reference, or nothing this caller may read: null, no leak.
    }
    Result<std::vector<std::optional<nlohmann::json>>> found = table.BatchGet(keys);
    if (!found.ok()) {
      return Results(parents.size(), found.status());
    }
    for (size_t k = 0; k < asked.size(); ++k) {
      if ((*found)[k] && ItemAllowed(decision, *(*found)[k])) {
        results[asked[k]] = *std::move((*found)[k]);
      }
    }
    return results;
  }

  Results HasMany(const FieldContext& context, const store::ModelTable& table,
                  const FieldSpec& field, const AccessDecision& decision, Parents parents) const {
    const std::vector<std::string> key_fields = model_.KeyFields();
    const store::KeySpec* index = FindReferenceIndex(table.spec(), field.references);
    if (index == nullptr || field.references.size() != key_fields.size()) {
      return Results(parents.size(), Status::Internal("no index for " + field.name));
    }
    const nlohmann::json& arguments = context.arguments;
    const nlohmann::json filter =
        And(arguments.value("filter", nlohmann::json()), ListFilter(decision));
    const int limit = field.relation == RelationKind::kHasOne ? 1 : LimitArgument(arguments);
    const bool descending = DescendingArgument(arguments);
    const std::string token = NextTokenArgument(arguments);
    Results results;
    auto shape = [&field](const store::Page& page) -> Result<nlohmann::json> {
      if (field.relation == RelationKind::kHasOne) {
        return page.items.empty() ? Result<nlohmann::json>(nlohmann::json(nullptr))
                                  : ItemValue(page.items.front());
      }
      return Connection(page);
    };
    if (key_fields.size() == 1 && token.empty()) {
      std::vector<nlohmann::json> values;
      for (const nlohmann::json* parent : parents) {
        values.push_back(parent->value(key_fields[0], nlohmann::json()));
      }
      Result<std::vector<store::Page>> pages =
          table.QueryMany(index->name, values, filter, limit, descending);
      if (!pages.ok()) {
        return Results(parents.size(), pages.status());
      }
      for (const store::Page& page : *pages) {
        results.emplace_back(shape(page));
      }
      return results;
    }
    // Composite keys or a later page: one query per parent.
    for (const nlohmann::json* parent : parents) {
      store::QueryRequest request;
      request.index = index->name;
      request.partition_value = parent->value(key_fields[0], nlohmann::json());
      if (key_fields.size() > 1) {
        nlohmann::json rest = nlohmann::json::object();
        for (size_t k = 1; k < key_fields.size(); ++k) {
          rest[field.references[k]] = parent->value(key_fields[k], nlohmann::json());
        }
        request.sort_condition = key_fields.size() == 2
                                     ? nlohmann::json{{"eq", rest.begin().value()}}
                                     : nlohmann::json{{"eq", rest}};
      }
      request.filter = filter;
      request.limit = limit;
      request.next_token = token;
      request.descending = descending;
      Result<store::Page> page = table.Query(request);
      results.emplace_back(page.ok() ? shape(*page) : Result<nlohmann::json>(page.status()));
    }
    return results;
  }

  static const store::KeySpec* FindReferenceIndex(const store::ModelTableSpec& spec,
                                                  const std::vector<std::string>& references) {
    for (const store::KeySpec& index : spec.indexes) {
      if (!references.empty() && index.partition_key == references[0] &&
          (references.size() == 1 ||
           std::vector<std::string>(references.begin() + 1, references.end()) == index.sort_keys)) {
        return &index;
      }
    }
    return nullptr;
  }

  const DataModel& data_;
  const ModelSpec& model_;
  const ModelTables& tables_;
  store::ModelTable& table_;
  SubscriptionHub* hub_;
};

// AppSync's identity object for function events.
nlohmann::json Identity(const auth::Principal& principal) {
  switch (principal.kind) {
    case auth::PrincipalKind::kUser:
      return {{"sub", principal.sub},
              {"username", principal.username},
              {"groups", principal.groups},
              {"claims", principal.claims},
              {"issuer", principal.claims.is_object() ? principal.claims.value("iss", "") : ""},
              {"defaultAuthStrategy", "ALLOW"}};
    case auth::PrincipalKind::kFunction:
    case auth::PrincipalKind::kAdmin:
      return {{"accountId", kAccountId}, {"userArn", principal.access_key_id}};
    default: return nullptr;
  }
}

void AddCustomOperation(const CustomOperation& operation, FunctionInvoker* functions,
                        graphql::ResolverMap& resolvers) {
  const ModelSpec no_model;
  resolvers.Set(
      operation.kind == CustomOperation::Kind::kQuery ? "Query" : "Mutation", operation.name,
      [&operation, functions, no_model](const FieldContext& context, Parents) -> Results {
        const DataRequestScope& scope = Scope(context);
        const auth::Principal& principal = scope.principal;
        const IamGrant grant = principal.kind == auth::PrincipalKind::kFunction
                                   ? CustomOperationGrant(scope.function_policy, scope.region,
                                                          context.parent_type.name, operation.name)
                                   : IamGrant{};
        if (!Authorize(no_model, operation.auth, principal, kGet, grant).allowed &&
            !Authorize(no_model, operation.auth, principal, kCreate, grant).allowed) {
          return One(Unauthorized(context));
        }
        if (functions == nullptr) {
          return One(Status::Unavailable("function " + operation.function_name +
                                         " is not running: the functions service is "
                                         "not active in this build"));
        }
        const nlohmann::json event = {
            {"typeName", std::string(context.parent_type.name)},
            {"fieldName", operation.name},
            {"arguments", context.arguments},
            {"identity", Identity(principal)},
            {"source", nullptr},
            {"info",
             {{"fieldName", operation.name},
              {"parentTypeName", std::string(context.parent_type.name)}}}};
        return One(functions->Invoke(operation.function_name, event));
      });
}

}  // namespace

store::ModelTableSpec TableSpecFor(const ModelSpec& model, const DataModel& data) {
  store::ModelTableSpec spec;
  spec.model = model.name;
  spec.primary_key = {"", model.primary_key.partition_key, model.primary_key.sort_keys};
  for (const IndexSpec& index : model.indexes) {
    spec.indexes.push_back({index.name, index.partition_key, index.sort_keys});
  }
  for (const FieldSpec& field : model.fields) {
    if (field.kind == FieldKind::kModel || field.kind == FieldKind::kNonModel) {
      continue;
    }
    store::FieldType type;
    type.list = field.list;
    if (field.kind == FieldKind::kScalar) {
      Result<store::FieldKind> kind = store::FieldKindForScalar(field.type_name);
      type.kind = kind.ok() ? *kind : store::FieldKind::kString;
    }
    spec.fields[field.name] = type;
  }
  if (!spec.fields.contains("id")) {
    spec.fields["id"] = store::FieldType{};  // Filters may name id (the transformer's inputs do).
  }
  // Lookups other models' hasMany/hasOne fields make on this one.
  for (const ModelSpec& other : data.models) {
    for (const FieldSpec& field : other.fields) {
      if ((field.relation != RelationKind::kHasMany && field.relation != RelationKind::kHasOne) ||
          field.type_name != model.name || field.references.empty()) {
        continue;
      }
      const std::vector<std::string> sort(field.references.begin() + 1, field.references.end());
      const bool covered =
          std::any_of(spec.indexes.begin(), spec.indexes.end(), [&](const store::KeySpec& index) {
            return index.partition_key == field.references[0] &&
                   (sort.empty() || index.sort_keys == sort);
          });
      if (!covered) {
        std::string name = "ref";
        for (const std::string& reference : field.references) {
          name += Capitalize(reference);
        }
        spec.indexes.push_back({name, field.references[0], sort});
      }
    }
  }
  return spec;
}

void AddModelResolvers(const DataModel& data, const ModelTables& tables, FunctionInvoker* functions,
                       SubscriptionHub* hub, graphql::ResolverMap& resolvers) {
  for (const ModelSpec& model : data.models) {
    ModelResolvers::AddTo(std::make_shared<const ModelResolvers>(data, model, tables, hub),
                          resolvers);
  }
  for (const CustomOperation& operation : data.custom_operations) {
    AddCustomOperation(operation, functions, resolvers);
  }
}

}  // namespace gloss::data
