#include "media/pipeline_options.h"

#include <charconv>
#include <string>

namespace gloss::media {
namespace {

// Parses `name` into `out` when it is set; [min, max] inclusive.
Status ReadInteger(const EnvironmentLookup& lookup, std::string_view name, int64_t min, int64_t max,
                   int64_t& out) {
  const std::optional<std::string> value = lookup(name);
  if (!value) {
    return Status::Ok();
  }
  int64_t parsed = 0;
  const char* end = value->data() + value->size();
  const auto [ptr, error] = std::from_chars(value->data(), end, parsed);
  if (error != std::errc() || ptr != end || parsed < min || parsed > max) {
    return Status::InvalidArgument(std::string(name) + " must be an integer from " +
                                   std::to_string(min) + " to " + std::to_string(max) + ", not '" +
                                   *value + "'");
  }
  out = parsed;
  return Status::Ok();
}

Status ReadInt(const EnvironmentLookup& lookup, std::string_view name, int min, int max, int& out) {
  int64_t wide = out;
  RETURN_IF_ERROR(ReadInteger(lookup, name, min, max, wide));
  out = static_cast<int>(wide);
  return Status::Ok();
}

}  // namespace

Result<PipelineOptions> OptionsFromEnvironment(const EnvironmentLookup& lookup) {
  PipelineOptions options;
  // Edges: 16 px is the smallest useful output; 16384 is JPEG's practical limit.
  RETURN_IF_ERROR(ReadInt(lookup, "COMPRESSED_MAX_EDGE", 16, 16384, options.compressed.max_edge));
  RETURN_IF_ERROR(ReadInt(lookup, "THUMBNAIL_MAX_EDGE", 16, 16384, options.thumbnail.max_edge));
  RETURN_IF_ERROR(ReadInteger(lookup, "COMPRESSED_MAX_BYTES", 1024, int64_t{1} << 30,
                              options.compressed.max_bytes));
  RETURN_IF_ERROR(ReadInteger(lookup, "THUMBNAIL_MAX_BYTES", 1024, int64_t{1} << 30,
                              options.thumbnail.max_bytes));
  RETURN_IF_ERROR(ReadInt(lookup, "QUALITY_FLOOR", 1, 100, options.quality_floor));
  RETURN_IF_ERROR(ReadInteger(lookup, "MAX_PIXELS", 1, int64_t{1} << 40, options.max_pixels));
  if (const std::optional<std::string> format = lookup("OUTPUT_FORMAT")) {
    if (*format == "jpeg") {
      options.format = OutputFormat::kJpeg;
    } else if (*format == "webp") {
      options.format = OutputFormat::kWebp;
    } else {
      return Status::InvalidArgument("OUTPUT_FORMAT must be 'jpeg' or 'webp', not '" + *format +
                                     "'");
    }
  }
  if (options.thumbnail.max_edge > options.compressed.max_edge) {
    return Status::InvalidArgument("THUMBNAIL_MAX_EDGE (" +
                                   std::to_string(options.thumbnail.max_edge) +
                                   ") must not exceed COMPRESSED_MAX_EDGE (" +
                                   std::to_string(options.compressed.max_edge) + ")");
  }
  // A floor above a start quality would never be tried: start there instead.
  options.compressed.start_quality =
      std::max(options.compressed.start_quality, options.quality_floor);
  options.thumbnail.start_quality =
      std::max(options.thumbnail.start_quality, options.quality_floor);
  return options;
}

std::string_view ContentTypeOf(OutputFormat format) {
  return format == OutputFormat::kWebp ? "image/webp" : "image/jpeg";
}

std::string_view ExtensionOf(OutputFormat format) {
  return format == OutputFormat::kWebp ? ".webp" : ".jpg";
}

}  // namespace gloss::media
