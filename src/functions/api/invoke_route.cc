#include "functions/api/invoke_route.h"

#include <chrono>
#include <optional>
#include <utility>

#include <nlohmann/json.hpp>

#include "aws/sigv4.h"
#include "config/references.h"
#include "core/base64.h"
#include "http/blocking.h"

namespace gloss::functions {
namespace {

namespace asio = boost::asio;

constexpr std::string_view kLambdaPrefix = "/2015-03-31/functions/";
constexpr std::string_view kAdminPrefix = "/_gloss/functions/";

http::Response LambdaError(unsigned status, std::string_view type, std::string_view message) {
  http::Response response = http::Response::Json(
      status,
      nlohmann::json{{"Type", status < 500 ? "User" : "Service"}, {"message", message}}.dump(
          -1, ' ', false, nlohmann::json::error_handler_t::replace));
  response.SetHeader("X-Amzn-ErrorType", type);
  return response;
}

// The Lambda error for a Status of the service or the authorizer.
http::Response ErrorFor(const Status& status) {
  switch (status.code()) {
    case StatusCode::kNotFound:
      return LambdaError(404, "ResourceNotFoundException", status.message());
    case StatusCode::kPayloadTooLarge:
      return LambdaError(413, "RequestTooLargeException", status.message());
    case StatusCode::kResourceExhausted:
      return LambdaError(429, "TooManyRequestsException", status.message());
    case StatusCode::kUnauthenticated:
    case StatusCode::kPermissionDenied: {
      // SigV4 failures carry their AWS code as the message prefix.
      const std::string_view message = status.message();
      const size_t colon = message.find(':');
      const std::string_view code =
          colon == std::string_view::npos ? "AccessDeniedException" : message.substr(0, colon);
      return LambdaError(403, code, message);
    }
    case StatusCode::kInvalidArgument:
      return LambdaError(400, "InvalidRequestContentException", status.message());
    case StatusCode::kUnavailable: return LambdaError(503, "ServiceException", status.message());
    default: return LambdaError(500, "ServiceException", status.message());
  }
}

// The function name of "{prefix}{name}{suffix}"; names may also be given as
// an ARN, as Lambda allows ("arn:aws:lambda:REGION:ACCOUNT:function:NAME").
std::optional<std::string> FunctionNameOf(std::string_view path, std::string_view prefix,
                                          std::string_view suffix) {
  if (!path.starts_with(prefix) || !path.ends_with(suffix) ||
      path.size() <= prefix.size() + suffix.size()) {
    return std::nullopt;
  }
  Result<std::string> name =
      http::PercentDecode(path.substr(prefix.size(), path.size() - prefix.size() - suffix.size()));
  if (!name.ok() || name->find('/') != std::string::npos) {
    return std::nullopt;
  }
  if (const size_t function = name->rfind(":function:"); function != std::string::npos) {
    return name->substr(function + std::string_view(":function:").size());
  }
  return *std::move(name);
}

// Who may invoke `name`: the admin key pair, or a function whose policy
// allows lambda:InvokeFunction on its ARN.
Status Authorize(const InvokeRouteContext& context, const http::RequestHead& head,
                 std::string_view body, std::string_view name, bool admin_only) {
  auth::PresentedCredentials presented;
  presented.head = &head;
  presented.payload_sha256_hex = aws::Sha256Hex(body);
  ASSIGN_OR_RETURN(const auth::Principal principal,
                   context.resolver->Resolve(presented, std::chrono::system_clock::now()));
  if (principal.kind == auth::PrincipalKind::kAdmin) {
    return Status::Ok();
  }
  const std::string arn = config::FunctionArn(context.region, name);
  if (!admin_only && principal.kind == auth::PrincipalKind::kFunction) {
    const std::shared_ptr<const aws::IamPolicy> policy =
        context.policies ? context.policies(principal.function_name) : nullptr;
    if (policy && policy->Allows("lambda:InvokeFunction", arn)) {
      return Status::Ok();
    }
    return Status::PermissionDenied("AccessDeniedException: " + principal.function_name +
                                    " is not authorized to perform: lambda:InvokeFunction on "
                                    "resource: " +
                                    arn);
  }
  return Status::PermissionDenied(
      "AccessDeniedException: only the sandbox's admin credentials (STATE/credentials.json) " +
      std::string(admin_only ? "may use this endpoint" : "or a function's may invoke functions"));
}

struct Invocation {
  std::string name;
  std::string payload;
  std::string type = "RequestResponse";
  bool tail = false;
  std::string client_context;  // Decoded JSON.
};

asio::awaitable<http::Response> Invoke(const InvokeRouteContext& context, http::Request& request) {
  const http::RequestHead& head = request.head;
  // SigV4 requests of service `lambda` reach this route whatever their path.
  const bool admin_api = head.path.starts_with(kAdminPrefix);
  const std::optional<std::string> name =
      admin_api ? FunctionNameOf(head.path, kAdminPrefix, "/invoke")
                : FunctionNameOf(head.path, kLambdaPrefix, "/invocations");
  if (!name) {
    co_return LambdaError(404, "ResourceNotFoundException", "no such function route");
  }
  Result<std::string> body = co_await request.body.ReadAll(kMaxResponseBytes);
  if (!body.ok()) {
    co_return body.status().code() == StatusCode::kPayloadTooLarge
        ? LambdaError(413, "RequestTooLargeException",
                      "Request must be smaller than 6291456 bytes for the InvokeFunction "
                      "operation")
        : LambdaError(400, "InvalidRequestContentException", body.status().message());
  }
  Invocation invocation;
  invocation.name = *name;
  invocation.payload = body->empty() ? "{}" : *body;
  if (const auto type = head.headers.Get("x-amz-invocation-type")) {
    invocation.type = std::string(*type);
  }
  if (invocation.type != "RequestResponse" && invocation.type != "Event" &&
      invocation.type != "DryRun") {
    co_return LambdaError(400, "InvalidParameterValueException",
                          "X-Amz-Invocation-Type must be RequestResponse, Event or DryRun");
  }
  invocation.tail = head.headers.Get("x-amz-log-type").value_or("None") == "Tail";
  if (const auto context_header = head.headers.Get("x-amz-client-context")) {
    Result<std::string> decoded = Base64Decode(*context_header);
    if (!decoded.ok()) {
      co_return LambdaError(400, "InvalidRequestContentException",
                            "X-Amz-Client-Context must be base64");
    }
    invocation.client_context = *std::move(decoded);
  }
  if (!nlohmann::json::accept(invocation.payload)) {
    co_return LambdaError(400, "InvalidRequestContentException",
                          "Could not parse request body into json");
  }
  using Outcome = Result<std::optional<InvocationResult>>;
  const Outcome outcome = co_await http::RunBlocking(*context.pool, [&]() -> Outcome {
    RETURN_IF_ERROR(Authorize(context, head, *body, invocation.name, admin_api));
    if (invocation.type == "DryRun") {
      if (!context.functions->Exists(invocation.name)) {
        return Status::NotFound("Function not found: " + invocation.name);
      }
      return std::optional<InvocationResult>();
    }
    if (invocation.type == "Event") {
      RETURN_IF_ERROR(context.functions->InvokeAsync(invocation.name, invocation.payload));
      return std::optional<InvocationResult>();
    }
    InvocationRequest invoke;
    invoke.payload = std::move(invocation.payload);
    invoke.client_context = std::move(invocation.client_context);
    ASSIGN_OR_RETURN(InvocationResult result,
                     context.functions->Invoke(invocation.name, std::move(invoke)));
    return std::optional<InvocationResult>(std::move(result));
  });
  if (!outcome.ok()) {
    Status status = outcome.status();
    if (status.code() == StatusCode::kNotFound) {
      status = Status::NotFound("Function not found: " +
                                config::FunctionArn(context.region, invocation.name));
    }
    co_return ErrorFor(status);
  }
  if (!outcome->has_value()) {
    http::Response response;
    response.status = invocation.type == "Event" ? 202 : 204;
    co_return response;
  }
  const InvocationResult& result = **outcome;
  if (admin_api) {
    const nlohmann::json payload =
        nlohmann::json::parse(result.payload, nullptr, /*allow_exceptions=*/false);
    co_return http::Response::Json(
        200, nlohmann::json{{"requestId", result.request_id},
                            {"payload",
                             payload.is_discarded() ? nlohmann::json(result.payload) : payload},
                            {"functionError", result.function_error},
                            {"logTail", result.log_tail}}
                 .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  }
  http::Response response = http::Response::Json(200, result.payload);
  response.SetHeader("X-Amz-Executed-Version", "$LATEST");
  response.SetHeader("x-amzn-RequestId", result.request_id);
  if (result.function_error) {
    response.SetHeader("X-Amz-Function-Error", "Unhandled");
  }
  if (invocation.tail) {
    response.SetHeader("X-Amz-Log-Result", Base64Encode(result.log_tail));
  }
  co_return response;
}

}  // namespace

http::Route InvokeRoute(const InvokeRouteContext& context) {
  http::Route route;
  route.name = "lambda";
  route.body_limit = kMaxResponseBytes;
  route.handler = [context](http::Request& request) { return Invoke(context, request); };
  return route;
}

}  // namespace gloss::functions
