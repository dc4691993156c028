#include "storage/internal/object_rows.h"

#include <utility>

#include "storage/internal/attribute_columns.h"

namespace gloss::storage::internal {
namespace {

db::Value KeyValue(std::string_view key) { return db::Blob{std::string(key)}; }

Result<ObjectRecord> ReadObject(const db::Row& row, std::string_view bucket, std::string_view key) {
  ObjectRecord record;
  record.info.bucket = bucket;
  record.info.key = key;
  ASSIGN_OR_RETURN(record.blob_id, row.Get<std::string>("blob_id"));
  ASSIGN_OR_RETURN(const int64_t size, row.Get<int64_t>("size"));
  record.info.size = static_cast<uint64_t>(size);
  ASSIGN_OR_RETURN(record.info.etag, row.Get<std::string>("etag"));
  ASSIGN_OR_RETURN(const int64_t last_modified, row.Get<int64_t>("last_modified"));
  record.info.last_modified = FromUnixMillis(last_modified);
  ASSIGN_OR_RETURN(record.info.attributes, ReadAttributes(row));
  ASSIGN_OR_RETURN(const std::string checksums, row.Get<std::string>("checksums"));
  ASSIGN_OR_RETURN(record.info.checksums, DecodeStringMap(checksums));
  ASSIGN_OR_RETURN(record.sequencer, row.Get<int64_t>("sequencer"));
  return record;
}

}  // namespace

Result<std::optional<BucketInfo>> FindBucket(db::Connection& connection, std::string_view bucket) {
  ASSIGN_OR_RETURN(
      const std::optional<db::Row> row,
      connection.QueryOne("SELECT created_at FROM storage_buckets WHERE name = ?", {bucket}));
  if (!row) {
    return std::optional<BucketInfo>();
  }
  ASSIGN_OR_RETURN(const int64_t created, row->Get<int64_t>(0));
  return std::optional<BucketInfo>(
      BucketInfo{.name = std::string(bucket), .created = FromUnixMillis(created)});
}

Result<bool> InsertBucket(db::Connection& connection, std::string_view bucket, TimePoint created) {
  ASSIGN_OR_RETURN(const db::ExecResult result,
                   connection.Execute("INSERT INTO storage_buckets (name, created_at) VALUES (?, ?)"
                                      " ON CONFLICT (name) DO NOTHING",
                                      {bucket, ToUnixMillis(created)}));
  return result.rows_affected == 1;
}

Result<std::vector<BucketInfo>> ListBucketRows(db::Connection& connection) {
  ASSIGN_OR_RETURN(const db::Rows rows,
                   connection.Query("SELECT name, created_at FROM storage_buckets ORDER BY name"));
  std::vector<BucketInfo> buckets;
  buckets.reserve(rows.size());
  for (const db::Row& row : rows) {
    BucketInfo bucket;
    ASSIGN_OR_RETURN(bucket.name, row.Get<std::string>(0));
    ASSIGN_OR_RETURN(const int64_t created, row.Get<int64_t>(1));
    bucket.created = FromUnixMillis(created);
    buckets.push_back(std::move(bucket));
  }
  return buckets;
}

Result<bool> BucketHasObjects(db::Connection& connection, std::string_view bucket) {
  ASSIGN_OR_RETURN(
      const std::optional<db::Row> row,
      connection.QueryOne("SELECT 1 FROM storage_objects WHERE bucket = ? LIMIT 1", {bucket}));
  return row.has_value();
}

Status DeleteBucketRow(db::Connection& connection, std::string_view bucket) {
  return connection.Execute("DELETE FROM storage_buckets WHERE name = ?", {bucket}).status();
}

Result<std::optional<ObjectRecord>> FindObject(db::Connection& connection, std::string_view bucket,
                                               std::string_view key) {
  ASSIGN_OR_RETURN(
      const std::optional<db::Row> row,
      connection.QueryOne("SELECT blob_id, size, etag, " + std::string(kAttributeColumns) +
                              ", checksums, last_modified, sequencer"
                              " FROM storage_objects"
                              " WHERE bucket = ? AND object_key = ?",
                          {bucket, KeyValue(key)}));
  if (!row) {
    return std::optional<ObjectRecord>();
  }
  ASSIGN_OR_RETURN(ObjectRecord record, ReadObject(*row, bucket, key));
  return std::optional<ObjectRecord>(std::move(record));
}

Status UpsertObject(db::Connection& connection, const ObjectRecord& record) {
  const ObjectInfo& info = record.info;
  db::Params params = {info.bucket, KeyValue(info.key), record.blob_id,
                       static_cast<int64_t>(info.size), info.etag};
  AppendAttributeParams(info.attributes, params);
  params.emplace_back(EncodeStringMap(info.checksums));
  params.emplace_back(ToUnixMillis(info.last_modified));
  params.emplace_back(record.sequencer);
  return connection
      .Execute("INSERT INTO storage_objects (bucket, object_key, blob_id, size, etag, " +
                   std::string(kAttributeColumns) +
                   ", checksums, last_modified, sequencer)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                   " ON CONFLICT (bucket, object_key) DO UPDATE SET"
                   " blob_id = excluded.blob_id, size = excluded.size, etag = excluded.etag,"
                   " content_type = excluded.content_type,"
                   " content_encoding = excluded.content_encoding,"
                   " content_disposition = excluded.content_disposition,"
                   " cache_control = excluded.cache_control,"
                   " content_language = excluded.content_language,"
                   " expires = excluded.expires, user_metadata = excluded.user_metadata,"
                   " checksums = excluded.checksums, last_modified = excluded.last_modified,"
                   " sequencer = excluded.sequencer",
               params)
      .status();
}

Result<std::optional<std::string>> DeleteObjectRow(db::Connection& connection,
                                                   std::string_view bucket, std::string_view key) {
  ASSIGN_OR_RETURN(const std::optional<db::Row> row,
                   connection.QueryOne("DELETE FROM storage_objects"
                                       " WHERE bucket = ? AND object_key = ? RETURNING blob_id",
                                       {bucket, KeyValue(key)}));
  if (!row) {
    return std::optional<std::string>();
  }
  ASSIGN_OR_RETURN(std::string blob_id, row->Get<std::string>(0));
  return std::optional<std::string>(std::move(blob_id));
}

Result<int64_t> NextSequencer(db::Connection& connection) {
  ASSIGN_OR_RETURN(const std::optional<db::Row> row,
                   connection.QueryOne("UPDATE storage_sequence SET last_value = last_value + 1"
                                       " WHERE singleton = 1 RETURNING last_value"));
  if (!row) {
    return Status::Corruption("the storage_sequence row is missing");
  }
  return row->Get<int64_t>(0);
}

Result<std::vector<ObjectSummary>> ScanObjects(db::Connection& connection, std::string_view bucket,
                                               std::string_view from,
                                               const std::optional<std::string>& before,
                                               size_t limit) {
  db::Params params = {bucket, KeyValue(from)};
  std::string sql =
      "SELECT object_key, size, etag, last_modified FROM storage_objects"
      " WHERE bucket = ? AND object_key >= ?";
  if (before) {
    sql += " AND object_key < ?";
    params.emplace_back(KeyValue(*before));
  }
  sql += " ORDER BY object_key LIMIT ?";
  params.emplace_back(static_cast<int64_t>(limit));
  ASSIGN_OR_RETURN(const db::Rows rows, connection.Query(sql, params));
  std::vector<ObjectSummary> objects;
  objects.reserve(rows.size());
  for (const db::Row& row : rows) {
    ObjectSummary object;
    ASSIGN_OR_RETURN(db::Blob key, row.Get<db::Blob>(0));
    object.key = std::move(key.bytes);
    ASSIGN_OR_RETURN(const int64_t size, row.Get<int64_t>(1));
    object.size = static_cast<uint64_t>(size);
    ASSIGN_OR_RETURN(object.etag, row.Get<std::string>(2));
    ASSIGN_OR_RETURN(const int64_t last_modified, row.Get<int64_t>(3));
    object.last_modified = FromUnixMillis(last_modified);
    objects.push_back(std::move(object));
  }
  return objects;
}

}  // namespace gloss::storage::internal
