#include "gloss/internal/runtime_api_client.h"

#include <charconv>
#include <chrono>
#include <utility>

#include <nlohmann/json.hpp>

namespace gloss::sdk {
namespace {

constexpr std::string_view kPrefix = "/2018-06-01/runtime";
// Posts are small and answered at once; a runtime API that does not answer
// within this is gone.
constexpr std::chrono::seconds kPostTimeout(30);

std::string HeaderOr(const HttpResponse& response, std::string_view name) {
  return std::string(response.Header(name).value_or(""));
}

}  // namespace

std::string ErrorDocument(const HandlerError& error) {
  const nlohmann::json document = {{"errorMessage", error.message()},
                                   {"errorType", error.type()},
                                   {"stackTrace", nlohmann::json::array()}};
  return document.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<std::unique_ptr<RuntimeApiClient>> RuntimeApiClient::Create(std::string_view address) {
  const size_t colon = address.rfind(':');
  if (colon == std::string_view::npos || colon == 0) {
    return Status::InvalidArgument("AWS_LAMBDA_RUNTIME_API '" + std::string(address) +
                                   "' is not host:port");
  }
  std::string_view host = address.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  const std::string_view port_text = address.substr(colon + 1);
  unsigned port = 0;
  const auto [end, error] =
      std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (error != std::errc() || end != port_text.data() + port_text.size() || port == 0 ||
      port > 65535) {
    return Status::InvalidArgument("AWS_LAMBDA_RUNTIME_API '" + std::string(address) +
                                   "' has a bad port");
  }
  return std::unique_ptr<RuntimeApiClient>(
      new RuntimeApiClient(HttpClient(std::string(host), static_cast<uint16_t>(port))));
}

Result<Invocation> RuntimeApiClient::Next() {
  ASSIGN_OR_RETURN(
      HttpResponse response,
      http_.Send({.method = "GET", .target = std::string(kPrefix) + "/invocation/next"},
                 std::nullopt));
  if (response.status != 200) {
    return Status::InvalidArgument("runtime API answered next with " +
                                   std::to_string(response.status) + ": " + response.body);
  }
  Invocation invocation;
  Context& context = invocation.context;
  context.request_id = HeaderOr(response, "lambda-runtime-aws-request-id");
  if (context.request_id.empty()) {
    return Status::InvalidArgument("runtime API answered next without a request id");
  }
  context.invoked_function_arn = HeaderOr(response, "lambda-runtime-invoked-function-arn");
  context.trace_id = HeaderOr(response, "lambda-runtime-trace-id");
  context.client_context = HeaderOr(response, "lambda-runtime-client-context");
  context.cognito_identity = HeaderOr(response, "lambda-runtime-cognito-identity");
  const std::string deadline = HeaderOr(response, "lambda-runtime-deadline-ms");
  int64_t deadline_ms = 0;
  std::from_chars(deadline.data(), deadline.data() + deadline.size(), deadline_ms);
  context.deadline = std::chrono::system_clock::time_point(std::chrono::milliseconds(deadline_ms));
  invocation.event = std::move(response.body);
  return invocation;
}

Status RuntimeApiClient::Post(std::string target, std::string body, std::string_view error_type) {
  HttpRequest request{.method = "POST", .target = std::move(target), .body = std::move(body)};
  request.headers.emplace_back("content-type", "application/json");
  if (!error_type.empty()) {
    request.headers.emplace_back("lambda-runtime-function-error-type", std::string(error_type));
  }
  ASSIGN_OR_RETURN(HttpResponse response, http_.Send(request, kPostTimeout));
  if (response.status < 200 || response.status >= 300) {
    return Status::FailedPrecondition("runtime API answered " + request.target + " with " +
                                      std::to_string(response.status) + ": " + response.body);
  }
  return Status::Ok();
}

Status RuntimeApiClient::PostResponse(std::string_view request_id, std::string payload) {
  return Post(std::string(kPrefix) + "/invocation/" + std::string(request_id) + "/response",
              std::move(payload), "");
}

Status RuntimeApiClient::PostError(std::string_view request_id, const HandlerError& error) {
  return Post(std::string(kPrefix) + "/invocation/" + std::string(request_id) + "/error",
              ErrorDocument(error), error.type());
}

Status RuntimeApiClient::PostInitError(const HandlerError& error) {
  return Post(std::string(kPrefix) + "/init/error", ErrorDocument(error), error.type());
}

}  // namespace gloss::sdk
