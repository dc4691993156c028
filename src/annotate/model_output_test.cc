#include "annotate/model_output.h"

#include <gtest/gtest.h>

namespace gloss::annotate {
namespace {

TEST(ExtractJsonObject, FindsTheObjectInAWrappedReply) {
  const char* replies[] = {
      R"({"caption": "a cat"})",
      "```json\n{\"caption\": \"a cat\"}\n```",
      "Here is the annotation you asked for:\n{\"caption\": \"a cat\"}\nHope this helps!",
      R"({"caption": "a cat",})",
  };
  for (const char* reply : replies) {
    const Result<nlohmann::json> object = ExtractJsonObject(reply);
    ASSERT_TRUE(object.ok()) << reply << ": " << object.status().ToString();
    EXPECT_EQ((*object)["caption"], "a cat") << reply;
  }
}

TEST(ExtractJsonObject, KeepsBracesAndCommasInsideStrings) {
  const Result<nlohmann::json> object =
      ExtractJsonObject(R"(Sure: {"caption": "a {curly}, \"quoted\" sign,]", "labels": [],} done)");
  ASSERT_TRUE(object.ok()) << object.status().ToString();
  EXPECT_EQ((*object)["caption"], "a {curly}, \"quoted\" sign,]");
}

TEST(ExtractJsonObject, RefusesRepliesWithoutAnObject) {
  EXPECT_NE(ExtractJsonObject("I cannot see any image.").status().message().find("no JSON object"),
            std::string_view::npos);
  EXPECT_NE(
      ExtractJsonObject("{\"caption\": \"unterminated}").status().message().find("no JSON object"),
      std::string_view::npos);
  const Status bad = ExtractJsonObject("{caption: 'single quotes'}").status();
  EXPECT_EQ(bad.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad.message().find("not valid JSON"), std::string_view::npos) << bad.ToString();
}

}  // namespace
}  // namespace gloss::annotate
