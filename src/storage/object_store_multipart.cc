// ObjectStore's multipart uploads (docs/design/storage.md, "Multipart").

#include <algorithm>
#include <map>
#include <utility>

#include "core/hex.h"
#include "core/random.h"
#include "db/database.h"
#include "storage/internal/blob_store.h"
#include "storage/internal/key_range.h"
#include "storage/internal/md5.h"
#include "storage/internal/object_rows.h"
#include "storage/internal/store_support.h"
#include "storage/internal/upload_rows.h"
#include "storage/names.h"
#include "storage/object_store.h"
#include "storage/s3/s3_errors.h"

namespace gloss::storage {
namespace {

using internal::CommittedBlob;
using internal::NoSuchUpload;
using internal::NowMillis;
using internal::PartRecord;
using internal::RequireBucket;
using internal::RequireValidBucketName;

constexpr size_t kUploadIdRandomLength = 32;  // ~190 bits of base62.

// 12 hex digits of the initiation time in ms, then random characters: the
// random part makes it unguessable, the time part sorts a key's uploads by
// initiation as S3 lists them.
std::string NewUploadId(TimePoint now) {
  const auto millis = static_cast<uint64_t>(ToUnixMillis(now));
  std::string id(12, '0');
  constexpr std::string_view kHex = "0123456789abcdef";
  for (size_t index = 0; index < id.size(); ++index) {
    id[id.size() - 1 - index] = kHex[(millis >> (4 * index)) & 0xF];
  }
  return id + RandomString(kUploadIdRandomLength, kBase62);
}

Status ValidatePartNumber(int part_number) {
  if (part_number < 1 || part_number > kMaxPartNumber) {
    return s3::S3ErrorStatus(s3::S3ErrorCode::kInvalidArgument,
                             "part number must be an integer between 1 and 10000, inclusive");
  }
  return Status::Ok();
}

// Clients send ETags quoted ("\"abc\""); accept them either way.
std::string_view Unquoted(std::string_view etag) {
  if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') {
    return etag.substr(1, etag.size() - 2);
  }
  return etag;
}

Status InvalidPart(int part_number, std::string_view why) {
  return s3::S3ErrorStatus(s3::S3ErrorCode::kInvalidPart,
                           "part " + std::to_string(part_number) + " " + std::string(why));
}

// Checks the client's list of a CompleteMultipartUpload against the stored
// parts and returns the stored record of each listed part.
Result<std::vector<PartRecord>> MatchCompletedParts(std::span<const CompletedPart> listed,
                                                    std::vector<PartRecord> stored) {
  if (listed.empty()) {
    return s3::S3ErrorStatus(s3::S3ErrorCode::kMalformedXML,
                             "the part list must name at least one part");
  }
  for (size_t index = 1; index < listed.size(); ++index) {
    if (listed[index].part_number <= listed[index - 1].part_number) {
      return s3::S3ErrorStatus(s3::S3ErrorCode::kInvalidPartOrder,
                               "the list of parts was not in ascending order");
    }
  }
  std::map<int, PartRecord*> by_number;
  for (PartRecord& part : stored) {
    by_number.emplace(part.info.part_number, &part);
  }
  std::vector<PartRecord> matched;
  matched.reserve(listed.size());
  for (size_t index = 0; index < listed.size(); ++index) {
    const CompletedPart& part = listed[index];
    const auto found = by_number.find(part.part_number);
    if (found == by_number.end()) {
      return InvalidPart(part.part_number, "has not been uploaded");
    }
    const PartRecord& record = *found->second;
    if (Unquoted(part.etag) != record.info.etag) {
      return InvalidPart(part.part_number, "has another ETag");
    }
    if (index + 1 < listed.size() && record.info.size < kMinPartSize) {
      return s3::S3ErrorStatus(
          s3::S3ErrorCode::kEntityTooSmall,
          "part " + std::to_string(part.part_number) + " is smaller than the minimum of 5 MiB");
    }
    matched.push_back(record);
  }
  return matched;
}

// S3's multipart ETag: the MD5 of the parts' binary MD5s, "-", the count.
Result<std::string> MultipartEtag(std::span<const PartRecord> parts) {
  internal::Md5 md5;
  for (const PartRecord& part : parts) {
    Result<std::string> digest = HexDecode(part.info.etag);
    if (!digest.ok() || digest->size() != 16) {
      return Status::Corruption("part ETag '" + part.info.etag + "' is not an MD5");
    }
    md5.Update(*digest);
  }
  return internal::DigestHex(md5.Finish()) + "-" + std::to_string(parts.size());
}

}  // namespace

