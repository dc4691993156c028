// The S3 error codes Gloss answers with, each with its HTTP status and S3's
// default message, and the one place where a core::Status becomes an S3 error.
//
// Convention shared with aws/sigv4.h and the storage engine: an error Status
// whose message starts with "<S3 code>: " (e.g. "NoSuchKey: key 'a' not
// found") is rendered as that S3 code. S3ErrorStatus() builds such a Status.
// The rendering of the <Error> document and its headers is in
// error_response.h.
//
// Thread safety: pure functions over constant tables.

#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace gloss::storage::s3 {

// Enumerators spell the S3 code exactly, so they read like the wire.
enum class S3ErrorCode : uint8_t {
  kAccessDenied,
  kAuthorizationHeaderMalformed,
  kAuthorizationQueryParametersError,
  kBadDigest,
  kBucketAlreadyExists,
  kBucketAlreadyOwnedByYou,
  kBucketNotEmpty,
  kConditionalRequestConflict,
  kEntityTooLarge,
  kEntityTooSmall,
  kExpiredToken,
  kIllegalLocationConstraintException,
  kIncompleteBody,
  kIncompleteSignature,
  kInternalError,
  kInvalidAccessKeyId,
  kInvalidArgument,
  kInvalidBucketName,
  kInvalidDigest,
  kInvalidLocationConstraint,
  kInvalidPart,
  kInvalidPartOrder,
  kInvalidRange,
  kInvalidRequest,
  kInvalidStorageClass,
  kInvalidToken,
  kInvalidURI,
  kKeyTooLongError,
  kMalformedTrailerError,
  kMalformedXML,
  kMaxMessageLengthExceeded,
  kMetadataTooLarge,
  kMethodNotAllowed,
  kMissingContentLength,
  kMissingRequestBodyError,
  kMissingSecurityHeader,
  kNoSuchBucket,
  kNoSuchKey,
  kNoSuchUpload,
  kNoSuchVersion,
  kNotImplemented,
  kNotModified,
  kPreconditionFailed,
  kRequestTimeout,
  kRequestTimeTooSkewed,
  kServiceUnavailable,
  kSignatureDoesNotMatch,
  kSlowDown,
  kTooManyBuckets,
  kXAmzContentSHA256Mismatch,
};

struct S3ErrorInfo {
  S3ErrorCode code;
  std::string_view name;  // "NoSuchKey": the <Code> text.
  unsigned http_status;
  std::string_view default_message;
};

// Every code in enumerator order (for tests and documentation).
std::span<const S3ErrorInfo> AllS3Errors();

const S3ErrorInfo& GetS3ErrorInfo(S3ErrorCode code);

// The code called `name`, also for the few AWS codes other modules emit that
// S3 spells differently (MissingAuthenticationToken is AccessDenied).
std::optional<S3ErrorCode> FindS3ErrorCode(std::string_view name);

// The code a Status carries as its message prefix ("NoSuchKey: ..."), if any.
std::optional<S3ErrorCode> S3ErrorCodeOf(const Status& status);

// A Status whose message is "<name>: <message>" (the default message when
// `message` is empty) and whose StatusCode matches the HTTP status.
Status S3ErrorStatus(S3ErrorCode code, std::string_view message = {});

// An error as it goes on the wire.
struct S3Error {
  unsigned http_status = 500;
  std::string code;  // "NoSuchKey"
  std::string message;
  // Elements after <Message> beyond the ones error_response.h derives from
  // the request, in order: {"RangeRequested", "bytes=9-"}, {"Condition", "If-Match"}.
  std::vector<std::pair<std::string, std::string>> details;
};

// The S3 error for a non-OK `status`:
//   - "<known code>: text" -> that code, its status, "text" (default message
//     when empty). 5xx codes always carry the default message, so internal
//     details never reach the client (log the Status instead).
//   - no known prefix -> by StatusCode where the meaning is unambiguous
//     (kInvalidArgument InvalidArgument, kPermissionDenied/kUnauthenticated
//     AccessDenied, kPayloadTooLarge EntityTooLarge, kDeadlineExceeded
//     RequestTimeout, kUnimplemented NotImplemented, kUnavailable
//     ServiceUnavailable), else InternalError.
// An OK status (a caller bug) also yields InternalError.
S3Error S3ErrorFromStatus(const Status& status);

}  // namespace gloss::storage::s3
