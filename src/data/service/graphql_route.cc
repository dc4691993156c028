#include "data/service/graphql_route.h"

#include <chrono>
#include <string>

#include "aws/sigv4.h"
#include "http/blocking.h"

namespace gloss::data {
namespace {

namespace asio = boost::asio;

http::Response AppSyncError(unsigned status, std::string_view type, std::string_view message) {
  const nlohmann::json body = {
      {"errors", nlohmann::json::array({{{"errorType", type}, {"message", message}}})}};
  return http::Response::Json(status,
                              body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

// What AppSync answers when the caller cannot be identified.
http::Response AuthError(const Status& status) {
  const std::string_view message = status.message();
  if (message.starts_with(auth::kInvalidApiKey)) {
    return AppSyncError(401, "UnauthorizedException", "You are not authorized to make this call.");
  }
  if (message.starts_with(auth::kInvalidUserToken)) {
    return AppSyncError(401, "UnauthorizedException", "Valid authorization header not provided.");
  }
  // SigV4: "SignatureDoesNotMatch: ..." and friends.
  const size_t colon = message.find(": ");
  const std::string_view code = colon == std::string_view::npos ? "" : message.substr(0, colon);
  if (code == "InvalidAccessKeyId" || code == "InvalidToken") {
    return AppSyncError(403, "UnrecognizedClientException",
                        "The security token included in the request is invalid.");
  }
  return AppSyncError(403, "InvalidSignatureException",
                      colon == std::string_view::npos ? message : message.substr(colon + 2));
}

asio::awaitable<http::Response> HandleGraphql(const DataService& service,
                                              const auth::PrincipalResolver& resolver,
                                              BlockingPool& blocking, http::Request& request) {
  if (request.head.method != "POST") {
    co_return AppSyncError(405, "MalformedHttpRequestException", "Use POST for GraphQL requests.");
  }
  Result<std::string> body = co_await request.body.ReadAll(kMaxGraphqlBodyBytes);
  if (!body.ok()) {
    co_return AppSyncError(body.status().code() == StatusCode::kPayloadTooLarge ? 413 : 400,
                           "MalformedHttpRequestException", body.status().message());
  }
  const http::RequestHead& head = request.head;
  Result<http::Response> response =
      co_await http::RunBlocking(blocking, [&]() -> Result<http::Response> {
        const auto now = std::chrono::system_clock::now();
        auth::PresentedCredentials presented;
        presented.head = &head;
        presented.payload_sha256_hex = aws::Sha256Hex(*body);
        Result<auth::Principal> principal = resolver.Resolve(presented, now);
        if (!principal.ok()) {
          return AuthError(principal.status());
        }
        if (principal->kind == auth::PrincipalKind::kGuest) {
          return AppSyncError(401, "UnauthorizedException",
                              "You are not authorized to make this call.");
        }
        const nlohmann::json parsed =
            nlohmann::json::parse(*body, nullptr, /*allow_exceptions=*/false);
        if (parsed.is_discarded() || !parsed.is_object()) {
          return AppSyncError(400, "MalformedHttpRequestException",
                              "Unable to parse the JSON document.");
        }
        return http::Response::Json(200, service.Execute(parsed, *principal, now));
      });
  if (!response.ok()) {
    co_return AppSyncError(500, "InternalFailure", "Internal failure");
  }
  co_return *std::move(response);
}

}  // namespace

http::Route GraphqlRoute(const DataService& service, const auth::PrincipalResolver& resolver,
                         BlockingPool& blocking) {
  http::Route route;
  route.name = "graphql";
  route.body_limit = kMaxGraphqlBodyBytes;
  route.handler = [&service, &resolver, &blocking](http::Request& request) {
    return HandleGraphql(service, resolver, blocking, request);
  };
  return route;
}

}  // namespace gloss::data
