#include "storage/internal/upload_rows.h"

#include <cstdint>
#include <utility>

#include "storage/internal/attribute_columns.h"

namespace gloss::storage::internal {
namespace {

db::Value KeyValue(std::string_view key) { return db::Blob{std::string(key)}; }

std::string UploadColumns() {
  return "upload_id, bucket, object_key, initiated_at, " + std::string(kAttributeColumns);
}

Result<UploadInfo> ReadUpload(const db::Row& row) {
  UploadInfo upload;
  ASSIGN_OR_RETURN(upload.upload_id, row.Get<std::string>("upload_id"));
  ASSIGN_OR_RETURN(upload.bucket, row.Get<std::string>("bucket"));
  ASSIGN_OR_RETURN(db::Blob key, row.Get<db::Blob>("object_key"));
  upload.key = std::move(key.bytes);
  ASSIGN_OR_RETURN(const int64_t initiated, row.Get<int64_t>("initiated_at"));
  upload.initiated = FromUnixMillis(initiated);
  ASSIGN_OR_RETURN(upload.attributes, ReadAttributes(row));
  return upload;
}

Result<PartRecord> ReadPart(const db::Row& row) {
  PartRecord part;
  ASSIGN_OR_RETURN(const int64_t number, row.Get<int64_t>("part_number"));
  part.info.part_number = static_cast<int>(number);
  ASSIGN_OR_RETURN(part.blob_id, row.Get<std::string>("blob_id"));
  ASSIGN_OR_RETURN(const int64_t size, row.Get<int64_t>("size"));
  part.info.size = static_cast<uint64_t>(size);
  ASSIGN_OR_RETURN(part.info.etag, row.Get<std::string>("etag"));
  ASSIGN_OR_RETURN(const std::string checksums, row.Get<std::string>("checksums"));
  ASSIGN_OR_RETURN(part.info.checksums, DecodeStringMap(checksums));
  ASSIGN_OR_RETURN(const int64_t last_modified, row.Get<int64_t>("last_modified"));
  part.info.last_modified = FromUnixMillis(last_modified);
  return part;
}

constexpr std::string_view kPartColumns =
    "part_number, blob_id, size, etag, checksums, last_modified";

}  // namespace

Status InsertUpload(db::Connection& connection, const UploadInfo& upload) {
  db::Params params = {upload.upload_id, upload.bucket, KeyValue(upload.key),
                       ToUnixMillis(upload.initiated)};
  AppendAttributeParams(upload.attributes, params);
  return connection
      .Execute("INSERT INTO storage_uploads (" + UploadColumns() +
                   ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
               params)
      .status();
}

Result<std::optional<UploadInfo>> FindUpload(db::Connection& connection,
                                             std::string_view upload_id) {
  ASSIGN_OR_RETURN(
      const std::optional<db::Row> row,
      connection.QueryOne("SELECT " + UploadColumns() + " FROM storage_uploads WHERE upload_id = ?",
                          {upload_id}));
  if (!row) {
    return std::optional<UploadInfo>();
  }
  ASSIGN_OR_RETURN(UploadInfo upload, ReadUpload(*row));
  return std::optional<UploadInfo>(std::move(upload));
}

Result<std::vector<std::string>> DeleteUploadRows(db::Connection& connection,
                                                  std::string_view upload_id) {
  ASSIGN_OR_RETURN(const db::Rows rows,
                   connection.Query("DELETE FROM storage_parts WHERE upload_id = ?"
                                    " RETURNING blob_id",
                                    {upload_id}));
  std::vector<std::string> blob_ids;
  blob_ids.reserve(rows.size());
  for (const db::Row& row : rows) {
    ASSIGN_OR_RETURN(std::string blob_id, row.Get<std::string>(0));
    blob_ids.push_back(std::move(blob_id));
  }
  RETURN_IF_ERROR(
      connection.Execute("DELETE FROM storage_uploads WHERE upload_id = ?", {upload_id}).status());
  return blob_ids;
}

Result<std::vector<UploadInfo>> ScanUploads(db::Connection& connection, const UploadScan& scan) {
  db::Params params = {scan.bucket, KeyValue(scan.from), KeyValue(scan.key_marker)};
  std::string sql =
      "SELECT " + UploadColumns() + " FROM storage_uploads WHERE bucket = ? AND object_key >= ?";
  if (scan.upload_id_marker.empty()) {
    sql += " AND object_key > ?";
  } else {
    sql += " AND (object_key > ? OR (object_key = ? AND upload_id > ?))";
    params.emplace_back(KeyValue(scan.key_marker));
    params.emplace_back(scan.upload_id_marker);
  }
  if (scan.before) {
    sql += " AND object_key < ?";
    params.emplace_back(KeyValue(*scan.before));
  }
  sql += " ORDER BY object_key, upload_id LIMIT ?";
  params.emplace_back(static_cast<int64_t>(scan.limit));
  ASSIGN_OR_RETURN(const db::Rows rows, connection.Query(sql, params));
  std::vector<UploadInfo> uploads;
  uploads.reserve(rows.size());
  for (const db::Row& row : rows) {
    ASSIGN_OR_RETURN(UploadInfo upload, ReadUpload(row));
    uploads.push_back(std::move(upload));
  }
  return uploads;
}

Result<std::optional<PartRecord>> FindPart(db::Connection& connection, std::string_view upload_id,
                                           int part_number) {
  ASSIGN_OR_RETURN(const std::optional<db::Row> row,
                   connection.QueryOne("SELECT " + std::string(kPartColumns) +
                                           " FROM storage_parts"
                                           " WHERE upload_id = ? AND part_number = ?",
                                       {upload_id, part_number}));
  if (!row) {
    return std::optional<PartRecord>();
  }
  ASSIGN_OR_RETURN(PartRecord part, ReadPart(*row));
  return std::optional<PartRecord>(std::move(part));
}

Status UpsertPart(db::Connection& connection, std::string_view upload_id, const PartRecord& part) {
  return connection
      .Execute("INSERT INTO storage_parts (upload_id, " + std::string(kPartColumns) +
                   ") VALUES (?, ?, ?, ?, ?, ?, ?)"
                   " ON CONFLICT (upload_id, part_number) DO UPDATE SET"
                   " blob_id = excluded.blob_id, size = excluded.size, etag = excluded.etag,"
                   " checksums = excluded.checksums, last_modified = excluded.last_modified",
               {upload_id, part.info.part_number, part.blob_id,
                static_cast<int64_t>(part.info.size), part.info.etag,
                EncodeStringMap(part.info.checksums), ToUnixMillis(part.info.last_modified)})
      .status();
}

Result<std::vector<PartRecord>> ScanParts(db::Connection& connection, std::string_view upload_id,
                                          int after, size_t limit) {
  ASSIGN_OR_RETURN(const db::Rows rows,
                   connection.Query("SELECT " + std::string(kPartColumns) +
                                        " FROM storage_parts"
                                        " WHERE upload_id = ? AND part_number > ?"
                                        " ORDER BY part_number LIMIT ?",
                                    {upload_id, after, static_cast<int64_t>(limit)}));
  std::vector<PartRecord> parts;
  parts.reserve(rows.size());
  for (const db::Row& row : rows) {
    ASSIGN_OR_RETURN(PartRecord part, ReadPart(row));
    parts.push_back(std::move(part));
  }
  return parts;
}

}  // namespace gloss::storage::internal
