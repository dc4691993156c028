// Rules for S3 bucket names and object keys.
//
// Two levels for buckets: IsAddressableBucketName is what a request may
// name at all (so a path segment like ".." never reaches the storage engine);
// ValidateBucketName is S3's full rule set for a new bucket (CreateBucket).
// Keys are opaque bytes: only their length is limited.
//
// Thread safety: pure functions.

#pragma once

#include <cstddef>
#include <string_view>

#include "core/status.h"

namespace gloss::storage::s3 {

inline constexpr size_t kMaxKeyBytes = 1024;

// 1..255 characters of [A-Za-z0-9._-], starting with a letter or digit: the
// legacy us-east-1 rules, the widest S3 ever accepted.
bool IsAddressableBucketName(std::string_view name);

// S3's naming rules for general purpose buckets: 3..63 characters of
// [a-z0-9.-], starting and ending with a letter or digit, no "..", not an
// IPv4 address, none of the reserved prefixes (xn--, sthree-,
// amzn-s3-demo-) and suffixes (-s3alias, --ol-s3, .mrap, --x-s3,
// --table-s3). Errors: InvalidBucketName.
Status ValidateBucketName(std::string_view name);

// Errors: KeyTooLongError above kMaxKeyBytes bytes; InvalidArgument when empty.
Status ValidateObjectKey(std::string_view key);

}  // namespace gloss::storage::s3
