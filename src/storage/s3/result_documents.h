// XML bodies of the non-listing S3 responses: InitiateMultipartUploadResult,
// CompleteMultipartUploadResult, CopyObjectResult, CopyPartResult,
// DeleteResult and LocationConstraint. (Listings: list_results.h; errors:
// error_response.h.)
//
// ETags are given as stored; the renderer adds S3's quotes.
//
// Thread safety: pure functions.

#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/s3/dates.h"

namespace gloss::storage::s3 {

std::string RenderInitiateMultipartUploadResult(std::string_view bucket, std::string_view key,
                                                std::string_view upload_id);

struct CompleteMultipartUploadResult {
  std::string location;  // Absolute URL of the object, e.g. "http://host/bucket/key".
  std::string bucket;
  std::string key;
  std::string etag;  // "<hex>-<part count>"
};
std::string RenderCompleteMultipartUploadResult(const CompleteMultipartUploadResult& result);

std::string RenderCopyObjectResult(std::string_view etag, TimePoint last_modified);
std::string RenderCopyPartResult(std::string_view etag, TimePoint last_modified);

struct DeletedEntry {
  std::string key;
  std::optional<std::string> version_id;
};

struct DeleteErrorEntry {
  std::string key;
  std::string code;  // An S3 error code, e.g. "AccessDenied".
  std::string message;
};

struct DeleteResult {
  bool quiet = false;  // Quiet mode lists only the errors.
  std::vector<DeletedEntry> deleted;
  std::vector<DeleteErrorEntry> errors;
};
std::string RenderDeleteResult(const DeleteResult& result);

// GetBucketLocation: the region, except that S3 answers an empty element for
// us-east-1.
std::string RenderLocationConstraint(std::string_view region);

}  // namespace gloss::storage::s3
