#include "storage/s3/object_headers.h"

#include <gtest/gtest.h>

#include "storage/s3/s3_errors.h"
#include "test/support/status_matchers.h"

namespace gloss::storage::s3 {
namespace {

TEST(UserMetadataTest, CollectsLowerCaseNamesWithoutPrefix) {
  http::Headers headers;
  headers.Add("X-Amz-Meta-Color", "blue");
  headers.Add("x-amz-meta-empty", "");
  headers.Add("x-amz-metadata-directive", "COPY");  // Not metadata.
  headers.Add("content-type", "text/plain");
  ASSERT_OK_AND_ASSIGN(const UserMetadata metadata, ParseUserMetadata(headers));
  EXPECT_EQ(metadata, (UserMetadata{{"color", "blue"}, {"empty", ""}}));
}

TEST(UserMetadataTest, JoinsRepeatedHeaders) {
  http::Headers headers;
  headers.Add("x-amz-meta-tag", "a");
  headers.Add("x-amz-meta-tag", "b");
  ASSERT_OK_AND_ASSIGN(const UserMetadata metadata, ParseUserMetadata(headers));
  EXPECT_EQ(metadata.at("tag"), "a,b");
}

TEST(UserMetadataTest, LimitIsTwoKilobytesOfNamesAndValues) {
  http::Headers at_limit;
  at_limit.Add("x-amz-meta-k", std::string(kMaxUserMetadataBytes - 1, 'v'));
  EXPECT_OK(ParseUserMetadata(at_limit));

  http::Headers over;
  over.Add("x-amz-meta-k", std::string(kMaxUserMetadataBytes, 'v'));
  const S3Error error = S3ErrorFromStatus(ParseUserMetadata(over).status());
  EXPECT_EQ(error.code, "MetadataTooLarge");
  EXPECT_EQ(error.http_status, 400u);
}

TEST(UserMetadataTest, RejectsNamelessHeader) {
  http::Headers headers;
  headers.Add("x-amz-meta-", "v");
  EXPECT_EQ(S3ErrorFromStatus(ParseUserMetadata(headers).status()).code, "InvalidArgument");
}

TEST(ContentHeadersTest, DefaultsToS3ContentType) {
  const ContentHeaders content = ParseContentHeaders(http::Headers());
  EXPECT_EQ(content.content_type, "binary/octet-stream");
  EXPECT_EQ(content.content_encoding, "");

  http::Headers empty_type;
  empty_type.Add("content-type", "");
  EXPECT_EQ(ParseContentHeaders(empty_type).content_type, "binary/octet-stream");
}

TEST(ContentHeadersTest, KeepsStandardHeadersAndDropsAwsChunked) {
  http::Headers headers;
  headers.Add("Content-Type", "image/png");
  headers.Add("Content-Encoding", "aws-chunked, gzip");
  headers.Add("Content-Disposition", "attachment; filename=\"a.png\"");
  headers.Add("Content-Language", "de");
  headers.Add("Cache-Control", "max-age=60");
  headers.Add("Expires", "Thu, 01 Dec 1994 16:00:00 GMT");
  const ContentHeaders content = ParseContentHeaders(headers);
  EXPECT_EQ(content.content_type, "image/png");
  EXPECT_EQ(content.content_encoding, "gzip");
  EXPECT_EQ(content.content_disposition, "attachment; filename=\"a.png\"");
  EXPECT_EQ(content.content_language, "de");
  EXPECT_EQ(content.cache_control, "max-age=60");
  EXPECT_EQ(content.expires, "Thu, 01 Dec 1994 16:00:00 GMT");

  http::Headers only_chunked;
  only_chunked.Add("content-encoding", "aws-chunked");
  EXPECT_EQ(ParseContentHeaders(only_chunked).content_encoding, "");
}

TEST(StorageClassTest, DefaultsToStandardAndRejectsUnknown) {
  ASSERT_OK_AND_ASSIGN(const std::string standard, ParseStorageClass(http::Headers()));
  EXPECT_EQ(standard, "STANDARD");

  http::Headers glacier;
  glacier.Add("x-amz-storage-class", "GLACIER_IR");
  ASSERT_OK_AND_ASSIGN(const std::string parsed, ParseStorageClass(glacier));
  EXPECT_EQ(parsed, "GLACIER_IR");

  http::Headers bad;
  bad.Add("x-amz-storage-class", "CHEAP");
  EXPECT_EQ(S3ErrorFromStatus(ParseStorageClass(bad).status()).code, "InvalidStorageClass");
}

TEST(ObjectWriteHeadersTest, CombinesAllParts) {
  http::Headers headers;
  headers.Add("content-type", "text/plain");
  headers.Add("x-amz-meta-a", "1");
  headers.Add("x-amz-storage-class", "STANDARD_IA");
  ASSERT_OK_AND_ASSIGN(const ObjectWriteHeaders parsed, ParseObjectWriteHeaders(headers));
  EXPECT_EQ(parsed.content.content_type, "text/plain");
  EXPECT_EQ(parsed.metadata.at("a"), "1");
  EXPECT_EQ(parsed.storage_class, "STANDARD_IA");
}

TEST(ResponseOverridesTest, QueryParametersReplaceStoredValues) {
  ContentHeaders stored;
  stored.content_type = "text/plain";
  stored.cache_control = "no-cache";
  ASSERT_OK_AND_ASSIGN(
      const QueryParams query,
      QueryParams::Parse("response-content-type=application%2Fjson&response-content-"
                         "disposition=inline&x-id=GetObject"));
  const ContentHeaders result = ApplyResponseOverrides(stored, query);
  EXPECT_EQ(result.content_type, "application/json");
  EXPECT_EQ(result.content_disposition, "inline");
  EXPECT_EQ(result.cache_control, "no-cache");
}

}  // namespace
}  // namespace gloss::storage::s3
