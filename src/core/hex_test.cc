#include "core/hex.h"

#include <map>
#include <string_view>

#include <gtest/gtest.h>

#include "core/random.h"
#include "test/support/status_matchers.h"

namespace gloss {
namespace {

using ::gloss::testing::StatusIs;

TEST(HexTest, EncodesEveryByteAsTwoLowerCaseDigits) {
  EXPECT_EQ(HexEncode(std::string("\x00\x0f\xa0\xff", 4)), "000fa0ff");
  EXPECT_EQ(HexEncode(""), "");
}

TEST(HexTest, DigitValuesInEitherCase) {
  EXPECT_EQ(HexDigitValue('0'), 0);
  EXPECT_EQ(HexDigitValue('9'), 9);
  EXPECT_EQ(HexDigitValue('a'), 10);
  EXPECT_EQ(HexDigitValue('F'), 15);
  EXPECT_EQ(HexDigitValue('g'), -1);
  EXPECT_EQ(HexDigitValue('%'), -1);
}

TEST(HexTest, DecodeInvertsEncodeAndRejectsBadText) {
  ASSERT_OK_AND_ASSIGN(const std::string bytes, HexDecode("000fA0ff"));
  EXPECT_EQ(bytes, std::string("\x00\x0f\xa0\xff", 4));
  EXPECT_THAT(HexDecode("abc"), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(HexDecode("zz"), StatusIs(StatusCode::kInvalidArgument));
}

TEST(HexTest, FormatUuidV4SetsVersionAndVariant) {
  EXPECT_EQ(FormatUuidV4(std::string(16, '\xff')), "ffffffff-ffff-4fff-bfff-ffffffffffff");
  EXPECT_EQ(FormatUuidV4(std::string(16, '\0')), "00000000-0000-4000-8000-000000000000");
}

TEST(RandomUuidTest, IsAVersion4UuidInLowerCase) {
  const std::string uuid = RandomUuid();
  ASSERT_EQ(uuid.size(), 36u);
  EXPECT_EQ(uuid[14], '4');
  EXPECT_NE(std::string("89ab").find(uuid[19]), std::string::npos);
  for (const size_t dash : {8u, 13u, 18u, 23u}) {
    EXPECT_EQ(uuid[dash], '-');
  }
  EXPECT_NE(RandomUuid(), uuid);
}

TEST(RandomStringTest, DrawsEveryCharacterOfTheAlphabetAndNothingElse) {
  for (const std::string_view alphabet : {kUpperAlphanumeric, kBase62, std::string_view("ab")}) {
    const std::string text = RandomString(5000, alphabet);
    ASSERT_EQ(text.size(), 5000u);
    std::map<char, int> counts;
    for (const char ch : text) {
      ASSERT_NE(alphabet.find(ch), std::string_view::npos) << ch;
      ++counts[ch];
    }
    // 5000 draws over at most 62 characters: each appears (~80 expected).
    EXPECT_EQ(counts.size(), alphabet.size());
  }
  EXPECT_EQ(RandomString(0, kBase62), "");
  EXPECT_NE(RandomString(32, kBase62), RandomString(32, kBase62));
}

}  // namespace
}  // namespace gloss
