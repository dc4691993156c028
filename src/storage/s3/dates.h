// The two time formats on the S3 wire:
//   - HTTP dates (RFC 9110 5.6.7) in headers: Last-Modified, Date,
//     If-Modified-Since, ... Formatted as IMF-fixdate
//     ("Sun, 06 Nov 1994 08:49:37 GMT"); parsed also from the obsolete RFC 850
//     ("Sunday, 06-Nov-94 08:49:37 GMT") and asctime
//     ("Sun Nov  6 08:49:37 1994") forms, as recipients must.
//   - ISO 8601 in XML bodies: "2024-01-01T00:00:00.000Z" (UTC, milliseconds).
//
// Times are std::chrono::system_clock::time_point. Parsed years are limited
// to 1900..2199 so every value fits the clock's nanosecond range.
//
// Thread safety: pure functions.

#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "core/result.h"

namespace gloss::storage::s3 {

using TimePoint = std::chrono::system_clock::time_point;

// IMF-fixdate, truncated to the second.
std::string FormatHttpDate(TimePoint time);

// Any of the three HTTP date forms. The weekday must be a valid name but is
// not checked against the date. A two-digit RFC 850 year is 19yy from 70,
// else 20yy. A leap second (:60) is read as :59. Errors: kInvalidArgument.
Result<TimePoint> ParseHttpDate(std::string_view text);

// "yyyy-mm-ddThh:mm:ss.mmmZ", truncated to the millisecond.
std::string FormatIso8601(TimePoint time);

// "yyyy-mm-ddThh:mm:ss[.fraction]Z" (fraction of 1..9 digits). Errors:
// kInvalidArgument.
Result<TimePoint> ParseIso8601(std::string_view text);

}  // namespace gloss::storage::s3
