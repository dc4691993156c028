// ObjectStore: opening, buckets, object bodies and the single-object
// operations. Multipart uploads are in object_store_multipart.cc.

#include "storage/object_store.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <utility>

#include "core/logger.h"
#include "db/database.h"
#include "storage/internal/blob_store.h"
#include "storage/internal/catalog_migrations.h"
#include "storage/internal/event_rows.h"
#include "storage/internal/garbage_collector.h"
#include "storage/internal/list_objects.h"
#include "storage/internal/md5.h"
#include "storage/internal/object_rows.h"
#include "storage/internal/store_support.h"
#include "storage/internal/upload_rows.h"
#include "storage/names.h"
#include "storage/s3/s3_errors.h"

namespace gloss::storage {

using internal::CommittedBlob;
using internal::MakeEvent;
using internal::NoSuchBucket;
using internal::NoSuchKey;
using internal::NowMillis;
using internal::ObjectRecord;
using internal::RequireBucket;
using internal::RequireValidBucketName;

// ---- Writers ----

BodyWriter::BodyWriter(ObjectStore& store, std::string bucket, std::string key,
                       std::unique_ptr<internal::BlobWriter> blob)
    : store_(&store), bucket_(std::move(bucket)), key_(std::move(key)), blob_(std::move(blob)) {}

BodyWriter::BodyWriter(BodyWriter&& other) noexcept = default;
BodyWriter& BodyWriter::operator=(BodyWriter&& other) noexcept = default;
BodyWriter::~BodyWriter() = default;  // ~BlobWriter aborts an uncommitted blob.

Status BodyWriter::Write(std::string_view bytes) {
  if (blob_ == nullptr) {
    return Status::Internal("write after the body was committed or aborted");
  }
  if (bytes.size() > kMaxPutSize - blob_->size()) {
    return s3::S3ErrorStatus(s3::S3ErrorCode::kEntityTooLarge, "the body exceeds 5 GiB");
  }
  return blob_->Write(bytes);
}

uint64_t BodyWriter::size() const { return blob_ == nullptr ? 0 : blob_->size(); }

void BodyWriter::Abort() { blob_.reset(); }

Result<CommittedBlob> BodyWriter::CommitBlob() {
  if (blob_ == nullptr) {
    return Status::Internal("commit after the body was committed or aborted");
  }
  Result<CommittedBlob> blob = blob_->Commit();
  blob_.reset();
  return blob;
}

Result<ObjectInfo> ObjectWriter::Commit(const PutOptions& options, const Requester& requester) {
  return store_->CommitPut(*this, options, requester);
}

// ---- Opening ----

ObjectStore::ObjectStore(db::Database& database, const Clock& clock, Logger& logger,
                         ObjectStoreOptions options, std::unique_ptr<internal::BlobStore> blobs)
    : database_(database),
      clock_(clock),
      logger_(logger),
      options_(std::move(options)),
      blobs_(std::move(blobs)) {}

ObjectStore::~ObjectStore() = default;

Result<std::unique_ptr<ObjectStore>> ObjectStore::Open(db::Database& database, const Clock& clock,
                                                       Logger& logger, ObjectStoreOptions options) {
  RETURN_IF_ERROR(internal::MigrateCatalog(database));
  ASSIGN_OR_RETURN(std::unique_ptr<internal::BlobStore> blobs,
                   internal::BlobStore::Open(options.root));
  ASSIGN_OR_RETURN(const size_t removed, internal::CollectUnreferencedBlobs(database, *blobs));
  if (removed > 0) {
    logger.Info("storage", "removed unreferenced blobs",
                {{"count", removed}, {"root", options.root}});
  }
  return std::unique_ptr<ObjectStore>(
      new ObjectStore(database, clock, logger, std::move(options), std::move(blobs)));
}

// ---- Helpers ----

void ObjectStore::RemoveBlobs(std::span<const std::string> blob_ids) {
  for (const std::string& id : blob_ids) {
    if (Status status = blobs_->Remove(id); !status.ok()) {
      logger_.Warn("storage", "cannot remove blob; the next start will",
                   {{"blob", id}, {"error", status.ToString()}});
    }
  }
}

void ObjectStore::NotifyEventsCommitted() {
  if (options_.on_events_committed) {
    options_.on_events_committed();
  }
}

Result<ObjectInfo> ObjectStore::PublishObject(ObjectRecord record, EventType type,
                                              const Requester& requester,
                                              const TransactionStep& also,
                                              const ReplaceCondition& condition) {
  std::vector<std::string> obsolete;
  // Whether the last attempt failed inside the body, so that nothing was
  // committed. A failed Commit may in rare cases have committed after all, so
  // then the new blob is left for the garbage collection at the next Open.
  bool rolled_back = false;
  Result<ObjectInfo> published = database_.WithTransaction(
      db::TransactionKind::kWrite, [&](db::Transaction& transaction) -> Result<ObjectInfo> {
        obsolete.clear();
        rolled_back = true;
        RETURN_IF_ERROR(RequireBucket(transaction, record.info.bucket));
        if (also) {
          RETURN_IF_ERROR(also(transaction, obsolete));
        }
        ASSIGN_OR_RETURN(const std::optional<ObjectRecord> previous,
                         internal::FindObject(transaction, record.info.bucket, record.info.key));
        if (condition) {
          RETURN_IF_ERROR(condition(previous ? &previous->info : nullptr));
        }
        if (previous) {
          obsolete.push_back(previous->blob_id);
        }
        ASSIGN_OR_RETURN(record.sequencer, internal::NextSequencer(transaction));
        RETURN_IF_ERROR(internal::UpsertObject(transaction, record));
        RETURN_IF_ERROR(internal::AppendEvent(
            transaction, MakeEvent(type, record.info, record.sequencer, requester)));
        rolled_back = false;
        return record.info;
      });
  if (!published.ok()) {
    if (rolled_back) {
      RemoveBlobs(std::span(&record.blob_id, 1));
    }
    return published.status();
  }
  RemoveBlobs(obsolete);
  NotifyEventsCommitted();
  return published;
}

Result<ObjectContent> ObjectStore::OpenObject(std::string_view bucket, std::string_view key) {
  // A concurrent replace or delete may unlink the blob between our read of
  // the row and the open; then the row has changed and is read again. Only a
  // key rewritten faster than one row read and open, again and again, runs
  // out of attempts (a reader descheduled for a few ms on a busy machine can
  // lose a round or two).
  constexpr int kAttempts = 10;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    ASSIGN_OR_RETURN(const std::optional<ObjectRecord> record,
                     internal::FindObject(database_, bucket, key));
    if (!record) {
      RETURN_IF_ERROR(RequireBucket(database_, bucket));
      return NoSuchKey(bucket, key);
    }
    Result<BlobFile> body = blobs_->OpenBlob(record->blob_id);
    if (body.ok()) {
      return ObjectContent{.info = record->info, .body = std::move(*body)};
    }
    if (body.status().code() != StatusCode::kNotFound) {
      return body.status();
    }
  }
  return Status::Unavailable("object '" + std::string(key) + "' keeps changing; try again");
}

