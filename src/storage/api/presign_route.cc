#include "storage/api/presign_route.h"

#include <chrono>
#include <utility>

#include <nlohmann/json.hpp>

#include "aws/sigv4.h"
#include "aws/sigv4_presign.h"
#include "http/blocking.h"
#include "storage/s3/s3_errors.h"

namespace gloss::storage {
namespace {

namespace asio = boost::asio;

constexpr size_t kMaxRequestBytes = 16 * 1024;
constexpr int64_t kDefaultExpiry = 900;

http::Response Error(unsigned status, std::string_view code, std::string_view message) {
  const nlohmann::json body = {{"error", {{"code", code}, {"message", message}}}};
  return http::Response::Json(status,
                              body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

// The request's fields, checked.
struct PresignRequest {
  std::string bucket;
  std::string key;
  std::string method;
  int64_t expires_in = kDefaultExpiry;
};

Result<PresignRequest> ParseRequest(std::string_view body) {
  const nlohmann::json json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  const auto text = [&json](const char* name) -> std::string {
    const auto found = json.find(name);
    return found != json.end() && found->is_string() ? found->get<std::string>() : "";
  };
  if (!json.is_object()) {
    return Status::InvalidArgument("the body must be a JSON object");
  }
  PresignRequest request{text("bucket"), text("key"), text("method"), kDefaultExpiry};
  if (request.bucket.empty() || request.key.empty()) {
    return Status::InvalidArgument("bucket and key are required");
  }
  if (request.method != "GET" && request.method != "PUT") {
    return Status::InvalidArgument("method must be GET or PUT");
  }
  if (const auto expires = json.find("expiresIn"); expires != json.end()) {
    if (!expires->is_number_integer() || expires->get<int64_t>() < 1 ||
        expires->get<int64_t>() > aws::kMaxPresignExpiry.count()) {
      return Status::InvalidArgument("expiresIn must be 1 to 604800 seconds");
    }
    request.expires_in = expires->get<int64_t>();
  }
  return request;
}

asio::awaitable<http::Response> Presign(const PresignRouteContext& context,
                                        http::Request& request) {
  Result<std::string> body = co_await request.body.ReadAll(kMaxRequestBytes);
  if (!body.ok()) {
    co_return Error(400, "InvalidArgument", body.status().message());
  }
  Result<PresignRequest> wanted = ParseRequest(*body);
  if (!wanted.ok()) {
    co_return Error(400, "InvalidArgument", wanted.status().message());
  }
  const http::RequestHead& head = request.head;
  const Status allowed = co_await http::RunBlocking(*context.pool, [&]() -> Status {
    auth::PresentedCredentials presented;
    presented.head = &head;
    presented.payload_sha256_hex = aws::Sha256Hex(*body);
    ASSIGN_OR_RETURN(const auth::Principal principal,
                     context.resolver->Resolve(presented, std::chrono::system_clock::now()));
    return context.access->Check(principal, principal.identity_id,
                                 wanted->method == "PUT" ? S3Action::kPut : S3Action::kGet,
                                 wanted->bucket, wanted->key);
  });
  if (!allowed.ok()) {
    const bool unauthenticated = allowed.code() == StatusCode::kUnauthenticated;
    co_return Error(unauthenticated ? 401 : 403, unauthenticated ? "NotAuthorized" : "AccessDenied",
                    allowed.message());
  }
  const std::string host(head.headers.Get("host").value_or("127.0.0.1"));
  http::RequestHead target;
  target.method = wanted->method;
  target.path = "/" + wanted->bucket + "/" + aws::UriEncode(wanted->key, /*keep_slash=*/true);
  target.headers.Add("host", host);
  aws::PresignV4Params params;
  params.access_key_id = context.access_key_id;
  params.secret_access_key = context.secret_access_key;
  params.region = context.region;
  params.amz_date = aws::FormatAmzDate(std::chrono::system_clock::now());
  params.expires = std::chrono::seconds(wanted->expires_in);
  Result<std::string> query = aws::PresignV4(target, params);
  if (!query.ok()) {
    co_return Error(400, "InvalidArgument", query.status().message());
  }
  const nlohmann::json answer = {{"url", "http://" + host + target.path + "?" + *query},
                                 {"method", wanted->method},
                                 {"expiresIn", wanted->expires_in}};
  co_return http::Response::Json(200, answer.dump());
}

}  // namespace

http::Route PresignRoute(PresignRouteContext context) {
  http::Route route;
  route.name = "storage-presign";
  route.body_limit = kMaxRequestBytes;
  route.handler = [context = std::move(context)](http::Request& request) {
    return Presign(context, request);
  };
  return route;
}

}  // namespace gloss::storage
