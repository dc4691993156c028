#include "storage/s3/copy_source.h"

#include "storage/s3/names.h"
#include "storage/s3/s3_errors.h"

namespace gloss::storage::s3 {
namespace {

constexpr std::string_view kVersionIdParam = "versionId=";

Status BadCopySource(std::string_view why) {
  return S3ErrorStatus(S3ErrorCode::kInvalidArgument,
                       "Invalid copy source: " + std::string(why) +
                           ". Copy Source must mention the source bucket and key: "
                           "sourcebucket/sourcekey");
}

}  // namespace

Result<CopySource> ParseCopySource(std::string_view value) {
  CopySource source;
  const size_t question = value.find('?');
  if (question != std::string_view::npos) {
    const std::string_view params = value.substr(question + 1);
    if (!params.starts_with(kVersionIdParam)) {
      return BadCopySource("only versionId may follow '?'");
    }
    Result<std::string> version_id = http::PercentDecode(params.substr(kVersionIdParam.size()));
    if (!version_id.ok() || version_id->empty()) {
      return BadCopySource("bad versionId");
    }
    source.version_id = std::move(version_id).value();
    value = value.substr(0, question);
  }
  Result<std::string> decoded = http::PercentDecode(value);
  if (!decoded.ok()) {
    return BadCopySource("bad percent escape");
  }
  std::string_view path = *decoded;
  if (path.starts_with('/')) {
    path.remove_prefix(1);
  }
  const size_t slash = path.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == path.size()) {
    return BadCopySource("bucket or key missing");
  }
  source.bucket = std::string(path.substr(0, slash));
  source.key = std::string(path.substr(slash + 1));
  if (!IsAddressableBucketName(source.bucket)) {
    return BadCopySource("bad bucket name");
  }
  RETURN_IF_ERROR(ValidateObjectKey(source.key));
  return source;
}

Result<MetadataDirective> ParseMetadataDirective(const http::Headers& headers) {
  const std::optional<std::string_view> value = headers.Get("x-amz-metadata-directive");
  if (!value || *value == "COPY") {
    return MetadataDirective::kCopy;
  }
  if (*value == "REPLACE") {
    return MetadataDirective::kReplace;
  }
  return S3ErrorStatus(S3ErrorCode::kInvalidArgument, "Unknown metadata directive.");
}

Status CheckNotCopyOntoItself(const CopySource& source, std::string_view bucket,
                              std::string_view key, MetadataDirective directive) {
  if (source.bucket == bucket && source.key == key && directive == MetadataDirective::kCopy) {
    return S3ErrorStatus(S3ErrorCode::kInvalidRequest,
                         "This copy request is illegal because it is trying to copy an object to "
                         "itself without changing the object's metadata, storage class, website "
                         "redirect location or encryption attributes.");
  }
  return Status::Ok();
}

}  // namespace gloss::storage::s3
