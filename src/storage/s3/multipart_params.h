// Multipart upload parameters and limits: partNumber and uploadId of
// UploadPart / UploadPartCopy / CompleteMultipartUpload /
// AbortMultipartUpload, and S3's part size rule for completion.
//
// Thread safety: pure functions.

#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "core/result.h"
#include "storage/s3/query_params.h"

namespace gloss::storage::s3 {

inline constexpr uint32_t kMinPartNumber = 1;
inline constexpr uint32_t kMaxPartNumber = 10000;
inline constexpr uint64_t kMinPartSize = uint64_t{5} << 20;       // 5 MiB, except the last part.
inline constexpr uint64_t kMaxPartSize = uint64_t{5} << 30;       // 5 GiB
inline constexpr uint64_t kMaxPutObjectSize = uint64_t{5} << 30;  // 5 GiB in one PutObject.
inline constexpr uint64_t kMaxObjectSize = uint64_t{5} << 40;     // 5 TiB

struct UploadPartParams {
  std::string upload_id;
  uint32_t part_number = kMinPartNumber;
};

// Errors: NoSuchUpload when uploadId is missing or empty (no upload has that id).
Result<std::string> ParseUploadId(const QueryParams& query);

// partNumber, a decimal integer in [1, 10000]. Errors: InvalidArgument.
Result<uint32_t> ParsePartNumber(const QueryParams& query);

// Both of the above. Errors: as the parts.
Result<UploadPartParams> ParseUploadPartParams(const QueryParams& query);

// `part_sizes` in part order, as CompleteMultipartUpload assembles them.
// Errors: EntityTooSmall when a part other than the last is below
// kMinPartSize; EntityTooLarge when the total exceeds kMaxObjectSize.
Status CheckCompletedPartSizes(std::span<const uint64_t> part_sizes);

}  // namespace gloss::storage::s3
