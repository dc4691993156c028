#include "auth/cognito_api.h"

#include <chrono>
#include <functional>
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

// The AWS JSON protocols' names for failures to resolve the caller of an
// admin operation (aws/sigv4.h and principal_resolver.h codes). A user token
// or API key is no SigV4 signature: answered as AWS answers a bearer header.
std::string_view JsonProtocolAuthError(std::string_view sigv4_code) {
  if (sigv4_code == "MissingAuthenticationToken" || sigv4_code == kInvalidApiKey) {
    return "MissingAuthenticationTokenException";
  }
  if (sigv4_code == kInvalidUserToken) {
    return "IncompleteSignatureException";
  }
  if (sigv4_code == "InvalidAccessKeyId" || sigv4_code == "InvalidToken") {
    return "UnrecognizedClientException";
  }
  if (sigv4_code == "IncompleteSignature" || sigv4_code == "AuthorizationHeaderMalformed") {
    return "IncompleteSignatureException";
  }
  if (sigv4_code == "SignatureDoesNotMatch" || sigv4_code == "RequestTimeTooSkewed") {
    return "InvalidSignatureException";
  }
  return {};
}

// Turns a failed operation into Cognito's error shape. Messages of Cognito
// errors start with the exception name ("NotAuthorizedException: ..."), SigV4
// errors with the S3-style code that JsonProtocolAuthError renames.
http::Response RenderError(const Status& status) {
  constexpr unsigned kClientError = 400;
  if (status.code() == StatusCode::kUnimplemented) {
    return ErrorResponse(501, "NotImplemented", status.message());
  }
  std::string_view type = CognitoExceptionName(status);
  std::string_view message = status.message();
  if (const size_t colon = message.find(": "); type.empty() && colon != std::string_view::npos) {
    if (const std::string_view renamed = JsonProtocolAuthError(message.substr(0, colon));
        !renamed.empty()) {
      return ErrorResponse(kClientError, renamed, message.substr(colon + 2));
    }
  }
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

// Runs one operation of an AWS JSON 1.1 API: `run(operation, body, head, now)`
// on the blocking pool, its result or error in the protocol's shape.
using JsonOperation = std::function<Result<nlohmann::json>(
    const std::string& operation, const std::string& body, const http::RequestHead& head,
    std::chrono::system_clock::time_point now)>;

asio::awaitable<http::Response> HandleJsonApi(const JsonOperation& run, BlockingPool& blocking,
                                              http::Request& request) {
  const std::optional<std::string_view> target = request.head.headers.Get("x-amz-target");
  const std::string operation(target->substr(target->find('.') + 1));  // Routed by prefix.
  Result<std::string> body = co_await request.body.ReadAll(kMaxRequestBytes);
  if (!body.ok()) {
    co_return ErrorResponse(400, "SerializationException", body.status().message());
  }
  const http::RequestHead& head = request.head;
  Result<nlohmann::json> result = co_await http::RunBlocking(
      blocking, [&] { return run(operation, *body, head, std::chrono::system_clock::now()); });
  if (!result.ok()) {
    co_return RenderError(result.status());
  }
  co_return http::Response::Text(200, result->dump(), kContentType);
}

http::Route JsonApiRoute(std::string name, BlockingPool& blocking, JsonOperation run) {
  http::Route route;
  route.name = std::move(name);
  route.body_limit = kMaxRequestBytes;
  route.handler = [&blocking, run = std::move(run)](http::Request& request) {
    return HandleJsonApi(run, blocking, request);
  };
  return route;
}

}  // namespace

http::Route CognitoApiRoute(UserPool& pool, const PrincipalResolver& resolver,
                            BlockingPool& blocking) {
  return JsonApiRoute(
      "cognito-idp", blocking,
      [&pool, &resolver](const std::string& operation, const std::string& body,
                         const http::RequestHead& head,
                         std::chrono::system_clock::time_point now) -> Result<nlohmann::json> {
        // User-facing operations are unsigned (their tokens are members of the
        // body); only the admin ones need to know who calls.
        Principal caller;
        if (UserPool::IsAdminOperation(operation)) {
          PresentedCredentials presented;
          presented.head = &head;
          presented.payload_sha256_hex = aws::Sha256Hex(body);
          ASSIGN_OR_RETURN(caller, resolver.Resolve(presented, now));
        }
        ASSIGN_OR_RETURN(const CognitoRequest decoded, CognitoRequest::Parse(body));
        return pool.Call(operation, decoded, caller, head.remote_address, now);
      });
}

http::Route CognitoIdentityRoute(IdentityPool& identities, BlockingPool& blocking) {
  return JsonApiRoute(
      "cognito-identity", blocking,
      [&identities](const std::string& operation, const std::string& body, const http::RequestHead&,
                    std::chrono::system_clock::time_point now) {
        return identities.Call(operation, body, now);
      });
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
