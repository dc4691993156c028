// application/x-www-form-urlencoded parameters (a POST body or a GET query
// string) as the SQS query protocol sends them: `name=value` pairs joined by
// '&', '+' for a space, %XX escapes.
//
// Thread safety: pure functions.

#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "core/result.h"

namespace gloss::queue::protocol::internal {

inline constexpr size_t kMaxFormParameters = 10'000;

// Decoded names to decoded values, ordered by name so that every parameter
// under a prefix ("Attribute.") is one contiguous range.
using FormParameters = std::map<std::string, std::string, std::less<>>;

// Parses `form`. Empty pieces ("a=1&&b=2") are skipped; a piece without '='
// is a parameter with an empty value.
// Errors (as SqsErrorStatus(kInvalidParameterValue)): a malformed %-escape,
// more than kMaxFormParameters parameters, a name given twice.
Result<FormParameters> ParseForm(std::string_view form);

}  // namespace gloss::queue::protocol::internal
