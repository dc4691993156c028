#include "sandbox/service_routes.h"

#include <nlohmann/json.hpp>

#include "auth/cognito_api.h"
#include "data/service/graphql_realtime.h"
#include "data/service/graphql_route.h"
#include "functions/api/invoke_route.h"
#include "functions/api/logs_route.h"
#include "http/blocking.h"
#include "http/status_response.h"
#include "queue/api/sqs_route.h"
#include "sandbox/queue_metrics.h"
#include "storage/api/presign_route.h"
#include "storage/api/s3_route.h"

namespace gloss::sandbox {
namespace {

namespace asio = boost::asio;

// How an API reports errors, so an SDK client sees a proper `NotImplemented`
// error rather than a parse failure.
enum class ErrorShape {
  kAwsJson,  // Cognito, SQS, Lambda: {"__type"} plus the x-amzn-ErrorType header.
  kS3Xml,    // S3: <Error><Code>, as S3 itself answers unsupported features.
  kJson,     // GraphQL and Gloss's own endpoints.
};

// The AWS-shaped APIs of ARCHITECTURE §4, by the service that will serve them.
struct PlannedApi {
  const char* route_name;
  const char* service;
  ErrorShape shape;
};

bool Configured(const BackendSpec& spec, const std::string& service) {
  if (service == "auth") {
    return spec.auth.has_value();
  }
  if (service == "data") {
    return spec.data.has_value();
  }
  if (service == "storage") {
    return !spec.storage.empty();
  }
  if (service == "queues") {
    return !spec.queues.empty();
  }
  return !spec.functions.empty();
}

std::string XmlEscape(std::string_view text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      default: out += c;
    }
  }
  return out;
}

http::Response NotImplemented(ErrorShape shape, const std::string& message) {
  constexpr unsigned kNotImplemented = 501;
  switch (shape) {
    case ErrorShape::kAwsJson: {
      const nlohmann::json body = {{"__type", "NotImplemented"}, {"message", message}};
      http::Response response =
          http::Response::Text(kNotImplemented, body.dump(), "application/x-amz-json-1.1");
      response.SetHeader("x-amzn-ErrorType", "NotImplemented");
      return response;
    }
    case ErrorShape::kS3Xml:
      return http::Response::Text(
          kNotImplemented,
          "<?xml version=\"1.0\" "
          "encoding=\"UTF-8\"?>\n<Error><Code>NotImplemented</Code><Message>" +
              XmlEscape(message) + "</Message></Error>",
          "application/xml");
    case ErrorShape::kJson: break;
  }
  return http::StatusResponse(Status::Unimplemented(message));
}

http::Route Unavailable(const SystemRouteContext& context, PlannedApi api) {
  http::Route route;
  route.name = api.route_name;
  route.handler = [&context, api](http::Request&) -> asio::awaitable<http::Response> {
    const std::string service = api.service;
    const bool configured = Configured(*context.current_spec(), service);
    co_return NotImplemented(api.shape, "the " + service + " service (" + api.route_name + ") is " +
                                            (configured ? "configured in backend.toml but " : "") +
                                            "not served by this gloss build");
  };
  return route;
}

asio::awaitable<http::Response> Health(const SystemRouteContext& context) {
  // A trivial query proves the database answers and the blocking pool runs.
  Result<std::optional<db::Row>> probe = co_await http::RunBlocking(
      context.pool, [&] { return context.database.QueryOne("SELECT 1"); });
  nlohmann::json services = nlohmann::json::object();
  for (const ServiceState& state : ServiceStates(*context.current_spec(), context.active())) {
    services[state.name] =
        state.active ? "active" : (state.configured ? "inactive" : "not configured");
  }
  const bool healthy = probe.ok();
  const nlohmann::json body = {
      {"status", healthy ? "ok" : "degraded"},
      {"version", GLOSS_VERSION},
      {"uptimeSeconds",
       std::chrono::duration<double>(std::chrono::steady_clock::now() - context.started).count()},
      {"database", healthy ? "ok" : probe.status().ToString()},
      {"services", services}};
  co_return http::Response::Json(healthy ? 200 : 503, body.dump());
}

}  // namespace

std::vector<ServiceState> ServiceStates(const BackendSpec& spec, const ActiveServices& running) {
  std::vector<ServiceState> states;
  for (const char* name : {"auth", "data", "storage", "queues", "functions"}) {
    const bool active = (running.auth && std::string_view(name) == "auth") ||
                        (running.data && std::string_view(name) == "data") ||
                        (running.storage && std::string_view(name) == "storage") ||
                        (running.functions && std::string_view(name) == "functions") ||
                        (running.queues && std::string_view(name) == "queues");
    states.push_back({name, Configured(spec, name), active});
  }
  return states;
}

