// SQL for the bucket and object rows (storage_buckets, storage_objects) and
// the sequencer. Each function runs its statements on the given Connection,
// so callers compose them inside one transaction. No validation here: names
// and keys were checked by ObjectStore.
//
// Thread safety: pure functions over the Connection, which the caller owns.

#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "db/database.h"
#include "storage/object_types.h"

namespace gloss::storage::internal {

struct ObjectRecord {
  ObjectInfo info;
  std::string blob_id;
  int64_t sequencer = 0;
};

Result<std::optional<BucketInfo>> FindBucket(db::Connection& connection, std::string_view bucket);

// Returns false (and changes nothing) if the bucket exists already.
Result<bool> InsertBucket(db::Connection& connection, std::string_view bucket, TimePoint created);

// All buckets by name.
Result<std::vector<BucketInfo>> ListBucketRows(db::Connection& connection);

Result<bool> BucketHasObjects(db::Connection& connection, std::string_view bucket);

Status DeleteBucketRow(db::Connection& connection, std::string_view bucket);

Result<std::optional<ObjectRecord>> FindObject(db::Connection& connection, std::string_view bucket,
                                               std::string_view key);

// Inserts the object or replaces the row of the same bucket and key.
Status UpsertObject(db::Connection& connection, const ObjectRecord& record);

// Deletes the row; returns its blob id, or nullopt if there was none.
Result<std::optional<std::string>> DeleteObjectRow(db::Connection& connection,
                                                   std::string_view bucket, std::string_view key);

// Takes the next sequencer (1, 2, ...); only in a write transaction.
Result<int64_t> NextSequencer(db::Connection& connection);

// Up to `limit` objects of `bucket` with from <= key (< before, if given), in
// key byte order.
Result<std::vector<ObjectSummary>> ScanObjects(db::Connection& connection, std::string_view bucket,
                                               std::string_view from,
                                               const std::optional<std::string>& before,
                                               size_t limit);

}  // namespace gloss::storage::internal
