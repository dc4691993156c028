#include "storage/s3/multipart_params.h"

#include <vector>

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

TEST(UploadPartParamsTest, ParsesPartNumberAndUploadId) {
  ASSERT_OK_AND_ASSIGN(const UploadPartParams params,
                       ParseUploadPartParams(Query("partNumber=10000&uploadId=abc%2B1")));
  EXPECT_EQ(params.part_number, 10000u);
  EXPECT_EQ(params.upload_id, "abc+1");
}

TEST(UploadPartParamsTest, PartNumberMustBeOneToTenThousand) {
  for (const std::string_view raw :
       {"partNumber=0&uploadId=U", "partNumber=10001&uploadId=U", "partNumber=-1&uploadId=U",
        "partNumber=&uploadId=U", "partNumber=1x&uploadId=U", "uploadId=U"}) {
    EXPECT_EQ(S3ErrorFromStatus(ParseUploadPartParams(Query(raw)).status()).code, "InvalidArgument")
        << raw;
  }
}

TEST(UploadPartParamsTest, MissingUploadIdIsNoSuchUpload) {
  EXPECT_EQ(S3ErrorFromStatus(ParseUploadId(Query("partNumber=1")).status()).code, "NoSuchUpload");
  EXPECT_EQ(S3ErrorFromStatus(ParseUploadId(Query("uploadId=")).status()).code, "NoSuchUpload");
}

TEST(CompletedPartSizesTest, OnlyTheLastPartMayBeSmall) {
  EXPECT_OK(CheckCompletedPartSizes(std::vector<uint64_t>{kMinPartSize, kMinPartSize, 1}));
  EXPECT_OK(CheckCompletedPartSizes(std::vector<uint64_t>{1}));
  EXPECT_OK(CheckCompletedPartSizes(std::vector<uint64_t>{}));
  EXPECT_EQ(S3ErrorFromStatus(
                CheckCompletedPartSizes(std::vector<uint64_t>{kMinPartSize - 1, kMinPartSize}))
                .code,
            "EntityTooSmall");
}

TEST(CompletedPartSizesTest, TotalIsBoundedWithoutOverflow) {
  EXPECT_EQ(
      S3ErrorFromStatus(CheckCompletedPartSizes(std::vector<uint64_t>{kMaxObjectSize, 1})).code,
      "EntityTooLarge");
  EXPECT_EQ(
      S3ErrorFromStatus(CheckCompletedPartSizes(std::vector<uint64_t>{UINT64_MAX, UINT64_MAX}))
          .code,
      "EntityTooLarge");
}

}  // namespace
}  // namespace gloss::storage::s3