std::shared_ptr<const http::RouteTable> BuildRouteTable(const SystemRouteContext& context) {
  auto table = std::make_shared<http::RouteTable>();

  http::Route health;
  health.name = "health";
  health.handler = [&context](http::Request&) { return Health(context); };
  table->AddPath("GET", "/_gloss/health", health);
  table->AddPath("HEAD", "/_gloss/health", std::move(health));

  http::Route metrics;
  metrics.name = "metrics";
  metrics.handler = [&context](http::Request&) -> asio::awaitable<http::Response> {
    std::string text = context.metrics.RenderPrometheus();
    if (context.queues != nullptr) {
      const Result<std::string> queues = co_await http::RunBlocking(
          context.pool,
          [&context]() -> Result<std::string> { return RenderQueueMetrics(*context.queues); });
      if (queues.ok()) {
        text += *queues;
      }
    }
    co_return http::Response::Text(200, std::move(text),
                                   "text/plain; version=0.0.4; charset=utf-8");
  };
  table->AddPath("GET", "/_gloss/metrics", std::move(metrics));

  if (context.user_pool != nullptr && context.resolver != nullptr) {
    table->AddAmzTarget("AWSCognitoIdentityProviderService",
                        auth::CognitoApiRoute(*context.user_pool, *context.resolver, context.pool));
    table->AddPathSuffix("/.well-known/jwks.json", auth::JwksRoute(*context.user_pool));
  } else {
    table->AddAmzTarget("AWSCognitoIdentityProviderService",
                        Unavailable(context, {"cognito-idp", "auth", ErrorShape::kAwsJson}));
    table->AddPathSuffix("/.well-known/jwks.json",
                         Unavailable(context, {"jwks", "auth", ErrorShape::kJson}));
  }
  if (context.identity_pool != nullptr) {
    table->AddAmzTarget("AWSCognitoIdentityService",
                        auth::CognitoIdentityRoute(*context.identity_pool, context.pool));
  } else {
    table->AddAmzTarget("AWSCognitoIdentityService",
                        Unavailable(context, {"cognito-identity", "auth", ErrorShape::kAwsJson}));
  }
  if (context.queues != nullptr && context.resolver != nullptr) {
    const http::Route sqs = queue::api::SqsRoute({.store = context.queues,
                                                  .resolver = context.resolver,
                                                  .pool = &context.pool,
                                                  .policies = context.function_policies,
                                                  .endpoint = context.endpoint});
    table->AddAmzTarget("AmazonSQS", sqs);
    table->AddSigV4Service("sqs", sqs);  // The query protocol, on any path.
  } else {
    table->AddAmzTarget("AmazonSQS", Unavailable(context, {"sqs", "queues", ErrorShape::kAwsJson}));
    table->AddSigV4Service("sqs", Unavailable(context, {"sqs", "queues", ErrorShape::kAwsJson}));
  }
  if (context.object_store != nullptr && context.resolver != nullptr && context.storage_access) {
    const std::shared_ptr<const BackendSpec> spec = context.current_spec();
    const http::Route s3 = storage::S3Route({.store = context.object_store,
                                             .resolver = context.resolver,
                                             .pool = &context.pool,
                                             .logger = context.logger,
                                             .access = context.storage_access(),
                                             .region = spec->region});
    table->AddSigV4Service("s3", s3);
    // Unsigned, Bearer-token and presigned requests reach declared buckets by path.
    for (const auto& [key, bucket] : spec->storage) {
      table->AddPath("", "/" + bucket.name, s3);
      table->AddPathPrefix("/" + bucket.name + "/", s3);
    }
    table->AddPath("POST", "/_gloss/storage/presign",
                   storage::PresignRoute({.resolver = context.resolver,
                                          .pool = &context.pool,
                                          .access = context.storage_access(),
                                          .access_key_id = context.admin.access_key_id,
                                          .secret_access_key = context.admin.secret_access_key,
                                          .region = spec->region}));
  } else {
    table->AddSigV4Service("s3", Unavailable(context, {"s3", "storage", ErrorShape::kS3Xml}));
  }
  if (context.functions != nullptr && context.resolver != nullptr) {
    const functions::InvokeRouteContext invoke{.functions = context.functions,
                                               .resolver = context.resolver,
                                               .pool = &context.pool,
                                               .policies = context.function_policies,
                                               .region = context.current_spec()->region};
    const http::Route lambda = functions::InvokeRoute(invoke);
    table->AddSigV4Service("lambda", lambda);
    table->AddPathPrefix("/2015-03-31/functions/", lambda);
    table->AddPathPrefix("/_gloss/functions/", lambda);
    table->AddPath(
        "GET", "/_gloss/logs",
        functions::LogsRoute(
            {.functions = context.functions, .resolver = context.resolver, .pool = &context.pool}));
  } else {
    table->AddSigV4Service("lambda",
                           Unavailable(context, {"lambda", "functions", ErrorShape::kAwsJson}));
    table->AddPathPrefix("/2015-03-31/functions/",
                         Unavailable(context, {"lambda", "functions", ErrorShape::kAwsJson}));
  }
  if (context.data_service != nullptr && context.resolver != nullptr) {
    table->AddSigV4Service(
        "appsync", data::GraphqlRoute(*context.data_service, *context.resolver, context.pool));
  } else {
    table->AddSigV4Service("appsync", Unavailable(context, {"graphql", "data", ErrorShape::kJson}));
  }
  if (context.data_service != nullptr && context.resolver != nullptr) {
    table->AddPath("POST", "/graphql",
                   data::GraphqlRoute(*context.data_service, *context.resolver, context.pool));
  } else {
    table->AddPath("POST", "/graphql",
                   Unavailable(context, {"graphql", "data", ErrorShape::kJson}));
  }
  if (context.data_service != nullptr && context.resolver != nullptr) {
    table->AddPath(
        "GET", "/graphql/realtime",
        data::GraphqlRealtimeRoute(*context.data_service, *context.resolver, context.pool));
  } else {
    table->AddPath("GET", "/graphql/realtime",
                   Unavailable(context, {"graphql-realtime", "data", ErrorShape::kJson}));
  }
  return table;
}

}  // namespace gloss::sandbox
