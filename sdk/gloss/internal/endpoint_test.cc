#include "gloss/internal/endpoint.h"

#include <gtest/gtest.h>

#include "test/support/status_matchers.h"

namespace gloss::sdk {
namespace {

using ::gloss::testing::StatusIs;

TEST(ParseEndpointTest, HostPortAndBasePath) {
  ASSERT_OK_AND_ASSIGN(Endpoint plain, ParseEndpoint("http://127.0.0.1:4000"));
  EXPECT_FALSE(plain.tls);
  EXPECT_EQ(plain.host, "127.0.0.1");
  EXPECT_EQ(plain.port, 4000);
  EXPECT_EQ(plain.base_path, "");
  ASSERT_OK_AND_ASSIGN(Endpoint based, ParseEndpoint("http://localhost/api/v1/"));
  EXPECT_EQ(based.host, "localhost");
  EXPECT_EQ(based.port, 80);
  EXPECT_EQ(based.base_path, "/api/v1");
  ASSERT_OK_AND_ASSIGN(Endpoint ipv6, ParseEndpoint("http://[::1]:9000/"));
  EXPECT_EQ(ipv6.host, "::1");
  EXPECT_EQ(ipv6.port, 9000);
}

TEST(ParseEndpointTest, HttpsDefaultsToPort443) {
  ASSERT_OK_AND_ASSIGN(Endpoint bedrock,
                       ParseEndpoint("https://bedrock-runtime.eu-west-1.amazonaws.com"));
  EXPECT_TRUE(bedrock.tls);
  EXPECT_EQ(bedrock.host, "bedrock-runtime.eu-west-1.amazonaws.com");
  EXPECT_EQ(bedrock.port, 443);
  EXPECT_EQ(bedrock.base_path, "");
  ASSERT_OK_AND_ASSIGN(Endpoint openai, ParseEndpoint("https://api.openai.com/v1"));
  EXPECT_TRUE(openai.tls);
  EXPECT_EQ(openai.port, 443);
  EXPECT_EQ(openai.base_path, "/v1");
  ASSERT_OK_AND_ASSIGN(Endpoint ported, ParseEndpoint("https://[::1]:8443/"));
  EXPECT_TRUE(ported.tls);
  EXPECT_EQ(ported.host, "::1");
  EXPECT_EQ(ported.port, 8443);
}

TEST(ParseEndpointTest, RejectsWhatItCannotServe) {
  for (const char* url : {"",
                          "ftp://h",
                          "127.0.0.1:4000",
                          "http://",
                          "https://",
                          "https:/h",
                          "httpss://h",
                          "http://h:0",
                          "http://h:65536",
                          "https://h:12x",
                          "http://h/?q=1",
                          "https://h#f",
                          "http://user@h",
                          "https://[::1",
                          "http://[]:80",
                          "http://[h]/",
                          "http://h\r\nX-Injected: 1",
                          "http://h h",
                          "http://h/a b",
                          "http://h/\x01",
                          "http://:80"}) {
    EXPECT_THAT(ParseEndpoint(url), StatusIs(StatusCode::kInvalidArgument)) << url;
  }
}

}  // namespace
}  // namespace gloss::sdk
