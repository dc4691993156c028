// Durations as written in backend.toml: an integer is a number of seconds; a
// string is one or more NUMBER UNIT groups with units d, h, m, s in that
// order, each at most once ("90s", "15m", "2h", "7d", "1h30m").
//
// Thread safety: pure functions.

#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "core/result.h"

namespace gloss::config {

// Parses the string form. Returns InvalidArgument with a message that says
// what is wrong ("unknown unit 'w'", ...), never naming a field or position.
Result<std::chrono::seconds> ParseDuration(std::string_view text);

// Formats `duration` in the string form above, largest units first ("1h30m",
// "0s"). Negative durations get a leading '-'.
std::string FormatDuration(std::chrono::seconds duration);

}  // namespace gloss::config
