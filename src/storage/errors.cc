#include "storage/errors.h"

#include <array>
#include <cstddef>
#include <string>

#include "core/assert.h"

namespace gloss::storage {
namespace {

struct ErrorSpec {
  S3Error error;
  std::string_view name;
  StatusCode code;
};

// Indexed by S3Error; the order must match the enum (checked in S3ErrorName).
constexpr std::array<ErrorSpec, 16> kErrors = {{
    {S3Error::kNoSuchBucket, "NoSuchBucket", StatusCode::kNotFound},
    {S3Error::kNoSuchKey, "NoSuchKey", StatusCode::kNotFound},
    {S3Error::kNoSuchUpload, "NoSuchUpload", StatusCode::kNotFound},
    {S3Error::kBucketAlreadyOwnedByYou, "BucketAlreadyOwnedByYou", StatusCode::kAlreadyExists},
    // 409 on S3; the precondition "bucket is empty" fails.
    {S3Error::kBucketNotEmpty, "BucketNotEmpty", StatusCode::kFailedPrecondition},
    {S3Error::kInvalidBucketName, "InvalidBucketName", StatusCode::kInvalidArgument},
    {S3Error::kKeyTooLongError, "KeyTooLongError", StatusCode::kInvalidArgument},
    {S3Error::kInvalidArgument, "InvalidArgument", StatusCode::kInvalidArgument},
    {S3Error::kInvalidPart, "InvalidPart", StatusCode::kInvalidArgument},
    {S3Error::kInvalidPartOrder, "InvalidPartOrder", StatusCode::kInvalidArgument},
    {S3Error::kEntityTooSmall, "EntityTooSmall", StatusCode::kInvalidArgument},
    {S3Error::kEntityTooLarge, "EntityTooLarge", StatusCode::kPayloadTooLarge},
    {S3Error::kBadDigest, "BadDigest", StatusCode::kInvalidArgument},
    {S3Error::kInvalidRequest, "InvalidRequest", StatusCode::kInvalidArgument},
    {S3Error::kMalformedXML, "MalformedXML", StatusCode::kInvalidArgument},
    {S3Error::kMetadataTooLarge, "MetadataTooLarge", StatusCode::kInvalidArgument},
}};

const ErrorSpec& SpecOf(S3Error error) {
  const ErrorSpec& spec = kErrors[static_cast<size_t>(error)];
  GLOSS_CHECK(spec.error == error);  // kErrors lists the enumerators in order.
  return spec;
}

Status StatusWithCode(StatusCode code, std::string_view message) {
  switch (code) {
    case StatusCode::kNotFound: return Status::NotFound(message);
    case StatusCode::kAlreadyExists: return Status::AlreadyExists(message);
    case StatusCode::kFailedPrecondition: return Status::FailedPrecondition(message);
    case StatusCode::kPayloadTooLarge: return Status::PayloadTooLarge(message);
    case StatusCode::kInvalidArgument: return Status::InvalidArgument(message);
    default: break;
  }
  GLOSS_BUG("S3 error with an unexpected StatusCode");
  return Status::Internal(message);
}

}  // namespace

std::string_view S3ErrorName(S3Error error) { return SpecOf(error).name; }

StatusCode S3ErrorStatusCode(S3Error error) { return SpecOf(error).code; }

Status MakeS3Error(S3Error error, std::string_view message) {
  const ErrorSpec& spec = SpecOf(error);
  std::string text(spec.name);
  text += ": ";
  text += message;
  return StatusWithCode(spec.code, text);
}

std::optional<S3Error> S3ErrorOf(const Status& status) {
  if (status.ok()) {
    return std::nullopt;
  }
  const std::string_view message = status.message();
  for (const ErrorSpec& spec : kErrors) {
    if (status.code() == spec.code && message.size() > spec.name.size() &&
        message.substr(0, spec.name.size()) == spec.name && message[spec.name.size()] == ':') {
      return spec.error;
    }
  }
  return std::nullopt;
}

}  // namespace gloss::storage
