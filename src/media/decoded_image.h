// Decoding an image to plain 8-bit pixels for code that looks at them (the
// local annotation provider): the same loader allowlist, pixel limit and
// EXIF orientation as the pipeline (image_pipeline.h), shrunk on load to fit
// `max_edge`, converted to sRGB (or kept grey), alpha flattened on white.
//
// Errors: as ProcessImage's (kInvalidArgument, kResourceExhausted).
//
// Thread safety: callable concurrently once InitMedia has run.

#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/result.h"

namespace gloss::media {

struct DecodedImage {
  int width = 0;
  int height = 0;
  int channels = 3;             // 3: RGB interleaved; 1: grey.
  std::vector<uint8_t> pixels;  // Rows packed, width * height * channels bytes.
};

Result<DecodedImage> DecodePixels(std::span<const uint8_t> source, int max_edge,
                                  int64_t max_pixels = 100'000'000);

}  // namespace gloss::media
