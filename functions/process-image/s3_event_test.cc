#include "process-image/s3_event.h"

#include <gtest/gtest.h>

namespace gloss::process_image {
namespace {

TEST(DecodeEventKey, UndoesFormEncoding) {
  EXPECT_EQ(DecodeEventKey("images/original/us-east-1%3Aabc/my+photo%C3%A9.jpg"),
            "images/original/us-east-1:abc/my photo\xC3\xA9.jpg");
  EXPECT_EQ(DecodeEventKey("plain/key.png"), "plain/key.png");
  EXPECT_EQ(DecodeEventKey("%2B%2b"), "++");
  EXPECT_EQ(DecodeEventKey("bad%"), std::nullopt);
  EXPECT_EQ(DecodeEventKey("bad%4"), std::nullopt);
  EXPECT_EQ(DecodeEventKey("bad%zz"), std::nullopt);
}

TEST(CreatedObjects, ReadsTheObjectCreatedRecords) {
  const nlohmann::json event = nlohmann::json::parse(R"({"Records": [
    {"eventName": "ObjectCreated:Put", "userIdentity": {"principalId": "sub-1"},
     "s3": {"bucket": {"name": "images"},
            "object": {"key": "images/original/id/a+b.jpg", "eTag": "abc", "size": 3}}},
    {"eventName": "ObjectRemoved:Delete",
     "s3": {"bucket": {"name": "images"}, "object": {"key": "images/original/id/gone.jpg"}}},
    {"eventName": "ObjectCreated:Copy", "s3": {"bucket": {"name": "images"}, "object": {}}},
    {"eventName": "ObjectCreated:Put",
     "s3": {"bucket": {"name": "images"}, "object": {"key": "bad%zz"}}},
    "not a record",
    {"eventName": "ObjectCreated:CompleteMultipartUpload",
     "s3": {"bucket": {"name": "images"}, "object": {"key": "images/original/id/big.png"}}}
  ]})");
  const Result<std::vector<CreatedObject>> objects = CreatedObjects(event);
  ASSERT_TRUE(objects.ok());
  ASSERT_EQ(objects->size(), 2U);
  EXPECT_EQ((*objects)[0].bucket, "images");
  EXPECT_EQ((*objects)[0].key, "images/original/id/a b.jpg");
  EXPECT_EQ((*objects)[1].key, "images/original/id/big.png");
}

TEST(CreatedObjects, RefusesWhatIsNotAnS3Event) {
  for (const char* text : {R"({"Records": {}})", R"({"detail": {}})", "[]", "42"}) {
    const Result<std::vector<CreatedObject>> objects = CreatedObjects(nlohmann::json::parse(text));
    EXPECT_EQ(objects.status().code(), StatusCode::kInvalidArgument) << text;
  }
  const Result<std::vector<CreatedObject>> empty =
      CreatedObjects(nlohmann::json::parse(R"({"Records": []})"));
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
}

}  // namespace
}  // namespace gloss::process_image
