// SQL for multipart uploads and their parts (storage_uploads, storage_parts).
// Like object_rows.h: statements on a caller-owned Connection, no validation.
//
// Thread safety: pure functions over the Connection, which the caller owns.

#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "db/database.h"
#include "storage/object_types.h"

namespace gloss::storage::internal {

struct PartRecord {
  PartInfo info;
  std::string blob_id;
};

Status InsertUpload(db::Connection& connection, const UploadInfo& upload);

Result<std::optional<UploadInfo>> FindUpload(db::Connection& connection,
                                             std::string_view upload_id);

// Deletes the upload and its parts; returns the parts' blob ids.
Result<std::vector<std::string>> DeleteUploadRows(db::Connection& connection,
                                                  std::string_view upload_id);

// Up to `limit` uploads of `bucket` whose keys lie in [from, before), by key
// then id, after the position: keys after key_marker, and with an
// upload_id_marker also key_marker's own uploads with larger ids (S3's rule).
struct UploadScan {
  std::string_view bucket;
  std::string_view key_marker;
  std::string_view upload_id_marker;
  std::string_view from;
  std::optional<std::string> before;
  size_t limit = 0;
};
Result<std::vector<UploadInfo>> ScanUploads(db::Connection& connection, const UploadScan& scan);

Result<std::optional<PartRecord>> FindPart(db::Connection& connection, std::string_view upload_id,
                                           int part_number);

// Inserts the part or replaces the row with the same number.
Status UpsertPart(db::Connection& connection, std::string_view upload_id, const PartRecord& part);

// Up to `limit` parts numbered above `after`, ascending.
Result<std::vector<PartRecord>> ScanParts(db::Connection& connection, std::string_view upload_id,
                                          int after, size_t limit);

}  // namespace gloss::storage::internal
