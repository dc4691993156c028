#include "storage/s3/list_results.h"

#include "storage/s3/internal/xml_writer.h"
#include "storage/s3/url_encoding.h"

namespace gloss::storage::s3 {
namespace {

using internal::AddBool;
using internal::AddEtag;
using internal::AddIso8601;
using internal::AddText;
using internal::AddUint;

// A name that encoding-type=url encodes.
std::string Name(std::string_view text, bool url_encoding) {
  return url_encoding ? S3UrlEncode(text) : std::string(text);
}

void AddOwner(pugi::xml_node parent, const char* element, const Owner& owner) {
  pugi::xml_node node = parent.append_child(element);
  AddText(node, "ID", owner.id);
  AddText(node, "DisplayName", owner.display_name);
}

void AddObjectEntries(pugi::xml_node root, const std::vector<ObjectEntry>& contents,
                      bool url_encoding) {
  for (const ObjectEntry& entry : contents) {
    pugi::xml_node node = root.append_child("Contents");
    AddText(node, "Key", Name(entry.key, url_encoding));
    AddIso8601(node, "LastModified", entry.last_modified);
    AddEtag(node, "ETag", entry.etag);
    AddUint(node, "Size", entry.size);
    if (entry.owner) {
      AddOwner(node, "Owner", *entry.owner);
    }
    AddText(node, "StorageClass", entry.storage_class);
  }
}

void AddCommonPrefixes(pugi::xml_node root, const std::vector<std::string>& prefixes,
                       bool url_encoding) {
  for (const std::string& prefix : prefixes) {
    AddText(root.append_child("CommonPrefixes"), "Prefix", Name(prefix, url_encoding));
  }
}

void AddDelimiterAndEncoding(pugi::xml_node root, std::string_view delimiter, bool url_encoding) {
  if (!delimiter.empty()) {
    AddText(root, "Delimiter", Name(delimiter, url_encoding));
  }
  if (url_encoding) {
    AddText(root, "EncodingType", "url");
  }
}

}  // namespace

std::string RenderListAllMyBuckets(const ListAllMyBucketsPage& page) {
  pugi::xml_document doc;
  pugi::xml_node root = internal::AddRoot(doc, "ListAllMyBucketsResult", true);
  AddOwner(root, "Owner", page.owner);
  pugi::xml_node buckets = root.append_child("Buckets");
  for (const BucketEntry& bucket : page.buckets) {
    pugi::xml_node node = buckets.append_child("Bucket");
    AddText(node, "Name", bucket.name);
    AddIso8601(node, "CreationDate", bucket.creation_date);
  }
  return internal::Serialize(doc);
}

std::string RenderListObjectsV2(const ListObjectsV2Page& page) {
  const bool encode = page.url_encoding;
  pugi::xml_document doc;
  pugi::xml_node root = internal::AddRoot(doc, "ListBucketResult", true);
  AddText(root, "Name", page.name);
  AddText(root, "Prefix", Name(page.prefix, encode));
  AddDelimiterAndEncoding(root, page.delimiter, encode);
  AddUint(root, "MaxKeys", page.max_keys);
  AddUint(root, "KeyCount", page.contents.size() + page.common_prefixes.size());
  AddBool(root, "IsTruncated", page.is_truncated);
  if (page.continuation_token) {
    AddText(root, "ContinuationToken", *page.continuation_token);
  }
  if (page.next_continuation_token) {
    AddText(root, "NextContinuationToken", *page.next_continuation_token);
  }
  if (page.start_after) {
    AddText(root, "StartAfter", Name(*page.start_after, encode));
  }
  AddObjectEntries(root, page.contents, encode);
  AddCommonPrefixes(root, page.common_prefixes, encode);
  return internal::Serialize(doc);
}

std::string RenderListObjectsV1(const ListObjectsV1Page& page) {
  const bool encode = page.url_encoding;
  pugi::xml_document doc;
  pugi::xml_node root = internal::AddRoot(doc, "ListBucketResult", true);
  AddText(root, "Name", page.name);
  AddText(root, "Prefix", Name(page.prefix, encode));
  AddText(root, "Marker", Name(page.marker, encode));
  if (page.next_marker) {
    AddText(root, "NextMarker", Name(*page.next_marker, encode));
  }
  AddDelimiterAndEncoding(root, page.delimiter, encode);
  AddUint(root, "MaxKeys", page.max_keys);
  AddBool(root, "IsTruncated", page.is_truncated);
  AddObjectEntries(root, page.contents, encode);
  AddCommonPrefixes(root, page.common_prefixes, encode);
  return internal::Serialize(doc);
}

std::string RenderListParts(const ListPartsPage& page) {
  pugi::xml_document doc;
  pugi::xml_node root = internal::AddRoot(doc, "ListPartsResult", true);
  AddText(root, "Bucket", page.bucket);
  AddText(root, "Key", page.key);
  AddText(root, "UploadId", page.upload_id);
  AddOwner(root, "Initiator", page.initiator);
  AddOwner(root, "Owner", page.owner);
  AddText(root, "StorageClass", page.storage_class);
  AddUint(root, "PartNumberMarker", page.part_number_marker);
  AddUint(root, "NextPartNumberMarker", page.next_part_number_marker);
  AddUint(root, "MaxParts", page.max_parts);
  AddBool(root, "IsTruncated", page.is_truncated);
  for (const PartEntry& part : page.parts) {
    pugi::xml_node node = root.append_child("Part");
    AddUint(node, "PartNumber", part.part_number);
    AddIso8601(node, "LastModified", part.last_modified);
    AddEtag(node, "ETag", part.etag);
    AddUint(node, "Size", part.size);
  }
  return internal::Serialize(doc);
}

std::string RenderListMultipartUploads(const ListMultipartUploadsPage& page) {
  const bool encode = page.url_encoding;
  pugi::xml_document doc;
  pugi::xml_node root = internal::AddRoot(doc, "ListMultipartUploadsResult", true);
  AddText(root, "Bucket", page.bucket);
  AddText(root, "KeyMarker", Name(page.key_marker, encode));
  AddText(root, "UploadIdMarker", page.upload_id_marker);
  AddText(root, "NextKeyMarker", Name(page.next_key_marker, encode));
  AddText(root, "NextUploadIdMarker", page.next_upload_id_marker);
  AddText(root, "Prefix", Name(page.prefix, encode));
  AddDelimiterAndEncoding(root, page.delimiter, encode);
  AddUint(root, "MaxUploads", page.max_uploads);
  AddBool(root, "IsTruncated", page.is_truncated);
  for (const UploadEntry& upload : page.uploads) {
    pugi::xml_node node = root.append_child("Upload");
    AddText(node, "Key", Name(upload.key, encode));
    AddText(node, "UploadId", upload.upload_id);
    AddOwner(node, "Initiator", upload.initiator);
    AddOwner(node, "Owner", upload.owner);
    AddText(node, "StorageClass", upload.storage_class);
    AddIso8601(node, "Initiated", upload.initiated);
  }
  AddCommonPrefixes(root, page.common_prefixes, encode);
  return internal::Serialize(doc);
}

}  // namespace gloss::storage::s3
