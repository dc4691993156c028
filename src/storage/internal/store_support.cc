#include "storage/internal/store_support.h"

#include <optional>
#include <string>

#include "storage/internal/object_rows.h"
#include "storage/names.h"
#include "storage/s3/s3_errors.h"

namespace gloss::storage::internal {

TimePoint NowMillis(const Clock& clock) { return FromUnixMillis(ToUnixMillis(clock.Now())); }

Status NoSuchBucket(std::string_view bucket) {
  return s3::S3ErrorStatus(s3::S3ErrorCode::kNoSuchBucket,
                           "the bucket '" + std::string(bucket) + "' does not exist");
}

Status NoSuchKey(std::string_view bucket, std::string_view key) {
  return s3::S3ErrorStatus(
      s3::S3ErrorCode::kNoSuchKey,
      "the key '" + std::string(key) + "' does not exist in bucket '" + std::string(bucket) + "'");
}

Status NoSuchUpload(std::string_view upload_id) {
  return s3::S3ErrorStatus(s3::S3ErrorCode::kNoSuchUpload,
                           "the upload '" + std::string(upload_id) +
                               "' does not exist; it may have been aborted or completed");
}

Status RequireValidBucketName(std::string_view bucket) {
  if (!ValidateBucketName(bucket).ok()) {
    return NoSuchBucket(bucket);
  }
  return Status::Ok();
}

Status RequireBucket(db::Connection& connection, std::string_view bucket) {
  ASSIGN_OR_RETURN(const std::optional<BucketInfo> info, FindBucket(connection, bucket));
  if (!info) {
    return NoSuchBucket(bucket);
  }
  return Status::Ok();
}

StorageEvent MakeEvent(EventType type, const ObjectInfo& object, int64_t sequencer,
                       const Requester& requester) {
  return StorageEvent{.type = type,
                      .bucket = object.bucket,
                      .key = object.key,
                      .size = object.size,
                      .etag = object.etag,
                      .sequencer = sequencer,
                      .event_time = object.last_modified,
                      .principal_id = requester.principal_id,
                      .source_ip = requester.source_ip,
                      .request_id = requester.request_id};
}

}  // namespace gloss::storage::internal
