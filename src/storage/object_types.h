// The values ObjectStore (object_store.h) takes and returns: object
// attributes, object and bucket descriptions, listing requests and pages,
// multipart descriptions. Plain values; no I/O.
//
// Sizes are uint64_t bytes; times are system_clock time points with
// millisecond precision (that is what is stored). ETags are unquoted: 32 hex
// digits of MD5, or "<hex>-<parts>" for a multipart object.
//
// Thread safety: plain values, like std::string.

#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"

namespace gloss::storage {

// Who caused a change, for its event (S3's userIdentity and
// requestParameters). All may be empty.
struct Requester {
  std::string principal_id{};
  std::string source_ip{};
  std::string request_id{};
};

// What a client sets on an object and S3 returns with it. An empty string is
// a header that was not sent. These are what CopyObject's REPLACE directive
// replaces.
struct ObjectAttributes {
  std::string content_type;
  std::string content_encoding;
  std::string content_disposition;
  std::string cache_control;
  std::string content_language;
  std::string expires;  // As the client sent it (an HTTP date).
  // x-amz-meta-<name>: names lower-case, without the prefix.
  std::map<std::string, std::string> user_metadata;

  friend bool operator==(const ObjectAttributes&, const ObjectAttributes&) = default;
};

// Checksums of an object's bytes, algorithm ("CRC32", "SHA256", ...) to the
// base64 value, as the client sent and the protocol layer verified them.
using Checksums = std::map<std::string, std::string>;

inline constexpr size_t kMaxUserMetadataBytes = 2048;  // Names plus values.
inline constexpr uint64_t kMaxPutSize = 5ULL << 30;    // 5 GiB, also per part.
inline constexpr uint64_t kMinPartSize = 5ULL << 20;   // 5 MiB, all but the last part.
inline constexpr int kMaxPartNumber = 10000;
inline constexpr size_t kMaxPageSize = 1000;  // Listing pages.

struct BucketInfo {
  std::string name;
  TimePoint created;
};

struct ObjectInfo {
  std::string bucket;
  std::string key;
  uint64_t size = 0;
  std::string etag;
  TimePoint last_modified;
  ObjectAttributes attributes;
  Checksums checksums;
};

// The options of a put, given at ObjectWriter::Commit.
struct PutOptions {
  ObjectAttributes attributes{};
  Checksums checksums{};
  // The 16 raw bytes of the client's Content-MD5, if sent: the commit fails
  // with BadDigest when the body's MD5 differs.
  std::string content_md5{};
  // Called with the object the put would replace (nullptr: none) inside the
  // commit's transaction; an error fails the put with it. So of two
  // conditional puts of one key (If-None-Match: *), only one can succeed.
  std::function<Status(const ObjectInfo* current)> precondition{};
};

enum class MetadataDirective {
  kCopy,     // The copy gets the source's attributes.
  kReplace,  // The copy gets CopyOptions::attributes.
};

struct CopyOptions {
  MetadataDirective directive = MetadataDirective::kCopy;
  ObjectAttributes attributes{};  // Used with kReplace only.
};

// ---- ListObjectsV2 ----

struct ListObjectsRequest {
  std::string prefix{};
  std::string delimiter{};  // Empty: no rolling up.
  std::string start_after{};
  // From a previous page's next_continuation_token; takes precedence over
  // start_after. Empty on the first page.
  std::string continuation_token{};
  int64_t max_keys = 1000;  // 0..1000; larger values are capped at 1000.
};

struct ObjectSummary {
  std::string key;
  uint64_t size = 0;
  std::string etag;
  TimePoint last_modified;
};

struct ListObjectsPage {
  std::vector<ObjectSummary> contents;       // In UTF-8 binary key order.
  std::vector<std::string> common_prefixes;  // Sorted; each counted once.
  bool is_truncated = false;
  std::string next_continuation_token;  // Set iff is_truncated.

  // S3's KeyCount: contents plus common prefixes.
  size_t key_count() const { return contents.size() + common_prefixes.size(); }
};

// ---- Multipart ----

struct UploadInfo {
  std::string upload_id;
  std::string bucket;
  std::string key;
  TimePoint initiated;
  ObjectAttributes attributes;  // For the completed object.
};

struct PartInfo {
  int part_number = 0;
  uint64_t size = 0;
  std::string etag;
  TimePoint last_modified;
  Checksums checksums;
};

// Options of an UploadPart, given at PartWriter::Commit.
struct PartOptions {
  Checksums checksums{};
  std::string content_md5{};  // As PutOptions::content_md5.
};

// Inclusive byte range of a source object (x-amz-copy-source-range).
struct ByteRange {
  uint64_t first = 0;
  uint64_t last = 0;
};

struct ListPartsRequest {
  int part_number_marker = 0;  // Parts after this number.
  int max_parts = 1000;        // 0..1000; larger values are capped.
};

struct PartsPage {
  UploadInfo upload;
  std::vector<PartInfo> parts;  // Ascending part numbers.
  bool is_truncated = false;
  int next_part_number_marker = 0;  // The last part returned, if any.
};

struct ListUploadsRequest {
  std::string prefix{};
  std::string key_marker{};        // Uploads of keys after this one...
  std::string upload_id_marker{};  // ...or of key_marker itself after this id.
  int max_uploads = 1000;          // 0..1000; larger values are capped.
};

struct UploadsPage {
  std::vector<UploadInfo> uploads;  // By key, then initiation.
  bool is_truncated = false;
  std::string next_key_marker;
  std::string next_upload_id_marker;
};

// One entry of CompleteMultipartUpload's part list. The ETag may be quoted.
struct CompletedPart {
  int part_number = 0;
  std::string etag;
};

}  // namespace gloss::storage
