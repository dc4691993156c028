// What process-image's pipeline produces, and its limits: defaults, and
// parsing from a function's environment (validated, so a bad value fails the
// function's init instead of every image).
//
//   COMPRESSED_MAX_EDGE   2048      THUMBNAIL_MAX_EDGE   400
//   COMPRESSED_MAX_BYTES  4000000   THUMBNAIL_MAX_BYTES  100000
//   QUALITY_FLOOR         50        OUTPUT_FORMAT        jpeg | webp
//   MAX_PIXELS            100000000
//
// Thread safety: pure functions over values.

#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace gloss::media {

enum class OutputFormat : uint8_t { kJpeg, kWebp };

// One output: its long edge and byte budget, and the quality it starts at.
struct Rendition {
  int max_edge = 0;
  int64_t max_bytes = 0;
  int start_quality = 0;
};

struct PipelineOptions {
  Rendition compressed{.max_edge = 2048, .max_bytes = 4'000'000, .start_quality = 85};
  Rendition thumbnail{.max_edge = 400, .max_bytes = 100'000, .start_quality = 80};
  int quality_floor = 50;
  OutputFormat format = OutputFormat::kJpeg;
  int64_t max_pixels = 100'000'000;
};

// Looks a variable up: its value, or nullopt when unset.
using EnvironmentLookup = std::function<std::optional<std::string>(std::string_view name)>;

// The defaults overridden by the variables that are set. kInvalidArgument
// names the variable and the accepted range for a value out of range or not
// a number, an unknown format, or a thumbnail larger than the compressed copy.
Result<PipelineOptions> OptionsFromEnvironment(const EnvironmentLookup& lookup);

// "image/jpeg" | "image/webp".
std::string_view ContentTypeOf(OutputFormat format);
// ".jpg" | ".webp".
std::string_view ExtensionOf(OutputFormat format);

}  // namespace gloss::media
