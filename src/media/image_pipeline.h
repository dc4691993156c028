// The image pipeline behind process-image: one untrusted upload in, a
// compressed copy for AI and a thumbnail for the gallery out, each within its
// byte budget, plus what the Image record says about the source.
//
//   source bytes ─ header only: format allowed? pixels under the limit?
//                ─ decode once, shrunk on load to the compressed size,
//                  EXIF orientation applied, sRGB, alpha flattened on white
//                ─ compressed = encode(that)      thumbnail = encode(resize(that))
//
// Each output is encoded at its start quality, then at qualities stepped
// down by 10 to the floor, then scaled by 0.85 at the floor until it fits its
// budget; never upscaled; no metadata (EXIF, GPS, XMP, IPTC, comments, ICC:
// the pixels are sRGB, which needs no profile).
//
// Errors (the message is for the Image record's `error`, written for people):
//   kInvalidArgument   not an image, a blocked or unsupported format, a
//                      truncated or corrupt file, or no way to fit a budget
//   kResourceExhausted over the pixel limit (checked before any decoding)
//
// Thread safety: ProcessImage may run concurrently on different inputs once
// InitMedia (media_runtime.h) has run.

#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "media/pipeline_options.h"

namespace gloss::media {

struct EncodedImage {
  std::string bytes;
  int width = 0;
  int height = 0;
  int quality = 0;  // The quality it was encoded at.
};

// What the source is, for the Image record.
struct SourceInfo {
  std::string format;        // "jpeg", "png", "webp", "gif", "tiff", "heif".
  std::string content_type;  // "image/jpeg", ...
  int width = 0;             // After the EXIF orientation is applied.
  int height = 0;
  // Camera, lens and exposure from EXIF (exif_summary.h); never location.
  nlohmann::json exif = nlohmann::json::object();
  std::optional<std::string> taken_at;  // AWSDateTime, from DateTimeOriginal.
  bool has_profile = false;             // An embedded ICC profile (converted to sRGB).
};

struct ProcessedImage {
  SourceInfo source;
  EncodedImage compressed;
  EncodedImage thumbnail;
};

Result<ProcessedImage> ProcessImage(std::span<const uint8_t> source,
                                    const PipelineOptions& options);

}  // namespace gloss::media
