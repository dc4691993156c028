#include "storage/s3/object_headers.h"

#include <array>
#include <utility>

#include "storage/s3/internal/text.h"
#include "storage/s3/s3_errors.h"

namespace gloss::storage::s3 {
namespace {

constexpr std::array<std::string_view, 11> kStorageClasses = {
    "STANDARD",        "REDUCED_REDUNDANCY", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING",
    "GLACIER",         "DEEP_ARCHIVE",       "OUTPOSTS",    "GLACIER_IR", "SNOW",
    "EXPRESS_ONEZONE",
};

// The transfer coding the SDK adds for streamed uploads; S3 drops it.
constexpr std::string_view kAwsChunked = "aws-chunked";

// "aws-chunked, gzip" -> "gzip".
std::string WithoutAwsChunked(std::string_view encoding) {
  std::string kept;
  while (!encoding.empty()) {
    const size_t comma = encoding.find(',');
    const std::string_view coding = internal::TrimWhitespace(encoding.substr(0, comma));
    encoding = comma == std::string_view::npos ? std::string_view() : encoding.substr(comma + 1);
    if (coding.empty() || internal::EqualsIgnoreCase(coding, kAwsChunked)) {
      continue;
    }
    if (!kept.empty()) {
      kept += ",";
    }
    kept += coding;
  }
  return kept;
}

std::string HeaderOrEmpty(const http::Headers& headers, std::string_view name) {
  return std::string(headers.Get(name).value_or(std::string_view()));
}

}  // namespace

Result<UserMetadata> ParseUserMetadata(const http::Headers& headers) {
  UserMetadata metadata;
  size_t total_bytes = 0;
  for (const auto& [name, value] : headers.fields()) {  // Names are lower-case.
    if (!name.starts_with(kUserMetadataPrefix)) {
      continue;
    }
    std::string short_name = name.substr(kUserMetadataPrefix.size());
    if (short_name.empty()) {
      return S3ErrorStatus(S3ErrorCode::kInvalidArgument, "A metadata header has no name.");
    }
    total_bytes += value.size();
    auto [entry, inserted] = metadata.try_emplace(std::move(short_name), value);
    if (inserted) {
      total_bytes += entry->first.size();
    } else {
      entry->second += ",";
      entry->second += value;
      total_bytes += 1;
    }
  }
  if (total_bytes > kMaxUserMetadataBytes) {
    return S3ErrorStatus(S3ErrorCode::kMetadataTooLarge,
                         "Your metadata headers exceed the maximum allowed metadata size (" +
                             std::to_string(total_bytes) + " > " +
                             std::to_string(kMaxUserMetadataBytes) + " bytes).");
  }
  return metadata;
}

ContentHeaders ParseContentHeaders(const http::Headers& headers) {
  ContentHeaders content;
  if (const std::optional<std::string_view> type = headers.Get("content-type");
      type && !type->empty()) {
    content.content_type = std::string(*type);
  }
  if (const std::optional<std::string_view> encoding = headers.Get("content-encoding")) {
    content.content_encoding = WithoutAwsChunked(*encoding);
  }
  content.content_disposition = HeaderOrEmpty(headers, "content-disposition");
  content.content_language = HeaderOrEmpty(headers, "content-language");
  content.cache_control = HeaderOrEmpty(headers, "cache-control");
  content.expires = HeaderOrEmpty(headers, "expires");
  return content;
}

Result<std::string> ParseStorageClass(const http::Headers& headers) {
  const std::optional<std::string_view> value = headers.Get("x-amz-storage-class");
  if (!value) {
    return std::string("STANDARD");
  }
  for (const std::string_view storage_class : kStorageClasses) {
    if (*value == storage_class) {
      return std::string(storage_class);
    }
  }
  return S3ErrorStatus(S3ErrorCode::kInvalidStorageClass);
}

Result<ObjectWriteHeaders> ParseObjectWriteHeaders(const http::Headers& headers) {
  ObjectWriteHeaders parsed;
  parsed.content = ParseContentHeaders(headers);
  ASSIGN_OR_RETURN(parsed.metadata, ParseUserMetadata(headers));
  ASSIGN_OR_RETURN(parsed.storage_class, ParseStorageClass(headers));
  return parsed;
}

ContentHeaders ApplyResponseOverrides(ContentHeaders stored, const QueryParams& query) {
  const std::array<std::pair<std::string_view, std::string*>, 6> overrides = {{
      {"response-content-type", &stored.content_type},
      {"response-content-language", &stored.content_language},
      {"response-expires", &stored.expires},
      {"response-cache-control", &stored.cache_control},
      {"response-content-disposition", &stored.content_disposition},
      {"response-content-encoding", &stored.content_encoding},
  }};
  for (const auto& [param, field] : overrides) {
    if (const std::optional<std::string_view> value = query.Get(param)) {
      *field = std::string(*value);
    }
  }
  return stored;
}

}  // namespace gloss::storage::s3
