#include "storage/names.h"

#include <string>

#include <gtest/gtest.h>

#include "storage/s3/s3_errors.h"
#include "test/support/status_matchers.h"

namespace gloss::storage {
namespace {

using ::gloss::testing::StatusIs;

std::optional<s3::S3ErrorCode> ErrorOf(const Status& status) { return s3::S3ErrorCodeOf(status); }

TEST(ObjectKeyTest, AnyUtf8UpTo1024BytesIsAKey) {
  for (const std::string& key :
       {std::string("a"), std::string("../x"), std::string("/abs"), std::string("a//b"),
        std::string("dir/a b+c.txt"), std::string("caf\xC3\xA9"), std::string("\xF0\x9F\x98\x80"),
        std::string(1024, 'k')}) {
    EXPECT_OK(ValidateObjectKey(key)) << key;
  }
}

TEST(ObjectKeyTest, TooLongIsKeyTooLongError) {
  const Status status = ValidateObjectKey(std::string(1025, 'k'));
  EXPECT_THAT(status, StatusIs(StatusCode::kInvalidArgument));
  EXPECT_EQ(ErrorOf(status), s3::S3ErrorCode::kKeyTooLongError);
}

TEST(ObjectKeyTest, EmptyOrInvalidUtf8IsInvalidArgument) {
  for (const std::string& key : {std::string(""), std::string("\xFF"), std::string("a\x80"),
                                 std::string("\xC0\xAF"),          // Overlong '/'.
                                 std::string("\xED\xA0\x80"),      // Surrogate.
                                 std::string("\xF4\x90\x80\x80"),  // Above U+10FFFF.
                                 std::string("\xE2\x82")}) {       // Truncated.
    const Status status = ValidateObjectKey(key);
    EXPECT_EQ(ErrorOf(status), s3::S3ErrorCode::kInvalidArgument) << key;
  }
}

TEST(ObjectAttributesTest, MetadataOver2KiBIsMetadataTooLarge) {
  ObjectAttributes attributes;
  attributes.user_metadata["name"] = std::string(2044, 'v');
  EXPECT_OK(ValidateObjectAttributes(attributes));
  attributes.user_metadata["name"] += "v";
  EXPECT_EQ(ErrorOf(ValidateObjectAttributes(attributes)), s3::S3ErrorCode::kMetadataTooLarge);
}

TEST(ObjectAttributesTest, NonUtf8ValuesAreInvalidArgument) {
  ObjectAttributes attributes;
  attributes.content_type = "text/\xFF";
  EXPECT_EQ(ErrorOf(ValidateObjectAttributes(attributes)), s3::S3ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace gloss::storage
