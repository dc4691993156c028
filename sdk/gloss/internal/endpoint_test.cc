#include "gloss/internal/endpoint.h"

#include <gtest/gtest.h>

#include "test/support/status_matchers.h"

namespace gloss::sdk {
namespace {

using ::gloss::testing::StatusIs;

TEST(ParseEndpointTest, HostPortAndBasePath) {
  ASSERT_OK_AND_ASSIGN(Endpoint plain, ParseEndpoint("http://127.0.0.1:4000"));
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

TEST(ParseEndpointTest, RejectsWhatItCannotServe) {
  for (const char* url :
       {"", "https://s3.amazonaws.com", "127.0.0.1:4000", "http://", "http://h:0", "http://h:65536",
        "http://h:12x", "http://h/?q=1", "http://user@h", "http://[::1"}) {
    EXPECT_THAT(ParseEndpoint(url), StatusIs(StatusCode::kInvalidArgument)) << url;
  }
}

}  // namespace
}  // namespace gloss::sdk
