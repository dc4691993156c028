#include "http/cors.h"

#include <string>

namespace gloss::http {
namespace {

constexpr std::string_view kAllowedMethods = "GET, HEAD, PUT, POST, DELETE, PATCH";
// How long a browser may reuse a preflight's answer (seconds; browsers cap it
// at 2 hours or less).
constexpr std::string_view kPreflightMaxAge = "7200";

}  // namespace

std::optional<Response> PreflightResponse(const RequestHead& head) {
  if (head.method != "OPTIONS" || !head.headers.Get("origin") ||
      !head.headers.Get("access-control-request-method")) {
    return std::nullopt;
  }
  Response response;
  response.status = 204;
  response.SetHeader("Access-Control-Allow-Origin", "*");
  response.SetHeader("Access-Control-Allow-Methods", kAllowedMethods);
  if (const std::optional<std::string_view> requested =
          head.headers.Get("access-control-request-headers")) {
    response.SetHeader("Access-Control-Allow-Headers", *requested);
  }
  response.SetHeader("Access-Control-Max-Age", kPreflightMaxAge);
  response.SetHeader("Vary",
                     "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
  return response;
}

void AddCorsHeaders(const RequestHead& head, Response& response) {
  if (!head.headers.Get("origin")) {
    return;
  }
  response.SetHeader("Access-Control-Allow-Origin", "*");
  response.SetHeader("Access-Control-Expose-Headers", "*");
}

}  // namespace gloss::http
