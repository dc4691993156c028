#include "storage/s3/error_response.h"

#include "storage/s3/internal/xml_writer.h"

namespace gloss::storage::s3 {
namespace {

using internal::AddText;

constexpr unsigned kNotModified = 304;

bool IsBucketError(std::string_view code) {
  return code == "NoSuchBucket" || code == "BucketAlreadyExists" ||
         code == "BucketAlreadyOwnedByYou" || code == "BucketNotEmpty" ||
         code == "InvalidBucketName";
}

void AddSubject(pugi::xml_node root, std::string_view code, const ErrorSubject& subject) {
  if (code == "NoSuchKey" && !subject.key.empty()) {
    AddText(root, "Key", subject.key);
  } else if (IsBucketError(code) && !subject.bucket.empty()) {
    AddText(root, "BucketName", subject.bucket);
  } else if (code == "NoSuchUpload" && !subject.upload_id.empty()) {
    AddText(root, "UploadId", subject.upload_id);
  } else if (!subject.bucket.empty()) {
    std::string resource = "/" + std::string(subject.bucket);
    if (!subject.key.empty()) {
      resource += "/" + std::string(subject.key);
    }
    AddText(root, "Resource", resource);
  }
}

}  // namespace

std::string RenderErrorDocument(const S3Error& error, const ErrorSubject& subject,
                                const ResponseIds& ids) {
  pugi::xml_document doc;
  pugi::xml_node root = internal::AddRoot(doc, "Error", false);
  AddText(root, "Code", error.code);
  AddText(root, "Message", error.message);
  AddSubject(root, error.code, subject);
  for (const auto& [name, value] : error.details) {
    AddText(root, name.c_str(), value);
  }
  AddText(root, "RequestId", ids.request_id);
  if (!ids.host_id.empty()) {
    AddText(root, "HostId", ids.host_id);
  }
  return internal::Serialize(doc);
}

void SetResponseIds(http::Response& response, const ResponseIds& ids) {
  response.SetHeader("x-amz-request-id", ids.request_id);
  if (!ids.host_id.empty()) {
    response.SetHeader("x-amz-id-2", ids.host_id);
  }
}

http::Response MakeErrorResponse(const S3Error& error, const ErrorSubject& subject,
                                 const ResponseIds& ids, bool head_request) {
  http::Response response;
  response.status = error.http_status;
  SetResponseIds(response, ids);
  if (head_request || error.http_status == kNotModified) {
    return response;
  }
  response.SetHeader("Content-Type", "application/xml");
  response.body = RenderErrorDocument(error, subject, ids);
  return response;
}

}  // namespace gloss::storage::s3
