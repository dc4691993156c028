// Parsers of the XML request bodies S3 accepts: Delete (DeleteObjects),
// CompleteMultipartUpload and CreateBucketConfiguration (CreateBucket).
//
// Untrusted input: each parser first checks the body size, rejects a
// DOCTYPE (pugixml never expands external entities, but a document with one
// is not S3's schema anyway), requires exactly one root element of the
// expected name (any namespace prefix), and bounds the element count.
// Unknown child elements are ignored. Errors carry the S3 code as message
// prefix; a malformed document is "MalformedXML: ...".
//
// Thread safety: pure functions.

#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace gloss::storage::s3 {

inline constexpr size_t kMaxDeleteObjectsKeys = 1000;
inline constexpr size_t kMaxCompletedParts = 10000;
// Room for 1000 keys of 1 KiB with escaping, or 10000 parts with checksums.
inline constexpr size_t kMaxDeleteBodyBytes = size_t{4} << 20;
inline constexpr size_t kMaxCompleteBodyBytes = size_t{4} << 20;
inline constexpr size_t kMaxCreateBucketBodyBytes = size_t{64} << 10;

struct DeleteObjectsRequest {
  bool quiet = false;
  std::vector<std::string> keys;  // In document order; VersionId is ignored.
};

// <Delete><Quiet>true</Quiet><Object><Key>k</Key></Object>...</Delete>.
// Errors: MaxMessageLengthExceeded over kMaxDeleteBodyBytes; MalformedXML
// for bad XML, no or more than 1000 Object elements, an Object without
// exactly one Key, a Quiet that is not true/false.
Result<DeleteObjectsRequest> ParseDeleteObjectsRequest(std::string_view body);

struct CompletedPart {
  uint32_t part_number = 0;
  std::string etag;  // Without quotes.
  std::optional<std::string> checksum_crc32;
  std::optional<std::string> checksum_crc32c;
  std::optional<std::string> checksum_crc64nvme;
  std::optional<std::string> checksum_sha1;
  std::optional<std::string> checksum_sha256;
};

// <CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>"x"</ETag>
// [<ChecksumCRC32>..</ChecksumCRC32>]</Part>...</CompleteMultipartUpload>.
// Errors: MaxMessageLengthExceeded over kMaxCompleteBodyBytes; MalformedXML
// for bad XML, no or more than 10000 Part elements, a Part without exactly
// one PartNumber and ETag, a PartNumber that is not an integer;
// InvalidArgument for a part number outside 1..10000; InvalidPartOrder when
// part numbers are not strictly ascending.
Result<std::vector<CompletedPart>> ParseCompleteMultipartUpload(std::string_view body);

struct CreateBucketConfiguration {
  std::optional<std::string> location_constraint;
};

// An empty (or all-whitespace) body is a configuration without a location
// constraint. Errors: MaxMessageLengthExceeded over
// kMaxCreateBucketBodyBytes; MalformedXML.
Result<CreateBucketConfiguration> ParseCreateBucketConfiguration(std::string_view body);

// A location constraint other than the server's region fails with
// IllegalLocationConstraintException, as S3 answers on a regional endpoint.
// An absent one is accepted.
Status CheckLocationConstraint(const CreateBucketConfiguration& configuration,
                               std::string_view region);

}  // namespace gloss::storage::s3
