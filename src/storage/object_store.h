// ObjectStore is the object-store engine behind the S3 API: buckets, objects,
// listings and multipart uploads, with object bodies as immutable files under
// a root folder and everything else in the db::Database
// (docs/design/storage.md). Every change to an object commits together with
// its event in the outbox (events.h), which the OutboxDispatcher delivers.
//
// What it is not: the S3 protocol. It knows no HTTP, XML, SigV4, ranges or
// access rules; storage/s3/ does. Failures that S3 names carry the name as a
// message prefix ("NoSuchKey: ...", s3/s3_errors.h); the rest are database or disk
// errors (kUnavailable: retryable; kCorruption; kInternal).
//
// Names are validated here (names.h) and are only ever data: no bucket name
// or key becomes part of a path.
//
// Every method blocks on the database and the disk: call it from the
// BlockingPool (core/blocking_pool.h), never from an I/O thread.
//
// Thread safety: all ObjectStore methods may be called concurrently. A
// writer (ObjectWriter, PartWriter) is used by one thread at a time, may move
// between threads, and must be destroyed before its ObjectStore.

#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "core/status.h"
#include "storage/blob_file.h"
#include "storage/events.h"
#include "storage/object_types.h"

namespace gloss {
class Logger;
}  // namespace gloss

namespace gloss::db {
class Connection;
class Database;
class Transaction;
}  // namespace gloss::db

namespace gloss::storage {

namespace internal {
class BlobStore;
class BlobWriter;
struct CommittedBlob;
struct ObjectRecord;
}  // namespace internal

class ObjectStore;

// Streams one body to disk. Destroying it without a successful Commit
// discards what was written.
class BodyWriter {
 public:
  BodyWriter(BodyWriter&& other) noexcept;
  BodyWriter& operator=(BodyWriter&& other) noexcept;
  ~BodyWriter();

  // Appends `bytes`, written straight from the caller's buffer: pass large
  // slices (~1 MiB) for speed; memory use does not depend on the body size.
  // Errors: kPayloadTooLarge "EntityTooLarge: ..." past 5 GiB; kUnavailable
  // (disk full, I/O error), after which only Abort is useful.
  Status Write(std::string_view bytes);

  // Bytes written so far.
  uint64_t size() const;

  // Discards the body. Idempotent; implied by the destructor.
  void Abort();

 protected:
  BodyWriter(ObjectStore& store, std::string bucket, std::string key,
             std::unique_ptr<internal::BlobWriter> blob);

  // Makes the body durable; the writer is finished afterwards.
  Result<internal::CommittedBlob> CommitBlob();

  ObjectStore* store_;  // Not owned; outlives the writer.
  std::string bucket_;
  std::string key_;
  std::unique_ptr<internal::BlobWriter> blob_;  // Null once committed or aborted.
};

// The body of a PutObject (ObjectStore::BeginPut).
class ObjectWriter : public BodyWriter {
 public:
  // Stores the object, replacing any object with its key, and records an
  // ObjectCreated:Put event, in one transaction. Returns the stored object.
  // Errors: kInvalidArgument "BadDigest: ..." if options.content_md5 differs
  // from the body's MD5; "InvalidArgument: ..." for user metadata that is
  // not UTF-8, "MetadataTooLarge: ..." past 2 KiB of it; kNotFound
  // "NoSuchBucket: ..." if the bucket was deleted meanwhile; kInternal after
  // a failed Write or a second Commit; database and disk errors.
  Result<ObjectInfo> Commit(const PutOptions& options, const Requester& requester);

 private:
  friend class ObjectStore;
  using BodyWriter::BodyWriter;
};

// The body of an UploadPart (ObjectStore::BeginUploadPart).
class PartWriter : public BodyWriter {
 public:
  // Stores the part, replacing an earlier upload of its number. Errors:
  // "BadDigest: ..." as ObjectWriter::Commit; kNotFound "NoSuchUpload: ..."
  // if the upload was completed or aborted meanwhile; database and disk
  // errors.
  Result<PartInfo> Commit(const PartOptions& options);

 private:
  friend class ObjectStore;
  PartWriter(ObjectStore& store, std::string bucket, std::string key, std::string upload_id,
             int part_number, std::unique_ptr<internal::BlobWriter> blob);

