#include "auth/cognito_api.h"

#include <chrono>
#include <string>

#include "http/blocking.h"

namespace gloss::auth {
namespace {

namespace asio = boost::asio;

constexpr std::string_view kContentType = "application/x-amz-json-1.1";

http::Response ErrorResponse(unsigned status, std::string_view type, std::string_view message) {
  const nlohmann::json body = {{"__type", type}, {"message", message}};
  http::Response response = http::Response::Text(
      status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), kContentType);
  response.SetHeader("x-amzn-ErrorType", type);
  return response;
}

// Turns a failed operation into Cognito's error shape. Messages of Cognito
// errors start with the exception name ("NotAuthorizedException: ...").
http::Response RenderError(const Status& status) {
  constexpr unsigned kClientError = 400;
  if (status.code() == StatusCode::kUnimplemented) {
    return ErrorResponse(501, "NotImplemented", status.message());
  }
  std::string_view type = CognitoExceptionName(status);
  std::string_view message = status.message();
  constexpr std::string_view kSerialization = "SerializationException";
  if (type.empty() && message.starts_with(kSerialization)) {
    type = kSerialization;
  }
  if (type.empty()) {
    return ErrorResponse(500, "InternalErrorException", "Internal error");
  }
  if (message.starts_with(type) && message.substr(type.size()).starts_with(": ")) {
    message.remove_prefix(type.size() + 2);
  }
  return ErrorResponse(kClientError, type, message);
}

asio::awaitable<http::Response> HandleCognito(UserPool& pool, BlockingPool& blocking,
                                              http::Request& request) {
  const std::optional<std::string_view> target = request.head.headers.Get("x-amz-target");
  const std::string operation(target->substr(target->find('.') + 1));  // Routed by prefix.
  Result<std::string> body = co_await request.body.ReadAll(kMaxRequestBytes);
  if (!body.ok()) {
    co_return ErrorResponse(400, "SerializationException", body.status().message());
  }
  const std::string remote_address = request.head.remote_address;
  Result<nlohmann::json> result =
      co_await http::RunBlocking(blocking, [&]() -> Result<nlohmann::json> {
        ASSIGN_OR_RETURN(const CognitoRequest decoded, CognitoRequest::Parse(*body));
        return pool.Call(operation, decoded, remote_address, std::chrono::system_clock::now());
      });
  if (!result.ok()) {
    co_return RenderError(result.status());
  }
  co_return http::Response::Text(200, result->dump(), kContentType);
}

}  // namespace

http::Route CognitoApiRoute(UserPool& pool, BlockingPool& blocking) {
  http::Route route;
  route.name = "cognito-idp";
  route.body_limit = kMaxRequestBytes;
  route.handler = [&pool, &blocking](http::Request& request) {
    return HandleCognito(pool, blocking, request);
  };
  return route;
}

http::Route JwksRoute(UserPool& pool) {
  http::Route route;
  route.name = "jwks";
  route.handler = [&pool](http::Request& request) -> asio::awaitable<http::Response> {
    if (request.head.path != "/" + pool.identity().pool_id + "/.well-known/jwks.json") {
      co_return http::Response::Json(
          404, R"({"error":{"code":"NotFound","message":"no such user pool"}})");
    }
    co_return http::Response::Json(200, pool.Jwks().dump());
  };
  return route;
}

}  // namespace gloss::auth
