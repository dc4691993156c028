// Key-order arithmetic for listings, where keys compare as bytes (memcmp,
// then length): the range of keys with a prefix, the first key after a key,
// and ListObjectsV2's continuation token.
//
// Thread safety: pure functions.

#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace gloss::storage::internal {

// The smallest string greater than every string that starts with `prefix`:
// the prefix with trailing 0xFF bytes dropped and its last byte incremented.
// nullopt when there is none (empty prefix, or only 0xFF bytes): no bound.
std::optional<std::string> PrefixSuccessor(std::string_view prefix);

// The smallest string greater than `key`: `key` followed by a NUL byte.
std::string KeySuccessor(std::string_view key);

// Where a ListObjectsV2 page ended: the last key or common prefix it returned.
struct ListPosition {
  enum class Kind : char { kKey = 'K', kCommonPrefix = 'P' };
  Kind kind = Kind::kKey;
  std::string value;
};

// The opaque token: hex of the kind letter followed by the value.
std::string EncodeContinuationToken(const ListPosition& position);
// Errors: kInvalidArgument "InvalidArgument: ..." for anything
// EncodeContinuationToken did not produce.
Result<ListPosition> DecodeContinuationToken(std::string_view token);

// The first key a listing resumes at after `position`: KeySuccessor of a key,
// PrefixSuccessor of a common prefix (skipping every key under it); nullopt
// if nothing can follow.
std::optional<std::string> ResumeKey(const ListPosition& position);

}  // namespace gloss::storage::internal
