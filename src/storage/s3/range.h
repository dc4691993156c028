// The HTTP Range header of GetObject/HeadObject, as S3 interprets it: one
// byte range (`bytes=a-b`, `bytes=a-`, `bytes=-n`) against the object size.
//
//   - a satisfiable range -> 206 with Content-Range: bytes a-b/size (an end
//     past the object is clamped to the last byte);
//   - a well-formed range that starts at or past the end (any range on an
//     empty object, `bytes=-0`) -> 416 InvalidRange with
//     Content-Range: bytes */size;
//   - anything else -> the header is ignored and the whole object is sent
//     with 200: syntax errors, `bytes=5-2`, other units, and multiple ranges
//     (S3 does not serve multipart/byteranges).
//
// Thread safety: pure functions.

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace gloss::storage::s3 {

// An inclusive byte range; first <= last.
struct ByteRange {
  uint64_t first = 0;
  uint64_t last = 0;

  uint64_t length() const { return last - first + 1; }
  // "bytes first-last/size", for the Content-Range header of a 206.
  std::string ContentRange(uint64_t object_size) const;

  friend bool operator==(const ByteRange&, const ByteRange&) = default;
};

// One range as written, before the object size is known. Exactly one of
// the forms: {first, last}, {first, open end}, {suffix length}.
struct RangeSpec {
  std::optional<uint64_t> first;   // Absent for a suffix range.
  std::optional<uint64_t> last;    // Absent for `bytes=a-`.
  std::optional<uint64_t> suffix;  // Set only for `bytes=-n`.
};

// Parses a Range header value. nullopt means "ignore the header" (see above).
// Numbers too large for 64 bits saturate, so they stay unsatisfiable or
// clamp instead of wrapping.
std::optional<RangeSpec> ParseRangeHeader(std::string_view value);

// The bytes to send for `range_header` (absent: no Range header) against an
// object of `object_size` bytes. nullopt: send the whole object with 200.
// Errors: InvalidRange (416); answer with UnsatisfiedContentRange(size).
Result<std::optional<ByteRange>> SelectByteRange(std::optional<std::string_view> range_header,
                                                 uint64_t object_size);

// "bytes */size", the Content-Range header of a 416.
std::string UnsatisfiedContentRange(uint64_t object_size);

// x-amz-copy-source-range of UploadPartCopy: strictly `bytes=first-last`.
// Errors: InvalidArgument for any other form or first > last.
Result<ByteRange> ParseCopySourceRange(std::string_view value);

// Errors: InvalidArgument ("Range specified is not valid for source object
// of size: N", S3's answer) when `range` ends at or past `source_size`.
Status CheckCopySourceRange(const ByteRange& range, uint64_t source_size);

}  // namespace gloss::storage::s3
