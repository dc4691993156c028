// XML bodies of the listing operations: ListAllMyBucketsResult
// (ListBuckets), ListBucketResult (ListObjectsV2 and v1), ListPartsResult,
// ListMultipartUploadsResult. The handler fills a plain page struct from the
// storage engine; these functions only render it.
//
// With url_encoding (encoding-type=url) the names S3 encodes are passed
// through S3UrlEncode (url_encoding.h): Key, Prefix, Delimiter, StartAfter,
// Marker/NextMarker, KeyMarker/NextKeyMarker and CommonPrefixes/Prefix, and
// an <EncodingType>url</EncodingType> element is added.
//
// ETags are given as stored (hex digest, "-N" for multipart objects); the
// renderer adds the quotes S3 shows.
//
// Thread safety: pure functions.

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/s3/dates.h"

namespace gloss::storage::s3 {

struct Owner {
  std::string id;
  std::string display_name;
};

struct BucketEntry {
  std::string name;
  TimePoint creation_date;
};

struct ListAllMyBucketsPage {
  Owner owner;
  std::vector<BucketEntry> buckets;
};

struct ObjectEntry {
  std::string key;
  TimePoint last_modified;
  std::string etag;
  uint64_t size = 0;
  std::string storage_class = "STANDARD";
  std::optional<Owner> owner;  // Rendered when set (fetch-owner=true; always in v1).
};

struct ListObjectsV2Page {
  std::string name;  // The bucket.
  std::string prefix;
  std::string delimiter;  // Empty: no <Delimiter>.
  uint32_t max_keys = 1000;
  bool is_truncated = false;
  std::optional<std::string> continuation_token;  // Echoed when the request had one.
  std::optional<std::string> next_continuation_token;
  std::optional<std::string> start_after;  // Echoed when the request had one.
  bool url_encoding = false;
  std::vector<ObjectEntry> contents;
  std::vector<std::string> common_prefixes;
  // <KeyCount> is contents + common_prefixes, computed by the renderer.
};

struct ListObjectsV1Page {
  std::string name;
  std::string prefix;
  std::string marker;
  std::optional<std::string> next_marker;  // S3 sends it only with a delimiter.
  std::string delimiter;
  uint32_t max_keys = 1000;
  bool is_truncated = false;
  bool url_encoding = false;
  std::vector<ObjectEntry> contents;
  std::vector<std::string> common_prefixes;
};

struct PartEntry {
  uint32_t part_number = 0;
  TimePoint last_modified;
  std::string etag;
  uint64_t size = 0;
};

struct ListPartsPage {
  std::string bucket;
  std::string key;
  std::string upload_id;
  Owner initiator;
  Owner owner;
  std::string storage_class = "STANDARD";
  uint32_t part_number_marker = 0;
  uint32_t next_part_number_marker = 0;
  uint32_t max_parts = 1000;
  bool is_truncated = false;
  std::vector<PartEntry> parts;
};

struct UploadEntry {
  std::string key;
  std::string upload_id;
  Owner initiator;
  Owner owner;
  std::string storage_class = "STANDARD";
  TimePoint initiated;
};

struct ListMultipartUploadsPage {
  std::string bucket;
  std::string key_marker;
  std::string upload_id_marker;
  std::string next_key_marker;
  std::string next_upload_id_marker;
  std::string prefix;
  std::string delimiter;  // Empty: no <Delimiter>.
  uint32_t max_uploads = 1000;
  bool is_truncated = false;
  bool url_encoding = false;
  std::vector<UploadEntry> uploads;
  std::vector<std::string> common_prefixes;
};

std::string RenderListAllMyBuckets(const ListAllMyBucketsPage& page);
std::string RenderListObjectsV2(const ListObjectsV2Page& page);
std::string RenderListObjectsV1(const ListObjectsV1Page& page);
std::string RenderListParts(const ListPartsPage& page);
std::string RenderListMultipartUploads(const ListMultipartUploadsPage& page);

}  // namespace gloss::storage::s3
