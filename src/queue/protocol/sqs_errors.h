// The SQS error codes Gloss answers with, each with its two wire spellings
// (the JSON protocol's `__type` short name and the query protocol's error
// code), HTTP status, fault side and default message, and the one place where
// a core::Status becomes an SQS error.
//
// Convention shared with storage/s3/s3_errors.h and aws/sigv4.h: an error
// Status whose message starts with "<Name>: " (e.g. "QueueDoesNotExist: queue
// 'q1'") is rendered as that code. SqsErrorStatus() builds such a Status. The
// codes aws/sigv4.h puts in front of its messages (InvalidAccessKeyId,
// RequestTimeTooSkewed, ...) are understood too, as SQS spells them.
// The wire documents themselves are written by json_codec.h and query_codec.h.
//
// This is not the list of every SQS error: KMS errors and the deprecated
// InvalidIdFormat are left out because Gloss never raises them.
//
// Thread safety: pure functions over constant tables.

#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/status.h"

namespace gloss::queue::protocol {

// Enumerators spell the `__type` short name, so they read like the wire.
enum class SqsErrorCode : uint8_t {
  kAccessDenied,
  kBatchEntryIdsNotDistinct,
  kBatchRequestTooLong,
  kEmptyBatchRequest,
  kIncompleteSignature,
  kInternalError,
  kInvalidAction,
  kInvalidAddress,
  kInvalidAttributeName,
  kInvalidAttributeValue,
  kInvalidBatchEntryId,
  kInvalidClientTokenId,
  kInvalidMessageContents,
  kInvalidParameterValue,
  kInvalidSecurity,
  kMessageNotInflight,
  kMissingAuthenticationToken,
  kMissingParameter,
  kOverLimit,
  kPurgeQueueInProgress,
  kQueueDeletedRecently,
  kQueueDoesNotExist,
  kQueueNameExists,
  kReceiptHandleIsInvalid,
  kRequestExpired,
  kRequestThrottled,
  kResourceNotFoundException,
  kServiceUnavailable,
  kSignatureDoesNotMatch,
  kTooManyEntriesInBatchRequest,
  kUnsupportedOperation,
};

// Who is to blame, as the query protocol's <Type> and x-amzn-query-error say.
enum class SqsFault : uint8_t { kSender, kReceiver };

struct SqsErrorInfo {
  SqsErrorCode code;
  std::string_view name;        // "QueueDoesNotExist": JSON `__type` after '#'.
  std::string_view query_code;  // "AWS.SimpleQueueService.NonExistentQueue".
  unsigned http_status;
  SqsFault fault;
  StatusCode status_code;  // What SqsErrorStatus() builds: kNotFound for QueueDoesNotExist, ...
  std::string_view default_message;
};

// Every code in enumerator order (for tests and documentation).
std::span<const SqsErrorInfo> AllSqsErrors();

const SqsErrorInfo& GetSqsErrorInfo(SqsErrorCode code);

// The code spelled `name`: a short name ("QueueDoesNotExist"), a query code
// ("AWS.SimpleQueueService.NonExistentQueue"), or one of the codes other
// modules put in a Status that SQS spells differently ("InvalidAccessKeyId"
// is InvalidClientTokenId, "RequestTimeTooSkewed" RequestExpired, ...).
std::optional<SqsErrorCode> FindSqsErrorCode(std::string_view name);

// The code a Status carries as its message prefix ("QueueDoesNotExist: ..."),
// if any. Nullopt for OK.
std::optional<SqsErrorCode> SqsErrorCodeOf(const Status& status);

// A Status whose message is "<name>: <message>" (the default message when
// `message` is empty) and whose StatusCode is the table's.
Status SqsErrorStatus(SqsErrorCode code, std::string_view message = {});

// An error as it goes on the wire.
struct SqsError {
  SqsErrorCode code = SqsErrorCode::kInternalError;
  unsigned http_status = 500;
  SqsFault fault = SqsFault::kReceiver;
  std::string name;        // "QueueDoesNotExist"
  std::string query_code;  // "AWS.SimpleQueueService.NonExistentQueue"
  std::string message;
};

// The SQS error for a non-OK `status`:
//   - "<known code>: text" -> that code and "text" (the default message when
//     empty). 5xx codes always carry the default message, so internal
//     details never reach the client (log the Status instead).
//   - no known prefix -> by StatusCode where the meaning is unambiguous:
//     kInvalidArgument and kPayloadTooLarge InvalidParameterValue (SQS has no
//     413; an oversized message is InvalidParameterValue there too),
//     kPermissionDenied and kUnauthenticated AccessDenied, kResourceExhausted
//     RequestThrottled, kUnimplemented UnsupportedOperation, kUnavailable and
//     kDeadlineExceeded ServiceUnavailable; anything else InternalError.
// An OK status (a caller bug) also yields InternalError.
SqsError SqsErrorOf(const Status& status);

}  // namespace gloss::queue::protocol