PartWriter::PartWriter(ObjectStore& store, std::string bucket, std::string key,
                       std::string upload_id, int part_number,
                       std::unique_ptr<internal::BlobWriter> blob)
    : BodyWriter(store, std::move(bucket), std::move(key), std::move(blob)),
      upload_id_(std::move(upload_id)),
      part_number_(part_number) {}

Result<PartInfo> PartWriter::Commit(const PartOptions& options) {
  return store_->CommitPart(*this, options);
}

Result<UploadInfo> ObjectStore::FindUploadFor(db::Connection& connection, std::string_view bucket,
                                              std::string_view key, std::string_view upload_id) {
  ASSIGN_OR_RETURN(const std::optional<UploadInfo> upload,
                   internal::FindUpload(connection, upload_id));
  if (!upload || upload->bucket != bucket || upload->key != key) {
    return NoSuchUpload(upload_id);
  }
  return *upload;
}

Result<std::string> ObjectStore::CreateMultipartUpload(std::string_view bucket,
                                                       std::string_view key,
                                                       const ObjectAttributes& attributes) {
  RETURN_IF_ERROR(RequireValidBucketName(bucket));
  RETURN_IF_ERROR(ValidateObjectKey(key));
  RETURN_IF_ERROR(ValidateObjectAttributes(attributes));
  const TimePoint now = NowMillis(clock_);
  const UploadInfo upload{.upload_id = NewUploadId(now),
                          .bucket = std::string(bucket),
                          .key = std::string(key),
                          .initiated = now,
                          .attributes = attributes};
  const Status committed = database_.WithTransaction(
      db::TransactionKind::kWrite, [&](db::Transaction& transaction) -> Status {
        RETURN_IF_ERROR(RequireBucket(transaction, bucket));
        return internal::InsertUpload(transaction, upload);
      });
  RETURN_IF_ERROR(committed);
  return upload.upload_id;
}

Result<PartWriter> ObjectStore::BeginUploadPart(std::string_view bucket, std::string_view key,
                                                std::string_view upload_id, int part_number) {
  RETURN_IF_ERROR(RequireValidBucketName(bucket));
  RETURN_IF_ERROR(ValidateObjectKey(key));
  RETURN_IF_ERROR(ValidatePartNumber(part_number));
  RETURN_IF_ERROR(RequireBucket(database_, bucket));
  RETURN_IF_ERROR(FindUploadFor(database_, bucket, key, upload_id).status());
  ASSIGN_OR_RETURN(internal::BlobWriter blob, blobs_->Create());
  return PartWriter(*this, std::string(bucket), std::string(key), std::string(upload_id),
                    part_number, std::make_unique<internal::BlobWriter>(std::move(blob)));
}

Result<PartInfo> ObjectStore::CommitPart(PartWriter& writer, const PartOptions& options) {
  RETURN_IF_ERROR(ValidateChecksums(options.checksums));
  ASSIGN_OR_RETURN(const CommittedBlob blob, writer.CommitBlob());
  GLOSS_CHECK(blob.md5.has_value());  // Every byte went through Write().
  if (!options.content_md5.empty() && options.content_md5 != internal::DigestBytes(*blob.md5)) {
    RemoveBlobs(std::span(&blob.id, 1));
    return s3::S3ErrorStatus(s3::S3ErrorCode::kBadDigest,
                             "the Content-MD5 you specified did not match what we received");
  }
  return PublishPart(writer.bucket_, writer.key_, writer.upload_id_, writer.part_number_, blob,
                     options.checksums);
}

Result<PartInfo> ObjectStore::PublishPart(std::string_view bucket, std::string_view key,
                                          std::string_view upload_id, int part_number,
                                          const CommittedBlob& blob, const Checksums& checksums) {
  const PartRecord part{.info = PartInfo{.part_number = part_number,
                                         .size = blob.size,
                                         .etag = internal::DigestHex(*blob.md5),
                                         .last_modified = NowMillis(clock_),
                                         .checksums = checksums},
                        .blob_id = blob.id};
  std::optional<std::string> replaced;
  bool rolled_back = false;  // As in PublishObject.
  const Status status = database_.WithTransaction(
      db::TransactionKind::kWrite, [&](db::Transaction& transaction) -> Status {
        replaced.reset();
        rolled_back = true;
        RETURN_IF_ERROR(FindUploadFor(transaction, bucket, key, upload_id).status());
        ASSIGN_OR_RETURN(const std::optional<PartRecord> previous,
                         internal::FindPart(transaction, upload_id, part_number));
        if (previous) {
          replaced = previous->blob_id;
        }
        RETURN_IF_ERROR(internal::UpsertPart(transaction, upload_id, part));
        rolled_back = false;
        return Status::Ok();
      });
  if (!status.ok()) {
    if (rolled_back) {
      RemoveBlobs(std::span(&blob.id, 1));
    }
    return status;
  }
  if (replaced) {
    RemoveBlobs(std::span(&*replaced, 1));
  }
  return part.info;
}

