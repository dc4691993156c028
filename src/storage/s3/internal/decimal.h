// Strict decimal integers as S3 parameters are written: digits only, no
// sign, no spaces. Shared by the query and XML parsers of this folder.
//
// Thread safety: pure function.

#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace gloss::storage::s3::internal {

// The value of `text` if it is 1..10 decimal digits and at most 2^31-1 (S3
// parameters are Java ints), else nullopt.
std::optional<uint32_t> ParseNonNegativeInt(std::string_view text);

}  // namespace gloss::storage::s3::internal
