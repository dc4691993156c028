// S3 error responses on the wire, and the request-id headers of every S3
// response:
//
//   HTTP/1.1 404 Not Found
//   Content-Type: application/xml
//   x-amz-request-id: <id>
//   x-amz-id-2: <host id>
//
//   <?xml version="1.0" encoding="UTF-8"?>
//   <Error><Code>NoSuchKey</Code><Message>...</Message><Key>a/b</Key>
//   <RequestId>...</RequestId><HostId>...</HostId></Error>
//
// The element after <Message> names what the error is about, as S3 does:
// <Key> for NoSuchKey, <BucketName> for the bucket errors, <UploadId> for
// NoSuchUpload, otherwise <Resource>/bucket/key</Resource>. The Error document
// has no XML namespace (S3 sends none). HEAD responses and 304 carry no body.
// No `Server: AmazonS3` header: no client depends on it, and the HTTP layer
// owns Server.
//
// Thread safety: pure functions.

#pragma once

#include <string>
#include <string_view>

#include "http/request.h"
#include "storage/s3/s3_errors.h"

namespace gloss::storage::s3 {

// What the failed request addressed; empty fields are left out.
struct ErrorSubject {
  std::string_view bucket = {};
  std::string_view key = {};
  std::string_view upload_id = {};
};

struct ResponseIds {
  std::string request_id;  // x-amz-request-id and <RequestId>.
  std::string host_id;     // x-amz-id-2 and <HostId>; may be empty.
};

std::string RenderErrorDocument(const S3Error& error, const ErrorSubject& subject,
                                const ResponseIds& ids);

// Sets x-amz-request-id (and x-amz-id-2 when host_id is set).
void SetResponseIds(http::Response& response, const ResponseIds& ids);

// The complete error response. `head_request`: no body (the SDK then names a
// 404 "NotFound" by status alone).
http::Response MakeErrorResponse(const S3Error& error, const ErrorSubject& subject,
                                 const ResponseIds& ids, bool head_request);

}  // namespace gloss::storage::s3
