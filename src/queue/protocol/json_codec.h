// The AWS JSON 1.0 protocol of SQS, what current SDKs send:
// `POST /` with `X-Amz-Target: AmazonSQS.<Operation>` and a JSON body in the
// operation's input shape, answered with a JSON body or an error carrying
// both the JSON `__type` and the query-compatible `x-amzn-query-error` header
// (AWS-WIRE-PROTOCOLS.md, "SQS").
//
// Not here: authentication, queue lookup, and the HTTP response itself (the
// types below are plain values, not tied to the HTTP library).
//
// Thread safety: pure functions.

#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "core/status.h"
#include "queue/protocol/sqs_call.h"

namespace gloss::queue::protocol {

inline constexpr std::string_view kJsonContentType = "application/x-amz-json-1.0";
inline constexpr std::string_view kJsonTargetPrefix = "AmazonSQS.";
// Deeper bodies are refused before they are parsed; SQS inputs nest 5 deep.
inline constexpr size_t kMaxJsonDepth = 32;

// Decodes a request: `amz_target` is the X-Amz-Target header
// ("AmazonSQS.SendMessage"), `body` the request body (empty means {}).
// Members are checked against the operation's model (sqs_model.h): strings
// must be strings, Integer members integers that fit 32 bits, lists arrays,
// maps objects, ...; members the model does not define are kept as they are,
// and null members are removed (the JSON protocol's "absent").
// Errors (SqsErrorStatus):
//   kInvalidAction: a target without the AmazonSQS. prefix or naming no
//     SQS operation;
//   kInvalidParameterValue: a body that is not a JSON object, or nests deeper
//     than kMaxJsonDepth, or a member of the wrong type.
Result<SqsCall> DecodeJsonRequest(std::string_view amz_target, std::string_view body);

// The response body for an operation's `output`. Never throws: text that is
// not UTF-8 (which decoded requests cannot contain) is replaced by U+FFFD.
std::string EncodeJsonResponse(const nlohmann::json& output);

// An error response as it goes on the wire.
struct SqsJsonError {
  unsigned http_status = 500;
  // content-type, x-amzn-query-error ("<query code>;Sender"), x-amzn-RequestId.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;  // {"__type":"com.amazonaws.sqs#<Name>","message":"..."}
};

// The error response for a non-OK `status` (see SqsErrorOf()).
SqsJsonError EncodeJsonError(const Status& status, std::string_view request_id);

}  // namespace gloss::queue::protocol
