#include "storage/s3/url_encoding.h"

#include <gtest/gtest.h>

namespace gloss::storage::s3 {
namespace {

TEST(S3UrlEncodeTest, EncodesAsS3ListingsDo) {
  EXPECT_EQ(S3UrlEncode("a b.txt"), "a+b.txt");
  EXPECT_EQ(S3UrlEncode("a+b.txt"), "a%2Bb.txt");
  EXPECT_EQ(S3UrlEncode("100%.csv"), "100%25.csv");
  EXPECT_EQ(S3UrlEncode("dir/sub-dir_x~y/"), "dir/sub-dir_x~y/");
  EXPECT_EQ(S3UrlEncode("\xED\x95\x9C/x"), "%ED%95%9C/x");
  EXPECT_EQ(S3UrlEncode(std::string("\x01\x0a\x00", 3)), "%01%0A%00");
  EXPECT_EQ(S3UrlEncode("a=b&c"), "a%3Db%26c");
  EXPECT_EQ(S3UrlEncode(""), "");
}

}  // namespace
}  // namespace gloss::storage::s3
