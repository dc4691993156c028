#include "storage/s3/copy_source.h"

#include <gtest/gtest.h>

#include "storage/s3/s3_errors.h"
#include "test/support/status_matchers.h"

namespace gloss::storage::s3 {
namespace {

std::string ErrorCode(const Status& status) { return S3ErrorFromStatus(status).code; }

TEST(ParseCopySourceTest, DecodesBucketAndKeyOnce) {
  ASSERT_OK_AND_ASSIGN(const CopySource source, ParseCopySource("bkt/dir/src%20key+%252F"));
  EXPECT_EQ(source.bucket, "bkt");
  EXPECT_EQ(source.key, "dir/src key+%2F");
  EXPECT_EQ(source.version_id, std::nullopt);
}

TEST(ParseCopySourceTest, AcceptsLeadingSlashAndVersionId) {
  ASSERT_OK_AND_ASSIGN(const CopySource source, ParseCopySource("/bkt/a%3Fb?versionId=null"));
  EXPECT_EQ(source.bucket, "bkt");
  EXPECT_EQ(source.key, "a?b");
  EXPECT_EQ(source.version_id, "null");
}

TEST(ParseCopySourceTest, RejectsIncompleteSources) {
  for (const std::string_view value : {"", "/", "bkt", "bkt/", "/bkt", "//key", "bkt/%zz",
                                       "bkt/k?other=1", "bkt/k?versionId=", "..%2Fx/key"}) {
    EXPECT_EQ(ErrorCode(ParseCopySource(value).status()), "InvalidArgument") << value;
  }
  EXPECT_EQ(ErrorCode(ParseCopySource("bkt/" + std::string(1025, 'k')).status()),
            "KeyTooLongError");
}

TEST(MetadataDirectiveTest, CopyByDefaultReplaceOnRequest) {
  http::Headers none;
  ASSERT_OK_AND_ASSIGN(const MetadataDirective absent, ParseMetadataDirective(none));
  EXPECT_EQ(absent, MetadataDirective::kCopy);

  http::Headers replace;
  replace.Add("x-amz-metadata-directive", "REPLACE");
  ASSERT_OK_AND_ASSIGN(const MetadataDirective replaced, ParseMetadataDirective(replace));
  EXPECT_EQ(replaced, MetadataDirective::kReplace);

  http::Headers bad;
  bad.Add("x-amz-metadata-directive", "MOVE");
  EXPECT_EQ(ErrorCode(ParseMetadataDirective(bad).status()), "InvalidArgument");
}

TEST(CopyOntoItselfTest, NeedsReplaceDirective) {
  const CopySource source{"bkt", "k", std::nullopt};
  EXPECT_EQ(ErrorCode(CheckNotCopyOntoItself(source, "bkt", "k", MetadataDirective::kCopy)),
            "InvalidRequest");
  EXPECT_OK(CheckNotCopyOntoItself(source, "bkt", "k", MetadataDirective::kReplace));
  EXPECT_OK(CheckNotCopyOntoItself(source, "bkt", "k2", MetadataDirective::kCopy));
}

}  // namespace
}  // namespace gloss::storage::s3
