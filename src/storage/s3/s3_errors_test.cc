#include "storage/s3/s3_errors.h"

#include <set>

#include <gtest/gtest.h>

#include "test/support/status_matchers.h"

namespace gloss::storage::s3 {
namespace {

using ::gloss::testing::StatusIs;

TEST(S3ErrorsTest, TableRowsAreInEnumeratorOrderWithUniqueNames) {
  std::set<std::string_view> names;
  for (size_t idx = 0; idx < AllS3Errors().size(); ++idx) {
    const S3ErrorInfo& info = AllS3Errors()[idx];
    EXPECT_EQ(static_cast<size_t>(info.code), idx) << info.name;
    EXPECT_TRUE(names.insert(info.name).second) << info.name;
    EXPECT_FALSE(info.default_message.empty()) << info.name;
    EXPECT_EQ(FindS3ErrorCode(info.name), info.code) << info.name;
  }
}

TEST(S3ErrorsTest, HttpStatusesMatchS3) {
  const std::vector<std::pair<S3ErrorCode, unsigned>> expected = {
      {S3ErrorCode::kNoSuchBucket, 404},
      {S3ErrorCode::kNoSuchKey, 404},
      {S3ErrorCode::kNoSuchUpload, 404},
      {S3ErrorCode::kInvalidRange, 416},
      {S3ErrorCode::kEntityTooLarge, 400},
      {S3ErrorCode::kEntityTooSmall, 400},
      {S3ErrorCode::kInvalidPart, 400},
      {S3ErrorCode::kInvalidPartOrder, 400},
      {S3ErrorCode::kPreconditionFailed, 412},
      {S3ErrorCode::kNotModified, 304},
      {S3ErrorCode::kSignatureDoesNotMatch, 403},
      {S3ErrorCode::kInvalidAccessKeyId, 403},
      {S3ErrorCode::kAccessDenied, 403},
      {S3ErrorCode::kRequestTimeTooSkewed, 403},
      {S3ErrorCode::kAuthorizationHeaderMalformed, 400},
      {S3ErrorCode::kBucketAlreadyOwnedByYou, 409},
      {S3ErrorCode::kBucketNotEmpty, 409},
      {S3ErrorCode::kMalformedXML, 400},
      {S3ErrorCode::kMissingContentLength, 411},
      {S3ErrorCode::kMethodNotAllowed, 405},
      {S3ErrorCode::kNotImplemented, 501},
      {S3ErrorCode::kInternalError, 500},
      {S3ErrorCode::kSlowDown, 503},
  };
  for (const auto& [code, status] : expected) {
    EXPECT_EQ(GetS3ErrorInfo(code).http_status, status) << GetS3ErrorInfo(code).name;
  }
}

TEST(S3ErrorsTest, S3ErrorStatusRoundTrips) {
  const Status status = S3ErrorStatus(S3ErrorCode::kNoSuchKey, "key 'a' not found");
  EXPECT_THAT(status, StatusIs(StatusCode::kNotFound));
  EXPECT_EQ(status.message(), "NoSuchKey: key 'a' not found");

  const S3Error error = S3ErrorFromStatus(status);
  EXPECT_EQ(error.http_status, 404u);
  EXPECT_EQ(error.code, "NoSuchKey");
  EXPECT_EQ(error.message, "key 'a' not found");
}

TEST(S3ErrorsTest, EmptyMessageUsesDefault) {
  const S3Error error = S3ErrorFromStatus(S3ErrorStatus(S3ErrorCode::kBucketNotEmpty));
  EXPECT_EQ(error.code, "BucketNotEmpty");
  EXPECT_EQ(error.message, GetS3ErrorInfo(S3ErrorCode::kBucketNotEmpty).default_message);
  EXPECT_THAT(S3ErrorStatus(S3ErrorCode::kBucketNotEmpty), StatusIs(StatusCode::kAlreadyExists));
}

TEST(S3ErrorsTest, ServerErrorsNeverLeakTheirMessage) {
  const S3Error error =
      S3ErrorFromStatus(Status::Internal("InternalError: open /var/lib/gloss/x failed"));
  EXPECT_EQ(error.http_status, 500u);
  EXPECT_EQ(error.message, GetS3ErrorInfo(S3ErrorCode::kInternalError).default_message);

  const S3Error untagged = S3ErrorFromStatus(Status::Corruption("row 7 is bad"));
  EXPECT_EQ(untagged.code, "InternalError");
  EXPECT_EQ(untagged.message, GetS3ErrorInfo(S3ErrorCode::kInternalError).default_message);
}

TEST(S3ErrorsTest, SigV4CodesRenderAsS3Answers) {
  EXPECT_EQ(S3ErrorFromStatus(Status::PermissionDenied("SignatureDoesNotMatch: bad")).http_status,
            403u);
  EXPECT_EQ(S3ErrorFromStatus(Status::Unauthenticated("InvalidAccessKeyId: who")).http_status,
            403u);
  const S3Error missing =
      S3ErrorFromStatus(Status::Unauthenticated("MissingAuthenticationToken: no header"));
  EXPECT_EQ(missing.code, "AccessDenied");
  EXPECT_EQ(missing.http_status, 403u);
  EXPECT_EQ(S3ErrorFromStatus(Status::InvalidArgument("IncompleteSignature: x")).code,
            "IncompleteSignature");
}

TEST(S3ErrorsTest, UntaggedStatusFallsBackByStatusCode) {
  EXPECT_EQ(S3ErrorFromStatus(Status::InvalidArgument("bad escape")).code, "InvalidArgument");
  EXPECT_EQ(S3ErrorFromStatus(Status::InvalidArgument("bad escape")).message, "bad escape");
  EXPECT_EQ(S3ErrorFromStatus(Status::PayloadTooLarge("body too big")).code, "EntityTooLarge");
  EXPECT_EQ(S3ErrorFromStatus(Status::DeadlineExceeded("slow")).code, "RequestTimeout");
  EXPECT_EQ(S3ErrorFromStatus(Status::Unavailable("db down")).code, "ServiceUnavailable");
  EXPECT_EQ(S3ErrorFromStatus(Status::NotFound("something")).code, "InternalError");
  EXPECT_EQ(S3ErrorFromStatus(Status::NotFound("Unknown: x")).code, "InternalError");
  EXPECT_EQ(S3ErrorFromStatus(Status::Ok()).code, "InternalError");
}

TEST(S3ErrorCodeOfTest, ReadsTheCodeFromTheMessagePrefix) {
  EXPECT_EQ(S3ErrorCodeOf(S3ErrorStatus(S3ErrorCode::kNoSuchKey, "key 'a'")),
            S3ErrorCode::kNoSuchKey);
  EXPECT_EQ(S3ErrorCodeOf(Status::NotFound("NoSuchKeyword: x")), std::nullopt);
  EXPECT_EQ(S3ErrorCodeOf(Status::NotFound("no prefix")), std::nullopt);
  EXPECT_EQ(S3ErrorCodeOf(Status::Ok()), std::nullopt);
}

}  // namespace
}  // namespace gloss::storage::s3