// ---- Buckets ----

Status ObjectStore::CreateBucket(std::string_view bucket) {
  RETURN_IF_ERROR(ValidateBucketName(bucket));
  ASSIGN_OR_RETURN(const bool created,
                   internal::InsertBucket(database_, bucket, NowMillis(clock_)));
  if (!created) {
    return s3::S3ErrorStatus(s3::S3ErrorCode::kBucketAlreadyOwnedByYou,
                             "bucket '" + std::string(bucket) + "' exists and is yours");
  }
  return Status::Ok();
}

Status ObjectStore::DeleteBucket(std::string_view bucket) {
  RETURN_IF_ERROR(RequireValidBucketName(bucket));
  std::vector<std::string> part_blobs;
  const Status committed = database_.WithTransaction(
      db::TransactionKind::kWrite, [&](db::Transaction& transaction) -> Status {
        part_blobs.clear();
        RETURN_IF_ERROR(RequireBucket(transaction, bucket));
        ASSIGN_OR_RETURN(const bool has_objects, internal::BucketHasObjects(transaction, bucket));
        if (has_objects) {
          return s3::S3ErrorStatus(s3::S3ErrorCode::kBucketNotEmpty,
                                   "bucket '" + std::string(bucket) + "' is not empty");
        }
        // Uploads in progress do not keep a bucket alive; they are aborted.
        internal::UploadScan scan;
        scan.bucket = bucket;
        scan.limit = std::numeric_limits<int64_t>::max();
        ASSIGN_OR_RETURN(const std::vector<UploadInfo> uploads,
                         internal::ScanUploads(transaction, scan));
        for (const UploadInfo& upload : uploads) {
          ASSIGN_OR_RETURN(std::vector<std::string> blobs,
                           internal::DeleteUploadRows(transaction, upload.upload_id));
          part_blobs.insert(part_blobs.end(), blobs.begin(), blobs.end());
        }
        return internal::DeleteBucketRow(transaction, bucket);
      });
  RETURN_IF_ERROR(committed);
  RemoveBlobs(part_blobs);
  return Status::Ok();
}

