// Any bytes as a process-image event must give created objects with a
// bucket and a non-empty key, or InvalidArgument; never a crash.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/assert.h"
#include "process-image/s3_event.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  (void)gloss::process_image::DecodeEventKey(input);
  const nlohmann::json event = nlohmann::json::parse(input, nullptr, /*allow_exceptions=*/false);
  const gloss::Result<std::vector<gloss::process_image::CreatedObject>> objects =
      gloss::process_image::CreatedObjects(event);
  if (!objects.ok()) {
    GLOSS_CHECK(objects.status().code() == gloss::StatusCode::kInvalidArgument);
    return 0;
  }
  for (const gloss::process_image::CreatedObject& object : *objects) {
    GLOSS_CHECK(!object.bucket.empty() && !object.key.empty());
  }
  return 0;
}
