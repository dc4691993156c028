// Turning what went wrong into an AwsError: transport failures, S3's XML
// error documents, the JSON error bodies of the AWS JSON and REST-JSON
// services (SQS, Bedrock), following the rules the AWS SDKs use to name an
// error (AWS-WIRE-PROTOCOLS.md).
//
// Thread safety: pure functions.

#pragma once

#include <string>
#include <string_view>

#include "core/status.h"
#include "gloss/internal/http_client.h"
#include "gloss/outcome.h"

namespace gloss::sdk {

// ConfigurationError with `message`.
AwsError ConfigurationError(std::string_view message);

// An HttpClient failure: NetworkingError, TimeoutError or InvalidResponse.
AwsError TransportError(const Status& status);

// The generic name for a status without a usable error body: 404 NotFound,
// 403 Forbidden, 400 BadRequest, ... (S3's HEAD answers have no body).
std::string CodeForHttpStatus(unsigned status);

// An S3 error: `<Error><Code/><Message/><RequestId/></Error>`, else
// CodeForHttpStatus. The request id also comes from x-amz-request-id.
AwsError S3Error(const HttpResponse& response);

// A JSON-protocol error. Code from x-amzn-errortype, then the body's __type
// ("com.amazonaws.sqs#QueueDoesNotExist" -> "QueueDoesNotExist"), then its
// code/Code member, then CodeForHttpStatus; ":..." suffixes are dropped.
// Message from message/Message. Request id from x-amzn-requestid.
AwsError JsonError(const HttpResponse& response);

}  // namespace gloss::sdk
