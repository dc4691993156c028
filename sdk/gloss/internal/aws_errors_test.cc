#include "gloss/internal/aws_errors.h"

#include <gtest/gtest.h>

namespace gloss::sdk {
namespace {

HttpResponse Response(unsigned status, HeaderList headers, std::string body) {
  return HttpResponse{.status = status, .headers = std::move(headers), .body = std::move(body)};
}

TEST(S3ErrorTest, ReadsCodeMessageAndRequestId) {
  const AwsError error = S3Error(
      Response(403, {},
               "<?xml version=\"1.0\"?><Error><Code>AccessDenied</Code><Message>Access Denied"
               "</Message><RequestId>RID</RequestId></Error>"));
  EXPECT_EQ(error.code, "AccessDenied");
  EXPECT_EQ(error.message, "Access Denied");
  EXPECT_EQ(error.request_id, "RID");
  EXPECT_EQ(error.http_status, 403u);
}

TEST(S3ErrorTest, BodilessAnswersAreNamedByStatus) {
  EXPECT_EQ(S3Error(Response(404, {}, "")).code, "NotFound");
  EXPECT_EQ(S3Error(Response(403, {}, "")).code, "Forbidden");
  EXPECT_EQ(S3Error(Response(500, {}, "not xml <")).code, "InternalServerError");
  EXPECT_EQ(S3Error(Response(418, {}, "")).code, "Http418");
}

TEST(JsonErrorTest, TypeComesFromHeaderThenBody) {
  EXPECT_EQ(JsonError(Response(400, {{"x-amzn-errortype", "ValidationException:http://x"}},
                               R"({"__type":"Other"})"))
                .code,
            "ValidationException");
  const AwsError sqs =
      JsonError(Response(400,
                         {{"x-amzn-query-error", "AWS.SimpleQueueService.NonExistentQueue;Sender"},
                          {"x-amzn-requestid", "R2"}},
                         R"({"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"gone"})"));
  EXPECT_EQ(sqs.code, "QueueDoesNotExist");
  EXPECT_EQ(sqs.message, "gone");
  EXPECT_EQ(sqs.request_id, "R2");
  EXPECT_EQ(JsonError(Response(400, {}, R"({"Code":"Throttling","Message":"slow"})")).code,
            "Throttling");
  EXPECT_EQ(JsonError(Response(400, {}, R"({"Code":"Throttling","Message":"slow"})")).message,
            "slow");
  EXPECT_EQ(JsonError(Response(429, {}, "[]")).code, "TooManyRequests");
}

TEST(TransportErrorTest, MapsStatusCodes) {
  EXPECT_EQ(TransportError(Status::Unavailable("x")).code, "NetworkingError");
  EXPECT_EQ(TransportError(Status::DeadlineExceeded("x")).code, "TimeoutError");
  EXPECT_EQ(TransportError(Status::InvalidArgument("x")).code, "InvalidResponse");
  EXPECT_EQ(TransportError(Status::FailedPrecondition("x")).code, "CertificateError");
  EXPECT_EQ(TransportError(Status::Unavailable("x")).http_status, 0u);
  EXPECT_EQ(ConfigurationError("no endpoint").code, "ConfigurationError");
}

TEST(AwsErrorTest, ToStringNamesCodeStatusAndMessage) {
  EXPECT_EQ((AwsError{.http_status = 404, .code = "NoSuchKey", .message = "m"}).ToString(),
            "NoSuchKey (404): m");
  EXPECT_EQ((AwsError{.code = "TimeoutError"}).ToString(), "TimeoutError");
}

}  // namespace
}  // namespace gloss::sdk
