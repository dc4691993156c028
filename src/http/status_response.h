// The one mapping from core::StatusCode to HTTP status codes, and the generic
// JSON error body used by Gloss's own endpoints (/_gloss/*, unknown routes).
// AWS-shaped services render their own error bodies (S3 XML, SQS/Cognito
// JSON `__type`) but take the HTTP status from here.
//
// Thread safety: pure functions.

#pragma once

#include <string_view>

#include "core/status.h"
#include "http/request.h"

namespace gloss::http {

unsigned ToHttpStatus(StatusCode code);

// {"error": {"code": "NotFound", "message": "..."}} with ToHttpStatus(status.code()).
Response StatusResponse(const Status& status);

}  // namespace gloss::http
