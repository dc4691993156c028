// Any bytes as an upload must give processed outputs within their budgets or
// an InvalidArgument / ResourceExhausted status; never a crash, a hang or an
// output over budget. Limits are small (1 MP, 256 / 64 px) so each input is
// quick; the seeds (fuzz/corpus/image_pipeline/) are tiny images of every
// accepted format.

#include <cstddef>
#include <cstdint>
#include <span>

#include <glib.h>

#include "core/assert.h"
#include "media/image_pipeline.h"
#include "media/media_runtime.h"

namespace {

void Quiet(const gchar*, GLogLevelFlags, const gchar*, gpointer) {}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  GLOSS_CHECK(gloss::media::InitMedia(1).ok());
  g_log_set_handler("VIPS", static_cast<GLogLevelFlags>(G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE),
                    Quiet, nullptr);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  gloss::media::PipelineOptions options;
  options.max_pixels = 1'000'000;
  options.compressed = {.max_edge = 256, .max_bytes = 40'000, .start_quality = 85};
  options.thumbnail = {.max_edge = 64, .max_bytes = 4'000, .start_quality = 80};
  const gloss::Result<gloss::media::ProcessedImage> processed =
      gloss::media::ProcessImage(std::span(data, size), options);
  if (!processed.ok()) {
    GLOSS_CHECK(processed.status().code() == gloss::StatusCode::kInvalidArgument ||
                processed.status().code() == gloss::StatusCode::kResourceExhausted);
    return 0;
  }
  GLOSS_CHECK(processed->compressed.bytes.size() <= 40'000);
  GLOSS_CHECK(processed->thumbnail.bytes.size() <= 4'000);
  GLOSS_CHECK(std::max(processed->compressed.width, processed->compressed.height) <= 256);
  GLOSS_CHECK(std::max(processed->thumbnail.width, processed->thumbnail.height) <= 64);
  return 0;
}
