#include "core/base64.h"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test/support/status_matchers.h"

namespace gloss {
namespace {

using ::gloss::testing::StatusIs;

TEST(Base64Test, EncodesRfc4648Vectors) {
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Encode("f"), "Zg==");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Encode("foo"), "Zm9v");
  EXPECT_EQ(Base64Encode("foob"), "Zm9vYg==");
  EXPECT_EQ(Base64Encode("fooba"), "Zm9vYmE=");
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(Base64Encode(std::string("\x01\x02\x03", 3)), "AQID");
  EXPECT_EQ(Base64Encode("\xff\xfe"), "//4=");
}

TEST(Base64Test, DecodesWhatItEncodes) {
  std::string bytes;
  for (int value = 0; value < 256; ++value) {
    bytes += static_cast<char>(value);
    ASSERT_OK_AND_ASSIGN(const std::string decoded, Base64Decode(Base64Encode(bytes)));
    EXPECT_EQ(decoded, bytes);
  }
}

TEST(Base64Test, DecodeRefusesMalformedText) {
  for (const char* text :
       {"Zg", "Zg=", "Z===", "====", "Zm9v!A==", "Zm 9v", "Zm9v\n", "-_8=", "Zg==Zg==", "=Zg="}) {
    EXPECT_THAT(Base64Decode(text), StatusIs(StatusCode::kInvalidArgument)) << text;
  }
}

TEST(Base64Test, DecodeIgnoresBitsPastTheLastByte) {
  ASSERT_OK_AND_ASSIGN(const std::string decoded, Base64Decode("Zh=="));
  EXPECT_EQ(decoded, "f");
}

TEST(Base64UrlTest, EncodesRfc4648VectorsWithoutPadding) {
  EXPECT_EQ(Base64UrlEncode(""), "");
  EXPECT_EQ(Base64UrlEncode("f"), "Zg");
  EXPECT_EQ(Base64UrlEncode("fo"), "Zm8");
  EXPECT_EQ(Base64UrlEncode("foo"), "Zm9v");
  EXPECT_EQ(Base64UrlEncode("foob"), "Zm9vYg");
  EXPECT_EQ(Base64UrlEncode("fooba"), "Zm9vYmE");
  EXPECT_EQ(Base64UrlEncode("foobar"), "Zm9vYmFy");
}

TEST(Base64UrlTest, UsesUrlSafeAlphabet) {
  EXPECT_EQ(Base64UrlEncode(std::string("\xfb\xff\xbf", 3)), "-_-_");
  ASSERT_OK_AND_ASSIGN(const std::string decoded, Base64UrlDecode("-_-_"));
  EXPECT_EQ(decoded, std::string("\xfb\xff\xbf", 3));
}

TEST(Base64UrlTest, DecodeRoundTripsEveryByteValue) {
  std::string bytes;
  for (int value = 0; value < 256; ++value) {
    bytes.push_back(static_cast<char>(value));
  }
  for (size_t length = 0; length <= bytes.size(); length += 37) {
    const std::string input = bytes.substr(0, length);
    ASSERT_OK_AND_ASSIGN(std::string decoded, Base64UrlDecode(Base64UrlEncode(input)));
    EXPECT_EQ(decoded, input);
  }
}

TEST(Base64UrlTest, DecodeRejectsPadding) {
  EXPECT_THAT(Base64UrlDecode("Zg=="), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(Base64UrlDecode("Zm8="), StatusIs(StatusCode::kInvalidArgument));
}

TEST(Base64UrlTest, DecodeRejectsCharactersOutsideUrlSafeAlphabet) {
  EXPECT_THAT(Base64UrlDecode("+/+/"), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(Base64UrlDecode("Zm9v Yg"), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(Base64UrlDecode("Zm9v\n"), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(Base64UrlDecode(std::string("Zm\0v", 4)), StatusIs(StatusCode::kInvalidArgument));
}

TEST(Base64UrlTest, DecodeRejectsImpossibleLength) {
  EXPECT_THAT(Base64UrlDecode("Z"), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(Base64UrlDecode("Zm9vY"), StatusIs(StatusCode::kInvalidArgument));
}

TEST(Base64UrlTest, DecodeRejectsNonCanonicalTrailingBits) {
  // "Zg" is the canonical encoding of "f"; "Zh" differs only in unused bits.
  EXPECT_THAT(Base64UrlDecode("Zh"), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(Base64UrlDecode("Zm9"), StatusIs(StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace gloss
