#include "data/store/page_token.h"

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "test/support/status_matchers.h"

namespace gloss::data::store {
namespace {

using ::gloss::testing::StatusIs;
using Json = nlohmann::json;

std::string Key() { return std::string(32, 'k'); }
std::string OtherKey() { return std::string(32, 'o'); }

Json Position() { return {{"pk", "todo#42"}, {"sk", 17}, {"text", "naïve \"quoted\""}}; }

void ExpectInvalid(const PageTokenCodec& codec, const std::string& token) {
  Result<Json> decoded = codec.Decode(token);
  ASSERT_THAT(decoded.status(), StatusIs(StatusCode::kInvalidArgument)) << token;
  EXPECT_EQ(decoded.status().message(), "Invalid pagination token");
}

TEST(DataStorePageTokenTest, RoundTrips) {
  const PageTokenCodec codec(Key());
  for (const Json& position : {Position(), Json(nullptr), Json::array({1, "a", true}), Json(7)}) {
    const std::string token = codec.Encode(position);
    EXPECT_EQ(token.find_first_not_of(
                  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_."),
              std::string::npos);
    ASSERT_OK_AND_ASSIGN(Json decoded, codec.Decode(token));
    EXPECT_EQ(decoded, position);
  }
}

TEST(DataStorePageTokenTest, RejectsTamperedPayload) {
  const PageTokenCodec codec(Key());
  const std::string token = codec.Encode(Position());
  const std::string other = codec.Encode(Json{{"pk", "todo#43"}});
  // Another valid payload with this token's MAC.
  ExpectInvalid(codec, other.substr(0, other.find('.')) + token.substr(token.find('.')));
  std::string flipped = token;
  flipped[2] = flipped[2] == 'A' ? 'B' : 'A';
  ExpectInvalid(codec, flipped);
}

TEST(DataStorePageTokenTest, RejectsTamperedMac) {
  const PageTokenCodec codec(Key());
  std::string token = codec.Encode(Position());
  token[token.size() - 3] = token[token.size() - 3] == 'A' ? 'B' : 'A';
  ExpectInvalid(codec, token);
}

TEST(DataStorePageTokenTest, RejectsTruncatedTokens) {
  const PageTokenCodec codec(Key());
  const std::string token = codec.Encode(Position());
  for (size_t size : {size_t{0}, size_t{1}, token.find('.'), token.find('.') + 1, token.size() - 1,
                      token.size() - 4}) {
    ExpectInvalid(codec, token.substr(0, size));
  }
}

TEST(DataStorePageTokenTest, RejectsOtherKey) {
  const PageTokenCodec codec(Key());
  const PageTokenCodec other(OtherKey());
  ExpectInvalid(other, codec.Encode(Position()));
}

TEST(DataStorePageTokenTest, RejectsGarbage) {
  const PageTokenCodec codec(Key());
  const std::string token = codec.Encode(Position());
  const std::vector<std::string> garbage_tokens = {"garbage",
                                                   "a.b",
                                                   "...",
                                                   "e30=.e30=",
                                                   "e30",
                                                   "🙂.🙂",
                                                   std::string("\0.\0", 3),
                                                   token + ".",
                                                   "." + token,
                                                   token + "=",
                                                   token + " "};
  for (const std::string& garbage : garbage_tokens) {
    ExpectInvalid(codec, garbage);
  }
}

TEST(DataStorePageTokenTest, RejectsOversizeTokens) {
  const PageTokenCodec codec(Key());
  const std::string big = codec.Encode(Json{{"pk", std::string(4000, 'x')}});
  EXPECT_GT(big.size(), PageTokenCodec::kMaxTokenSize);
  ExpectInvalid(codec, big);
  const std::string fits = codec.Encode(Json{{"pk", std::string(2900, 'x')}});
  EXPECT_LE(fits.size(), PageTokenCodec::kMaxTokenSize);
  EXPECT_OK(codec.Decode(fits).status());
}

TEST(DataStorePageTokenTest, EncodingIsDeterministic) {
  const PageTokenCodec codec(Key());
  EXPECT_EQ(codec.Encode(Position()), codec.Encode(Position()));
  EXPECT_NE(codec.Encode(Position()), PageTokenCodec(OtherKey()).Encode(Position()));
}

}  // namespace
}  // namespace gloss::data::store
