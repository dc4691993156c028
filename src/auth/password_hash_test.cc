#include "auth/password_hash.h"

#include <string>

#include <gtest/gtest.h>

#include "test/support/status_matchers.h"

namespace gloss::auth {
namespace {

using ::gloss::testing::StatusIs;

TEST(PasswordHasherTest, HashVerifiesWithRightPasswordOnly) {
  ASSERT_OK_AND_ASSIGN(PasswordHasher hasher,
                       PasswordHasher::Create(PasswordHasherOptions::ForTest()));
  ASSERT_OK_AND_ASSIGN(std::string hash, hasher.Hash("Correct-Horse-9!"));
  EXPECT_TRUE(hash.starts_with("$argon2id$"));
  EXPECT_OK(hasher.Verify(hash, "Correct-Horse-9!"));
  EXPECT_THAT(hasher.Verify(hash, "Correct-Horse-9?"), StatusIs(StatusCode::kUnauthenticated));
  EXPECT_THAT(hasher.Verify(hash, ""), StatusIs(StatusCode::kUnauthenticated));
}

TEST(PasswordHasherTest, SamePasswordHashesDifferently) {
  ASSERT_OK_AND_ASSIGN(PasswordHasher hasher,
                       PasswordHasher::Create(PasswordHasherOptions::ForTest()));
  ASSERT_OK_AND_ASSIGN(std::string first, hasher.Hash("pw"));
  ASSERT_OK_AND_ASSIGN(std::string second, hasher.Hash("pw"));
  EXPECT_NE(first, second);
}

TEST(PasswordHasherTest, PasswordsWithNulBytesAreNotTruncated) {
  ASSERT_OK_AND_ASSIGN(PasswordHasher hasher,
                       PasswordHasher::Create(PasswordHasherOptions::ForTest()));
  const std::string with_nul("ab\0cd", 5);
  ASSERT_OK_AND_ASSIGN(std::string hash, hasher.Hash(with_nul));
  EXPECT_OK(hasher.Verify(hash, with_nul));
  EXPECT_THAT(hasher.Verify(hash, "ab"), StatusIs(StatusCode::kUnauthenticated));
}

TEST(PasswordHasherTest, MalformedHashIsCorruption) {
  ASSERT_OK_AND_ASSIGN(PasswordHasher hasher,
                       PasswordHasher::Create(PasswordHasherOptions::ForTest()));
  EXPECT_THAT(hasher.Verify("plaintext", "plaintext"), StatusIs(StatusCode::kCorruption));
  EXPECT_THAT(hasher.Verify("$argon2id$garbage", "x"), StatusIs(StatusCode::kUnauthenticated));
}

TEST(PasswordHasherTest, NeedsRehashWhenParametersChange) {
  ASSERT_OK_AND_ASSIGN(PasswordHasher cheap,
                       PasswordHasher::Create(PasswordHasherOptions::ForTest()));
  PasswordHasherOptions stronger = PasswordHasherOptions::ForTest();
  stronger.opslimit = 2;
  ASSERT_OK_AND_ASSIGN(PasswordHasher strong, PasswordHasher::Create(stronger));
  ASSERT_OK_AND_ASSIGN(std::string hash, cheap.Hash("pw"));
  EXPECT_FALSE(cheap.NeedsRehash(hash));
  EXPECT_TRUE(strong.NeedsRehash(hash));
  EXPECT_OK(strong.Verify(hash, "pw"));  // Old hashes keep verifying.
  EXPECT_TRUE(strong.NeedsRehash("garbage"));
}

TEST(PasswordHasherTest, RejectsParametersOutsideLibsodiumLimits) {
  EXPECT_THAT(PasswordHasher::Create(PasswordHasherOptions{0, size_t{8} << 10}),
              StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(PasswordHasher::Create(PasswordHasherOptions{1, 16}),
              StatusIs(StatusCode::kInvalidArgument));
}

TEST(PasswordHasherTest, DummyVerifyRunsWithoutAUser) {
  ASSERT_OK_AND_ASSIGN(PasswordHasher hasher,
                       PasswordHasher::Create(PasswordHasherOptions::ForTest()));
  hasher.DummyVerify("anything");  // Must not crash; timing is covered by design.
}

TEST(PasswordHasherTest, DummyHashIsAWellFormedHashWithTheHashersParameters) {
  const PasswordHasherOptions options = PasswordHasherOptions::ForTest();
  ASSERT_OK_AND_ASSIGN(const PasswordHasher hasher, PasswordHasher::Create(options));
  const std::string dummy = MakeDummyHash(options);
  // Same parameters: verifying against it runs the full argon2id computation.
  EXPECT_FALSE(hasher.NeedsRehash(dummy));
  // Parsed and computed, and never matches.
  EXPECT_THAT(hasher.Verify(dummy, "anything"), StatusIs(StatusCode::kUnauthenticated));
  EXPECT_NE(MakeDummyHash(options), dummy);
}

}  // namespace
}  // namespace gloss::auth
