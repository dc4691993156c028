#include "storage/s3/internal/decimal.h"

namespace gloss::storage::s3::internal {
namespace {

constexpr uint64_t kMaxInt32 = 2147483647;
constexpr size_t kMaxDigits = 10;

}  // namespace

std::optional<uint32_t> ParseNonNegativeInt(std::string_view text) {
  if (text.empty() || text.size() > kMaxDigits) {
    return std::nullopt;
  }
  uint64_t value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
    value = value * 10 + static_cast<uint64_t>(c - '0');
  }
  if (value > kMaxInt32) {
    return std::nullopt;
  }
  return static_cast<uint32_t>(value);
}

}  // namespace gloss::storage::s3::internal
