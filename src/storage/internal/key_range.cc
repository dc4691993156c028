#include "storage/internal/key_range.h"

#include "core/hex.h"
#include "storage/s3/s3_errors.h"

namespace gloss::storage::internal {

std::optional<std::string> PrefixSuccessor(std::string_view prefix) {
  std::string successor(prefix);
  while (!successor.empty() && static_cast<unsigned char>(successor.back()) == 0xFF) {
    successor.pop_back();
  }
  if (successor.empty()) {
    return std::nullopt;
  }
  successor.back() = static_cast<char>(static_cast<unsigned char>(successor.back()) + 1);
  return successor;
}

std::string KeySuccessor(std::string_view key) {
  std::string successor(key);
  successor.push_back('\0');
  return successor;
}

std::string EncodeContinuationToken(const ListPosition& position) {
  std::string plain(1, static_cast<char>(position.kind));
  plain += position.value;
  return HexEncode(plain);
}

Result<ListPosition> DecodeContinuationToken(std::string_view token) {
  const Status invalid = s3::S3ErrorStatus(s3::S3ErrorCode::kInvalidArgument,
                                           "the continuation token provided is incorrect");
  Result<std::string> plain = HexDecode(token);
  if (!plain.ok() || plain->size() < 2) {
    return invalid;
  }
  const auto kind = static_cast<ListPosition::Kind>(plain->front());
  if (kind != ListPosition::Kind::kKey && kind != ListPosition::Kind::kCommonPrefix) {
    return invalid;
  }
  return ListPosition{.kind = kind, .value = plain->substr(1)};
}

std::optional<std::string> ResumeKey(const ListPosition& position) {
  if (position.kind == ListPosition::Kind::kCommonPrefix) {
    return PrefixSuccessor(position.value);
  }
  return KeySuccessor(position.value);
}

}  // namespace gloss::storage::internal
