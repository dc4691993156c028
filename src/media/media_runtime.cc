#include "media/media_runtime.h"

#include <mutex>
#include <string>

#include <vips/vips.h>

namespace gloss::media {
namespace {

// Loader classes the pipeline may use (their file, buffer and source
// variants are subclasses, so unblocking the parent unblocks them).
constexpr const char* kAllowedLoaders[] = {
    "VipsForeignLoadJpeg",  "VipsForeignLoadPng",  "VipsForeignLoadWebp",
    "VipsForeignLoadNsgif", "VipsForeignLoadTiff", "VipsForeignLoadHeif",
};

Status Start(int threads_per_image) {
  if (VIPS_INIT("gloss") != 0) {
    std::string message = vips_error_buffer();
    vips_error_clear();
    return Status::Internal("libvips failed to start: " + message);
  }
  vips_block_untrusted_set(TRUE);
  vips_operation_block_set("VipsForeignLoad", TRUE);
  for (const char* loader : kAllowedLoaders) {
    vips_operation_block_set(loader, FALSE);
  }
  vips_cache_set_max(0);
  if (threads_per_image > 0) {
    vips_concurrency_set(threads_per_image);
  }
  return Status::Ok();
}

}  // namespace

Status InitMedia(int threads_per_image) {
  // libvips is process-wide state by design; this is its one initialisation.
  static std::once_flag once;
  static Status started;
  std::call_once(once, [&] { started = Start(threads_per_image); });
  return started;
}

}  // namespace gloss::media
