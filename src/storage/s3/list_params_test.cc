#include "storage/s3/list_params.h"

#include <gtest/gtest.h>

#include "storage/s3/s3_errors.h"
#include "test/support/status_matchers.h"

namespace gloss::storage::s3 {
namespace {

QueryParams Query(std::string_view raw) {
  Result<QueryParams> query = QueryParams::Parse(raw);
  EXPECT_OK(query);
  return query.ok() ? *query : QueryParams();
}

TEST(ListObjectsV2ParamsTest, ParsesWhatTheSdkSends) {
  ASSERT_OK_AND_ASSIGN(
      const ListObjectsV2Params params,
      ParseListObjectsV2Params(Query("list-type=2&prefix=p%2F&delimiter=%2F&max-keys=10&"
                                     "continuation-token=abc%3D&start-after=p%2Fa&"
                                     "encoding-type=url&fetch-owner=true")));
  EXPECT_EQ(params.prefix, "p/");
  EXPECT_EQ(params.delimiter, "/");
  EXPECT_EQ(params.max_keys, 10u);
  EXPECT_EQ(params.continuation_token, "abc=");
  EXPECT_EQ(params.start_after, "p/a");
  EXPECT_TRUE(params.url_encoding);
  EXPECT_TRUE(params.fetch_owner);
}

TEST(ListObjectsV2ParamsTest, DefaultsAndClamp) {
  ASSERT_OK_AND_ASSIGN(const ListObjectsV2Params defaults,
                       ParseListObjectsV2Params(Query("list-type=2")));
  EXPECT_EQ(defaults.max_keys, 1000u);
  EXPECT_EQ(defaults.continuation_token, std::nullopt);
  EXPECT_FALSE(defaults.url_encoding);
  EXPECT_FALSE(defaults.fetch_owner);

  ASSERT_OK_AND_ASSIGN(const ListObjectsV2Params large,
                       ParseListObjectsV2Params(Query("max-keys=5000")));
  EXPECT_EQ(large.max_keys, 1000u);
  ASSERT_OK_AND_ASSIGN(const ListObjectsV2Params zero,
                       ParseListObjectsV2Params(Query("max-keys=0")));
  EXPECT_EQ(zero.max_keys, 0u);
}

TEST(ListObjectsV2ParamsTest, RejectsBadValues) {
  for (const std::string_view raw :
       {"max-keys=-1", "max-keys=abc", "max-keys=", "max-keys=2147483648", "max-keys=1.5",
        "encoding-type=base64", "encoding-type="}) {
    EXPECT_EQ(S3ErrorFromStatus(ParseListObjectsV2Params(Query(raw)).status()).code,
              "InvalidArgument")
        << raw;
  }
  ASSERT_OK(ParseListObjectsV2Params(Query("max-keys=2147483647")));
}

TEST(ListObjectsParamsTest, ParsesV1Marker) {
  ASSERT_OK_AND_ASSIGN(const ListObjectsParams params,
                       ParseListObjectsParams(Query("marker=a%20b&max-keys=2&prefix=a")));
  EXPECT_EQ(params.marker, "a b");
  EXPECT_EQ(params.max_keys, 2u);
  EXPECT_EQ(params.prefix, "a");
}

TEST(ListMultipartUploadsParamsTest, ParsesMarkers) {
  ASSERT_OK_AND_ASSIGN(
      const ListMultipartUploadsParams params,
      ParseListMultipartUploadsParams(
          Query("uploads=&key-marker=k&upload-id-marker=u&max-uploads=3000&delimiter=%2F")));
  EXPECT_EQ(params.key_marker, "k");
  EXPECT_EQ(params.upload_id_marker, "u");
  EXPECT_EQ(params.max_uploads, 1000u);
  EXPECT_EQ(params.delimiter, "/");
}

TEST(ListPartsParamsTest, ParsesPagingAndNeedsUploadId) {
  ASSERT_OK_AND_ASSIGN(const ListPartsParams params,
                       ParseListPartsParams(Query("uploadId=U1&max-parts=5&part-number-marker=7")));
  EXPECT_EQ(params.upload_id, "U1");
  EXPECT_EQ(params.max_parts, 5u);
  EXPECT_EQ(params.part_number_marker, 7u);

  EXPECT_EQ(S3ErrorFromStatus(ParseListPartsParams(Query("max-parts=5")).status()).code,
            "NoSuchUpload");
  EXPECT_EQ(
      S3ErrorFromStatus(ParseListPartsParams(Query("uploadId=U&part-number-marker=x")).status())
          .code,
      "InvalidArgument");
}

}  // namespace
}  // namespace gloss::storage::s3
