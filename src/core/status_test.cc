#include "core/status.h"

#include <gtest/gtest.h>

#include "core/result.h"
#include "test/support/status_matchers.h"

namespace gloss {
namespace {

using ::gloss::testing::StatusIs;

Result<int> ParsePositive(int value) {
  if (value <= 0) {
    return Status::InvalidArgument("not positive");
  }
  return value;
}

Status Twice(int value, int& out) {
  ASSIGN_OR_RETURN(const int parsed, ParsePositive(value));
  out = parsed * 2;
  return Status::Ok();
}

TEST(StatusTest, OkIsOkAndHasNoMessage) {
  const Status status;
  EXPECT_TRUE(status.ok());
  EXPECT_EQ(status.code(), StatusCode::kOk);
  EXPECT_EQ(status.message(), "");
  EXPECT_EQ(status.ToString(), "OK");
}

TEST(StatusTest, ErrorCarriesCodeAndMessage) {
  const Status status = Status::NotFound("bucket 'photos'");
  EXPECT_FALSE(status.ok());
  EXPECT_THAT(status, StatusIs(StatusCode::kNotFound));
  EXPECT_EQ(status.ToString(), "NotFound: bucket 'photos'");
}

TEST(StatusTest, WithContextPrefixesMessageAndKeepsCode) {
  const Status status = Status::Unavailable("disk full").WithContext("commit object");
  EXPECT_THAT(status, StatusIs(StatusCode::kUnavailable));
  EXPECT_EQ(status.message(), "commit object: disk full");
  EXPECT_TRUE(Status::Ok().WithContext("ignored").ok());
}

TEST(ResultTest, AssignOrReturnPropagatesErrors) {
  int out = 0;
  EXPECT_OK(Twice(21, out));
  EXPECT_EQ(out, 42);
  EXPECT_THAT(Twice(-1, out), StatusIs(StatusCode::kInvalidArgument));
}

TEST(ResultDeathTest, OkStatusWithoutValueAborts) {
  EXPECT_DEATH({ Result<int> result(Status::Ok()); }, "check failed");
}

}  // namespace
}  // namespace gloss
