#include "storage/s3/result_documents.h"

#include "storage/s3/internal/xml_writer.h"

namespace gloss::storage::s3 {
namespace {

using internal::AddEtag;
using internal::AddIso8601;
using internal::AddText;

constexpr std::string_view kLegacyRegion = "us-east-1";

std::string RenderCopyResult(const char* root_name, std::string_view etag,
                             TimePoint last_modified) {
  pugi::xml_document doc;
  pugi::xml_node root = internal::AddRoot(doc, root_name, true);
  AddEtag(root, "ETag", etag);
  AddIso8601(root, "LastModified", last_modified);
  return internal::Serialize(doc);
}

}  // namespace

std::string RenderInitiateMultipartUploadResult(std::string_view bucket, std::string_view key,
                                                std::string_view upload_id) {
  pugi::xml_document doc;
  pugi::xml_node root = internal::AddRoot(doc, "InitiateMultipartUploadResult", true);
  AddText(root, "Bucket", bucket);
  AddText(root, "Key", key);
  AddText(root, "UploadId", upload_id);
  return internal::Serialize(doc);
}

std::string RenderCompleteMultipartUploadResult(const CompleteMultipartUploadResult& result) {
  pugi::xml_document doc;
  pugi::xml_node root = internal::AddRoot(doc, "CompleteMultipartUploadResult", true);
  AddText(root, "Location", result.location);
  AddText(root, "Bucket", result.bucket);
  AddText(root, "Key", result.key);
  AddEtag(root, "ETag", result.etag);
  return internal::Serialize(doc);
}

std::string RenderCopyObjectResult(std::string_view etag, TimePoint last_modified) {
  return RenderCopyResult("CopyObjectResult", etag, last_modified);
}

std::string RenderCopyPartResult(std::string_view etag, TimePoint last_modified) {
  return RenderCopyResult("CopyPartResult", etag, last_modified);
}

std::string RenderDeleteResult(const DeleteResult& result) {
  pugi::xml_document doc;
  pugi::xml_node root = internal::AddRoot(doc, "DeleteResult", true);
  if (!result.quiet) {
    for (const DeletedEntry& deleted : result.deleted) {
      pugi::xml_node node = root.append_child("Deleted");
      AddText(node, "Key", deleted.key);
      if (deleted.version_id) {
        AddText(node, "VersionId", *deleted.version_id);
      }
    }
  }
  for (const DeleteErrorEntry& error : result.errors) {
    pugi::xml_node node = root.append_child("Error");
    AddText(node, "Key", error.key);
    AddText(node, "Code", error.code);
    AddText(node, "Message", error.message);
  }
  return internal::Serialize(doc);
}

std::string RenderLocationConstraint(std::string_view region) {
  pugi::xml_document doc;
  pugi::xml_node root = internal::AddRoot(doc, "LocationConstraint", true);
  if (region != kLegacyRegion) {
    root.text().set(region.data(), region.size());
  }
  return internal::Serialize(doc);
}

}  // namespace gloss::storage::s3
