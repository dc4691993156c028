// The processor's naming rules; the whole flow (S3, data API, records) runs
// against a real sandbox in tests/integration/process_image.test.mjs.

#include "process-image/image_processor.h"

#include <gtest/gtest.h>

namespace gloss::process_image {
namespace {

TEST(OutputKey, KeepsThePathUnderTheOutputPrefix) {
  EXPECT_EQ(OutputKey("images/original/us-east-1:abc/cat.jpg", kCompressedPrefix, ".jpg"),
            "images/compressed/us-east-1:abc/cat.jpg");
  EXPECT_EQ(OutputKey("images/original/id/cat.JPEG", kThumbnailPrefix, ".jpg"),
            "images/thumbnail/id/cat.JPEG");
  EXPECT_EQ(OutputKey("images/original/id/cat.png", kCompressedPrefix, ".jpg"),
            "images/compressed/id/cat.png.jpg");
  EXPECT_EQ(OutputKey("images/original/id/cat.jpg", kCompressedPrefix, ".webp"),
            "images/compressed/id/cat.jpg.webp");
  EXPECT_EQ(OutputKey("images/original/id/noext", kThumbnailPrefix, ".jpg"),
            "images/thumbnail/id/noext.jpg");
}

TEST(OutputKey, OutputsNeverLandInTheTriggerPrefix) {
  for (const char* key : {"images/original/images/original/x.jpg", "images/original/x.jpg"}) {
    EXPECT_FALSE(OutputKey(key, kCompressedPrefix, ".jpg").starts_with(kOriginalPrefix)) << key;
    EXPECT_FALSE(OutputKey(key, kThumbnailPrefix, ".jpg").starts_with(kOriginalPrefix)) << key;
  }
}

}  // namespace
}  // namespace gloss::process_image
