#include "storage/s3/error_response.h"

#include <gtest/gtest.h>

namespace gloss::storage::s3 {
namespace {

std::optional<std::string> HeaderOf(const http::Response& response, std::string_view name) {
  for (const auto& [field, value] : response.headers) {
    if (field == name) {
      return value;
    }
  }
  return std::nullopt;
}

TEST(ErrorResponseTest, NoSuchKeyDocumentNamesTheKey) {
  const S3Error error = S3ErrorFromStatus(S3ErrorStatus(S3ErrorCode::kNoSuchKey));
  EXPECT_EQ(RenderErrorDocument(error, {.bucket = "bkt", .key = "a&b"}, {"REQ1", "HOST1"}),
            R"(<?xml version="1.0" encoding="UTF-8"?>)"
            "<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message>"
            "<Key>a&amp;b</Key><RequestId>REQ1</RequestId><HostId>HOST1</HostId></Error>");
}

TEST(ErrorResponseTest, SubjectElementFollowsTheCode) {
  const ResponseIds ids{"R", ""};
  const ErrorSubject subject{.bucket = "bkt", .key = "k", .upload_id = "U"};
  const std::string bucket_doc = RenderErrorDocument(
      S3ErrorFromStatus(S3ErrorStatus(S3ErrorCode::kNoSuchBucket)), subject, ids);
  EXPECT_NE(bucket_doc.find("<BucketName>bkt</BucketName><RequestId>R</RequestId></Error>"),
            std::string::npos);
  EXPECT_EQ(bucket_doc.find("HostId"), std::string::npos);

  const std::string upload_doc = RenderErrorDocument(
      S3ErrorFromStatus(S3ErrorStatus(S3ErrorCode::kNoSuchUpload)), subject, ids);
  EXPECT_NE(upload_doc.find("<UploadId>U</UploadId>"), std::string::npos);

  const std::string other_doc = RenderErrorDocument(
      S3ErrorFromStatus(S3ErrorStatus(S3ErrorCode::kAccessDenied)), subject, ids);
  EXPECT_NE(other_doc.find("<Resource>/bkt/k</Resource>"), std::string::npos);

  const std::string service_doc =
      RenderErrorDocument(S3ErrorFromStatus(S3ErrorStatus(S3ErrorCode::kAccessDenied)), {}, ids);
  EXPECT_EQ(service_doc.find("Resource"), std::string::npos);
}

TEST(ErrorResponseTest, DetailsFollowTheSubject) {
  S3Error error = S3ErrorFromStatus(S3ErrorStatus(S3ErrorCode::kInvalidRange));
  error.details = {{"RangeRequested", "bytes=9-"}, {"ActualObjectSize", "3"}};
  const std::string doc = RenderErrorDocument(error, {.bucket = "b", .key = "k"}, {"R", ""});
  EXPECT_NE(doc.find("<Resource>/b/k</Resource><RangeRequested>bytes=9-</RangeRequested>"
                     "<ActualObjectSize>3</ActualObjectSize><RequestId>"),
            std::string::npos);
}

TEST(ErrorResponseTest, ResponseCarriesStatusTypeAndIds) {
  const S3Error error = S3ErrorFromStatus(S3ErrorStatus(S3ErrorCode::kNoSuchBucket));
  const http::Response response =
      MakeErrorResponse(error, {.bucket = "b"}, {"REQ", "HOST"}, /*head_request=*/false);
  EXPECT_EQ(response.status, 404u);
  EXPECT_EQ(HeaderOf(response, "Content-Type"), "application/xml");
  EXPECT_EQ(HeaderOf(response, "x-amz-request-id"), "REQ");
  EXPECT_EQ(HeaderOf(response, "x-amz-id-2"), "HOST");
  EXPECT_TRUE(response.body.starts_with("<?xml"));
}

TEST(ErrorResponseTest, HeadAndNotModifiedHaveNoBody) {
  const S3Error missing = S3ErrorFromStatus(S3ErrorStatus(S3ErrorCode::kNoSuchKey));
  const http::Response head = MakeErrorResponse(missing, {.bucket = "b", .key = "k"}, {"R", ""},
                                                /*head_request=*/true);
  EXPECT_EQ(head.status, 404u);
  EXPECT_TRUE(head.body.empty());
  EXPECT_EQ(HeaderOf(head, "x-amz-request-id"), "R");

  const S3Error not_modified = S3ErrorFromStatus(S3ErrorStatus(S3ErrorCode::kNotModified));
  const http::Response get = MakeErrorResponse(not_modified, {}, {"R", ""}, false);
  EXPECT_EQ(get.status, 304u);
  EXPECT_TRUE(get.body.empty());
  EXPECT_EQ(HeaderOf(get, "Content-Type"), std::nullopt);
}

}  // namespace
}  // namespace gloss::storage::s3
