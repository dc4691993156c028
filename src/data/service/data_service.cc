#include "data/service/data_service.h"

#include <fstream>
#include <sstream>
#include <unordered_map>

#include "data/graphql/input_coercion.h"
#include "data/graphql/lexer.h"
#include "data/graphql/parser.h"
#include "data/graphql/schema.h"
#include "data/graphql/validate.h"
#include "data/model/authorizer.h"
#include "data/model/extract.h"
#include "data/model/model_introspection.h"
#include "data/model/schema_generator.h"
#include "data/service/subscription_filter.h"
#include "data/store/appsync_scalars.h"

namespace gloss::data {
namespace {

using ordered_json = nlohmann::ordered_json;

constexpr size_t kMaxCachedDocuments = 1024;
constexpr size_t kMaxQueryBytes = 64 * 1024;

// A request parsed and validated once, reused for every request with the
// same text.
struct PreparedDocument {
  std::optional<graphql::Document> document;  // Empty on a syntax error.
  ordered_json errors = ordered_json::array();
};

ordered_json ErrorEntry(const std::string& message,
                        const std::vector<graphql::SourceLocation>& locations,
                        std::string_view error_type) {
  ordered_json entry = ordered_json::object();
  entry["path"] = nullptr;
  entry["data"] = nullptr;
  entry["errorType"] = error_type.empty() ? ordered_json(nullptr) : ordered_json(error_type);
  entry["errorInfo"] = nullptr;
  ordered_json where = ordered_json::array();
  for (const graphql::SourceLocation& location : locations) {
    where.push_back(
        {{"line", location.line}, {"column", location.column}, {"sourceName", nullptr}});
  }
  entry["locations"] = std::move(where);
  entry["message"] = message;
  return entry;
}

// A response as JSON text, as graphql::Execute writes it.
std::string Dump(const ordered_json& response) {
  return response.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

Result<nlohmann::json> CoerceAppSyncScalar(std::string_view name, const nlohmann::json& value) {
  Result<store::AppSyncScalar> scalar = store::ParseScalarName(name);
  if (!scalar.ok()) {
    return value;  // Not an AppSync scalar: accepted as given.
  }
  RETURN_IF_ERROR(store::ValidateScalar(*scalar, value));
  return value;
}

Result<std::string> ReadFile(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return Status::InvalidArgument("cannot read " + path.string());
  }
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

}  // namespace

struct DataService::Snapshot {
  DataModel model;
  std::string sdl;
  std::shared_ptr<const graphql::Schema> schema;
  ModelTables tables;
  graphql::ResolverMap resolvers;
  mutable std::mutex cache_mutex;
  mutable std::unordered_map<std::string, std::shared_ptr<const PreparedDocument>> cache;

