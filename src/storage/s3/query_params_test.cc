#include "storage/s3/query_params.h"

#include <gtest/gtest.h>

#include "storage/s3/s3_errors.h"
#include "test/support/status_matchers.h"

namespace gloss::storage::s3 {
namespace {

TEST(QueryParamsTest, DecodesNamesAndValuesOnce) {
  ASSERT_OK_AND_ASSIGN(const QueryParams query,
                       QueryParams::Parse("prefix=a%2Fb%20c+d&uploads&delete=&&x=1&x=2"));
  EXPECT_EQ(query.Get("prefix"), "a/b c+d");
  EXPECT_EQ(query.Get("uploads"), "");
  EXPECT_EQ(query.Get("delete"), "");
  EXPECT_EQ(query.Get("x"), "1");
  EXPECT_TRUE(query.Has("uploads"));
  EXPECT_FALSE(query.Has("upload"));
  EXPECT_EQ(query.params().size(), 5u);
}

TEST(QueryParamsTest, NamesAreCaseSensitive) {
  ASSERT_OK_AND_ASSIGN(const QueryParams query, QueryParams::Parse("uploadId=U"));
  EXPECT_TRUE(query.Has("uploadId"));
  EXPECT_FALSE(query.Has("uploadid"));
}

TEST(QueryParamsTest, BadEscapeIsInvalidUri) {
  EXPECT_EQ(S3ErrorFromStatus(QueryParams::Parse("a=%2").status()).code, "InvalidURI");
  EXPECT_EQ(S3ErrorFromStatus(QueryParams::Parse("%zz=1").status()).code, "InvalidURI");
}

}  // namespace
}  // namespace gloss::storage::s3
