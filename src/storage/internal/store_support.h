// Helpers shared by ObjectStore's source files: S3 "not found" errors, bucket
// checks, the millisecond clock reading and building events.
//
// Thread safety: pure functions over caller-owned objects.

#pragma once

#include <cstdint>
#include <string_view>

#include "core/clock.h"
#include "core/status.h"
#include "storage/events.h"
#include "storage/object_types.h"

namespace gloss::db {
class Connection;
}  // namespace gloss::db

namespace gloss::storage::internal {

// clock.Now() truncated to the stored precision (milliseconds), so what an
// operation returns equals what a later read returns.
TimePoint NowMillis(const Clock& clock);

Status NoSuchBucket(std::string_view bucket);
Status NoSuchKey(std::string_view bucket, std::string_view key);
Status NoSuchUpload(std::string_view upload_id);

// A bucket with an invalid name cannot exist: NoSuchBucket, for every
// operation except CreateBucket (which reports InvalidBucketName).
Status RequireValidBucketName(std::string_view bucket);

// NoSuchBucket unless the bucket exists.
Status RequireBucket(db::Connection& connection, std::string_view bucket);

// The event recording that `object` was created or removed.
StorageEvent MakeEvent(EventType type, const ObjectInfo& object, int64_t sequencer,
                       const Requester& requester);

}  // namespace gloss::storage::internal