  std::string upload_id_;
  int part_number_;
};

// An object and its open body.
struct ObjectContent {
  ObjectInfo info;
  BlobFile body;
};

struct ObjectStoreOptions {
  // The folder holding the blobs; created if missing. One process at a time.
  std::string root{};
  // Called after each commit that appended events (from the committing
  // thread), e.g. to wake the OutboxDispatcher. May be empty.
  std::function<void()> on_events_committed{};
};

class ObjectStore {
 public:
  // Applies the storage migrations, opens the blob root (deleting temp files
  // of interrupted uploads) and deletes every blob no row references (left by
  // a crash between a blob's rename and its commit, or between a commit and
  // the replaced blob's unlink). `database`, `clock` and `logger` must
  // outlive the store. Errors: kUnavailable if the root cannot be used or
  // another process has it open; database errors.
  static Result<std::unique_ptr<ObjectStore>> Open(db::Database& database, const Clock& clock,
                                                   Logger& logger, ObjectStoreOptions options);
  ~ObjectStore();

  ObjectStore(const ObjectStore&) = delete;
  ObjectStore& operator=(const ObjectStore&) = delete;

  // ---- Buckets ----

  // Errors: "InvalidBucketName: ..."; kAlreadyExists
  // "BucketAlreadyOwnedByYou: ..." (there is one owner: the sandbox).
  Status CreateBucket(std::string_view bucket);

  // Deletes an empty bucket, aborting its multipart uploads. Errors:
  // "NoSuchBucket: ..."; kFailedPrecondition "BucketNotEmpty: ...".
  Status DeleteBucket(std::string_view bucket);

  // Errors: "NoSuchBucket: ..." (also for invalid names).
  Result<BucketInfo> HeadBucket(std::string_view bucket);

  // All buckets by name.
  Result<std::vector<BucketInfo>> ListBuckets();

  // ---- Objects ----

  // Starts a PutObject of `key` in `bucket`: write the body to the returned
  // writer, then Commit. Errors: "InvalidBucketName: ...", "NoSuchBucket: ...",
  // "KeyTooLongError: ...", "InvalidArgument: ..." (key); kUnavailable.
  Result<ObjectWriter> BeginPut(std::string_view bucket, std::string_view key);

  // Errors: "NoSuchBucket: ...", "NoSuchKey: ...".
  Result<ObjectInfo> HeadObject(std::string_view bucket, std::string_view key);

  // The object and its body, open for reading at any offset. A concurrent
  // replace or delete does not disturb the returned body. Errors as HeadObject.
  Result<ObjectContent> GetObject(std::string_view bucket, std::string_view key);

  // Deletes the object and records ObjectRemoved:Delete. Deleting a missing
  // key succeeds and records nothing. Errors: "NoSuchBucket: ...", key errors.
  Status DeleteObject(std::string_view bucket, std::string_view key, const Requester& requester);

  // Deletes several keys of one bucket in one transaction. Returns one Status
  // per key, in order: OK for deleted or missing keys, a key error for an
  // invalid key. Errors (for the whole call): "NoSuchBucket: ...",
  // "MalformedXML: ..." for no keys or more than 1000; database errors.
  Result<std::vector<Status>> DeleteObjects(std::string_view bucket,
                                            std::span<const std::string> keys,
                                            const Requester& requester);

  // Copies an object within the store, the bytes copied by the kernel, and
  // records ObjectCreated:Copy. The copy has the source's ETag and checksums,
  // and its attributes or options.attributes (kReplace). Errors:
  // "NoSuchBucket: ..." (either bucket), "NoSuchKey: ..." (source),
  // "InvalidRequest: ..." copying an object onto itself with kCopy,
  // "EntityTooLarge: ..." for a source over 5 GiB, name errors.
  Result<ObjectInfo> CopyObject(std::string_view source_bucket, std::string_view source_key,
                                std::string_view bucket, std::string_view key,
                                const CopyOptions& options, const Requester& requester);

  // One page of ListObjectsV2 (docs/design/storage.md, "Listing"). Errors:
  // "NoSuchBucket: ...", "InvalidArgument: ..." (max_keys < 0, bad token).
  Result<ListObjectsPage> ListObjectsV2(std::string_view bucket, const ListObjectsRequest& request);

  // ---- Multipart uploads ----

  // Starts an upload of `key`; returns its id (random, unguessable).
  // `attributes` are the completed object's. Errors: as BeginPut, plus the
  // metadata errors of ObjectWriter::Commit.
  Result<std::string> CreateMultipartUpload(std::string_view bucket, std::string_view key,
                                            const ObjectAttributes& attributes);

  // Starts part `part_number` of the upload. Errors: "InvalidArgument: ..."
  // for a number outside 1..10000; "NoSuchUpload: ..." unless the upload
  // exists for this bucket and key; "NoSuchBucket: ...".
  Result<PartWriter> BeginUploadPart(std::string_view bucket, std::string_view key,
                                     std::string_view upload_id, int part_number);

