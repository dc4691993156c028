// The process-wide libvips setup every user of media/ runs once first:
// starts libvips, blocks every loader except JPEG, PNG, WebP, GIF, TIFF and
// HEIF/AVIF (so no SVG, PDF, ImageMagick, Matlab, FITS, OpenEXR, raw, ...
// even if Debian's build has them), blocks the operations libvips marks
// untrusted, and turns off libvips' operation cache (every image is new; a
// cache would only hold their pixels).
//
// `threads_per_image`: libvips worker threads per pipeline; 0 keeps libvips'
// default (one per core). Callers running one image per core pass 1.
//
// Thread safety: safe to call from any thread, any number of times; only
// the first call's `threads_per_image` counts.

#pragma once

#include "core/status.h"

namespace gloss::media {

Status InitMedia(int threads_per_image = 0);

}  // namespace gloss::media
