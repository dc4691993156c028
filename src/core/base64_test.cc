#include "core/base64.h"

#include <string>

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

}  // namespace
}  // namespace gloss
