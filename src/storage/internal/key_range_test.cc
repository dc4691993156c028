#include "storage/internal/key_range.h"

#include <gtest/gtest.h>

#include "storage/s3/s3_errors.h"
#include "test/support/status_matchers.h"

namespace gloss::storage::internal {
namespace {

TEST(KeyRangeTest, PrefixSuccessorIncrementsTheLastByte) {
  EXPECT_EQ(PrefixSuccessor("a/"), "a0");
  EXPECT_EQ(PrefixSuccessor("ab"), "ac");
  EXPECT_EQ(PrefixSuccessor(std::string("a\xFF\xFF", 3)), "b");
  EXPECT_EQ(PrefixSuccessor(""), std::nullopt);
  EXPECT_EQ(PrefixSuccessor(std::string("\xFF", 1)), std::nullopt);
}

TEST(KeyRangeTest, KeySuccessorIsTheSmallestGreaterString) {
  const std::string successor = KeySuccessor("a");
  EXPECT_GT(successor, std::string("a"));
  EXPECT_LT(successor, std::string("a\x01", 2));
  EXPECT_LT(successor, std::string("b"));
}

TEST(KeyRangeTest, ContinuationTokenRoundTrips) {
  const ListPosition key{ListPosition::Kind::kKey, "photos/\xC3\xA9t\xC3\xA9.jpg"};
  ASSERT_OK_AND_ASSIGN(const ListPosition decoded,
                       DecodeContinuationToken(EncodeContinuationToken(key)));
  EXPECT_EQ(decoded.kind, key.kind);
  EXPECT_EQ(decoded.value, key.value);

  const ListPosition prefix{ListPosition::Kind::kCommonPrefix, "a/"};
  ASSERT_OK_AND_ASSIGN(const ListPosition decoded_prefix,
                       DecodeContinuationToken(EncodeContinuationToken(prefix)));
  EXPECT_EQ(decoded_prefix.kind, ListPosition::Kind::kCommonPrefix);
  EXPECT_EQ(ResumeKey(decoded_prefix), "a0");
}

TEST(KeyRangeTest, ForeignTokensAreInvalidArgument) {
  for (const char* token : {"", "zz", "4b", "5861", "not a token"}) {
    const Result<ListPosition> position = DecodeContinuationToken(token);
    EXPECT_EQ(s3::S3ErrorCodeOf(position.status()), s3::S3ErrorCode::kInvalidArgument) << token;
  }
}

}  // namespace
}  // namespace gloss::storage::internal
