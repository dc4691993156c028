// Small text helpers shared by this folder's header, query and XML parsers.
//
// Thread safety: pure functions.

#pragma once

#include <string_view>

namespace gloss::storage::s3::internal {

// Without leading and trailing spaces, tabs, CRs and LFs.
std::string_view TrimWhitespace(std::string_view text);

// ASCII case-insensitive equality.
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

// `"abc"` -> `abc`; an unquoted (or half-quoted) value is returned as is.
std::string_view Unquote(std::string_view text);

}  // namespace gloss::storage::s3::internal
