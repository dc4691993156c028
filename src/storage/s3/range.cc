#include "storage/s3/range.h"

#include <algorithm>
#include <limits>

#include "storage/s3/internal/text.h"
#include "storage/s3/s3_errors.h"

namespace gloss::storage::s3 {
namespace {

constexpr uint64_t kSaturated = std::numeric_limits<uint64_t>::max();
constexpr std::string_view kBytesUnit = "bytes=";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// A non-empty run of digits; values above 2^64-1 saturate.
std::optional<uint64_t> ParseDigits(std::string_view text) {
  if (text.empty()) {
    return std::nullopt;
  }
  uint64_t value = 0;
  for (const char c : text) {
    if (!IsDigit(c)) {
      return std::nullopt;
    }
    const uint64_t digit = static_cast<uint64_t>(c - '0');
    value = value > (kSaturated - digit) / 10 ? kSaturated : value * 10 + digit;
  }
  return value;
}

// Removes a case-insensitive "bytes=" prefix; false if absent.
bool ConsumeBytesUnit(std::string_view& text) {
  if (!internal::EqualsIgnoreCase(text.substr(0, kBytesUnit.size()), kBytesUnit)) {
    return false;
  }
  text.remove_prefix(kBytesUnit.size());
  return true;
}

Status BadCopySourceRange() {
  return S3ErrorStatus(S3ErrorCode::kInvalidArgument,
                       "The x-amz-copy-source-range value must be of the form bytes=first-last "
                       "where first and last are the zero-based offsets of the first and last "
                       "bytes to copy");
}

}  // namespace

std::string ByteRange::ContentRange(uint64_t object_size) const {
  return "bytes " + std::to_string(first) + "-" + std::to_string(last) + "/" +
         std::to_string(object_size);
}

std::optional<RangeSpec> ParseRangeHeader(std::string_view value) {
  value = internal::TrimWhitespace(value);
  if (!ConsumeBytesUnit(value)) {
    return std::nullopt;
  }
  value = internal::TrimWhitespace(value);
  if (value.find(',') != std::string_view::npos) {
    return std::nullopt;  // Several ranges: S3 answers with the whole object.
  }
  const size_t dash = value.find('-');
  if (dash == std::string_view::npos) {
    return std::nullopt;
  }
  const std::string_view first_text = value.substr(0, dash);
  const std::string_view last_text = value.substr(dash + 1);
  RangeSpec spec;
  if (first_text.empty()) {
    spec.suffix = ParseDigits(last_text);
    return spec.suffix ? std::optional<RangeSpec>(spec) : std::nullopt;
  }
  spec.first = ParseDigits(first_text);
  if (!spec.first) {
    return std::nullopt;
  }
  if (!last_text.empty()) {
    spec.last = ParseDigits(last_text);
    if (!spec.last || *spec.last < *spec.first) {
      return std::nullopt;  // RFC 9110 14.1.1: an invalid range set is ignored.
    }
  }
  return spec;
}

Result<std::optional<ByteRange>> SelectByteRange(std::optional<std::string_view> range_header,
                                                 uint64_t object_size) {
  if (!range_header) {
    return std::optional<ByteRange>();
  }
  const std::optional<RangeSpec> spec = ParseRangeHeader(*range_header);
  if (!spec) {
    return std::optional<ByteRange>();
  }
  if (spec->suffix) {
    if (*spec->suffix == 0 || object_size == 0) {
      return S3ErrorStatus(S3ErrorCode::kInvalidRange);
    }
    const uint64_t length = std::min(*spec->suffix, object_size);
    return std::optional<ByteRange>(ByteRange{object_size - length, object_size - 1});
  }
  if (*spec->first >= object_size) {
    return S3ErrorStatus(S3ErrorCode::kInvalidRange);
  }
  const uint64_t last = spec->last ? std::min(*spec->last, object_size - 1) : object_size - 1;
  return std::optional<ByteRange>(ByteRange{*spec->first, last});
}

std::string UnsatisfiedContentRange(uint64_t object_size) {
  return "bytes */" + std::to_string(object_size);
}

Result<ByteRange> ParseCopySourceRange(std::string_view value) {
  if (!value.starts_with(kBytesUnit)) {
    return BadCopySourceRange();
  }
  value.remove_prefix(kBytesUnit.size());
  const size_t dash = value.find('-');
  if (dash == std::string_view::npos) {
    return BadCopySourceRange();
  }
  const std::optional<uint64_t> first = ParseDigits(value.substr(0, dash));
  const std::optional<uint64_t> last = ParseDigits(value.substr(dash + 1));
  if (!first || !last || *first > *last) {
    return BadCopySourceRange();
  }
  return ByteRange{*first, *last};
}

Status CheckCopySourceRange(const ByteRange& range, uint64_t source_size) {
  if (range.last >= source_size) {
    return S3ErrorStatus(
        S3ErrorCode::kInvalidArgument,
        "Range specified is not valid for source object of size: " + std::to_string(source_size));
  }
  return Status::Ok();
}

}  // namespace gloss::storage::s3
