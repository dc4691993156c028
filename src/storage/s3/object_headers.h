// The object attributes a client sets with request headers on PutObject,
// CreateMultipartUpload and CopyObject (REPLACE): user metadata
// (x-amz-meta-*), the standard content headers S3 stores and returns, and
// the storage class. Also the response-* query overrides of GetObject.
//
// Not here: checksums and Content-MD5 (verified against the body by the
// handler), SSE, tagging, object lock.
//
// Thread safety: pure functions.

#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>

#include "core/result.h"
#include "http/request.h"
#include "storage/s3/query_params.h"

namespace gloss::storage::s3 {

// S3 limits user metadata to 2 KB: the UTF-8 bytes of every name (without
// "x-amz-meta-") plus every value.
inline constexpr size_t kMaxUserMetadataBytes = 2048;

// What S3 stores when a PUT carries no Content-Type (the SDK always sends
// one, application/octet-stream by default).
inline constexpr std::string_view kDefaultContentType = "binary/octet-stream";

inline constexpr std::string_view kUserMetadataPrefix = "x-amz-meta-";

// User metadata by lower-case name without the prefix. Repeated headers are
// joined with ',' as S3 does.
using UserMetadata = std::map<std::string, std::string>;

struct ContentHeaders {
  std::string content_type = std::string(kDefaultContentType);
  std::string content_encoding;  // Without the aws-chunked transfer coding; empty: none.
  std::string content_disposition;
  std::string content_language;
  std::string cache_control;
  std::string expires;  // As sent; S3 returns it verbatim.

  friend bool operator==(const ContentHeaders&, const ContentHeaders&) = default;
};

struct ObjectWriteHeaders {
  ContentHeaders content;
  UserMetadata metadata;
  std::string storage_class = "STANDARD";
};

// Errors: MetadataTooLarge over kMaxUserMetadataBytes; InvalidArgument for a
// header named just "x-amz-meta-".
Result<UserMetadata> ParseUserMetadata(const http::Headers& headers);

// Content-Type (default kDefaultContentType; also for an empty value),
// Content-Encoding minus "aws-chunked", Content-Disposition,
// Content-Language, Cache-Control, Expires.
ContentHeaders ParseContentHeaders(const http::Headers& headers);

// x-amz-storage-class, STANDARD when absent. Errors: InvalidStorageClass for
// a name S3 does not know. Gloss stores every class the same way.
Result<std::string> ParseStorageClass(const http::Headers& headers);

// All of the above. Errors: as the parts.
Result<ObjectWriteHeaders> ParseObjectWriteHeaders(const http::Headers& headers);

// GetObject's response-content-type, response-content-language,
// response-expires, response-cache-control, response-content-disposition and
// response-content-encoding query parameters replace the stored values.
ContentHeaders ApplyResponseOverrides(ContentHeaders stored, const QueryParams& query);

}  // namespace gloss::storage::s3
