// Validation of bucket names, object keys and object attributes by S3's
// rules. Names are only ever data (database values); none becomes part of a
// file-system path, so these checks are about S3 compatibility, not safety.
//
// Thread safety: pure functions.

#pragma once

#include <string_view>

#include "core/status.h"
#include "storage/object_types.h"
#include "storage/s3/names.h"

namespace gloss::storage {

// S3's bucket rules (one definition, in s3/names.h).
using s3::ValidateBucketName;

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
