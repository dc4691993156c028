// The S3 operations behind S3Route (s3_route.h), one function each, and the
// per-request state they share. Private to storage/api: the route classifies
// and authenticates a request, then calls the operation named by
// s3::ClassifyS3Request.
//
// Operations without a streamed body are plain functions that block on the
// ObjectStore: the route runs them on the BlockingPool. Those with an XML
// body take it already read. PutObject and UploadPart are coroutines on the
// I/O thread that stream the body to the engine (s3_body.h).
//
// Every operation authorizes itself with S3Call::Authorize and returns the
// success response, or an error Status whose message carries the S3 code
// ("NoSuchKey: ..."), which the route renders as S3's <Error> document.
//
// Thread safety: an S3Call belongs to one request; the operations it is
// passed to run one at a time.

#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>  // Boost 1.74 awaitable.hpp uses std::exchange without it.

#include <boost/asio/awaitable.hpp>

#include "auth/principal.h"
#include "aws/sigv4.h"
#include "core/result.h"
#include "http/request.h"
#include "storage/api/s3_body.h"
#include "storage/api/s3_route.h"
#include "storage/api/storage_access.h"
#include "storage/object_types.h"
#include "storage/s3/copy_source.h"
#include "storage/s3/error_response.h"
#include "storage/s3/list_results.h"
#include "storage/s3/s3_request.h"

namespace gloss::storage::s3_api {

// One S3 request being served.
struct S3Call {
  const S3RouteContext& context;
  http::Request& request;
  s3::S3Request s3;
  auth::Principal principal{};
  // The verified signature when the request was SigV4-signed (header or
  // presigned URL): signed aws-chunked bodies chain from it.
  std::optional<aws::SigV4Identity> signature{};
  s3::ResponseIds ids;
  Requester requester{};  // For the engine's events.

  const http::RequestHead& head() const { return request.head; }
  const http::Headers& headers() const { return request.head.headers; }

  // Whether the principal may do `action` on `bucket`/`key` (for kList,
  // `key` is the listing prefix). Errors: AccessDenied.
  Status Authorize(S3Action action, std::string_view bucket, std::string_view key) const;
};

// The error response for `status` about this request's bucket, key and
// upload (no body for HEAD), with the request ids.
http::Response ErrorResponse(const S3Call& call, const Status& status);

// A 200 (or `status`) response with an XML document.
http::Response XmlResponse(std::string body, unsigned status = 200);

// A response without a body, e.g. 204 for a delete.
http::Response EmptyResponse(unsigned status);

// An engine ETag (unquoted hex) as S3 sends it: "\"<hex>\"".
std::string QuoteEtag(std::string_view etag);

// The owner listings show: the sandbox owns every bucket.
s3::Owner SandboxOwner();

// Adds x-amz-checksum-<alg> for each stored checksum.
void AddChecksumHeaders(http::Response& response, const Checksums& checksums);

// Content headers and user metadata of PutObject, CreateMultipartUpload and
// CopyObject (REPLACE). Errors: as s3::ParseObjectWriteHeaders.
Result<ObjectAttributes> ParseAttributes(const http::Headers& headers);

// The x-amz-copy-source of CopyObject / UploadPartCopy, which the principal
// must be allowed to read. Errors: as s3::ParseCopySource; AccessDenied.
Result<s3::CopySource> AuthorizedCopySource(const S3Call& call);

// Evaluates the x-amz-copy-source-if-* headers against the source (looked
// up only when there are any). Errors: PreconditionFailed; the lookup's.
Status CheckCopySourcePreconditions(const S3Call& call, const s3::CopySource& source);

// What every upload body needs before the first byte is read.
struct UploadBody {
  BodyDecoder decoder;
  std::string content_md5;  // Raw 16 bytes, or empty.
};

// Errors: as BodyDecoder::Create and ParseContentMd5; EntityTooLarge for an
// announced size over 5 GiB.
Result<UploadBody> PrepareUploadBody(const S3Call& call);

// Streams the body into `writer` (from BeginPut or BeginUploadPart), then on
// the pool calls `commit` with the verified checksums, which commits the
// writer and returns the stored ETag. Aborts the writer on any failure.
// Returns 200 with the ETag and the client's checksum echoed.
boost::asio::awaitable<Result<http::Response>> ReceiveUpload(
    S3Call& call, UploadBody& upload, BodyWriter& writer,
    const std::function<Result<std::string>(const Checksums&)>& commit);

// 200 with the stored ETag and the client's checksums echoed.
http::Response UploadResponse(std::string_view etag, const Checksums& checksums);

// ---- Service and bucket operations (s3_bucket_operations.cc); blocking ----
Result<http::Response> ListBuckets(S3Call& call);
Result<http::Response> CreateBucket(S3Call& call, std::string_view body);
Result<http::Response> DeleteBucket(S3Call& call);
Result<http::Response> HeadBucket(S3Call& call);
Result<http::Response> GetBucketLocation(S3Call& call);
Result<http::Response> ListObjectsV2(S3Call& call);
Result<http::Response> ListObjects(S3Call& call);
Result<http::Response> DeleteObjects(S3Call& call, std::string_view body);

// ---- Object operations (s3_object_operations.cc) ----
boost::asio::awaitable<Result<http::Response>> PutObject(S3Call& call);
// GetObject and HeadObject; blocking.
Result<http::Response> GetObject(S3Call& call);
Result<http::Response> DeleteObject(S3Call& call);
Result<http::Response> CopyObject(S3Call& call);

// ---- Multipart uploads (s3_multipart_operations.cc) ----
Result<http::Response> CreateMultipartUpload(S3Call& call);
boost::asio::awaitable<Result<http::Response>> UploadPart(S3Call& call);
Result<http::Response> UploadPartCopy(S3Call& call);
Result<http::Response> CompleteMultipartUpload(S3Call& call, std::string_view body);
Result<http::Response> AbortMultipartUpload(S3Call& call);
Result<http::Response> ListParts(S3Call& call);
Result<http::Response> ListMultipartUploads(S3Call& call);

}  // namespace gloss::storage::s3_api