Result<BucketInfo> ObjectStore::HeadBucket(std::string_view bucket) {
  RETURN_IF_ERROR(RequireValidBucketName(bucket));
  ASSIGN_OR_RETURN(const std::optional<BucketInfo> info, internal::FindBucket(database_, bucket));
  if (!info) {
    return NoSuchBucket(bucket);
  }
  return *info;
}

Result<std::vector<BucketInfo>> ObjectStore::ListBuckets() {
  return internal::ListBucketRows(database_);
}

// ---- Objects ----

Result<ObjectWriter> ObjectStore::BeginPut(std::string_view bucket, std::string_view key) {
  RETURN_IF_ERROR(RequireValidBucketName(bucket));
  RETURN_IF_ERROR(ValidateObjectKey(key));
  RETURN_IF_ERROR(RequireBucket(database_, bucket));
  ASSIGN_OR_RETURN(internal::BlobWriter blob, blobs_->Create());
  return ObjectWriter(*this, std::string(bucket), std::string(key),
                      std::make_unique<internal::BlobWriter>(std::move(blob)));
}

Result<ObjectInfo> ObjectStore::CommitPut(ObjectWriter& writer, const PutOptions& options,
                                          const Requester& requester) {
  RETURN_IF_ERROR(ValidateObjectAttributes(options.attributes));
  RETURN_IF_ERROR(ValidateChecksums(options.checksums));
  ASSIGN_OR_RETURN(const CommittedBlob blob, writer.CommitBlob());
  // Every byte went through Write(), so the MD5 is known.
  GLOSS_CHECK(blob.md5.has_value());
  if (!options.content_md5.empty() && options.content_md5 != internal::DigestBytes(*blob.md5)) {
    RemoveBlobs(std::span(&blob.id, 1));
    return s3::S3ErrorStatus(s3::S3ErrorCode::kBadDigest,
                             "the Content-MD5 you specified did not match what we received");
  }
  ObjectRecord record;
  record.info = ObjectInfo{.bucket = writer.bucket_,
                           .key = writer.key_,
                           .size = blob.size,
                           .etag = internal::DigestHex(*blob.md5),
                           .last_modified = NowMillis(clock_),
                           .attributes = options.attributes,
                           .checksums = options.checksums};
  record.blob_id = blob.id;
  return PublishObject(std::move(record), EventType::kObjectCreatedPut, requester, nullptr,
                       options.precondition);
}

Result<ObjectInfo> ObjectStore::HeadObject(std::string_view bucket, std::string_view key) {
  RETURN_IF_ERROR(RequireValidBucketName(bucket));
  RETURN_IF_ERROR(ValidateObjectKey(key));
  ASSIGN_OR_RETURN(const std::optional<ObjectRecord> record,
                   internal::FindObject(database_, bucket, key));
  if (!record) {
    RETURN_IF_ERROR(RequireBucket(database_, bucket));
    return NoSuchKey(bucket, key);
  }
  return record->info;
}

Result<ObjectContent> ObjectStore::GetObject(std::string_view bucket, std::string_view key) {
  RETURN_IF_ERROR(RequireValidBucketName(bucket));
  RETURN_IF_ERROR(ValidateObjectKey(key));
  return OpenObject(bucket, key);
}

Status ObjectStore::DeleteObject(std::string_view bucket, std::string_view key,
                                 const Requester& requester) {
  ASSIGN_OR_RETURN(const std::vector<Status> outcomes,
                   DeleteKeys(bucket, std::span(&key, 1), requester));
  return outcomes.front();
}

Result<std::vector<Status>> ObjectStore::DeleteObjects(std::string_view bucket,
                                                       std::span<const std::string> keys,
                                                       const Requester& requester) {
  if (keys.empty() || keys.size() > kMaxPageSize) {
    return s3::S3ErrorStatus(s3::S3ErrorCode::kMalformedXML,
                             "a delete request must name 1 to 1000 keys");
  }
  const std::vector<std::string_view> views(keys.begin(), keys.end());
  return DeleteKeys(bucket, views, requester);
}