Result<PartInfo> ObjectStore::UploadPartCopy(std::string_view bucket, std::string_view key,
                                             std::string_view upload_id, int part_number,
                                             std::string_view source_bucket,
                                             std::string_view source_key,
                                             const std::optional<ByteRange>& range) {
  RETURN_IF_ERROR(RequireValidBucketName(bucket));
  RETURN_IF_ERROR(ValidateObjectKey(key));
  RETURN_IF_ERROR(ValidatePartNumber(part_number));
  RETURN_IF_ERROR(RequireValidBucketName(source_bucket));
  RETURN_IF_ERROR(ValidateObjectKey(source_key));
  RETURN_IF_ERROR(RequireBucket(database_, bucket));
  RETURN_IF_ERROR(FindUploadFor(database_, bucket, key, upload_id).status());
  ASSIGN_OR_RETURN(ObjectContent source, OpenObject(source_bucket, source_key));
  uint64_t offset = 0;
  uint64_t length = source.info.size;
  if (range) {
    if (range->first > range->last || range->last >= source.info.size) {
      return s3::S3ErrorStatus(
          s3::S3ErrorCode::kInvalidArgument,
          "the range is not valid for a source object of size " + std::to_string(source.info.size));
    }
    offset = range->first;
    length = range->last - range->first + 1;
  }
  if (length > kMaxPutSize) {
    return s3::S3ErrorStatus(s3::S3ErrorCode::kEntityTooLarge, "a part may be at most 5 GiB");
  }
  // The part's ETag is the MD5 of the range, so the bytes are hashed.
  ASSIGN_OR_RETURN(internal::BlobWriter writer, blobs_->Create());
  RETURN_IF_ERROR(writer.AppendFrom(source.body, offset, length, internal::CopyMode::kHashed));
  ASSIGN_OR_RETURN(const CommittedBlob blob, writer.Commit());
  return PublishPart(bucket, key, upload_id, part_number, blob, Checksums{});
}

Result<PartsPage> ObjectStore::ListParts(std::string_view bucket, std::string_view key,
                                         std::string_view upload_id,
                                         const ListPartsRequest& request) {
  RETURN_IF_ERROR(RequireValidBucketName(bucket));
  RETURN_IF_ERROR(ValidateObjectKey(key));
  if (request.part_number_marker < 0 || request.max_parts < 0) {
    return s3::S3ErrorStatus(s3::S3ErrorCode::kInvalidArgument,
                             "part-number-marker and max-parts must not be negative");
  }
  const auto max_parts = static_cast<size_t>(std::min<int64_t>(request.max_parts, kMaxPageSize));
  return database_.WithTransaction(
      db::TransactionKind::kRead, [&](db::Transaction& transaction) -> Result<PartsPage> {
        PartsPage page;
        ASSIGN_OR_RETURN(page.upload, FindUploadFor(transaction, bucket, key, upload_id));
        ASSIGN_OR_RETURN(
            std::vector<PartRecord> parts,
            internal::ScanParts(transaction, upload_id, request.part_number_marker, max_parts + 1));
        // As in ListObjectsV2, a page of 0 is empty and not truncated.
        page.is_truncated = max_parts > 0 && parts.size() > max_parts;
        parts.resize(std::min(parts.size(), max_parts));
        for (PartRecord& part : parts) {
          page.parts.push_back(std::move(part.info));
        }
        if (!page.parts.empty()) {
          page.next_part_number_marker = page.parts.back().part_number;
        }
        return page;
      });
}

Result<UploadsPage> ObjectStore::ListMultipartUploads(std::string_view bucket,
                                                      const ListUploadsRequest& request) {
  RETURN_IF_ERROR(RequireValidBucketName(bucket));
  if (request.max_uploads < 0) {
    return s3::S3ErrorStatus(s3::S3ErrorCode::kInvalidArgument, "max-uploads must not be negative");
  }
  const auto max_uploads =
      static_cast<size_t>(std::min<int64_t>(request.max_uploads, kMaxPageSize));
  return database_.WithTransaction(
      db::TransactionKind::kRead, [&](db::Transaction& transaction) -> Result<UploadsPage> {
        RETURN_IF_ERROR(RequireBucket(transaction, bucket));
        const internal::UploadScan scan{.bucket = bucket,
                                        .key_marker = request.key_marker,
                                        .upload_id_marker = request.upload_id_marker,
                                        .from = request.prefix,
                                        .before = internal::PrefixSuccessor(request.prefix),
                                        .limit = max_uploads + 1};
        UploadsPage page;
        ASSIGN_OR_RETURN(page.uploads, internal::ScanUploads(transaction, scan));
        page.is_truncated = max_uploads > 0 && page.uploads.size() > max_uploads;
        page.uploads.resize(std::min(page.uploads.size(), max_uploads));
        if (page.is_truncated && !page.uploads.empty()) {
          page.next_key_marker = page.uploads.back().key;
          page.next_upload_id_marker = page.uploads.back().upload_id;
        }
        return page;
      });
}

