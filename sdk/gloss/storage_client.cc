#include "gloss/storage_client.h"

#include <charconv>
#include <string>
#include <utility>

#include <pugixml.hpp>

#include "aws/sigv4.h"
#include "gloss/internal/aws_errors.h"
#include "gloss/internal/aws_transport.h"

namespace gloss {
namespace {

using sdk::AwsRequest;
using sdk::HttpResponse;

constexpr std::string_view kMetaPrefix = "x-amz-meta-";

std::string ObjectPath(std::string_view bucket, std::string_view key) {
  return "/" + aws::UriEncode(bucket, /*keep_slash=*/false) + "/" +
         aws::UriEncode(key, /*keep_slash=*/true);
}

uint64_t ParseUint(std::string_view text) {
  uint64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

ObjectMetadata MetadataFromHeaders(const HttpResponse& response) {
  ObjectMetadata info;
  for (const auto& [name, value] : response.headers) {
    if (name == "content-length") {
      info.content_length = ParseUint(value);
    } else if (name == "content-type") {
      info.content_type = value;
    } else if (name == "etag") {
      info.etag = value;
    } else if (name == "last-modified") {
      info.last_modified = value;
    } else if (name.starts_with(kMetaPrefix)) {
      info.metadata[name.substr(kMetaPrefix.size())] = value;
    }
  }
  return info;
}

bool IsSuccess(const HttpResponse& response) {
  return response.status >= 200 && response.status < 300;
}

void AppendQuery(std::string& query, std::string_view name, std::string_view value) {
  if (!query.empty()) {
    query += '&';
  }
  query += name;
  query += '=';
  query += aws::UriEncode(value, /*keep_slash=*/false);
}

Outcome<ListObjectsResult> ParseListObjectsV2(const HttpResponse& response) {
  pugi::xml_document document;
  if (!document.load_buffer(response.body.data(), response.body.size(), pugi::parse_default,
                            pugi::encoding_utf8)) {
    return AwsError{.code = "InvalidResponse", .message = "ListObjectsV2: response is not XML"};
  }
  const pugi::xml_node root = document.child("ListBucketResult");
  if (!root) {
    return AwsError{.code = "InvalidResponse", .message = "ListObjectsV2: no ListBucketResult"};
  }
  ListObjectsResult result;
  for (const pugi::xml_node contents : root.children("Contents")) {
    result.objects.push_back({.key = contents.child_value("Key"),
                              .size = ParseUint(contents.child_value("Size")),
                              .etag = contents.child_value("ETag"),
                              .last_modified = contents.child_value("LastModified")});
  }
  for (const pugi::xml_node prefix : root.children("CommonPrefixes")) {
    result.common_prefixes.emplace_back(prefix.child_value("Prefix"));
  }
  result.is_truncated = std::string_view(root.child_value("IsTruncated")) == "true";
  result.next_continuation_token = root.child_value("NextContinuationToken");
  return result;
}

}  // namespace

Outcome<StorageClient> StorageClient::Create(const ClientConfig& config) {
  Result<std::unique_ptr<sdk::AwsTransport>> transport =
      sdk::AwsTransport::Create(config, {.service = "s3", .raw_path = true});
  if (!transport.ok()) {
    return sdk::ConfigurationError(transport.status().message());
  }
  return StorageClient(std::move(transport).value());
}

Outcome<StorageClient> StorageClient::FromEnvironment() {
  return Create(ConfigFromEnvironment("S3"));
}

StorageClient::StorageClient(std::unique_ptr<sdk::AwsTransport> transport)
    : transport_(std::move(transport)) {}
StorageClient::StorageClient(StorageClient&&) noexcept = default;
StorageClient& StorageClient::operator=(StorageClient&&) noexcept = default;
StorageClient::~StorageClient() = default;

Outcome<GetObjectResult> StorageClient::GetObject(std::string_view bucket, std::string_view key) {
  Result<HttpResponse> response =
      transport_->Send(AwsRequest{.method = "GET", .path = ObjectPath(bucket, key)});
  if (!response.ok()) {
    return sdk::TransportError(response.status());
  }
  if (!IsSuccess(*response)) {
    return sdk::S3Error(*response);
  }
  GetObjectResult result{.info = MetadataFromHeaders(*response)};
  result.body = std::move(response->body);
  return result;
}

Outcome<PutObjectResult> StorageClient::PutObject(std::string_view bucket, std::string_view key,
                                                  std::string_view body,
                                                  const PutObjectOptions& options) {
  AwsRequest request{.method = "PUT", .path = ObjectPath(bucket, key), .body = std::string(body)};
  if (!options.content_type.empty()) {
    request.headers.emplace_back("content-type", options.content_type);
  }
  for (const auto& [name, value] : options.metadata) {
    request.headers.emplace_back(std::string(kMetaPrefix) + name, value);
  }
  Result<HttpResponse> response = transport_->Send(request);
  if (!response.ok()) {
    return sdk::TransportError(response.status());
  }
  if (!IsSuccess(*response)) {
    return sdk::S3Error(*response);
  }
  return PutObjectResult{.etag = std::string(response->Header("etag").value_or(""))};
}

Outcome<ObjectMetadata> StorageClient::HeadObject(std::string_view bucket, std::string_view key) {
  Result<HttpResponse> response =
      transport_->Send(AwsRequest{.method = "HEAD", .path = ObjectPath(bucket, key)});
  if (!response.ok()) {
    return sdk::TransportError(response.status());
  }
  if (!IsSuccess(*response)) {
    return sdk::S3Error(*response);
  }
  return MetadataFromHeaders(*response);
}

Outcome<void> StorageClient::DeleteObject(std::string_view bucket, std::string_view key) {
  Result<HttpResponse> response =
      transport_->Send(AwsRequest{.method = "DELETE", .path = ObjectPath(bucket, key)});
  if (!response.ok()) {
    return sdk::TransportError(response.status());
  }
  if (!IsSuccess(*response)) {
    return sdk::S3Error(*response);
  }
  return {};
}

Outcome<ListObjectsResult> StorageClient::ListObjectsV2(std::string_view bucket,
                                                        const ListObjectsOptions& options) {
  std::string query = "list-type=2";
  if (!options.continuation_token.empty()) {
    AppendQuery(query, "continuation-token", options.continuation_token);
  }
  if (!options.delimiter.empty()) {
    AppendQuery(query, "delimiter", options.delimiter);
  }
  if (options.max_keys != 0) {
    AppendQuery(query, "max-keys", std::to_string(options.max_keys));
  }
  if (!options.prefix.empty()) {
    AppendQuery(query, "prefix", options.prefix);
  }
  Result<HttpResponse> response = transport_->Send(AwsRequest{
      .method = "GET", .path = "/" + aws::UriEncode(bucket, false) + "/", .query = query});
  if (!response.ok()) {
    return sdk::TransportError(response.status());
  }
  if (!IsSuccess(*response)) {
    return sdk::S3Error(*response);
  }
  return ParseListObjectsV2(*response);
}

}  // namespace gloss
