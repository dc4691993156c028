#include "storage/s3/s3_request.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "storage/s3/names.h"
#include "storage/s3/s3_errors.h"

namespace gloss::storage::s3 {
namespace {

// Sub-resources of real S3 operations that Gloss does not implement. Their
// presence must not fall through to a plain GET/PUT/DELETE: `PUT ?acl` is not
// a PutObject, `DELETE ?tagging` must not delete the object.
constexpr std::array<std::string_view, 32> kUnimplementedSubresources = {
    "accelerate",
    "acl",
    "analytics",
    "attributes",
    "cors",
    "encryption",
    "intelligent-tiering",
    "inventory",
    "legal-hold",
    "lifecycle",
    "logging",
    "metadataConfiguration",
    "metadataTable",
    "metrics",
    "notification",
    "object-lock",
    "ownershipControls",
    "policy",
    "policyStatus",
    "publicAccessBlock",
    "renameObject",
    "replication",
    "requestPayment",
    "restore",
    "retention",
    "select",
    "session",
    "tagging",
    "torrent",
    "versioning",
    "versions",
    "website",
};

enum class Level { kService, kBucket, kObject };

struct Target {
  std::string bucket;
  std::string key;
};

std::string ToLower(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

// The bucket named by the Host header, if it is "<bucket>.<suffix>[:port]".
std::optional<std::string> VirtualHostBucket(const http::RequestHead& head,
                                             const ClassifyOptions& options) {
  const std::optional<std::string_view> host_header = head.headers.Get("host");
  if (!host_header || host_header->empty() || host_header->front() == '[') {
    return std::nullopt;  // No host, or an IPv6 literal.
  }
  const std::string host = ToLower(host_header->substr(0, host_header->rfind(':')));
  std::optional<std::string> bucket;
  size_t best_suffix = 0;
  for (const std::string& suffix_text : options.virtual_host_suffixes) {
    if (host == ToLower(suffix_text)) {
      return std::nullopt;  // The bare service host: path-style.
    }
  }
  for (const std::string& suffix_text : options.virtual_host_suffixes) {
    const std::string suffix = "." + ToLower(suffix_text);
    if (host.size() > suffix.size() && host.ends_with(suffix) && suffix.size() > best_suffix) {
      best_suffix = suffix.size();
      bucket = host.substr(0, host.size() - suffix.size());
    }
  }
  return bucket;
}

Status InvalidUri(std::string_view why) {
  return S3ErrorStatus(S3ErrorCode::kInvalidURI,
                       "Couldn't parse the specified URI: " + std::string(why));
}

Result<Target> ParseTarget(const http::RequestHead& head, const ClassifyOptions& options) {
  if (head.path.empty() || head.path.front() != '/') {
    return InvalidUri("the path must start with '/'");
  }
  const std::string_view rest = std::string_view(head.path).substr(1);
  Target target;
  std::string_view raw_key;
  if (std::optional<std::string> bucket = VirtualHostBucket(head, options)) {
    target.bucket = std::move(*bucket);
    raw_key = rest;
  } else {
    const size_t slash = rest.find('/');
    Result<std::string> bucket_name = http::PercentDecode(rest.substr(0, slash));
    if (!bucket_name.ok()) {
      return InvalidUri("bad percent escape in the bucket name");
    }
    target.bucket = std::move(bucket_name).value();
    raw_key = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    if (target.bucket.empty() && !raw_key.empty()) {
      return InvalidUri("empty bucket name");
    }
  }
  Result<std::string> key = http::PercentDecode(raw_key);
  if (!key.ok()) {
    return InvalidUri("bad percent escape in the key");
  }
  target.key = std::move(key).value();
  if (!target.bucket.empty() && !IsAddressableBucketName(target.bucket)) {
    return S3ErrorStatus(S3ErrorCode::kInvalidBucketName,
                         "The specified bucket is not valid: '" + target.bucket + "'");
  }
  if (!target.key.empty()) {
    RETURN_IF_ERROR(ValidateObjectKey(target.key));
  }
  return target;
}

Status MethodNotAllowed(std::string_view method, Level level) {
  const std::string_view resource = level == Level::kService  ? "the service"
                                    : level == Level::kBucket ? "a bucket"
                                                              : "an object";
  return S3ErrorStatus(S3ErrorCode::kMethodNotAllowed,
                       "The specified method " + std::string(method) + " is not allowed against " +
                           std::string(resource) + ".");
}

Status NotImplemented(std::string_view what) {
  return S3ErrorStatus(S3ErrorCode::kNotImplemented, std::string(what) + " is not implemented.");
}

Result<S3Operation> BucketOperation(const http::RequestHead& head, const QueryParams& query) {
  const std::string& method = head.method;
  if (method == "GET") {
    if (query.Has("uploads")) {
      return S3Operation::kListMultipartUploads;
    }
    if (query.Has("location")) {
      return S3Operation::kGetBucketLocation;
    }
    if (const std::optional<std::string_view> list_type = query.Get("list-type")) {
      if (*list_type != "2") {
        return S3ErrorStatus(S3ErrorCode::kInvalidArgument, "Invalid list-type; must be 2.");
      }
      return S3Operation::kListObjectsV2;
    }
    return S3Operation::kListObjects;
  }
  if (method == "HEAD") {
    return S3Operation::kHeadBucket;
  }
  if (method == "PUT") {
    return S3Operation::kCreateBucket;
  }
  if (method == "DELETE") {
    return S3Operation::kDeleteBucket;
  }
  if (method == "POST") {
    if (query.Has("delete")) {
      return S3Operation::kDeleteObjects;
    }
    return NotImplemented("POST Object (browser form upload)");
  }
  return MethodNotAllowed(method, Level::kBucket);
}

Result<S3Operation> ObjectOperation(const http::RequestHead& head, const QueryParams& query) {
  const std::string& method = head.method;
  const bool upload_id = query.Has("uploadId");
  const bool part_number = query.Has("partNumber");
  const bool copy = head.headers.Get("x-amz-copy-source").has_value();
  if (method == "GET" || method == "HEAD") {
    if (method == "GET" && upload_id) {
      return S3Operation::kListParts;
    }
    if (part_number) {
      return NotImplemented("Reading one part of a multipart object (partNumber)");
    }
    return method == "GET" ? S3Operation::kGetObject : S3Operation::kHeadObject;
  }
  if (method == "PUT") {
    if (upload_id != part_number) {
      return S3ErrorStatus(S3ErrorCode::kInvalidArgument,
                           "An upload part request needs both partNumber and uploadId.");
    }
    if (upload_id) {
      return copy ? S3Operation::kUploadPartCopy : S3Operation::kUploadPart;
    }
    return copy ? S3Operation::kCopyObject : S3Operation::kPutObject;
  }
  if (method == "DELETE") {
    return upload_id ? S3Operation::kAbortMultipartUpload : S3Operation::kDeleteObject;
  }
  if (method == "POST") {
    if (query.Has("uploads")) {
      return S3Operation::kCreateMultipartUpload;
    }
    if (upload_id) {
      return S3Operation::kCompleteMultipartUpload;
    }
  }
  return MethodNotAllowed(method, Level::kObject);
}

}  // namespace

std::string_view S3OperationName(S3Operation operation) {
  switch (operation) {
    case S3Operation::kListBuckets: return "ListBuckets";
    case S3Operation::kCreateBucket: return "CreateBucket";
    case S3Operation::kDeleteBucket: return "DeleteBucket";
    case S3Operation::kHeadBucket: return "HeadBucket";
    case S3Operation::kGetBucketLocation: return "GetBucketLocation";
    case S3Operation::kListObjects: return "ListObjects";
    case S3Operation::kListObjectsV2: return "ListObjectsV2";
    case S3Operation::kListMultipartUploads: return "ListMultipartUploads";
    case S3Operation::kDeleteObjects: return "DeleteObjects";
    case S3Operation::kPutObject: return "PutObject";
    case S3Operation::kCopyObject: return "CopyObject";
    case S3Operation::kGetObject: return "GetObject";
    case S3Operation::kHeadObject: return "HeadObject";
    case S3Operation::kDeleteObject: return "DeleteObject";
    case S3Operation::kCreateMultipartUpload: return "CreateMultipartUpload";
    case S3Operation::kUploadPart: return "UploadPart";
    case S3Operation::kUploadPartCopy: return "UploadPartCopy";
    case S3Operation::kCompleteMultipartUpload: return "CompleteMultipartUpload";
    case S3Operation::kAbortMultipartUpload: return "AbortMultipartUpload";
    case S3Operation::kListParts: return "ListParts";
  }
  return "Unknown";
}

std::string S3Request::Resource() const {
  std::string resource = "/" + bucket;
  if (!key.empty()) {
    resource += "/" + key;
  }
  return resource;
}

Result<S3Request> ClassifyS3Request(const http::RequestHead& head, const ClassifyOptions& options) {
  ASSIGN_OR_RETURN(Target target, ParseTarget(head, options));
  ASSIGN_OR_RETURN(QueryParams query, QueryParams::Parse(head.query));
  for (const std::string_view subresource : kUnimplementedSubresources) {
    if (query.Has(subresource)) {
      return NotImplemented("The ?" + std::string(subresource) + " sub-resource");
    }
  }

  S3Request request;
  if (target.bucket.empty()) {
    if (head.method != "GET") {
      return MethodNotAllowed(head.method, Level::kService);
    }
    request.operation = S3Operation::kListBuckets;
  } else if (target.key.empty()) {
    ASSIGN_OR_RETURN(request.operation, BucketOperation(head, query));
  } else {
    ASSIGN_OR_RETURN(request.operation, ObjectOperation(head, query));
  }
  request.bucket = std::move(target.bucket);
  request.key = std::move(target.key);
  request.query = std::move(query);
  return request;
}

}  // namespace gloss::storage::s3
