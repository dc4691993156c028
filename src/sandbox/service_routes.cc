#include "sandbox/service_routes.h"

#include <nlohmann/json.hpp>

#include "http/blocking.h"
#include "http/status_response.h"

namespace gloss::sandbox {
namespace {

namespace asio = boost::asio;

// The AWS-shaped APIs of ARCHITECTURE §4, by the service that will serve them.
struct PlannedApi {
  const char* route_name;
  const char* service;
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

http::Route Unavailable(const SystemRouteContext& context, PlannedApi api) {
  http::Route route;
  route.name = api.route_name;
  route.handler = [&context, api](http::Request&) -> asio::awaitable<http::Response> {
    const std::string service = api.service;
    const bool configured = Configured(*context.current_spec(), service);
    co_return http::StatusResponse(Status::Unimplemented(
        "the " + service + " service (" + api.route_name + ") is " +
        (configured ? "configured in backend.toml but " : "") + "not served by this gloss build"));
  };
  return route;
}

asio::awaitable<http::Response> Health(const SystemRouteContext& context) {
  // A trivial query proves the database answers and the blocking pool runs.
  Result<std::optional<db::Row>> probe = co_await http::RunBlocking(
      context.pool, [&] { return context.database.QueryOne("SELECT 1"); });
  nlohmann::json services = nlohmann::json::object();
  for (const ServiceState& state : ServiceStates(*context.current_spec())) {
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

std::vector<ServiceState> ServiceStates(const BackendSpec& spec) {
  std::vector<ServiceState> states;
  for (const char* name : {"auth", "data", "storage", "queues", "functions"}) {
    states.push_back({name, Configured(spec, name), /*active=*/false});
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
    co_return http::Response::Text(200, context.metrics.RenderPrometheus(),
                                   "text/plain; version=0.0.4; charset=utf-8");
  };
  table->AddPath("GET", "/_gloss/metrics", std::move(metrics));

  table->AddAmzTarget("AWSCognitoIdentityProviderService",
                      Unavailable(context, {"cognito-idp", "auth"}));
  table->AddAmzTarget("AWSCognitoIdentityService",
                      Unavailable(context, {"cognito-identity", "auth"}));
  table->AddAmzTarget("AmazonSQS", Unavailable(context, {"sqs", "queues"}));
  table->AddSigV4Service("sqs", Unavailable(context, {"sqs", "queues"}));
  table->AddSigV4Service("s3", Unavailable(context, {"s3", "storage"}));
  table->AddSigV4Service("lambda", Unavailable(context, {"lambda", "functions"}));
  table->AddSigV4Service("appsync", Unavailable(context, {"graphql", "data"}));
  table->AddPathPrefix("/2015-03-31/functions/", Unavailable(context, {"lambda", "functions"}));
  table->AddPath("POST", "/graphql", Unavailable(context, {"graphql", "data"}));
  table->AddPath("GET", "/graphql/realtime", Unavailable(context, {"graphql-realtime", "data"}));
  table->AddPathSuffix("/.well-known/jwks.json", Unavailable(context, {"jwks", "auth"}));
  return table;
}

}  // namespace gloss::sandbox
