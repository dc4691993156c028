#include "http/request.h"

#include <gtest/gtest.h>

#include "test/support/status_matchers.h"

namespace gloss::http {
namespace {

using ::gloss::testing::StatusIs;

TEST(PercentDecodeTest, DecodesEscapesAndKeepsPlus) {
  ASSERT_OK_AND_ASSIGN(const std::string decoded, PercentDecode("a%2Fb%20c+d"));
  EXPECT_EQ(decoded, "a/b c+d");
}

TEST(PercentDecodeTest, RejectsTruncatedAndInvalidEscapes) {
  EXPECT_THAT(PercentDecode("abc%2"), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(PercentDecode("%"), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(PercentDecode("%zz"), StatusIs(StatusCode::kInvalidArgument));
}

TEST(RequestHeadTest, QueryParamDecodesAndHandlesEmptyValues) {
  RequestHead head;
  head.query = "uploads&X-Amz-Credential=AK%2F2026%2Fus-east-1%2Fs3%2Faws4_request&a=1&a=2";
  EXPECT_EQ(head.QueryParam("uploads"), "");
  EXPECT_EQ(head.QueryParam("X-Amz-Credential"), "AK/2026/us-east-1/s3/aws4_request");
  EXPECT_EQ(head.QueryParam("a"), "1");
  EXPECT_EQ(head.QueryParam("missing"), std::nullopt);
}

TEST(HeadersTest, LookupIgnoresCase) {
  Headers headers;
  headers.Add("X-Amz-Target", "AmazonSQS.SendMessage");
  EXPECT_EQ(headers.Get("x-amz-target"), "AmazonSQS.SendMessage");
  EXPECT_EQ(headers.fields()[0].first, "x-amz-target");
  EXPECT_EQ(headers.Get("content-type"), std::nullopt);
}

TEST(ResponseTest, SetHeaderReplacesCaseInsensitively) {
  Response response = Response::Json(200, "{}");
  response.SetHeader("content-type", "application/x-amz-json-1.0");
  ASSERT_EQ(response.headers.size(), 1u);
  EXPECT_EQ(response.headers[0].second, "application/x-amz-json-1.0");
}

}  // namespace
}  // namespace gloss::http
