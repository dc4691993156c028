// The query parameters of the four S3 listing operations: ListObjectsV2,
// ListObjects (v1), ListMultipartUploads and ListParts, validated as S3 does.
// Page sizes above S3's maximum (1000) are clamped, not rejected.
//
// Thread safety: pure functions.

#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/result.h"
#include "storage/s3/query_params.h"

namespace gloss::storage::s3 {

inline constexpr uint32_t kMaxListPageSize = 1000;

struct ListObjectsV2Params {
  std::string prefix;
  std::string delimiter;  // Empty: no delimiter (S3 treats `delimiter=` as none).
  uint32_t max_keys = kMaxListPageSize;
  std::optional<std::string> continuation_token;  // Opaque; the engine validates it.
  std::string start_after;
  bool url_encoding = false;  // encoding-type=url
  bool fetch_owner = false;
};

struct ListObjectsParams {  // v1
  std::string prefix;
  std::string delimiter;
  std::string marker;
  uint32_t max_keys = kMaxListPageSize;
  bool url_encoding = false;
};

struct ListMultipartUploadsParams {
  std::string prefix;
  std::string delimiter;
  std::string key_marker;
  std::string upload_id_marker;  // Only meaningful together with key_marker.
  uint32_t max_uploads = kMaxListPageSize;
  bool url_encoding = false;
};

struct ListPartsParams {
  std::string upload_id;
  uint32_t max_parts = kMaxListPageSize;
  uint32_t part_number_marker = 0;  // List parts after this number.
};

// Errors (all InvalidArgument): max-keys / max-uploads / max-parts /
// part-number-marker not a non-negative decimal integer below 2^31,
// encoding-type other than "url".
Result<ListObjectsV2Params> ParseListObjectsV2Params(const QueryParams& query);
Result<ListObjectsParams> ParseListObjectsParams(const QueryParams& query);
Result<ListMultipartUploadsParams> ParseListMultipartUploadsParams(const QueryParams& query);
// Also: NoSuchUpload when uploadId is missing or empty.
Result<ListPartsParams> ParseListPartsParams(const QueryParams& query);

}  // namespace gloss::storage::s3