  // Stores bytes [range.first, range.last] of an existing object (all of it
  // without a range) as part `part_number`. Errors: as BeginUploadPart; the
  // source's as CopyObject; "InvalidArgument: ..." for a range outside the
  // source; "EntityTooLarge: ..." over 5 GiB.
  Result<PartInfo> UploadPartCopy(std::string_view bucket, std::string_view key,
                                  std::string_view upload_id, int part_number,
                                  std::string_view source_bucket, std::string_view source_key,
                                  const std::optional<ByteRange>& range);

  // A page of the upload's parts. Errors: "NoSuchUpload: ...",
  // "InvalidArgument: ..." for a negative marker or max_parts.
  Result<PartsPage> ListParts(std::string_view bucket, std::string_view key,
                              std::string_view upload_id, const ListPartsRequest& request);

  // A page of the bucket's uploads in progress. Errors: "NoSuchBucket: ...",
  // "InvalidArgument: ..." for a negative max_uploads.
  Result<UploadsPage> ListMultipartUploads(std::string_view bucket,
                                           const ListUploadsRequest& request);

  // Deletes the upload and its parts. Errors: "NoSuchUpload: ...".
  Status AbortMultipartUpload(std::string_view bucket, std::string_view key,
                              std::string_view upload_id);

  // Assembles the listed parts into the object (docs/design/storage.md,
  // "Multipart"), records ObjectCreated:CompleteMultipartUpload and removes
  // the upload with all its parts. Errors: "NoSuchUpload: ...",
  // "MalformedXML: ..." (no parts), "InvalidPartOrder: ...",
  // "InvalidPart: ...", "EntityTooSmall: ...".
  Result<ObjectInfo> CompleteMultipartUpload(std::string_view bucket, std::string_view key,
                                             std::string_view upload_id,
                                             std::span<const CompletedPart> parts,
                                             const Requester& requester);

 private:
  friend class ObjectWriter;
  friend class PartWriter;

  ObjectStore(db::Database& database, const Clock& clock, Logger& logger,
              ObjectStoreOptions options, std::unique_ptr<internal::BlobStore> blobs);

  Result<ObjectInfo> CommitPut(ObjectWriter& writer, const PutOptions& options,
                               const Requester& requester);
  Result<PartInfo> CommitPart(PartWriter& writer, const PartOptions& options);

  // Records `blob` as the part (replacing an earlier upload of its number)
  // and removes the replaced blob; on failure removes `blob`.
  Result<PartInfo> PublishPart(std::string_view bucket, std::string_view key,
                               std::string_view upload_id, int part_number,
                               const internal::CommittedBlob& blob, const Checksums& checksums);

  // Writes `record` (taking a sequencer) and its `type` event in one
  // transaction, after `also` (which may add blob ids to remove) and
  // `condition` (given the object replaced, if any); then removes the
  // replaced blob and those. On failure removes record's blob instead.
  using TransactionStep =
      std::function<Status(db::Transaction&, std::vector<std::string>& obsolete_blobs)>;
  using ReplaceCondition = std::function<Status(const ObjectInfo* current)>;
  Result<ObjectInfo> PublishObject(internal::ObjectRecord record, EventType type,
                                   const Requester& requester, const TransactionStep& also,
                                   const ReplaceCondition& condition = nullptr);

  // The object's row and its open blob, re-reading the row if a concurrent
  // change removed the blob in between.
  Result<ObjectContent> OpenObject(std::string_view bucket, std::string_view key);

  // DeleteObject(s): validates each key; deletes the valid ones in one
  // transaction.
  Result<std::vector<Status>> DeleteKeys(std::string_view bucket,
                                         std::span<const std::string_view> keys,
                                         const Requester& requester);

  // The upload, if it exists and belongs to `bucket` and `key`; else
  // NoSuchUpload.
  Result<UploadInfo> FindUploadFor(db::Connection& connection, std::string_view bucket,
                                   std::string_view key, std::string_view upload_id);

  // Removes blobs whose rows are gone; a failure only leaves garbage for the
  // next Open, so it is logged, not returned.
  void RemoveBlobs(std::span<const std::string> blob_ids);
  void NotifyEventsCommitted();

  db::Database& database_;
  const Clock& clock_;
  Logger& logger_;
  const ObjectStoreOptions options_;
  const std::unique_ptr<internal::BlobStore> blobs_;
};

using ObjectStorePtr = std::unique_ptr<ObjectStore>;

}  // namespace gloss::storage
