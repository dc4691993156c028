#include "storage/s3/list_params.h"

#include <algorithm>
#include <string_view>

#include "storage/s3/internal/decimal.h"
#include "storage/s3/multipart_params.h"
#include "storage/s3/s3_errors.h"

namespace gloss::storage::s3 {
namespace {

std::string ParamOrEmpty(const QueryParams& query, std::string_view name) {
  return std::string(query.Get(name).value_or(std::string_view()));
}

// A page size parameter: absent -> the maximum; larger -> clamped.
Result<uint32_t> ParsePageSize(const QueryParams& query, std::string_view name) {
  const std::optional<std::string_view> value = query.Get(name);
  if (!value) {
    return kMaxListPageSize;
  }
  const std::optional<uint32_t> parsed = internal::ParseNonNegativeInt(*value);
  if (!parsed) {
    return S3ErrorStatus(
        S3ErrorCode::kInvalidArgument,
        "Provided " + std::string(name) + " not an integer or within integer range");
  }
  return std::min(*parsed, kMaxListPageSize);
}

Result<bool> ParseUrlEncoding(const QueryParams& query) {
  const std::optional<std::string_view> value = query.Get("encoding-type");
  if (!value) {
    return false;
  }
  if (*value != "url") {
    return S3ErrorStatus(S3ErrorCode::kInvalidArgument,
                         "Invalid Encoding Method specified in Request");
  }
  return true;
}

}  // namespace

Result<ListObjectsV2Params> ParseListObjectsV2Params(const QueryParams& query) {
  ListObjectsV2Params params;
  params.prefix = ParamOrEmpty(query, "prefix");
  params.delimiter = ParamOrEmpty(query, "delimiter");
  ASSIGN_OR_RETURN(params.max_keys, ParsePageSize(query, "max-keys"));
  if (const std::optional<std::string_view> token = query.Get("continuation-token")) {
    params.continuation_token = std::string(*token);
  }
  params.start_after = ParamOrEmpty(query, "start-after");
  ASSIGN_OR_RETURN(params.url_encoding, ParseUrlEncoding(query));
  params.fetch_owner = query.Get("fetch-owner") == "true";
  return params;
}

Result<ListObjectsParams> ParseListObjectsParams(const QueryParams& query) {
  ListObjectsParams params;
  params.prefix = ParamOrEmpty(query, "prefix");
  params.delimiter = ParamOrEmpty(query, "delimiter");
  params.marker = ParamOrEmpty(query, "marker");
  ASSIGN_OR_RETURN(params.max_keys, ParsePageSize(query, "max-keys"));
  ASSIGN_OR_RETURN(params.url_encoding, ParseUrlEncoding(query));
  return params;
}

Result<ListMultipartUploadsParams> ParseListMultipartUploadsParams(const QueryParams& query) {
  ListMultipartUploadsParams params;
  params.prefix = ParamOrEmpty(query, "prefix");
  params.delimiter = ParamOrEmpty(query, "delimiter");
  params.key_marker = ParamOrEmpty(query, "key-marker");
  params.upload_id_marker = ParamOrEmpty(query, "upload-id-marker");
  ASSIGN_OR_RETURN(params.max_uploads, ParsePageSize(query, "max-uploads"));
  ASSIGN_OR_RETURN(params.url_encoding, ParseUrlEncoding(query));
  return params;
}

Result<ListPartsParams> ParseListPartsParams(const QueryParams& query) {
  ListPartsParams params;
  ASSIGN_OR_RETURN(params.upload_id, ParseUploadId(query));
  ASSIGN_OR_RETURN(params.max_parts, ParsePageSize(query, "max-parts"));
  if (const std::optional<std::string_view> marker = query.Get("part-number-marker")) {
    const std::optional<uint32_t> parsed = internal::ParseNonNegativeInt(*marker);
    if (!parsed) {
      return S3ErrorStatus(S3ErrorCode::kInvalidArgument,
                           "Provided part-number-marker not an integer or within integer range");
    }
    params.part_number_marker = *parsed;
  }
  return params;
}

}  // namespace gloss::storage::s3
