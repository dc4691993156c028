#include "storage/s3/multipart_params.h"

#include <string_view>

#include "storage/s3/internal/decimal.h"
#include "storage/s3/s3_errors.h"

namespace gloss::storage::s3 {

Result<std::string> ParseUploadId(const QueryParams& query) {
  const std::optional<std::string_view> upload_id = query.Get("uploadId");
  if (!upload_id || upload_id->empty()) {
    return S3ErrorStatus(S3ErrorCode::kNoSuchUpload);
  }
  return std::string(*upload_id);
}

Result<uint32_t> ParsePartNumber(const QueryParams& query) {
  const std::optional<uint32_t> part_number =
      internal::ParseNonNegativeInt(query.Get("partNumber").value_or(std::string_view()));
  if (!part_number || *part_number < kMinPartNumber || *part_number > kMaxPartNumber) {
    return S3ErrorStatus(S3ErrorCode::kInvalidArgument,
                         "Part number must be an integer between 1 and 10000, inclusive");
  }
  return *part_number;
}

Result<UploadPartParams> ParseUploadPartParams(const QueryParams& query) {
  UploadPartParams params;
  ASSIGN_OR_RETURN(params.upload_id, ParseUploadId(query));
  ASSIGN_OR_RETURN(params.part_number, ParsePartNumber(query));
  return params;
}

Status CheckCompletedPartSizes(std::span<const uint64_t> part_sizes) {
  uint64_t total = 0;
  for (size_t part_idx = 0; part_idx < part_sizes.size(); ++part_idx) {
    const uint64_t size = part_sizes[part_idx];
    if (part_idx + 1 < part_sizes.size() && size < kMinPartSize) {
      return S3ErrorStatus(S3ErrorCode::kEntityTooSmall,
                           "Your proposed upload is smaller than the minimum allowed size: the "
                           "part at position " +
                               std::to_string(part_idx + 1) + " has " + std::to_string(size) +
                               " bytes, the minimum is " + std::to_string(kMinPartSize));
    }
    if (size > kMaxObjectSize - total) {
      return S3ErrorStatus(S3ErrorCode::kEntityTooLarge);
    }
    total += size;
  }
  return Status::Ok();
}

}  // namespace gloss::storage::s3