  std::shared_ptr<const PreparedDocument> Prepare(const std::string& query) const {
    {
      std::lock_guard lock(cache_mutex);
      const auto found = cache.find(query);
      if (found != cache.end()) {
        return found->second;
      }
    }
    auto prepared = std::make_shared<PreparedDocument>();
    Result<graphql::Document> document = graphql::ParseExecutable(query);
    if (!document.ok()) {
      const std::string_view message = document.status().message();
      std::vector<graphql::SourceLocation> locations;
      std::string text(message);
      if (const auto split = graphql::SplitSyntaxError(message)) {
        locations.push_back(split->loc);
        text = std::string(split->message);
      }
      prepared->errors.push_back(ErrorEntry(text, locations, ""));
    } else {
      for (const graphql::ValidationError& error : graphql::ValidateDocument(*schema, *document)) {
        prepared->errors.push_back(ErrorEntry(error.message, error.locations, ""));
      }
      prepared->document = std::move(document).value();
    }
    std::lock_guard lock(cache_mutex);
    if (cache.size() >= kMaxCachedDocuments) {
      cache.clear();  // Simple and bounded; hot queries come back at once.
    }
    cache.emplace(query, prepared);
    return prepared;
  }
};

DataService::DataService(db::Database& database, const DataServiceOptions& options,
                         FunctionInvoker* functions, Logger& logger)
    : database_(database),
      options_(options),
      functions_(functions),
      logger_(logger),
      tokens_(options.page_token_key) {}

DataService::~DataService() = default;

Result<std::unique_ptr<DataService>> DataService::Open(db::Database& database,
                                                       const DataServiceOptions& options,
                                                       FunctionInvoker* functions, Logger& logger) {
  if (options.page_token_key.size() < store::PageTokenCodec::kMinKeySize) {
    return Status::InvalidArgument("page token key too short");
  }
  std::unique_ptr<DataService> service(new DataService(database, options, functions, logger));
  ASSIGN_OR_RETURN(std::shared_ptr<const Snapshot> snapshot, service->Load());
  std::atomic_store(&service->snapshot_, std::move(snapshot));
  return service;
}

Result<std::shared_ptr<const DataService::Snapshot>> DataService::Load() {
  ASSIGN_OR_RETURN(std::string text, ReadFile(options_.schema_file));
  Result<DataModel> model = ExtractDataModel(std::move(text));
  if (!model.ok()) {
    return Status::InvalidArgument(options_.schema_file.string() + ":" +
                                   std::string(model.status().message()));
  }
  auto snapshot = std::make_shared<Snapshot>();
  snapshot->model = *std::move(model);
  snapshot->sdl = GenerateSchema(snapshot->model);
  ASSIGN_OR_RETURN(graphql::Document sdl, graphql::ParseSchema(snapshot->sdl));
  Result<std::shared_ptr<const graphql::Schema>> schema = graphql::Schema::Build(std::move(sdl));
  if (!schema.ok()) {
    return Status::Internal("generated schema does not build: " +
                            std::string(schema.status().message()));
  }
  snapshot->schema = *std::move(schema);
  for (const ModelSpec& spec : snapshot->model.models) {
    ASSIGN_OR_RETURN(
        snapshot->tables[spec.name],
        store::ModelTable::Open(database_, TableSpecFor(spec, snapshot->model), tokens_));
  }
  AddModelResolvers(snapshot->model, snapshot->tables, functions_, &hub_, snapshot->resolvers);
  return std::shared_ptr<const Snapshot>(std::move(snapshot));
}

Status DataService::Reload() {
  std::lock_guard lock(reload_mutex_);
  ASSIGN_OR_RETURN(std::shared_ptr<const Snapshot> snapshot, Load());
  std::atomic_store(&snapshot_, std::move(snapshot));
  return Status::Ok();
}

std::string DataService::SchemaSdl() const { return std::atomic_load(&snapshot_)->sdl; }

nlohmann::json DataService::ModelIntrospection() const {
  return data::ModelIntrospection(std::atomic_load(&snapshot_)->model);
}

std::string DataService::Execute(const nlohmann::json& body, const auth::Principal& principal,
                                 std::chrono::system_clock::time_point now) const {
  // nlohmann::json throws on misuse; a bug must cost one request, not the
  // process (this runs on a BlockingPool thread that has no handler).
  try {
    return ExecuteUnguarded(body, principal, now);
  } catch (const std::exception& e) {
    logger_.Error("data", "request failed with an exception", {{"error", e.what()}});
    return Dump(
        {{"data", nullptr},
         {"errors", ordered_json::array({ErrorEntry("Internal failure", {}, "InternalFailure")})}});
  }
}

std::string DataService::ExecuteUnguarded(const nlohmann::json& body,
                                          const auth::Principal& principal,
                                          std::chrono::system_clock::time_point now) const {
  const std::shared_ptr<const Snapshot> snapshot = std::atomic_load(&snapshot_);
  const auto query = body.is_object() ? body.find("query") : body.end();
  if (query == body.end() || !query->is_string()) {
    return Dump({{"errors", ordered_json::array({ErrorEntry("Must provide query string.", {},
                                                            "MalformedHttpRequestException")})}});
  }
  if (query->get_ref<const std::string&>().size() > kMaxQueryBytes) {
    return Dump({{"errors", ordered_json::array({ErrorEntry("Query is too large.", {},
                                                            "MalformedHttpRequestException")})}});
  }
  const std::shared_ptr<const PreparedDocument> prepared =
      snapshot->Prepare(query->get_ref<const std::string&>());
  if (!prepared->errors.empty()) {
    return Dump({{"data", nullptr}, {"errors", prepared->errors}});
  }
  graphql::ExecutionRequest request;
  request.schema = snapshot->schema.get();
  request.document = &*prepared->document;
  const auto name = body.find("operationName");
  if (name != body.end() && name->is_string()) {
    request.operation_name = name->get<std::string>();
  }
  const auto variables = body.find("variables");
  if (variables != body.end() && variables->is_object()) {
    request.variables = *variables;
  }
  request.resolvers = &snapshot->resolvers;
  DataRequestScope scope(principal, now);
  scope.region = options_.region;
  std::shared_ptr<const aws::IamPolicy> policy;
  if (principal.kind == auth::PrincipalKind::kFunction && options_.function_policies) {
    policy = options_.function_policies(principal.function_name);
    scope.function_policy = policy.get();
  }
  request.scope = &scope;
  request.coerce_scalar = CoerceAppSyncScalar;
  return graphql::Execute(request);
}

namespace {

// The mutations an @aws_subscribe(mutations: [...]) names.
std::vector<std::string> SubscribedMutations(const graphql::FieldDefinition& field) {
  std::vector<std::string> mutations;
  for (const graphql::Directive& directive : field.directives) {
    if (directive.name != "aws_subscribe") {
      continue;
    }
    for (const graphql::Argument& argument : directive.arguments) {
      if (argument.name == "mutations" && argument.value.kind == graphql::ValueKind::kList) {
        for (const graphql::Value& item : argument.value.list) {
          mutations.emplace_back(item.text);
        }
      }
    }
  }
  return mutations;
}

}  // namespace

DataService::SubscribeResult DataService::Subscribe(const nlohmann::json& body,
                                                    const auth::Principal& principal,
                                                    Delivery deliver) {
  try {
    return SubscribeUnguarded(body, principal, std::move(deliver));
  } catch (const std::exception& e) {
    logger_.Error("data", "subscription failed with an exception", {{"error", e.what()}});
    SubscribeResult refused;
    refused.errors = ordered_json::array({ErrorEntry("Internal failure", {}, "InternalFailure")});
    return refused;
  }
}

DataService::SubscribeResult DataService::SubscribeUnguarded(const nlohmann::json& body,
                                                             const auth::Principal& principal,
                                                             Delivery deliver) {
  const std::shared_ptr<const Snapshot> snapshot = std::atomic_load(&snapshot_);
  SubscribeResult result;
  auto refuse = [&result](const std::string& message, std::string_view type) {
    result.errors = ordered_json::array({ErrorEntry(message, {}, type)});
    return result;
  };
  const auto query = body.is_object() ? body.find("query") : body.end();
  if (query == body.end() || !query->is_string() ||
      query->get_ref<const std::string&>().size() > kMaxQueryBytes) {
    return refuse("Must provide query string.", "MalformedHttpRequestException");
  }
  std::shared_ptr<const PreparedDocument> prepared = snapshot->Prepare(query->get<std::string>());
  if (!prepared->errors.empty()) {
    result.errors = prepared->errors;
    return result;
  }
  const std::string operation_name = body.value("operationName", nlohmann::json()).is_string()
                                         ? body["operationName"].get<std::string>()
                                         : std::string();
  std::string error;
  const graphql::OperationDefinition* operation =
      graphql::SelectOperation(*prepared->document, operation_name, &error);
  if (operation == nullptr) {
    return refuse(error, "");
  }
  if (operation->operation != graphql::OperationType::kSubscription ||
      operation->selection_set.selections.empty()) {
    return refuse("Only subscriptions can be started here.", "");
  }
  const nlohmann::json raw_variables = body.value("variables", nlohmann::json()).is_object()
                                           ? body["variables"]
                                           : nlohmann::json::object();
  Result<nlohmann::json> variables =
      graphql::CoerceVariables(*snapshot->schema, *operation, raw_variables, CoerceAppSyncScalar);
  if (!variables.ok()) {
    return refuse(std::string(variables.status().message()), "");
  }
  const auto* root = std::get_if<graphql::Field>(&operation->selection_set.selections[0].node);
  const graphql::TypeDefinition* subscription_type = snapshot->schema->subscription_type();
  const graphql::FieldDefinition* definition =
      root != nullptr && subscription_type != nullptr
          ? snapshot->schema->FindField(*subscription_type, root->name)
          : nullptr;
  if (definition == nullptr) {
    return refuse("Subscriptions must select one subscription field.", "");
  }
  Result<nlohmann::json> arguments = graphql::CoerceArguments(
      *snapshot->schema, *definition, root->arguments, *variables, CoerceAppSyncScalar);
  if (!arguments.ok()) {
    return refuse(std::string(arguments.status().message()), "");
  }
  const ModelSpec* model = snapshot->model.FindModel(definition->type.name);
  AccessDecision decision;
  decision.allowed = decision.unconditional = true;
  if (model != nullptr) {
    decision = Authorize(*model, model->auth, principal, kListen);
  }
  if (!decision.allowed) {
    return refuse("Not Authorized to access " + std::string(root->name) + " on type Subscription",
                  "Unauthorized");
  }
  nlohmann::json filter = arguments->value("filter", nlohmann::json());
  if (Status checked = CheckSubscriptionFilter(filter); !checked.ok()) {
    return refuse(std::string(checked.message()), "ValidationError");
  }
  // Other arguments (owner: String) must equal the item's field of that name.
  nlohmann::json equalities = nlohmann::json::object();
  for (const auto& [name, value] : arguments->items()) {
    if (name != "filter" && !value.is_null()) {
      equalities[name] = value;
    }
  }
  auto listener = [this, snapshot, prepared, operation_name, raw_variables, principal, decision,
                   filter = std::move(filter), equalities = std::move(equalities),
                   deliver = std::move(deliver)](const nlohmann::json& item) {
    // Runs inside the publishing mutation: a failure here must not fail it.
    try {
      if (!ItemAllowed(decision, item) || !MatchesSubscriptionFilter(filter, item)) {
        return;
      }
      for (const auto& [name, value] : equalities.items()) {
        if (item.value(name, nlohmann::json()) != value) {
          return;
        }
      }
      graphql::ExecutionRequest request;
      request.schema = snapshot->schema.get();
      request.document = &*prepared->document;
      request.operation_name = operation_name;
      request.variables = raw_variables;
      request.resolvers = &snapshot->resolvers;
      const DataRequestScope scope(principal, std::chrono::system_clock::now());
      request.scope = &scope;
      request.coerce_scalar = CoerceAppSyncScalar;
      request.root_field_value = &item;
      deliver(ordered_json::parse(graphql::Execute(request)));
    } catch (const std::exception& e) {
      logger_.Error("data", "subscription event failed", {{"error", e.what()}});
    }
  };
  result.handle = hub_.Add(SubscribedMutations(*definition), std::move(listener));
  return result;
}

void DataService::Unsubscribe(uint64_t handle) { hub_.Remove(handle); }

}  // namespace gloss::data
