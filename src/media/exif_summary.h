// The EXIF summary an Image record carries in `metadata`: camera, lens and
// exposure, the orientation, and the capture time as `takenAt`. Location
// (GPS) and everything else is left out by construction: only the fields
// named here are read.
//
// Input is libvips' rendering of EXIF header fields,
//   "exif-ifd2-FNumber" -> "56/10 (f/5.6, Rational, 1 components, 8 bytes)"
// i.e. "RAW (FORMATTED, TYPE, N components, M bytes)"; the summary uses RAW.
//
//   {"make": "Canon", "model": "Canon EOS 350D DIGITAL", "lens": "...",
//    "exposureTime": "1/80", "fNumber": 5.6, "iso": 400,
//    "focalLengthMm": 107, "orientation": 6}
// Absent or unreadable fields are omitted.
//
// Thread safety: pure functions.

#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace gloss::media {

// A header field's string value, or nullopt when the image has none.
using HeaderLookup = std::function<std::optional<std::string>(const char* field)>;

struct ExifSummary {
  nlohmann::json fields = nlohmann::json::object();
  std::optional<std::string> taken_at;  // "2008-01-22T03:28:22Z" (offset if recorded).
};

ExifSummary SummarizeExif(const HeaderLookup& lookup, int orientation);

// RAW from "RAW (FORMATTED, TYPE, N components, M bytes)"; the whole value
// when it is not in that form.
std::string ExifRawValue(std::string_view rendered);

// "2008:01:22 03:28:22" (+ "+02:00") as an AWSDateTime, or nullopt for a
// malformed or all-zero date (cameras write zeros when the clock was unset).
std::optional<std::string> ExifDateTime(std::string_view date_time, std::string_view offset);

}  // namespace gloss::media
