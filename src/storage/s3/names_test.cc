#include "storage/s3/names.h"

#include <gtest/gtest.h>

#include "storage/s3/s3_errors.h"
#include "test/support/status_matchers.h"

namespace gloss::storage::s3 {
namespace {

TEST(BucketNameTest, AcceptsS3Names) {
  for (const std::string_view name : {"abc", "my-bucket", "my.bucket.2024", "a1b", "123"}) {
    EXPECT_OK(ValidateBucketName(name)) << name;
  }
  EXPECT_OK(ValidateBucketName(std::string(63, 'a')));
}

TEST(BucketNameTest, RejectsWhatS3Rejects) {
  for (const std::string_view name :
       {"ab", "Abc", "a_b", "-abc", "abc-", ".abc", "a..b", "192.168.5.4", "xn--abc", "sthree-abc",
        "amzn-s3-demo-x", "abc-s3alias", "abc--ol-s3", "abc.mrap", "abc--x-s3", "abc--table-s3",
        "a b", "a/b"}) {
    EXPECT_EQ(S3ErrorFromStatus(ValidateBucketName(name)).code, "InvalidBucketName") << name;
  }
  EXPECT_EQ(S3ErrorFromStatus(ValidateBucketName(std::string(64, 'a'))).code, "InvalidBucketName");
  EXPECT_OK(ValidateBucketName("192.168.5.4a"));
  EXPECT_OK(ValidateBucketName("1.2.3"));
}

TEST(BucketNameTest, AddressableNamesAreWider) {
  EXPECT_TRUE(IsAddressableBucketName("My_Legacy.Bucket"));
  EXPECT_TRUE(IsAddressableBucketName("a"));
  EXPECT_FALSE(IsAddressableBucketName(""));
  EXPECT_FALSE(IsAddressableBucketName(".."));
  EXPECT_FALSE(IsAddressableBucketName("-a"));
  EXPECT_FALSE(IsAddressableBucketName("a/b"));
  EXPECT_FALSE(IsAddressableBucketName(std::string(256, 'a')));
}

TEST(ObjectKeyTest, LimitsLength) {
  EXPECT_OK(ValidateObjectKey(std::string(kMaxKeyBytes, 'k')));
  EXPECT_EQ(S3ErrorFromStatus(ValidateObjectKey(std::string(kMaxKeyBytes + 1, 'k'))).code,
            "KeyTooLongError");
  EXPECT_EQ(S3ErrorFromStatus(ValidateObjectKey("")).code, "InvalidArgument");
}

}  // namespace
}  // namespace gloss::storage::s3