Status ObjectStore::AbortMultipartUpload(std::string_view bucket, std::string_view key,
                                         std::string_view upload_id) {
  RETURN_IF_ERROR(RequireValidBucketName(bucket));
  RETURN_IF_ERROR(ValidateObjectKey(key));
  std::vector<std::string> part_blobs;
  const Status committed = database_.WithTransaction(
      db::TransactionKind::kWrite, [&](db::Transaction& transaction) -> Status {
        RETURN_IF_ERROR(FindUploadFor(transaction, bucket, key, upload_id).status());
        ASSIGN_OR_RETURN(part_blobs, internal::DeleteUploadRows(transaction, upload_id));
        return Status::Ok();
      });
  RETURN_IF_ERROR(committed);
  RemoveBlobs(part_blobs);
  return Status::Ok();
}

Result<ObjectInfo> ObjectStore::CompleteMultipartUpload(std::string_view bucket,
                                                        std::string_view key,
                                                        std::string_view upload_id,
                                                        std::span<const CompletedPart> parts,
                                                        const Requester& requester) {
  RETURN_IF_ERROR(RequireValidBucketName(bucket));
  RETURN_IF_ERROR(ValidateObjectKey(key));
  UploadInfo upload;
  std::vector<PartRecord> matched;
  const Status committed = database_.WithTransaction(
      db::TransactionKind::kRead, [&](db::Transaction& transaction) -> Status {
        ASSIGN_OR_RETURN(upload, FindUploadFor(transaction, bucket, key, upload_id));
        ASSIGN_OR_RETURN(std::vector<PartRecord> stored,
                         internal::ScanParts(transaction, upload_id, 0, kMaxPartNumber));
        ASSIGN_OR_RETURN(matched, MatchCompletedParts(parts, std::move(stored)));
        return Status::Ok();
      });
  RETURN_IF_ERROR(committed);
  ASSIGN_OR_RETURN(const std::string etag, MultipartEtag(matched));

  // Concatenate the parts in the kernel; the ETag needs no pass over them.
  ASSIGN_OR_RETURN(internal::BlobWriter writer, blobs_->Create());
  for (const PartRecord& part : matched) {
    Result<BlobFile> body = blobs_->OpenBlob(part.blob_id);
    if (!body.ok() && body.status().code() == StatusCode::kNotFound) {
      return InvalidPart(part.info.part_number, "was replaced while completing");
    }
    RETURN_IF_ERROR(body.status());
    RETURN_IF_ERROR(writer.AppendFrom(*body, 0, part.info.size, internal::CopyMode::kKernel));
  }
  ASSIGN_OR_RETURN(const CommittedBlob blob, writer.Commit());

  internal::ObjectRecord record;
  record.info = ObjectInfo{.bucket = std::string(bucket),
                           .key = std::string(key),
                           .size = blob.size,
                           .etag = etag,
                           .last_modified = NowMillis(clock_),
                           .attributes = upload.attributes,
                           .checksums = {}};
  record.blob_id = blob.id;
  // In the object's transaction: the parts must still be the ones copied,
  // then the upload and all its parts go.
  const TransactionStep remove_upload = [&](db::Transaction& transaction,
                                            std::vector<std::string>& obsolete) -> Status {
    RETURN_IF_ERROR(FindUploadFor(transaction, bucket, key, upload_id).status());
    for (const PartRecord& part : matched) {
      ASSIGN_OR_RETURN(const std::optional<PartRecord> now,
                       internal::FindPart(transaction, upload_id, part.info.part_number));
      if (!now || now->blob_id != part.blob_id) {
        return InvalidPart(part.info.part_number, "was replaced while completing");
      }
    }
    ASSIGN_OR_RETURN(std::vector<std::string> part_blobs,
                     internal::DeleteUploadRows(transaction, upload_id));
    obsolete.insert(obsolete.end(), part_blobs.begin(), part_blobs.end());
    return Status::Ok();
  };
  return PublishObject(std::move(record), EventType::kObjectCreatedCompleteMultipartUpload,
                       requester, remove_upload);
}

}  // namespace gloss::storage
