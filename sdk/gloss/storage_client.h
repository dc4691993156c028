// StorageClient speaks the S3 REST API to gloss storage (or any S3): path
// style `/{bucket}/{key}`, SigV4 service "s3" with X-Amz-Content-Sha256 the
// hex SHA-256 of the body. Keys are URI-encoded per segment as SigV4 wants
// ("a b+c" -> "a%20b%2Bc", '/' kept). Bodies are held in memory.
//
// Errors (AwsError::code) are S3's: NoSuchKey, NoSuchBucket, AccessDenied,
// InvalidAccessKeyId, SignatureDoesNotMatch, ...; HeadObject's bodiless
// answers become NotFound / Forbidden; plus the client codes of outcome.h.
//
// Thread safety: not thread-safe; a client holds one keep-alive connection.
// Use one client per thread.

#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "gloss/client_config.h"
#include "gloss/outcome.h"

namespace gloss {
namespace sdk {
class AwsTransport;
}  // namespace sdk

struct ObjectMetadata {
  uint64_t content_length = 0;
  std::string content_type{};
  std::string etag{};                             // As sent, with its quotes: "\"9a0364b9...\"".
  std::string last_modified{};                    // HTTP date as sent.
  std::map<std::string, std::string> metadata{};  // x-amz-meta-NAME, NAME lower-case.
};

struct GetObjectResult {
  std::string body{};
  ObjectMetadata info;
};

struct PutObjectOptions {
  std::string content_type{};                     // Empty: not sent (the server's default).
  std::map<std::string, std::string> metadata{};  // Sent as x-amz-meta-NAME.
};

struct PutObjectResult {
  std::string etag{};
};

struct ListObjectsOptions {
  std::string prefix{};
  std::string delimiter{};           // "/" groups keys into common_prefixes.
  std::string continuation_token{};  // next_continuation_token of the previous page.
  uint32_t max_keys = 0;             // 0: the server's default (1000).
};

struct ListedObject {
  std::string key{};
  uint64_t size = 0;
  std::string etag{};
  std::string last_modified{};  // ISO 8601 as sent.
};

struct ListObjectsResult {
  std::vector<ListedObject> objects{};
  std::vector<std::string> common_prefixes{};
  bool is_truncated = false;
  std::string next_continuation_token{};  // Set when is_truncated.
};

class StorageClient {
 public:
  // Errors: ConfigurationError when config.endpoint is unusable.
  static Outcome<StorageClient> Create(const ClientConfig& config);
  // Create(ConfigFromEnvironment("S3")).
  static Outcome<StorageClient> FromEnvironment();

  StorageClient(StorageClient&&) noexcept;
  StorageClient& operator=(StorageClient&&) noexcept;
  ~StorageClient();

  // The whole object. Errors: NoSuchKey, NoSuchBucket, AccessDenied, ...
  Outcome<GetObjectResult> GetObject(std::string_view bucket, std::string_view key);

  // Stores `body` under `key`, replacing any object there.
  Outcome<PutObjectResult> PutObject(std::string_view bucket, std::string_view key,
                                     std::string_view body, const PutObjectOptions& options = {});

  // The object's metadata without its body. Errors: NotFound (no such key or
  // bucket: HEAD answers carry no error document), Forbidden, ...
  Outcome<ObjectMetadata> HeadObject(std::string_view bucket, std::string_view key);

  // Deletes `key`; deleting a missing key succeeds, as on S3.
  Outcome<void> DeleteObject(std::string_view bucket, std::string_view key);

  // One page of keys in UTF-8 binary order.
  Outcome<ListObjectsResult> ListObjectsV2(std::string_view bucket,
                                           const ListObjectsOptions& options = {});

 private:
  explicit StorageClient(std::unique_ptr<sdk::AwsTransport> transport);

  std::unique_ptr<sdk::AwsTransport> transport_;  // Never null.
};

}  // namespace gloss
