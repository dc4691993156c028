// RgbImage is a borrowed view of decoded pixels, the input of the local
// annotation provider: 8-bit RGB interleaved or 8-bit grey, rows packed with
// no padding. It owns nothing; the pixels must outlive every call given it.
//
// Thread safety: a plain value.

#pragma once

#include <cstdint>
#include <span>

namespace gloss::annotate::local {

struct RgbImage {
  int width = 0;
  int height = 0;
  int channels = 3;                 // 3 = RGB interleaved, 1 = grey.
  std::span<const uint8_t> pixels;  // width * height * channels bytes, row by row.
};

}  // namespace gloss::annotate::local
