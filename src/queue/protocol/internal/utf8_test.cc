#include "queue/protocol/internal/utf8.h"

#include <string>

#include <gtest/gtest.h>

namespace gloss::queue::protocol::internal {
namespace {

TEST(Utf8Test, DecodesEachSequenceLength) {
  const std::string text = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80";  // a é € 😀
  size_t pos = 0;
  EXPECT_EQ(DecodeUtf8(text, pos), 0x61);
  EXPECT_EQ(DecodeUtf8(text, pos), 0xe9);
  EXPECT_EQ(DecodeUtf8(text, pos), 0x20ac);
  EXPECT_EQ(DecodeUtf8(text, pos), 0x1f600);
  EXPECT_EQ(pos, text.size());
}

TEST(Utf8Test, RefusesMalformedOverlongAndSurrogateSequences) {
  for (const std::string& text : {
           std::string("\x80"),              // Lone continuation byte.
           std::string("\xc3"),              // Truncated.
           std::string("\xc3\x28"),          // Bad continuation.
           std::string("\xc0\xaf"),          // Overlong '/'.
           std::string("\xe0\x80\xaf"),      // Overlong '/'.
           std::string("\xed\xa0\x80"),      // U+D800, a surrogate.
           std::string("\xf4\x90\x80\x80"),  // U+110000.
           std::string("\xf8\x88\x80\x80\x80"),
           std::string("\xff"),
       }) {
    size_t pos = 0;
    EXPECT_EQ(DecodeUtf8(text, pos), -1);
    EXPECT_EQ(pos, 0u);
    EXPECT_FALSE(IsValidUtf8(text));
  }
}

TEST(Utf8Test, AcceptsTheExtremes) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8(std::string("\0", 1)));
  EXPECT_TRUE(IsValidUtf8("\xed\x9f\xbf"));      // U+D7FF
  EXPECT_TRUE(IsValidUtf8("\xee\x80\x80"));      // U+E000
  EXPECT_TRUE(IsValidUtf8("\xf4\x8f\xbf\xbf"));  // U+10FFFF
}

}  // namespace
}  // namespace gloss::queue::protocol::internal
