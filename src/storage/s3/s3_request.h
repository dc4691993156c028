// Request classification for the S3 REST API: which operation a request
// head names (method + path + sub-resource query markers + x-amz-copy-source),
// and on which bucket and key. Path-style (`/bucket/key`) always;
// virtual-hosted style (`Host: bucket.s3.localhost:9000`) for the host
// suffixes the caller configures.
//
// The key is the rest of the raw path after "/bucket/", percent-decoded
// exactly once; keys are opaque (`/bkt/../x` is key "../x", `%2F` is '/',
// '+' is '+'). Parsing each operation's own parameters is left to
// list_params.h, multipart_params.h, object_headers.h, copy_source.h, ...
//
// Thread safety: pure functions.

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "http/request.h"
#include "storage/s3/query_params.h"

namespace gloss::storage::s3 {

enum class S3Operation : uint8_t {
  kListBuckets,
  kCreateBucket,
  kDeleteBucket,
  kHeadBucket,
  kGetBucketLocation,
  kListObjects,    // v1: GET /bucket
  kListObjectsV2,  // GET /bucket?list-type=2
  kListMultipartUploads,
  kDeleteObjects,  // POST /bucket?delete
  kPutObject,
  kCopyObject,  // PUT with x-amz-copy-source
  kGetObject,
  kHeadObject,
  kDeleteObject,
  kCreateMultipartUpload,    // POST ?uploads
  kUploadPart,               // PUT ?partNumber&uploadId
  kUploadPartCopy,           // the same with x-amz-copy-source
  kCompleteMultipartUpload,  // POST ?uploadId
  kAbortMultipartUpload,     // DELETE ?uploadId
  kListParts,                // GET ?uploadId
};

// "PutObject", ... as AWS names the operation.
std::string_view S3OperationName(S3Operation operation);

struct S3Request {
  S3Operation operation = S3Operation::kListBuckets;
  std::string bucket;  // Empty only for ListBuckets.
  std::string key;     // Empty for service and bucket operations.
  QueryParams query;   // Decoded query, for the parameter parsers.

  // "/bucket" or "/bucket/key" (decoded), for the <Resource> of errors.
  std::string Resource() const;
};

struct ClassifyOptions {
  // Host names under which the first label is a bucket, e.g. "s3.localhost"
  // and "localhost": `photos.s3.localhost:9000` names bucket "photos". The
  // longest matching suffix wins; a host equal to a suffix is path-style.
  std::vector<std::string> virtual_host_suffixes;
};

// Classifies `head`. Errors (message prefix = S3 code):
//   InvalidURI         a path that does not start with '/', a bad escape
//   InvalidBucketName  a bucket that is not IsAddressableBucketName
//   KeyTooLongError    a key over 1024 bytes
//   MethodNotAllowed   a method the resource does not support (PATCH, ...)
//   NotImplemented     an S3 sub-resource Gloss does not implement (?acl,
//                      ?versioning, ?tagging, ...)
//   InvalidArgument    list-type other than 2, partNumber without uploadId or
//                      the reverse on PUT
Result<S3Request> ClassifyS3Request(const http::RequestHead& head,
                                    const ClassifyOptions& options = {});

}  // namespace gloss::storage::s3
