// Validation of bucket names, object keys and object attributes by S3's
// rules. Names are only ever data (database values); none becomes part of a
// file-system path, so these checks are about S3 compatibility, not safety.
//
// Thread safety: pure functions.

#pragma once

#include <cstddef>
#include <string_view>

#include "core/status.h"
#include "storage/object_types.h"

namespace gloss::storage {

inline constexpr size_t kMinBucketNameLength = 3;
inline constexpr size_t kMaxBucketNameLength = 63;
inline constexpr size_t kMaxKeyLength = 1024;  // Bytes of UTF-8.

// S3's general-purpose bucket rules: 3-63 characters of a-z, 0-9, '.', '-';
// a letter or digit at both ends; no ".."; not formatted as an IPv4 address;
// none of S3's reserved prefixes ("xn--", "sthree-", "amzn-s3-demo-") or
// suffixes ("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3").
// Errors: kInvalidArgument "InvalidBucketName: ...".
Status ValidateBucketName(std::string_view name);

// 1 to 1024 bytes of valid UTF-8 (no overlong forms, surrogates or code points
// above U+10FFFF). Any other byte sequence is a valid key: "../x", "/abs",
// "a//b". Errors: kInvalidArgument "KeyTooLongError: ..." over 1024 bytes,
// "InvalidArgument: ..." when empty or not UTF-8.
Status ValidateObjectKey(std::string_view key);

// Every attribute and user metadata name and value is valid UTF-8, and the
// user metadata's names plus values take at most 2 KiB. Errors:
// kInvalidArgument "InvalidArgument: ..." or "MetadataTooLarge: ...".
Status ValidateObjectAttributes(const ObjectAttributes& attributes);

// Checksum algorithm names and values are valid UTF-8 (they are base64 and
// names such as "CRC32" when the protocol layer verified them).
// Errors: kInvalidArgument "InvalidArgument: ...".
Status ValidateChecksums(const Checksums& checksums);

// True if `text` is valid UTF-8 by the rules above.
bool IsValidUtf8(std::string_view text);

}  // namespace gloss::storage
