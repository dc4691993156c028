// Any bytes as a model's reply must give an annotation (whose JSON reads
// back to the same annotation) or InvalidArgument; never a crash.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "annotate/annotation.h"
#include "annotate/model_output.h"
#include "core/assert.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view reply(reinterpret_cast<const char*>(data), size);
  const gloss::Result<nlohmann::json> object = gloss::annotate::ExtractJsonObject(reply);
  if (!object.ok()) {
    GLOSS_CHECK(object.status().code() == gloss::StatusCode::kInvalidArgument);
    return 0;
  }
  const gloss::Result<gloss::annotate::Annotation> annotation =
      gloss::annotate::FromJson(*object, gloss::annotate::ImageSize{.width = 640, .height = 480});
  if (!annotation.ok()) {
    GLOSS_CHECK(annotation.status().code() == gloss::StatusCode::kInvalidArgument);
    return 0;
  }
  const nlohmann::json written = gloss::annotate::ToJson(*annotation);
  const gloss::Result<gloss::annotate::Annotation> again = gloss::annotate::FromJson(written);
  GLOSS_CHECK(again.ok());
  GLOSS_CHECK(gloss::annotate::ToJson(*again) == written);
  return 0;
}
