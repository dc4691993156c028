#include "http/status_response.h"

#include <nlohmann/json.hpp>

#include "core/assert.h"

namespace gloss::http {

unsigned ToHttpStatus(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return 200;
    case StatusCode::kInvalidArgument: return 400;
    case StatusCode::kUnauthenticated: return 401;
    case StatusCode::kPermissionDenied: return 403;
    case StatusCode::kNotFound: return 404;
    case StatusCode::kAlreadyExists: return 409;
    case StatusCode::kFailedPrecondition: return 412;
    case StatusCode::kPayloadTooLarge: return 413;
    case StatusCode::kResourceExhausted: return 429;
    case StatusCode::kUnimplemented: return 501;
    case StatusCode::kUnavailable: return 503;
    case StatusCode::kDeadlineExceeded: return 504;
    case StatusCode::kCorruption: return 500;
    case StatusCode::kInternal: return 500;
  }
  GLOSS_BUG("unmapped StatusCode");
  return 500;
}

Response StatusResponse(const Status& status) {
  const nlohmann::json body = {
      {"error", {{"code", StatusCodeName(status.code())}, {"message", status.message()}}}};
  return Response::Json(ToHttpStatus(status.code()),
                        body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace gloss::http
