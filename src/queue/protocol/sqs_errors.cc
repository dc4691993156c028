#include "queue/protocol/sqs_errors.h"

#include <array>
#include <utility>

namespace gloss::queue::protocol {
namespace {

using enum SqsErrorCode;
using enum SqsFault;

// HTTP statuses and query codes are those of the SQS service model
// (awsQueryError traits); AccessDenied and the authentication codes are AWS's
// common errors. Messages follow SQS's documented wording.
constexpr std::array kErrors = {
    SqsErrorInfo{kAccessDenied, "AccessDenied", "AccessDenied", 403, kSender,
                 StatusCode::kPermissionDenied, "Access to the resource is denied."},
    SqsErrorInfo{kBatchEntryIdsNotDistinct, "BatchEntryIdsNotDistinct",
                 "AWS.SimpleQueueService.BatchEntryIdsNotDistinct", 400, kSender,
                 StatusCode::kInvalidArgument,
                 "Two or more batch entries in the request have the same Id."},
    SqsErrorInfo{kBatchRequestTooLong, "BatchRequestTooLong",
                 "AWS.SimpleQueueService.BatchRequestTooLong", 400, kSender,
                 StatusCode::kInvalidArgument,
                 "The length of all the messages put together is more than the limit."},
    SqsErrorInfo{kEmptyBatchRequest, "EmptyBatchRequest",
                 "AWS.SimpleQueueService.EmptyBatchRequest", 400, kSender,
                 StatusCode::kInvalidArgument, "The batch request doesn't contain any entries."},
    SqsErrorInfo{kIncompleteSignature, "IncompleteSignature", "IncompleteSignature", 400, kSender,
                 StatusCode::kInvalidArgument,
                 "The request signature does not conform to AWS standards."},
    SqsErrorInfo{kInternalError, "InternalError", "InternalError", 500, kReceiver,
                 StatusCode::kInternal, "We encountered an internal error. Please try again."},
    SqsErrorInfo{kInvalidAction, "InvalidAction", "InvalidAction", 400, kSender,
                 StatusCode::kInvalidArgument,
                 "The action or operation requested is invalid. Verify that the action is typed "
                 "correctly."},
    SqsErrorInfo{kInvalidAddress, "InvalidAddress", "InvalidAddress", 404, kSender,
                 StatusCode::kInvalidArgument, "The specified ID is invalid."},
    SqsErrorInfo{kInvalidAttributeName, "InvalidAttributeName", "InvalidAttributeName", 400,
                 kSender, StatusCode::kInvalidArgument, "The specified attribute doesn't exist."},
    SqsErrorInfo{kInvalidAttributeValue, "InvalidAttributeValue", "InvalidAttributeValue", 400,
                 kSender, StatusCode::kInvalidArgument, "A queue attribute value is invalid."},
    SqsErrorInfo{kInvalidBatchEntryId, "InvalidBatchEntryId",
                 "AWS.SimpleQueueService.InvalidBatchEntryId", 400, kSender,
                 StatusCode::kInvalidArgument,
                 "The Id of a batch entry in a batch request doesn't abide by the specification."},
    SqsErrorInfo{kInvalidClientTokenId, "InvalidClientTokenId", "InvalidClientTokenId", 403,
                 kSender, StatusCode::kUnauthenticated,
                 "The security token included in the request is invalid."},
    SqsErrorInfo{kInvalidMessageContents, "InvalidMessageContents", "InvalidMessageContents", 400,
                 kSender, StatusCode::kInvalidArgument,
                 "The message contains characters outside the allowed set."},
    SqsErrorInfo{kInvalidParameterValue, "InvalidParameterValue", "InvalidParameterValue", 400,
                 kSender, StatusCode::kInvalidArgument,
                 "An invalid or out-of-range value was specified for the input parameter."},
    SqsErrorInfo{kInvalidSecurity, "InvalidSecurity", "InvalidSecurity", 403, kSender,
                 StatusCode::kPermissionDenied,
                 "The request was not made over HTTPS or did not use SigV4 for signing."},
    SqsErrorInfo{kMessageNotInflight, "MessageNotInflight",
                 "AWS.SimpleQueueService.MessageNotInflight", 400, kSender,
                 StatusCode::kFailedPrecondition, "The specified message isn't in flight."},
    SqsErrorInfo{kMissingAuthenticationToken, "MissingAuthenticationToken",
                 "MissingAuthenticationToken", 403, kSender, StatusCode::kUnauthenticated,
                 "The request must contain either a valid (registered) AWS access key ID or "
                 "X.509 certificate."},
    SqsErrorInfo{kMissingParameter, "MissingParameter", "MissingParameter", 400, kSender,
                 StatusCode::kInvalidArgument,
                 "A required parameter for the specified action is not supplied."},
    SqsErrorInfo{kOverLimit, "OverLimit", "OverLimit", 403, kSender, StatusCode::kResourceExhausted,
                 "The specified action violates a limit."},
    SqsErrorInfo{kPurgeQueueInProgress, "PurgeQueueInProgress",
                 "AWS.SimpleQueueService.PurgeQueueInProgress", 403, kSender,
                 StatusCode::kFailedPrecondition,
                 "Only one PurgeQueue operation on a queue is allowed every 60 seconds."},
    SqsErrorInfo{kQueueDeletedRecently, "QueueDeletedRecently",
                 "AWS.SimpleQueueService.QueueDeletedRecently", 400, kSender,
                 StatusCode::kFailedPrecondition,
                 "You must wait 60 seconds after deleting a queue before you can create another "
                 "queue with the same name."},
    SqsErrorInfo{kQueueDoesNotExist, "QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue",
                 400, kSender, StatusCode::kNotFound, "The specified queue does not exist."},
    SqsErrorInfo{kQueueNameExists, "QueueNameExists", "QueueAlreadyExists", 400, kSender,
                 StatusCode::kAlreadyExists,
                 "A queue already exists with the same name and a different value for attribute "
                 "or tags."},
    SqsErrorInfo{kReceiptHandleIsInvalid, "ReceiptHandleIsInvalid", "ReceiptHandleIsInvalid", 404,
                 kSender, StatusCode::kInvalidArgument,
                 "The specified receipt handle isn't valid."},
    SqsErrorInfo{kRequestExpired, "RequestExpired", "RequestExpired", 400, kSender,
                 StatusCode::kUnauthenticated,
                 "The request reached the service more than 15 minutes after the date stamp on "
                 "the request, or the date stamp is more than 15 minutes in the future."},
    SqsErrorInfo{kRequestThrottled, "RequestThrottled", "RequestThrottled", 403, kSender,
                 StatusCode::kResourceExhausted,
                 "The request was denied due to request throttling."},
    SqsErrorInfo{kResourceNotFoundException, "ResourceNotFoundException",
                 "ResourceNotFoundException", 404, kSender, StatusCode::kNotFound,
                 "One or more specified resources don't exist."},
    SqsErrorInfo{kServiceUnavailable, "ServiceUnavailable", "ServiceUnavailable", 503, kReceiver,
                 StatusCode::kUnavailable,
                 "The request has failed due to a temporary failure of the server."},
    SqsErrorInfo{kSignatureDoesNotMatch, "SignatureDoesNotMatch", "SignatureDoesNotMatch", 403,
                 kSender, StatusCode::kPermissionDenied,
                 "The request signature we calculated does not match the signature you "
                 "provided. Check your AWS Secret Access Key and signing method."},
    SqsErrorInfo{kTooManyEntriesInBatchRequest, "TooManyEntriesInBatchRequest",
                 "AWS.SimpleQueueService.TooManyEntriesInBatchRequest", 400, kSender,
                 StatusCode::kInvalidArgument,
                 "The batch request contains more entries than permissible."},
    SqsErrorInfo{kUnsupportedOperation, "UnsupportedOperation",
                 "AWS.SimpleQueueService.UnsupportedOperation", 400, kSender,
                 StatusCode::kUnimplemented, "Error code 400. Unsupported operation."},
};

// Codes other modules put in a Status (aws/sigv4.h, aws/sigv4_presign.h)
// that SQS spells differently.
constexpr std::array<std::pair<std::string_view, SqsErrorCode>, 6> kAliases = {{
    {"InvalidAccessKeyId", kInvalidClientTokenId},
    {"InvalidToken", kInvalidClientTokenId},
    {"RequestTimeTooSkewed", kRequestExpired},
    {"AuthorizationHeaderMalformed", kIncompleteSignature},
    {"AuthorizationQueryParametersError", kIncompleteSignature},
    {"InvalidArgument", kInvalidParameterValue},
}};

SqsErrorCode FallbackCode(StatusCode code) {
  switch (code) {
    case StatusCode::kInvalidArgument: return kInvalidParameterValue;
    case StatusCode::kPayloadTooLarge: return kInvalidParameterValue;
    case StatusCode::kUnauthenticated: return kAccessDenied;
    case StatusCode::kPermissionDenied: return kAccessDenied;
    case StatusCode::kResourceExhausted: return kRequestThrottled;
    case StatusCode::kUnimplemented: return kUnsupportedOperation;
    case StatusCode::kUnavailable: return kServiceUnavailable;
    case StatusCode::kDeadlineExceeded: return kServiceUnavailable;
    default: return kInternalError;  // kNotFound etc.: which SQS code is unknown.
  }
}

SqsError MakeError(SqsErrorCode code, std::string_view message) {
  const SqsErrorInfo& info = GetSqsErrorInfo(code);
  SqsError error;
  error.code = code;
  error.http_status = info.http_status;
  error.fault = info.fault;
  error.name = std::string(info.name);
  error.query_code = std::string(info.query_code);
  error.message =
      std::string(message.empty() || info.http_status >= 500 ? info.default_message : message);
  return error;
}

}  // namespace

std::span<const SqsErrorInfo> AllSqsErrors() { return kErrors; }

const SqsErrorInfo& GetSqsErrorInfo(SqsErrorCode code) {
  return kErrors[static_cast<size_t>(code)];  // Rows are in enumerator order (tested).
}

std::optional<SqsErrorCode> FindSqsErrorCode(std::string_view name) {
  for (const SqsErrorInfo& info : kErrors) {
    if (info.name == name || info.query_code == name) {
      return info.code;
    }
  }
  for (const auto& [alias, code] : kAliases) {
    if (alias == name) {
      return code;
    }
  }
  return std::nullopt;
}

std::optional<SqsErrorCode> SqsErrorCodeOf(const Status& status) {
  if (status.ok()) {
    return std::nullopt;
  }
  const std::string_view message = status.message();
  const size_t colon = message.find(": ");
  if (colon == std::string_view::npos) {
    return std::nullopt;
  }
  return FindSqsErrorCode(message.substr(0, colon));
}

Status SqsErrorStatus(SqsErrorCode code, std::string_view message) {
  const SqsErrorInfo& info = GetSqsErrorInfo(code);
  std::string text(info.name);
  text += ": ";
  text += message.empty() ? info.default_message : message;
  switch (info.status_code) {
    case StatusCode::kUnauthenticated: return Status::Unauthenticated(text);
    case StatusCode::kPermissionDenied: return Status::PermissionDenied(text);
    case StatusCode::kNotFound: return Status::NotFound(text);
    case StatusCode::kAlreadyExists: return Status::AlreadyExists(text);
    case StatusCode::kFailedPrecondition: return Status::FailedPrecondition(text);
    case StatusCode::kResourceExhausted: return Status::ResourceExhausted(text);
    case StatusCode::kUnimplemented: return Status::Unimplemented(text);
    case StatusCode::kUnavailable: return Status::Unavailable(text);
    case StatusCode::kInternal: return Status::Internal(text);
    default: return Status::InvalidArgument(text);
  }
}

SqsError SqsErrorOf(const Status& status) {
  if (status.ok()) {
    return MakeError(kInternalError, {});
  }
  const std::string_view message = status.message();
  const size_t colon = message.find(": ");
  if (colon != std::string_view::npos) {
    if (const std::optional<SqsErrorCode> code = FindSqsErrorCode(message.substr(0, colon))) {
      return MakeError(*code, message.substr(colon + 2));
    }
  }
  return MakeError(FallbackCode(status.code()), message);
}

}  // namespace gloss::queue::protocol