Result<std::vector<Status>> ObjectStore::DeleteKeys(std::string_view bucket,
                                                    std::span<const std::string_view> keys,
                                                    const Requester& requester) {
  RETURN_IF_ERROR(RequireValidBucketName(bucket));
  std::vector<Status> outcomes;
  outcomes.reserve(keys.size());
  for (const std::string_view key : keys) {
    outcomes.push_back(ValidateObjectKey(key));
  }
  if (keys.size() == 1 && !outcomes.front().ok()) {
    return outcomes;
  }
  const TimePoint now = NowMillis(clock_);
  std::vector<std::string> removed_blobs;
  const Status committed = database_.WithTransaction(
      db::TransactionKind::kWrite, [&](db::Transaction& transaction) -> Status {
        removed_blobs.clear();
        RETURN_IF_ERROR(RequireBucket(transaction, bucket));
        for (size_t index = 0; index < keys.size(); ++index) {
          if (!outcomes[index].ok()) {
            continue;
          }
          ASSIGN_OR_RETURN(std::optional<std::string> blob_id,
                           internal::DeleteObjectRow(transaction, bucket, keys[index]));
          if (!blob_id) {
            continue;  // Deleting a missing key succeeds, without an event.
          }
          removed_blobs.push_back(std::move(*blob_id));
          ASSIGN_OR_RETURN(const int64_t sequencer, internal::NextSequencer(transaction));
          ObjectInfo removed;
          removed.bucket = bucket;
          removed.key = keys[index];
          removed.last_modified = now;
          RETURN_IF_ERROR(internal::AppendEvent(
              transaction,
              MakeEvent(EventType::kObjectRemovedDelete, removed, sequencer, requester)));
        }
        return Status::Ok();
      });
  RETURN_IF_ERROR(committed);
  RemoveBlobs(removed_blobs);
  if (!removed_blobs.empty()) {
    NotifyEventsCommitted();
  }
  return outcomes;
}

Result<ObjectInfo> ObjectStore::CopyObject(std::string_view source_bucket,
                                           std::string_view source_key, std::string_view bucket,
                                           std::string_view key, const CopyOptions& options,
                                           const Requester& requester) {
  RETURN_IF_ERROR(RequireValidBucketName(source_bucket));
  RETURN_IF_ERROR(ValidateObjectKey(source_key));
  RETURN_IF_ERROR(RequireValidBucketName(bucket));
  RETURN_IF_ERROR(ValidateObjectKey(key));
  if (source_bucket == bucket && source_key == key &&
      options.directive == MetadataDirective::kCopy) {
    return s3::S3ErrorStatus(
        s3::S3ErrorCode::kInvalidRequest,
        "this copy request is illegal because it is trying to copy an object to "
        "itself without changing the object's metadata");
  }
  if (options.directive == MetadataDirective::kReplace) {
    RETURN_IF_ERROR(ValidateObjectAttributes(options.attributes));
  }
  RETURN_IF_ERROR(RequireBucket(database_, bucket));  // Fail before copying any bytes.
  ASSIGN_OR_RETURN(ObjectContent source, OpenObject(source_bucket, source_key));
  if (source.info.size > kMaxPutSize) {
    return s3::S3ErrorStatus(s3::S3ErrorCode::kEntityTooLarge,
                             "a copy source larger than 5 GiB needs UploadPartCopy");
  }
  // A multipart source's ETag is not an MD5 of its bytes; S3 gives the copy
  // a plain MD5 ETag, so those bytes are hashed on the way.
  const bool multipart_source = source.info.etag.find('-') != std::string::npos;
  ASSIGN_OR_RETURN(internal::BlobWriter writer, blobs_->Create());
  RETURN_IF_ERROR(writer.AppendFrom(
      source.body, 0, source.info.size,
      multipart_source ? internal::CopyMode::kHashed : internal::CopyMode::kKernel));
  ASSIGN_OR_RETURN(const CommittedBlob blob, writer.Commit());
  ObjectRecord record;
  record.info = ObjectInfo{
      .bucket = std::string(bucket),
      .key = std::string(key),
      .size = blob.size,
      .etag = multipart_source ? internal::DigestHex(*blob.md5) : source.info.etag,
      .last_modified = NowMillis(clock_),
      .attributes = options.directive == MetadataDirective::kReplace ? options.attributes
                                                                     : source.info.attributes,
      .checksums = source.info.checksums};
  record.blob_id = blob.id;
  return PublishObject(std::move(record), EventType::kObjectCreatedCopy, requester, nullptr);
}

Result<ListObjectsPage> ObjectStore::ListObjectsV2(std::string_view bucket,
                                                   const ListObjectsRequest& request) {
  RETURN_IF_ERROR(RequireValidBucketName(bucket));
  return database_.WithTransaction(db::TransactionKind::kRead,
                                   [&](db::Transaction& transaction) -> Result<ListObjectsPage> {
                                     RETURN_IF_ERROR(RequireBucket(transaction, bucket));
                                     return internal::ListObjects(transaction, bucket, request);
                                   });
}

}  // namespace gloss::storage
