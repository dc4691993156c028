#include "generate-annotation/request_id.h"

#include <regex>

#include <gtest/gtest.h>

namespace gloss::generate_annotation {
namespace {

TEST(RequestId, IsAStableVersion8Uuid) {
  const std::string id = RequestId("img-1", "bedrock", "claude", "");
  EXPECT_TRUE(std::regex_match(
      id, std::regex("[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")))
      << id;
  EXPECT_EQ(RequestId("img-1", "bedrock", "claude", ""), id);
}

TEST(RequestId, DiffersWhenAnyPartDiffers) {
  const std::string id = RequestId("img-1", "bedrock", "claude", "");
  EXPECT_NE(RequestId("img-2", "bedrock", "claude", ""), id);
  EXPECT_NE(RequestId("img-1", "openai", "claude", ""), id);
  EXPECT_NE(RequestId("img-1", "bedrock", "llava", ""), id);
  EXPECT_NE(RequestId("img-1", "bedrock", "claude", "faces"), id);
  // Fields are length-prefixed: moving a boundary changes the id.
  EXPECT_NE(RequestId("ab", "c", "", ""), RequestId("a", "bc", "", ""));
}

}  // namespace
}  // namespace gloss::generate_annotation
