// Any bytes as libvips' renderings of EXIF fields must give a summary with
// only the documented keys, values of the documented types, and a takenAt
// that is a well-formed AWSDateTime; never a crash.
//
// Input: NUL-separated values for the fields SummarizeExif reads, in order.

#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>

#include "core/assert.h"
#include "media/exif_summary.h"

namespace {

constexpr const char* kFields[] = {
    "exif-ifd0-Make",
    "exif-ifd0-Model",
    "exif-ifd2-LensModel",
    "exif-ifd2-ExposureTime",
    "exif-ifd2-FNumber",
    "exif-ifd2-FocalLength",
    "exif-ifd2-ISOSpeedRatings",
    "exif-ifd2-DateTimeOriginal",
    "exif-ifd2-OffsetTimeOriginal",
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  std::map<std::string, std::string> values;
  size_t start = 0;
  for (const char* field : kFields) {
    if (start > input.size()) {
      break;
    }
    const size_t end = std::min(input.find('\0', start), input.size());
    values[field] = std::string(input.substr(start, end - start));
    start = end + 1;
  }
  const int orientation = size > 0 ? data[0] % 10 : 0;
  const gloss::media::ExifSummary summary = gloss::media::SummarizeExif(
      [&](const char* field) -> std::optional<std::string> {
        const auto found = values.find(field);
        return found == values.end() ? std::nullopt : std::optional(found->second);
      },
      orientation);
  static const std::set<std::string> kKeys = {"make",    "model", "lens",          "exposureTime",
                                              "fNumber", "iso",   "focalLengthMm", "orientation"};
  for (const auto& [key, value] : summary.fields.items()) {
    GLOSS_CHECK(kKeys.contains(key));
    GLOSS_CHECK(value.is_string() || value.is_number());
  }
  if (summary.taken_at) {
    const std::string& taken = *summary.taken_at;
    GLOSS_CHECK(taken.size() == 20 || taken.size() == 25);
    GLOSS_CHECK(taken[4] == '-' && taken[7] == '-' && taken[10] == 'T');
  }
  (void)gloss::media::ExifRawValue(input);
  return 0;
}
