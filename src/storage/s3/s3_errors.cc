#include "storage/s3/s3_errors.h"

#include <array>

namespace gloss::storage::s3 {
namespace {

using enum S3ErrorCode;

// Messages are S3's own wording where S3 documents one.
constexpr std::array kErrors = {
    S3ErrorInfo{kAccessDenied, "AccessDenied", 403, "Access Denied"},
    S3ErrorInfo{kAuthorizationHeaderMalformed, "AuthorizationHeaderMalformed", 400,
                "The authorization header you provided is invalid."},
    S3ErrorInfo{kAuthorizationQueryParametersError, "AuthorizationQueryParametersError", 400,
                "The authorization query parameters are invalid."},
    S3ErrorInfo{kBadDigest, "BadDigest", 400,
                "The Content-MD5 or checksum value that you specified did not match what the "
                "server received."},
    S3ErrorInfo{kBucketAlreadyExists, "BucketAlreadyExists", 409,
                "The requested bucket name is not available. The bucket namespace is shared by "
                "all users of the system. Select a different name and try again."},
    S3ErrorInfo{kBucketAlreadyOwnedByYou, "BucketAlreadyOwnedByYou", 409,
                "Your previous request to create the named bucket succeeded and you already own "
                "it."},
    S3ErrorInfo{kBucketNotEmpty, "BucketNotEmpty", 409,
                "The bucket that you tried to delete is not empty."},
    S3ErrorInfo{kConditionalRequestConflict, "ConditionalRequestConflict", 409,
                "A conflicting operation occurred. If using PutObject you can retry the request. "
                "If using multipart upload you should initiate another CreateMultipartUpload "
                "request and re-upload each part."},
    S3ErrorInfo{kEntityTooLarge, "EntityTooLarge", 400,
                "Your proposed upload exceeds the maximum allowed object size."},
    S3ErrorInfo{kEntityTooSmall, "EntityTooSmall", 400,
                "Your proposed upload is smaller than the minimum allowed object size."},
    S3ErrorInfo{kExpiredToken, "ExpiredToken", 400, "The provided token has expired."},
    S3ErrorInfo{kIllegalLocationConstraintException, "IllegalLocationConstraintException", 400,
                "The location constraint does not match the region of the endpoint."},
    S3ErrorInfo{kIncompleteBody, "IncompleteBody", 400,
                "You did not provide the number of bytes specified by the Content-Length HTTP "
                "header."},
    S3ErrorInfo{kIncompleteSignature, "IncompleteSignature", 400,
                "The request signature does not conform to AWS standards."},
    S3ErrorInfo{kInternalError, "InternalError", 500,
                "We encountered an internal error. Please try again."},
    S3ErrorInfo{kInvalidAccessKeyId, "InvalidAccessKeyId", 403,
                "The AWS access key ID that you provided does not exist in our records."},
    S3ErrorInfo{kInvalidArgument, "InvalidArgument", 400, "Invalid Argument"},
    S3ErrorInfo{kInvalidBucketName, "InvalidBucketName", 400, "The specified bucket is not valid."},
    S3ErrorInfo{kInvalidDigest, "InvalidDigest", 400,
                "The Content-MD5 or checksum value that you specified is not valid."},
    S3ErrorInfo{kInvalidLocationConstraint, "InvalidLocationConstraint", 400,
                "The specified location constraint is not valid."},
    S3ErrorInfo{kInvalidPart, "InvalidPart", 400,
                "One or more of the specified parts could not be found. The part might not have "
                "been uploaded, or the specified ETag might not have matched the uploaded part's "
                "ETag."},
    S3ErrorInfo{kInvalidPartOrder, "InvalidPartOrder", 400,
                "The list of parts was not in ascending order. The parts list must be specified "
                "in order by part number."},
    S3ErrorInfo{kInvalidRange, "InvalidRange", 416, "The requested range is not satisfiable"},
    S3ErrorInfo{kInvalidRequest, "InvalidRequest", 400, "Invalid Request"},
    S3ErrorInfo{kInvalidStorageClass, "InvalidStorageClass", 400,
                "The storage class you specified is not valid."},
    S3ErrorInfo{kInvalidToken, "InvalidToken", 400,
                "The provided token is malformed or otherwise invalid."},
    S3ErrorInfo{kInvalidURI, "InvalidURI", 400, "Couldn't parse the specified URI."},
    S3ErrorInfo{kKeyTooLongError, "KeyTooLongError", 400, "Your key is too long."},
    S3ErrorInfo{kMalformedTrailerError, "MalformedTrailerError", 400,
                "The request contained trailing data that was not well-formed or did not "
                "conform to our published schema."},
    S3ErrorInfo{kMalformedXML, "MalformedXML", 400,
                "The XML you provided was not well-formed or did not validate against our "
                "published schema."},
    S3ErrorInfo{kMaxMessageLengthExceeded, "MaxMessageLengthExceeded", 400,
                "Your request was too big."},
    S3ErrorInfo{kMetadataTooLarge, "MetadataTooLarge", 400,
                "Your metadata headers exceed the maximum allowed metadata size."},
    S3ErrorInfo{kMethodNotAllowed, "MethodNotAllowed", 405,
                "The specified method is not allowed against this resource."},
    S3ErrorInfo{kMissingContentLength, "MissingContentLength", 411,
                "You must provide the Content-Length HTTP header."},
    S3ErrorInfo{kMissingRequestBodyError, "MissingRequestBodyError", 400, "Request Body is empty."},
    S3ErrorInfo{kMissingSecurityHeader, "MissingSecurityHeader", 400,
                "Your request is missing a required header."},
    S3ErrorInfo{kNoSuchBucket, "NoSuchBucket", 404, "The specified bucket does not exist."},
    S3ErrorInfo{kNoSuchKey, "NoSuchKey", 404, "The specified key does not exist."},
    S3ErrorInfo{kNoSuchUpload, "NoSuchUpload", 404,
                "The specified multipart upload does not exist. The upload ID might be invalid, "
                "or the multipart upload might have been aborted or completed."},
    S3ErrorInfo{kNoSuchVersion, "NoSuchVersion", 404,
                "The version ID specified in the request does not match an existing version."},
    S3ErrorInfo{kNotImplemented, "NotImplemented", 501,
                "A header you provided implies functionality that is not implemented."},
    S3ErrorInfo{kNotModified, "NotModified", 304, "Not Modified"},
    S3ErrorInfo{kPreconditionFailed, "PreconditionFailed", 412,
                "At least one of the preconditions you specified did not hold."},
    S3ErrorInfo{kRequestTimeout, "RequestTimeout", 400,
                "Your socket connection to the server was not read from or written to within "
                "the timeout period."},
    S3ErrorInfo{kRequestTimeTooSkewed, "RequestTimeTooSkewed", 403,
                "The difference between the request time and the server's time is too large."},
    S3ErrorInfo{kServiceUnavailable, "ServiceUnavailable", 503,
                "Service is unable to handle request."},
    S3ErrorInfo{kSignatureDoesNotMatch, "SignatureDoesNotMatch", 403,
                "The request signature we calculated does not match the signature you "
                "provided. Check your key and signing method."},
    S3ErrorInfo{kSlowDown, "SlowDown", 503, "Please reduce your request rate."},
    S3ErrorInfo{kTooManyBuckets, "TooManyBuckets", 400,
                "You have attempted to create more buckets than allowed."},
    S3ErrorInfo{kXAmzContentSHA256Mismatch, "XAmzContentSHA256Mismatch", 400,
                "The provided 'x-amz-content-sha256' header does not match what was computed."},
};

// Codes that other AWS modules put in a Status but S3 answers differently.
constexpr std::array<std::pair<std::string_view, S3ErrorCode>, 1> kAliases = {{
    // aws/sigv4.h: no Authorization header. S3 answers 403 AccessDenied.
    {"MissingAuthenticationToken", kAccessDenied},
}};

StatusCode StatusCodeForHttp(unsigned http_status) {
  switch (http_status) {
    case 304: return StatusCode::kFailedPrecondition;  // A precondition outcome, not a failure.
    case 403: return StatusCode::kPermissionDenied;
    case 404: return StatusCode::kNotFound;
    case 409: return StatusCode::kAlreadyExists;
    case 412: return StatusCode::kFailedPrecondition;
    case 500: return StatusCode::kInternal;
    case 501: return StatusCode::kUnimplemented;
    case 503: return StatusCode::kUnavailable;
    default: return StatusCode::kInvalidArgument;  // 400, 405, 411, 416: the client's request.
  }
}

S3ErrorCode FallbackCode(StatusCode code) {
  switch (code) {
    case StatusCode::kInvalidArgument: return kInvalidArgument;
    case StatusCode::kUnauthenticated: return kAccessDenied;
    case StatusCode::kPermissionDenied: return kAccessDenied;
    case StatusCode::kPayloadTooLarge: return kEntityTooLarge;
    case StatusCode::kDeadlineExceeded: return kRequestTimeout;
    case StatusCode::kUnimplemented: return kNotImplemented;
    case StatusCode::kUnavailable: return kServiceUnavailable;
    default: return kInternalError;  // kNotFound etc.: which S3 code is unknown.
  }
}

S3Error MakeError(S3ErrorCode code, std::string_view message) {
  const S3ErrorInfo& info = GetS3ErrorInfo(code);
  S3Error error;
  error.http_status = info.http_status;
  error.code = std::string(info.name);
  error.message =
      std::string(message.empty() || info.http_status >= 500 ? info.default_message : message);
  return error;
}

}  // namespace

std::span<const S3ErrorInfo> AllS3Errors() { return kErrors; }

const S3ErrorInfo& GetS3ErrorInfo(S3ErrorCode code) {
  return kErrors[static_cast<size_t>(code)];  // Rows are in enumerator order (tested).
}

std::optional<S3ErrorCode> S3ErrorCodeOf(const Status& status) {
  const std::string_view message = status.message();
  const size_t colon = message.find(':');
  if (status.ok() || colon == std::string_view::npos) {
    return std::nullopt;
  }
  return FindS3ErrorCode(message.substr(0, colon));
}

std::optional<S3ErrorCode> FindS3ErrorCode(std::string_view name) {
  for (const S3ErrorInfo& info : kErrors) {
    if (info.name == name) {
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

Status S3ErrorStatus(S3ErrorCode code, std::string_view message) {
  const S3ErrorInfo& info = GetS3ErrorInfo(code);
  std::string text(info.name);
  text += ": ";
  text += message.empty() ? info.default_message : message;
  switch (StatusCodeForHttp(info.http_status)) {
    case StatusCode::kPermissionDenied: return Status::PermissionDenied(text);
    case StatusCode::kNotFound: return Status::NotFound(text);
    case StatusCode::kAlreadyExists: return Status::AlreadyExists(text);
    case StatusCode::kFailedPrecondition: return Status::FailedPrecondition(text);
    case StatusCode::kInternal: return Status::Internal(text);
    case StatusCode::kUnimplemented: return Status::Unimplemented(text);
    case StatusCode::kUnavailable: return Status::Unavailable(text);
    default: return Status::InvalidArgument(text);
  }
}

S3Error S3ErrorFromStatus(const Status& status) {
  if (status.ok()) {
    return MakeError(kInternalError, {});
  }
  const std::string_view message = status.message();
  const size_t colon = message.find(": ");
  if (colon != std::string_view::npos) {
    if (const std::optional<S3ErrorCode> code = FindS3ErrorCode(message.substr(0, colon))) {
      return MakeError(*code, message.substr(colon + 2));
    }
  }
  return MakeError(FallbackCode(status.code()), message);
}

}  // namespace gloss::storage::s3
