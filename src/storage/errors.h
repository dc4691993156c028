// S3 error codes as storage/ reports them: a Status whose message starts with
// S3's code name and ": ", e.g. "NoSuchKey: key 'a/b' in bucket 'photos'",
// and whose StatusCode fits the error (docs/design/storage.md, "Errors"). The
// S3 protocol layer reads the name back with S3ErrorOf() and renders S3's
// HTTP status and <Error><Code>; this file knows nothing of HTTP.
//
// Thread safety: pure functions.

#pragma once

#include <optional>
#include <string_view>

#include "core/status.h"

namespace gloss::storage {

enum class S3Error {
  kNoSuchBucket,
  kNoSuchKey,
  kNoSuchUpload,
  kBucketAlreadyOwnedByYou,
  kBucketNotEmpty,
  kInvalidBucketName,
  kKeyTooLongError,
  kInvalidArgument,
  kInvalidPart,
  kInvalidPartOrder,
  kEntityTooSmall,
  kEntityTooLarge,
  kBadDigest,
  kInvalidRequest,
  kMalformedXML,
  kMetadataTooLarge,
};

// S3's spelling: "NoSuchBucket", "KeyTooLongError", ...
std::string_view S3ErrorName(S3Error error);

// The StatusCode storage/ uses for `error` (kNotFound for NoSuchKey, ...).
StatusCode S3ErrorStatusCode(S3Error error);

// Status{S3ErrorStatusCode(error), "<S3ErrorName(error)>: <message>"}.
Status MakeS3Error(S3Error error, std::string_view message);

// The S3 error named by `status`'s message prefix; nullopt for OK and for
// errors without one (database or disk failures: S3's InternalError).
std::optional<S3Error> S3ErrorOf(const Status& status);

}  // namespace gloss::storage
