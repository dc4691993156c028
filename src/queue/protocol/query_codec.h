// The SQS query protocol, what older SDKs and the AWS CLI v1 send:
// `Action=SendMessage&Version=2012-11-05&QueueUrl=...&MessageBody=...` as an
// application/x-www-form-urlencoded body or a GET query string, answered with
// XML documents. Requests are decoded into the JSON protocol's input of the
// operation, and JSON results encoded as that operation's XML, so every
// operation is implemented once, against JSON (see sqs_model.h for the
// name mapping: Attribute.N.Name/Value -> "Attributes", Tag.N.Key/Value ->
// "tags"/"Tags", MessageAttribute.N.Value.DataType, SendMessageBatchRequestEntry.N.*, ...).
//
// Not here: authentication (Signature, AWSAccessKeyId and X-Amz-* parameters
// are ignored by the decoder), queue lookup, and the HTTP response itself.
//
// Thread safety: pure functions.

#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "core/status.h"
#include "queue/protocol/sqs_call.h"

namespace gloss::queue::protocol {

inline constexpr std::string_view kQueryContentType = "text/xml";
inline constexpr std::string_view kSqsXmlNamespace = "http://queue.amazonaws.com/doc/2012-11-05/";
// List and map indexes run from 1 to this (Attribute.1 ... Attribute.100).
inline constexpr size_t kMaxQueryListIndex = 100;

// Decodes the form parameters `form` (percent-encoded, '+' for space).
// Parameters the operation does not define are ignored. Indexes of a list
// need not be contiguous; elements are taken in index order.
// Errors (SqsErrorStatus):
//   kMissingParameter: no Action, or a map entry without its Name / Key;
//   kInvalidAction: an Action that is not an SQS operation;
//   kInvalidParameterValue: a malformed form (see internal/form.h), an
//     Integer parameter that is not a 32-bit integer, a list index that is
//     not 1..kMaxQueryListIndex, a map key given twice.
Result<SqsCall> DecodeQueryRequest(std::string_view form);

// The XML response document of `operation` (an operation of sqs_model.h):
// <?xml version="1.0"?><OpResponse xmlns=kSqsXmlNamespace><OpResult>members
// of `output`</OpResult><ResponseMetadata><RequestId>..</RequestId>
// </ResponseMetadata></OpResponse>. Operations without output have no
// <OpResult>. Members of `output` that the model does not define, nulls, and
// members of the wrong JSON type are left out.
std::string EncodeQueryResponse(std::string_view operation, const nlohmann::json& output,
                                std::string_view request_id);

// The XML error document for a non-OK `status` (see SqsErrorOf()):
// <ErrorResponse xmlns=kSqsXmlNamespace><Error><Type>Sender</Type>
// <Code>AWS.SimpleQueueService.NonExistentQueue</Code><Message>..</Message>
// <Detail/></Error><RequestId>..</RequestId></ErrorResponse>.
// The HTTP status to send with it is SqsErrorOf(status).http_status.
std::string EncodeQueryError(const Status& status, std::string_view request_id);

}  // namespace gloss::queue::protocol
