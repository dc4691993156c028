// The service and bucket operations: ListBuckets, Create/Delete/HeadBucket,
// GetBucketLocation, the listings and DeleteObjects.

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "storage/api/s3_operations.h"
#include "storage/s3/list_params.h"
#include "storage/s3/list_results.h"
#include "storage/s3/request_documents.h"
#include "storage/s3/result_documents.h"
#include "storage/s3/s3_errors.h"

namespace gloss::storage::s3_api {
namespace {

std::vector<s3::ObjectEntry> ObjectEntries(std::vector<ObjectSummary> objects, bool with_owner) {
  std::vector<s3::ObjectEntry> entries;
  entries.reserve(objects.size());
  for (ObjectSummary& object : objects) {
    s3::ObjectEntry entry;
    entry.key = std::move(object.key);
    entry.last_modified = object.last_modified;
    entry.etag = std::move(object.etag);
    entry.size = object.size;
    if (with_owner) {
      entry.owner = SandboxOwner();
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

// ListObjects (v1) resumes after `marker`. A marker that is one of this
// listing's common prefixes (the NextMarker of a page that ended on one)
// must skip every key under it, not only the prefix itself: start after
// the prefix followed by 0xFF, a byte no UTF-8 key contains.
std::string StartAfterMarker(const s3::ListObjectsParams& params) {
  const std::string& marker = params.marker;
  const bool common_prefix = !params.delimiter.empty() && marker.starts_with(params.prefix) &&
                             marker.size() >= params.prefix.size() + params.delimiter.size() &&
                             marker.find(params.delimiter, params.prefix.size()) ==
                                 marker.size() - params.delimiter.size();
  return common_prefix ? marker + '\xff' : marker;
}

}  // namespace

s3::Owner SandboxOwner() { return s3::Owner{.id = "gloss", .display_name = "gloss"}; }

Result<http::Response> ListBuckets(S3Call& call) {
  ASSIGN_OR_RETURN(std::vector<BucketInfo> buckets, call.context.store->ListBuckets());
  s3::ListAllMyBucketsPage page{.owner = SandboxOwner(), .buckets = {}};
  for (BucketInfo& bucket : buckets) {
    // Each caller sees the buckets it may list.
    if (call.Authorize(S3Action::kList, bucket.name, "").ok()) {
      page.buckets.push_back({.name = std::move(bucket.name), .creation_date = bucket.created});
    }
  }
  return XmlResponse(s3::RenderListAllMyBuckets(page));
}

Result<http::Response> CreateBucket(S3Call& call, std::string_view body) {
  RETURN_IF_ERROR(call.Authorize(S3Action::kAdminBucket, call.s3.bucket, ""));
  ASSIGN_OR_RETURN(const s3::CreateBucketConfiguration configuration,
                   s3::ParseCreateBucketConfiguration(body));
  RETURN_IF_ERROR(s3::CheckLocationConstraint(configuration, call.context.region));
  RETURN_IF_ERROR(call.context.store->CreateBucket(call.s3.bucket));
  http::Response response = EmptyResponse(200);
  response.SetHeader("Location", "/" + call.s3.bucket);
  return response;
}

Result<http::Response> DeleteBucket(S3Call& call) {
  RETURN_IF_ERROR(call.Authorize(S3Action::kAdminBucket, call.s3.bucket, ""));
  RETURN_IF_ERROR(call.context.store->DeleteBucket(call.s3.bucket));
  return EmptyResponse(204);
}

Result<http::Response> HeadBucket(S3Call& call) {
  RETURN_IF_ERROR(call.Authorize(S3Action::kList, call.s3.bucket, ""));
  RETURN_IF_ERROR(call.context.store->HeadBucket(call.s3.bucket).status());
  http::Response response = EmptyResponse(200);
  response.SetHeader("x-amz-bucket-region", call.context.region);
  return response;
}

Result<http::Response> GetBucketLocation(S3Call& call) {
  RETURN_IF_ERROR(call.Authorize(S3Action::kList, call.s3.bucket, ""));
  RETURN_IF_ERROR(call.context.store->HeadBucket(call.s3.bucket).status());
  return XmlResponse(s3::RenderLocationConstraint(call.context.region));
}

Result<http::Response> ListObjectsV2(S3Call& call) {
  ASSIGN_OR_RETURN(s3::ListObjectsV2Params params, s3::ParseListObjectsV2Params(call.s3.query));
  RETURN_IF_ERROR(call.Authorize(S3Action::kList, call.s3.bucket, params.prefix));
  const ListObjectsRequest request{.prefix = params.prefix,
                                   .delimiter = params.delimiter,
                                   .start_after = params.start_after,
                                   .continuation_token = params.continuation_token.value_or(""),
                                   .max_keys = params.max_keys};
  ASSIGN_OR_RETURN(ListObjectsPage listed,
                   call.context.store->ListObjectsV2(call.s3.bucket, request));
  s3::ListObjectsV2Page page;
  page.name = call.s3.bucket;
  page.prefix = std::move(params.prefix);
  page.delimiter = std::move(params.delimiter);
  page.max_keys = params.max_keys;
  page.is_truncated = listed.is_truncated;
  page.continuation_token = std::move(params.continuation_token);
  if (listed.is_truncated) {
    page.next_continuation_token = std::move(listed.next_continuation_token);
  }
  if (call.s3.query.Has("start-after")) {
    page.start_after = std::move(params.start_after);
  }
  page.url_encoding = params.url_encoding;
  page.contents = ObjectEntries(std::move(listed.contents), params.fetch_owner);
  page.common_prefixes = std::move(listed.common_prefixes);
  return XmlResponse(s3::RenderListObjectsV2(page));
}

Result<http::Response> ListObjects(S3Call& call) {
  ASSIGN_OR_RETURN(s3::ListObjectsParams params, s3::ParseListObjectsParams(call.s3.query));
  RETURN_IF_ERROR(call.Authorize(S3Action::kList, call.s3.bucket, params.prefix));
  const ListObjectsRequest request{.prefix = params.prefix,
                                   .delimiter = params.delimiter,
                                   .start_after = StartAfterMarker(params),
                                   .continuation_token = {},
                                   .max_keys = params.max_keys};
  ASSIGN_OR_RETURN(ListObjectsPage listed,
                   call.context.store->ListObjectsV2(call.s3.bucket, request));
  s3::ListObjectsV1Page page;
  page.name = call.s3.bucket;
  page.prefix = std::move(params.prefix);
  page.marker = std::move(params.marker);
  page.delimiter = std::move(params.delimiter);
  page.max_keys = params.max_keys;
  page.is_truncated = listed.is_truncated;
  page.url_encoding = params.url_encoding;
  if (listed.is_truncated && !page.delimiter.empty()) {
    // The last entry of the page in key order, a key or a common prefix.
    const std::string last_key = listed.contents.empty() ? "" : listed.contents.back().key;
    const std::string last_prefix =
        listed.common_prefixes.empty() ? "" : listed.common_prefixes.back();
    page.next_marker = std::max(last_key, last_prefix);
  }
  page.contents = ObjectEntries(std::move(listed.contents), /*with_owner=*/true);
  page.common_prefixes = std::move(listed.common_prefixes);
  return XmlResponse(s3::RenderListObjectsV1(page));
}

Result<http::Response> DeleteObjects(S3Call& call, std::string_view body) {
  ASSIGN_OR_RETURN(s3::DeleteObjectsRequest request, s3::ParseDeleteObjectsRequest(body));
  // Keys the principal may delete go to the engine in one call; the others
  // are reported as AccessDenied in place.
  std::vector<std::string> allowed;
  std::vector<Status> outcomes(request.keys.size());
  for (size_t key_idx = 0; key_idx < request.keys.size(); ++key_idx) {
    outcomes[key_idx] = call.Authorize(S3Action::kDelete, call.s3.bucket, request.keys[key_idx]);
    if (outcomes[key_idx].ok()) {
      allowed.push_back(request.keys[key_idx]);
    }
  }
  if (!allowed.empty()) {
    ASSIGN_OR_RETURN(const std::vector<Status> deleted,
                     call.context.store->DeleteObjects(call.s3.bucket, allowed, call.requester));
    size_t deleted_idx = 0;
    for (Status& outcome : outcomes) {
      if (outcome.ok()) {
        outcome = deleted[deleted_idx++];
      }
    }
  }
  s3::DeleteResult result;
  result.quiet = request.quiet;
  for (size_t key_idx = 0; key_idx < request.keys.size(); ++key_idx) {
    std::string& key = request.keys[key_idx];
    if (outcomes[key_idx].ok()) {
      result.deleted.push_back({.key = std::move(key), .version_id = std::nullopt});
      continue;
    }
    const s3::S3Error error = s3::S3ErrorFromStatus(outcomes[key_idx]);
    result.errors.push_back({.key = std::move(key), .code = error.code, .message = error.message});
  }
  return XmlResponse(s3::RenderDeleteResult(result));
}

}  // namespace gloss::storage::s3_api
