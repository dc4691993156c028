// The request headers of CopyObject and UploadPartCopy that name the source:
// x-amz-copy-source and x-amz-metadata-directive, and S3's rule against a
// copy onto itself that changes nothing. (x-amz-copy-source-range is in
// range.h, x-amz-copy-source-if-* in conditional.h.)
//
// Thread safety: pure functions.

#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "http/request.h"

namespace gloss::storage::s3 {

struct CopySource {
  std::string bucket;
  std::string key;
  std::optional<std::string> version_id;  // From "?versionId=..."; "null" is S3's unversioned id.
};

// Parses an x-amz-copy-source value: URL-encoded "bucket/key", optionally
// with a leading '/' and a "?versionId=<id>" suffix. Only the part before
// '?' is percent-decoded, once ('+' stays '+'). Errors: InvalidArgument when
// bucket or key is missing, an escape is bad, the bucket is not
// addressable or another parameter follows '?'; KeyTooLongError.
Result<CopySource> ParseCopySource(std::string_view value);

enum class MetadataDirective { kCopy, kReplace };

// x-amz-metadata-directive: COPY (also when absent) or REPLACE.
// Errors: InvalidArgument for any other value.
Result<MetadataDirective> ParseMetadataDirective(const http::Headers& headers);

// S3 refuses a copy of an object onto itself that keeps its metadata.
// Errors: InvalidRequest.
Status CheckNotCopyOntoItself(const CopySource& source, std::string_view bucket,
                              std::string_view key, MetadataDirective directive);

}  // namespace gloss::storage::s3
