// Conditional requests (RFC 9110 13, as S3 applies them):
//
//   - reads (GetObject, HeadObject): If-Match, If-None-Match,
//     If-Modified-Since, If-Unmodified-Since -> proceed, 304 NotModified or
//     412 PreconditionFailed, in RFC 9110 13.2.2 order. It yields S3's
//     documented combinations: If-Match true + If-Unmodified-Since false ->
//     proceed (the date is not evaluated when If-Match is present);
//     If-None-Match false + If-Modified-Since true -> 304.
//   - copies (CopyObject, UploadPartCopy): the same four headers prefixed
//     x-amz-copy-source-, evaluated against the source; every failure is a
//     412 (S3 never answers a copy with 304).
//   - writes (PutObject, CompleteMultipartUpload, CopyObject's destination):
//     If-None-Match: * (only "*") -> 412 when the object exists; If-Match:
//     <etag> -> 412 on a different ETag, 404 NoSuchKey when there is no object.
//
// ETags are compared without their quotes and without a W/ prefix, so a
// client may send them either way; "*" matches any existing object. Dates
// are compared at one-second resolution; an unparseable date is ignored, as
// RFC 9110 requires.
//
// Thread safety: pure functions.

#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "http/request.h"
#include "storage/s3/dates.h"

namespace gloss::storage::s3 {

// What the preconditions are evaluated against.
struct ObjectValidators {
  std::string_view etag;  // With or without quotes.
  TimePoint last_modified;
};

struct ReadPreconditions {
  std::optional<std::string> if_match;
  std::optional<std::string> if_none_match;
  std::optional<TimePoint> if_modified_since;
  std::optional<TimePoint> if_unmodified_since;
};

// If-Match, If-None-Match, If-Modified-Since, If-Unmodified-Since.
ReadPreconditions ParseReadPreconditions(const http::Headers& headers);

// The x-amz-copy-source-if-* headers.
ReadPreconditions ParseCopySourcePreconditions(const http::Headers& headers);

// GET/HEAD. Errors: NotModified (304; answer without a body, with ETag and
// Last-Modified) or PreconditionFailed (412). The message names the header.
Status EvaluateReadPreconditions(const ReadPreconditions& preconditions,
                                 const ObjectValidators& object);

// CopyObject/UploadPartCopy source. Errors: PreconditionFailed.
Status EvaluateCopySourcePreconditions(const ReadPreconditions& preconditions,
                                       const ObjectValidators& source);

struct WritePreconditions {
  std::optional<std::string> if_match;
  bool if_none_match_any = false;  // If-None-Match: *
};

// Errors: NotImplemented for an If-None-Match other than "*" (S3 supports
// only create-if-absent).
Result<WritePreconditions> ParseWritePreconditions(const http::Headers& headers);

// `current` is the object the write would replace, nullopt when there is
// none. Errors: PreconditionFailed; NoSuchKey for If-Match without an object.
Status EvaluateWritePreconditions(const WritePreconditions& preconditions,
                                  const std::optional<ObjectValidators>& current);

// True if the If-Match / If-None-Match list `condition` (comma-separated
// entity tags or "*") names `etag`.
bool EtagListMatches(std::string_view condition, std::string_view etag);

}  // namespace gloss::storage::s3
